import type { OperatorFamily } from '../data/conditionOperators';
import { allConditionEntries } from './conditionItems';
import type { Rule } from './rule';

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split('::').length > 2 || text.includes(':::')) return false;
  // A single colon may not open or close the address (only `::` may).
  if (/^:[^:]/.test(text) || /[^:]:$/.test(text)) return false;
  let groups = text.split(':');
  let slots = 8;
  // An embedded IPv4 tail (::ffff:192.0.2.1) takes two groups.
  if (groups[groups.length - 1].includes('.')) {
    if (!isIPv4(groups[groups.length - 1])) return false;
    groups = groups.slice(0, -1);
    slots = 6;
  }
  const compressed = text.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return compressed ? filled.length < slots : filled.length === slots && groups.length === slots;
}

/** An IPv4 or IPv6 address with an optional CIDR prefix length (a bare address means /32 or /128). */
export function isIpOrCidr(text: string): boolean {
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined) return false;
  const v4 = isIPv4(address);
  if (!v4 && !isIPv6(address)) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128);
}

const ISO_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?)?)?$/;

/** An ISO 8601 date or date-time (the W3C profile IAM documents), or epoch seconds. */
export function isConditionDate(text: string): boolean {
  return /^\d+$/.test(text) || ISO_DATE.test(text);
}

const CHECKS: Partial<Record<OperatorFamily, { test: (v: string) => boolean; expected: string }>> = {
  IpAddress: { test: isIpOrCidr, expected: 'an IPv4 or IPv6 address or CIDR range, such as 203.0.113.0/24' },
  Date: { test: isConditionDate, expected: 'an ISO 8601 date such as 2026-01-31T23:59:59Z, or epoch seconds' },
  Numeric: { test: (v) => /^-?\d+(\.\d+)?$/.test(v), expected: 'a number' },
  Bool: { test: (v) => /^(true|false)$/i.test(v), expected: '"true" or "false"' },
  Null: { test: (v) => /^(true|false)$/i.test(v), expected: '"true" (key absent) or "false" (key present)' },
  Binary: { test: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0, expected: 'base64-encoded bytes' },
};

/**
 * `invalid-condition-value`: a value that cannot be what its operator compares: not an IP
 * address or CIDR range for `IpAddress`, not a date for `Date*`, not a number for
 * `Numeric*`, not true/false for `Bool` and `Null`. Values with policy variables are left
 * alone: they are resolved per request.
 */
export const invalidConditionValue: Rule = {
  code: 'invalid-condition-value',
  defaultSeverity: 'warning',
  description: 'The condition value does not fit its operator: bad IP address or CIDR, date, number, boolean or base64.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/33" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const check = entry.parsed && CHECKS[entry.parsed.base.family];
      if (!check) continue;
      for (const value of entry.values) {
        if (value.text.includes('${') || check.test(value.text.trim())) continue;
        report(value.node, `'${value.text}' is not valid for ${entry.operator}: expected ${check.expected}.`);
      }
    }
  },
};
