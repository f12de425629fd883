import { type Connection, RequestType, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, VersionedTextDocumentIdentifier } from 'vscode-languageserver-types';
import type { IamLanguageService, PolicyDocument } from '../core';
import { Requests } from './protocol';
import { invalidParams } from './params';
import { type ErrorLogger, runSafe } from './runSafe';

/** Params of `iamPolicy/narrowWildcardAction`: the wildcard's position and the access levels to keep. */
export interface NarrowWildcardActionParams {
  readonly textDocument: VersionedTextDocumentIdentifier;
  readonly position: Position;
  /** Access levels as the catalogue names them: List, Read, Write, Permissions management, Tagging. */
  readonly levels: readonly string[];
}

/**
 * Sent by the client's `iamPolicy.narrowWildcardAction` command once the user picked the
 * levels. Answers the edit to apply, or null when the document changed since the action was
 * offered (a stale position would edit the wrong text) or nothing would remain.
 */
const NarrowWildcardActionRequest = new RequestType<NarrowWildcardActionParams, WorkspaceEdit | null, void>(Requests.narrowWildcardAction);

/** What the command handlers need from `startServer`. */
interface CommandHost {
  readonly documents: TextDocuments<TextDocument>;
  languageService(): IamLanguageService;
  policyOf(document: TextDocument | undefined): PolicyDocument | undefined;
  readonly log: ErrorLogger;
}

/** Registers the custom requests behind the client's commands. */
export function registerCommands(connection: Connection, host: CommandHost): void {
  connection.onRequest(NarrowWildcardActionRequest, (params, token) =>
    runSafe(host.log, 'narrow wildcard action', null, token, () => {
      const invalid = invalidParams(params, ['uri', 'position']);
      if (invalid) return invalid;
      const document = host.documents.get(params.textDocument.uri);
      const policy = host.policyOf(document);
      if (!document || !policy || document.version !== params.textDocument.version || !Array.isArray(params.levels)) return null;
      const levels = (params.levels as unknown[]).filter((level): level is string => typeof level === 'string');
      const edit = host.languageService().narrowWildcardAction(document, params.position, levels, policy);
      return edit ? { changes: { [document.uri]: [edit] } } : null;
    }),
  );
}
