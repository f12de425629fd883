import { allConditionEntries } from '../semantics/conditionItems';
import { replaceStringValue } from '../util/edits';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

/** Epoch seconds: what IAM also takes under a Date operator, besides ISO 8601. */
const EPOCH = /^\d{1,12}$/;

/** The ISO 8601 text of epoch seconds (UTC, without milliseconds). */
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

/**
 * `date-not-iso`: a Date condition value written as epoch seconds (`1735689600`). IAM reads it,
 * but a number says nothing to a reviewer and is easy to get wrong by a factor of 1,000
 * (milliseconds); Access Analyzer suggests ISO 8601 (INVALID_DATE_VALUE). The fix writes the same
 * instant in ISO 8601, UTC.
 */
export const dateNotIso: Rule<{ iso: string }> = {
  code: 'date-not-iso',
  defaultSeverity: 'information',
  description: 'A Date condition value is written as epoch seconds: IAM reads it, but an ISO 8601 date (2025-01-01T00:00:00Z) says what it means.',
  example: {
    bad: '"Condition": { "DateLessThan": { "aws:CurrentTime": "1735689600" } }',
    good: '"Condition": { "DateLessThan": { "aws:CurrentTime": "2025-01-01T00:00:00Z" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (entry.parsed?.base.family !== 'Date') continue;
      for (const value of entry.values) {
        if (!EPOCH.test(value.text)) continue;
        const iso = isoOf(Number(value.text));
        // A number of milliseconds read as seconds lands tens of thousands of years away.
        const hint = Number(value.text) > 1e11 ? ' It looks like milliseconds: IAM reads seconds.' : '';
        report(value.node, `'${value.text}' is epoch seconds, ${iso}: write the date in ISO 8601 so a reader sees it.${hint}`, { iso });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const iso = diagnostic.data?.iso;
    if (!target || typeof iso !== 'string' || (target.type !== 'string' && target.type !== 'number')) return [];
    // A JSON number becomes a string: replace the whole token.
    const edit = target.type === 'string' ? replaceStringValue(document, target, iso) : { range: { start: document.positionAt(target.offset), end: document.positionAt(target.offset + target.length) }, newText: JSON.stringify(iso) };
    return [quickFix(`Write it as '${iso}'`, document, [edit], diagnostic, true)];
  },
};
