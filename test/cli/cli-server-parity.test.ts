import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspClient } from '../helpers/lsp';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
const FIXTURE = 'test/fixtures/parity/bucket-policy.json';

interface Finding {
  code?: unknown;
  range: unknown;
  message: unknown;
  severity?: unknown;
}

/** What both shells must agree on, in a stable order. */
function comparable(diagnostics: Finding[]): string[] {
  return diagnostics.map((d) => JSON.stringify({ code: d.code, range: d.range, severity: d.severity, message: d.message })).sort();
}

describe('CLI and language server parity', () => {
  it('report the same findings (code, range, severity, message) for the same file', async () => {
    const cli = spawnSync(process.execPath, [CLI, FIXTURE, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    const [result] = JSON.parse(cli.stdout) as { file: string; diagnostics: Finding[] }[];
    const fromCli = comparable(result.diagnostics);

    const { client } = await LspClient.start();
    const fromServer = comparable(await client.open(pathToFileURL(resolve(FIXTURE)).toString(), readFileSync(FIXTURE, 'utf8')));
    assert.equal(await client.stop(), 0);

    assert.deepEqual(fromServer, fromCli);
    // The fixture is meant to be rich in findings: it must keep exercising both rule groups.
    const codes = new Set(result.diagnostics.map((d) => d.code));
    for (const code of ['public-principal', 'invalid-principal', 'missing-principal', 'unknown-operator', 'wildcard-without-like', 'mfa-anti-pattern']) {
      assert.ok(codes.has(code), `fixture no longer triggers ${code}: ${[...codes].join(', ')}`);
    }
    assert.ok(result.diagnostics.length >= 20, `only ${result.diagnostics.length} findings`);
  });
});
