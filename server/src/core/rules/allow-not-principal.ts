import type { Rule } from './rule';
import { allowWithNot } from '../semantics/policyKinds';

/**
 * `allow-not-principal`: Allow with NotPrincipal grants access to everyone except the listed principals. With Deny the same element is normal and not reported.
 */
export const allowNotPrincipal: Rule = {
  code: 'allow-not-principal',
  defaultSeverity: 'warning',
  description: 'Allow with NotPrincipal grants access to everyone except the listed principals.',
  example: {
    bad: '{ "Effect": "Allow", "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check: allowWithNot('NotPrincipal', 'Allow with NotPrincipal grants access to every principal except those listed, anonymous users included; AWS advises against it.'),
};
