// A CloudFormation template in YAML over the real server (stdio): diagnostics only inside its
// policies, at the template's tokens; hover; a quick fix written as YAML; SAM template hover;
// and the CLI on a folder of templates, with the resource and property of each finding.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lsp';

const FIXTURE = 'test/fixtures/templates/role-and-function.yaml';
const TEMPLATE = readFileSync(FIXTURE, 'utf8');

const at = (needle: string, delta = 0) => positionOf(TEMPLATE, needle, delta);

describe('a YAML CloudFormation template, over stdio', () => {
  let client: LspClient;
  let diagnostics: Diagnostic[];
  const uri = 'file:///work/template.yaml';

  before(async () => {
    ({ client } = await LspClient.start({ textDocument: { hover: { contentFormat: ['markdown'] } } }));
    diagnostics = await client.open(uri, TEMPLATE, 'yaml');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  it('reports the planted mistakes at their tokens, inside policies only', () => {
    const byCode = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.range.start);
    assert.deepEqual(byCode('unknown-action'), [at('s3:GetObjekt'), at('sqs:SendMesage'), at('dynamodb:GetItm')]);
    assert.deepEqual(byCode('unescaped-sub-variable'), [at('${aws:username}')]);
    assert.deepEqual(byCode('unknown-service-principal'), [at('lamda.amazonaws.com')]);
    const policiesStart = at('AssumeRolePolicyDocument').line;
    assert.ok(diagnostics.every((d) => d.range.start.line > policiesStart));
  });

  it('hovers an action and a SAM policy template', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at('s3:ListBucket', 3) });
    assert.match((h?.contents as MarkupContent).value, /^\*\*s3:ListBucket\*\*/);
    assert.deepEqual(h?.range, { start: at('s3:ListBucket'), end: at('s3:ListBucket', 13) });
    const sam = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at('S3ReadPolicy', 2) });
    assert.match((sam?.contents as MarkupContent).value, /SAM policy template/);
  });

  it('fixes the action with a YAML edit and escapes the policy variable', async () => {
    const typo = diagnostics.find((d) => d.code === 'unknown-action')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    const fix = actions.find((a) => a.title.includes("'s3:GetObject'"));
    assert.deepEqual(fix?.edit?.changes?.[uri], [{ range: { start: at('s3:GetObjekt'), end: at('s3:GetObjekt', 12) }, newText: 's3:GetObject' }]);
    const sub = diagnostics.find((d) => d.code === 'unescaped-sub-variable')!;
    const [escape] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: sub.range, context: { diagnostics: [sub] } });
    assert.equal(escape.edit?.changes?.[uri]?.[0].newText, '${!aws:username}');
  });

  it('says nothing about a YAML file that is no template', async () => {
    const found = await client.open('file:///work/ci.yaml', 'name: build\non: [push]\njobs: {}\n', 'yaml');
    assert.deepEqual(found, []);
  });
});

describe('the CLI on templates', () => {
  it('refuses a template over CloudFormation’s 1 MB: exit 2 when named, a skipped line in a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-big-template-'));
    try {
      const statement = "          - {Effect: Allow, Action: s3:GetObjekt, Resource: '*'}\n";
      const head = "AWSTemplateFormatVersion: x\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n";
      writeFileSync(join(dir, 'big.yaml'), head + statement.repeat(20000));
      const cli = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
      const named = spawnSync(process.execPath, [cli, '--no-color', join(dir, 'big.yaml')], { encoding: 'utf8' });
      assert.equal(named.status, 2, named.stdout);
      assert.match(named.stderr, /cannot analyse .*big\.yaml: a template larger than 1 MB/);
      const walked = spawnSync(process.execPath, [cli, '--no-color', dir], { encoding: 'utf8' });
      assert.equal(walked.status, 0, walked.stderr);
      assert.match(walked.stdout, /big\.yaml: skipped \(a template larger than 1 MB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lints a folder of templates: YAML, JSON and Serverless, with the resource and property of each finding', () => {
    const cli = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, '--no-color', 'test/fixtures/templates'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^test\/fixtures\/templates\/role-and-function\.yaml:30:21 {2}error {2}unknown-action {2}Unknown action 's3:GetObjekt'\. Did you mean 's3:GetObject'\? \[AppRole \(AWS::IAM::Role\) Policies\[0\]\.PolicyDocument\]$/m);
    assert.match(r.stdout, /^test\/fixtures\/templates\/serverless\.yml:12:15 {2}error {2}unknown-action .*dynamodb:Querry.*\[provider statements\]$/m);
    assert.match(r.stdout, /^test\/fixtures\/templates\/template\.json:\d+:\d+ {2}error {2}unknown-action .*logs:PutLogEvent/m);
    assert.doesNotMatch(r.stdout, /not-a-template|clean\.yaml:\d+:\d+ {2}error/);
  });
});
