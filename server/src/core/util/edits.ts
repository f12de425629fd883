import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, type Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { Target } from '../rules/rule';

/** The LSP range of a node or offset span. */
export function rangeOf(document: TextDocument, target: Target): Range {
  return Range.create(document.positionAt(target.offset), document.positionAt(target.offset + target.length));
}

/** An edit that replaces the contents of a JSON string node, keeping its quotes. */
export function replaceStringValue(document: TextDocument, node: Node, value: string): TextEdit {
  const inner = { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
  return TextEdit.replace(rangeOf(document, inner), JSON.stringify(value).slice(1, -1));
}

/** A quick fix that applies text edits to one document. */
export function quickFix(
  title: string,
  document: TextDocument,
  edits: TextEdit[],
  diagnostic?: Diagnostic,
  isPreferred = false,
): CodeAction {
  const action = CodeAction.create(title, { changes: { [document.uri]: edits } }, CodeActionKind.QuickFix);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (isPreferred) action.isPreferred = true;
  return action;
}
