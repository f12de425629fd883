import {
  CodeActionKind,
  CodeActionRequest,
  type ClientCapabilities,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  CompletionResolveRequest,
  type Connection,
  type Diagnostic,
  type DiagnosticServerCancellationData,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Disposable,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ErrorCodes,
  HoverRequest,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type ClientCommands, type EmbeddedPolicies, getBundledCatalog, getIamLanguageService, type HclParser, type IamLanguageService, type LanguageSettings, needsHclParser, type PolicyDocument } from '../core';
import { registerCommands } from './commands';
import { completionCapabilities, type CompletionCapabilities, type HeldDocumentation, LONG_LIST, resolveItem, slimList } from './completionList';
import { checkedDocumentSync } from './documentSync';
import { CONFIG_NAMES, ConfigFinder, configuredSettings, isIgnored } from './config';
import { codeActionContext, invalidParams } from './params';
import { Commands, MAX_DOCUMENT_SIZE, SETTINGS_SECTION, type ServerSettings } from './protocol';
import { loadHclParser } from './hcl';
import { formatError, runSafe } from './runSafe';
import { awaitFirstSettings, documentSettings, type FirstSettings, readSettings } from './settings';
import { runInSlices } from './slices';
import { filePath } from './uris';
import { isRequestTestFile, RequestTests } from './requestTests';

/** What differs between the node and the browser server. */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
    /** Calls back once the messages that arrived meanwhile had their turn (setImmediate in node, a 0 ms timeout in a worker). */
    setImmediate(callback: () => void): Disposable;
  };
  /**
   * The HCL parser's two WebAssembly modules: read from the build folder (node), or fetched
   * from `serverFolder`, the URL the client gives for it (browser).
   */
  hclModules?(serverFolder: string | undefined): Promise<{ runtime: Uint8Array; grammar: Uint8Array }>;
  /** A file's text, or undefined when there is none: for the project's configuration file (node; a browser server has no files). */
  readFile?(path: string): string | undefined;
}



const VALIDATION_DELAY_MS = 200;
/** How long answers that depend on settings wait for the client's first configuration answer. */
const SETTINGS_WAIT_MS = 2000;

/** A parse with the text it was made from: a client may change the text without a new version. */
interface Analysed {
  readonly text: string;
  readonly policy: PolicyDocument;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Starts the IAM policy language server on a connection. Shared by the node and browser entries. */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.error(message);
  const pause = () => new Promise<void>((resolve) => runtime.timer.setImmediate(resolve));
  let service: IamLanguageService | undefined;
  // The client commands code actions may call: those the client said it runs (none for most LSP editors).
  let clientCommands: ClientCommands = {};
  // The client's command that opens a file at a range (for request tests' code lenses), if it has one.
  let revealCommand: string | undefined;
  let settings: ServerSettings = {};
  // Answers that depend on settings wait for the first configuration answer (see onInitialize).
  let firstSettings: FirstSettings | undefined;
  let pullDiagnostics = false;
  let serverFolder: string | undefined;
  let configurationRequests = false;
  let watchFiles = false;
  let codeLensRefresh = false;
  const cache = new Map<string, Analysed>();
  const settingsCache = new Map<string, LanguageSettings>();
  const pending = new Map<string, Disposable>();
  // The latest push validation of each uri; an older run stops at its next pause.
  const runs = new Map<string, object>();
  const tooLarge = new Set<string>();
  let completionCaps: CompletionCapabilities = { resolveDocumentation: false, editRangeDefault: false, formatDefault: false };
  let heldBack: HeldDocumentation = { id: 0, docs: [] };

  // The HCL parser, loaded the first time a Terraform file needs it (it costs start-up time otherwise).
  let hcl: HclParser | undefined;
  let hclLoading: Promise<void> | undefined;
  const ensureHcl = (): Promise<void> =>
    (hclLoading ??= (runtime.hclModules?.(serverFolder) ?? Promise.reject(new Error('no HCL parser in this build')))
      .then(({ runtime: wasm, grammar }) => loadHclParser(wasm, grammar))
      .then(
        (parser) => {
          hcl = parser;
        },
        (error: unknown) => log(formatError('Cannot load the HCL parser; Terraform files are not analysed', error)),
      ));

  const languageService = () => {
    service ??= getIamLanguageService({
      catalog: getBundledCatalog(),
      hcl: () => hcl,
      clientCommands,
      onError: (where, error) => log(formatError(`Internal error in ${where}`, error)),
    });
    return service;
  };

