import { parseOperator } from '../data/conditionOperators';
import { effectOf, globCovers } from '../semantics/actionPatterns';
import { conditionEntries } from '../semantics/conditionItems';
import { principalItems } from '../semantics/principalItems';
import type { Rule } from './rule';

/** What IAM Roles Anywhere calls when it hands out a role's session. */
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** Condition keys that exist only in a request that also needs another action. */
const KEY_NEEDS: Readonly<Record<string, string>> = {
  'sts:sourceidentity': 'sts:SetSourceIdentity',
  'sts:transitivetagkeys': 'sts:TagSession',
};

/**
 * `trust-missing-action`: a trust statement that cannot work for want of an action. IAM Roles
 * Anywhere (`rolesanywhere.amazonaws.com`) calls `sts:AssumeRole`, `sts:SetSourceIdentity` and
 * `sts:TagSession` together, and a trust without all three fails every session. A condition on
 * `sts:SourceIdentity` (or `sts:TransitiveTagKeys`) that must hold needs the request that sets it,
 * `sts:SetSourceIdentity` (or `sts:TagSession`), among the statement's actions: without it the
 * condition can never be met. Access Analyzer's "missing action" checks for trust policies.
 */
export const trustMissingAction: Rule = {
  code: 'trust-missing-action',
  defaultSeverity: 'error',
  description: 'A trust statement lacks an action it needs: sts:SetSourceIdentity and sts:TagSession for IAM Roles Anywhere, or the action that sets a condition key it tests.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"] }',
  },
  check({ policy }, report) {
    if (policy.policyType !== 'trust') return;
    for (const statement of policy.statements) {
      const list = statement.action;
      if (effectOf(statement) !== 'Allow' || !list || list.computed || list.invalid.length > 0) continue;
      const allows = (action: string) => list.items.some((i) => globCovers(i.value, action));
      const where = list.property.children?.[0] ?? list.property;
      const rolesAnywhere = principalItems(statement).some((p) => p.element === 'Principal' && p.type === 'Service' && p.value.toLowerCase() === 'rolesanywhere.amazonaws.com');
      const missing = rolesAnywhere ? ROLES_ANYWHERE_ACTIONS.filter((a) => !allows(a)) : [];
      if (missing.length > 0) {
        report(where, `IAM Roles Anywhere calls ${ROLES_ANYWHERE_ACTIONS.join(', ')} together: add ${missing.map((m) => `'${m}'`).join(' and ')}, or no session can start.`);
        continue;
      }
      for (const entry of conditionEntries(statement)) {
        const needed = KEY_NEEDS[entry.key.toLowerCase()];
        const parsed = parseOperator(entry.operator);
        // A condition that holds without the key (negated, IfExists, Null) does not need the request that sets it.
        if (!needed || !parsed || parsed.base.negated || parsed.ifExists || parsed.base.family === 'Null' || allows(needed)) continue;
        report(entry.keyNode, `'${entry.key}' is only in requests that also call '${needed}', which this statement does not allow: the condition can never be met. Add '${needed}' to the actions.`);
      }
    }
  },
};
