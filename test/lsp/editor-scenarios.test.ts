// What a user sees in an editor that speaks LSP: labels, edits applied to the text, documentation on resolve.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent, Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, marker } from '../helpers/lsp';

let uriCounter = 0;
const policy = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}`;

/** Opens the marked text and asks for completion at the marker. */
async function completeAt(client: LspClient, marked: string): Promise<{ list: CompletionList; text: string; size: number }> {
  const uri = `file:///work/editor-${++uriCounter}.json`;
  const { text, position } = marker(marked);
  await client.open(uri, text);
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  return { list, text, size: JSON.stringify(list).length };
}

/** The edit an editor makes for an item, with the list's item defaults applied. */
function editOf(list: CompletionList, item: CompletionItem): TextEdit {
  if (item.textEdit && 'range' in item.textEdit) return item.textEdit;
  const range = list.itemDefaults?.editRange as Range | undefined;
  assert.ok(range, `${item.label} has neither a textEdit nor a default range`);
  return { range, newText: item.textEditText ?? item.label };
}

function apply(text: string, list: CompletionList, label: string): string {
  const item = list.items.find((i) => i.label === label);
  assert.ok(item, `no ${label}`);
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), [editOf(list, item), ...(item.additionalTextEdits ?? [])]);
}

/** A client that supports resolve and item defaults, as VS Code does. */
const RESOLVING = {
  textDocument: {
    completion: {
      completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation'] } },
      completionList: { itemDefaults: ['editRange', 'insertTextFormat', 'data'] },
    },
  },
};

const EC2 = policy('{\n      "Effect": "Allow",\n      "Action": "ec2:|"\n    }');

/** A resolving client for the suite it is called in: started before its tests, stopped (cleanly) after them. */
function resolvingClient(): () => LspClient {
  let client: LspClient | undefined;
  before(async () => {
    ({ client } = await LspClient.start(RESOLVING));
  });
  after(async () => {
    assert.equal(await client!.stop(), 0);
    assert.equal(client!.stderr.join(''), '', 'nothing on stderr');
  });
  return () => client!;
}

describe('editor scenarios: a client that supports resolve and item defaults', () => {
  let client: LspClient;
  let plain: LspClient;

  before(async () => {
    ({ client } = await LspClient.start(RESOLVING));
    ({ client: plain } = await LspClient.start());
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(await plain.stop(), 0);
    assert.equal(client.stderr.join('') + plain.stderr.join(''), '', 'nothing on stderr');
  });

  it('sends the 800 EC2 actions without their documentation and a shared range, then resolves the documentation', async () => {
    const slim = await completeAt(client, EC2);
    const full = await completeAt(plain, EC2);
    assert.ok(slim.list.items.length > 800);
    assert.equal(slim.list.items.length, full.list.items.length);
    assert.ok(slim.size < full.size * 0.65, `${slim.size} bytes with defaults and resolve, ${full.size} without`);
    assert.ok(full.list.items.every((i) => i.textEdit && !i.textEditText), 'a client without item defaults gets full edits');
    const item = slim.list.items.find((i) => i.label === 'ec2:RunInstances')!;
    assert.equal(item.documentation, undefined);
    assert.equal(item.textEdit, undefined);
    assert.equal(apply(slim.text, slim.list, 'ec2:RunInstances'), apply(full.text, full.list, 'ec2:RunInstances'));
    assert.ok(apply(slim.text, slim.list, 'ec2:RunInstances').includes('"Action": "ec2:RunInstances"\n'));
    const resolved = await client.request<CompletionItem>('completionItem/resolve', item);
    const fullItem = full.list.items.find((i) => i.label === 'ec2:RunInstances')!;
    assert.deepEqual(resolved.documentation, fullItem.documentation);
    assert.match((resolved.documentation as MarkupContent).value, /launch/i);
    assert.equal(resolved.label, 'ec2:RunInstances');
  });

  it('resolves an item of an older list to itself instead of to the wrong documentation', async () => {
    const first = await completeAt(client, EC2);
    await completeAt(client, policy('{\n      "Effect": "Allow",\n      "Action": "s3:|"\n    }'));
    const stale = first.list.items.find((i) => i.label === 'ec2:RunInstances')!;
    const resolved = await client.request<CompletionItem>('completionItem/resolve', stale);
    assert.equal(resolved.documentation, undefined);
  });

  it('keeps short lists as they are', async () => {
    const { list } = await completeAt(client, policy('{\n      "Effect": "|"\n    }'));
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['Allow', 'Deny'],
    );
    assert.ok(list.items.every((i) => i.documentation && i.textEdit));
  });

  it('completes a new statement after one without a comma, adding the comma', async () => {
    const { list, text } = await completeAt(client, policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n    |'));
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['New statement'],
    );
    const after = apply(text, list, 'New statement');
    assert.ok(after.includes('"Resource": "*"},\n    {\n\t"Sid": "$1",'), after);
  });

  it('completes keys after a jsonc line comment', async () => {
    const { list, text } = await completeAt(client, policy('{\n      "Effect": "Allow", // read only\n      |\n    }'));
    assert.ok(list.items.some((i) => i.label === 'Action'));
    assert.equal(apply(text, list, 'Action'), policy('{\n      "Effect": "Allow", // read only\n      "Action": "$1"\n    }'));
  });

  it('hovers an ARN under ec2:* without listing 800 EC2 actions', async () => {
    const uri = `file:///work/editor-${++uriCounter}.json`;
    const { text, position } = marker(policy('{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:*"], "Resource": "arn:aws:s3:::b|ucket/*"}'));
    await client.open(uri, text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /Accepted by\*\* 1 action: `s3:GetObject`/);
    assert.match(value, /of other services: `ec2`/);
    assert.ok(value.length < 1500, `${value.length} characters`);
  });
});

