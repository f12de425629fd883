import { distinctActions, effectOf, starResource } from '../semantics/actionPatterns';
import { conditionEntries } from '../semantics/conditionItems';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';

/** Condition keys that select resources by tag or owner: attribute-based scoping instead of ARNs. */
const RESOURCE_SCOPING_KEY = /^[a-z0-9-]+:ResourceTag\/|^aws:Resource(Account|OrgID|OrgPaths)$/i;

/**
 * `resource-star`: `"Resource": "*"` in an Allow statement whose actions could be limited to
 * specific resources. Actions that only take `*` (`s3:ListAllMyBuckets`,
 * `ecr:GetAuthorizationToken`) never trigger it. Information by default: read-only and
 * service-wide policies legitimately use `*`, AWS's own managed policies included. A
 * statement that scopes its resources by condition instead (ABAC on `aws:ResourceTag/...`,
 * or `aws:ResourceAccount` / `aws:ResourceOrgID` / `aws:ResourceOrgPaths`) is left alone.
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
      if (conditionEntries(statement).some((e) => RESOURCE_SCOPING_KEY.test(e.key))) continue;
      const actions = distinctActions(statement, catalog);
      const scopable = actions.filter((a) => a.resourceTypes.length > 0);
      if (scopable.length === 0) continue;
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
