import { jsonKind, valueOf } from '../policy';
import { hasUnknown } from '../semantics/unknown';
import type { Rule } from './rule';

/**
 * `invalid-statement`: `Statement` must be one statement object or an array of them. IAM
 * rejects a string, a number or an array item that is not an object, and nothing in such a
 * value would be checked here either.
 */
export const invalidStatement: Rule = {
  code: 'invalid-statement',
  defaultSeverity: 'error',
  description: 'Statement is not a statement object or an array of statement objects.',
  example: {
    bad: '{ "Version": "2012-10-17", "Statement": "Allow s3:GetObject on *" }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    const value = valueOf(policy.statementProperty);
    if (!value || value.type === 'object') return;
    // A value the host computes is not checked; an empty one is empty-value's.
    const computed = (v: typeof value) => v.type === 'string' && (hasUnknown(String(v.value)) || v.value === '');
    if (value.type !== 'array') {
      if (!computed(value)) report(value, `Statement must be a statement object or an array of them, not ${jsonKind(value)}.`);
      return;
    }
    for (const item of value.children ?? []) {
      if (item.type !== 'object' && !computed(item)) report(item, `Each item of Statement must be a statement object, not ${jsonKind(item)}.`);
    }
  },
};
