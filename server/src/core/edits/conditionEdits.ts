import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import type { StatementModel } from '../policy';
import { rangeOf } from '../util/edits';
import { conditionOperators } from '../semantics/conditionItems';

type Json = string | { readonly [key: string]: Json };

/** The whitespace from the start of the line up to an offset. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** One-line JSON in the spacing people write by hand: `{"a": {"b": "c"}}`. */
function inline(value: Json): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')}}`;
}

/** Multi-line JSON whose nested lines start at `indent`, using the document's indent unit and line ending. */
function block(value: Json, indent: string, unit: string, eol: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = indent + unit;
  const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${block(v, inner, unit, eol)}`);
  return `{${eol}${lines.join(`,${eol}`)}${eol}${indent}}`;
}

/**
 * An edit that adds `"key": value` as the last property of an object node, keeping the
 * object's layout: one line stays one line; a multi-line object gets a new line with the
 * indentation of its last property.
 */
function insertProperty(document: TextDocument, object: Node, key: string, value: Json): TextEdit {
  const text = document.getText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const children = object.children ?? [];
  const last = children[children.length - 1];
  const objectText = text.slice(object.offset, object.offset + object.length);
  const multiline = objectText.includes('\n');
  if (!last) {
    const at = document.positionAt(object.offset + 1);
    return TextEdit.insert(at, `${JSON.stringify(key)}: ${inline(value)}`);
  }
  let end = last.offset + last.length;
  // A trailing comma (tolerated by the parser) is kept and reused.
  const after = /^\s*,/.exec(text.slice(end, object.offset + object.length - 1));
  const comma = after ? '' : ',';
  if (after) end += after[0].length;
  if (!multiline) return TextEdit.insert(document.positionAt(end), `${comma} ${JSON.stringify(key)}: ${inline(value)}`);
  const indent = indentAt(text, last.offset);
  const outer = indentAt(text, object.offset);
  const unit = indent.startsWith(outer) && indent.length > outer.length ? indent.slice(outer.length) : '  ';
  return TextEdit.insert(document.positionAt(end), `${comma}${eol}${indent}${JSON.stringify(key)}: ${block(value, indent, unit, eol)}`);
}

/**
 * Edits that add `operator: {key: value}` to a statement's condition: into the existing
 * operator block, or as a new operator, or as a new `Condition` element.
 */
export function addConditionEdits(document: TextDocument, statement: StatementModel, operator: string, key: string, value: string): TextEdit[] {
  const condition = statement.condition;
  if (condition?.type === 'object') {
    const existing = conditionOperators(statement).find((op) => op.name === operator);
    if (existing?.value?.type === 'object') return [insertProperty(document, existing.value, key, value)];
    if (existing) return [];
    return [insertProperty(document, condition, operator, { [key]: value })];
  }
  if (condition) return [];
  return [insertProperty(document, statement.node, 'Condition', { [operator]: { [key]: value } })];
}

/** An edit that renames a property key node (its string contents only). */
export function renameKey(document: TextDocument, keyNode: Node, name: string): TextEdit {
  return TextEdit.replace(rangeOf(document, { offset: keyNode.offset + 1, length: keyNode.length - 2 }), JSON.stringify(name).slice(1, -1));
}
