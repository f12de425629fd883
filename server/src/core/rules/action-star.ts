import { effectOf, starResource } from '../semantics/actionPatterns';
import type { Rule } from './rule';
import { delegatesToAccessPoints, grantsPermissions } from '../semantics/policyKinds';

/**
 * `action-star`: `"Action": "*"` in an Allow statement: every action of every service, now
 * and in future. When the resource is `*` too, `full-admin` reports it instead. A bucket
 * policy that delegates to access points (`s3:DataAccessPointAccount`) is left alone.
 */
export const actionStar: Rule = {
  code: 'action-star',
  defaultSeverity: 'warning',
  description: 'Allow with Action "*" grants every action of every service.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      if (effectOf(statement) !== 'Allow' || starResource(statement) || delegatesToAccessPoints(policy, statement)) continue;
      for (const item of statement.action?.items ?? []) {
        if (item.value === '*' || item.value === '*:*') report(item.node, `"Action": "${item.value}" allows every action of every service on these resources.`);
      }
    }
  },
};
