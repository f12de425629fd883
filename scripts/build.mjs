// One build for everything: the IAM catalogue, four extension bundles (client and server,
// node and browser), the CLI, and with --tests the test files.
//   node scripts/build.mjs [--production] [--tests]
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCatalog } from './build-catalog.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Parallel work trees of one checkout can build into their own folders (relative or absolute).
const distDir = process.env.BUILD_OUT || 'dist';
const testDir = process.env.TEST_OUT || 'out/test';

/** The generated catalogue is embedded as text and JSON.parse'd at start (faster than a JS object literal). */
const catalogAsText = {
  name: 'catalog-as-text',
  setup(build) {
    build.onLoad({ filter: /iam-catalog\.json$/ }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

/**
 * Node bundles read the catalogue from dist/server/iam-catalog.json instead: V8 compiles a
 * bundle holding a 4 MB string literal in about 120 ms, reading the file takes a few ms, and
 * start-up is what users wait for. `fromBundle` is the file's path relative to the bundle.
 */
const catalogFromFile = (fromBundle) => ({
  name: 'catalog-from-file',
  setup(build) {
    build.onLoad({ filter: /iam-catalog\.json$/ }, () => ({
      contents: `module.exports = require('fs').readFileSync(require('path').join(__dirname, ${JSON.stringify(fromBundle)}), 'utf8');`,
      loader: 'js',
    }));
  },
});
const CATALOG_FILE = 'server/iam-catalog.json';

const common = {
  bundle: true,
  // web-tree-sitter's ES module finds its WebAssembly through import.meta.url, which a CommonJS
  // bundle has not; its CommonJS build is used, and the module's bytes are handed over (src/common/hcl.ts).
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  sourcemap: !production,
  minify: production,
  // jsonc-parser's UMD entry breaks in bundles; its ESM build is picked through `module`.
  mainFields: ['module', 'main'],
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
  plugins: [catalogAsText],
  logLevel: 'warning',
  absWorkingDir: root,
};

const shebang = { js: '#!/usr/bin/env node' };

export async function buildAll() {
  await buildCatalog();
  // A production build must not ship source maps left over from a development build.
  if (production) {
    for (const f of ['client/node.js', 'client/browser.js', 'server/node.js', 'server/browser.js', 'cli.js', 'core.js']) {
      rmSync(resolve(root, distDir, `${f}.map`), { force: true });
    }
  }
  const started = Date.now();
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['client/src/node/main.ts'], outfile: `${distDir}/client/node.js`, platform: 'node', format: 'cjs', external: ['vscode'], target: 'node20' }),
    esbuild.build({ ...common, entryPoints: ['client/src/browser/main.ts'], outfile: `${distDir}/client/browser.js`, platform: 'browser', format: 'cjs', external: ['vscode'], target: 'es2022' }),
    esbuild.build({ ...common, entryPoints: ['server/src/node/main.ts'], outfile: `${distDir}/server/node.js`, platform: 'node', format: 'cjs', target: 'node20', banner: shebang, plugins: [catalogFromFile('iam-catalog.json')] }),
    esbuild.build({ ...common, entryPoints: ['server/src/browser/main.ts'], outfile: `${distDir}/server/browser.js`, platform: 'browser', format: 'iife', target: 'es2022' }),
    esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: `${distDir}/cli.js`, platform: 'node', format: 'cjs', target: 'node20', banner: shebang, plugins: [catalogFromFile(CATALOG_FILE)] }),
    // The core as a library (examples/api/): the same analysis for other tools.
    esbuild.build({ ...common, entryPoints: ['server/src/core/index.ts'], outfile: `${distDir}/core.js`, platform: 'neutral', format: 'cjs', target: 'es2022' }),
  ]);
  copyFileSync(join(root, 'server/generated/iam-catalog.json'), resolve(root, distDir, CATALOG_FILE));
  // The HCL parser's two WebAssembly modules (Terraform), next to the servers; the CLI reads them there too.
  copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), resolve(root, distDir, 'server/web-tree-sitter.wasm'));
  copyFileSync(join(root, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'), resolve(root, distDir, 'server/tree-sitter-terraform.wasm'));
  chmodSync(resolve(root, distDir, 'server/node.js'), 0o755);
  chmodSync(resolve(root, distDir, 'cli.js'), 0o755);
  return Date.now() - started;
}

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'e2e' && entry.name !== 'fixtures') out.push(...findTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Test files share one copy of the catalogue through code splitting (ESM chunks). */
export async function buildTests() {
  rmSync(resolve(root, testDir), { recursive: true, force: true });
  const entryPoints = findTests(join(root, 'test')).map((f) => relative(root, f));
  await esbuild.build({
    ...common,
    sourcemap: true,
    minify: false,
    entryPoints,
    outdir: testDir,
    outbase: 'test',
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // CJS dependencies inside ESM output need a require(), and some (web-tree-sitter's) a __dirname.
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; " +
        'const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); ' +
        "const __dirname = __filename.replace(/[\\\\/][^\\\\/]*$/, '');",
    },
  });
  return entryPoints.length;
}

// Run directly (not imported): compared as URLs, so a checkout path with spaces works too.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ms = await buildAll();
  const sizes = ['client/node.js', 'client/browser.js', 'server/node.js', 'server/browser.js', 'cli.js']
    .map((f) => `${distDir}/${f} ${(statSync(resolve(root, distDir, f)).size / 1024).toFixed(0)} KB`);
  console.log(`built in ${ms} ms${production ? ' (production)' : ''}: ${sizes.join(', ')}`);
  if (args.has('--tests')) console.log(`bundled ${await buildTests()} test files into ${testDir}`);
}
