import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
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
    const init = params.initializationOptions as { settings?: ServerSettings } | undefined;
    if (init?.settings) settings = init.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
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
      return document && policy ? languageService().doComplete(document, params.position, policy) : null;
    }),
  );

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
