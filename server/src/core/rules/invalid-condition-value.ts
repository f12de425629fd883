import type { OperatorFamily } from '../data/conditionOperators';
import { allConditionEntries, type ConditionEntry } from '../semantics/conditionItems';
import { isIpOrCidr } from '../semantics/ipRanges';
import type { Rule } from './rule';

const ISO_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?)?)?$/;

/** An ISO 8601 date or date-time (the W3C profile IAM documents), or epoch seconds. */
function isConditionDate(text: string): boolean {
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

/** The values after the first of a `Bool` without set operator whose values are all booleans: IAM expects one. */
function extraBooleans(entry: ConditionEntry): ConditionEntry['values'] {
  if (entry.parsed?.base.family !== 'Bool' || entry.parsed.prefix || entry.values.length < 2) return [];
  return entry.values.every((v) => /^(true|false)$/i.test(v.text.trim())) ? entry.values.slice(1) : [];
}

/**
 * `invalid-condition-value`: a value that cannot be what its operator compares: not an IP
 * address or CIDR range for `IpAddress`, not a date for `Date*`, not a number for
 * `Numeric*`, not true/false for `Bool` and `Null`, or more than one value for `Bool`.
 * Values with policy variables are left alone: they are resolved per request.
 */
export const invalidConditionValue: Rule = {
  code: 'invalid-condition-value',
  defaultSeverity: 'warning',
  description: 'The condition value does not fit its operator: bad IP address or CIDR, date, number, boolean or base64, or several values for Bool.',
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
      const mixed = new Set(entry.values.map((v) => v.text.trim().toLowerCase())).size > 1;
      for (const value of extraBooleans(entry)) {
        const effect = mixed ? 'with both true and false the condition only tests that the key is present (use "Null": "false" for that)' : 'the repeated value adds nothing';
        report(value.node, `${entry.operator} takes a single value for '${entry.key}': ${effect}.`);
      }
    }
  },
};
