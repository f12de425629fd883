import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

const PULL = { textDocument: { diagnostic: { dynamicRegistration: false } } };

/** A generated policy of `count` statements, a quarter of them with a misspelt action and most with `Resource: "*"`. */
function largePolicy(count: number): string {
  const statements = Array.from({ length: count }, (_, i) =>
    [
      { Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObjekt', 's3:PutObject'], Resource: '*' },
      { Sid: `S${i}`, Effect: 'Allow', Action: ['ec2:DescribeInstances', 's3:GetObject'], Resource: '*' },
      { Sid: `S${i}`, Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::bucket-${i}/*` },
      { Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectTagging'], Resource: `arn:aws:s3:::b-${i}/*` },
    ][i % 4],
  );
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

const SMALL = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const SMALL_HOVER = { line: 0, character: 50 };

async function openDocument(client: LspClient, uri: string, text: string, version = 1) {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
}

describe('language server: a long validation lets other requests through', () => {
  const big = largePolicy(15_000);

  it('answers a hover on a small document before the pull of a 2.5 MB policy completes', async () => {
    assert.ok(big.length > 2_000_000 && big.length < 3 * 1024 * 1024, `size ${big.length}`);
    const { client } = await LspClient.start(PULL);
    try {
      await openDocument(client, 'file:///work/big.json', big);
      await openDocument(client, 'file:///work/small.json', SMALL);
      const order: string[] = [];
      const pulled = client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///work/big.json' } }).then((report) => {
        order.push('big diagnostics');
        return report;
      });
      const hovered = client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///work/small.json' }, position: SMALL_HOVER }).then((hover) => {
        order.push('small hover');
        return hover;
      });
      const [report, hover] = await Promise.all([pulled, hovered]);
      assert.deepEqual(order, ['small hover', 'big diagnostics']);
      assert.match((hover.contents as { value: string }).value, /s3:GetObject/);
      assert.equal(report.items.filter((d) => d.code === 'unknown-action').length, 15_000 / 4);
    } finally {
      await client.stop();
    }
  });

  it('abandons a pull when the document changes or the request is cancelled meanwhile', async () => {
    const { client } = await LspClient.start(PULL);
    const uri = 'file:///work/changing.json';
    try {
      await openDocument(client, uri, big);
      const pulled = client.request('textDocument/diagnostic', { textDocument: { uri } }).then(
        () => 'answered',
        (error: { code: number; data?: { retriggerRequest?: boolean } }) => `${error.code} retrigger=${error.data?.retriggerRequest}`,
      );
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: SMALL }] });
      assert.equal(await pulled, '-32802 retrigger=true');

      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: big }] });
      const source = new CancellationTokenSource();
      const cancelled = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token).then(
        () => 'answered',
        (error: { code: number; data?: { retriggerRequest?: boolean } }) => `${error.code} retrigger=${error.data?.retriggerRequest}`,
      );
      source.cancel();
      // Abandoned all the same, and the client is asked to pull again: VS Code cancels its first pulls
      // after a restart and, told only "cancelled", never pulled the open documents again.
      assert.equal(await cancelled, '-32802 retrigger=true');
    } finally {
      await client.stop();
    }
  });

  it('publishes (push mode) only for the newest text when the document changes during its validation', async () => {
    const { client } = await LspClient.start();
    const uri = 'file:///work/pushed.json';
    try {
      const published = client.nextDiagnostics(uri);
      await openDocument(client, uri, big);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: SMALL }] });
      await published;
      assert.equal(client.published(uri)?.version, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('language server: code actions over a whole large policy', () => {
  it('answers a select-all over 10,000 statements with at most 100 quick fixes and the first statements\' refactorings', async () => {
    const { client } = await LspClient.start(PULL);
    const uri = 'file:///work/select-all.json';
    const text = largePolicy(10_000);
    try {
      await openDocument(client, uri, text);
      const { items } = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
      const started = Date.now();
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: items } });
      const elapsed = Date.now() - started;
      const fixes = actions.filter((a) => a.title.startsWith('Did you mean'));
      assert.equal(fixes.length, 100);
      const splits = actions.filter((a) => a.title.startsWith('Split statement'));
      assert.ok(splits.length > 0 && splits.length <= 50, `${splits.length} splits`);
      assert.ok(JSON.stringify(actions).length < 1_000_000, `${JSON.stringify(actions).length} bytes`);
      assert.ok(elapsed < 5000, `${elapsed} ms`);
      // A range over the first two statements gets everything it got before.
      const firstTwo = { start: { line: 2, character: 0 }, end: { line: 20, character: 0 } };
      const near = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: firstTwo,
        context: { diagnostics: items.filter((d) => d.range.start.line < 20) },
      });
      assert.deepEqual(near.map((a) => a.title), [
        "Did you mean 's3:GetObject'?",
        "Did you mean 's3:PutObject'?",
        'Split statement into 2 statements by resource type',
        "Fix all 'unknown-action' problems in this file",
      ]);
    } finally {
      await client.stop();
    }
  });
});
