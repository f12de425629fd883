import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Range } from 'vscode-languageserver-types';

/** What `TextDocuments.listen` registers on (the library does not export the type). */
type SyncConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const documentOf = (params: unknown) => (isRecord(params) && isRecord(params.textDocument) ? params.textDocument : {});
const hasUri = (params: unknown) => typeof documentOf(params).uri === 'string';
const hasVersion = (params: unknown) => Number.isInteger(documentOf(params).version);

const isOpen = (params: unknown) => hasUri(params) && hasVersion(params) && typeof documentOf(params).text === 'string';

/** A full-text change, or an incremental one with a well-formed range (TextDocument.update reads its positions blindly). */
const isChange = (change: unknown) =>
  isRecord(change) &&
  typeof change.text === 'string' &&
  (change.range === undefined || Range.is(change.range)) &&
  (change.rangeLength === undefined || typeof change.rangeLength === 'number');

const isChanges = (params: unknown) =>
  hasUri(params) && hasVersion(params) && isRecord(params) && Array.isArray(params.contentChanges) && params.contentChanges.every(isChange);

/**
 * The connection's document-sync notifications with malformed ones dropped (and logged), so
 * that `TextDocuments` never throws on them: it reads `text`, `version` and `contentChanges`
 * without checking, and a throwing notification handler is logged as an exception. A dropped
 * change leaves the document out of date, which is all a server can do about a broken client.
 */
export function checkedDocumentSync(connection: Connection, warn: (message: string) => void): SyncConnection {
  const checked =
    <P>(method: string, valid: (params: unknown) => boolean, handler: (params: P) => void) =>
    (params: P) => {
      if (valid(params)) handler(params);
      else warn(`Ignoring a malformed ${method} notification`);
    };
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(checked('textDocument/didOpen', isOpen, handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(checked('textDocument/didChange', isChanges, handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(checked('textDocument/didClose', hasUri, handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(checked('textDocument/willSave', hasUri, handler)),
    onWillSaveTextDocumentWaitUntil: (handler) =>
      connection.onWillSaveTextDocumentWaitUntil((params, token) => (hasUri(params) ? handler(params, token) : [])),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(checked('textDocument/didSave', hasUri, handler)),
  };
}
