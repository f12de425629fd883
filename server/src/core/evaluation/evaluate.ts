// The offline policy evaluator: would this request be allowed, and by which statement? The
// semantics follow AWS's "Policy evaluation logic" and "IAM JSON policy elements: Condition
// operators" pages; docs/evaluation.md states them and what is out of scope.
//
// Every test is three-valued: a statement applies, does not, or depends on a context key the
// request did not give (a key given as null is given as absent). An answer that depends on
// such a key is "Depends", never a guess.
import { parseOperator, type ParsedOperator } from '../data/conditionOperators';
import { parsePolicyVariable } from '../data/policyVariables';
import { servicePrincipalShape } from '../data/servicePrincipals';
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
function substitute(text: string, context: Context, version: string | undefined): string | Unresolved | undefined {
  if (version !== '2012-10-17' || !text.includes('${')) return text;
  const missing: string[] = [];
  let absent = false;
  let noDefault = false;
  const out = text.replace(/\$\{([^${}]*)\}/g, (whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return literal(inner);
    const { name, defaultValue } = parsePolicyVariable(inner);
    const values = context.get(name);
    // A key the request does not mention is unknown, default or not: the default is for a key that is absent.
    if (values === undefined) {
      missing.push(name);
      noDefault ||= defaultValue === undefined;
    } else if (values === null || values.length === 0) {
      if (defaultValue === undefined) absent = true;
      return literal(defaultValue ?? '');
    } else return literal(values[0]);
    return whole;
  });
  if (missing.length > 0) return { missing, noDefault };
  return absent ? undefined : out;
}

/** Text with variables whose keys the request does not mention: the keys, and whether one has no default (so that an absent key leaves the variable unresolved). */
interface Unresolved {
  readonly missing: readonly string[];
  readonly noDefault: boolean;
}

/** A pattern with its variables as `*`: what it could match whatever the keys hold. */
function variablesAsWildcards(pattern: string, resourceArn: boolean): string {
  const start = resourceArn && pattern.startsWith('arn:') ? resourcePartStart(pattern) : 0;
  return start < 0 ? pattern : pattern.slice(0, start) + pattern.slice(start).replace(/\$\{[^${}]*\}/g, '*');
}

/** substitute for a Resource ARN: only its resource part (after the fifth colon) takes variables, as AWS allows none before it. */
function substituteResource(text: string, context: Context, version: string | undefined): string | Unresolved | undefined {
  if (version !== '2012-10-17' || !text.startsWith('arn:') || !text.includes('${') || variablesOnlyInResourcePart(text)) return substitute(text, context, version);
  const start = resourcePartStart(text);
  if (start < 0) return text;
  const rest = substitute(text.slice(start), context, version);
  return typeof rest === 'string' ? text.slice(0, start) + rest : rest;
}

/** Whether an ARN's first variable comes after its fifth colon (the usual case, checked without a scan). */
function variablesOnlyInResourcePart(arn: string): boolean {
  const first = arn.indexOf('${');
  let at = -1;
  for (let colons = 0; colons < 5; colons++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0 || at > first) return false;
  }
  return true;
}

