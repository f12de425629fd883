import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import { cursorContext, statementElement } from '../completion/context';
import type { PolicyDocument } from '../policy';
import { rangeOf } from '../util/edits';
import { actionHover } from './actionHover';

/** Hover at a position; null outside policies or where there is nothing to explain. */
export function doHover(document: TextDocument, position: Position, policy: PolicyDocument, catalog: Catalog): Hover | null {
  if (!policy.isPolicy) return null;
  const ctx = cursorContext(policy, document.getText(), document.offsetAt(position));
  if (!ctx?.node || ctx.isKey) return null;
  const element = statementElement(ctx.path);
  const value = String(ctx.node.value);
  let markdown: string | undefined;
  if (element === 'Action' || element === 'NotAction') {
    const action = catalog.getAction(value);
    if (action) markdown = actionHover(action, catalog);
  }
  if (!markdown) return null;
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: rangeOf(document, ctx.node) };
}
