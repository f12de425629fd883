import { mutuallyExclusiveElements } from '../data/elementDocs';
import type { Rule } from './rule';

/** `element-conflict`: `Action`+`NotAction`, `Resource`+`NotResource` or `Principal`+`NotPrincipal` in one statement. */
export const elementConflict: Rule = {
  code: 'element-conflict',
  defaultSeverity: 'error',
  description: 'A statement has both an element and its Not form (Action and NotAction, ...).',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:*", "NotAction": "s3:DeleteBucket", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const [a, b] of mutuallyExclusiveElements) {
        const first = statement.properties.get(a);
        const second = statement.properties.get(b);
        if (!first || !second) continue;
        const later = first.offset > second.offset ? first : second;
        const earlier = later === first ? second : first;
        report(later.children?.[0] ?? later, `"${a}" and "${b}" cannot both appear in one statement.`, undefined, {
          related: [{ target: earlier.children?.[0] ?? earlier, message: `"${String(earlier.children?.[0]?.value)}" is here` }],
        });
      }
    }
  },
};
