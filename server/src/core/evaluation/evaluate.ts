// The offline policy evaluator: would this request be allowed, and by which statement? The
// semantics follow AWS's "Policy evaluation logic" and "IAM JSON policy elements: Condition
// operators" pages; docs/evaluation.md states them and what is out of scope.
//
// Every test is three-valued: a statement applies, does not, or depends on a context key the
// request did not give (a key given as null is given as absent). An answer that depends on
// such a key is "Depends", never a guess.
import { parseOperator, type ParsedOperator } from '../data/conditionOperators';
import { parsePolicyVariable } from '../data/policyVariables';
import type { PolicyDocument, StatementModel, ValueList } from '../policy';
import { conditionEntries, type ConditionEntry } from '../semantics/conditionItems';
import { networkAddress, parseIpRange } from '../semantics/ipRanges';
import { principalItems } from '../semantics/principalItems';
import { isUnknown as computedOnly, UNKNOWN } from '../semantics/unknown';
import { WildcardPattern } from '../semantics/wildcard';
import type { PolicyType } from '../types';

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

/** Three-valued truth: true, false, or unknown because of the listed context keys. */
type Tri = true | false | { readonly missing: readonly string[] };

const unknown = (missing: readonly string[]): Tri => ({ missing });
const isUnknown = (t: Tri): t is { missing: readonly string[] } => typeof t === 'object';

/** AND over tests, stopping at the first false. */
function all(tests: Iterable<() => Tri>): Tri {
  const missing: string[] = [];
  for (const test of tests) {
    const t = test();
    if (t === false) return false;
    if (isUnknown(t)) missing.push(...t.missing);
  }
  return missing.length > 0 ? unknown(missing) : true;
}

/** OR over tests, stopping at the first true. */
function any(tests: Iterable<() => Tri>): Tri {
  const missing: string[] = [];
  for (const test of tests) {
    const t = test();
    if (t === true) return true;
    if (isUnknown(t)) missing.push(...t.missing);
  }
  return missing.length > 0 ? unknown(missing) : false;
}

const not = (t: Tri): Tri => (isUnknown(t) ? t : !t);

/** The request's context with lower-case keys. */
class Context {
  private readonly values = new Map<string, readonly string[] | null>();

  constructor(request: AccessRequest) {
    for (const [key, value] of Object.entries(request.context ?? {})) {
      this.values.set(key.toLowerCase(), value === null ? null : (Array.isArray(value) ? value : [value]).map(String));
    }
  }

  /** The key's values: a list, null when absent, undefined when the request did not say. */
  get(key: string): readonly string[] | null | undefined {
    return this.values.get(key.toLowerCase());
  }
}

/**
 * A policy element's text with its variables replaced from the context: undefined when a
 * variable's key is absent (without a default), or the list of keys it needs when not given.
 * `${*}`, `${?}` and `${$}` stand for the characters. Only version 2012-10-17 has variables:
 * under 2008-10-17, or without a Version (which is 2008-10-17), the text is literal.
 */
function substitute(text: string, context: Context, version: string | undefined): string | { missing: readonly string[] } | undefined {
  if (version !== '2012-10-17' || !text.includes('${')) return text;
  const missing: string[] = [];
  let absent = false;
  const out = text.replace(/\$\{([^${}]*)\}/g, (whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return literal(inner);
    const { name, defaultValue } = parsePolicyVariable(inner);
    const values = context.get(name);
    // A key the request does not mention is unknown, default or not: the default is for a key that is absent.
    if (values === undefined) missing.push(name);
    else if (values === null || values.length === 0) {
      if (defaultValue === undefined) absent = true;
      return literal(defaultValue ?? '');
    } else return literal(values[0]);
    return whole;
  });
  if (missing.length > 0) return { missing };
  return absent ? undefined : out;
}

/**
 * Text a variable puts into a pattern (`${*}`, a user name) is literal: its `*` and `?` are
 * written as private characters, which `matches` also writes for the text's own.
 */
const LITERAL_STAR = '\uE001';
const LITERAL_ONE = '\uE002';
const literal = (text: string) => (text.includes('*') || text.includes('?') ? text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_ONE) : text);

/** Compiled patterns, by case rule and text: a file of requests meets the same few hundred again and again. */
const compiled = [new Map<string, WildcardPattern>(), new Map<string, WildcardPattern>()];

