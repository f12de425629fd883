import { conditionEntries, conditionOperators } from './conditionItems';
import type { Rule } from './rule';

/**
 * `empty-condition`: an empty `Condition` or operator block (`{}`), which tests nothing, and a
 * condition key with an empty array of values, which compares the request with nothing.
 * Probably a value lost in templating; the statement then applies more (or less) widely than
 * meant. Empty strings are left alone: `"s3:prefix": ""` is the documented bucket root.
 */
export const emptyCondition: Rule = {
  code: 'empty-condition',
  defaultSeverity: 'warning',
  description: 'A Condition or operator block is empty ({}), so it restricts nothing, or a condition key has no values ([]).',
  example: {
    bad: '"Condition": { "StringEquals": {} }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const condition = statement.condition;
      if (condition?.type === 'object' && (condition.children ?? []).length === 0) {
        report(condition, 'The Condition is empty, so it restricts nothing. Add a condition or remove the element.');
        continue;
      }
      for (const op of conditionOperators(statement)) {
        if (op.value?.type === 'object' && (op.value.children ?? []).length === 0) {
          report(op.value, `'${op.name}' has no condition keys, so it restricts nothing. Add a key or remove the operator.`);
        }
      }
      for (const entry of conditionEntries(statement)) {
        if (entry.valueNode?.type === 'array' && (entry.valueNode.children ?? []).length === 0) {
          report(entry.valueNode, `'${entry.key}' has no values to compare with. Add the values or remove the key.`);
        }
      }
    }
  },
};
