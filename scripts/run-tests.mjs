// Runs the bundled tests (out/test, built by `node scripts/build.mjs --tests`) with node's test runner.
//   node scripts/run-tests.mjs [unit|lsp|cli ...]
// BUILD_OUT and TEST_OUT (see build.mjs) select other build folders; the tests read BUILD_OUT.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['unit', 'lsp', 'cli'];
const files = [];
const collect = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) collect(path);
    else if (e.name.endsWith('.test.mjs')) files.push(path);
  }
};
const testDir = process.env.TEST_OUT || 'out/test';
for (const suite of suites) collect(join(testDir, suite));
if (files.length === 0) {
  console.error('no test files found; run `node scripts/build.mjs --tests` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files.sort()], { stdio: 'inherit' });
process.exit(result.status ?? 1);
