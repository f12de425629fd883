import type { Node } from 'jsonc-parser';
import { TextEdit } from 'vscode-languageserver-types';
import { childAt, jsonKind, statementAt } from '../policy';
import { quickFix, rangeOf } from '../util/edits';
import { conditionEntries, conditionEntryAt, conditionOperators } from '../semantics/conditionItems';
import { unwrapArray } from '../edits/jsonEdits';
import type { Rule } from './rule';

/** JSON types IAM accepts as a condition value (alone or as array items). */
const SCALARS = new Set(['string', 'number', 'boolean']);
const ACCEPTED = 'IAM accepts a string, number or boolean, or an array of them';

/** The scalar items of a value list when they mix JSON types (`["a", 1]`), else undefined. */
function mixedScalars(list: Node): Node[] | undefined {
  const items = (list.children ?? []).filter((c) => SCALARS.has(c.type));
  return new Set(items.map((c) => c.type)).size > 1 ? items : undefined;
}

/**
 * `malformed-condition`: a Condition that is not `{"operator": {"key": value}}`: the element or
 * an operator's block is not an object, or a value is null, an object or a nested array.
 * IAM rejects the policy (MalformedPolicyDocument). Empty blocks are `empty-condition`. A value
 * list that mixes JSON types (`["a", 1, true]`) is reported too, once per list on its first odd
 * value: Access Analyzer calls it an error (INVALID_CONDITION_DATA_TYPE), as values of one key
 * share one type.
 *
 * Fixes only where the meaning is plain (preferred, in fix-all): a nested array of scalars is
 * flattened into the list around it (`[["a", "b"]]`, typically a templated list put inside a
 * list), and a Condition or operator block written as an array holding one object is unwrapped.
 * A null or object value, a scalar block or an array of several objects get none: which values
 * or which combination was meant cannot be read from the text, and dropping the part would
 * lift the restriction. A mixed list is written all as strings (preferred): IAM reads `1` and
 * `true` as "1" and "true", so the meaning stays.
 */
export const malformedCondition: Rule = {
  code: 'malformed-condition',
  defaultSeverity: 'error',
  description: 'The Condition is not shaped {"operator": {"key": value}}, a value is null, an object or a nested array, or a value list mixes JSON types.',
  example: {
    bad: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": null } }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const condition = statement.condition;
      if (!condition) continue;
      if (condition.type !== 'object') {
        report(condition, `The Condition cannot be ${jsonKind(condition)}: it maps operators to blocks of keys, e.g. {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}.`);
        continue;
      }
      for (const op of conditionOperators(statement)) {
        if (op.value && op.value.type !== 'object') {
          report(op.value, `'${op.name}' cannot be ${jsonKind(op.value)}: it maps condition keys to values, e.g. {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}.`);
        }
      }
      for (const entry of conditionEntries(statement)) {
        const value = entry.valueNode;
        if (!value || SCALARS.has(value.type)) continue;
        if (value.type !== 'array') {
          report(value, `The value of '${entry.key}' cannot be ${jsonKind(value)}: ${ACCEPTED}.`);
          continue;
        }
        for (const item of value.children ?? []) {
          if (!SCALARS.has(item.type)) report(item, `A value of '${entry.key}' cannot be ${jsonKind(item)}: ${ACCEPTED}.`);
        }
        const mixed = mixedScalars(value);
        const odd = mixed?.find((item) => item.type !== mixed[0].type);
        if (mixed && odd) {
          const kinds = [...new Set(mixed.map((item) => item.type))].join(' and ');
          report(odd, `The values of '${entry.key}' mix JSON types (${kinds}): IAM expects values of one type. Write them all as strings.`);
        }
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const statement = statementAt(policy, offset);
    if (!statement) return [];
    const unwrap = (title: string, array: Node) => {
      const edit = unwrapArray(document, array);
      return edit ? [quickFix(title, document, [edit], diagnostic, true)] : [];
    };
    const condition = statement.condition;
    const onlyObject = (node: Node) => node.offset === offset && node.type === 'array' && node.children?.length === 1 && node.children[0].type === 'object';
    if (condition && onlyObject(condition)) return unwrap('Take the Condition out of its array', condition);
    if (condition?.type !== 'object') return [];
    // Down to the offset: the operator's property, the key's, then the element of its array.
    const operator = childAt(condition, offset);
    const [name, block] = operator?.children ?? [];
    if (block && onlyObject(block)) return unwrap(`Take '${String(name?.value)}' out of its array`, block);
    const key = block?.type === 'object' ? childAt(block, offset)?.children?.[0] : undefined;
    const entry = key && conditionEntryAt(policy, key.offset);
    if (!entry || entry.keyNode !== key || entry.valueNode?.type !== 'array') return [];
    const nested = childAt(entry.valueNode, offset);
    if (nested?.offset !== offset) return [];
    const mixed = SCALARS.has(nested.type) ? mixedScalars(entry.valueNode) : undefined;
    if (mixed) {
      const edits = mixed.filter((item) => item.type !== 'string').map((item) => {
        // The token as written (`1.50` stays "1.50"), which is what IAM compares.
        const range = rangeOf(document, item);
        return TextEdit.replace(range, JSON.stringify(document.getText(range)));
      });
      return [quickFix(`Write the values of '${entry.key}' as strings`, document, edits, diagnostic, true)];
    }
    if (nested.type !== 'array') return [];
    return nested.children?.every((c) => SCALARS.has(c.type)) ? unwrap(`Flatten the nested array of '${entry.key}'`, nested) : [];
  },
};
