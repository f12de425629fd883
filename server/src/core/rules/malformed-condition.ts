import type { Node } from 'jsonc-parser';
import { conditionEntries, conditionOperators } from './conditionItems';
import type { Rule } from './rule';

const KINDS: Record<string, string> = { null: 'null', object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' };
const kind = (node: Node) => KINDS[node.type] ?? node.type;
/** JSON types IAM accepts as a condition value (alone or as array items). */
const SCALARS = new Set(['string', 'number', 'boolean']);
const ACCEPTED = 'IAM accepts a string, number or boolean, or an array of them';

/**
 * `malformed-condition`: a Condition that is not `{"operator": {"key": value}}`: the element or
 * an operator's block is not an object, or a value is null, an object or a nested array.
 * IAM rejects the policy (MalformedPolicyDocument). Empty blocks are `empty-condition`.
 */
export const malformedCondition: Rule = {
  code: 'malformed-condition',
  defaultSeverity: 'error',
  description: 'The Condition is not shaped {"operator": {"key": value}}, or a value is null, an object or a nested array.',
  example: {
    bad: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": null } }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const condition = statement.condition;
      if (!condition) continue;
      if (condition.type !== 'object') {
        report(condition, `The Condition cannot be ${kind(condition)}: it maps operators to blocks of keys, e.g. {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}.`);
        continue;
      }
      for (const op of conditionOperators(statement)) {
        if (op.value && op.value.type !== 'object') {
          report(op.value, `'${op.name}' cannot be ${kind(op.value)}: it maps condition keys to values, e.g. {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}.`);
        }
      }
      for (const entry of conditionEntries(statement)) {
        const value = entry.valueNode;
        if (!value || SCALARS.has(value.type)) continue;
        if (value.type !== 'array') {
          report(value, `The value of '${entry.key}' cannot be ${kind(value)}: ${ACCEPTED}.`);
          continue;
        }
        for (const item of value.children ?? []) {
          if (!SCALARS.has(item.type)) report(item, `A value of '${entry.key}' cannot be ${kind(item)}: ${ACCEPTED}.`);
        }
      }
    }
  },
};
