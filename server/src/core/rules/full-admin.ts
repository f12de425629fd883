import { effectOf, starResource } from '../semantics/actionPatterns';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';

/** `full-admin`: Allow `*` on `*`: administrator access. Reported on the action, linked to the resource. */
export const fullAdmin: Rule = {
  code: 'full-admin',
  defaultSeverity: 'warning',
  description: 'Allow Action "*" on Resource "*" grants full administrator access.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "*", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      const star = starResource(statement);
      if (effectOf(statement) !== 'Allow' || !star) continue;
      const action = statement.action?.items.find((i) => i.value === '*' || i.value === '*:*');
      if (!action) continue;
      const conditional = statement.condition ? ' (subject to its Condition)' : '';
      report(action.node, `Allows every action on every resource${conditional}: full administrator access.`, undefined, {
        related: [{ target: star.node, message: '"Resource": "*"' }],
      });
    }
  },
};
