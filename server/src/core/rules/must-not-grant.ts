import { accessNotGranted } from '../access/checks';
import { effectiveAccess } from '../access/effectiveAccess';
import type { AccessCheckItem } from '../access/types';
import type { Rule } from './rule';

/** An item as the configuration writes it. */
const specOf = (item: AccessCheckItem) => [item.action ?? '*', item.resource].filter((p) => p !== undefined).join(':');

/**
 * `must-not-grant`: a statement grants access that the project's configuration forbids
 * (`mustNotGrant` in `.iam-policy-lint.yaml`): Access Analyzer's check-access-not-granted,
 * offline and in the editor. Conditional grants, and grants a Deny may limit, count as granted.
 * Policies that only limit access (SCPs, RCPs, boundaries, session policies) grant nothing.
 */
export const mustNotGrant: Rule = {
  code: 'must-not-grant',
  defaultSeverity: 'error',
  description: "A statement grants access the project's configuration forbids (mustNotGrant in .iam-policy-lint.yaml; the examples take mustNotGrant: [iam:CreateUser]): an offline check-access-not-granted.",
  example: {
    bad: '{ "Effect": "Allow", "Action": "iam:*", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*" }',
  },
  check({ policy, catalog }, report) {
    const items = policy.settings.mustNotGrant;
    if (!items || items.length === 0 || !['identity', 'resource', 'trust'].includes(policy.policyType)) return;
    const { violations } = accessNotGranted(effectiveAccess(policy, catalog), items);
    // One finding per statement and forbidden item, on the Action item that grants it (or the element).
    const seen = new Map<string, { statementOffset: number; item: AccessCheckItem; actions: Set<string> }>();
    for (const v of violations) {
      const key = `${v.grant.statement.offset}|${specOf(v.item)}`;
      const entry = seen.get(key) ?? { statementOffset: v.grant.statement.offset, item: v.item, actions: new Set<string>() };
      entry.actions.add(v.action);
      seen.set(key, entry);
    }
    for (const { statementOffset, item, actions } of seen.values()) {
      const statement = policy.statements.find((s) => s.node.offset === statementOffset);
      const list = statement?.action ?? statement?.notAction;
      if (!statement || !list) continue;
      const names = [...actions];
      const granting = statement.action?.items.find((i) => names.some((a) => catalog.matchActions(i.value).some((m) => m.fullName.toLowerCase() === a.toLowerCase()) || i.value.toLowerCase() === a.toLowerCase()));
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      report(granting?.node ?? list.valueNode, `This statement grants ${shown}, which the project's configuration forbids (mustNotGrant: ${specOf(item)}).`);
    }
  },
};
