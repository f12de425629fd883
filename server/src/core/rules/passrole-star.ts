import { passRoleAction } from '../data/privilegeEscalation';
import { propertiesOf } from '../policy';
import { effectOf, globCovers, starResource } from '../semantics/actionPatterns';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';

/**
 * `passrole-star`: Allow `iam:PassRole` (or a wildcard covering it) on `"Resource": "*"`: the
 * principal can hand any role in the account, administrator roles included, to a service it
 * controls. `Action: "*"` is left to `full-admin`/`action-star`.
 */
export const passroleStar: Rule = {
  code: 'passrole-star',
  defaultSeverity: 'warning',
  description: 'Allow iam:PassRole on Resource "*" lets the principal pass any role to a service.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*" }',
  },
  check({ policy }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      const star = starResource(statement);
      if (!star || effectOf(statement) !== 'Allow') continue;
      const item = statement.action?.items.find((i) => i.value !== '*' && globCovers(i.value, passRoleAction));
      if (!item) continue;
      // Condition: { operator: { key: value } }
      const keys = [...propertiesOf(statement.condition).values()].flatMap((p) => [...propertiesOf(p.children?.[1]).keys()]);
      const limited = keys.some((k) => k.toLowerCase() === 'iam:passedtoservice');
      const hint = limited ? ' iam:PassedToService limits the services, not the roles.' : '';
      report(item.node, `'${item.value}' on "Resource": "*" allows passing any role, administrator roles included; name the roles.${hint}`, undefined, {
        related: [{ target: star.node, message: '"Resource": "*"' }],
      });
    }
  },
};

