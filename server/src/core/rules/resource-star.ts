import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementModel } from '../policy';
import { effectOf, expandedActions, starResource } from '../semantics/actionPatterns';
import { conditionEntries } from '../semantics/conditionItems';
import { keysSupportedBy, listsNoKeyOf } from '../semantics/keySupport';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';

/** Condition keys that select resources by owner: attribute-based scoping instead of ARNs. */
const RESOURCE_OWNER_KEY = /^aws:Resource(Account|OrgID|OrgPaths)$/i;
/** A resource tag key, global (`aws:ResourceTag/team`) or of a service (`ec2:ResourceTag/team`); captures the prefix. */
const RESOURCE_TAG_KEY = /^([a-z0-9-]+):ResourceTag\/./i;

/** Per action, the tag families (`aws:resourcetag/`) it supports: asked on every keystroke of a policy with thousands of actions. */
const tagFamilies = new WeakMap<ActionInfo, ReadonlySet<string>>();

/** Whether the action supports a key of the tag family `head` (`aws:resourcetag/`): the catalogue spells the variable part `${TagKey}`, `tag-key`... */
function supportsTagFamily(catalog: Catalog, action: ActionInfo, head: string): boolean {
  let families = tagFamilies.get(action);
  if (!families) {
    const found = new Set<string>();
    for (const k of keysSupportedBy(catalog, action)) {
      const slash = k.indexOf('/');
      if (slash > 0 && k.slice(0, slash).endsWith(':resourcetag')) found.add(k.slice(0, slash + 1));
    }
    tagFamilies.set(action, (families = found));
  }
  return families.has(head);
}

/**
 * Whether the statement's conditions choose its resources instead of ARNs by a resource tag key
 * that every action which could be scoped supports (the catalogue lists the family, as
 * `aws:ResourceTag/${TagKey}`, on the action or on a resource type it takes). Within the key's
 * own service an action that lists no key of that service is silence, not a "no" (see
 * `listsNoKeyOf`). Unknown or open-ended actions (`*:Get*`, computed, not in the catalogue) keep
 * the benefit of the doubt.
 */
function scopedByTag(catalog: Catalog, statement: StatementModel, scopable: readonly ActionInfo[], openEnded: boolean): boolean {
  for (const entry of conditionEntries(statement)) {
    const tag = RESOURCE_TAG_KEY.exec(entry.key);
    if (!tag) continue;
    if (openEnded) return true;
    const prefix = tag[1].toLowerCase();
    const head = `${prefix}:resourcetag/`;
    const supports = (a: ActionInfo) => supportsTagFamily(catalog, a, head) || (prefix !== 'aws' && a.service === prefix && listsNoKeyOf(catalog, a, prefix));
    if (scopable.every(supports)) return true;
  }
  return false;
}

/**
 * `resource-star`: `"Resource": "*"` in an Allow statement whose actions could be limited to
 * specific resources. Actions that only take `*` (`s3:ListAllMyBuckets`,
 * `ecr:GetAuthorizationToken`) never trigger it. Information by default: read-only and
 * service-wide policies legitimately use `*`, AWS's own managed policies included. A
 * statement that scopes its resources by condition instead is left alone: by owner
 * (`aws:ResourceAccount` / `aws:ResourceOrgID` / `aws:ResourceOrgPaths`), or by a resource tag
 * (ABAC on `aws:ResourceTag/...`) that the actions support; a tag key that some of them never
 * carry (`aws:ResourceTag/...` on `sdb:GetAttributes`) does not choose their resources.
 */
export const resourceStar: Rule = {
  code: 'resource-star',
  defaultSeverity: 'information',
  description: 'Resource "*" is allowed for actions that could be scoped to specific resources.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy, catalog }, report) {
    // In a resource policy (KMS key, secret, ...) "*" means the resource the policy is attached to;
    // a trust policy may have no Resource at all (trust-policy-element).
    if (!grantsPermissions(policy) || policy.policyType === 'resource' || policy.policyType === 'trust') return;
    for (const statement of policy.statements) {
      const star = starResource(statement);
      // `Action: "*"` is action-star/full-admin territory.
      if (!star || effectOf(statement) !== 'Allow' || statement.action?.items.some((i) => i.value === '*')) continue;
      if (conditionEntries(statement).some((e) => RESOURCE_OWNER_KEY.test(e.key))) continue;
      const expanded = expandedActions(statement, catalog);
      const actions = [...new Set(expanded.flatMap((e) => e.actions))];
      const scopable = actions.filter((a) => a.resourceTypes.length > 0);
      if (scopable.length === 0) continue;
      const list = statement.action;
      const openEnded = !list || list.computed || list.invalid.length > 0 || expanded.some((e) => e.actions.length === 0 || e.item.value.startsWith('*'));
      if (scopedByTag(catalog, statement, scopable, openEnded)) continue;
      const which =
        actions.length === 1
          ? `'${scopable[0].fullName}' supports`
          : scopable.length === actions.length
            ? `${actions.length === 2 ? 'both' : `all ${actions.length}`} actions support`
            : scopable.length === 1
              ? `'${scopable[0].fullName}' (1 of the ${actions.length} actions) supports`
              : `${scopable.length} of the ${actions.length} actions support`;
      report(star.node, `"Resource": "*" while ${which} resource-level permissions; consider naming the resources.`);
    }
  },
};