describe('editor scenarios: commas and spaces the completion adds', () => {
  const started = resolvingClient();
  const first = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}';

  it('adds the comma between two statements when a key is completed inside a new {} after the first', async () => {
    const { list, text } = await completeAt(started(), policy(`${first}\n    {|}`));
    assert.ok(list.items.some((i) => i.label === 'Effect'));
    assert.equal(apply(text, list, 'Effect'), policy(`${first},\n    {"Effect": "\${1|Allow,Deny|}"}`));
  });

  it('adds a comma and a space between touching statements', async () => {
    const { list, text } = await completeAt(started(), policy(`${first}{"Act|"}`));
    assert.equal(apply(text, list, 'Action'), policy(`${first}, {"Action": "$1"}`));
  });

  it('puts a space after the comma a key is typed right after', async () => {
    const { list, text } = await completeAt(started(), policy('{"Effect": "Allow", "Action": "s3:GetObject",|}'));
    assert.equal(apply(text, list, 'Resource'), policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "$1"}'));
  });

  it('puts a space after the comma in a long list of actions that shares one edit range', async () => {
    const { list, text } = await completeAt(started(), policy('{"Effect": "Allow", "Action": ["s3:GetObject",ec2:RunIn|]}'));
    assert.ok(list.itemDefaults?.editRange, 'the long list shares its range');
    assert.equal(apply(text, list, 'ec2:RunInstances'), policy('{"Effect": "Allow", "Action": ["s3:GetObject", "ec2:RunInstances"]}'));
  });
});

describe('editor scenarios: an ARN of another service than the statement\'s actions', () => {
  const started = resolvingClient();

  it('completes arn:aws:dyn to a DynamoDB table ARN under s3:GetObject', async () => {
    const statement = (resource: string) => `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${resource}"}`;
    const { list, text } = await completeAt(started(), policy(statement('arn:aws:dyn|')));
    const label = 'arn:aws:dynamodb:${Region}:${Account}:table/${TableName}';
    assert.ok(list.items.some((i) => i.label === 'arn:aws:dynamodb:'));
    assert.equal(apply(text, list, label), policy(statement('arn:aws:dynamodb:${1:region}:${2:account-id}:table/${3:TableName}')));
  });
});
