import { type Connection, RequestType, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, VersionedTextDocumentIdentifier } from 'vscode-languageserver-types';
import { type AccessRequest, type AccessResult, type EmbeddedPolicies, evaluateAccess, type IamLanguageService, type PolicyDocument, readRequestContext, type StatementResult } from '../core';
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

/**
 * Params of `iamPolicy/checkAccess`: the document whose policy is evaluated (in a template or
 * Terraform file, the policy at `position`) and the request, as docs/evaluation.md describes.
 */
export interface CheckAccessParams {
  readonly textDocument: { readonly uri: string };
  readonly position?: Position;
  readonly request: AccessRequest;
}

/** A statement of the answer, its range in the document. */
interface CheckedStatement {
  readonly range: Range;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly applies: 'yes' | 'no' | 'depends';
  readonly reason: string;
}

/** The answer: the decision, the statements that decide, the keys it depends on, and why each statement applied or not. */
export interface CheckAccessResult {
  readonly decision: AccessResult['decision'];
  readonly deciding: readonly CheckedStatement[];
  readonly missingContextKeys: readonly string[];
  readonly notes: readonly string[];
  readonly statements: readonly CheckedStatement[];
}

const CheckAccessRequest = new RequestType<CheckAccessParams, CheckAccessResult | null, void>(Requests.checkAccess);

/** What the command handlers need from `startServer`. */
interface CommandHost {
  readonly documents: TextDocuments<TextDocument>;
  languageService(): IamLanguageService;
  policyOf(document: TextDocument | undefined): PolicyDocument | undefined;
  embeddedOf(document: TextDocument, policy: PolicyDocument): EmbeddedPolicies | undefined;
  readonly log: ErrorLogger;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request of the params, with only values of the documented types. */
function accessRequest(value: unknown): AccessRequest | undefined {
  if (!isRecord(value) || typeof value.action !== 'string' || typeof value.resource !== 'string') return undefined;
  // A client's context: values of other types are left out, not a refusal of the request.
  const context = readRequestContext(value.context, true);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { action: value.action, resource: value.resource, principal: text(value.principal), resourceAccount: text(value.resourceAccount), context: typeof context === 'string' ? {} : context };
}

/** Registers the custom requests behind the client's commands. */
export function registerCommands(connection: Connection, host: CommandHost): void {
  connection.onRequest(CheckAccessRequest, (params, token) =>
    runSafe(host.log, 'check access', null, token, () => {
      const invalid = invalidParams(params, ['uri']);
      if (invalid) return invalid;
      const document = host.documents.get(params.textDocument.uri);
      const policy = host.policyOf(document);
      const request = accessRequest((params as { request?: unknown }).request);
      if (!document || !policy || !request) return null;
      // The policy itself, or in a host document the one at the position (the first without one).
      let target = policy;
      let toHost = (offset: number) => offset;
      if (!policy.isPolicy) {
        const parts = host.embeddedOf(document, policy)?.parts ?? [];
        const at = params.position && document.offsetAt(params.position);
        const part = at === undefined ? parts[0] : parts.find((p) => p.embedded.map.containsHost(at));
        if (!part) return null;
        target = part.policy;
        toHost = (offset) => part.embedded.map.toHost(offset);
      }
      const result = evaluateAccess([{ policy: target, type: target.policyType, name: document.uri }], request);
      const statement = (s: StatementResult): CheckedStatement => ({
        range: { start: document.positionAt(toHost(s.offset)), end: document.positionAt(toHost(s.offset + s.length)) },
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        effect: s.effect,
        applies: s.applies,
        reason: s.reason,
      });
      return { decision: result.decision, deciding: result.deciding.map(statement), missingContextKeys: result.missingContextKeys, notes: result.notes, statements: result.statements.map(statement) };
    }),
  );
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
