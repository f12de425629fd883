import { findNodeAtOffset, getLocation, getNodePath, type JSONPath, type Node } from 'jsonc-parser';
import { type PolicyDocument, statementAt, type StatementModel } from '../policy';

/** Where the cursor is in the policy grammar, for completion and hover. */
export interface CursorContext {
  /** The string node under the cursor, if the cursor is inside a string token. */
  readonly node: Node | undefined;
  /** JSON path of the token under the cursor from the root; for keys it ends with the key (as far as typed when unquoted). */
  readonly path: JSONPath;
  readonly statement: StatementModel | undefined;
  /** Whether the token under the cursor is a property key rather than a value. */
  readonly isKey: boolean;
  /** The text typed between the start of the token (without its opening quote) and the cursor. */
  readonly typed: string;
  /** The span the completion replaces: the whole token, quotes included (empty at the cursor when nothing is typed). */
  readonly replace: { readonly offset: number; readonly length: number };
  /** Whether the token starts with a quote (the user typed `"`), which the filter text must then include. */
  readonly quoted: boolean;
  /** For keys: whether a colon already follows, so only the key is replaced (no `"Key": value` snippet). */
  readonly hasColon: boolean;
  /** The offset of the cursor. */
  readonly offset: number;
  /**
   * Where a comma is missing before the token (`"Effect": "Allow"⏎"Act|`, `{...}⏎|` in the statement array):
   * the items are computed as if it were there, and insert it.
   */
  readonly missingComma?: number;
  /**
   * Where a comma is missing before the object or array the cursor is in (`{...}⏎{|}` in the statement array,
   * `"Effect": "Allow"⏎"Principal": {|}`): the items insert it too.
   */
  readonly containerComma?: number;
}

/** Index of the element name in a path (`Action` in `['Statement', 0, 'Action', 2]`). */
export function statementElement(path: JSONPath): string | undefined {
  const start = path[0] === 'Statement' ? (typeof path[1] === 'number' ? 2 : 1) : -1;
  return start > 0 && typeof path[start] === 'string' ? (path[start] as string) : undefined;
}

/** The path below the statement element (`['AWS', 0]` in `['Statement', 0, 'Principal', 'AWS', 0]`). */
export function elementSubPath(path: JSONPath): JSONPath {
  const start = path[0] === 'Statement' ? (typeof path[1] === 'number' ? 3 : 2) : path.length;
  return path.slice(start);
}

// Characters that end an unquoted token: whitespace and JSON punctuation (a colon is allowed, `s3:Get`).
const BARE_STOP = /[\s,{}[\]"]/;

/**
 * The innermost node at an offset. Searching from the root walks every statement before the cursor
 * (~1 ms in a 1 MB policy); the statement found by binary search is searched alone.
 */
function nodeAt(root: Node, statement: StatementModel | undefined, offset: number): Node | undefined {
  return (statement && findNodeAtOffset(statement.node, offset, true)) || findNodeAtOffset(root, offset, true);
}

function isClosed(text: string, node: Node): boolean {
  const last = text[node.offset + node.length - 1];
  if (node.type === 'string') return node.length >= 2 && last === '"' && text[node.offset + node.length - 2] !== '\\';
  return last === (node.type === 'object' ? '}' : ']');
}

/** The innermost object or array whose brackets enclose an offset (an unclosed one runs to the end). */
function containerAt(root: Node, statement: StatementModel | undefined, text: string, offset: number): Node | undefined {
  let container: Node | undefined = nodeAt(root, statement, offset);
  while (container) {
    const inside = offset > container.offset && (offset < container.offset + container.length || !isClosed(text, container));
    if ((container.type === 'object' || container.type === 'array') && inside) return container;
    container = container.parent;
  }
  return undefined;
}

/**
 * Where a comma is missing before the container at the cursor: before the container itself when it is an array
 * element, before its key when it is a property value. Undefined when the comma is there (or nothing precedes).
 */
function commaBeforeContainer(root: Node, statement: StatementModel | undefined, text: string, offset: number): number | undefined {
  const container = containerAt(root, statement, text, offset);
  const element = container?.parent?.type === 'property' ? container.parent : container;
  if (!element?.parent || (element.parent.type !== 'array' && element.parent.type !== 'object')) return undefined;
  const before = previousSignificantOffset(text, element.offset);
  return endsValue(text[before]) ? before + 1 : undefined;
}

/**
 * The JSON path at an offset outside any string. `getLocation` scans from the start of the text it is given,
 * which costs ~25 ms at the end of a 1 MB policy; so it scans only the innermost container, starting at its last
 * child before the cursor behind a synthetic opening bracket.
 */
function locate(
  root: Node,
  statement: StatementModel | undefined,
  text: string,
  offset: number,
  comma?: number,
): { path: JSONPath; isKey: boolean } {
  const container = containerAt(root, statement, text, offset);
  if (!container) {
    const location = getLocation(text, offset);
    return { path: location.path, isKey: location.isAtPropertyKey };
  }
  const children = container.children ?? [];
  let index = children.length - 1;
  while (index >= 0 && children[index].offset >= offset) index--;
  // When the cursor is past the end of that child (`"Statement": [...], |`), scan only what follows it:
  // the child itself may be the whole 1 MB statement array.
  const child = index >= 0 ? children[index] : undefined;
  const after = child !== undefined && offset > child.offset + child.length;
  const start = child === undefined ? container.offset + 1 : after ? child.offset + child.length : child.offset;
  const opener = container.type === 'object' ? '{' : '[';
  // A missing comma is scanned as if it were typed, so that the path names the next element.
  const scanned = comma !== undefined && comma >= start ? `${text.slice(start, comma)},${text.slice(comma, offset)}` : text.slice(start, offset);
  const location = getLocation(opener + scanned, scanned.length + 1);
  const relative = [...location.path];
  if (container.type === 'array' && typeof relative[0] === 'number') relative[0] += Math.max(index, 0);
  return { path: [...getNodePath(container), ...relative], isKey: location.isAtPropertyKey };
}

/** The first non-whitespace character at or after an offset. */
export function nextSignificant(text: string, offset: number): string | undefined {
  for (let i = offset; i < text.length; i++) if (!/\s/.test(text[i])) return text[i];
  return undefined;
}

/** Offset of the first character of a `//` comment on the line that ends at `end` (exclusive), if any. */
function lineCommentStart(text: string, end: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  let inString = false;
  for (let i = lineStart; i < end; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && text[i + 1] === '/') return i;
    else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return undefined;
      i = close + 1;
    }
  }
  return undefined;
}

