#!/usr/bin/env node
// The same extension suite in desktop VS Code, for people who have it (or can download it):
//   npm run build && node test/e2e/runTestElectron.mjs [--vscode-executable PATH]
// @vscode/test-electron downloads VS Code unless given an executable, so this cannot run on
// machines without internet; CI uses scripts/e2e/run.mjs (code-server) instead.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite, repoRoot } from '../../scripts/e2e/build-suite.mjs';

const { runTests } = await import('@vscode/test-electron').catch(() => {
  console.error('@vscode/test-electron is not installed: npm install');
  process.exit(2);
});

const executableFlag = process.argv.indexOf('--vscode-executable');
const vscodeExecutablePath = executableFlag > 0 ? process.argv[executableFlag + 1] : undefined;

const tmp = mkdtempSync(join(tmpdir(), 'iam-e2e-electron-'));
const workspace = join(tmp, 'ws');
cpSync(join(repoRoot, 'test', 'e2e', 'fixtures'), join(workspace, 'fixtures'), { recursive: true });
mkdirSync(join(workspace, '.e2e'));
writeFileSync(join(workspace, '.e2e', 'config.json'), JSON.stringify({ host: 'node', extensionPath: repoRoot }));

let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: await buildSuite(),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(tmp, 'user-data')],
  });
} catch (error) {
  console.error(error);
} finally {
  let results = [];
  try {
    results = JSON.parse(readFileSync(join(workspace, '.e2e', 'results.json'), 'utf8'));
  } catch {
    // the suite did not start
  }
  for (const r of results) {
    console.log(`${{ passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[r.status]} ${r.name}${r.message ? `\n     ${r.message}` : ''}`);
  }
  const count = (status) => results.filter((r) => r.status === status).length;
  console.log(`${count('passed')} passed, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode === 0 ? 0 : 1);
