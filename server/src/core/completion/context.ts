import { findNodeAtOffset, getNodePath, type JSONPath, type Node } from 'jsonc-parser';
import { type PolicyDocument, statementAt, type StatementModel } from '../policy';

/** Where the cursor is in the policy grammar, for completion and hover. */
export interface CursorContext {
  /** The string node under the cursor, if the cursor is inside a string token. */
  readonly node: Node | undefined;
  /** JSON path of that node (or of the nearest node) from the root. */
  readonly path: JSONPath;
  readonly statement: StatementModel | undefined;
  /** Whether the string under the cursor is a property key rather than a value. */
  readonly isKey: boolean;
  /** The text typed between the start of the token (without its opening quote) and the cursor. */
  readonly typed: string;
  /** The span the completion replaces: the whole string token, quotes included. */
  readonly replace: { readonly offset: number; readonly length: number };
}

/** Index of the element name in a path (`Action` in `['Statement', 0, 'Action', 2]`). */
export function statementElement(path: JSONPath): string | undefined {
  const start = path[0] === 'Statement' ? (typeof path[1] === 'number' ? 2 : 1) : -1;
  return start > 0 && typeof path[start] === 'string' ? (path[start] as string) : undefined;
}

/** Finds the token under the cursor. Text outside any string gives an empty `typed` at the cursor. */
export function cursorContext(policy: PolicyDocument, text: string, offset: number): CursorContext | undefined {
  if (!policy.root) return undefined;
  const node = findNodeAtOffset(policy.root, offset, true);
  const statement = statementAt(policy, offset);
  if (node?.type === 'string' && offset > node.offset && offset <= node.offset + node.length) {
    const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"' && offset < node.offset + node.length;
    const end = closed || offset < node.offset + node.length ? node.offset + node.length : offset;
    const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
    const path = isKey ? [...getNodePath(node.parent!.parent!), node.value as string] : getNodePath(node);
    return {
      node,
      path,
      statement,
      isKey,
      typed: text.slice(node.offset + 1, offset),
      replace: { offset: node.offset, length: end - node.offset },
    };
  }
  return undefined;
}