/** Offset of the last character before `offset` that is neither whitespace nor inside a comment (jsonc), or -1. */
function previousSignificantOffset(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0) {
    const c = text[i];
    if (/\s/.test(c)) i--;
    else if (c === '/' && text[i - 1] === '*') {
      const open = text.lastIndexOf('/*', i - 2);
      if (open < 0) return i;
      i = open - 1;
    } else {
      const comment = lineCommentStart(text, i + 1);
      if (comment === undefined) return i;
      i = comment - 1;
    }
  }
  return -1;
}

/** Whether a character ends a complete JSON value: a string, an object, an array, a number or a literal. */
function endsValue(c: string | undefined): boolean {
  return c !== undefined && /["}\]0-9a-z]/i.test(c);
}

/** Finds the token under the cursor: a string (quoted, maybe unterminated), a bare word, or an empty place. */
export function cursorContext(policy: PolicyDocument, text: string, offset: number): CursorContext | undefined {
  if (!policy.root) return undefined;
  const statement = statementAt(policy, offset);
  const node = nodeAt(policy.root, statement, offset);
  if (node?.type === 'string' && offset > node.offset && (offset < node.offset + node.length || !isClosed(text, node))) {
    const closed = isClosed(text, node);
    // An unterminated string runs to the end of the line and may swallow `]` or `}`: replace only the word at the cursor.
    let end = node.offset + node.length;
    if (!closed) {
      end = offset;
      while (end < node.offset + node.length && !BARE_STOP.test(text[end])) end++;
    }
    const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
    const typed = text.slice(node.offset + 1, offset);
    // A key, or an array element, right after a complete value: the comma between them is missing.
    const before = previousSignificantOffset(text, node.offset);
    const missingComma = (isKey || node.parent?.type === 'array') && endsValue(text[before]) ? before + 1 : undefined;
    const path = isKey ? [...getNodePath(node.parent!.parent!), node.value as string] : getNodePath(node);
    return {
      node,
      path,
      statement,
      isKey,
      typed,
      replace: { offset: node.offset, length: end - node.offset },
      quoted: true,
      hasColon: isKey && nextSignificant(text, end) === ':',
      offset,
      missingComma,
      containerComma: commaBeforeContainer(policy.root, statement, text, offset),
    };
  }
  // Outside strings: a bare word the user typed without the opening quote, or nothing.
  let start = offset;
  while (start > 0 && !BARE_STOP.test(text[start - 1])) start--;
  // `"Action":s3:Get` has no space after the colon; the colon belongs to the property, not the word.
  while (start < offset && text[start] === ':' && (start === 0 || /["\s]/.test(text[start - 1]))) start++;
  let end = offset;
  while (end < text.length && !BARE_STOP.test(text[end])) end++;
  // Right after a complete value (`"a" |`, `} |`) only a comma can follow: nothing to complete. On a later
  // line, though, the author has moved on to the next element and forgot the comma: complete as if it were there.
  const beforeOffset = previousSignificantOffset(text, start);
  const before = beforeOffset >= 0 ? text[beforeOffset] : undefined;
  let missingComma: number | undefined;
  if (before !== undefined && !['{', '[', ',', ':'].includes(before)) {
    if (!endsValue(before) || !text.slice(beforeOffset, start).includes('\n')) return undefined;
    missingComma = beforeOffset + 1;
  }
  const { path, isKey } = locate(policy.root, statement, text, start, missingComma);
  const typed = text.slice(start, offset);
  if (isKey && path.length > 0) path[path.length - 1] = typed;
  return {
    node: undefined,
    path,
    statement,
    isKey,
    typed,
    replace: { offset: start, length: end - start },
    quoted: false,
    hasColon: isKey && nextSignificant(text, end) === ':',
    offset,
    missingComma,
    containerComma: commaBeforeContainer(policy.root, statement, text, start),
  };
}
