import { passRoleAction } from '../data/privilegeEscalation';
import { broadGrant, effectOf, globCovers } from '../semantics/actionPatterns';
import { hasConditionKey } from '../semantics/conditionItems';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';
import { coversEveryResource } from '../semantics/resourcePatterns';

/**
 * `passrole-star`: Allow `iam:PassRole` (or a wildcard covering it) on `"Resource": "*"`: the
 * principal can hand any role in the account, administrator roles included, to a service it
 * controls. A pattern that matches every role as `"*"` does (`arn:aws:iam::*:role/*`,
 * `arn:aws:iam::*:*`) counts as `"*"`; one account's roles (`arn:aws:iam::111122223333:role/*`)
 * do not. `Action: "*"` on `"*"` is left to `full-admin`/`action-star`. Reached another way, as
 * Access Analyzer's dedicated warnings have it: a `NotAction` that does not exclude it (on `*`
 * or with `NotResource`), or the action with `NotResource` (every role but those named).
 */
export const passroleStar: Rule = {
  code: 'passrole-star',
  defaultSeverity: 'warning',
  description: 'Allow iam:PassRole on Resource "*" (or a pattern matching every role), or through NotAction or NotResource, lets the principal pass any role to a service.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*" }',
  },
  check({ policy, catalog }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      if (effectOf(statement) !== 'Allow') continue;
      const broad = broadGrant(statement, passRoleAction, (pattern) => coversEveryResource(catalog, passRoleAction, pattern));
      if (broad) {
        report(broad.node, broad.how === 'NotAction' ? `This NotAction does not exclude iam:PassRole, so the statement allows passing ${broad.roles}, administrator roles included.` : `iam:PassRole with NotResource allows passing every role but those listed, administrator roles included; name the roles in Resource instead.`);
        continue;
      }
      // The actions first: most statements have nothing to do with iam:PassRole, and they are cheap to ask.
      if (!statement.action?.items.some((i) => globCovers(i.value, passRoleAction))) continue;
      const star = statement.resource?.items.find((r) => coversEveryResource(catalog, passRoleAction, r.value));
      if (!star) continue;
      // `Action: "*"` on `"*"` is full-admin's finding; on a pattern of every role, only this one says it.
      const item = statement.action?.items.find((i) => (i.value !== '*' || star.value !== '*') && globCovers(i.value, passRoleAction));
      if (!item) continue;
      const limited = hasConditionKey(statement, ['iam:PassedToService']);
      const hint = limited ? ' iam:PassedToService limits the services, not the roles.' : '';
      const on = star.value === '*' ? '"Resource": "*"' : `'${star.value}' (every role)`;
      report(item.node, `'${item.value}' on ${on} allows passing any role, administrator roles included; name the roles.${hint}`, undefined, {
        related: [{ target: star.node, message: star.value === '*' ? '"Resource": "*"' : `'${star.value}' matches every role` }],
      });
    }
  },
};

