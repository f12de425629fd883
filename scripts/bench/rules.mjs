// CPU time per rule, so a slow rule is named rather than guessed: each rule of the explicit
// list runs alone over the same parsed documents (1 MB generated policy, AWS managed policies).
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatePolicy } from './generate.mjs';

const require = createRequire(import.meta.url);

/** Bundles the rule list and the runner from source (the dist bundles do not export them). */
async function loadRules(root) {
  const entry = `
    export { allRules } from './server/src/core/rules';
    export { validate } from './server/src/core/validation';
    export { parsePolicy } from './server/src/core/policy';
    export { getBundledCatalog } from './server/src/core/catalog/bundled';
    export { TextDocument } from 'vscode-languageserver-textdocument';`;
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'],
    define: { PACKAGE_VERSION: '"bench"' }, logLevel: 'error',
    plugins: [{ name: 'catalog', setup: (b) => b.onLoad({ filter: /iam-catalog\.json$/ }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' })) }],
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}

function cpuMs(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Per-rule CPU ms over the given texts, slowest first. */
export async function ruleCosts(root, corpusDir) {
  const { allRules, validate, parsePolicy, getBundledCatalog, TextDocument } = await loadRules(root);
  const catalog = getBundledCatalog();
  const sets = {
    '1 MB generated policy': [generatePolicy(1024 * 1024)],
    'AWS managed policies': corpusDir ? readdirSync(corpusDir).map((f) => readFileSync(join(corpusDir, f), 'utf8')) : [],
  };
  const out = {};
  for (const [name, texts] of Object.entries(sets)) {
    const parsed = texts.map((t, i) => {
      const document = TextDocument.create(`file:///bench/${i}.json`, 'json', 1, t);
      return { document, policy: parsePolicy(document) };
    });
    // Warm the catalogue and caches once, so the first rule does not pay for everyone.
    for (const { document, policy } of parsed) validate(document, policy, catalog, allRules);
    const costs = allRules.map((rule) => ({
      code: rule.code,
      ms: cpuMs(() => {
        for (const { document, policy } of parsed) validate(document, policy, catalog, [rule]);
      }),
    }));
    out[name] = costs.sort((a, b) => b.ms - a.ms);
  }
  return out;
}
