import { findNodeAtOffset, getNodePath, type JSONPath, type Node } from 'jsonc-parser';
import { type PolicyDocument, statementAt, type StatementModel } from '../policy';

/** The string token under the cursor, as hover needs it: whole keys, not the part typed so far. */
interface HoverContext {
  readonly node: Node;
  /** JSON path of the token; for a key, the path of its property (ending with the full key). */
  readonly path: JSONPath;
  readonly isKey: boolean;
  readonly statement: StatementModel | undefined;
}

/** Finds the string token under the cursor (its quotes included); undefined elsewhere. */
export function hoverContext(policy: PolicyDocument, offset: number): HoverContext | undefined {
  if (!policy.root) return undefined;
  const node = findNodeAtOffset(policy.root, offset, true);
  if (node?.type !== 'string' || offset < node.offset || offset > node.offset + node.length) return undefined;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const path = isKey ? [...getNodePath(node.parent!.parent!), String(node.value)] : getNodePath(node);
  return { node, path, isKey, statement: statementAt(policy, offset) };
}
