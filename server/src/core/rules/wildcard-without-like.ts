import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { allConditionEntries, conditionEntryAt, hasConditionOperator } from '../semantics/conditionItems';
import { type Rule, stringTarget } from './rule';

interface Data {
  /** The `...Like` spelling of the operator, when it has one. */
  readonly replacement?: string;
}

/** True when the value has `*` or `?` outside a `${...}` policy variable (`${*}` is a literal star). */
export function hasWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^${}]*\}/g, ''));
}

/**
 * `wildcard-without-like`: `StringEquals` and `StringNotEquals` compare `*` and `?`
 * literally, so a value such as `arn:aws:iam::*:role/admin-*` matches only that exact text.
 * The fix switches to `StringLike`/`StringNotLike` (the IgnoreCase forms have no Like
 * counterpart, so they get no fix).
 */
export const wildcardWithoutLike: Rule<Data> = {
  code: 'wildcard-without-like',
  defaultSeverity: 'warning',
  description: 'A StringEquals/StringNotEquals value contains * or ?, which are compared literally; use StringLike.',
  example: {
    bad: '"Condition": { "StringEquals": { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/deploy-*" } }',
    good: '"Condition": { "StringLike": { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/deploy-*" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const base = entry.parsed?.base.name;
      if (base !== 'StringEquals' && base !== 'StringNotEquals' && base !== 'StringEqualsIgnoreCase' && base !== 'StringNotEqualsIgnoreCase') continue;
      const like = base === 'StringEquals' ? 'StringLike' : base === 'StringNotEquals' ? 'StringNotLike' : undefined;
      const replacement = like ? entry.operator.replace(base, like) : undefined;
      for (const value of entry.values) {
        if (!hasWildcard(value.text)) continue;
        const hint = replacement ? ` Use '${replacement}' for a pattern.` : ' There is no case-insensitive Like operator.';
        report(value.node, `'${entry.operator}' compares '*' and '?' literally, so '${value.text}' only matches that exact text.${hint}`, { replacement });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (typeof replacement !== 'string' || replacement === '') return [];
    // The value's key: the value is the property's value, or an element of its array.
    const value = stringTarget(target);
    const property = value?.parent?.type === 'array' ? value.parent.parent : value?.parent;
    const key = property?.type === 'property' ? property.children?.[0] : undefined;
    const entry = key && conditionEntryAt(policy, key.offset);
    if (!entry || entry.keyNode !== key || hasConditionOperator(entry.statement, replacement)) return [];
    return [quickFix(`Change '${entry.operator}' to '${replacement}'`, document, [renameKey(document, entry.operatorNode, replacement)], diagnostic, true)];
  },
};
