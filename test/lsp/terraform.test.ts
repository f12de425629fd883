// A Terraform file over the real server (stdio): the server loads the HCL parser from its build
// folder the first time a .tf file needs it, then reports, hovers and fixes inside its policies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lsp';

const TF = readFileSync('test/fixtures/terraform/main.tf', 'utf8');
const at = (needle: string, delta = 0) => positionOf(TF, needle, delta);

describe('a Terraform file, over stdio', () => {
  let client: LspClient;
  let diagnostics: Diagnostic[];
  const uri = 'file:///work/main.tf';

  before(async () => {
    ({ client } = await LspClient.start({ textDocument: { hover: { contentFormat: ['markdown'] } } }));
    // As VS Code opens a .tf file without a Terraform extension: plain text, found by its name.
    diagnostics = await client.open(uri, TF, 'plaintext');
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  it('reports the misspelt actions in jsonencode, a heredoc and a policy document', () => {
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'unknown-action').map((d) => d.range.start),
      [at('"s3:GetObjekt"'), positionOf(TF.slice(0), '"s3:GetObjekt",\n'), at('"sqs:SendMesage"')],
    );
  });

  it('hovers an action inside jsonencode', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at('s3:ListBucket', 3) });
    assert.match((h?.contents as MarkupContent).value, /^\*\*s3:ListBucket\*\*/);
  });

  it('completes a policy document attribute being typed, then its value, as the user goes on', async () => {
    // A line with a half-typed name does not parse as HCL: completion reads the block with the name completed.
    const typed = TF.replace('    resources = [aws_sqs_queue.q.arn]\n', '    resources = [aws_sqs_queue.q.arn]\n    cond\n');
    await client.change(uri, typed);
    const names = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(typed, '    cond\n', 8) });
    assert.deepEqual(names.items.map((i) => i.label), ['effect', 'not_actions', 'not_resources', 'principals', 'not_principals', 'condition']);
    const condition = names.items.find((i) => i.label === 'condition')!;
    assert.match((condition.textEdit as TextEdit).newText, /^condition \{\n\ttest {5}= "\$\{1:StringEquals\}"/);
    // The value: condition keys inside the variable string.
    const written = typed.replace('    cond\n', '    condition {\n      test     = "StringEquals"\n      variable = "aws:Sour"\n      values   = ["x"]\n    }\n');
    await client.change(uri, written);
    const keys = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(written, 'aws:Sour', 8) });
    assert.ok(keys.items.some((i) => i.label === 'aws:SourceArn'), keys.items.map((i) => i.label).join(', '));
    await client.change(uri, TF);
  });

  it('fixes an action with an HCL edit', async () => {
    const typo = diagnostics.find((d) => d.code === 'unknown-action')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    const fix = actions.find((a) => a.title.includes("'s3:GetObject'"));
    assert.deepEqual(fix?.edit?.changes?.[uri]?.[0].newText, 's3:GetObject');
  });
});

describe('Terraform JSON and template files, over stdio', () => {
  it('reports inside a .tf.json policy string and a templatefile() template, the HCL parser loaded for them too', async () => {
    const { client } = await LspClient.start({});
    try {
      const json = readFileSync('test/fixtures/terraform/main.tf.json', 'utf8');
      const found = await client.open('file:///work/main.tf.json', json, 'json');
      assert.deepEqual(found.map((d) => d.code).sort(), ['missing-principal', 'unknown-action']);
      const typo = found.find((d) => d.code === 'unknown-action')!;
      assert.deepEqual(typo.range.start, positionOf(json, '\\"s3:GetObjekt\\"'));
      const template = readFileSync('test/fixtures/terraform/files/templates/deploy.json.tftpl', 'utf8');
      const inTemplate = await client.open('file:///work/deploy.json.tftpl', template, 'plaintext');
      assert.deepEqual(inTemplate.map((d) => [d.code, d.range.start]), [['unknown-action', positionOf(template, '"s3:ListBuckett"')]]);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

describe('the CLI on Terraform files', () => {
  it('lints a folder of .tf files with the resource and attribute of each finding', () => {
    const cli = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, '--no-color', 'test/fixtures/terraform'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^test\/fixtures\/terraform\/main\.tf:\d+:\d+ {2}error {2}unknown-action {2}Unknown action 's3:GetObjekt'\. Did you mean 's3:GetObject'\? \[aws_iam_role_policy\.app\.policy\]$/m);
    assert.match(r.stdout, /\[data\.aws_iam_policy_document\.doc\]$/m);
    assert.doesNotMatch(r.stdout, /clean\.tf:\d+/);
  });
});
