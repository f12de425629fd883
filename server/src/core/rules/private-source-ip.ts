import { allConditionEntries } from '../semantics/conditionItems';
import { type IpRange, parseIpRange, rangeWithin } from '../semantics/ipRanges';
import type { Rule } from './rule';

/** Address blocks that never reach AWS as a request's public source address. */
const PRIVATE_BLOCKS: readonly { readonly range: IpRange; readonly name: string }[] = [
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['::1', 'loopback'],
].map(([cidr, name]) => ({ range: parseIpRange(cidr) as IpRange, name }));

/** The kind of non-public block the whole range lies in, if it does. */
function privateBlockOf(range: IpRange): string | undefined {
  return PRIVATE_BLOCKS.find((b) => rangeWithin(range, b.range))?.name;
}

/**
 * `private-source-ip`: `aws:SourceIp` compared with a private, loopback or link-local range.
 * The key holds the public address a request comes from; requests through a VPC endpoint
 * carry none at all. So `IpAddress` with such a range never matches, and `NotIpAddress`
 * with it always does. Private addresses are checked with `aws:VpcSourceIp` (together with
 * `aws:SourceVpc` or `aws:SourceVpce`). Ranges that merely contain private space, such as
 * 0.0.0.0/0, are left alone.
 */
export const privateSourceIp: Rule = {
  code: 'private-source-ip',
  defaultSeverity: 'warning',
  description: 'aws:SourceIp compared with a private, loopback or link-local range: the key only holds public addresses, so the value never matches.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SourceIp": "10.0.0.0/8" } }',
    good: '"Condition": { "IpAddress": { "aws:VpcSourceIp": "10.0.0.0/8" }, "StringEquals": { "aws:SourceVpc": "vpc-1a2b3c4d" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (entry.parsed?.base.family !== 'IpAddress' || entry.key.toLowerCase() !== 'aws:sourceip') continue;
      const negated = entry.parsed.base.name === 'NotIpAddress';
      for (const value of entry.values) {
        const range = parseIpRange(value.text.trim());
        const block = range && privateBlockOf(range);
        if (!block) continue;
        const effect = negated ? `so '${entry.operator}' is true for every request and excluding this range changes nothing` : 'so this value never matches';
        report(
          value.node,
          `'${value.text}' is ${block} address space, but aws:SourceIp only holds public addresses (requests through a VPC endpoint have none), ${effect}. For addresses inside a VPC use aws:VpcSourceIp with aws:SourceVpc or aws:SourceVpce.`,
        );
      }
    }
  },
};
