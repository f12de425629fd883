import type { Rule } from './rule';
import { allowWithNot } from '../semantics/policyKinds';

/**
 * `allow-not-resource`: Allow with NotResource grants the actions on every resource except those listed. With Deny the same element is normal and not reported.
 */
export const allowNotResource: Rule = {
  code: 'allow-not-resource',
  defaultSeverity: 'warning',
  description: 'Allow with NotResource grants the actions on every resource except those listed.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*" }',
  },
  check: allowWithNot('NotResource', 'Allow with NotResource grants the actions on every resource except those listed, including ones created later; prefer listing the resources.'),
};
