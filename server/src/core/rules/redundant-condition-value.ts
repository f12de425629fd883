import { DiagnosticTag } from 'vscode-languageserver-types';
import { removeArrayElement } from '../edits/jsonEdits';
import { allConditionEntries } from '../semantics/conditionItems';
import { quickFix } from '../util/edits';
import { type Rule, stringTarget } from './rule';

/** A number as IAM reads one in a Numeric condition, or undefined. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const numberOf = (text: string) => (NUMBER.test(text.trim()) ? Number(text) : undefined);

/**
 * `redundant-condition-value`: a value of a Numeric bound that another value of the same key
 * makes pointless. The values of one key are ORed, so `NumericLessThan` with 5 and 10 holds
 * for everything below 10: 5 adds nothing (Access Analyzer's REDUNDANT_CONDITION_VALUE_NUM).
 * Negated operators and set operators are left alone; the fix removes the value.
 */
export const redundantConditionValue: Rule = {
  code: 'redundant-condition-value',
  defaultSeverity: 'hint',
  description: 'A value of a NumericLessThan/GreaterThan(Equals) condition is implied by another value of the same key (the values are ORed), so it adds nothing.',
  example: {
    bad: '"Condition": { "NumericLessThanEquals": { "s3:max-keys": ["10", "100"] } }',
    good: '"Condition": { "NumericLessThanEquals": { "s3:max-keys": "100" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const name = entry.parsed?.base.name;
      if (!entry.parsed || entry.parsed.prefix || entry.values.length < 2) continue;
      const below = name === 'NumericLessThan' || name === 'NumericLessThanEquals';
      const above = name === 'NumericGreaterThan' || name === 'NumericGreaterThanEquals';
      if (!below && !above) continue;
      const numbers = entry.values.map((v) => ({ value: v, n: numberOf(v.text) }));
      if (numbers.some((x) => x.n === undefined)) continue;
      // The widest bound holds wherever any other does.
      const widest = numbers.reduce((best, x) => ((below ? x.n! > best.n! : x.n! < best.n!) ? x : best));
      for (const x of numbers) {
        if (x === widest) continue;
        report(x.value.node, `'${x.value.text}' adds nothing: ${entry.operator} ${widest.value.text} already holds for every value it does (the values of '${entry.key}' are ORed).`, undefined, { tags: [DiagnosticTag.Unnecessary] });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = target && (stringTarget(target) ?? (target.type === 'number' ? target : undefined));
    const edit = node && removeArrayElement(document, node);
    return edit ? [quickFix(`Remove the redundant value`, document, [edit], diagnostic, true)] : [];
  },
};