function compiledPattern(pattern: string, ignoreCase: boolean): WildcardPattern {
  const cache = compiled[ignoreCase ? 1 : 0];
  let matcher = cache.get(pattern);
  if (!matcher) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(pattern, (matcher = new WildcardPattern(pattern, ignoreCase)));
  }
  return matcher;
}

/** Whether an IAM wildcard pattern matches a text (`*` any run, `?` one character, across `:` and `/`). */
const matches = (pattern: string, text: string, ignoreCase: boolean): boolean => compiledPattern(pattern, ignoreCase).test(literal(text));

/**
 * What an answer depends on when a policy value is computed at deploy time (a template's `!Ref`,
 * `${Param}` or `!GetAtt`, a Terraform `var.x`): listed with the context keys it depends on.
 */
export const DEPLOY_TIME_VALUE = '(a value computed at deploy time)';

/** A pattern with parts computed at deploy time: false when no value of them could match, else unknown. */
function deployTimeMatch(pattern: string, text: string, ignoreCase: boolean): Tri {
  return compiledPattern(pattern.replace(/\uE000+/g, '*'), ignoreCase).test(text) ? unknown([DEPLOY_TIME_VALUE]) : false;
}

/** A list's values as patterns, and whether one is wholly computed at deploy time (the model leaves those out of its items). */
function patternsOf(list: ValueList): { patterns: string[]; computed: boolean } {
  const elements = list.valueNode.type === 'array' ? (list.valueNode.children ?? []) : [list.valueNode];
  return { patterns: list.items.map((i) => i.value), computed: list.computed && elements.some((e) => e.type === 'string' && computedOnly(String(e.value))) };
}

/** listMatches over an element's list: a value computed at deploy time may match anything. */
function elementMatches(list: ValueList, value: string, context: Context, version: string | undefined, ignoreCase: boolean): Tri {
  const { patterns, computed } = patternsOf(list);
  const hit = listMatches(patterns, value, context, version, ignoreCase);
  return hit === false && computed ? unknown([DEPLOY_TIME_VALUE]) : hit;
}

/** Whether a list of patterns (after variables) matches a value; variables make it depend or fail. */
function listMatches(patterns: readonly string[], value: string, context: Context, version: string | undefined, ignoreCase: boolean): Tri {
  const text = literal(value);
  let missing: string[] | undefined;
  for (const pattern of patterns) {
    const resolved = substitute(pattern, context, version);
    if (resolved === undefined) continue;
    if (typeof resolved === 'string') {
      if (resolved.includes(UNKNOWN)) {
        if (deployTimeMatch(resolved, text, ignoreCase) !== false) (missing ??= []).push(DEPLOY_TIME_VALUE);
      } else if (compiledPattern(resolved, ignoreCase).test(text)) return true;
    } else if (compiledPattern(pattern.replace(/\$\{[^${}]*\}/g, '*'), ignoreCase).test(text)) {
      // With a key missing, the pattern may still rule the value out whatever the key holds.
      (missing ??= []).push(...resolved.missing);
    }
  }
  return missing ? unknown(missing) : false;
}

/** The account of a principal or resource ARN, or of a bare account ID. */
function accountOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  if (/^\d{12}$/.test(arn)) return arn;
  const parts = arn.split(':');
  return parts[0] === 'arn' && /^\d{12}$/.test(parts[4] ?? '') ? parts[4] : undefined;
}

/** Whether a role ARN (`arn:aws:iam::111122223333:role/path/R`) names a session of the role (`arn:aws:sts::111122223333:assumed-role/R/session`): the session ARN drops the path. */
function roleOfSession(role: string, session: string): boolean {
  const s = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(session);
  const r = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(role);
  return !!s && !!r && s[1] === r[1] && s[2] === r[2] && s[3] === r[3];
}

/** Whether one principal value of a policy names the request's principal. */
function principalMatches(type: string | undefined, value: string, principal: string): boolean {
  if (value === '*') return type === undefined || type === 'AWS';
  if (type === 'AWS') {
    // An account (its ID or root ARN) stands for every principal of the account.
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1] ?? (/^\d{12}$/.test(value) ? value : undefined);
    if (root) return accountOf(principal) === root;
    // A role's ARN names its sessions.
    return value === principal || roleOfSession(value, principal);
  }
  if (type === 'Service' || type === 'Federated' || type === 'CanonicalUser') return value === principal;
  return false;
}