/** Where an ARN's resource part starts (after its fifth colon, not counting colons inside `${...}`); -1 when it has none. */
function resourcePartStart(arn: string): number {
  let colons = 0;
  for (let i = 0; i < arn.length; i++) {
    if (arn[i] === '$' && arn[i + 1] === '{') {
      const end = arn.indexOf('}', i);
      if (end < 0) return -1;
      i = end;
    } else if (arn[i] === ':' && ++colons === 5) return i + 1;
  }
  return -1;
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
function elementMatches(list: ValueList, value: string, context: Context, version: string | undefined, ignoreCase: boolean, negated: boolean, resourceArn = false): Tri {
  const { patterns, computed } = patternsOf(list);
  const hit = listMatches(patterns, value, context, version, ignoreCase, negated, resourceArn);
  return hit === false && computed ? unknown([DEPLOY_TIME_VALUE]) : hit;
}

/**
 * Whether a list of patterns (after variables) matches a value; variables make it depend or fail.
 * A pattern whose variable cannot be resolved (its key absent, no default) matches nothing in a
 * positive list; in a negated one (NotResource) it counts as a match, so the element does not
 * hold: AWS calls such a statement possibly invalid, and an invalid statement applies to nothing.
 */
function listMatches(patterns: readonly string[], value: string, context: Context, version: string | undefined, ignoreCase: boolean, negated = false, resourceArn = false): Tri {
  const text = literal(value);
  let missing: string[] | undefined;
  for (const pattern of patterns) {
    const resolved = resourceArn ? substituteResource(pattern, context, version) : substitute(pattern, context, version);
    if (resolved === undefined) {
      if (negated) return true;
      continue;
    }
    if (typeof resolved === 'string') {
      if (resolved.includes(UNKNOWN)) {
        if (deployTimeMatch(resolved, text, ignoreCase) !== false) (missing ??= []).push(DEPLOY_TIME_VALUE);
      } else if (compiledPattern(resolved, ignoreCase).test(text)) return true;
    } else if ((negated && resolved.noDefault) || compiledPattern(variablesAsWildcards(pattern, resourceArn), ignoreCase).test(text)) {
      // With a key missing, the pattern may still rule the value out whatever the key holds
      // (not in a negated list when the key may be absent without a default: that fails it).
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

/**
 * How a principal value of a policy names the request's principal, strongest first: `exact` (the
 * same ARN or name), `direct` (`*`, or a role's ARN for its sessions), `account` (an account ID
 * or root ARN, which delegates to the account: its identity-based policies must allow too).
 */
type PrincipalMatch = 'exact' | 'direct' | 'account' | undefined;

/** An account as an AWS principal: `arn:…:iam::ACCOUNT:root` or the bare account ID. */
const ACCOUNT_PRINCIPAL = /^(?:arn:[^:]+:iam::(\d{12}):root|(\d{12}))$/;

function principalMatch(type: string | undefined, value: string, principal: string): PrincipalMatch {
  if (value === '*') return type === undefined || type === 'AWS' ? 'direct' : undefined;
  if (type === 'AWS') {
    // An account delegates, even to a caller given as the account itself.
    const root = ACCOUNT_PRINCIPAL.exec(value);
    if (root) return accountOf(principal) === (root[1] ?? root[2]) ? 'account' : undefined;
    if (value === principal) return 'exact';
    return roleOfSession(value, principal) ? 'direct' : undefined;
  }
  if (type === 'Service' || type === 'Federated' || type === 'CanonicalUser') return value === principal ? 'exact' : undefined;
  return undefined;
}

/** Whether a statement's principal test holds for the request, by strength of the match: any at all, direct or exact. */
interface PrincipalTest {
  readonly any: Tri;
  readonly direct: Tri;
  readonly exact: Tri;
}

const EVERYONE: PrincipalTest = { any: true, direct: true, exact: true };
const NO_ONE: PrincipalTest = { any: false, direct: false, exact: false };
const STRENGTH = { none: 0, account: 1, direct: 2, exact: 3 } as const;

/** Whether the statement's Principal (or NotPrincipal) selects the request's principal, and how. */
function principalApplies(statement: StatementModel, request: AccessRequest): PrincipalTest {
  if (!statement.principal && !statement.notPrincipal) return EVERYONE;
  const element = statement.principal ? 'Principal' : 'NotPrincipal';
  const items = principalItems(statement).filter((i) => i.element === element);
  const caller = request.principal;
  if (caller === undefined) {
    // Who is named depends on the caller, except that `*` names everyone (never by their own ARN)
    // and an account never names anyone directly.
    const open = unknown(['principal']);
    const everyone = !!statement.principal && items.some((i) => i.value === '*' && (i.type === undefined || i.type === 'AWS'));
    const named = items.some((i) => i.value !== '*' && !(i.type === 'AWS' && ACCOUNT_PRINCIPAL.test(i.value)));
    return { any: everyone ? true : open, direct: everyone ? true : named ? open : false, exact: named ? open : false };
  }
  let best = 0;
  let computed = false;
  for (const item of items) {
    if (item.value.includes(UNKNOWN)) computed ||= deployTimeMatch(item.value, caller, false) !== false;
    else best = Math.max(best, STRENGTH[principalMatch(item.type, item.value, caller) ?? 'none']);
  }
  // A value computed at deploy time may name the caller in any way.
  const at = (level: number): Tri => (best >= level ? true : computed ? unknown([DEPLOY_TIME_VALUE]) : false);
  if (statement.principal) return { any: at(1), direct: at(2), exact: at(3) };
  // NotPrincipal selects everyone it does not name, as `*` would.
  const selected = not(at(1));
  return selected === false ? NO_ONE : { any: selected, direct: selected, exact: false };
}

/** Values of a condition as strings (IAM reads `true` and `5` as "true" and "5"). */
const conditionValues = (entry: ConditionEntry) => entry.values.map((v) => v.text);

/** W3C's ISO 8601 profile: a date, or a date and time (seconds and their fraction optional) with an optional zone (UTC without one). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Days in a month of the proleptic Gregorian calendar. */
const daysIn = (year: number, month: number) => (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/**
 * A date as milliseconds (fractions of a second kept): ISO 8601, read the same in every time
 * zone, or epoch seconds; undefined for other text and for dates that do not exist (February 30,
 * hour 24, minute 60).
 */
function dateOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const [zoneHours, zoneMinutes] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 || zoneHours > 23 || zoneMinutes > 59) return undefined;
  const offset = (m[9] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  // Date.UTC reads years 0 to 99 as 1900 to 1999: those years are set on their own.
  const utc = year >= 100 ? Date.UTC(year, month - 1, day, hour, minute, second) : new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000;
  return utc + (m[7] ? Number(`0${m[7]}`) * 1000 : 0) - offset;
}

/** A decimal number, strictly (`+5`, `-0.5`, `.5`, `5.`): no exponent, hexadecimal, spaces or Infinity. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const numberOf = (text: string): number | undefined => (NUMBER.test(text) ? Number(text) : undefined);

/** `true` or `false` in any case: the only values Bool reads. */
const BOOLEAN = /^(true|false)$/i;

/** An IPv4 part (of an address, or the IPv4 tail of an IPv6 one) written with a leading zero: `010.0.0.1`. */
const LEADING_ZERO_OCTET = /(?:^|[.:])0\d+(?=\.)|\.0\d+(?=$|\/)/;

/** An address or range as IpAddress reads it: no leading zeros in an IPv4 part; a request value is an address, not a range. */
function ipOf(text: string, isAddress: boolean): ReturnType<typeof parseIpRange> {
  if (isAddress && text.includes('/')) return undefined;
  if (text.includes('.') && LEADING_ZERO_OCTET.test(text)) return undefined;
  return parseIpRange(text);
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
      const [a, b] = [numberOf(requestValue), numberOf(conditionValue)];
      return a !== undefined && b !== undefined && numericOrder(positive.replace('Numeric', ''), a, b);
    }
    case 'Date': {
      const [a, b] = [dateOf(requestValue), dateOf(conditionValue)];
      return a !== undefined && b !== undefined && numericOrder(positive.replace('Date', ''), a, b);
    }
    case 'Bool':
      return BOOLEAN.test(requestValue) && BOOLEAN.test(conditionValue) && requestValue.toLowerCase() === conditionValue.toLowerCase();
    case 'Binary':
      return requestValue === conditionValue;
    case 'IpAddress': {
      const range = ipOf(conditionValue, false);
      const address = ipOf(requestValue, true);
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

/**
 * ArnEquals and ArnLike: the six parts compared one by one, wildcards within a part. Both sides
 * must be ARNs (six colon-separated parts, the resource part holding any further colons), except
 * that a bare `*` in the policy matches every ARN.
 */
function arnLike(pattern: string, arn: string): boolean {
  const a = arn.split(':');
  if (a.length < 6 || a[0] !== 'arn') return false;
  if (pattern === '*') return true;
  const p = pattern.split(':');
  if (p.length < 6) return false;
  const parts = (list: string[]) => [...list.slice(0, 5), list.slice(5).join(':')];
  const [pp, ap] = [parts(p), parts(a)];
  return pp.every((part, i) => matches(part, ap[i], false));
}

/** One operator-key entry of a Condition: true when it holds for the request. */
function entryHolds(entry: ConditionEntry, parsed: ParsedOperator, context: Context, version: string | undefined): Tri {
  const { family, negated, name, supportsPolicyVariables } = parsed.base;
  const values = context.get(entry.key);
  if (values === undefined) return unknown([entry.key]);
  if (family === 'Null') {
    // "true": the key must be absent; "false": present.
    const present = values !== null && values.length > 0;
    return conditionValues(entry).some((v) => v.toLowerCase() === (present ? 'false' : 'true'));
  }
  // An empty string alone is an empty set to the set operators: ForAllValues holds, ForAnyValue does not.
  if (values === null || values.length === 0 || (parsed.prefix && values.length === 1 && values[0] === '')) {
    if (parsed.prefix === 'ForAllValues') return true;
    if (parsed.prefix === 'ForAnyValue') return false;
    if (parsed.ifExists) return true;
    return negated;
  }
  // Without a set operator, a key with several values matches nothing, negated or IfExists alike
  // (AWS: multivalued context keys require a condition set operator).
  if (!parsed.prefix && values.length > 1) return false;
  // The condition's values, variables replaced where the operator takes them.
  const wanted: string[] = [];
  const missing: string[] = [];
  let unresolved = false;
  for (const raw of conditionValues(entry)) {
    // A value computed at deploy time may be any value.
    if (raw.includes(UNKNOWN)) {
      missing.push(DEPLOY_TIME_VALUE);
      continue;
    }
    const text = supportsPolicyVariables ? substitute(raw, context, version) : raw;
    if (text === undefined) unresolved = true;
    else if (typeof text !== 'string') missing.push(...text.missing);
    else wanted.push(text);
  }
  // One request value against the condition's values, ORed: a match among the values that can be
  // read decides; otherwise a value that needs a missing key leaves it open. A negated operator
  // holds when none matches, and never when a value's variable cannot be resolved (its key
  // absent, no default): AWS may then take the statement as invalid, which applies to nothing.
  const hit = (value: string): Tri => (wanted.some((w) => compare(family, name, value, w)) || (negated && unresolved) ? true : missing.length > 0 ? unknown(missing) : false);
  const holds = (value: string): Tri => (negated ? not(hit(value)) : hit(value));
  if (parsed.prefix === 'ForAllValues') return all(values.map((value) => () => holds(value)));
  if (parsed.prefix === 'ForAnyValue') return any(values.map((value) => () => holds(value)));
  return holds(values[0]);
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
