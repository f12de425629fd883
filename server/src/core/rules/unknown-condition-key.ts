import { renameKey } from '../edits/conditionEdits';
import { conditionEntries, conditionEntryAt } from '../semantics/conditionItems';
import { conditionKeyProblem, missingKeyPartMessage } from '../semantics/conditionKeys';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

interface Data {
  readonly suggestions: readonly string[];
}

/** Unknown keys per document that get a did-you-mean. */
const MAX_SUGGESTED = 200;

/**
 * `unknown-condition-key`: an `aws:` key that is not a global condition key, or a key with
 * the prefix of a known service that the service does not define, including a key family
 * without its variable part (`aws:ResourceTag/` with no tag key). Such a condition never
 * matches: in an Allow nothing is granted, in a Deny nothing is denied.
 */
export const unknownConditionKey: Rule<Data> = {
  code: 'unknown-condition-key',
  defaultSeverity: 'warning',
  description: 'The condition key is not a global key nor a key of its service, so the condition never matches as intended.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SorceIp": "203.0.113.0/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy, catalog }, report) {
    // A did-you-mean compares the key with each of its service's keys: worth it for the first
    // findings, not for each of 100,000 generated keys (that took 12 s on a 3 MB document).
    let suggested = 0;
    // Statement by statement: a flattened copy of 170,000 entries cost more than judging them.
    for (const statement of policy.statements) {
      for (const entry of conditionEntries(statement)) {
        if (!entry.key.includes(':')) {
          report(entry.keyNode, `'${entry.key}' is not a condition key: keys have the form 'prefix:name', such as 'aws:SourceIp'.`, { suggestions: [] });
          continue;
        }
        const problem = conditionKeyProblem(catalog, entry.key, suggested < MAX_SUGGESTED);
        if (!problem) continue;
        if ('missing' in problem) {
          report(entry.keyNode, `${missingKeyPartMessage(entry.key, problem.missing)}: as written, no request carries the key.`, { suggestions: [] });
          continue;
        }
        const { suggestions } = problem;
        suggested++;
        const prefix = entry.key.slice(0, entry.key.indexOf(':'));
        const where = prefix.toLowerCase() === 'aws' ? 'global condition key' : `condition key of ${catalog.serviceName(prefix.toLowerCase()) ?? prefix}`;
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(entry.keyNode, `'${entry.key}' is not a ${where}.${hint}`, { suggestions });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const entry = conditionEntryAt(policy, offset);
    if (!entry) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const suggestions: unknown = (diagnostic.data as Partial<Data> | null)?.suggestions;
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '${s}'?`, document, [renameKey(document, entry.keyNode, s)], diagnostic, i === 0),
    );
  },
};
