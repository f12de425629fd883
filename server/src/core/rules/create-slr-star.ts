import { broadGrant, effectOf, globCovers } from '../semantics/actionPatterns';
import { hasConditionKey } from '../semantics/conditionItems';
import { grantsPermissions } from '../semantics/policyKinds';
import { coversEveryResource } from '../semantics/resourcePatterns';
import type { Rule } from './rule';

const CREATE_SLR = 'iam:CreateServiceLinkedRole';

/**
 * The reference types the action's resource as any role, but service-linked roles always live
 * under the `/aws-service-role/` path: a pattern over that path reaches every role the action can create.
 */
const SERVICE_LINKED_ROLES = ['arn:${Partition}:iam::${Account}:role/aws-service-role/${RoleNameWithPath}'];

/**
 * `create-slr-star`: Allow `iam:CreateServiceLinkedRole` on `"Resource": "*"` (or through a
 * `NotAction` that does not exclude it, or with `NotResource`) and no `iam:AWSServiceName`
 * condition: the principal can create the service-linked role of any service, and so turn on
 * what that service may then do in the account (Access Analyzer's "Create SLR" warnings). A
 * pattern over every service-linked role (`arn:aws:iam::*:role/aws-service-role/*`,
 * `arn:aws:iam::*:role/*`) counts as `"*"`.
 * `Action: "*"` is left to `full-admin`/`action-star`, and `iam:*` to `service-wildcard`.
 */
export const createSlrStar: Rule = {
  code: 'create-slr-star',
  defaultSeverity: 'warning',
  description: 'Allow iam:CreateServiceLinkedRole on every resource without an iam:AWSServiceName condition lets the principal create any service-linked role.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": { "StringEquals": { "iam:AWSServiceName": "ecs.amazonaws.com" } } }',
  },
  check({ policy, catalog }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      if (effectOf(statement) !== 'Allow') continue;
      // A service-name condition names the services.
      if (hasConditionKey(statement, ['iam:AWSServiceName'])) continue;
      const broad = broadGrant(statement, CREATE_SLR);
      if (broad) {
        report(broad.node, broad.how === 'NotAction' ? 'This NotAction does not exclude iam:CreateServiceLinkedRole: the statement lets the principal create the service-linked role of any service.' : 'iam:CreateServiceLinkedRole with NotResource lets the principal create the service-linked role of any service but those listed.');
        continue;
      }
      // A whole-service `iam:*` is service-wildcard's (and passrole-star's) finding already.
      const item = statement.action?.items.find((i) => i.value !== '*' && !/^[^:]*:\*$/.test(i.value) && globCovers(i.value, CREATE_SLR));
      const star = item && statement.resource?.items.find((r) => coversEveryResource(catalog, CREATE_SLR, r.value, SERVICE_LINKED_ROLES));
      if (!item || !star) continue;
      const on = star.value === '*' ? '"Resource": "*"' : `'${star.value}' (every service-linked role)`;
      report(item.node, `'${item.value}' on ${on} lets the principal create the service-linked role of any service; limit it with an iam:AWSServiceName condition or name the role's ARN.`);
    }
  },
};
