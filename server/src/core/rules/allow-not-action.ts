import { effectOf } from './glob';
import type { Rule } from './rule';
import { grantsPermissions } from './policyKinds';

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
  check({ policy }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      const property = statement.properties.get('NotAction');
      if (!property || effectOf(statement) !== 'Allow') continue;
      report(property.children?.[0] ?? property, 'Allow with NotAction grants every action except those listed, now and in future; prefer listing the actions, or pair NotAction with Deny.');
    }
  },
};