/** Whether the statement's Principal (or NotPrincipal) selects the request's principal. */
function principalApplies(statement: StatementModel, request: AccessRequest): Tri {
  if (!statement.principal && !statement.notPrincipal) return true;
  const items = principalItems(statement);
  const everyone = items.some((i) => i.element === 'Principal' && i.value === '*' && (i.type === undefined || i.type === 'AWS'));
  if (statement.principal && everyone) return true;
  if (request.principal === undefined) return unknown(['principal']);
  const element = statement.principal ? 'Principal' : 'NotPrincipal';
  const listed = items.filter((i) => i.element === element);
  const named: Tri = listed.some((i) => !i.value.includes(UNKNOWN) && principalMatches(i.type, i.value, request.principal!))
    ? true
    : listed.some((i) => i.value.includes(UNKNOWN) && deployTimeMatch(i.value, request.principal!, false) !== false)
      ? unknown([DEPLOY_TIME_VALUE])
      : false;
  return statement.principal ? named : not(named);
}

/** Values of a condition as strings (IAM reads `true` and `5` as "true" and "5"). */
const conditionValues = (entry: ConditionEntry) => entry.values.map((v) => v.text);

/** W3C's ISO 8601 profile: a date, or a date and time with an optional zone (UTC without one). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date as milliseconds: ISO 8601 (read the same in every time zone) or epoch seconds; undefined for other text. */
function dateOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const zone = m[7] ?? 'Z';
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** One request value against one condition value, by the operator's family (the positive form). */
function compare(family: string, name: string, requestValue: string, pattern: string): boolean {
  // Only the Like and Arn operators read wildcards; elsewhere a substituted `*` is just the character.
  const conditionValue = pattern.replace(/\uE001/g, '*').replace(/\uE002/g, '?');
  const positive = name.replace(/Not(?=Equals|Like|IpAddress)/, '').replace(/^NotIpAddress$/, 'IpAddress');
  switch (family) {
    case 'String':
      if (positive === 'StringLike') return matches(pattern, requestValue, false);
      if (positive === 'StringEqualsIgnoreCase') return conditionValue.toLowerCase() === requestValue.toLowerCase();
      return conditionValue === requestValue;
    case 'Arn':
      return arnLike(pattern, requestValue);
    case 'Numeric': {
      const [a, b] = [Number(requestValue), Number(conditionValue)];
      if (Number.isNaN(a) || Number.isNaN(b) || requestValue.trim() === '' || conditionValue.trim() === '') return false;
      return numericOrder(positive.replace('Numeric', ''), a, b);
    }
    case 'Date': {
      const [a, b] = [dateOf(requestValue), dateOf(conditionValue)];
      if (a === undefined || b === undefined) return false;
      return numericOrder(positive.replace('Date', ''), a, b);
    }
    case 'Bool':
      return requestValue.toLowerCase() === conditionValue.toLowerCase();
    case 'Binary':
      return requestValue === conditionValue;
    case 'IpAddress': {
      const range = parseIpRange(conditionValue);
      const address = parseIpRange(requestValue);
      if (!range || !address || range.v4 !== address.v4) return false;
      const bits = range.v4 ? 32 : 128;
      const shift = BigInt(bits - range.prefix);
      return address.address >> shift === networkAddress(range) >> shift;
    }
    default:
      return false;
  }
}

function numericOrder(relation: string, a: number, b: number): boolean {
  switch (relation) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThan':
      return a > b;
    case 'GreaterThanEquals':
      return a >= b;
    default:
      return false;
  }
}

/** ArnEquals and ArnLike: the six parts compared one by one, wildcards within a part. */
function arnLike(pattern: string, arn: string): boolean {
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return matches(pattern, arn, false);
  // The resource part may hold colons: everything after the fifth colon.
  const parts = (list: string[]) => [...list.slice(0, 5), list.slice(5).join(':')];
  const [pp, ap] = [parts(p), parts(a)];
  return pp.every((part, i) => matches(part, ap[i], false));
}

