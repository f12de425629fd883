import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, InitializeResult } from 'vscode-languageserver-protocol';
import { LspClient, marker } from '../helpers/lsp';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:Get|"],
      "Resource": "*"
    }
  ]
}`;

describe('language server over stdio (push diagnostics)', () => {
  let client: LspClient;
  let init: InitializeResult;
  const uri = 'file:///work/policy.json';
  const { text, position } = marker(POLICY);
  let diagnostics: Diagnostic[];

  before(async () => {
    ({ client, init } = await LspClient.start());
    diagnostics = await client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  it('answers initialize with its capabilities', () => {
    assert.equal(init.serverInfo?.name, 'iam-policy-language-server');
    assert.deepEqual(init.capabilities.completionProvider?.triggerCharacters, ['"', ':']);
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'push mode when the client has no pull support');
  });

  it('publishes unknown-action on exactly the misspelt string', () => {
    const d = diagnostics.find((x) => x.code === 'unknown-action');
    assert.ok(d);
    assert.deepEqual(d.range, { start: { line: 5, character: 17 }, end: { line: 5, character: 31 } });
    assert.equal(d.source, 'iam-policy');
    assert.match(d.codeDescription?.href ?? '', /rules\.md#unknown-action$/);
  });

  it('completes s3:GetObject after "s3:Get', async () => {
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(list.items.some((i) => i.label === 's3:GetObject'));
  });

  it('hovers s3:GetObject', async () => {
    const hoverUri = 'file:///work/hover.json';
    await client.open(hoverUri, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    const result = await client.request<Hover>('textDocument/hover', { textDocument: { uri: hoverUri }, position: { line: 0, character: 50 } });
    const value = (result.contents as { value: string }).value;
    assert.match(value, /s3:GetObject/);
    assert.match(value, /Grants permission to retrieve objects from Amazon S3/);
  });

  it('offers the did-you-mean quick fix for the diagnostic', async () => {
    const d = diagnostics.find((x) => x.code === 'unknown-action')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title === "Did you mean 's3:GetObject'?");
    assert.ok(fix);
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: { start: { line: 5, character: 18 }, end: { line: 5, character: 30 } }, newText: 's3:GetObject' }]);
  });

  it('survives bad input: broken JSON, wrong types, binary, non-policies, a 5 MB file (not analysed, logged)', async () => {
    const cases: [string, string][] = [
      ['file:///work/broken.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": '],
      ['file:///work/types.json', '{"Version": "2012-10-17", "Statement": [{"Effect": 5, "Action": 5, "Resource": {"a": []}}, 7, null]}'],
      ['file:///work/binary.json', '\u0000\u0001\u0002\ufffd\ufffdPK\u0003\u0004'],
      ['file:///work/package.json', '{"name": "x", "version": "1.0.0"}'],
    ];
    for (const [u, t] of cases) {
      const result = await client.open(u, t);
      assert.ok(Array.isArray(result), u);
      const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: u }, position: { line: 0, character: Math.min(10, t.length) } });
      assert.ok(list === null || Array.isArray(list.items), u);
      await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 3 } });
    }
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: Array.from({ length: 40000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstances'], Resource: `arn:aws:s3:::bucket-${i}/*` })),
    }, null, 1);
    assert.ok(big.length > 5_000_000, `size ${big.length}`);
    const started = Date.now();
    const result = await client.open('file:///work/big.json', big);
    assert.deepEqual(result, []);
    assert.ok(client.logs.some((m) => m.includes('big.json') && m.includes('larger than 3 MB')), client.logs.join('\n'));
    const hoverResult = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///work/big.json' }, position: { line: 7, character: 10 } });
    assert.ok(hoverResult === null || typeof hoverResult === 'object');
    assert.ok(Date.now() - started < 10000, 'a 5 MB policy does not stall the server');
  });
});

describe('language server over stdio (pull diagnostics)', () => {
  it('serves textDocument/diagnostic when the client supports it', async () => {
    const { client, init } = await LspClient.start({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    try {
      assert.ok(init.capabilities.diagnosticProvider);
      const uri = 'file:///work/pull.json';
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'json', version: 1, text: '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}}' },
      });
      const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.deepEqual(report.items.map((d) => d.code), ['unknown-service']);
    } finally {
      await client.stop();
    }
  });

  it('applies severity settings from workspace/configuration', async () => {
    const { client } = await LspClient.start({}, { severity: { 'unknown-action': 'warning' } });
    try {
      const uri = 'file:///work/settings.json';
      // The first publish may race the configuration fetch; wait until the warning shows.
      let diagnostics = await client.open(uri, '{"Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}');
      while (diagnostics[0]?.severity !== 2) diagnostics = await client.nextDiagnostics(uri);
      assert.equal(diagnostics[0].severity, 2);
    } finally {
      await client.stop();
    }
  });
});
