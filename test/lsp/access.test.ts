// `iamPolicy/access` over stdio: what the policy of an open document grants, by service, level
// and action with the granting statements' ranges, the policy at a position in a template, and
// the access a change adds and removes against an older text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspClient, ROLE_TEMPLATE } from '../helpers/lsp';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
    { "Sid": "Queue", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "true" } } }
  ]
}`;

interface Statement {
  range: { start: { line: number; character: number } };
  sid?: string;
}
interface View {
  label?: string;
  total: number;
  services: { prefix: string; levels: { level: string; actions: { action: string; conditional: boolean; grants: { statement: Statement; resources: string[]; condition?: string }[] }[] }[] }[];
  diff?: { added: { action: string; resource: string; reason: string; statement?: Statement }[]; removed: { action: string }[] } | null;
}

describe('iamPolicy/access over stdio', () => {
  it('answers what a policy grants, with the granting statements\' ranges, and what a change adds and removes', async () => {
    const { client } = await LspClient.start();
    try {
      const uri = 'file:///work/app.json';
      await client.open(uri, POLICY);
      const view = await client.request<View | null>('iamPolicy/access', { textDocument: { uri } });
      assert.ok(view);
      assert.equal(view.total, 3);
      const actions = view.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => [s.prefix, l.level, a.action, a.conditional])));
      assert.deepEqual(actions, [
        ['s3', 'List', 's3:ListBucket', false],
        ['s3', 'Read', 's3:GetObject', false],
        ['sqs', 'Write', 'sqs:SendMessage', true],
      ]);
      const send = view.services[1].levels[0].actions[0].grants[0];
      assert.deepEqual([send.statement.sid, send.statement.range.start, send.resources, send.condition], ['Queue', { line: 4, character: 4 }, ['*'], 'Bool aws:SecureTransport "true"']);
      // Against the older text: the Queue statement is new, GetObject was there.
      const before = POLICY.replace(/,\n {4}\{ "Sid": "Queue".*\}\n/, '\n').replace('["s3:GetObject", "s3:ListBucket"]', '"s3:GetObject"');
      const changed = await client.request<View | null>('iamPolicy/access', { textDocument: { uri }, before });
      assert.deepEqual(
        changed?.diff?.added.map((e) => [e.action, e.resource, e.statement?.sid]),
        [
          ['s3:ListBucket', 'arn:aws:s3:::reports', 'Read'],
          ['s3:ListBucket', 'arn:aws:s3:::reports/*', 'Read'],
          ['sqs:SendMessage', '*', 'Queue'],
        ],
      );
      assert.deepEqual(changed?.diff?.removed, []);
      // An older text without the policy: everything is new (null), not an error.
      assert.equal((await client.request<View | null>('iamPolicy/access', { textDocument: { uri }, before: 'not json' }))?.diff, null);
      assert.equal(await client.request('iamPolicy/access', { textDocument: { uri: 'file:///work/none.json' } }), null);
    } finally {
      await client.stop();
    }
  });

  it('suggests the actions the policy names and, for one, its resources and the ARN formats of the action', async () => {
    const { client } = await LspClient.start();
    try {
      const uri = 'file:///work/suggest.json';
      await client.open(uri, POLICY);
      type Suggestions = { actions: { action: string; accessLevel: string }[]; resources: string[] };
      const all = await client.request<Suggestions | null>('iamPolicy/accessSuggestions', { textDocument: { uri } });
      assert.deepEqual(all?.actions.map((a) => `${a.action} ${a.accessLevel}`), ['s3:GetObject Read', 's3:ListBucket List', 'sqs:SendMessage Write']);
      assert.deepEqual(all?.resources, []);
      const get = await client.request<Suggestions | null>('iamPolicy/accessSuggestions', { textDocument: { uri }, action: 's3:GetObject' });
      assert.deepEqual(get?.resources, ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*', 'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', 'arn:aws:s3:::${BucketName}/${ObjectName}']);
      // The Queue statement's resource is "*": the queue's ARN format, with the policy's account unknown.
      const send = await client.request<Suggestions | null>('iamPolicy/accessSuggestions', { textDocument: { uri }, action: 'sqs:SendMessage' });
      assert.deepEqual(send?.resources, ['arn:aws:sqs:${Region}:${Account}:${QueueName}']);
    } finally {
      await client.stop();
    }
  });

  it('views the policy at the position in a template, by its label', async () => {
    const { client } = await LspClient.start();
    try {
      const uri = 'file:///work/stack.yaml';
      await client.open(uri, ROLE_TEMPLATE, 'yaml');
      const view = await client.request<View | null>('iamPolicy/access', { textDocument: { uri }, position: { line: 18, character: 20 } });
      assert.equal(view?.label, 'Role (AWS::IAM::Role) Policies[0].PolicyDocument');
      const grant = view?.services[0].levels[0].actions[0].grants[0];
      assert.deepEqual([view?.services[0].levels[0].actions[0].action, grant?.statement.range.start], ['sqs:SendMessage', { line: 16, character: 16 }]);
      const trust = await client.request<View | null>('iamPolicy/access', { textDocument: { uri }, position: { line: 10, character: 20 } });
      assert.equal(trust?.label, 'Role (AWS::IAM::Role) AssumeRolePolicyDocument');
    } finally {
      await client.stop();
    }
  });
});
