import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

// The server re-parses only the edited statement of a new version; what it reports about the
// other statements must stay exactly where those statements moved to.
const BEFORE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
    { "Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:DescribeInstancez"], "Resource": "*" }
  ]
}`;
// A new line typed inside the first statement: the second statement moves down one line.
const AFTER = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObjekt",
      "Resource": "*" },
    { "Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:DescribeInstancez"], "Resource": "*" }
  ]
}`;

describe('language server: edits re-use the parse of the untouched statements', () => {
  let client: LspClient;
  const uri = 'file:///work/incremental.json';
  const unknownActions = (diagnostics: { code?: unknown; range: unknown }[]) =>
    diagnostics.filter((d) => d.code === 'unknown-action').map((d) => d.range);

  before(async () => {
    ({ client } = await LspClient.start());
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('reports and hovers the moved statement at its new place', async () => {
    const opened = await client.open(uri, BEFORE);
    assert.deepEqual(unknownActions(opened), [{ start: { line: 4, character: 61 }, end: { line: 4, character: 84 } }]);
    const changed = await client.change(uri, AFTER);
    assert.deepEqual(unknownActions(changed), [
      { start: { line: 3, character: 35 }, end: { line: 3, character: 49 } },
      { start: { line: 5, character: 61 }, end: { line: 5, character: 84 } },
    ]);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 40 } });
    assert.deepEqual(hover?.range, { start: { line: 5, character: 36 }, end: { line: 5, character: 59 } });
    assert.match((hover?.contents as { value: string }).value, /ec2:DescribeInstances/);
  });
});
