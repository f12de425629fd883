// The offline policy evaluator: would this request be allowed, and by which statement? The
// semantics follow AWS's "Policy evaluation logic" and "IAM JSON policy elements: Condition
// operators" pages; docs/evaluation.md states them and what is out of scope.
//
// Every test is three-valued: a statement applies, does not, or depends on a context key the
// request did not give (a key given as null is given as absent). An answer that depends on
// such a key is "Depends", never a guess.
import type { PolicyDocument, StatementModel } from '../policy';
import { conditionHolds } from './conditions';
import { servicePrincipalShape } from '../data/servicePrincipals';
import { Context, elementMatches } from './context';
import { accountOf, EVERYONE, principalApplies } from './principals';
import { all, any, isUnknown, not, type Tri, unknown } from './tri';
import type { PolicyType } from '../types';

export { DEPLOY_TIME_VALUE } from './context';

/** A context value as a request gives it; null says the key is absent from the request. */
export type ContextValue = string | number | boolean;

/** The request to evaluate. */
export interface AccessRequest {
  readonly action: string;
  readonly resource: string;
  /** The calling principal: an IAM ARN (a role session, a user, an account root), a service principal or an account ID. */
  readonly principal?: string;
  /** The account that owns the resource, when its ARN does not say (S3 buckets); for the cross-account rules. */
  readonly resourceAccount?: string;
  /** Context keys (case-insensitive names) with one value or a list; null when absent. */
  readonly context?: Readonly<Record<string, ContextValue | readonly ContextValue[] | null>>;
}

const isContextScalar = (value: unknown): value is ContextValue => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * A request's context as a file or a client sends it (JSON or YAML, untrusted): each key with a
 * value, a list of values or null, every key its own property (`__proto__` included); or what
 * is wrong with it. `lenient` drops values of other types instead of refusing the context.
 */
export function readRequestContext(value: unknown, lenient = false): AccessRequest['context'] | string {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return lenient ? {} : '"context" must be a map of keys to values';
  const entries: [string, ContextValue | readonly ContextValue[] | null][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === null || isContextScalar(v) || (Array.isArray(v) && v.every(isContextScalar))) entries.push([key, v as ContextValue | ContextValue[] | null]);
    else if (!lenient) return `context "${key}" must be a string, number, boolean, a list of them, or null`;
  }
  return Object.fromEntries(entries);
}

