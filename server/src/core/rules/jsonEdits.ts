import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { rangeOf } from '../util/edits';

/**
 * Removes one element of an array, taking its separator with it so the JSON stays valid and
 * the remaining lines keep their indentation: the last element goes with the comma before
 * it, any other element with everything up to the next element.
 */
export function removeArrayElement(document: TextDocument, element: Node): TextEdit | undefined {
  const array = element.parent;
  if (array?.type !== 'array' || !array.children) return undefined;
  const index = array.children.indexOf(element);
  if (index < 0) return undefined;
  const end = element.offset + element.length;
  if (index < array.children.length - 1) {
    const next = array.children[index + 1];
    return TextEdit.del(rangeOf(document, { offset: element.offset, length: next.offset - element.offset }));
  }
  if (index > 0) {
    const previous = array.children[index - 1];
    const start = previous.offset + previous.length;
    return TextEdit.del(rangeOf(document, { offset: start, length: end - start }));
  }
  return TextEdit.del(rangeOf(document, element));
}

/** The line break the document uses (CRLF files keep CRLF). */
export function eolOf(document: TextDocument): string {
  return document.getText().includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Inserts `"key": value` as the first property of an object, on its own line when the
 * object's first property is on a line of its own (copying its indentation), inline otherwise.
 */
export function insertFirstProperty(document: TextDocument, object: Node, key: string, jsonValue: string): TextEdit {
  const text = document.getText();
  const first = object.children?.[0];
  const property = `${JSON.stringify(key)}: ${jsonValue}`;
  if (!first) return TextEdit.insert(document.positionAt(object.offset + 1), property);
  const lineStart = text.lastIndexOf('\n', first.offset - 1) + 1;
  const before = text.slice(lineStart, first.offset);
  if (/^[ \t]*$/.test(before) && lineStart > object.offset) {
    return TextEdit.insert(document.positionAt(first.offset), `${property},${eolOf(document)}${before}`);
  }
  return TextEdit.insert(document.positionAt(first.offset), `${property}, `);
}
