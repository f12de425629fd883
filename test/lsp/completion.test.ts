import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, marker } from '../helpers/lsp';

let uriCounter = 0;

describe('completion over stdio', () => {
  let client: LspClient;

  before(async () => {
    ({ client } = await LspClient.start({}, { defaultAccountId: '444455556666', defaultRegion: 'eu-west-1' }));
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  /** Opens the marked text as a new document and asks for completion at the marker. */
  async function completeAt(marked: string): Promise<CompletionItem[]> {
    const uri = `file:///work/completion-${++uriCounter}.json`;
    const { text, position } = marker(marked);
    await client.open(uri, text);
    const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    return list?.items ?? [];
  }

  it('completes a bare action in a multi-line policy with an edit over the typed word', async () => {
    const items = await completeAt('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": s3:GetOb|\n    }\n  ]\n}');
    const item = items.find((i) => i.label === 's3:GetObject');
    assert.ok(item);
    assert.deepEqual(item.textEdit as TextEdit, {
      range: { start: { line: 5, character: 16 }, end: { line: 5, character: 24 } },
      newText: '"s3:GetObject"',
    });
    assert.equal(item.filterText, 's3:GetObject');
  });

  it('prefills ARN templates from the workspace settings', async () => {
    const items = await completeAt('{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "|"}]}');
    assert.deepEqual(
      items.map((i) => i.label),
      ['arn:aws:sqs:eu-west-1:444455556666:${QueueName}', '*'],
    );
    assert.equal((items[0].textEdit as TextEdit).newText, '"arn:aws:sqs:${1:eu-west-1}:${2:444455556666}:${3:QueueName}"');
    assert.equal(items[0].insertTextFormat, 2);
  });

  it('completes statement keys and condition operators', async () => {
    const keys = await completeAt('{"Statement": [{"Effect": "Allow", "Action": "*", |}]}');
    assert.deepEqual(
      keys.map((i) => i.label),
      ['Resource', 'Sid', 'Principal', 'Condition', 'NotResource', 'NotPrincipal'],
    );
    const ops = await completeAt('{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"|": {"aws:MultiFactorAuthPresent": "true"}}}]}');
    const bool = ops.find((i) => i.label === 'Bool');
    assert.ok(bool);
    assert.ok(ops.every((i) => (i.sortText ?? '') >= (bool.sortText ?? '')), 'Bool ranks first for a Bool key');
  });

  it('answers null for JSON that is not a policy', async () => {
    assert.deepEqual(await completeAt('{"name": "x", "version": "|"}'), []);
  });
});
