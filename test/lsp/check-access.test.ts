// `iamPolicy/checkAccess` over stdio: the policy of an open document (or, in a template, the one
// at a position) evaluated against a request, its statements' ranges in the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspClient, ROLE_TEMPLATE as TEMPLATE } from '../helpers/lsp';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/\${aws:username}/*" },
    { "Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" }
  ]
}`;


interface Result {
  decision: string;
  deciding: { range: { start: { line: number; character: number } }; sid?: string }[];
  missingContextKeys: string[];
}

describe('iamPolicy/checkAccess over stdio', () => {
  it('answers for a policy document, with the deciding statement\'s range, and depends on what the request does not give', async () => {
    const { client } = await LspClient.start();
    try {
      const uri = 'file:///work/role.json';
      await client.open(uri, POLICY);
      const ask = (request: unknown) => client.request<Result | null>('iamPolicy/checkAccess', { textDocument: { uri }, request });
      const allowed = await ask({ action: 's3:GetObject', resource: 'arn:aws:s3:::reports/alice/x', context: { 'aws:username': 'alice' } });
      assert.equal(allowed?.decision, 'Allow');
      assert.deepEqual(allowed?.deciding.map((d) => [d.sid, d.range.start]), [['Read', { line: 3, character: 4 }]]);
      const depends = await ask({ action: 's3:GetObject', resource: 'arn:aws:s3:::reports/alice/x' });
      assert.deepEqual([depends?.decision, depends?.missingContextKeys], ['Depends', ['aws:username']]);
      assert.equal((await ask({ action: 's3:DeleteObject', resource: 'arn:aws:s3:::reports/x' }))?.decision, 'ExplicitDeny');
      // A request that is not one, or a document that is not open: null, not an error.
      assert.equal(await ask({ action: 5 }), null);
      assert.equal(await client.request('iamPolicy/checkAccess', { textDocument: { uri: 'file:///work/none.json' }, request: { action: 'a:b', resource: '*' } }), null);
    } finally {
      await client.stop();
    }
  });

  it('evaluates the template policy at the position, answering in template lines', async () => {
    const { client } = await LspClient.start();
    try {
      const uri = 'file:///work/stack.yaml';
      await client.open(uri, TEMPLATE, 'yaml');
      const ask = (line: number, request: unknown) => client.request<Result | null>('iamPolicy/checkAccess', { textDocument: { uri }, position: { line, character: 16 }, request });
      const send = await ask(18, { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-west-1:111122223333:orders' });
      assert.equal(send?.decision, 'Allow');
      assert.deepEqual(send?.deciding.map((d) => [d.sid, d.range.start.line]), [['Queue', 16]]);
      const assume = await ask(10, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/x', principal: 'lambda.amazonaws.com' });
      assert.equal(assume?.decision, 'Allow');
    } finally {
      await client.stop();
    }
  });
});
