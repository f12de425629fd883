// Bundles the extension test suite (test/e2e/suite) into one CommonJS file that both the
// Node extension host and the web worker extension host can load.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds the suite to `outFile` (default `out/e2e/suite/index.js`) and returns its path. */
export async function buildSuite(outFile = join(repoRoot, 'out', 'e2e', 'suite', 'index.js')) {
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: outFile,
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildSuite(process.argv[2]));
}
