import type { Node } from 'jsonc-parser';
import { valueOf } from '../policy';
import type { Rule } from './rule';

const ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal'];

const isEmpty = (node: Node) =>
  (node.type === 'string' && node.value === '') || ((node.type === 'array' || node.type === 'object') && (node.children ?? []).length === 0);

/**
 * `empty-value`: an empty `Statement`, or an empty string, array or object as the value (or an
 * array item) of `Action`, `Resource`, `Principal` and their Not forms. IAM rejects these.
 */
export const emptyValue: Rule = {
  code: 'empty-value',
  defaultSeverity: 'error',
  description: 'An element has an empty value ("", [] or {}).',
  example: {
    bad: '{ "Effect": "Allow", "Action": [], "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*" }',
  },
  check({ policy }, report) {
    const statementValue = valueOf(policy.statementProperty);
    if (statementValue && isEmpty(statementValue)) report(statementValue, 'The Statement is empty.');
    for (const statement of policy.statements) {
      for (const name of ELEMENTS) {
        const value = valueOf(statement.properties.get(name));
        if (!value) continue;
        if (isEmpty(value)) {
          report(value, `"${name}" is empty.`);
        } else if (value.type === 'array') {
          for (const item of value.children ?? []) if (isEmpty(item)) report(item, `Empty item in "${name}".`);
        } else if (value.type === 'object') {
          // Principal maps: {"AWS": []} or {"AWS": ""}
          for (const property of value.children ?? []) {
            const inner = valueOf(property);
            if (inner && isEmpty(inner)) report(inner, `"${String(property.children?.[0]?.value)}" in "${name}" is empty.`);
          }
        }
      }
    }
  },
};
