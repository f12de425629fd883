// Whether a statement's Condition holds for the request: every operator family with its
// parsing of numbers, dates, booleans, IP addresses and ARNs (docs/evaluation.md, Conditions).
import { parseOperator, type ParsedOperator } from '../data/conditionOperators';
import type { StatementModel } from '../policy';
import { conditionEntries, type ConditionEntry } from '../semantics/conditionItems';
import { networkAddress, parseIpRange } from '../semantics/ipRanges';
import { UNKNOWN } from '../semantics/unknown';
import { type Context, DEPLOY_TIME_VALUE, matches, substitute } from './context';
import { all, any, isUnknown, not, type Tri, unknown } from './tri';
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
export function conditionHolds(statement: StatementModel, context: Context, version: string | undefined): { result: Tri; failed?: string; unreadable?: string } {
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

