import {
  CodeActionKind,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  InsertTextFormat,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getBundledCatalog } from '../core/catalog/bundled';
import { getIamLanguageService, type IamLanguageService } from '../core/languageService';
import { parsePolicy, type PolicyDocument } from '../core/policy';
import { isPolicyType, type LanguageSettings, type RuleSeverity } from '../core/types';
import { matchGlobMap } from './glob';
import { MAX_DOCUMENT_SIZE, SETTINGS_SECTION, type ServerSettings } from './protocol';
import { registerCommands } from './commands';
import { codeActionContext, invalidParams } from './params';
import { formatError, runSafe } from './runSafe';

/** What differs between the node and the browser server. */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
}

const VALIDATION_DELAY_MS = 200;
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** What the client lets a long completion list leave out. */
interface CompletionCapabilities {
  /** Documentation may wait for completionItem/resolve. */
  readonly resolveDocumentation: boolean;
  /** `itemDefaults.editRange` with `textEditText` per item. */
  readonly editRangeDefault: boolean;
  readonly formatDefault: boolean;
}

// Lists this long (the 800 actions of EC2) are slimmed: 400 KB of JSON went to the client for each `ec2:`.
const LONG_LIST = 100;

/**
 * Moves what every item repeats into `itemDefaults` (the replaced range, the text format) and holds the documentation
 * back for completionItem/resolve, as far as the client supports each. Items are copied, not `delete`d from: objects
 * with deleted properties fall into V8's slow mode and take twice as long to serialize.
 */
function slimList(list: CompletionList, caps: CompletionCapabilities, held: { id: number; docs: CompletionItem['documentation'][] }): CompletionList {
  const { items } = list;
  const first = items[0].textEdit;
  const range = first && 'range' in first ? first.range : undefined;
  const same = (edit: CompletionItem['textEdit']) =>
    !!edit && 'range' in edit && !!range && edit.range.start.line === range.start.line && edit.range.start.character === range.start.character &&
    edit.range.end.line === range.end.line && edit.range.end.character === range.end.character;
  const shareRange = caps.editRangeDefault && items.every((item) => same(item.textEdit));
  const plain = items.filter((item) => item.insertTextFormat === InsertTextFormat.PlainText).length;
  const format = shareRange && caps.formatDefault ? (plain * 2 >= items.length ? InsertTextFormat.PlainText : InsertTextFormat.Snippet) : undefined;
  const slim = items.map((item, i) => {
    const { documentation, textEdit, insertTextFormat, ...rest } = item;
    const out: CompletionItem = rest;
    if (shareRange) out.textEditText = textEdit!.newText;
    else if (textEdit) out.textEdit = textEdit;
    if (insertTextFormat !== undefined && insertTextFormat !== format) out.insertTextFormat = insertTextFormat;
    if (documentation !== undefined) {
      if (caps.resolveDocumentation) {
        held.docs[i] = documentation;
        out.data = [held.id, i];
      } else out.documentation = documentation;
    }
    return out;
  });
  const itemDefaults: CompletionList['itemDefaults'] = shareRange ? { editRange: range } : undefined;
  if (itemDefaults && format !== undefined) itemDefaults.insertTextFormat = format;
  return itemDefaults ? { isIncomplete: list.isIncomplete, itemDefaults, items: slim } : { isIncomplete: list.isIncomplete, items: slim };
}

