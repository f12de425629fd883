import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, codeActions, doc, findings, service, validate } from '../helpers/core';

const only = (code: string, text: string) => findings(text).filter((f) => f.startsWith(`${code}: `));
const policy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": "*"}]}`;

function fix(code: string, marked: string, title: string): string {
  const { actions, document } = codeActions(marked);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among ${JSON.stringify(actions.map((a) => a.title))}`);
  const after = applyAction(document, action);
  assert.deepEqual(only(code, after), [], `the fix leaves a ${code} finding:\n${after}`);
  return after;
}

describe('action-format', () => {
  it('reports actions without a colon, with spaces, several colons or bad characters', () => {
    assert.deepEqual(only('action-format', policy('["s3GetObject", "s3: GetObject", "s3:Get:Object", "s3:Get-Object", "s3:", 5, ["s3:GetObject"]]')), [
      'action-format: 5',
      'action-format: ["s3:GetObject"]',
      'action-format: "s3GetObject"',
      'action-format: "s3: GetObject"',
      'action-format: "s3:Get:Object"',
      'action-format: "s3:Get-Object"',
      'action-format: "s3:"',
    ]);
  });

  it('removes stray whitespace', () => {
    assert.equal(fix('action-format', policy('"s3:| GetObject"'), "Change to 's3:GetObject'"), policy('"s3:GetObject"'));
  });

  it('accepts well-formed actions and wildcards', () => {
    assert.deepEqual(only('action-format', policy('["*", "s3:*", "iam:List*Tags", "ec2:Describe?pcs", "s3:GetObject"]')), []);
  });
});

describe('redundant-action', () => {
  it('reports duplicates and actions covered by a wildcard of the same list', () => {
    const text = policy('["s3:Get*", "s3:GetObject", "S3:GET*", "iam:GetRole", "iam:GetRole"]');
    assert.deepEqual(only('redundant-action', text), ['redundant-action: "s3:GetObject"', 'redundant-action: "S3:GET*"', 'redundant-action: "iam:GetRole"']);
    const d = validate(text).find((x) => x.code === 'redundant-action');
    assert.deepEqual(d?.tags, [1]);
    assert.equal(d?.relatedInformation?.[0].message, "'s3:Get*' is here");
  });

  it('judges patterns by their shape, not by what they match today', () => {
    // s3:G*t does not cover s3:Get? (its last letter may be anything); s3:*Object and s3:Get* overlap only.
    assert.deepEqual(only('redundant-action', policy('["s3:Get?", "s3:G*t"]')), []);
    assert.deepEqual(only('redundant-action', policy('["s3:*Object", "s3:Get*"]')), []);
    assert.deepEqual(only('redundant-action', policy('["s3:Get?", "s3:Get*"]')), ['redundant-action: "s3:Get?"']);
    assert.deepEqual(only('redundant-action', policy('["s3:GetObject", "s3:PutObject"]')), []);
  });

  it('removes the entry, keeping the JSON valid and the layout', () => {
    const before = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": [\n      "s3:Get*",\n      "s3:Get|Object",\n      "s3:PutObject"\n    ],\n    "Resource": "*"\n  }]\n}';
    assert.equal(
      fix('redundant-action', before, "Remove redundant 's3:GetObject'"),
      '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": [\n      "s3:Get*",\n      "s3:PutObject"\n    ],\n    "Resource": "*"\n  }]\n}',
    );
    assert.equal(fix('redundant-action', policy('["s3:Get*", "s3:Get|Object"]'), "Remove redundant 's3:GetObject'"), policy('["s3:Get*"]'));
    assert.equal(fix('redundant-action', policy('["s3:Get|Object", "s3:Get*"]'), "Remove redundant 's3:GetObject'"), policy('["s3:Get*"]'));
    const crlf = '{\r\n"Version": "2012-10-17",\r\n"Statement": {"Effect": "Allow", "Action": [\r\n  "s3:*",\r\n  "s3:|GetObject"\r\n], "Resource": "*"}}';
    assert.equal(
      fix('redundant-action', crlf, "Remove redundant 's3:GetObject'"),
      '{\r\n"Version": "2012-10-17",\r\n"Statement": {"Effect": "Allow", "Action": [\r\n  "s3:*"\r\n], "Resource": "*"}}',
    );
  });
});

describe('fix-all with these rules', () => {
  it('removes every redundant action and fixes every casing in one go', () => {
    const text = '{"Statement": [{"Effect": "allow", "Action": ["s3:*", "s3:GetObject", "s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]}';
    const document = doc(text);
    const policy = service.parsePolicy(document);
    const range = { start: document.positionAt(0), end: document.positionAt(text.length) };
    const action = service.getCodeActions(document, range, { diagnostics: [], only: ['source.fixAll'] }, policy).find((a) => a.kind === 'source.fixAll.iamPolicy');
    assert.ok(action, 'fix-all is offered');
    const after = applyAction(document, action);
    assert.equal(after, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}]}');
  });
});

describe('unknown-service on a discontinued service', () => {
  it('names the retired service instead of guessing a prefix, and offers no fix', () => {
    const text = policy('["zocalo:DescribeUsers", "DeepLens:ListDevices", "s4:GetObject"]');
    assert.deepEqual(only('unknown-service', text), ['unknown-service: "zocalo:DescribeUsers"', 'unknown-service: "DeepLens:ListDevices"', 'unknown-service: "s4:GetObject"']);
    const messages = validate(text).filter((d) => d.code === 'unknown-service').map((d) => String(d.message));
    assert.equal(messages[0], "'zocalo' is the prefix of Amazon WorkDocs (discontinued in 2025): its actions no longer exist and grant nothing.");
    assert.match(messages[1], /^'DeepLens' is the prefix of AWS DeepLens/);
    assert.match(messages[2], /Did you mean 's3:GetObject'\?/);
    const { actions } = codeActions(policy('["zocalo:Describe|Users"]'));
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Did you mean')), []);
  });
});
