// Request-test files (`*.iam-tests.yaml`) over stdio: diagnostics on failing expectations and on
// tests that cannot run, re-run as a named policy changes in the editor; code lenses with each
// result; hover on a test and on an action; completion of the format and of IAM values.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-types';
import { LspClient, positionOf } from '../helpers/lsp';

const READER = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" }
  ]
}
`;

const TESTS = `policies:
  - reader.json
tests:
  - name: reads a report
    action: s3:GetObject
    resource: arn:aws:s3:::reports/q3.csv
    expect: Allow
  - name: writes a report
    action: s3:PutObject
    resource: arn:aws:s3:::reports/q3.csv
    expect: Allow
  - name: a typo
    action: s3:GetObjekt
    resource: arn:aws:s3:::reports/q3.csv
    expect: Deny
  - name: no expectation
    action: s3:GetObject
    resource: arn:aws:s3:::reports/q3.csv
    expect: Allowed
`;

function project(): { dir: string; uri: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'iam-request-tests-'));
  writeFileSync(join(dir, 'reader.json'), READER);
  return { dir, uri: (name) => pathToFileURL(join(dir, name)).href };
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);

describe('request-test files in the editor', () => {
  it('reports failing expectations on `expect`, tests that cannot run, and unknown actions; runs again as the policy is edited', async () => {
    const { uri } = project();
    const { client } = await LspClient.start();
    try {
      const tests = uri('reader.iam-tests.yaml');
      const diagnostics = await client.open(tests, TESTS, 'yaml');
      assert.deepEqual(codes(diagnostics), [
        ['unknown-action', 12, 12],
        ['invalid-request-test', 18, 12],
        ['request-test-failed', 10, 12],
      ]);
      const failed = diagnostics.find((d) => d.code === 'request-test-failed')!;
      assert.match(String(failed.message), /^"writes a report" expects Allow but gets ImplicitDeny: .*reader\.json:4 Allow "Read": action s3:PutObject is not in Action/);
      assert.match(String(diagnostics.find((d) => d.code === "invalid-request-test")!.message), /"expect" must be one of Allow, ExplicitDeny, ImplicitDeny, Depends, Deny/);
      // The policy opened and changed in the editor (not saved): the tests run against the new text.
      const edited = READER.replace('"s3:GetObject"', '["s3:GetObject", "s3:PutObject"]');
      const again = client.nextDiagnostics(tests);
      await client.open(uri('reader.json'), edited);
      assert.deepEqual(codes(await again).map((c) => c[0]), ['unknown-action', 'invalid-request-test']);
    } finally {
      await client.stop();
    }
  });

  it('says which policy file cannot be read, on its name', async () => {
    const { uri } = project();
    const { client } = await LspClient.start();
    try {
      const diagnostics = await client.open(uri('x.iam-tests.yaml'), 'policies:\n  - missing.json\ntests: []\n', 'yaml');
      assert.deepEqual(codes(diagnostics), [['invalid-request-test', 1, 4]]);
      assert.match(String(diagnostics[0].message), /^cannot read missing\.json/);
      const shape = await client.open(uri('y.iam-tests.yaml'), 'tests: []\n', 'yaml');
      assert.match(String(shape[0].message), /holds "policies" .* and "tests"/);
    } finally {
      await client.stop();
    }
  });

  it('shows each result in a code lens that reveals the deciding statement (with the client command), and explains it in hover', async () => {
    const { uri } = project();
    const { client } = await LspClient.start({}, {}, { initializationOptions: { commands: ['iamPolicy.revealRange'] } });
    try {
      const tests = uri('reader.iam-tests.yaml');
      await client.open(tests, TESTS, 'yaml');
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: tests } });
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title]),
        [
          [3, '✓ Allow by reader.json:4 Allow "Read"'],
          [7, '✗ ImplicitDeny, expected Allow'],
          [11, '✓ ImplicitDeny'],
          [15, '✗ cannot run: "expect" must be one of Allow, ExplicitDeny, ImplicitDeny, Depends, Deny.'],
        ],
      );
      assert.equal(lenses[0].command?.command, 'iamPolicy.revealRange');
      assert.deepEqual(lenses[0].command?.arguments, [uri('reader.json'), { start: { line: 3, character: 4 }, end: { line: 3, character: 104 } }]);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: tests }, position: positionOf(TESTS, 'writes a report') });
      const text = (hover.contents as { value: string }).value;
      assert.match(text, /^\*\*Failed\*\*: expected Allow, got ImplicitDeny/);
      assert.match(text, /reader\.json:5 Deny "NoDelete": does not apply \(action s3:PutObject is not in Action\)/);
      const action = await client.request<Hover>('textDocument/hover', { textDocument: { uri: tests }, position: positionOf(TESTS, 's3:PutObject', 4) });
      assert.match((action.contents as { value: string }).value, /^\*\*s3:PutObject\*\* · Write/);
    } finally {
      await client.stop();
    }
    // Without the command (another LSP editor) the lenses still say the result.
    const plain = await LspClient.start();
    try {
      const tests = uri('reader.iam-tests.yaml');
      await plain.client.open(tests, TESTS, 'yaml');
      const lenses = await plain.client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: tests } });
      assert.deepEqual([lenses[0].command?.title, lenses[0].command?.command], ['✓ Allow by reader.json:4 Allow "Read"', '']);
    } finally {
      await plain.client.stop();
    }
  });

  it('completes keys, actions, ARN formats of the action, condition keys, expectations and policy types', async () => {
    const { uri } = project();
    const { client } = await LspClient.start();
    try {
      const tests = uri('c.iam-tests.yaml');
      const text = `policies:
  - file: reader.json
    type: 
