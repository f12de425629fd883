// The npm package on its own: `npm pack` gives the bundled CLI, the node server, the IAM
// catalogue and the HCL parser's WebAssembly, with no dependency to install; installed from
// the tarball into an empty folder, `iam-policy-lint` runs from there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const BUILD = resolve(process.env.BUILD_OUT || 'dist');
const npm = (args: string[], cwd: string) => spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });

describe('the npm package', () => {
  it('holds only the bundled CLI, server, catalogue and parser, and runs from a tarball installed into an empty folder', () => {
    // The package's own files with this build's bundles (the build may live outside dist/).
    const stage = mkdtempSync(join(tmpdir(), 'iam-pack-'));
    for (const file of ['package.json', 'README.md', 'LICENSE', '.npmignore']) copyFileSync(file, join(stage, file));
    mkdirSync(join(stage, 'dist/server'), { recursive: true });
    mkdirSync(join(stage, 'dist/client'), { recursive: true });
    for (const file of ['cli.js', 'server/node.js', 'server/browser.js', 'server/iam-catalog.json', 'server/web-tree-sitter.wasm', 'server/tree-sitter-terraform.wasm', 'client/node.js']) {
      copyFileSync(join(BUILD, file), join(stage, 'dist', file));
    }
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', stage], stage);
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.deepEqual(info.files.map((f) => f.path).sort(), [
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/server/iam-catalog.json',
      'dist/server/node.js',
      'dist/server/tree-sitter-terraform.wasm',
      'dist/server/web-tree-sitter.wasm',
      'package.json',
    ]);
    // No registry needed: the package has no dependencies.
    const target = mkdtempSync(join(tmpdir(), 'iam-install-'));
    const installed = npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(stage, info.filename)], target);
    assert.equal(installed.status, 0, installed.stderr);
    writeFileSync(join(target, 'policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}]}');
    writeFileSync(join(target, 'main.tf'), 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:PutObjekt"]\n    resources = ["arn:aws:s3:::b/*"]\n  }\n}\n');
    const bin = join(target, 'node_modules/.bin', process.platform === 'win32' ? 'iam-policy-lint.cmd' : 'iam-policy-lint');
    const run = spawnSync(bin, ['--no-color', 'policy.json', 'main.tf'], { cwd: target, encoding: 'utf8', shell: process.platform === 'win32' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /policy\.json:1:\d+ {2}error {2}unknown-action {2}Unknown action 's3:GetObjekt'/);
    assert.match(run.stdout, /main\.tf:3:\d+ {2}error {2}unknown-action {2}Unknown action 's3:PutObjekt'/);
    const server = spawnSync(join(target, 'node_modules/.bin', 'iam-policy-language-server'), ['--version'], { encoding: 'utf8' });
    assert.match(server.stdout, /^iam-policy-language-server \d/);
  });
});
