// A policy inside another JSON document (a CloudFormation template in JSON, a policy's JSON in
// a string property) gets diagnostics, hover, completion and quick fixes from the real server,
// at the host document's positions; the CLI lints it the same way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lsp';

const TEMPLATE = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DeployRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]
        },
        "Policies": [{
          "PolicyName": "deploy",
          "PolicyDocument": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetObjekt\\", \\"Resource\\": \\"*\\"}]}"
        }]
      }
    }
  }
}`;

const at = (needle: string, delta = 0) => positionOf(TEMPLATE, needle, delta);

describe('policies embedded in a JSON document, over stdio', () => {
  let client: LspClient;
  let diagnostics: Diagnostic[];
  const uri = 'file:///work/template.json';

  before(async () => {
    ({ client } = await LspClient.start({ textDocument: { hover: { contentFormat: ['markdown'] } } }));
    diagnostics = await client.open(uri, TEMPLATE);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  it('reports the misspelt action inside the string at its escaped text, and nothing outside the policies', () => {
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start]),
      [['unknown-action', at('\\"s3:GetObjekt\\"')]],
    );
    assert.deepEqual(diagnostics[0].range.end, at('\\"s3:GetObjekt\\"', '\\"s3:GetObjekt\\"'.length));
  });

  it('hovers an action of the nested trust policy', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at('sts:AssumeRole', 5) });
    assert.match((h?.contents as MarkupContent).value, /^\*\*sts:AssumeRole\*\* · Write/);
    assert.deepEqual(h?.range, { start: at('"sts:AssumeRole"'), end: at('"sts:AssumeRole"', 16) });
  });

  it('completes actions inside the string', async () => {
    const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: at('s3:GetObjekt', 6) });
    assert.ok(list?.items.some((i) => i.label === 's3:GetObject'), list?.items.map((i) => i.label).slice(0, 10).join(', '));
  });

  it('fixes the action with an edit written for the string', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const fix = actions.find((a) => a.title.includes("'s3:GetObject'"));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: { start: at('s3:GetObjekt'), end: at('s3:GetObjekt', 12) }, newText: 's3:GetObject' }]);
  });
});

describe('the CLI on a JSON document with embedded policies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-embedded-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the embedded finding at its line and exits 1', () => {
    writeFileSync(join(dir, 'template.json'), TEMPLATE);
    const cli = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, '--format', 'json', 'template.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const [result] = JSON.parse(r.stdout) as { file: string; diagnostics: Diagnostic[] }[];
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start]), [['unknown-action', at('\\"s3:GetObjekt\\"')]]);
  });
});
