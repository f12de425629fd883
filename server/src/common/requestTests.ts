// Request-test files (`*.iam-tests.yaml`, `.yml`, `.json`) in the editor: each test runs as the
// file or a policy it names changes; a failing expectation is a diagnostic on the test, a code
// lens shows each result (and reveals the deciding statement in VS Code), hover explains it,
// completion knows the format and the catalogue. The policy files come from the open editors
// first (unsaved changes count), else from disk (node; a browser server has only open files).
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver-types';
import {
  completeRequestTest,
  hoverRequestTest,
  type IamLanguageService,
  languageIdOfFile,
  type LanguageSettings,
  outcomeMarkdown,
  readRequestTests,
  REQUEST_TEST_FILE,
  requestTestDiagnostics,
  requestTestLenses,
  type RequestTestFile,
  type RequestTestOutcome,
  runRequestTest,
  type StatementResult,
  testPolicyFromText,
  type TestPolicy,
} from '../core';
import { MAX_DOCUMENT_SIZE } from './protocol';
import { filePath } from './uris';

/** A test file analysed: its tests, the policies it names (or why one cannot be read), and each test's outcome. */
interface Analysis {
  readonly stamp: string;
  readonly file: RequestTestFile;
  readonly entries: readonly (TestPolicy | string)[];
  /** The uri of each entry's file. */
  readonly uris: readonly (string | undefined)[];
  /** Undefined while a policy cannot be read: no test runs against part of its policies. */
  readonly outcomes: readonly RequestTestOutcome[] | undefined;
}

interface RequestTestHost {
  readonly documents: TextDocuments<TextDocument>;
  languageService(): IamLanguageService;
  readFile?(path: string): string | undefined;
  settingsOf(uri: string): LanguageSettings;
  /** The client's command that reveals a range of a file (VS Code: `iamPolicy.revealRange`), if it has one. */
  revealCommand(): string | undefined;
}

