import type { Rule } from './rule';
import { allowWithNot } from '../semantics/policyKinds';

/**
 * `allow-not-action`: Allow with NotAction grants every action except those listed, including actions of services added later. With Deny the same element is normal and not reported.
 */
export const allowNotAction: Rule = {
  code: 'allow-not-action',
  defaultSeverity: 'warning',
  description: 'Allow with NotAction grants every action except those listed, including actions of services added later.',
  example: {
    bad: '{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*"], "Resource": "*" }',
  },
  check: allowWithNot('NotAction', 'Allow with NotAction grants every action except those listed, now and in future; prefer listing the actions, or pair NotAction with Deny.'),
};
