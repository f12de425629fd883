// Entry of the extension test suite: the `run()` module that VS Code loads through
// `extensionTestsPath` (code-server's workbench `payload`, or @vscode/test-electron).
// The runner passes its settings in `.e2e/config.json` inside the opened workspace,
// and reads the results back from `.e2e/results.json`.
import * as vscode from 'vscode';
import { runTests, type SuiteConfig } from './harness';
import { readText, workspaceRoot } from './helpers';
import { registerTests } from './extension.test';

export async function run(): Promise<void> {
  const root = workspaceRoot();
  const configUri = vscode.Uri.joinPath(root, '.e2e', 'config.json');
  const config: SuiteConfig = { host: 'node', ...JSON.parse(await readText(configUri).catch(() => '{}')) };
  registerTests(config);
  const results = await runTests(config, vscode.Uri.joinPath(root, '.e2e', 'results.json'));
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed > 0) {
    throw new Error(`${failed} of ${results.length} extension tests failed`);
  }
}
