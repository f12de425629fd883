import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { quickFix, rangeOf } from '../util/edits';
import { allConditionEntries, conditionEntries, conditionEntryAt, type ConditionEntry } from '../semantics/conditionItems';
import { effectOf } from '../semantics/actionPatterns';
import { eolOf, removeProperty } from '../edits/jsonEdits';
import type { Rule } from './rule';

const SCALARS = new Set(['string', 'number', 'boolean']);

/** The value nodes of an entry whose value is a scalar or an array of scalars, else undefined. */
function scalarNodes(entry: ConditionEntry): Node[] | undefined {
  const value = entry.valueNode;
  if (!value) return undefined;
  if (SCALARS.has(value.type)) return [value];
  const items = value.type === 'array' ? (value.children ?? []) : undefined;
  return items?.every((i) => SCALARS.has(i.type)) ? items : undefined;
}

/**
 * An edit that adds values (their JSON text) to an entry's value: appended to an array (on
 * lines of their own when its elements are), or a single value turned into an array.
 */
function addValues(document: TextDocument, value: Node, added: string[]): TextEdit {
  const text = document.getText();
  if (value.type !== 'array') return TextEdit.replace(rangeOf(document, value), `[${[text.slice(value.offset, value.offset + value.length), ...added].join(', ')}]`);
  const items = value.children ?? [];
  const last = items[items.length - 1];
  if (!last) return TextEdit.insert(document.positionAt(value.offset + 1), added.join(', '));
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const indent = text.slice(lineStart, last.offset);
  const separator = lineStart > value.offset && /^[ \t]*$/.test(indent) ? `,${eolOf(document)}${indent}` : ', ';
  return TextEdit.insert(document.positionAt(last.offset + last.length), added.map((a) => separator + a).join(''));
}

/**
 * Whether merging the later key's values into the first key's can never widen a grant, whatever
 * IAM made of the two keys (both tested, or one of them ignored). Merged values are ORed: for a
 * positive operator (`StringEquals`, `IpAddress`, ...) the merged test matches whenever either
 * key did, which only makes a Deny apply more often; for a negated one (`StringNotEquals`,
 * `NotIpAddress`, ...) it requires the value to differ from all of them, which is the same as
 * testing both keys and stricter than testing one, so it only narrows an Allow.
 */
function mergeNeverWidens(entry: ConditionEntry): boolean {
  const effect = effectOf(entry.statement);
  if (!entry.parsed || !effect) return false;
  return entry.parsed.base.negated === (effect === 'Allow');
}

/**
 * `duplicate-condition-key`: one operator block names the same condition key twice in
 * different casing (`aws:SourceIp` and `aws:sourceip`). IAM reads key names
 * case-insensitively, so the two entries are one key with two conflicting value lists; IAM
 * Access Analyzer reports it as an error. Identical spellings are `duplicate-key`.
 *
 * The fix merges the later key's values into the first key's list (duplicates dropped) and
 * deletes the later key, when both values are scalars or arrays of scalars. That is the likely
 * intent (a second value added under a differently typed key, as the message suggests), but it
 * ORs values the policy may have meant to AND: preferred and in fix-all only where that can
 * never widen a grant (see `mergeNeverWidens`), otherwise offered with a title that says so.
 */
export const duplicateConditionKey: Rule = {
  code: 'duplicate-condition-key',
  defaultSeverity: 'error',
  description: 'An operator block names the same condition key twice in different casing; IAM reads key names case-insensitively.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } }',
  },
  check({ policy }, report) {
    const blocks = new Map<Node, Map<string, Node>>();
    for (const entry of allConditionEntries(policy)) {
      let seen = blocks.get(entry.block);
      if (!seen) blocks.set(entry.block, (seen = new Map()));
      const lower = entry.key.toLowerCase();
      const first = seen.get(lower);
      if (!first) {
        seen.set(lower, entry.keyNode);
      } else if (first.value !== entry.key) {
        report(entry.keyNode, `'${entry.key}' repeats '${String(first.value)}' in this '${entry.operator}' block: IAM reads condition key names case-insensitively. Merge their values under one key.`, undefined, {
          related: [{ target: first, message: `First '${String(first.value)}'` }],
        });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const later = conditionEntryAt(policy, offset);
    if (!later) return [];
    const lower = later.key.toLowerCase();
    const first = conditionEntries(later.statement).find((e) => e.block === later.block && e.key.toLowerCase() === lower);
    const firstValues = first && first !== later ? scalarNodes(first) : undefined;
    const laterValues = scalarNodes(later);
    if (!first?.valueNode || !firstValues || !laterValues || !later.keyNode.parent) return [];
    const text = (n: Node) => document.getText().slice(n.offset, n.offset + n.length);
    const seen = new Set(firstValues.map((n) => String(n.value)));
    const added: string[] = [];
    for (const node of laterValues) {
      if (seen.has(String(node.value))) continue;
      seen.add(String(node.value));
      added.push(text(node));
    }
    const removal = removeProperty(document, later.keyNode.parent);
    if (!removal) return [];
    const edits = added.length > 0 ? [addValues(document, first.valueNode, added), removal] : [removal];
    const title = `Merge the values of '${later.key}' into '${first.key}'`;
    if (mergeNeverWidens(later)) return [quickFix(title, document, edits, diagnostic, true)];
    const effect = later.parsed?.base.negated ? 'a value then has to differ from all of them' : 'either value then matches';
    return [quickFix(`${title} (${effect}: check that this is meant)`, document, edits, diagnostic)];
  },
};