  /** The core's settings for a document, computed once per uri until the settings change. */
  // The project's configuration file (.iam-policy-lint.json/.yaml) nearest each file, below the user's settings.
  const configs = runtime.readFile ? new ConfigFinder(runtime.readFile) : undefined;
  const toldConfigs = new Set<string>();
  /** Files the configuration ignores: not analysed, as the CLI passes over them in a folder. */
  const ignored = new Set<string>();
  const settingsOf = (uri: string): LanguageSettings => {
    let result = settingsCache.get(uri);
    if (!result) {
      result = documentSettings(settings, uri);
      const path = configs && filePath(uri);
      const config = path ? configs!.forFile(path) : undefined;
      if (config && path) {
        if (!toldConfigs.has(config.file)) {
          toldConfigs.add(config.file);
          connection.console.info(`Using ${config.file}${config.problems.length > 0 ? `; left out: ${config.problems.join('; ')}` : ''}`);
        }
        result = configuredSettings(config, path, result);
        if (isIgnored(config, path)) ignored.add(uri);
        else ignored.delete(uri);
      }
      settingsCache.set(uri, result);
    }
    return result;
  };

  const requestTests = new RequestTests({ documents, languageService, readFile: runtime.readFile, settingsOf, revealCommand: () => revealCommand });
  /** Whether a document is a request-test file the server answers for (`*.iam-tests.yaml`). */
  const isTestFile = (document: TextDocument | undefined): document is TextDocument =>
    !!document && settings.enable !== false && isRequestTestFile(document.uri) && document.getText().length <= MAX_DOCUMENT_SIZE;

  /**
   * The parsed policy of an open document, cached by uri, version and text; undefined when not
   * analysed. The text is compared too because a client may change it without a new version
   * (or open the uri again); while it is unchanged it is the same string, compared at once.
   * A new text is parsed incrementally from the cached one (an edit inside one statement
   * re-parses that statement only), so a keystroke in a large policy costs little.
   */
  const policyOf = (document: TextDocument | undefined): PolicyDocument | undefined => {
    if (!document || settings.enable === false) return undefined;
    const text = document.getText();
    if (text.length > MAX_DOCUMENT_SIZE) {
      if (!tooLarge.has(document.uri)) {
        tooLarge.add(document.uri);
        connection.console.info(`Not analysing ${document.uri}: larger than ${MAX_DOCUMENT_SIZE / 1024 / 1024} MB`);
      }
      return undefined;
    }
    tooLarge.delete(document.uri);
    const own = settingsOf(document.uri);
    if (ignored.has(document.uri)) return undefined;
    const cached = cache.get(document.uri);
    if (cached && cached.policy.version === document.version && cached.text === text) return cached.policy;
    // The cached parse is handed over: nothing reads it again (a validation still running on it
    // stops at its next pause, as the text it was for is gone; requests parse and answer at once).
    const policy = languageService().parsePolicy(document, own, cached?.policy, true);
    cache.set(document.uri, { text, policy });
    return policy;
  };

  // Policies inside a JSON document that is not one itself (a template, a `.tf.json`): found once per parse.
  const embeddedCache = new WeakMap<PolicyDocument, EmbeddedPolicies>();
  /** The last policies read from each document: after a keystroke inside one, only it is read again. */
  const lastEmbedded = new Map<string, { readonly found: EmbeddedPolicies; readonly settings: PolicyDocument['settings'] }>();
  const embeddedOf = (document: TextDocument, policy: PolicyDocument): EmbeddedPolicies | undefined => {
    if (policy.isPolicy) return undefined;
    if (!hcl && needsHclParser(document)) {
      // Read once the parser is there (diagnostics wait for it; a hover before then gets nothing).
      void ensureHcl();
      return undefined;
    }
    let found = embeddedCache.get(policy);
    if (!found) {
      const previous = lastEmbedded.get(document.uri);
      found = languageService().parseEmbeddedPolicies(document, policy.settings, policy, previous?.settings === policy.settings ? previous.found : undefined);
      embeddedCache.set(policy, found);
      // Why a template's or Terraform file's policies are not read goes to the log, once per reason.
      if (found.refused && found.refused !== lastEmbedded.get(document.uri)?.found.refused) connection.console.info(`Not analysing ${document.uri}: ${found.refused}`);
      lastEmbedded.set(document.uri, { found, settings: policy.settings });
    }
    return found.parts.length > 0 || found.samTemplates.length > 0 ? found : undefined;
  };

