/** IPv4 and IPv6 addresses and CIDR ranges as the IpAddress condition operators read them. */

/** An address or CIDR range; a bare address has the full prefix (/32 or /128). */
export interface IpRange {
  readonly v4: boolean;
  /** The address as written, host bits included, as an unsigned number. */
  readonly address: bigint;
  readonly prefix: number;
}

function ipv4Value(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6Value(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split('::').length > 2 || text.includes(':::')) return undefined;
  // A single colon may not open or close the address (only `::` may).
  if (/^:[^:]/.test(text) || /[^:]:$/.test(text)) return undefined;
  let groups = text.split(':');
  let tail: bigint[] = [];
  let slots = 8;
  // An embedded IPv4 tail (::ffff:192.0.2.1) takes two groups.
  if (groups[groups.length - 1].includes('.')) {
    const v4 = ipv4Value(groups[groups.length - 1]);
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    groups = groups.slice(0, -1);
    slots = 6;
  }
  const compressed = text.includes('::');
  const filled = groups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  if (compressed ? filled.length >= slots : filled.length !== slots || groups.length !== slots) return undefined;
  // Expand `::` into the zero groups it stands for.
  const gap = text.indexOf('::');
  const head = compressed ? text.slice(0, gap).split(':').filter((g) => g !== '') : filled;
  const rest = compressed ? filled.slice(head.length) : [];
  const words = [...head.map((g) => BigInt(parseInt(g, 16))), ...Array<bigint>(slots - filled.length).fill(0n), ...rest.map((g) => BigInt(parseInt(g, 16))), ...tail];
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** Parses `203.0.113.0/24`, `2001:db8::/32` or a bare address; undefined when malformed. */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText, prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const v4Address = ipv4Value(addressText);
  const v4 = v4Address !== undefined;
  const address = v4Address ?? ipv6Value(addressText);
  if (address === undefined) return undefined;
  const max = v4 ? 32 : 128;
  if (prefixText === undefined) return { v4, address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return undefined;
  return { v4, address, prefix: Number(prefixText) };
}

/** An IPv4 or IPv6 address with an optional CIDR prefix length (a bare address means /32 or /128). */
export function isIpOrCidr(text: string): boolean {
  return parseIpRange(text) !== undefined;
}

const width = (range: IpRange): bigint => (range.v4 ? 32n : 128n);

/** The first address of the range: the address with the bits after the prefix cleared. */
export function networkAddress(range: IpRange): bigint {
  const host = width(range) - BigInt(range.prefix);
  return (range.address >> host) << host;
}

/** True when the address has bits set after its prefix (`203.0.113.5/24`). */
export function hasHostBits(range: IpRange): boolean {
  return networkAddress(range) !== range.address;
}

/** True when every address of `inner` lies in `outer` (same family). */
export function rangeWithin(inner: IpRange, outer: IpRange): boolean {
  if (inner.v4 !== outer.v4 || inner.prefix < outer.prefix) return false;
  const host = width(outer) - BigInt(outer.prefix);
  return inner.address >> host === outer.address >> host;
}

/** The address in its usual notation: dotted IPv4, or compressed lower-case IPv6. */
export function formatAddress(v4: boolean, address: bigint): string {
  if (v4) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => (address >> s) & 0xffffn);
  // Compress the longest run of two or more zero groups (the first one on a tie).
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
