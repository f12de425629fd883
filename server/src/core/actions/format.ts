import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Range, TextEdit } from 'vscode-languageserver-types';
import type { ValueList } from '../policy';
import { rangeOf } from '../util/edits';

// Text helpers shared by the refactorings. They render new JSON in the style the user already
// wrote (line ending, indentation, one-line vs multi-line arrays) so an edit only touches the
// values it changes.

/** The document's line break: the first one found, `\n` for a one-line document. */
export function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** The leading whitespace of the line that contains an offset. */
export function lineIndent(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** One level of indentation: taken from the first indented line of the document, two spaces otherwise. */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : '  ';
}

/** True when the node's text spans several lines. */
export function isMultiLine(text: string, node: Node): boolean {
  return text.slice(node.offset, node.offset + node.length).includes('\n');
}

/** True when the cursor range touches the node (an empty range at either end counts). */
export function touches(document: TextDocument, range: Range, node: Node | undefined): boolean {
  if (!node) return false;
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return start <= node.offset + node.length && end >= node.offset;
}

const quote = (value: string) => JSON.stringify(value);

/** Renders strings as a JSON array whose items start on their own lines at `itemIndent`. */
function multiLineArray(values: readonly string[], itemIndent: string, closeIndent: string, eol: string): string {
  return `[${eol}${values.map((v) => itemIndent + quote(v)).join(`,${eol}`)}${eol}${closeIndent}]`;
}

/**
 * The text that replaces a value list's value with new strings, in the shape and style of
 * the old value: a string stays a string when one value remains; an array keeps its layout;
 * a string that becomes several values becomes an array laid out like its statement.
 */
export function renderValues(text: string, list: ValueList, values: readonly string[]): string {
  const node = list.valueNode;
  const eol = eolOf(text);
  if (node.type !== 'array') {
    if (values.length === 1) return quote(values[0]);
    const parent = list.property.parent;
    if (parent && isMultiLine(text, parent)) {
      const indent = lineIndent(text, list.property.offset);
      return multiLineArray(values, indent + indentUnit(text), indent, eol);
    }
    return `[${values.map(quote).join(', ')}]`;
  }
  const first = node.children?.[0];
  const inside = text.slice(node.offset + 1, first ? first.offset : node.offset + node.length - 1);
  if (inside.includes('\n') || (!first && isMultiLine(text, node))) {
    const close = lineIndent(text, node.offset + node.length - 1);
    const itemIndent = first ? lineIndent(text, first.offset) : close + indentUnit(text);
    return multiLineArray(values, itemIndent, close, eol);
  }
  const pad = inside.startsWith(' ') ? ' ' : '';
  return `[${pad}${values.map(quote).join(', ')}${pad}]`;
}

/** An edit that replaces a value list's value with new strings (see `renderValues`). */
export function replaceValues(document: TextDocument, list: ValueList, values: readonly string[]): TextEdit {
  return TextEdit.replace(rangeOf(document, list.valueNode), renderValues(document.getText(), list, values));
}

/**
 * An edit that replaces one item of a list with several strings. Inside an array the new
 * items follow the array's layout; a lone string value becomes an array.
 */
export function replaceItem(document: TextDocument, list: ValueList, item: Node, values: readonly string[]): TextEdit {
  const text = document.getText();
  if (list.valueNode.type !== 'array') return replaceValues(document, list, values);
  const multi = text.slice(list.valueNode.offset, item.offset).includes('\n');
  const separator = multi ? `,${eolOf(text)}${lineIndent(text, item.offset)}` : ', ';
  return TextEdit.replace(rangeOf(document, item), values.map(quote).join(separator));
}

/** Edits that delete array items together with the separator before each (none may be the first item). */
export function deleteItems(document: TextDocument, list: ValueList, items: readonly Node[]): TextEdit[] {
  const children = list.valueNode.children ?? [];
  // Positions looked up once: indexOf per item was quadratic on a list of 100,000 actions.
  const index = new Map(children.map((child, i) => [child, i]));
  return items.map((item) => {
    const i = index.get(item) ?? -1;
    const previous = children[i - 1];
    const from = previous ? previous.offset + previous.length : item.offset;
    return TextEdit.del(rangeOf(document, { offset: from, length: item.offset + item.length - from }));
  });
}

/** Applies non-overlapping edits given as offsets to a string (used to build new statement text). */
export function applyOffsetEdits(text: string, edits: readonly { offset: number; length: number; text: string }[]): string {
  let result = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, e.offset) + e.text + result.slice(e.offset + e.length);
  }
  return result;
}
