import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HCL_WASM, loadHclParser } from '../common/hcl';
import { getBundledCatalog, getIamLanguageService, type HclParser, type LanguageSettings, languageIdOfFile, needsHclParser, type PolicyFileReference, type PolicyType } from '../core';

/** One file to analyse. */
export interface Job {
  readonly uri: string;
  readonly text: string;
  /** Named on the command line (or stdin): with `--policy-type`, analysed as a policy whatever its text. */
  readonly explicit?: boolean;
  /** A policy file a Terraform attribute reads: the type the attribute gives it, and where it is read, for messages. */
  readonly reference?: { readonly policyType?: PolicyType; readonly label: string; readonly template?: boolean };
  /** The run's settings under the file's configuration file, when it has one. */
  readonly settings?: LanguageSettings;
  /** Also find each finding's safe fix (for SARIF's `fixes`). */
  readonly fixes?: boolean;
}

/** A finding's one preferred quick fix: its edits of the file. */
export interface FindingFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** The fix of a finding when it has exactly one preferred quick fix, and that fix edits only the file. */
function preferredFix(uri: string, actions: readonly CodeAction[]): FindingFix | undefined {
  const preferred = actions.filter((a) => a.isPreferred && a.kind === CodeActionKind.QuickFix);
  const changes = preferred.length === 1 ? preferred[0].edit?.changes : undefined;
  const edits = changes?.[uri];
  return edits && edits.length > 0 && Object.keys(changes!).length === 1 ? { title: preferred[0].title, edits } : undefined;
}

/**
 * Undefined when the file is not an IAM policy; `failed` when the analysis threw on it. A
 * Terraform file also says which policy files its attributes read.
 */
export type Outcome =
  | { readonly diagnostics: Diagnostic[]; readonly policies: number; readonly references?: readonly PolicyFileReference[]; readonly fixes?: readonly (FindingFix | undefined)[] }
  | undefined
  | { readonly failed: string }
  /** A template or Terraform file the readers refuse (too large), said even in a folder walk. */
  | { readonly refused: string };


/** Below this many files a second thread costs more (its start-up) than it saves. */
const MIN_FILES_PER_THREAD = 100;
const MAX_THREADS = 4;
/**
 * Threads per available CPU. The analysis allocates heavily, and two threads on the two
 * hyper-threads of one core ran the AWS managed policies 40% slower than one thread (2.5 s
 * against 1.75 s), so a thread is only added per two CPUs.
 */
const CPUS_PER_THREAD = 2;


/** The HCL parser from the build folder (dist/server/), or undefined when it cannot be loaded. */
export async function loadBundledHclParser(): Promise<HclParser | undefined> {
  const dir = join(__dirname, 'server');
  try {
    return await loadHclParser(readFileSync(join(dir, HCL_WASM.runtime)), readFileSync(join(dir, HCL_WASM.grammar)));
  } catch {
    return undefined;
  }
}

/** The HCL parser, when the core needs it for one of the documents, or undefined. */
async function hclParser(documents: readonly TextDocument[]): Promise<HclParser | undefined> {
  return documents.some(needsHclParser) ? loadBundledHclParser() : undefined;
}

async function analyse(jobs: readonly Job[], settings: LanguageSettings): Promise<Outcome[]> {
  // A file a templatefile() call reads is a template whatever its name (`policy.json`).
  const documents = jobs.map(({ uri, text, reference }) => TextDocument.create(uri, reference?.template ? 'terraform-template' : languageIdOfFile(uri), 1, text));
  const hcl = await hclParser(documents);
  const service = getIamLanguageService({ catalog: getBundledCatalog(), hcl: () => hcl });
  return jobs.map(({ reference, explicit, settings: configured, fixes }, i) => {
    const document = documents[i];
    // The core is not meant to throw on any text; should it still, one file must not cost the others their findings.
    try {
      // A file a Terraform attribute reads is the policy type the attribute gives, unless the user said otherwise.
      const base = configured ?? settings;
      let own: LanguageSettings = reference?.policyType && !base.policyType ? { ...base, policyType: reference.policyType } : base;
      // A file found in a folder with --policy-type is typed only if it is a policy; one named, read by an attribute, or typed by the configuration's glob is one.
      if (!explicit && !reference && own.policyType && own.declaredPolicy === undefined) own = { ...own, declaredPolicy: false };
      const readBy = (d: Diagnostic) => (reference ? { ...d, message: `${d.message} [read by ${reference.label}]` } : d);
      const policy = service.parsePolicy(document, own);
      const quickFixes = (d: Diagnostic) => ({ diagnostics: [d], only: [CodeActionKind.QuickFix] });
      if (policy.isPolicy) {
        const found = service.doValidation(document, policy);
        const fixesOf = fixes ? found.map((d) => preferredFix(document.uri, service.getCodeActions(document, d.range, quickFixes(d), policy))) : undefined;
        return { diagnostics: found.map(readBy), policies: 1, fixes: fixesOf };
      }
      // A document that holds policies (a template, a Terraform file): their findings in its
      // positions, each saying which resource and property it is in.
      const embedded = service.parseEmbeddedPolicies(document, own, policy);
      const { references } = embedded;
      if (embedded.parts.length === 0) {
        if (embedded.refused) return { refused: embedded.refused };
        return references.length > 0 ? { diagnostics: [], policies: 0, references } : undefined;
      }
      const found = embedded.doValidation();
      const diagnostics = found.map((d) => {
        const label = embedded.labelAt(d.range.start);
        return readBy(label ? { ...d, message: `${d.message} [${label}]` } : d);
      });
      const fixesOf = fixes ? found.map((d) => preferredFix(document.uri, embedded.getCodeActions(d.range, quickFixes(d)))) : undefined;
      return { diagnostics, policies: embedded.parts.length, references, fixes: fixesOf };
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  });
}

/**
 * Analyses files on several threads when there are CPUs and files enough (or as many as
 * `requested`), keeping their order. Every thread runs the same core, so the findings are the same.
 */
export async function analyseAll(jobs: readonly Job[], settings: LanguageSettings, script: string, requested?: number): Promise<Outcome[]> {
  // Each thread loads the catalogue and warms up on its own: never more threads than CPUs.
  const threads = Math.min(
    jobs.length,
    availableParallelism(),
    requested ?? Math.min(MAX_THREADS, Math.floor(availableParallelism() / CPUS_PER_THREAD), Math.floor(jobs.length / MIN_FILES_PER_THREAD)),
  );
  if (threads <= 1) return await analyse(jobs, settings);
  // Interleaved shares even out folders of large and small policies.
  const shares = Array.from({ length: threads }, (_, t) => jobs.filter((_, i) => i % threads === t));
  const others = shares.slice(1).map(
    (share) =>
      new Promise<Outcome[]>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { jobs: share, settings } });
        worker.once('message', resolve);
        worker.once('error', reject);
        // After the message this rejects nothing. Without one, nothing would settle the promise
        // and node would end the run with exit 0 and no output.
        worker.once('exit', (code) => reject(new Error(`analysis thread exited with ${code} before its results`)));
      }),
  );
  const results = await Promise.all([analyse(shares[0], settings), ...others]);
  return jobs.map((_, i) => results[i % threads][Math.floor(i / threads)]);
}

/** In an analysis thread: analyses the share it was given and posts the outcomes back. Returns false on the main thread. */
export function runAnalysisThread(): boolean {
  if (isMainThread || !parentPort) return false;
  const { jobs, settings } = workerData as { jobs: Job[]; settings: LanguageSettings };
  const port = parentPort;
  void analyse(jobs, settings).then((outcomes) => port.postMessage(outcomes));
  return true;
}
