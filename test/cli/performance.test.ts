import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');

describe('iam-policy-lint on a large folder (analysis on several threads with --jobs)', () => {
  it('reports every file in path order with the findings of its own text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-lint-many-'));
    try {
      // 300 policies, each with its own misspelt action, and non-policies between them.
      for (let i = 0; i < 300; i++) {
        const name = `p${String(i).padStart(3, '0')}`;
        const action = i % 2 === 0 ? `s3:GetObjekt${i}` : `ec2:DescribeInstancez${i}`;
        writeFileSync(join(dir, `${name}.json`), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, null, 2));
        if (i % 50 === 0) writeFileSync(join(dir, `${name}-package.json`), '{"name": "x"}');
      }
      const r = spawnSync(process.execPath, [CLI, '--jobs', '3', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(r.status, 1, r.stderr);
      const results = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; message: string }[] }[];
      assert.equal(results.length, 300);
      results.forEach((result, i) => {
        const name = `p${String(i).padStart(3, '0')}.json`;
        assert.ok(result.file.endsWith(name), `${result.file} at ${i}`);
        const action = i % 2 === 0 ? `s3:GetObjekt${i}` : `ec2:DescribeInstancez${i}`;
        const unknown = result.diagnostics.filter((d) => d.code === 'unknown-action').map((d) => d.message);
        assert.equal(unknown.length, 1, name);
        assert.ok(unknown[0].startsWith(`Unknown action '${action}'.`), unknown[0]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
