import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

const PULL = { textDocument: { diagnostic: { dynamicRegistration: false } } };
const POLICY = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}';

const codes = (items: Diagnostic[]) => items.map((d) => `${d.code}:${d.severity}`).sort();

async function pull(client: LspClient, uri: string, text: string): Promise<Diagnostic[]> {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  return (await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;
}

describe('language server: settings apply from the first answer', () => {
  it('a diagnostic pull sent before the configuration answer waits for it (severity, policyTypes)', async () => {
    let answer = () => {};
    const configurationAnswered = new Promise<void>((resolve) => (answer = resolve));
    const settings = { severity: { 'unknown-action': 'warning' }, policyTypes: { 'trust/*.json': 'trust' } };
    const { client } = await LspClient.start(PULL, settings, { configurationAnswered });
    try {
      const items = pull(client, 'file:///work/trust/role.json', POLICY);
      // The pull is on its way before the client answers the configuration request.
      answer();
      assert.deepEqual(codes(await items), ['missing-principal:1', 'trust-policy-element:1', 'unknown-action:2']);
      assert.deepEqual(client.logs, []);
    } finally {
      await client.stop();
    }
  });

  it('identityPolicyKind sets the size quota of identity policy files; an unknown kind keeps the default', async () => {
    const statements = Array.from({ length: 90 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:Get${['Object', 'ObjectAcl', 'ObjectTagging'][i % 3]}`, Resource: `arn:aws:s3:::bucket-${i}/*` }));
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const sized = async (identityPolicyKind: unknown) => {
      const { client } = await LspClient.start(PULL, { identityPolicyKind });
      try {
        return (await pull(client, 'file:///work/big.json', big)).filter((d) => d.code === 'policy-size').map((d) => String(d.message).replace(/.*the quota for /, ''));
      } finally {
        await client.stop();
      }
    };
    assert.deepEqual(await sized('managed'), ['a managed policy is 6,144.']);
    assert.deepEqual(await sized('inline'), []);
    assert.deepEqual(await sized('huge'), []);
  });

  it('a client that never answers delays the first answer by about 2 s, not forever', async () => {
    const { client } = await LspClient.start(PULL, { severity: { 'unknown-action': 'warning' } }, { configurationAnswered: new Promise(() => {}) });
    try {
      const started = Date.now();
      assert.deepEqual(codes(await pull(client, 'file:///work/silent.json', POLICY)), ['unknown-action:1']);
      const waited = Date.now() - started;
      assert.ok(waited >= 1500 && waited < 8000, `waited ${waited} ms`);
    } finally {
      await client.stop();
    }
  });

  it('ignores settings of the wrong type, and initialization options that are not settings', async () => {
    const wrong = { defaultRegion: 5, defaultPartition: ['aws'], defaultAccountId: {}, policyTypes: 'x', severity: [1, 2], enable: 'no' };
    const { client } = await LspClient.start(PULL, wrong, { initializationOptions: { settings: 7 } });
    try {
      const uri = 'file:///work/wrong-settings.json';
      assert.deepEqual(codes(await pull(client, uri, POLICY)), ['unknown-action:1']);
      const arn = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:"}}';
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: arn }] });
      const list = await client.request<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: arn.indexOf('arn:') + 4 } });
      assert.ok(list === null || Array.isArray(list.items));
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: arn.indexOf('sqs:') + 4 } });
      assert.deepEqual(client.logs, []);
    } finally {
      await client.stop();
    }
    assert.equal(client.stderr.join(''), '');
  });

  it('a 200,000-entry severity or policyTypes map costs nothing per document; its known codes still apply', async () => {
    const severity: Record<string, string> = { 'unknown-action': 'hint' };
    const policyTypes: Record<string, string> = {};
    for (let i = 0; i < 200_000; i++) {
      severity[`no-such-rule-${i}`] = 'off';
      policyTypes[`**/no-such-folder-${i}/**/*.json`] = 'trust';
    }
    const { client } = await LspClient.start(PULL, { severity, policyTypes });
    try {
      // The first answer waits for the 10 MB configuration answer (up to 2 s; on a loaded machine the answer may
      // come later, and the server then asks for a new pull); the documents after it must not pay for the maps.
      const refreshed = client.nextRefresh();
      if (codes(await pull(client, 'file:///work/first.json', POLICY))[0] !== 'unknown-action:4') await refreshed;
      assert.deepEqual(codes(await pull(client, 'file:///work/first.json', POLICY)), ['unknown-action:4']);
      const started = Date.now();
      for (let i = 0; i < 20; i++) {
        assert.deepEqual(codes(await pull(client, `file:///work/many-${i}.json`, POLICY)), ['unknown-action:4']);
      }
      const elapsed = Date.now() - started;
      // Before: about 2 s per document, spent going through the maps.
      assert.ok(elapsed < 4000, `20 documents took ${elapsed} ms`);
    } finally {
      await client.stop();
    }
  });
});
