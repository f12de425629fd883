import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

// Odd or hostile protocol input: the server answers (or ignores) it, never throws, never logs an
// exception, and never stays up unable to read.
const policy = (action: string) => `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "${action}", "Resource": "*"}}`;
const ACTION_AT = { line: 0, character: policy('').indexOf('"Action": "') + 17 };

/** Log lines that report an exception: a handler that threw, or a stack trace. */
const exceptions = (client: LspClient) => client.logs.filter((m) => /failed with message|Error while handling|Internal error|\n\s+at /.test(m));

/** Whether the action is reported as unknown. */
const unknown = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'unknown-action');
const hoverText = async (client: LspClient, uri: string) =>
  ((await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: ACTION_AT }))?.contents as { value: string } | undefined)?.value ?? '';

describe('language server: the newest text wins, whatever the version says', () => {
  it('follows a didChange that keeps the version, and a second didOpen without a close', async () => {
    const { client } = await LspClient.start();
    const uri = 'file:///work/same-version.json';
    const open = (text: string) => {
      const published = client.nextDiagnostics(uri);
      void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
      return published;
    };
    try {
      assert.equal(unknown(await open(policy('s3:GetObjekt'))), true);
      const published = client.nextDiagnostics(uri);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: policy('s3:GetObject') }] });
      assert.equal(unknown(await published), false);
      assert.match(await hoverText(client, uri), /Grants permission to retrieve objects/);
      assert.equal(unknown(await open(policy('s3:PutObjekt'))), true);
      assert.match(await hoverText(client, uri), /Did you mean/i);
      assert.equal(unknown(await open(policy('s3:PutObject'))), false);
      assert.match(await hoverText(client, uri), /Grants permission to add an object/);
    } finally {
      await client.stop();
    }
  });

  it('analyses a uri with a bare % (not an escape) and matches its path against policyTypes', async () => {
    const { client } = await LspClient.start({}, { policyTypes: { '*%.json': 'trust' } });
    try {
      const diagnostics = await client.open('file:///x/100%.json', policy('s3:GetObjekt'));
      // As a trust policy: it needs a Principal and may not have its Resource.
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['missing-principal', 'trust-policy-element', 'unknown-action']);
      assert.deepEqual(client.logs, []);
    } finally {
      await client.stop();
    }
  });
});

describe('language server: malformed params and notifications', () => {
  it('answers requests with null or wrongly typed params without an exception', async () => {
    const { client } = await LspClient.start();
    const uri = 'file:///work/params.json';
    await client.open(uri, policy('s3:GetObjekt'));
    try {
      const resolve = await client.rawRequest('completionItem/resolve', null);
      assert.equal(resolve.error?.code, -32602, JSON.stringify(resolve));
      assert.equal((await client.rawRequest('completionItem/resolve', 5)).error?.code, -32602);
      for (const [method, params] of [
        ['textDocument/hover', null],
        ['textDocument/diagnostic', null],
        ['textDocument/codeAction', 'x'],
        ['textDocument/completion', { textDocument: { uri }, position: { line: -1, character: 'x' } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: ACTION_AT, end: ACTION_AT }, context: 5 }],
        ['iamPolicy/narrowWildcardAction', { textDocument: { uri, version: 1 }, position: ACTION_AT, levels: [5, null, 'Read'] }],
      ] as const) {
        const answer = await client.rawRequest(method, params);
        assert.ok(answer.error === undefined || answer.error.code === -32602, `${method}: ${JSON.stringify(answer)}`);
      }
      assert.deepEqual(exceptions(client), []);
    } finally {
      await client.stop();
    }
    assert.equal(client.stderr.join(''), '');
  });

  it('drops malformed document notifications (text not a string, bad changes, no uri) and keeps serving', async () => {
    const { client } = await LspClient.start();
    const uri = 'file:///work/notifications.json';
    try {
      await client.rawNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: 5 } });
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: ACTION_AT }), null);
      await client.open(uri, policy('s3:GetObjekt'));
      for (const params of [
        null,
        { textDocument: { uri, version: 2 }, contentChanges: 5 },
        { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x', range: {} }] },
        { textDocument: { uri, version: 2 }, contentChanges: [{ text: 7 }] },
        { textDocument: { uri, version: 'two' }, contentChanges: [{ text: 'x' }] },
        { textDocument: { uri }, contentChanges: [{ text: 'x' }] },
      ]) {
        await client.rawNotification('textDocument/didChange', params);
      }
      for (const method of ['textDocument/didClose', 'textDocument/didSave', 'textDocument/willSave', 'workspace/didChangeConfiguration']) {
        await client.rawNotification(method, null);
      }
      // The document kept its last good text.
      assert.match(await hoverText(client, uri), /Did you mean/i);
      assert.deepEqual(exceptions(client), []);
      assert.ok(client.logs.some((m) => m.startsWith('Ignoring a malformed textDocument/didChange')), client.logs.join('\n'));
    } finally {
      await client.stop();
    }
  });

  it('reads malformed client capabilities as absent', async () => {
    const { client, init } = await LspClient.start({
      textDocument: { completion: { completionItem: { resolveSupport: {} }, completionList: { itemDefaults: 5 } } } as never,
    });
    const uri = 'file:///work/caps.json';
    try {
      assert.equal(init.capabilities.hoverProvider, true);
      const text = policy('ec2:');
      await client.open(uri, text);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.indexOf('ec2:') + 4 } });
      assert.ok(list.items.length > 100);
      assert.deepEqual(exceptions(client), []);
    } finally {
      await client.stop();
    }
  });
});

describe('language server: unreadable frames', () => {
  for (const [name, bytes] of [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['a frame without Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
  ]) {
    it(`exits with an error after ${name}, so the editor restarts it`, async () => {
      const { client } = await LspClient.start();
      // A round trip first: the client's own answers (configuration) are written by then.
      await client.request('textDocument/hover', { textDocument: { uri: 'file:///none.json' }, position: { line: 0, character: 0 } });
      client.writeBytes(bytes);
      assert.equal(await client.exited, 1);
      assert.match(client.stderr.join(''), /unreadable message.*Content-Length/);
      client.connection.dispose();
    });
  }

  it('skips a well-framed body that is not JSON and keeps answering', async () => {
    const { client } = await LspClient.start();
    const uri = 'file:///work/after-garbage.json';
    await client.open(uri, policy('s3:GetObject'));
    client.writeBytes('Content-Length: 5\r\n\r\n{oops');
    try {
      assert.match(await hoverText(client, uri), /Grants permission to retrieve objects/);
      assert.match(client.stderr.join(''), /not JSON/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