/** One operator-key entry of a Condition: true when it holds for the request. */
function entryHolds(entry: ConditionEntry, parsed: ParsedOperator, context: Context, version: string | undefined): Tri {
  const { family, negated, name, supportsPolicyVariables } = parsed.base;
  const values = context.get(entry.key);
  if (values === undefined) return unknown([entry.key]);
  const present = values !== null && values.length > 0;
  if (family === 'Null') {
    // "true": the key must be absent; "false": present.
    return conditionValues(entry).some((v) => v.toLowerCase() === (present ? 'false' : 'true'));
  }
  if (!present) {
    if (parsed.prefix === 'ForAllValues') return true;
    if (parsed.prefix === 'ForAnyValue') return false;
    if (parsed.ifExists) return true;
    return negated;
  }
  // The condition's values, variables replaced where the operator takes them.
  const wanted: string[] = [];
  const missing: string[] = [];
  for (const raw of conditionValues(entry)) {
    // A value computed at deploy time may be any value.
    if (raw.includes(UNKNOWN)) {
      missing.push(DEPLOY_TIME_VALUE);
      continue;
    }
    const text = supportsPolicyVariables ? substitute(raw, context, version) : raw;
    if (text === undefined) continue;
    if (typeof text !== 'string') missing.push(...text.missing);
    else wanted.push(text);
  }
  // One request value against the condition's values, ORed: a match among the values that can be
  // read decides; otherwise a value that needs a missing key leaves it open. A negated operator
  // holds when none matches.
  const hit = (value: string): Tri => (wanted.some((w) => compare(family, name, value, w)) ? true : missing.length > 0 ? unknown(missing) : false);
  const holds = (value: string): Tri => (negated ? not(hit(value)) : hit(value));
  const each = values!.map((value) => () => holds(value));
  if (parsed.prefix === 'ForAllValues') return all(each);
  if (parsed.prefix === 'ForAnyValue') return any(each);
  // A single-valued operator on a list of values: each value is tested; a negated operator must hold for all.
  return negated ? all(each) : any(each);
}

/** Whether a statement's Condition holds: AND across operators and keys. */
function conditionHolds(statement: StatementModel, context: Context, version: string | undefined): { result: Tri; failed?: string; unreadable?: string } {
  const condition = statement.condition;
  if (!condition) return { result: true };
  // AWS refuses a policy whose Condition it cannot read; here such a statement is never taken to
  // apply or not apply silently (a Deny that is skipped would let everything through).
  const blocks = condition.type === 'object' ? (condition.children ?? []) : [];
  if (condition.type !== 'object' || blocks.some((p) => p.children?.[1]?.type !== 'object' || !parseOperator(String(p.children?.[0]?.value)))) {
    return { result: unknown(['a readable Condition']), unreadable: 'the Condition cannot be read (AWS rejects the policy)' };
  }
  const missing: string[] = [];
  for (const entry of conditionEntries(statement)) {
    // Every operator was read above; the entry carries its reading.
    if (!entry.parsed) return { result: unknown(['a readable Condition']), unreadable: `unknown operator ${entry.operator}` };
    const t = entryHolds(entry, entry.parsed, context, version);
    if (t === false) {
      const given = context.get(entry.key);
      const shown = given === null ? 'absent' : JSON.stringify(given);
      return { result: false, failed: `${entry.operator} ${entry.key}: request ${shown}, policy ${JSON.stringify(conditionValues(entry))}` };
    }
    if (isUnknown(t)) missing.push(...t.missing);
  }
  return { result: missing.length > 0 ? unknown(missing) : true };
}

