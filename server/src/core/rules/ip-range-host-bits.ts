import { quickFix, replaceStringValue } from '../util/edits';
import { allConditionEntries, conditionStringAt } from '../semantics/conditionItems';
import { formatAddress, hasHostBits, networkAddress, parseIpRange } from '../semantics/ipRanges';
import type { Rule } from './rule';

interface Data {
  /** The range as IAM reads it, e.g. `203.0.113.0/24`. */
  readonly range: string;
}

/**
 * `ip-range-host-bits`: a CIDR range written with bits set after its prefix, such as
 * `203.0.113.5/24`. IAM ignores those bits, so the value means the whole block
 * (`203.0.113.0/24`), which is often not what the author had in mind (a single address
 * is `/32`). The fix writes the block's first address, which keeps the meaning.
 */
export const ipRangeHostBits: Rule<Data> = {
  code: 'ip-range-host-bits',
  defaultSeverity: 'information',
  description: 'A CIDR range has bits set after its prefix (203.0.113.5/24); IAM ignores them and matches the whole block.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.5/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (entry.parsed?.base.family !== 'IpAddress') continue;
      for (const value of entry.values) {
        const parsed = parseIpRange(value.text.trim());
        if (!parsed || !hasHostBits(parsed)) continue;
        const range = `${formatAddress(parsed.v4, networkAddress(parsed))}/${parsed.prefix}`;
        report(
          value.node,
          `The bits of '${value.text}' after the /${parsed.prefix} prefix are ignored: it matches all of ${range}. Write ${range}, or /${parsed.v4 ? 32 : 128} for the single address.`,
          { range },
        );
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    const node = conditionStringAt(policy, target);
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const range: unknown = (diagnostic.data as Partial<Data> | null)?.range;
    if (!node || typeof range !== 'string') return [];
    return [quickFix(`Change to '${range}'`, document, [replaceStringValue(document, node, range)], diagnostic, true)];
  },
};
