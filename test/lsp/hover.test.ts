// Hover through the real server over stdio, as an editor asks for it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lsp';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadHome",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": "arn:aws:s3:::home/\${aws:username}/*",
      "Condition": {"StringLike": {"s3:prefix": "home/"}}
    },
    {
      "Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"},
      "Action": ["sts:AssumeRole", "sts:Tag*"]
    }
  ]
}`;

/** Position of the first occurrence of `needle` in POLICY, `delta` characters into it. */
const at = (needle: string, delta = 1) => positionOf(POLICY, needle, delta);

describe('hover over stdio', () => {
  let client: LspClient;
  const uri = 'file:///work/hover-policy.json';

  before(async () => {
    ({ client } = await LspClient.start({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } }));
    await client.open(uri, POLICY);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  const hover = (position: { line: number; character: number }, target = uri) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position });
  const value = (h: Hover | null) => {
    assert.ok(h, 'a hover');
    const contents = h.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /\n\n<sub>IAM data: @cloud-copilot\/iam-data [\d.]+ \(\d{4}-\d{2}-\d{2}\)<\/sub>$/);
    return contents.value;
  };

  it('explains a wildcard action and covers exactly its string', async () => {
    const h = await hover(at('"sts:Tag*"', 5));
    assert.match(value(h), /^`sts:Tag\*` matches \*\*\d+ actions\*\* of AWS Security Token Service\n\n- \*\*Tagging\*\* \(\d+\): .*`sts:TagSession`/);
    assert.deepEqual(h?.range, { start: at('"sts:Tag*"', 0), end: at('"sts:Tag*"', 10) });
  });

  it('explains the service prefix part of an action', async () => {
    assert.match(value(await hover(at('"sts:AssumeRole"', 2))), /^\*\*AWS Security Token Service\*\* · service prefix `sts`/);
  });

  it('explains a policy variable inside a Resource ARN', async () => {
    const h = await hover(at('${aws:username}', 4));
    assert.match(value(h), /^\*\*`\$\{aws:username\}`\*\* · policy variable/);
    assert.deepEqual(h?.range, { start: at('${aws:username}', 0), end: at('${aws:username}', 15) });
  });

  it('says which actions support a condition key', async () => {
    const text = value(await hover(at('"s3:prefix"', 3)));
    assert.match(text, /✓ \*\*Supported by\*\* 1 action: `s3:ListBucket`/);
    assert.match(text, /✗ \*\*Not supported by\*\* 1 action: `s3:GetObject`\n/);
  });

  it('summarises a statement on its Sid and names a service principal', async () => {
    assert.match(value(await hover(at('"ReadHome"', 2))), /^\*\*Statement `ReadHome`\*\* · Allow\n\nAllows \*\*\d+ actions\*\*:/);
    assert.match(value(await hover(at('lambda.amazonaws.com', 2))), /The \*\*AWS service\*\* AWS Lambda acting with its own identity\./);
  });

  it('answers null between tokens and follows edits', async () => {
    assert.equal(await hover({ line: 0, character: 0 }), null);
    const edited = POLICY.replace('"s3:GetObject", ', '');
    await client.change(uri, edited);
    const offset = edited.indexOf('"s3:prefix"') + 3;
    const lines = edited.slice(0, offset).split('\n');
    const text = value(await hover({ line: lines.length - 1, character: lines[lines.length - 1].length }));
    assert.ok(!text.includes('Not supported by'), text);
  });
});