  /** A check that the document is still open with the text it has now. */
  const unchanged = (document: TextDocument) => {
    const { version } = document;
    const text = document.getText();
    return () => documents.get(document.uri) === document && document.version === version && document.getText() === text;
  };

  /**
   * The document's diagnostics, one rule at a time with pauses in between, so that a large
   * policy never keeps other requests waiting; undefined when `wanted` turned false meanwhile.
   */
  const diagnose = async (document: TextDocument, wanted: () => boolean): Promise<Diagnostic[] | undefined> => {
    await firstSettings?.ready;
    if (!wanted()) return undefined;
    try {
      if (isTestFile(document)) return requestTests.diagnostics(document);
      const policy = policyOf(document);
      if (!policy) return [];
      if (needsHclParser(document)) await ensureHcl();
      if (!wanted()) return undefined;
      const embedded = embeddedOf(document, policy);
      const steps = embedded ? embedded.doValidationSteps() : languageService().doValidationSteps(document, policy);
      return await runInSlices(steps, pause, wanted);
    } catch (error) {
      log(formatError('Error while handling validation', error));
      return [];
    }
  };

  /** Publishes after `delay` ms; a newer change of the same document cancels the pending or running validation. */
  const pushDiagnostics = (document: TextDocument, delay = VALIDATION_DELAY_MS) => {
    const { uri } = document;
    pending.get(uri)?.dispose();
    pending.set(uri, runtime.timer.setTimeout(() => void publish(uri), delay));
  };

