import { parseOperator } from '../data/conditionOperators';
import type { StatementModel } from '../policy';
import { effectOf, globCovers } from '../semantics/actionPatterns';
import { conditionEntries } from '../semantics/conditionItems';
import { unknownAsWildcard } from '../semantics/unknown';
import type { Rule } from './rule';

/** What IAM Roles Anywhere calls when it hands out a role's session. */
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];
const ROLES_ANYWHERE = principalKey('Service', 'rolesanywhere.amazonaws.com');

/** Condition keys that exist only in a request that also needs another action. */
const KEY_NEEDS: Readonly<Record<string, string>> = {
  'sts:sourceidentity': 'sts:SetSourceIdentity',
  'sts:transitivetagkeys': 'sts:TagSession',
};

/** One principal as a comparable string: its type and value (service names in lower case, as IAM reads them). */
function principalKey(type: string, value: string): string {
  return `${type}\u0000${type === 'Service' ? value.toLowerCase() : value}`;
}

/** The principals an Allow statement names in `Principal`, and what it allows them. */
interface Grant {
  readonly statement: StatementModel;
  /** `"*"` or `{"AWS": "*"}`: every principal. */
  readonly everyone: boolean;
  readonly principals: ReadonlySet<string>;
  /** The Action items as patterns; parts the host computes match anything (unknown, not wrong). */
  readonly actions: readonly string[];
}

/**
 * The statement's principals, computed ones included as written (two `!Sub` of the same text are
 * the same principal here; two different computed values may be taken for one, which only ever
 * silences the rule). NotPrincipal is not read: a statement with it names nobody to compare.
 */
function grantOf(statement: StatementModel): Grant {
  const principals = new Set<string>();
  let everyone = false;
  const value = statement.principal;
  if (value?.type === 'string') everyone = value.value === '*';
  for (const prop of value?.type === 'object' ? (value.children ?? []) : []) {
    const [key, inner] = prop.children ?? [];
    if (key?.type !== 'string' || !inner) continue;
    for (const el of inner.type === 'array' ? (inner.children ?? []) : [inner]) {
      if (el.type !== 'string') continue;
      if (key.value === 'AWS' && el.value === '*') everyone = true;
      principals.add(principalKey(key.value as string, el.value as string));
    }
  }
  const actions = (statement.action?.items ?? []).map((i) => unknownAsWildcard(i.value));
  return { statement, everyone, principals, actions };
}

/**
 * `trust-missing-action`: a trust policy that cannot work for want of an action. IAM Roles
 * Anywhere (`rolesanywhere.amazonaws.com`) calls `sts:AssumeRole`, `sts:SetSourceIdentity` and
 * `sts:TagSession` together, and a trust that does not allow it all three fails every session. A
 * condition on `sts:SourceIdentity` (or `sts:TransitiveTagKeys`) that must hold needs the request
 * that sets it, `sts:SetSourceIdentity` (or `sts:TagSession`), allowed to the same principals:
 * without it the condition can never be met. IAM authorizes each action on its own, so the action
 * may come from any Allow statement of the policy that names the same principal, or `"*"`
 * (their conditions are not weighed). Access Analyzer's "missing action" checks for trust policies.
 */
export const trustMissingAction: Rule = {
  code: 'trust-missing-action',
  defaultSeverity: 'error',
  description: 'A trust policy lacks an action it needs: sts:SetSourceIdentity and sts:TagSession for IAM Roles Anywhere, or the action that sets a condition key a statement tests, allowed to the same principal.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"] }',
  },
  check({ policy }, report) {
    if (policy.policyType !== 'trust') return;
    let grants: Grant[] | undefined;
    /** Whether some Allow statement allows the action to every one of the principals (any statement's to `"*"`). */
    const allowedTo = (own: Grant, principals: readonly string[], action: string): boolean => {
      grants ??= policy.statements.filter((s) => effectOf(s) === 'Allow' && s.action).map(grantOf);
      const allows = (g: Grant) => g.actions.some((a) => globCovers(a, action));
      if (allows(own)) return true;
      // Nobody to compare (NotPrincipal, no Principal): the statement's own actions decide.
      if (principals.length === 0 && !own.everyone) return false;
      const candidates = grants.filter(allows);
      if (own.everyone) return candidates.length > 0;
      return principals.every((p) => candidates.some((g) => g.everyone || g.principals.has(p)));
    };
    for (const statement of policy.statements) {
      const list = statement.action;
      if (effectOf(statement) !== 'Allow' || !list || list.computed || list.invalid.length > 0) continue;
      const own = grantOf(statement);
      const where = list.property.children?.[0] ?? list.property;
      const rolesAnywhere = own.principals.has(ROLES_ANYWHERE);
      const missing = rolesAnywhere ? ROLES_ANYWHERE_ACTIONS.filter((a) => !allowedTo(own, [ROLES_ANYWHERE], a)) : [];
      if (missing.length > 0) {
        report(where, `IAM Roles Anywhere calls ${ROLES_ANYWHERE_ACTIONS.join(', ')} together: allow it ${missing.map((m) => `'${m}'`).join(' and ')} too, or no session can start.`);
        continue;
      }
      for (const entry of conditionEntries(statement)) {
        const needed = KEY_NEEDS[entry.key.toLowerCase()];
        const parsed = parseOperator(entry.operator);
        // A condition that holds without the key (negated, IfExists, Null) does not need the request that sets it.
        if (!needed || !parsed || parsed.base.negated || parsed.ifExists || parsed.base.family === 'Null') continue;
        if (allowedTo(own, [...own.principals], needed)) continue;
        report(entry.keyNode, `'${entry.key}' is only in requests that also call '${needed}', which no Allow statement of this policy allows to these principals: the condition can never be met. Add '${needed}' to the actions.`);
      }
    }
  },
};
