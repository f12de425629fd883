import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, marker } from '../helpers/lsp';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Queue",
      "Effect": "Allow",
      "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
      "Resource": "|*"
    },
    {
      "Sid": "Alerts",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "arn:aws:sns:eu-west-1:111122223333:alerts"
    }
  ]
}`;

describe('code actions through the real server', () => {
  let client: LspClient;
  const uri = 'file:///work/narrow.json';
  const { text, position } = marker(POLICY);

  before(async () => {
    ({ client } = await LspClient.start());
    await client.open(uri, text);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  it('narrows Resource "*" to the queue ARN template, partition, region and account from the other statement', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    const narrow = actions.find((a) => a.title === "Narrow Resource '*' to ARN templates of sqs:queue");
    assert.ok(narrow, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(narrow.kind, 'refactor.rewrite');
    const edits = narrow.edit?.changes?.[uri];
    assert.deepEqual(edits, [
      {
        range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } },
        newText: '"arn:aws:sqs:eu-west-1:111122223333:${QueueName}"',
      },
    ]);
    const narrowed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), edits);
    assert.equal(narrowed, text.replace('"Resource": "*"', '"Resource": "arn:aws:sqs:eu-west-1:111122223333:${QueueName}"'));
    // The server re-validates the edited document: the ARN fits the actions, and "*" is gone.
    const diagnostics = await client.change(uri, narrowed);
    const codes = diagnostics.map((d) => String(d.code));
    assert.ok(!codes.includes('resource-mismatch') && !codes.includes('resource-star'), codes.join(', '));
  });

  it('answers a source.fixAll request with one action that fixes every typo', async () => {
    const typoUri = 'file:///work/typos.json';
    const typos = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:PutObjekt"], "Resource": "arn:aws:s3:::b/*"}]}';
    await client.open(typoUri, typos);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: typoUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all auto-fixable IAM policy problems', 'source.fixAll.iamPolicy']]);
    const fixed = TextDocument.applyEdits(TextDocument.create(typoUri, 'json', 1, typos), actions[0].edit!.changes![typoUri]);
    assert.equal(fixed, typos.replace('GetObjekt', 'GetObject').replace('PutObjekt', 'PutObject'));
  });
});