/** A policy and the part it plays in the evaluation. */
export interface EvaluatedPolicy {
  readonly policy: PolicyDocument;
  /** identity, resource (a resource-based policy), scp, rcp, boundary, session; trust is read as resource. */
  readonly type: PolicyType;
  /** How results name the policy (a file name). */
  readonly name: string;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'Depends';

/** What one statement came to, and why. */
export interface StatementResult {
  readonly policy: string;
  readonly policyType: PolicyType;
  /** Position in the Statement array (undefined for a lone statement object). */
  readonly index: number | undefined;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly applies: 'yes' | 'no' | 'depends';
  /** Why it does not apply (the first test that failed), or on which keys it depends. */
  readonly reason: string;
  /** The context keys it depends on, when it does. */
  readonly dependsOn?: readonly string[];
  /** The statement's offsets in its policy's text. */
  readonly offset: number;
  readonly length: number;
}

export interface AccessResult {
  readonly decision: Decision;
  /** The statements that decided: the Deny that applies, or the Allows that grant; none for an implicit deny. */
  readonly deciding: readonly StatementResult[];
  /** The context keys the answer depends on (given neither a value nor null). */
  readonly missingContextKeys: readonly string[];
  readonly statements: readonly StatementResult[];
  /** The gates the request met or failed, in words (SCPs, RCPs, boundary, session, cross-account). */
  readonly notes: readonly string[];
}


/** How a resource-based Allow that applies names the caller (which decides whether it grants on its own). */
interface Naming {
  /** It applies with the caller named directly (`*`, its ARN, its role for a session): it grants on its own in one account. */
  readonly direct: Tri;
  /** It applies with the caller's own ARN or name: in one account it grants past a boundary or a session policy. */
  readonly exact: Tri;
}

/** What a statement comes to for the request. */
function judgeStatement(statement: StatementModel, policy: EvaluatedPolicy, request: AccessRequest, context: Context, naming: Map<StatementResult, Naming>): StatementResult {
  const version = policy.policy.policyVersion?.value;
  const effect = statement.effect?.value === 'Deny' ? 'Deny' : 'Allow';
  const result = (applies: Tri, reason: string): StatementResult => {
    const keys = isUnknown(applies) ? [...new Set(applies.missing)] : undefined;
    return {
      policy: policy.name,
      policyType: policy.type,
      index: statement.index,
      sid: statement.sid?.value,
      effect,
      applies: keys ? 'depends' : applies ? 'yes' : 'no',
      reason: keys ? `depends on ${keys.join(', ')}` : reason,
      dependsOn: keys,
      offset: statement.node.offset,
      length: statement.node.length,
    };
  };
  if (statement.effect?.value !== 'Allow' && statement.effect?.value !== 'Deny') return result(false, 'no valid Effect');
  const actions = statement.action ?? statement.notAction;
  if (!actions) return result(false, 'no Action');
  // Variables work in Resource and Condition only: an Action's text is literal.
  const actionHit = elementMatches(actions, request.action, context, '2008-10-17', true, !statement.action);
  const action = statement.action ? actionHit : not(actionHit);
  if (action === false) return result(false, statement.action ? `action ${request.action} is not in Action` : `action ${request.action} is in NotAction`);
  const resources = statement.resource ?? statement.notResource;
  let resource: Tri = true;
  if (resources) {
    const hit = elementMatches(resources, request.resource, context, version, false, !statement.resource, true);
    resource = statement.resource ? hit : not(hit);
    if (resource === false) return result(false, statement.resource ? `resource ${request.resource} is not in Resource` : `resource ${request.resource} is in NotResource (or names a variable without a value)`);
  } else if (policy.type !== 'resource' && policy.type !== 'trust') {
    return result(false, 'no Resource');
  }
  const resourceBased = policy.type === 'resource' || policy.type === 'trust' || policy.type === 'rcp';
  // AWS refuses a resource-based statement without a principal: it grants and denies no one.
  if (resourceBased && !statement.principal && !statement.notPrincipal) return result(false, 'no Principal (AWS rejects a resource-based statement without one)');
  const principal = resourceBased ? principalApplies(statement, request) : EVERYONE;
  if (principal.any === false) return result(false, statement.principal ? 'the principal is not in Principal' : 'the principal is in NotPrincipal');
  const condition = conditionHolds(statement, context, version);
  if (condition.result === false) return result(false, `condition not met: ${condition.failed}`);
  const applies = all([() => action, () => resource, () => principal.any, () => condition.result]);
  const throughAccount = resourceBased && effect === 'Allow' && principal.direct === false;
  const r = result(applies, throughAccount ? "applies to the caller's account, which delegates to its identity-based policies (an identity-based Allow is needed too)" : 'applies');
  const judged = condition.unreadable ? { ...r, reason: condition.unreadable } : r;
  if (resourceBased && effect === 'Allow') {
    naming.set(judged, { direct: all([() => applies, () => principal.direct]), exact: all([() => applies, () => principal.exact]) });
  }
  return judged;
}

/** The outcome of a set of policies of one part (identity, SCPs, ...): a Deny that applies, an Allow that applies, or neither. */
interface PartOutcome {
  readonly deny: Tri;
  readonly allow: Tri;
  readonly denies: StatementResult[];
  readonly allows: StatementResult[];
  /** Whether any policy of the part was given (a gate without policies lets everything through). */
  readonly present: boolean;
}

function outcomeOf(results: readonly StatementResult[], present: boolean): PartOutcome {
  const tri = (r: StatementResult): Tri => (r.applies === 'yes' ? true : r.applies === 'no' ? false : unknown(r.dependsOn ?? []));
  const denies = results.filter((r) => r.effect === 'Deny' && r.applies !== 'no');
  const allows = results.filter((r) => r.effect === 'Allow' && r.applies !== 'no');
  return { deny: any(denies.map((r) => () => tri(r))), allow: any(allows.map((r) => () => tri(r))), denies, allows, present };
}

/** An IAM user's ARN, or a session's (a role session, a federated user): what a resource-based policy can name to grant past a boundary or session policy. */
const OWN_ARN = /^arn:[^:]+:(?:iam::\d{12}:user\/|sts::\d{12}:(?:assumed-role|federated-user)\/)/;

/**
 * The services whose resource-based policy must allow, in one account too, when it is given: a
 * KMS key policy (a resource-based policy given for a `kms:` action) and a role's trust policy
 * (a trust policy given for `sts:AssumeRole*`). Its label, or undefined for other requests.
 */
function requiredResourcePolicy(policies: readonly EvaluatedPolicy[], action: string): string | undefined {
  const lower = action.toLowerCase();
  if (lower.startsWith('kms:') && policies.some((p) => p.type === 'resource')) return 'the key policy';
  if (lower.startsWith('sts:assumerole') && policies.some((p) => p.type === 'trust')) return 'the trust policy';
  return undefined;
}

/**
 * Evaluates a request against policies as AWS does for one request: an explicit Deny in any
 * policy wins; organization SCPs and RCPs, a permissions boundary and a session policy, when
 * given, must each allow; then a resource-based policy's Allow that names the caller grants in
 * the same account, and otherwise an identity-based Allow is needed (across accounts, both).
 * docs/evaluation.md states the exceptions (account principals, key and trust policies, service
 * principals, grants to a user's or session's own ARN).
 */
export function evaluateAccess(policies: readonly EvaluatedPolicy[], request: AccessRequest): AccessResult {
  const context = new Context(request);
  const naming = new Map<StatementResult, Naming>();
  const statements = policies.flatMap((p) => p.policy.statements.map((s) => judgeStatement(s, p, request, context, naming)));
  const byType = new Map<PolicyType, StatementResult[]>();
  for (const s of statements) {
    const list = byType.get(s.policyType);
    if (list) list.push(s);
    else byType.set(s.policyType, [s]);
  }
  const given = new Set(policies.map((p) => p.type));
  const part = (type: PolicyType, other?: PolicyType) => {
    const list = byType.get(type) ?? [];
    return outcomeOf(other && byType.has(other) ? [...list, ...byType.get(other)!] : list, given.has(type) || (other !== undefined && given.has(other)));
  };
  const notes: string[] = [];
  const everything = outcomeOf(statements, true);
  const missing = (t: Tri) => (isUnknown(t) ? t.missing : []);
  const finish = (decision: Decision, deciding: readonly StatementResult[], keys: readonly string[] = []): AccessResult => ({
    decision,
    deciding,
    missingContextKeys: [...new Set(keys)].sort(),
    statements,
    notes,
  });
  // 1. An explicit Deny anywhere.
  if (everything.deny === true) return finish('ExplicitDeny', everything.denies.filter((d) => d.applies === 'yes'));
  const denyKeys = missing(everything.deny);
  const nothing = () => (denyKeys.length > 0 ? finish('Depends', [], denyKeys) : finish('ImplicitDeny', []));
  // 2. Gates: each given kind of policy must allow. The organization's always do; a boundary's or
  // a session policy's implicit deny is passed, in one account, by a grant to the caller's own ARN.
  const gates: Tri[] = [];
  const limits: Tri[] = [];
  for (const [type, label] of [['scp', 'the SCPs'], ['rcp', 'the RCPs'], ['boundary', 'the permissions boundary'], ['session', 'the session policy']] as const) {
    if (!given.has(type)) continue;
    const gate = part(type);
    notes.push(`${label} ${gate.allow === true ? 'allow it' : gate.allow === false ? 'allow nothing that matches' : 'may allow it'}`);
    if (type === 'scp' || type === 'rcp') {
      if (gate.allow === false) return nothing();
      gates.push(gate.allow);
    } else limits.push(gate.allow);
  }
  const limit = all(limits.map((t) => () => t));
  // 3. Resource-based and identity-based policies.
  const resource = part('resource', 'trust');
  const identity = part('identity');
  // The resource-based Allows that apply (an RCP is a gate, not a grant).
  const resourceAllows = [...naming].filter(([r]) => r.policyType !== 'rcp');
  const direct = any(resourceAllows.map(([, n]) => () => n.direct));
  const caller = request.principal;
  const service = caller !== undefined && servicePrincipalShape.test(caller);
  const own = caller === undefined || OWN_ARN.test(caller) ? any(resourceAllows.map(([, n]) => () => n.exact)) : false;
  const required = requiredResourcePolicy(policies, request.action);
  if (service) notes.push('the caller is a service principal: only a resource-based policy grants it (identity-based policies do not attach to services)');
  if (required) notes.push(`${required} must allow: by naming the caller, or by naming its account together with an identity-based Allow`);
  // In one account a resource-based Allow that names the caller grants; one that names its account
  // needs an identity-based Allow, which otherwise grants alone (not for a key or trust policy).
  const sameGrant = service ? direct : required ? any([() => direct, () => all([() => resource.allow, () => identity.allow])]) : any([() => direct, () => identity.allow]);
  const sameAllow = any([() => all([() => limit, () => sameGrant]), () => own]);
  // Across accounts both must (without a resource-based policy, nothing grants).
  const crossAllow = all([() => limit, () => identity.allow, () => resource.allow]);
  const principalAccount = service ? undefined : accountOf(caller);
  const resourceAccount = request.resourceAccount ?? accountOf(request.resource);
  // The answer never guesses which account the caller or the resource is in when it matters:
  // with identity policies alone the caller is taken to be in the resource's account.
  const openOn = resourceAccount === undefined ? 'resourceAccount' : 'principal';
  const relation =
    principalAccount !== undefined && resourceAccount !== undefined
      ? principalAccount === resourceAccount
        ? 'same'
        : 'cross'
      : resource.present && (principalAccount !== undefined || (caller === undefined && resourceAccount !== undefined))
        ? 'open'
        : 'same';
  let granted: Tri;
  if (relation === 'cross') {
    notes.push(`cross-account (principal in ${principalAccount}, resource in ${resourceAccount}): both the identity-based and the resource-based policy must allow`);
    granted = crossAllow;
  } else if (relation === 'open' && !(typeof sameAllow === 'boolean' && sameAllow === crossAllow)) {
    notes.push(openOn === 'resourceAccount' ? "the resource's account is not known (give resourceAccount): in the caller's account and across accounts the answers differ" : 'the caller is not known (give principal): in the resource\'s account and across accounts the answers differ');
    granted = unknown([openOn, ...missing(sameAllow), ...missing(crossAllow)]);
  } else granted = sameAllow;
  if (own === true && limit !== true && relation === 'same') notes.push(`a resource-based policy names ${caller} itself, which the permissions boundary and the session policy do not limit in one account`);
  const allow = all([...gates.map((t) => () => t), () => granted]);
  if (allow === false) return nothing();
  // The statements that grant: those of the path that allowed, or every candidate when it depends.
  const results = (list: readonly (readonly [StatementResult, Naming])[], pick: (n: Naming) => Tri) => list.filter(([, n]) => (allow === true ? pick(n) === true : pick(n) !== false)).map(([r]) => r);
  let granting: StatementResult[];
  if (relation === 'cross') granting = [...identity.allows, ...resource.allows];
  else if (own === true && limit !== true) granting = results(resourceAllows, (n) => n.exact);
  else if (direct === true || service) granting = results(resourceAllows, (n) => n.direct);
  else if (required || relation === 'open') granting = [...resource.allows, ...identity.allows];
  else if (identity.allow === true) granting = identity.allows;
  else granting = [...results(resourceAllows, (n) => n.direct), ...identity.allows];
  const keys = [...denyKeys, ...missing(allow)];
  if (allow === true && keys.length === 0) return finish('Allow', granting.filter((g) => g.applies === 'yes'));
  return finish('Depends', granting, keys);
}
