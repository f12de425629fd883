import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, type Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../policy';
import { quickFix, rangeOf } from '../util/edits';

/**
 * Removes one element of an array, taking its separator with it so the JSON stays valid and
 * the remaining lines keep their indentation: the last element goes with the comma before
 * it, any other element with everything up to the next element.
 */
export function removeArrayElement(document: TextDocument, element: Node): TextEdit | undefined {
  return element.parent?.type === 'array' ? removeChild(document, element) : undefined;
}

/**
 * Removes one `"key": value` property (the `property` node, not its key) of an object, with
 * its separator, the way `removeArrayElement` removes an element.
 */
export function removeProperty(document: TextDocument, property: Node): TextEdit | undefined {
  return property.type === 'property' && property.parent?.type === 'object' ? removeChild(document, property) : undefined;
}

/** A child's index among its siblings, which are in document order: a binary search, not a scan of thousands. */
function indexOfChild(siblings: readonly Node[], child: Node): number {
  let lo = 0;
  let hi = siblings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = siblings[mid].offset;
    if (at < child.offset) lo = mid + 1;
    else if (at > child.offset) hi = mid - 1;
    else return siblings[mid] === child ? mid : siblings.indexOf(child);
  }
  return siblings.indexOf(child);
}

/** Removes a child of an array or object: see `removeArrayElement`. */
function removeChild(document: TextDocument, child: Node): TextEdit | undefined {
  const siblings = child.parent?.children;
  const index = siblings ? indexOfChild(siblings, child) : -1;
  if (!siblings || index < 0) return undefined;
  const end = child.offset + child.length;
  if (index < siblings.length - 1) {
    const next = siblings[index + 1];
    return TextEdit.del(rangeOf(document, { offset: child.offset, length: next.offset - child.offset }));
  }
  if (index > 0) {
    const previous = siblings[index - 1];
    const start = previous.offset + previous.length;
    return TextEdit.del(rangeOf(document, { offset: start, length: end - start }));
  }
  return TextEdit.del(rangeOf(document, child));
}

/** The indentation of the line an offset is on, when only whitespace precedes the offset on it. */
function ownLineIndent(text: string, offset: number): string | undefined {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/**
 * Replaces an array by its elements, written as they are: `[["a", "b"]]` becomes `["a", "b"]`
 * when applied to the inner array, `[{...}]` becomes `{...}`. Lines of a multi-line element
 * move one level out (the first element's indentation becomes that of the array's line).
 * Undefined for an empty array.
 */
export function unwrapArray(document: TextDocument, array: Node): TextEdit | undefined {
  const children = array.children ?? [];
  if (array.type !== 'array' || children.length === 0) return undefined;
  const text = document.getText();
  const first = children[0];
  const last = children[children.length - 1];
  let inner = text.slice(first.offset, last.offset + last.length);
  const from = ownLineIndent(text, first.offset);
  if (from !== undefined) {
    const lineStart = text.lastIndexOf('\n', array.offset - 1) + 1;
    const to = /^[ \t]*/.exec(text.slice(lineStart, array.offset))?.[0] ?? '';
    inner = inner
      .split('\n')
      .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line))
      .join('\n');
  }
  return TextEdit.replace(rangeOf(document, array), inner);
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

/** The quick fix that writes `"Version": "2012-10-17"`, for missing-version, invalid-version and old-version-with-variables. */
export function setCurrentVersion(document: TextDocument, policy: PolicyDocument, diagnostic: Diagnostic): CodeAction[] {
  if (policy.root?.type !== 'object') return [];
  const version = policy.root.children?.find((p: Node) => p.children?.[0]?.value === 'Version')?.children?.[1];
  const edit = version
    ? { range: { start: document.positionAt(version.offset), end: document.positionAt(version.offset + version.length) }, newText: '"2012-10-17"' }
    : insertFirstProperty(document, policy.root, 'Version', '"2012-10-17"');
  return [quickFix(version ? 'Set "Version" to "2012-10-17"' : 'Add "Version": "2012-10-17"', document, [edit], diagnostic, true)];
}
