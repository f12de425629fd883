import { DiagnosticTag } from 'vscode-languageserver-types';
import { removeArrayElement } from '../edits/jsonEdits';
import { allConditionEntries, type ConditionEntry } from '../semantics/conditionItems';
import { type IpRange, parseIpRange, rangeWithin } from '../semantics/ipRanges';
import { resourceCovers } from '../semantics/resourcePatterns';
import { hasUnknown } from '../semantics/unknown';
import { quickFix } from '../util/edits';
import { type Rule, stringTarget } from './rule';

/** A number as IAM reads one in a Numeric condition, or undefined. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const numberOf = (text: string) => (NUMBER.test(text.trim()) ? Number(text) : undefined);

/** Why a value adds nothing to the others of its key, or undefined. */
type Redundancy = { readonly node: ConditionEntry['values'][number]['node']; readonly message: string };

/** Values listed again (IgnoreCase operators compare without case); a value the host computes is never compared. */
function repeated(entry: ConditionEntry): Redundancy[] {
  const ignoreCase = /IgnoreCase$/.test(entry.parsed?.base.name ?? '');
  const seen = new Set<string>();
  const out: Redundancy[] = [];
  for (const v of entry.values) {
    if (hasUnknown(v.text)) continue;
    const form = ignoreCase ? v.text.toLowerCase() : v.text;
    if (seen.has(form)) out.push({ node: v.node, message: `'${v.text}' is listed twice for '${entry.key}': the second adds nothing.` });
    seen.add(form);
  }
  return out;
}

/** A Numeric bound implied by the widest one (Access Analyzer's REDUNDANT_CONDITION_VALUE_NUM). */
function numericBounds(entry: ConditionEntry, name: string): Redundancy[] {
  const below = name === 'NumericLessThan' || name === 'NumericLessThanEquals';
  const above = name === 'NumericGreaterThan' || name === 'NumericGreaterThanEquals';
  if (!below && !above || entry.parsed?.prefix) return [];
  const numbers = entry.values.map((v) => ({ value: v, n: numberOf(v.text) }));
  if (numbers.some((x) => x.n === undefined)) return [];
  // The widest bound holds wherever any other does.
  const widest = numbers.reduce((best, x) => ((below ? x.n! > best.n! : x.n! < best.n!) ? x : best));
  return numbers
    .filter((x) => x !== widest && x.value.text !== widest.value.text)
    .map((x) => ({ node: x.value.node, message: `'${x.value.text}' adds nothing: ${entry.operator} ${widest.value.text} already holds for every value it does (the values of '${entry.key}' are ORed).` }));
}

/**
 * A value another value of the key already takes in: a StringLike pattern's match (`abc` under
 * `a*`), an address range inside another (`10.0.0.5/32` in `10.0.0.0/24`). The values of a key are
 * ORed, in the negated operators too (the key must match none of them), so the narrower adds nothing.
 */
function covered(entry: ConditionEntry, name: string): Redundancy[] {
  const like = name === 'StringLike' || name === 'StringNotLike';
  const ip = name === 'IpAddress' || name === 'NotIpAddress';
  if (!like && !ip) return [];
  const values = entry.values.filter((v) => !hasUnknown(v.text));
  const ranges = ip ? values.map((v) => parseIpRange(v.text)) : [];
  const within = (i: number, j: number) => (ip ? ranges[i] !== undefined && ranges[j] !== undefined && rangeWithin(ranges[i] as IpRange, ranges[j] as IpRange) : resourceCovers(values[j].text, values[i].text));
  const out: Redundancy[] = [];
  values.forEach((v, i) => {
    // The first of equal values is kept (repeated() reports the others); of two that take each other in, the first.
    const j = values.findIndex((w, k) => k !== i && w.text !== v.text && within(i, k) && (k < i || !within(k, i)));
    if (j >= 0) out.push({ node: v.node, message: `'${v.text}' adds nothing: ${entry.operator} '${values[j].text}' already takes it in (the values of '${entry.key}' are ORed).` });
  });
  return out;
}

/**
 * `redundant-condition-value`: a value of a condition key that the key's other values make
 * pointless: listed twice, a Numeric bound the widest bound implies (Access Analyzer's
 * REDUNDANT_CONDITION_VALUE_NUM), a StringLike match or an address range another value takes
 * in. The fix removes the value.
 */
export const redundantConditionValue: Rule = {
  code: 'redundant-condition-value',
  defaultSeverity: 'hint',
  description: 'A value of a condition key adds nothing to the others (the values are ORed): listed twice, a Numeric bound implied by a wider one, a StringLike match or an address range another value takes in.',
  example: {
    bad: '"Condition": { "NumericLessThanEquals": { "s3:max-keys": ["10", "100"] }, "StringLike": { "s3:prefix": ["home/*", "home/docs/*"] } }',
    good: '"Condition": { "NumericLessThanEquals": { "s3:max-keys": "100" }, "StringLike": { "s3:prefix": "home/*" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const name = entry.parsed?.base.name;
      if (!entry.parsed || !name || entry.values.length < 2) continue;
      const found = new Map<Redundancy['node'], string>();
      for (const r of [...repeated(entry), ...numericBounds(entry, name), ...covered(entry, name)]) if (!found.has(r.node)) found.set(r.node, r.message);
      for (const [node, message] of [...found].sort(([a], [b]) => a.offset - b.offset)) report(node, message, undefined, { tags: [DiagnosticTag.Unnecessary] });
    }
  },
  fix({ document, target }, diagnostic) {
    const node = target && (stringTarget(target) ?? (target.type === 'number' ? target : undefined));
    const edit = node && removeArrayElement(document, node);
    return edit ? [quickFix(`Remove the redundant value`, document, [edit], diagnostic, true)] : [];
  },
};