tests:
  - name: one
    action: s3:GetObject
    resource: 
    context:
      aws:Sou
    expect: 
  - name: two
    
`;
      await client.open(tests, text, 'yaml');
      const labels = async (line: number, character: number) =>
        (await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: tests }, position: { line, character } })).items.map((i) => i.label);
      assert.deepEqual(await labels(2, 10), ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session']);
      const actions = await labels(5, 19);
      assert.ok(actions.includes('s3:GetObject') && actions.includes('s3:PutObject'), actions.slice(0, 5).join());
      const services = await labels(5, 12);
      assert.ok(services.includes('s3:') && services.includes('dynamodb:'));
      assert.deepEqual(await labels(6, 14), ['arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', 'arn:aws:s3:::${BucketName}/${ObjectName}']);
      const keys = await labels(8, 13);
      assert.ok(keys.includes('aws:SourceIp') && keys.includes('s3:ExistingObjectTag/<key>'), keys.slice(0, 5).join());
      assert.deepEqual(await labels(9, 12), ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Depends', 'Deny']);
      // A new key of the second test: the test's keys but `name`, already there.
      assert.deepEqual(await labels(11, 4), ['action', 'resource', 'principal', 'resourceAccount', 'context', 'expect']);
    } finally {
      await client.stop();
    }
  });

  it('evaluates a policy inside a template, picked by words of its label, and completes the labels', async () => {
    const { dir, uri } = project();
    writeFileSync(
      join(dir, 'stack.yaml'),
      `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Fixed
                Effect: Allow
                Action: s3:ListBucket
                Resource: arn:aws:s3:::fixed
`,
    );
    const { client } = await LspClient.start({}, {}, { initializationOptions: { commands: ['iamPolicy.revealRange'] } });
    try {
      const tests = uri('stack.iam-tests.yaml');
      const text = 'policies:\n  - file: stack.yaml\n    policy: Reader Policies[0].PolicyDocument\ntests:\n  - action: s3:ListBucket\n    resource: arn:aws:s3:::fixed\n    expect: Allow\n';
      assert.deepEqual(await client.open(tests, text, 'yaml'), []);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: tests } });
      assert.match(lenses[0].command!.title, /^✓ Allow by stack\.yaml \(Reader \(AWS::IAM::Role\) Policies\[0\]\.PolicyDocument\):15 Allow "Fixed"$/);
      // The lens reveals the statement in the template itself.
      assert.deepEqual((lenses[0].command!.arguments![1] as { start: unknown }).start, { line: 14, character: 16 });
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: tests }, position: { line: 2, character: 14 } });
      assert.deepEqual(
        list.items.map((i) => i.label),
        ['Reader (AWS::IAM::Role) AssumeRolePolicyDocument', 'Reader (AWS::IAM::Role) Policies[0].PolicyDocument'],
      );
    } finally {
      await client.stop();
    }
  });
});