export const isRequestTestFile = (uri: string): boolean => REQUEST_TEST_FILE.test(uri.replace(/[?#].*$/, ''));

export class RequestTests {
  private readonly analyses = new Map<string, Analysis>();

  constructor(private readonly host: RequestTestHost) {}

  /** Whether an open test file's last run read this uri (its tests run again when it changes). */
  uses(uri: string): boolean {
    for (const analysis of this.analyses.values()) if (analysis.uris.includes(uri)) return true;
    return false;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
  }

  diagnostics(document: TextDocument): Diagnostic[] {
    // Policy files on disk may have changed since: a diagnostics run reads them again.
    const analysis = this.analyse(document, true);
    const service = this.host.languageService();
    return requestTestDiagnostics(document, analysis.file, analysis.entries, analysis.outcomes, service.catalog, this.host.settingsOf(document.uri), this.namer(analysis));
  }

  codeLenses(document: TextDocument): CodeLens[] {
    const analysis = this.analyse(document);
    const command = this.host.revealCommand();
    const reveal = command
      ? (s: StatementResult) => {
          const where = this.locate(analysis, s);
          return where ? { title: '', command, arguments: [where.uri, where.range] } : undefined;
        }
      : undefined;
    return requestTestLenses(document, analysis.outcomes ?? [], this.namer(analysis), reveal);
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const analysis = this.analyse(document);
    const name = this.namer(analysis);
    return hoverRequestTest(document, analysis.file, document.offsetAt(position), this.host.languageService().catalog, (i) => {
      const outcome = analysis.outcomes?.find((o) => o.test === analysis.file.tests[i]);
      return outcome && outcomeMarkdown(outcome, name);
    });
  }

  complete(document: TextDocument, position: Position): CompletionList {
    const analysis = this.analyse(document);
    const service = this.host.languageService();
    return completeRequestTest(document, analysis.file, document.offsetAt(position), service.catalog, {
      policyLabels: (i) => {
        const uri = analysis.uris[i];
        const text = uri && this.textOf(uri);
        if (!uri || text === undefined) return [];
        const found = service.parseEmbeddedPolicies(this.host.documents.get(uri) ?? TextDocument.create(uri, languageIdOfFile(uri), 0, text));
        return found.parts.flatMap((p) => (p.embedded.label ? [p.embedded.label] : []));
      },
    });
  }

  /** The policy a statement of a result is in, with its file's uri; undefined when it is not one the analysis read. */
  private policyOf(analysis: Analysis, s: StatementResult): { uri: string; policy: TestPolicy } | undefined {
    const i = analysis.entries.findIndex((e) => typeof e !== 'string' && e.evaluated.name === s.policy);
    const policy = analysis.entries[i];
    const uri = analysis.uris[i];
    return policy && typeof policy !== 'string' && uri ? { uri, policy } : undefined;
  }

  /** The statement's file and range, for a code lens that reveals it. */
  private locate(analysis: Analysis, s: StatementResult): { uri: string; range: { start: Position; end: Position } } | undefined {
    const found = this.policyOf(analysis, s);
    if (!found) return undefined;
    const { host, toHost } = found.policy;
    return { uri: found.uri, range: { start: host.positionAt(toHost(s.offset)), end: host.positionAt(toHost(s.offset + s.length)) } };
  }

  /** Names a statement as `file "Sid"` or `file statement N`, with its line. */
  private namer(analysis: Analysis): (s: StatementResult) => string {
    return (s) => {
      const policy = this.policyOf(analysis, s)?.policy;
      const line = policy ? `:${policy.host.positionAt(policy.toHost(s.offset)).line + 1}` : '';
      return `${s.policy}${line} ${s.effect}${s.sid ? ` "${s.sid}"` : s.index !== undefined ? ` statement ${s.index}` : ''}`;
    };
  }

  private analyse(document: TextDocument, fresh = false): Analysis {
    const text = document.getText();
    const file = readRequestTests(text);
    const uris = file.policies.map((p) => resolveUri(p.file.value, document.uri));
    const stamp = `${document.version}|${text.length}|${uris.map((u) => (u && this.host.documents.get(u)?.version) ?? '-').join(',')}`;
    const cached = this.analyses.get(document.uri);
    if (!fresh && cached && cached.stamp === stamp) return cached;
    const service = this.host.languageService();
    const entries = file.policies.map((reference, i): TestPolicy | string => {
      const uri = uris[i];
      if (!uri) return `cannot resolve the file name '${reference.file.value}'`;
      const policyText = this.textOf(uri);
      if (policyText === undefined) return `cannot read ${reference.file.value}${this.host.readFile ? '' : ' (open it in the editor: this editor reads only open files)'}`;
      return testPolicyFromText(service, reference, uri, this.host.documents.get(uri)?.languageId ?? languageIdOfFile(uri), policyText);
    });
    const policies = entries.flatMap((e) => (typeof e === 'string' ? [] : [e.evaluated]));
    const outcomes = policies.length === entries.length ? file.tests.map((test) => runRequestTest(test, policies)) : undefined;
    const analysis: Analysis = { stamp, file, entries, uris, outcomes };
    this.analyses.set(document.uri, analysis);
    return analysis;
  }

  private textOf(uri: string): string | undefined {
    const open = this.host.documents.get(uri);
    if (open) return open.getText();
    const path = filePath(uri);
    if (!path || !this.host.readFile) return undefined;
    const text = this.host.readFile(path);
    // Test files name policies, not megabytes of data.
    return text !== undefined && text.length <= MAX_DOCUMENT_SIZE ? text : undefined;
  }
}

/** A policy file name of a test file as a uri, relative to the test file's own. */
function resolveUri(name: string, base: string): string | undefined {
  try {
    return new URL(name.replace(/\\/g, '/'), base).href;
  } catch {
    return undefined;
  }
}