/** What a statement comes to for the request. */
function judgeStatement(statement: StatementModel, policy: EvaluatedPolicy, request: AccessRequest, context: Context): StatementResult {
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
  const actionHit = elementMatches(actions, request.action, context, '2008-10-17', true);
  const action = statement.action ? actionHit : not(actionHit);
  if (action === false) return result(false, statement.action ? `action ${request.action} is not in Action` : `action ${request.action} is in NotAction`);
  const resources = statement.resource ?? statement.notResource;
  let resource: Tri = true;
  if (resources) {
    const hit = elementMatches(resources, request.resource, context, version, false);
    resource = statement.resource ? hit : not(hit);
    if (resource === false) return result(false, statement.resource ? `resource ${request.resource} is not in Resource` : `resource ${request.resource} is in NotResource`);
  } else if (policy.type !== 'resource' && policy.type !== 'trust') {
    return result(false, 'no Resource');
  }
  const resourceBased = policy.type === 'resource' || policy.type === 'trust' || policy.type === 'rcp';
  // AWS refuses a resource-based statement without a principal: it grants and denies no one.
  if (resourceBased && !statement.principal && !statement.notPrincipal) return result(false, 'no Principal (AWS rejects a resource-based statement without one)');
  const principal = resourceBased ? principalApplies(statement, request) : true;
  if (principal === false) return result(false, statement.principal ? 'the principal is not in Principal' : 'the principal is in NotPrincipal');
  const condition = conditionHolds(statement, context, version);
  if (condition.unreadable) return { ...result(condition.result, condition.unreadable), reason: condition.unreadable };
  if (condition.result === false) return result(false, `condition not met: ${condition.failed}`);
  return result(all([() => action, () => resource, () => principal, () => condition.result]), 'applies');
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

/**
 * Evaluates a request against policies as AWS does for one request: an explicit Deny in any
 * policy wins; organization SCPs and RCPs, a permissions boundary and a session policy, when
 * given, must each allow; then a resource-based policy's Allow grants in the same account, and
 * otherwise an identity-based Allow is needed (across accounts, both).
 */
export function evaluateAccess(policies: readonly EvaluatedPolicy[], request: AccessRequest): AccessResult {
  const context = new Context(request);
  const statements = policies.flatMap((p) => p.policy.statements.map((s) => judgeStatement(s, p, request, context)));
  const part = (...types: PolicyType[]) => outcomeOf(statements.filter((s) => types.includes(s.policyType)), policies.some((p) => types.includes(p.type)));
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
  // 2. Gates: each given kind of policy must allow.
  const gateKeys: string[] = [];
  for (const [types, label] of [[['scp'], 'the SCPs'], [['rcp'], 'the RCPs'], [['boundary'], 'the permissions boundary'], [['session'], 'the session policy']] as const) {
    const gate = part(...types);
    if (!gate.present) continue;
    if (gate.allow === false) {
      notes.push(`${label} allow nothing that matches`);
      return denyKeys.length > 0 ? finish('Depends', [], denyKeys) : finish('ImplicitDeny', []);
    }
    if (isUnknown(gate.allow)) gateKeys.push(...gate.allow.missing);
    notes.push(`${label} ${gate.allow === true ? 'allow it' : 'may allow it'}`);
  }
  // 3. Resource-based and identity-based policies.
  const resource = part('resource', 'trust');
  const identity = part('identity');
  const principalAccount = accountOf(request.principal);
  const resourceAccount = request.resourceAccount ?? accountOf(request.resource);
  const crossAccount = principalAccount !== undefined && resourceAccount !== undefined && principalAccount !== resourceAccount;
  // In one account either kind of policy grants; across accounts both must (without a resource-based policy, nothing grants).
  const sameAllow = any([() => resource.allow, () => identity.allow]);
  const crossAllow = all([() => identity.allow, () => resource.allow]);
  let allow: Tri;
  let granting: StatementResult[];
  if (crossAccount) {
    notes.push(`cross-account (principal in ${principalAccount}, resource in ${resourceAccount}): both the identity-based and the resource-based policy must allow`);
    allow = crossAllow;
    granting = [...identity.allows, ...resource.allows];
  } else {
    // Who calls decides between the two when the resource's account is known and the caller's is not.
    // (With identity policies alone, the caller is taken to be in the resource's account.)
    const unknownCaller = resource.present && request.principal === undefined && resourceAccount !== undefined && sameAllow !== false && crossAllow !== true;
    allow = unknownCaller ? unknown(['principal', ...missing(sameAllow), ...missing(crossAllow)]) : sameAllow;
    granting = resource.allow === true ? resource.allows : identity.allow === true ? identity.allows : [...resource.allows, ...identity.allows];
  }
  const keys = [...denyKeys, ...gateKeys, ...missing(allow)];
  if (allow === false) return denyKeys.length > 0 ? finish('Depends', [], denyKeys) : finish('ImplicitDeny', []);
  if (allow === true && keys.length === 0) return finish('Allow', granting.filter((g) => g.applies === 'yes'));
  return finish('Depends', granting, keys);
}

