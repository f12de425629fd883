import { extraFamiliesForKey, familyForKeyType, nonArnStringKeys, type OperatorFamily, parseOperator } from '../data/conditionOperators';
import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { allConditionEntries, conditionEntryAt, conditionKeyInfo, type ConditionEntry, hasConditionOperator } from '../semantics/conditionItems';
import type { Rule } from './rule';

interface Data {
  /** The operator with the matching family, when the operator block holds only this key. */
  readonly replacement?: string;
}

/** The comparison an operator makes, independent of its family: Equals, NotLike, LessThan... */
function relation(base: string, family: OperatorFamily): string {
  if (base === 'Bool' || base === 'IpAddress' || base === 'BinaryEquals') return 'Equals';
  if (base === 'NotIpAddress') return 'NotEquals';
  return base.slice(family.length);
}

/** The operator of another family that makes the same comparison, if there is one. */
function sameRelationIn(family: string, rel: string): string | undefined {
  const negated = rel.startsWith('Not');
  switch (family) {
    case 'String':
    case 'Arn':
      return `${family}${rel}`;
    case 'Numeric':
    case 'Date':
      return `${family}${rel.replace('Like', 'Equals')}`;
    case 'Bool':
      return rel === 'Equals' ? 'Bool' : undefined;
    case 'IpAddress':
      return negated ? 'NotIpAddress' : 'IpAddress';
    default:
      return undefined;
  }
}

const TYPE_NAMES: Record<string, string> = { IPAddress: 'an IP address', Date: 'a date', Numeric: 'a number', Bool: 'a boolean', Binary: 'a binary', String: 'a string', ARN: 'an ARN' };

/** A value an `Arn*` operator can compare: an ARN or ARN pattern, a leading wildcard, or a policy variable. */
const arnShaped = (text: string) => /^(arn:|[*?])/.test(text) || text.includes('${');

/**
 * `Arn*` on a String key works when the key holds ARNs (tags, encryption context, ...), not when
 * the key is known to hold something else or a value in the policy is plainly not an ARN.
 */
function arnOnNonArnValues(entry: ConditionEntry): boolean {
  return nonArnStringKeys.has(entry.key.toLowerCase()) || entry.values.some((v) => !arnShaped(v.text));
}

/** The String operator for an `Arn*` comparison: ArnEquals also expands wildcards, so with one it becomes StringLike. */
function stringRelationForArn(rel: string, entry: ConditionEntry): string {
  return entry.values.some((v) => /[*?]/.test(v.text)) ? rel.replace('Equals', 'Like') : rel;
}

/**
 * `operator-type-mismatch`: the operator's family does not fit the key's type, e.g.
 * `StringEquals` on the Date key `aws:CurrentTime` or `StringLike` on the IP key
 * `aws:SourceIp`: IAM then compares text, not dates or CIDR ranges. A String operator on a
 * boolean key (`StringEquals` on `aws:MultiFactorAuthPresent`) is reported as well, as Access
 * Analyzer does (TYPE_MISMATCH): it happens to work for "true"/"false", but `Bool` is the
 * operator AWS documents. ARN keys accept String operators too (AWS documents both), and
 * `Null` fits every key. `Arn*` operators fit String
 * keys that hold ARNs, but not keys such as `aws:SourceAccount` or values that are no ARN.
 * The fix swaps in the operator of the right family that makes the same comparison.
 */
export const operatorTypeMismatch: Rule<Data> = {
  code: 'operator-type-mismatch',
  defaultSeverity: 'warning',
  description: 'The condition operator does not fit the key\'s type (e.g. StringEquals on a date, IP address or number key, ArnEquals on an account ID).',
  example: {
    bad: '"Condition": { "StringLike": { "aws:SourceIp": "203.0.113.*" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy, catalog }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (!entry.parsed) continue;
      const info = conditionKeyInfo(catalog, entry.key);
      if (!info?.type) continue;
      const families = [...familyForKeyType(info.type), ...(extraFamiliesForKey[entry.key.toLowerCase()] ?? [])];
      // An unrecognised type only fits Null: we cannot judge it.
      if (families.length <= 1) continue;
      const family = entry.parsed.base.family;
      // String keys often hold ARNs (tags, encryption context); Arn* operators compare those component
      // by component, which works. Not on keys that hold account IDs, Regions... or with non-ARN values.
      if (families.includes(family)) continue;
      const arnOnString = family === 'Arn' && families.includes('String');
      if (arnOnString && !arnOnNonArnValues(entry)) continue;
      const element = info.type.replace(/^ArrayOf/, '');
      const rel = relation(entry.parsed.base.name, family);
      const target = sameRelationIn(families[0], arnOnString ? stringRelationForArn(rel, entry) : rel);
      const spelled =
        target && parseOperator(target)
          ? `${entry.parsed.prefix ? `${entry.parsed.prefix}:` : ''}${target}${entry.parsed.ifExists ? 'IfExists' : ''}`
          : undefined;
      const replacement = spelled && parseOperator(spelled) && entry.block.children?.length === 1 ? spelled : undefined;
      const hint = spelled ? ` Use '${spelled}'.` : ` Use a ${families[0]} operator.`;
      const notArn = entry.values.find((v) => !arnShaped(v.text));
      const message = !arnOnString
        ? `'${entry.key}' is ${TYPE_NAMES[element] ?? element} key, but '${entry.operator}' is a ${family} operator.${hint}`
        : nonArnStringKeys.has(entry.key.toLowerCase())
          ? `'${entry.key}' holds no ARNs, but '${entry.operator}' compares ARNs component by component.${hint}`
          : `'${entry.key}' is a string key and '${notArn?.text}' is no ARN, but '${entry.operator}' compares ARNs component by component.${hint}`;
      report(entry.keyNode, message, { replacement });
    }
  },
  fix({ document, policy, target }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (typeof replacement !== 'string' || replacement === '') return [];
    if (!target) return [];
    const offset = target.offset;
    const entry = conditionEntryAt(policy, offset);
    if (!entry || hasConditionOperator(entry.statement, replacement)) return [];
    // Not preferred: a condition that never matched starts matching, which changes what the
    // statement allows or denies; it is offered, never applied by fix-all or on save.
    return [quickFix(`Change the operator to '${replacement}'`, document, [renameKey(document, entry.operatorNode, replacement)], diagnostic, false)];
  },
};
