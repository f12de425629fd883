// A tiny test harness for the extension host. The suite must run unchanged in the Node
// extension host and in the web worker extension host, so it imports nothing but `vscode`
// (no `assert`, no mocha). Results are written to the workspace for the runner to read.
import * as vscode from 'vscode';

/** How one test ended. */
export type Status = 'passed' | 'failed' | 'skipped';

/** One line of the results file. */
export interface TestResult {
  readonly name: string;
  readonly status: Status;
  readonly ms: number;
  readonly message?: string;
}

/** What the runner tells the suite, read from `.e2e/config.json` in the workspace. */
export interface SuiteConfig {
  /** The extension host the suite expects the extension in. */
  readonly host: 'node' | 'web';
  /** Where the extension under test must be loaded from (the installed .vsix or the clone); checked when given. */
  readonly extensionPath?: string;
  /** Only run tests whose name contains one of these words (all when absent). */
  readonly only?: readonly string[];
}

interface TestCase {
  readonly name: string;
  readonly fn: () => Promise<void>;
  readonly timeoutMs: number;
  /** When an essential test fails, the tests after it are reported failed without running. */
  readonly essential: boolean;
}

class SkipSignal extends Error {}

const tests: TestCase[] = [];

/** Registers a test; tests run one at a time in registration order. */
export function test(name: string, fn: () => Promise<void>, { timeoutMs = 60_000, essential = false } = {}): void {
  tests.push({ name, fn, timeoutMs, essential });
}

/** Ends the current test as skipped, with the reason shown in the report. */
export function skip(reason: string): never {
  throw new SkipSignal(reason);
}

export class AssertionError extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new AssertionError(message);
  }
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new AssertionError(`${what}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error instanceof AssertionError ? error.message : String(error.stack ?? error)) : String(error);
}

async function runOne(t: TestCase): Promise<TestResult> {
  const started = Date.now();
  try {
    await withDeadline(t.fn(), t.timeoutMs, t.name);
    return { name: t.name, status: 'passed', ms: Date.now() - started };
  } catch (error) {
    return error instanceof SkipSignal
      ? { name: t.name, status: 'skipped', ms: Date.now() - started, message: error.message }
      : { name: t.name, status: 'failed', ms: Date.now() - started, message: describeError(error) };
  }
}

/** Runs every registered test, writing results to `resultsUri` after each one. */
export async function runTests(config: SuiteConfig, resultsUri: vscode.Uri): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const selected = tests.filter((t) => !config.only || config.only.some((word) => t.name.includes(word)));
  let blocker: string | undefined;
  for (const t of selected) {
    const result: TestResult = blocker
      ? { name: t.name, status: 'failed', ms: 0, message: `not run: "${blocker}" failed` }
      : await runOne(t);
    if (t.essential && result.status === 'failed') {
      blocker = t.name;
    }
    results.push(result);
    const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[result.status];
    console.log(`[e2e] ${mark} ${result.name} (${result.ms} ms)${result.message ? `\n       ${result.message}` : ''}`);
    await vscode.workspace.fs.writeFile(resultsUri, new TextEncoder().encode(JSON.stringify(results, null, 2)));
  }
  return results;
}