  const publish = async (uri: string) => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const run = {};
    runs.set(uri, run);
    const current = unchanged(document);
    const diagnostics = await diagnose(document, () => runs.get(uri) === run && current());
    if (diagnostics === undefined) return;
    if (runs.get(uri) === run) runs.delete(uri);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  };

  const refreshAll = () => {
    cache.clear();
    settingsCache.clear();
    configs?.clear();
    toldConfigs.clear();
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else documents.all().forEach((document) => pushDiagnostics(document));
  };

  const fetchSettings = async () => {
    if (!configurationRequests) return;
    try {
      settings = readSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch (error) {
      log(formatError('Could not read settings', error));
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps: ClientCapabilities = isRecord(params.capabilities) ? params.capabilities : {};
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    configurationRequests = caps.workspace?.configuration === true;
    watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    completionCaps = completionCapabilities(caps.textDocument?.completion);
    const init = params.initializationOptions as unknown;
    if (isRecord(init) && init.settings !== undefined) settings = readSettings(init.settings);
    const commands = isRecord(init) && Array.isArray(init.commands) ? init.commands : [];
    if (isRecord(init) && typeof init.serverFolder === 'string') serverFolder = init.serverFolder;
    if (commands.includes(Commands.narrowWildcardAction)) clientCommands = { narrowWildcardAction: Commands.narrowWildcardAction };
    if (commands.includes(Commands.revealRange)) revealCommand = Commands.revealRange;
    if (configurationRequests) {
      // Until the client answers the configuration request sent on `initialized`, settings are
      // unknown: a first diagnostic pull would ignore `severity` and `policyTypes`. A client
      // that never answers delays the first answers by SETTINGS_WAIT_MS, not forever.
      firstSettings = awaitFirstSettings(runtime.timer.setTimeout, SETTINGS_WAIT_MS);
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll] },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      },
      serverInfo: { name: 'iam-policy-language-server' },
    };
  });

  connection.onInitialized(() => {
    // A configuration file created, changed or deleted applies at once (a client that cannot watch files applies it on the next settings change).
    if (configs && watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: CONFIG_NAMES.map((name) => ({ globPattern: `**/${name}` })) });
    }
    if (!configurationRequests) return;
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    void fetchSettings().then(() => {
      firstSettings?.arrived();
      if (firstSettings?.late) refreshAll();
    });
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationRequests) await fetchSettings();
    else settings = readSettings(isRecord(change) && isRecord(change.settings) ? change.settings[SETTINGS_SECTION] : undefined);
    refreshAll();
  });

  connection.onDidChangeWatchedFiles(() => refreshAll());

  // A newly opened file gets its diagnostics at once; only typing is debounced.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    const opened = justOpened.delete(event.document.uri);
    if (!pullDiagnostics) pushDiagnostics(event.document, opened ? 0 : VALIDATION_DELAY_MS);
    if (requestTests.uses(event.document.uri)) testsChanged();
  });

  // A policy that open request tests evaluate changed: their results are asked for again.
  let testRefresh: Disposable | undefined;
  const testsChanged = () => {
    testRefresh?.dispose();
    testRefresh = runtime.timer.setTimeout(() => {
      testRefresh = undefined;
      if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
      if (pullDiagnostics) void connection.languages.diagnostics.refresh();
      else documents.all().filter((d) => isTestFile(d)).forEach((d) => pushDiagnostics(d));
    }, VALIDATION_DELAY_MS);
  };

  documents.onDidClose((event) => {
    const { uri } = event.document;
    cache.delete(uri);
    requestTests.forget(uri);
    lastEmbedded.delete(uri);
    settingsCache.delete(uri);
    runs.delete(uri);
    tooLarge.delete(uri);
    pending.get(uri)?.dispose();
    pending.delete(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  // Requests are registered by type, not with onHover & co.: those wrappers read
  // `params.workDoneToken` before the handler runs, so null params failed as an internal error.
  connection.onRequest(DocumentDiagnosticRequest.type, async (params, token) => {
    const report = (items: Diagnostic[]): DocumentDiagnosticReport => ({ kind: DocumentDiagnosticReportKind.Full, items });
    // Malformed params (no textDocument.uri) name no document: an empty report, not an exception.
    const document = invalidParams(params, ['uri']) ? undefined : documents.get(params.textDocument.uri);
    if (!document) return report([]);
    const current = unchanged(document);
    const items = await diagnose(document, () => !token.isCancellationRequested && current());
    if (items) return report(items);
    // Abandoned (the document changed, or the client cancelled while the pull waited for the first
    // settings or for its turn): the client is asked to pull again. After a restart VS Code cancels
    // its first pulls and, answered "cancelled", never pulled the open documents again.
    return new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, token.isCancellationRequested ? 'Request cancelled' : 'The document changed', {
      retriggerRequest: true,
    });
  });

  connection.onRequest(CompletionRequest.type, async (params, token) => {
    await firstSettings?.ready;
    return runSafe(log, 'completion', null, token, () => {
      const invalid = invalidParams(params, ['uri', 'position']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      if (isTestFile(document)) return requestTests.complete(document, params.position);
      const policy = policyOf(document);
      if (!document || !policy) return null;
      const list = embeddedOf(document, policy)?.doComplete(params.position) ?? languageService().doComplete(document, params.position, policy);
      if (list.items.length < LONG_LIST) return list;
      heldBack = { id: heldBack.id + 1, docs: [] };
      return slimList(list, completionCaps, heldBack);
    });
  });

  connection.onRequest(CompletionResolveRequest.type, (item) =>
    isRecord(item) ? resolveItem(item, heldBack) : new ResponseError(ErrorCodes.InvalidParams, 'Missing or malformed completion item'),
  );

  connection.onRequest(HoverRequest.type, async (params, token) => {
    await firstSettings?.ready;
    return runSafe(log, 'hover', null, token, () => {
      const invalid = invalidParams(params, ['uri', 'position']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      if (isTestFile(document)) return requestTests.hover(document, params.position);
      const policy = policyOf(document);
      if (!document || !policy) return null;
      return embeddedOf(document, policy)?.doHover(params.position) ?? languageService().doHover(document, params.position, policy);
    });
  });

  connection.onRequest(CodeActionRequest.type, async (params, token) => {
    await firstSettings?.ready;
    return runSafe(log, 'code actions', [], token, () => {
      const invalid = invalidParams(params, ['uri', 'range']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      const policy = policyOf(document);
      if (!document || !policy) return [];
      const context = codeActionContext(params.context);
      return embeddedOf(document, policy)?.getCodeActions(params.range, context) ?? languageService().getCodeActions(document, params.range, context, policy);
    });
  });

  connection.onRequest(CodeLensRequest.type, async (params, token) => {
    await firstSettings?.ready;
    return runSafe(log, 'code lens', [], token, () => {
      const invalid = invalidParams(params, ['uri']);
      if (invalid) return invalid;
      const document = documents.get(params.textDocument.uri);
      return isTestFile(document) ? requestTests.codeLenses(document) : [];
    });
  });

  registerCommands(connection, { documents, languageService, policyOf, embeddedOf: (document, policy) => embeddedOf(document, policy), settingsOf, log });

  documents.listen(checkedDocumentSync(connection, (message) => connection.console.warn(message)));
  connection.listen();
}
