import { type Connection, RequestType, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, VersionedTextDocumentIdentifier } from 'vscode-languageserver-types';
import {
  type AccessEntry,
  arnDefaults,
  type AccessRequest,
  type AccessResult,
  diffAccess,
  effectiveAccess,
  type EmbeddedPolicies,
  evaluateAccess,
  type Grant,
  type IamLanguageService,
  type LanguageSettings,
  type PolicyDocument,
  readRequestContext,
  type StatementRef,
  type StatementResult,
} from '../core';
import { MAX_DOCUMENT_SIZE, Requests } from './protocol';
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
  settingsOf(uri: string): LanguageSettings;
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
  registerAccessRequest(connection, host);
  registerAccessSuggestions(connection, host);
  connection.onRequest(CheckAccessRequest, (params, token) =>
    runSafe(host.log, 'check access', null, token, () => {
      const invalid = invalidParams(params, ['uri']);
      if (invalid) return invalid;
      const request = accessRequest((params as { request?: unknown }).request);
      const found = request && requestedPolicy(host, params.textDocument.uri, params.position);
      if (!request || !found) return null;
      const result = evaluateAccess([{ policy: found.policy, type: found.policy.policyType, name: found.document.uri }], request);
      const statement = (s: StatementResult): CheckedStatement => ({
        range: found.range(s.offset, s.length),
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

/**
 * Params of `iamPolicy/access`: the document (in a template or Terraform file, the policy at
 * `position`, else the first), and optionally the document's older text (`before`, such as the
 * version at git HEAD) to diff against.
 */
export interface AccessParams {
  readonly textDocument: { readonly uri: string };
  readonly position?: Position;
  readonly before?: string;
}

/** A statement of the view: where it is in the document. */
interface ViewStatement {
  readonly range: Range;
  readonly index?: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
}

/** One grant of an action: the statement and what it grants on. */
interface ViewGrant {
  readonly statement: ViewStatement;
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly deniedResources?: readonly string[];
  readonly condition?: string;
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  /** Denies that may take part of it away, in words. */
  readonly limitedBy: readonly string[];
}

/** An entry of the diff; `statement` is in the current text for added access, absent for removed (it is in the older text). */
interface ViewDiffEntry {
  readonly action: string;
  readonly accessLevel?: string;
  readonly resource: string;
  readonly exceptResources?: readonly string[];
  readonly condition?: string;
  readonly principal?: string;
  readonly reason: string;
  readonly statement?: ViewStatement;
}

/** What `iamPolicy/access` answers (docs/access.md): the effective access by service, level and action, and the diff when `before` was given. */
export interface AccessViewResult {
  /** Where the policy is in a template or Terraform file (`Role (AWS::IAM::Role) Policies[0].PolicyDocument`). */
  readonly label?: string;
  readonly policyType: string;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly services: readonly {
    readonly prefix: string;
    readonly name: string;
    readonly count: number;
    readonly levels: readonly { readonly level: string; readonly actions: readonly { readonly action: string; readonly conditional: boolean; readonly grants: readonly ViewGrant[] }[] }[];
  }[];
  readonly unmatched: readonly { readonly pattern: string; readonly statement: ViewStatement }[];
  readonly notes: readonly { readonly message: string; readonly statement?: ViewStatement }[];
  /** With `before`: the access added and removed since; null when the older text holds no such policy (all is new). */
  readonly diff?: { readonly added: readonly ViewDiffEntry[]; readonly removed: readonly ViewDiffEntry[] } | null;
}

const AccessRequest = new RequestType<AccessParams, AccessViewResult | null, void>(Requests.access);

/** The policy a request is about, in the document it was read from. */
interface RequestedPolicy {
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
  /** Where the policy is in a template or Terraform file. */
  readonly label?: string;
  /** The document range of a span of the policy's text. */
  range(offset: number, length: number): Range;
}

/**
 * The policy a request names: the open document's own, or in a host document the one at the
 * position (the first without one); null when the document is not open or holds no policy there.
 */
function requestedPolicy(host: CommandHost, uri: string, position: Position | undefined): RequestedPolicy | null {
  const document = host.documents.get(uri);
  const policy = host.policyOf(document);
  if (!document || !policy) return null;
  const inDocument = (toHost: (offset: number) => number) => (offset: number, length: number) => ({ start: document.positionAt(toHost(offset)), end: document.positionAt(toHost(offset + length)) });
  if (policy.isPolicy) return { document, policy, range: inDocument((offset) => offset) };
  const parts = host.embeddedOf(document, policy)?.parts ?? [];
  const at = position && document.offsetAt(position);
  const part = at === undefined ? parts[0] : parts.find((p) => p.embedded.map.containsHost(at));
  return part ? { document, policy: part.policy, label: part.embedded.label, range: inDocument((offset) => part.embedded.map.toHost(offset)) } : null;
}

/** The same policy in an older text of the document: the whole text, or the embedded policy with the same label. */
function olderPolicy(host: CommandHost, document: TextDocument, label: string | undefined, before: string): PolicyDocument | undefined {
  const older = TextDocument.create(document.uri, document.languageId, 0, before);
  const service = host.languageService();
  const parsed = service.parsePolicy(older, host.settingsOf(document.uri));
  if (parsed.isPolicy) return label === undefined ? parsed : undefined;
  const parts = service.parseEmbeddedPolicies(older, parsed.settings, parsed).parts;
  return (label === undefined ? parts[0] : parts.find((p) => p.embedded.label === label))?.policy;
}

function registerAccessRequest(connection: Connection, host: CommandHost): void {
  connection.onRequest(AccessRequest, (params, token) =>
    runSafe(host.log, 'access', null, token, () => {
      const invalid = invalidParams(params, ['uri']);
      if (invalid) return invalid;
      const found = requestedPolicy(host, params.textDocument.uri, params.position);
      if (!found) return null;
      const { catalog } = host.languageService();
      const access = effectiveAccess(found.policy, catalog);
      const statement = (ref: StatementRef): ViewStatement => ({
        range: found.range(ref.offset, ref.length),
        ...(ref.index !== undefined ? { index: ref.index } : {}),
        ...(ref.sid !== undefined ? { sid: ref.sid } : {}),
        effect: ref.effect,
      });
      const named = (ref: StatementRef) => `${ref.effect}${ref.sid ? ` "${ref.sid}"` : ref.index !== undefined ? ` statement ${ref.index + 1}` : ''}`;
      const grant = (g: Grant): ViewGrant => ({
        statement: statement(g.statement),
        resources: g.resources,
        ...(g.notResources ? { notResources: g.notResources } : {}),
        ...(g.deniedResources ? { deniedResources: g.deniedResources } : {}),
        ...(g.condition ? { condition: g.condition.text } : {}),
        ...(g.principals ? { principals: g.principals } : {}),
        ...(g.notPrincipals ? { notPrincipals: g.notPrincipals } : {}),
        limitedBy: (g.limitedBy ?? []).map((d) => `${named(d.statement)}${d.condition ? ` if ${d.condition.text}` : ''}`),
      });
      let diff: AccessViewResult['diff'];
      if (typeof params.before === 'string') {
        const older = params.before.length <= MAX_BEFORE ? olderPolicy(host, found.document, found.label, params.before) : undefined;
        if (older) {
          const { added, removed } = diffAccess(effectiveAccess(older, catalog), access);
          const entry = (e: AccessEntry, inCurrent: boolean): ViewDiffEntry => ({
            action: e.action,
            ...(e.accessLevel ? { accessLevel: e.accessLevel } : {}),
            resource: e.resource,
            ...(e.exceptResources ? { exceptResources: e.exceptResources } : {}),
            ...(e.condition ? { condition: e.condition } : {}),
            ...(e.principal ? { principal: e.principal } : {}),
            reason: e.reason,
            ...(inCurrent ? { statement: statement(e.statement) } : {}),
          });
          diff = { added: added.map((e) => entry(e, true)), removed: removed.map((e) => entry(e, false)) };
        } else diff = null;
      }
      return {
        ...(found.label ? { label: found.label } : {}),
        policyType: access.policyType,
        total: access.total,
        counts: access.counts,
        services: access.services.map((s) => ({
          prefix: s.prefix,
          name: s.name,
          count: s.count,
          levels: s.levels.map((l) => ({ level: l.level, actions: l.actions.map((a) => ({ action: a.action, conditional: a.conditional, grants: a.grants.map(grant) })) })),
        })),
        unmatched: access.unmatched.map((u) => ({ pattern: u.pattern, statement: statement(u.grant.statement) })),
        notes: access.notes.map((n) => ({ message: n.message, ...(n.statement ? { statement: statement(n.statement) } : {}) })),
        ...(diff !== undefined ? { diff } : {}),
      };
    }),
  );
}

/** Params of `iamPolicy/accessSuggestions`: the policy at hand, and the action chosen so far (for its resources). */
export interface AccessSuggestionsParams {
  readonly textDocument: { readonly uri: string };
  readonly position?: Position;
  readonly action?: string;
}

/** Actions the policy's statements name (wildcards expanded), and for an action the resources to try: the policy's own, then ARN formats of its resource types. */
export interface AccessSuggestions {
  readonly actions: readonly { readonly action: string; readonly accessLevel: string; readonly description: string }[];
  readonly resources: readonly string[];
}

const AccessSuggestionsRequest = new RequestType<AccessSuggestionsParams, AccessSuggestions | null, void>(Requests.accessSuggestions);
const MAX_SUGGESTED_ACTIONS = 2000;

function registerAccessSuggestions(connection: Connection, host: CommandHost): void {
  connection.onRequest(AccessSuggestionsRequest, (params, token) =>
    runSafe(host.log, 'access suggestions', null, token, () => {
      const invalid = invalidParams(params, ['uri']);
      if (invalid) return invalid;
      const found = requestedPolicy(host, params.textDocument.uri, params.position);
      if (!found) return null;
      const { catalog } = host.languageService();
      const actions = new Map<string, AccessSuggestions['actions'][number]>();
      for (const statement of found.policy.statements) {
        for (const item of statement.action?.items ?? []) {
          for (const a of catalog.matchActions(item.value)) {
            if (actions.size >= MAX_SUGGESTED_ACTIONS) break;
            actions.set(a.fullName, { action: a.fullName, accessLevel: a.accessLevel, description: a.description });
          }
        }
      }
      const resources = new Set<string>();
      const info = typeof params.action === 'string' ? catalog.getAction(params.action) : undefined;
      if (info) {
        // The policy's own resource values first (as written, wildcards and all), then the action's ARN formats filled with what the policy uses.
        for (const statement of found.policy.statements) {
          const named = statement.action?.items.some((i) => catalog.matchActions(i.value).includes(info));
          for (const item of named ? (statement.resource?.items ?? []) : []) if (item.value !== '*') resources.add(item.value);
        }
        const { partition, region, account } = arnDefaults(found.policy);
        const service = catalog.getService(info.service);
        for (const type of info.resourceTypes) {
          const arn = service?.getResourceType(type.name)?.arn;
          if (arn) resources.add(arn.replace(/\$\{Partition\}/g, partition ?? 'aws').replace(/\$\{Region\}/g, region ?? '${Region}').replace(/\$\{Account\}/g, account ?? '${Account}'));
        }
        if (info.resourceTypes.length === 0) resources.add('*');
      }
      return { actions: [...actions.values()], resources: [...resources].slice(0, 200) };
    }),
  );
}

/** An older text of a document larger than this is not read for a diff (the document's own limit). */
const MAX_BEFORE = MAX_DOCUMENT_SIZE;
