// Inline suppressions with a reason: comments that silence named rules on the next line or in
// the file, in JSONC policies and in YAML templates, and the quick fix that writes one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LanguageSettings } from '../../server/src/core';
import { service } from '../helpers/core';

let counter = 0;
function policy(text: string, settings?: LanguageSettings, extension = 'jsonc') {
  const document = TextDocument.create(`file:///suppress/p${++counter}.${extension}`, extension === 'jsonc' ? 'jsonc' : 'json', 1, text);
  const parse = service.parsePolicy(document, settings);
  const diagnostics = service.doValidation(document, parse);
  return { document, diagnostics, found: diagnostics.map((d) => `${d.range.start.line}:${d.code}`) };
}

function template(text: string) {
  const document = TextDocument.create(`file:///suppress/t${++counter}.yaml`, 'yaml', 1, text);
  const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  const diagnostics = embedded.doValidation();
  return { document, embedded, diagnostics, found: diagnostics.map((d) => `${d.range.start.line}:${d.code}`) };
}

const STAR = (comment: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      ${comment}
      "Resource": "*"
    },
    { "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" }
  ]
}`;

describe('inline suppressions', () => {
  it('silence the named rule on the next line only, when they give a reason', () => {
    const bare = policy(STAR(''));
    assert.deepEqual(bare.found.filter((f) => f.endsWith('resource-star')), ['7:resource-star', '9:resource-star']);
    const quiet = policy(STAR('// iam-policy-lint-disable-next-line resource-star -- public assets, reviewed'));
    assert.deepEqual(quiet.found.filter((f) => /resource-star|suppression/.test(f)), ['9:resource-star']);
    // Two codes, comma or space separated, and a block comment.
    const two = policy(STAR('/* iam-policy-lint-disable-next-line unknown-action, resource-star -- reviewed */'));
    assert.deepEqual(two.found.filter((f) => /resource-star|suppression/.test(f)), ['9:resource-star', '6:unused-suppression']);
  });

  it('silence nothing without a reason, naming no rule, or with the placeholder reason, and say so', () => {
    for (const comment of [
      '// iam-policy-lint-disable-next-line resource-star',
      '// iam-policy-lint-disable-next-line resource-star --',
      '// iam-policy-lint-disable-next-line resource-star -- <reason>',
      '// iam-policy-lint-disable-next-line -- no rule named',
    ]) {
      const { found, diagnostics } = policy(STAR(comment));
      assert.deepEqual(found.filter((f) => /resource-star|suppression/.test(f)), ['7:resource-star', '9:resource-star', '6:invalid-suppression'], comment);
      assert.equal(diagnostics.find((d) => d.code === 'invalid-suppression')?.severity, 2);
    }
    const unknown = policy(STAR('// iam-policy-lint-disable-next-line resource-stars, resource-star -- reviewed'));
    assert.deepEqual(unknown.found.filter((f) => /resource-star|suppression/.test(f)), ['9:resource-star', '6:invalid-suppression']);
    assert.match(String(unknown.diagnostics.find((d) => d.code === 'invalid-suppression')!.message), /'resource-stars' is not a rule/);
    // The suppressions' own findings cannot be suppressed.
    const own = policy(STAR('// iam-policy-lint-disable-next-line invalid-suppression -- no'));
    assert.ok(own.found.includes('6:invalid-suppression'));
  });

  it('reports a suppression that silences nothing, and takes its severity from the settings', () => {
    const text = STAR('// iam-policy-lint-disable-next-line unknown-action -- legacy name');
    assert.ok(policy(text).found.includes('6:unused-suppression'));
    assert.ok(!policy(text, { severity: { 'unused-suppression': 'off' } }).found.includes('6:unused-suppression'));
    // A keyword inside a string value is not a comment.
    assert.deepEqual(policy(STAR('"Sid": "iam-policy-lint-disable resource-star -- x",')).found.filter((f) => /suppression/.test(f)), []);
  });

  it('silence a rule in the whole file with the file form', () => {
    const { found } = policy(`// iam-policy-lint-disable resource-star -- a sandbox account's policy\n${STAR('')}`);
    assert.deepEqual(found.filter((f) => /resource-star|suppression/.test(f)), []);
  });

  it('work in a YAML template, where the quick fix writes the comment with the line\'s indentation', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: lambda.amazonaws.com }',
      '            Action: sts:AssumeRole',
      '      Policies:',
      '        - PolicyName: app',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: s3:GetObjekt',
      '                Resource: arn:aws:s3:::bucket/*',
      '',
    ].join('\n');
    const before = template(text);
    const finding = before.diagnostics.find((d) => d.code === 'unknown-action') as Diagnostic;
    assert.equal(finding.range.start.line, 17);
    const actions = before.embedded.getCodeActions(finding.range, { diagnostics: [finding] });
    const suppress = actions.find((a) => a.title === "Suppress 'unknown-action' on this line with a reason");
    assert.ok(suppress, actions.map((a) => a.title).join(', '));
    const written = TextDocument.applyEdits(before.document, suppress.edit!.changes![before.document.uri]);
    assert.equal(written.split('\n')[17], '                # iam-policy-lint-disable-next-line unknown-action -- <reason>');
    // Left with the placeholder it silences nothing; with a reason it silences the finding.
    assert.deepEqual(template(written).found.filter((f) => /unknown-action|suppression/.test(f)), ['18:unknown-action', '17:invalid-suppression']);
    assert.deepEqual(template(written.replace('<reason>', 'private preview action')).found.filter((f) => /unknown-action|suppression/.test(f)), []);
  });

  it('are not offered where the file cannot hold a comment: a plain JSON policy, or a policy inside a string', () => {
    const json = policy(STAR(''), undefined, 'json');
    const star = json.diagnostics.find((d) => d.code === 'resource-star')!;
    assert.deepEqual(service.getCodeActions(json.document, star.range, { diagnostics: [star] }).filter((a) => a.title.startsWith('Suppress')), []);
    const inString = template([
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: |',
      '        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}',
      '',
    ].join('\n'));
    const typo = inString.diagnostics.find((d) => d.code === 'unknown-action')!;
    assert.ok(typo, inString.found.join(', '));
    assert.deepEqual(inString.embedded.getCodeActions(typo.range, { diagnostics: [typo] }).filter((a) => a.title.startsWith('Suppress')), []);
  });
});

describe('fix-all and suppressions', () => {
  it('leaves a suppressed finding as it is', () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      // iam-policy-lint-disable-next-line redundant-action -- kept for the reader
      "Action": ["s3:GetObject", "s3:Get*"],
      "Resource": "arn:aws:s3:::b/*"
    },
    { "Effect": "Allow", "Action": ["s3:PutObject", "s3:Put*"], "Resource": "arn:aws:s3:::b/*" }
  ]
}`;
    const { document, diagnostics } = policy(text);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'redundant-action').map((d) => d.range.start.line), [9]);
    const [fixAll] = service.getCodeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source.fixAll'] });
    assert.ok(fixAll, 'no fix-all action');
    const after = TextDocument.applyEdits(document, fixAll.edit!.changes![document.uri]);
    assert.ok(after.includes('["s3:GetObject", "s3:Get*"]'), after);
    assert.ok(!after.includes('"s3:PutObject", "s3:Put*"'), after);
  });
});
