import { broadGrant, effectOf, globCovers } from '../semantics/actionPatterns';
import { type ConditionEntry, conditionEntries } from '../semantics/conditionItems';
import { grantsPermissions } from '../semantics/policyKinds';
import { coversEveryResource } from '../semantics/resourcePatterns';
import type { Rule } from './rule';

const CREATE_SLR = 'iam:CreateServiceLinkedRole';

/**
 * The reference types the action's resource as any role, but service-linked roles always live
 * under the `/aws-service-role/` path: a pattern over that path reaches every role the action can create.
 */
const SERVICE_LINKED_ROLES = ['arn:${Partition}:iam::${Account}:role/aws-service-role/${RoleNameWithPath}'];

/** A pattern that matches any service: wildcards alone, or before the common suffix (`*`, `*.amazonaws.com`). */
const ANY_SERVICE = /^(?=.*[*?])[*?.]*(amazonaws\.com(\.cn)?)?$/i;

/**
 * A condition that limits `iam:AWSServiceName` to the services it names: a positive string
 * comparison that fails without the key (no `...IfExists`, no `ForAllValues:`), with values, none
 * of which matches any service under `StringLike`. `StringNotEquals`, `Null` or `StringLike "*"`
 * leave every service (or all but a few) open.
 */
function namesServices(entry: ConditionEntry): boolean {
  const parsed = entry.parsed;
  if (!parsed || parsed.ifExists || parsed.prefix === 'ForAllValues' || entry.key.toLowerCase() !== 'iam:awsservicename') return false;
  const base = parsed.base.name;
  if (base !== 'StringEquals' && base !== 'StringLike' && base !== 'StringEqualsIgnoreCase') return false;
  if (entry.values.length === 0) {
    // Only values the host computes: some service names (unknown, not wrong).
    const node = entry.valueNode;
    return node?.type === 'string' || (node?.type === 'array' && (node.children ?? []).some((c) => c.type === 'string'));
  }
  return base !== 'StringLike' || !entry.values.some((v) => ANY_SERVICE.test(v.text));
}

/**
 * `create-slr-star`: Allow `iam:CreateServiceLinkedRole` on `"Resource": "*"` (or through a
 * `NotAction` that does not exclude it, or with `NotResource`) and no `iam:AWSServiceName`
 * condition that names the services: the principal can create the service-linked role of any
 * service, and so turn on what that service may then do in the account (Access Analyzer's
 * "Create SLR" warnings). Only a positive comparison naming services excuses it (see
 * `namesServices`); `StringNotEquals` or `StringLike "*"` on the key does not. A
 * pattern over every service-linked role (`arn:aws:iam::*:role/aws-service-role/*`,
 * `arn:aws:iam::*:role/*`) counts as `"*"`.
 * `Action: "*"` is left to `full-admin`/`action-star`, and `iam:*` to `service-wildcard`.
 */
export const createSlrStar: Rule = {
  code: 'create-slr-star',
  defaultSeverity: 'warning',
  description: 'Allow iam:CreateServiceLinkedRole on every resource without an iam:AWSServiceName condition that names the services lets the principal create any service-linked role.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": { "StringEquals": { "iam:AWSServiceName": "ecs.amazonaws.com" } } }',
  },
  check({ policy, catalog }, report) {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      if (effectOf(statement) !== 'Allow') continue;
      // Conditions combine with AND: one that names the services is enough.
      const entries = conditionEntries(statement);
      if (entries.some(namesServices)) continue;
      const broad = broadGrant(statement, CREATE_SLR, (pattern) => coversEveryResource(catalog, CREATE_SLR, pattern, SERVICE_LINKED_ROLES));
      if (broad) {
        report(broad.node, broad.how === 'NotAction' ? 'This NotAction does not exclude iam:CreateServiceLinkedRole: the statement lets the principal create the service-linked role of any service.' : 'iam:CreateServiceLinkedRole with NotResource lets the principal create the service-linked role of any service but those listed.');
        continue;
      }
      // A whole-service `iam:*` is service-wildcard's (and passrole-star's) finding already.
      const item = statement.action?.items.find((i) => i.value !== '*' && !/^[^:]*:\*$/.test(i.value) && globCovers(i.value, CREATE_SLR));
      const star = item && statement.resource?.items.find((r) => coversEveryResource(catalog, CREATE_SLR, r.value, SERVICE_LINKED_ROLES));
      if (!item || !star) continue;
      const hint = entries.some((e) => e.key.toLowerCase() === 'iam:awsservicename')
        ? 'its iam:AWSServiceName condition does not name the services; use StringEquals or StringLike with the service names'
        : 'limit it with an iam:AWSServiceName condition or name the role\'s ARN';
      const on = star.value === '*' ? '"Resource": "*"' : `'${star.value}' (every service-linked role)`;
      report(item.node, `'${item.value}' on ${on} lets the principal create the service-linked role of any service; ${hint}.`);
    }
  },
};