/** Starts the IAM policy language server on a connection. Shared by the node and browser entries. */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.error(message);
  let service: IamLanguageService | undefined;
  let settings: ServerSettings = {};
  let pullDiagnostics = false;
  let configurationRequests = false;
  const cache = new Map<string, PolicyDocument>();
  const pending = new Map<string, { dispose(): void }>();
  const tooLarge = new Set<string>();
  let completionCaps: CompletionCapabilities = { resolveDocumentation: false, editRangeDefault: false, formatDefault: false };
  // The documentation held back from the last long completion list, for completionItem/resolve.
  let heldBack: { id: number; docs: CompletionItem['documentation'][] } = { id: 0, docs: [] };

  const languageService = () => {
    service ??= getIamLanguageService({
      catalog: getBundledCatalog(),
      onError: (where, error) => log(formatError(`Internal error in ${where}`, error)),
    });
    return service;
  };

  const documentSettings = (uri: string): LanguageSettings => {
    const severity: Record<string, RuleSeverity> = {};
    for (const [code, value] of Object.entries(settings.severity ?? {})) {
      if (SEVERITIES.has(value)) severity[code] = value as RuleSeverity;
    }
    const path = decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''));
    const policyType = matchGlobMap(settings.policyTypes, path);
    return {
      severity,
      policyType: isPolicyType(policyType) ? policyType : undefined,
      defaultPartition: settings.defaultPartition || undefined,
      defaultRegion: settings.defaultRegion || undefined,
      defaultAccountId: settings.defaultAccountId || undefined,
    };
  };

  /**
   * The parsed policy of an open document, cached by uri and version; undefined when not analysed.
   * A new version is parsed incrementally from the cached one (an edit inside one statement
   * re-parses that statement only), so a keystroke in a large policy costs little.
   */
  const policyOf = (document: TextDocument | undefined): PolicyDocument | undefined => {
    if (!document || settings.enable === false) return undefined;
    if (document.getText().length > MAX_DOCUMENT_SIZE) {
      if (!tooLarge.has(document.uri)) {
        tooLarge.add(document.uri);
        connection.console.info(`Not analysing ${document.uri}: larger than ${MAX_DOCUMENT_SIZE / 1024 / 1024} MB`);
      }
      return undefined;
    }
    tooLarge.delete(document.uri);
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const policy = parsePolicy(document, documentSettings(document.uri), cached);
    cache.set(document.uri, policy);
    return policy;
  };

  const diagnose = (document: TextDocument): Diagnostic[] => {
    const policy = policyOf(document);
    return policy ? languageService().doValidation(document, policy) : [];
  };

  /** Publishes after `delay` ms; a newer change of the same document cancels the pending run. */
  const pushDiagnostics = (document: TextDocument, delay = VALIDATION_DELAY_MS) => {
    pending.get(document.uri)?.dispose();
    pending.set(
      document.uri,
      runtime.timer.setTimeout(() => {
        pending.delete(document.uri);
        const current = documents.get(document.uri);
        if (!current) return;
        const diagnostics = runSafe(log, 'validation', [], undefined, () => diagnose(current));
        void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: diagnostics as Diagnostic[] });
      }, delay),
    );
  };

  const refreshAll = () => {
    cache.clear();
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else documents.all().forEach((document) => pushDiagnostics(document));
  };

  const fetchSettings = async () => {
    if (!configurationRequests) return;
    try {
      const value = (await connection.workspace.getConfiguration(SETTINGS_SECTION)) as ServerSettings | null;
      settings = value ?? {};
    } catch (error) {
      log(formatError('Could not read settings', error));
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    configurationRequests = caps.workspace?.configuration === true;
    const completion = caps.textDocument?.completion;
    const defaults = completion?.completionList?.itemDefaults ?? [];
    completionCaps = {
      resolveDocumentation: completion?.completionItem?.resolveSupport?.properties.includes('documentation') === true,
      editRangeDefault: defaults.includes('editRange'),
      formatDefault: defaults.includes('insertTextFormat'),
    };
    const init = params.initializationOptions as { settings?: ServerSettings } | undefined;
    if (init?.settings) settings = init.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: true },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      },
      serverInfo: { name: 'iam-policy-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (configurationRequests) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      void fetchSettings().then(refreshAll);
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationRequests) await fetchSettings();
    else settings = ((change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION] as ServerSettings) ?? {};
    refreshAll();
  });

  // A newly opened file gets its diagnostics at once; only typing is debounced.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    const opened = justOpened.delete(event.document.uri);
    if (!pullDiagnostics) pushDiagnostics(event.document, opened ? 0 : VALIDATION_DELAY_MS);
  });

  documents.onDidClose((event) => {
    cache.delete(event.document.uri);
    pending.get(event.document.uri)?.dispose();
    pending.delete(event.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params, token) => {
    // Malformed params (no textDocument.uri) name no document: an empty report, not an exception.
    const document = invalidParams(params, ['uri']) ? undefined : documents.get(params.textDocument.uri);
    const items = document ? runSafe(log, 'diagnostics', [], token, () => diagnose(document)) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items: Array.isArray(items) ? items : [] };
  });

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', null, token, () => {
      const invalid = invalidParams(params, ['uri', 'position']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      const policy = policyOf(document);
      if (!document || !policy) return null;
      const list = languageService().doComplete(document, params.position, policy);
      if (list.items.length < LONG_LIST) return list;
      heldBack = { id: heldBack.id + 1, docs: [] };
      return slimList(list, completionCaps, heldBack);
    }),
  );

  connection.onCompletionResolve((item) => {
    const ref = item.data as unknown;
    if (Array.isArray(ref) && ref[0] === heldBack.id && typeof ref[1] === 'number' && heldBack.docs[ref[1]]) {
      return { ...item, documentation: heldBack.docs[ref[1]] };
    }
    return item;
  });

  connection.onHover((params, token) =>
    runSafe(log, 'hover', null, token, () => {
      const invalid = invalidParams(params, ['uri', 'position']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      const policy = policyOf(document);
      return document && policy ? languageService().doHover(document, params.position, policy) : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, 'code actions', [], token, () => {
      const invalid = invalidParams(params, ['uri', 'range']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      const policy = policyOf(document);
      return document && policy ? languageService().getCodeActions(document, params.range, codeActionContext(params.context), policy) : [];
    }),
  );

  registerCommands(connection, { documents, languageService, policyOf, log });

  documents.listen(connection);
  connection.listen();
}
