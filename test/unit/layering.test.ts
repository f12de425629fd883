// The layers hold: the core (pure analysis) imports nothing of the server, the client, the LSP
// connection or Node; rules/ holds rules only, one per file named after its code, and no rule
// imports another (shared IAM knowledge lives in core/semantics, JSON edits in core/edits).
// tsconfig.core.json type-checks the core without Node or DOM types (part of npm test).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/core/rules';

const CORE = resolve(process.cwd(), 'server/src/core');
const RULES = join(CORE, 'rules');
/** Packages the core may use: JSON parsing and the LSP data types (no connection). */
const CORE_PACKAGES = new Set(['jsonc-parser', 'yaml', 'vscode-languageserver-types', 'vscode-languageserver-textdocument']);
/** The one file outside the core it reads: the catalogue generated at build time. */
const GENERATED = resolve(process.cwd(), 'server/generated/iam-catalog.json');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

describe('layering', () => {
  const files = sources(CORE);

  it('finds the core sources', () => {
    assert.ok(files.length > 100, `${files.length} files under ${CORE}`);
  });

  it('keeps the core free of the server, the client, the LSP connection and Node built-ins', () => {
    const offences: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        const where = `${relative(CORE, file)} imports '${spec}'`;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (target !== GENERATED && relative(CORE, target).startsWith('..')) offences.push(where);
        } else if (!CORE_PACKAGES.has(spec)) offences.push(where);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('lets the server, the CLI and the client into the core only through its facade (core/index.ts)', () => {
    const shells = ['server/src/common', 'server/src/cli', 'server/src/node', 'server/src/browser', 'client/src'].flatMap((dir) => sources(resolve(process.cwd(), dir)));
    assert.ok(shells.length > 10);
    const offences: string[] = [];
    for (const file of shells) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!relative(CORE, target).startsWith('..') && target !== CORE && target !== join(CORE, 'index')) offences.push(`${relative(process.cwd(), file)} imports '${spec}'`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('keeps the protocol module shared by client and server free of imports', () => {
    assert.deepEqual(importsOf(resolve(process.cwd(), 'server/src/common/protocol.ts')), []);
  });

  it('holds rules only in rules/, one per file named after its code, none importing another', () => {
    const ruleFiles = readdirSync(RULES).filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'rule.ts');
    const codes = new Set(allRules.map((r) => r.code));
    assert.deepEqual(ruleFiles.map((f) => basename(f, '.ts')).filter((name) => !codes.has(name)), [], 'files in rules/ that are not a rule');
    assert.deepEqual([...codes].filter((code) => !ruleFiles.includes(`${code}.ts`)), [], 'rules without their own file');
    const offences: string[] = [];
    for (const name of ruleFiles) {
      for (const spec of importsOf(join(RULES, name))) {
        if (spec.startsWith('./') && spec !== './rule') offences.push(`${name} imports '${spec}'`);
      }
    }
    assert.deepEqual(offences, []);
  });
});
