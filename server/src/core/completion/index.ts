import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import type { PolicyDocument } from '../policy';
import { completeActions } from './actions';
import { cursorContext, statementElement } from './context';

/** Completion at a position; an empty list outside policies or outside known contexts. */
export function doComplete(document: TextDocument, position: Position, policy: PolicyDocument, catalog: Catalog): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (!policy.isPolicy) return empty;
  const ctx = cursorContext(policy, document.getText(), document.offsetAt(position));
  if (!ctx || ctx.isKey) return empty;
  const element = statementElement(ctx.path);
  if (element === 'Action' || element === 'NotAction') return { isIncomplete: false, items: completeActions(document, ctx, catalog) };
  return empty;
}
