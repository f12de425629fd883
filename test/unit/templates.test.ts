// Policies inside CloudFormation, SAM and Serverless templates (YAML and JSON), through the
// core facade as the server and the CLI call it: which policies are found with which type,
// findings at the template's own tokens, values the stack computes never judged, edits
// written in the template's syntax, hover and completion at template positions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { service } from '../helpers/core';

const FIXTURES = 'test/fixtures/templates';

function open(name: string, text = readFileSync(join(FIXTURES, name), 'utf8')) {
  const document = TextDocument.create(`file:///templates/${name}`, name.endsWith('.json') ? 'json' : 'yaml', 1, text);
  const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  const diagnostics = embedded.doValidation();
  const textOf = (d: { range: Diagnostic['range'] }) => text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
  const at = (needle: string, delta = 0) => {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, needle);
    return document.positionAt(offset + delta);
  };
  const apply = (edits: readonly TextEdit[]) => TextDocument.applyEdits(document, [...edits]);
  const fixesOf = (d: Diagnostic): CodeAction[] => embedded.getCodeActions(d.range, { diagnostics: [d] });
  return { document, text, embedded, diagnostics, textOf, at, apply, fixesOf, found: diagnostics.map((d) => `${d.code}: ${textOf(d)}`) };
}

const editsOf = (action: CodeAction) => Object.values(action.edit?.changes ?? {})[0] ?? [];

describe('templates: which policies, with which type', () => {
  it('reads a role, a SAM function and its policies by their properties, each with a label', () => {
    const { embedded } = open('role-and-function.yaml');
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      [
        'AppRole (AWS::IAM::Role) AssumeRolePolicyDocument → trust',
        'AppRole (AWS::IAM::Role) Policies[0].PolicyDocument → identity',
        'Worker (AWS::Serverless::Function) Policies[2] → identity',
        'Worker (AWS::Serverless::Function) Policies[3] → identity',
      ],
    );
    assert.deepEqual(embedded.samTemplates.map((t) => t.name), ['S3ReadPolicy']);
  });

  it('types resource policies, SCPs by the Organizations policy type, and skips tag policies', () => {
    const { embedded } = open('clean.yaml');
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      [
        'QueuePolicy (AWS::SQS::QueuePolicy) PolicyDocument → resource',
        'Role (AWS::IAM::Role) AssumeRolePolicyDocument → trust',
        'Role (AWS::IAM::Role) Policies[0].PolicyDocument → identity',
        'Key (AWS::KMS::Key) KeyPolicy → resource',
        'Guardrail (AWS::Organizations::Policy) Content → scp',
      ],
    );
  });

  it('reads one policy of each holder at its token: ECR, Secrets Manager, OpenSearch, API Gateway, Backup, SSO, RCP, a !Sub JSON string, an access point', () => {
    const { found, embedded } = open('resource-policies.yaml');
    assert.deepEqual(
      embedded.parts.map((p) => p.policy.policyType),
      ['resource', 'resource', 'resource', 'resource', 'resource', 'identity', 'rcp', 'resource', 'resource'],
    );
    assert.deepEqual(found, [
      'unknown-action: ecr:BatchGetImag',
      'unknown-action: secretsmanager:DeleteSecrt',
      'unknown-action: es:ESHttpGett',
      "public-principal: '*'",
      'unknown-action: execute-api:Invok',
      'unknown-action: backup:DeleteRecoveryPiont',
      'unknown-action: cloudwatch:GetMetricDat',
      'unknown-action: s3:GetObjekt',
      'unknown-action: "logs:PutLogEvnts"',
      // Route 53 writes query logs for any account's zones unless the policy names the account.
      'service-principal-without-source: "route53.amazonaws.com"',
      'unknown-action: s3:GetObjekt',
    ]);
  });

  it('fixes inside a !Sub block string of JSON, where ${AWS::Region} stays', () => {
    const t = open('resource-policies.yaml');
    const d = t.diagnostics.find((x) => t.textOf(x) === '"logs:PutLogEvnts"')!;
    const [fix] = t.fixesOf(d);
    const after = t.apply(editsOf(fix));
    const policy = parse(after, { customTags: [{ tag: '!Sub', resolve: (v: string) => v }] }).Resources.LogsPolicy.Properties.PolicyDocument as string;
    assert.deepEqual(JSON.parse(policy.replace(/\$\{AWS::\w+\}/g, 'x')).Statement[0].Action, ['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('leaves an ordinary YAML file alone', () => {
    const { embedded, diagnostics } = open('not-a-template.yaml');
    assert.equal(embedded.parts.length, 0);
    assert.deepEqual(diagnostics, []);
  });

  it('reads Serverless provider statements, which need no Version there', () => {
    const { found, embedded } = open('serverless.yml');
    assert.deepEqual(embedded.parts.map((p) => p.embedded.label), ['provider statements']);
    assert.deepEqual(found, ["unknown-action: dynamodb:Querry"]);
  });

  it('reads statements held directly (an event bus policy, SAM API custom statements), quiets an endpoint policy, takes dynamic references as values', () => {
    const { found, embedded } = open('more-properties.yaml');
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      [
        'BusPolicy (AWS::Events::EventBusPolicy) Statement → resource',
        'Api (AWS::Serverless::Api) Auth.ResourcePolicy.CustomStatements → resource',
        'Endpoint (AWS::EC2::VPCEndpoint) PolicyDocument → resource',
        'Machine (AWS::Serverless::StateMachine) Policies[0] → identity',
      ],
    );
    assert.deepEqual(found, ["public-principal: '*'", 'unknown-action: execute-api:Invok', "public-principal: '*'", 'missing-version: Statement']);
  });

  it('reads a resource file of its own (a Serverless fragment)', () => {
    const { found, embedded } = open('role-fragment.yml');
    assert.deepEqual(embedded.parts.map((p) => p.embedded.label), ['(this file) (AWS::IAM::Role) AssumeRolePolicyDocument', '(this file) (AWS::IAM::Role) Policies[0].PolicyDocument']);
    assert.deepEqual(found, ['unknown-action: logs:PutLogEvent']);
  });

  it('finds a policy by its shape under a property it does not know (a resource type not listed)', () => {
    const text = [
      'Resources:',
      '  Thing:',
      '    Type: AWS::IoT::Policy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: iot:Conect',
      "            Resource: '*'",
    ].join('\n');
    const { found, embedded } = open('iot.yaml', text);
    assert.deepEqual(embedded.parts.map((p) => p.embedded.label), ['Thing (AWS::IoT::Policy) PolicyDocument']);
    assert.ok(found.includes('unknown-action: iot:Conect'), found.join('\n'));
  });
});

describe('templates: findings at the template tokens', () => {
  it('finds the planted mistakes of a YAML template at their tokens, and nothing computed by the stack', () => {
    const { found } = open('role-and-function.yaml');
    assert.deepEqual(found, [
      'unknown-service-principal: lamda.amazonaws.com',
      'unescaped-sub-variable: ${aws:username}',
      'unknown-action: s3:GetObjekt',
      'unknown-action: sqs:SendMesage',
      'missing-version: Statement',
      'unknown-action: dynamodb:GetItm',
      "resource-star: '*'",
    ]);
  });

  it('gives a correct template no error and no warning but the root key policy’s kms:*', () => {
    const { diagnostics, found } = open('clean.yaml');
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => String(d.code)),
      ['service-wildcard'],
      found.join('\n'),
    );
  });

  it('reads JSON templates: Fn::Sub, Fn::GetAtt and Fn::Join are values, a JSON string policy is checked at its escaped text', () => {
    const { found } = open('template.json');
    assert.deepEqual(found, ['unknown-action: "s3:GetObjekt"', 'unknown-action: \\"logs:PutLogEvent\\"', 'service-principal-without-source: \\"es.amazonaws.com\\"']);
  });

  it('checks the known parts of a computed value', () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sqs:SendMessage',
      "            Resource: !Sub 'arn:${AWS::Partition}:sqs:us-east-1x:${AWS::AccountId}:jobs'",
      '          - Effect: Allow',
      '            Action: s3:GetObject',
      "            Resource: !Sub 'arn:${AWS::Partition}:s3:::b/${!aws:username}/*'",
      '          - Effect: !If [C, Allow, Deny]',
      '            Action: !Ref Actions',
      '            Resource: !GetAtt B.Arn',
    ].join('\n');
    const { found } = open('computed.yaml', text);
    // The Region is written out, and wrong, next to computed parts.
    assert.ok(found.includes('invalid-arn: us-east-1x'), found.join('\n'));
    assert.ok(!found.some((f) => f.startsWith('unescaped-sub-variable') || f.startsWith('invalid-effect') || f.startsWith('missing-action')), found.join('\n'));
  });

  it('says no stack value in messages as a private character', () => {
    const { diagnostics } = open('role-and-function.yaml');
    assert.ok(diagnostics.every((d) => !String(d.message).includes('\uE000')));
  });
});

describe('templates: edits in the template syntax', () => {
  it('fixes a misspelt action in a YAML list in place', () => {
    const t = open('role-and-function.yaml');
    const d = t.diagnostics.find((x) => t.textOf(x) === 's3:GetObjekt')!;
    const fix = t.fixesOf(d).find((a) => a.title.includes("'s3:GetObject'"))!;
    const after = parse(t.apply(editsOf(fix)));
    assert.deepEqual(after.Resources.AppRole.Properties.Policies[0].PolicyDocument.Statement[0].Action, ['s3:GetObject', 's3:ListBucket']);
  });

  it('escapes a policy variable in a !Sub', () => {
    const t = open('role-and-function.yaml');
    const d = t.diagnostics.find((x) => x.code === 'unescaped-sub-variable')!;
    const [fix] = t.fixesOf(d);
    assert.ok(t.apply(editsOf(fix)).includes("!Sub 'arn:${AWS::Partition}:s3:::${BucketName}/home/${!aws:username}/*'"));
  });

  it('narrows Resource: * to a YAML block list', () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: [s3:GetObject, s3:PutObject]', "            Resource: '*' # for now"].join('\n');
    const t = open('narrow.yaml', text);
    const star = t.at("'*'", 1);
    const actions = t.embedded.getCodeActions({ start: star, end: star }, { diagnostics: t.diagnostics.filter((d) => d.range.start.line === star.line) });
    const narrow = actions.find((a) => a.title.startsWith('Narrow Resource'));
    assert.ok(narrow, actions.map((a) => a.title).join('\n'));
    const after = t.apply(editsOf(narrow));
    const statement = parse(after).Resources.P.Properties.PolicyDocument.Statement[0];
    assert.ok(Array.isArray(statement.Resource) && statement.Resource.length === 2 && statement.Resource.every((r: string) => r.startsWith('arn:')), after);
    assert.match(after, /Resource:\n {14}- 'arn:/);
  });

  it('fixes JSON templates with JSON, inside a JSON string with escapes', () => {
    const t = open('template.json');
    for (const d of t.diagnostics.filter((x) => x.code === 'unknown-action')) {
      const [fix] = t.fixesOf(d);
      assert.ok(fix, `${d.code}: no fix`);
      const after = JSON.parse(t.apply(editsOf(fix)));
      if (t.textOf(d).includes('logs')) assert.deepEqual(JSON.parse(after.Resources.LogPolicy.Properties.PolicyDocument).Statement[0].Action[0], 'logs:PutLogEvents');
      else assert.deepEqual(after.Resources.BucketPolicy.Properties.PolicyDocument.Statement[1].Action, ['s3:GetObject']);
    }
  });

  it('writes fixes that add an entry or remove a list item in the template’s own syntax', () => {
    const block = [
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Action:',
      '              - s3:GetObject',
      "              - 's3:Get*'",
      "            Resource: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'",
      '',
    ].join('\n');
    const t = open('structural.yaml', block);
    const fix = (code: string) => {
      const d = t.diagnostics.find((x) => x.code === code);
      assert.ok(d, code);
      const [action] = t.fixesOf(d);
      assert.ok(action, `${code}: no fix`);
      return t.apply(editsOf(action));
    };
    assert.equal(fix('missing-version'), block.replace('        Statement:', "        Version: '2012-10-17'\n        Statement:"));
    assert.equal(fix('redundant-action'), block.replace('              - s3:GetObject\n', ''));
    const flow = "Resources:\n  Reader:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Action: [s3:GetObject, 's3:Get*'], Resource: '*'}]}\n";
    const f = open('flow.yaml', flow);
    const version = f.diagnostics.find((x) => x.code === 'missing-version')!;
    assert.equal(f.apply(editsOf(f.fixesOf(version)[0])), flow.replace('{Statement:', "{Version: '2012-10-17', Statement:"));
    const redundant = f.diagnostics.find((x) => x.code === 'redundant-action')!;
    assert.equal(f.apply(editsOf(f.fixesOf(redundant)[0])), flow.replace('[s3:GetObject, ', '['));
  });

  it('offers no removal inside an !If (its branches are not a list in the template) and writes flow entries in a flow mapping', () => {
    const branches = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: !If [Prod, "s3:*", "s3:GetObject"]',
      '            Resource: "arn:aws:s3:::b/*"',
      '          - Effect: Allow',
      '            Action:',
      '              - sqs:SendMessage',
      '              - !If [Prod, sqs:SendMessage, !Ref AWS::NoValue]',
      '            Resource: "arn:aws:sqs:us-east-1:111122223333:q"',
      '',
    ].join('\n');
    const t = open('if.yaml', branches);
    const redundant = t.diagnostics.filter((d) => d.code === 'redundant-action');
    assert.equal(redundant.length, 2);
    for (const d of redundant) assert.deepEqual(t.fixesOf(d).filter((a) => a.title.startsWith('Remove')), []);
    const flow = ['Resources:', '  BP:', '    Type: AWS::S3::BucketPolicy', '    Properties:', '      Bucket: b', '      PolicyDocument:', '        Statement:', '          - {', '              Effect: Allow,', '              Principal: "*",', '              Action: s3:GetObject,', '              Resource: "arn:aws:s3:::b/*"', '            }', ''].join('\n');
    const f = open('flow.yaml', flow);
    const open_ = f.diagnostics.find((d) => d.code === 'public-principal')!;
    const after = f.apply(editsOf(f.fixesOf(open_)[0]));
    assert.equal(after, flow.replace('Resource: "arn:aws:s3:::b/*"', 'Resource: "arn:aws:s3:::b/*",\n              Condition: {"StringEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}'));
    assert.doesNotThrow(() => parse(after));
  });

  it('removes an element a trust policy may not have, with its line', () => {
    const role = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: lambda.amazonaws.com }',
      '            Action: sts:AssumeRole',
      "            Resource: '*'",
      '',
    ].join('\n');
    const t = open('trust.yaml', role);
    assert.deepEqual(t.found, ['trust-policy-element: Resource']);
    const [fix] = t.fixesOf(t.diagnostics[0]);
    assert.equal(t.apply(editsOf(fix)), role.replace("\n            Resource: '*'", ''));
  });

  it('offers no fix whose edit the template cannot take, rather than a wrong one', () => {
    const t = open('role-and-function.yaml');
    const d = t.diagnostics.find((x) => x.code === 'missing-version')!;
    for (const action of t.fixesOf(d)) {
      const after = parse(t.apply(editsOf(action)));
      assert.ok(after.Resources.Worker.Properties.Policies[2].Statement);
    }
  });
});

describe('templates: hover and completion', () => {
  it('hovers an action and a SAM policy template', () => {
    const t = open('role-and-function.yaml');
    const hover = t.embedded.doHover(t.at('s3:ListBucket', 4));
    assert.match((hover?.contents as MarkupContent).value, /\*\*s3:ListBucket\*\*/);
    assert.equal(t.textOf({ range: hover!.range! }), 's3:ListBucket');
    const sam = t.embedded.doHover(t.at('S3ReadPolicy', 3));
    assert.match((sam?.contents as MarkupContent).value, /SAM policy template `S3ReadPolicy`/);
    assert.match((sam?.contents as MarkupContent).value, /BucketName/);
  });

  it('completes an action in a plain YAML scalar, writing it without quotes', () => {
    const text = readFileSync(join(FIXTURES, 'serverless.yml'), 'utf8').replace('dynamodb:Querry', 'dynamodb:Que');
    const t = open('serverless.yml', text);
    const list = t.embedded.doComplete(t.at('dynamodb:Que', 12));
    const item = list.items.find((i) => i.label === 'dynamodb:Query');
    assert.ok(item, list.items.slice(0, 5).map((i) => i.label).join(', '));
    const edit = item.textEdit as TextEdit;
    assert.equal(edit.newText, 'dynamodb:Query');
    assert.equal(t.textOf(edit), 'dynamodb:Que');
  });

  it('completes in an empty value after a key', () => {
    const t = open('empty.yaml', ['Resources:', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: ', "            Resource: '*'"].join('\n'));
    const list = t.embedded.doComplete(t.at('Action: ', 8));
    assert.ok(list.items.some((i) => i.label === 's3:*' || i.label.startsWith('s3')), list.items.slice(0, 5).map((i) => i.label).join(', '));
  });
});

describe('templates: edits around block values and tags (review findings)', () => {
  it('narrowing a block list keeps the next key on its own line', () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: sqs:SendMessage', '            Resource:', "              - '*'", '            Condition:', '              StringEquals:', "                aws:SourceAccount: '123456789012'"].join('\n');
    const t = open('block.yaml', text);
    const star = t.at("'*'", 1);
    const narrow = t.embedded.getCodeActions({ start: star, end: star }, { diagnostics: t.diagnostics.filter((d) => d.range.start.line === star.line) }).find((a) => a.title.startsWith('Narrow Resource'));
    assert.ok(narrow);
    const statement = parse(t.apply(editsOf(narrow))).Resources.P.Properties.PolicyDocument.Statement[0];
    assert.deepEqual(statement.Condition, { StringEquals: { 'aws:SourceAccount': '123456789012' } });
    assert.ok(typeof statement.Resource === 'string' || Array.isArray(statement.Resource));
  });

  it('a completion in place of a short-form intrinsic replaces its tag too', () => {
    const text = ['Resources:', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: sqs:SendMessage', '            Resource: !GetAtt Queue.Arn'].join('\n');
    const t = open('tag.yaml', text);
    const star = t.embedded.doComplete(t.at('Queue.Arn', 3)).items.find((i) => i.label === '*');
    assert.ok(star);
    assert.match(TextDocument.applyEdits(t.document, [star.textEdit as TextEdit]), /Resource: '\*'$/);
  });

  it('after an edit that breaks the template and one that repairs it, reads what a full read reads', () => {
    const text = readFileSync(join(FIXTURES, 'clean.yaml'), 'utf8');
    const first = TextDocument.create('file:///templates/repair.yaml', 'yaml', 1, text);
    const v1 = service.parseEmbeddedPolicies(first, {}, service.parsePolicy(first));
    const brokenText = text.replace('Version: "2012-10-17"', 'Version: "2012-10-17"|');
    const broken = TextDocument.create(first.uri, 'yaml', 2, brokenText);
    const v2 = service.parseEmbeddedPolicies(broken, {}, service.parsePolicy(broken), v1);
    const repaired = TextDocument.create(first.uri, 'yaml', 3, text);
    const v3 = service.parseEmbeddedPolicies(repaired, {}, service.parsePolicy(repaired), v2);
    assert.equal(v3.parts.length, v1.parts.length);
    assert.deepEqual(v3.doValidation().map((d) => d.code), v1.doValidation().map((d) => d.code));
  });
});

describe('templates: completion knows it is in a template', () => {
  it('offers a Resource as !Sub with the stack pseudo parameters and as the template resources of a fitting type', () => {
    const text = ['Resources:', '  Reports:', '    Type: AWS::S3::Bucket', '  Jobs:', '    Type: AWS::SQS::Queue', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow', '            Action: [s3:GetObject, sqs:SendMessage]', '            Resource: arn'].join('\n');
    const t = open('complete.yaml', text);
    const items = t.embedded.doComplete(t.document.positionAt(text.length)).items;
    const byLabel = new Map(items.map((i) => [i.label, i]));
    assert.equal((byLabel.get("!Sub '${Reports.Arn}/*'")?.textEdit as TextEdit).newText, "!Sub '${Reports.Arn}/*'");
    assert.equal((byLabel.get('!GetAtt Jobs.Arn')?.textEdit as TextEdit).newText, '!GetAtt Jobs.Arn');
    assert.ok(!byLabel.has('!GetAtt Reports.Arn'), 'a bucket is not an object');
    const sub = items.find((i) => i.label.startsWith('!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:'));
    assert.ok(sub, items.map((i) => i.label).join('\n'));
    assert.equal(sub.insertTextFormat, 2);
    assert.match((sub.textEdit as TextEdit).newText, /^!Sub 'arn:\\\$\{AWS::Partition\}:sqs:\\\$\{AWS::Region\}:\\\$\{AWS::AccountId\}:\$\{\d:QueueName\}'$/);
    // The ARN itself, written as YAML, filtered by what the template has (no JSON quote).
    const plain = items.find((i) => i.label.startsWith('arn:aws:s3:::'))!;
    assert.equal(plain.filterText, plain.label);
  });
});

describe('templates: hostile input', () => {
  it('takes broken, deep, aliased and binary-looking templates without an exception', () => {
    const texts = [
      'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [ {Effect: Allow',
      `AWSTemplateFormatVersion: x\nResources: ${'['.repeat(5000)}`,
      `AWSTemplateFormatVersion: x\nResources:\n${Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + 'k:').join('\n')}`,
      'AWSTemplateFormatVersion: x\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nResources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: *c, Resource: "*"}]}',
      'AWSTemplateFormatVersion: x\nResources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: !Sub\n        - "${x}"\n        - x: 1\n',
      'Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: !If [c, !If [d, !If [e, [], []], []], []]\n',
      'AWSTemplateFormatVersion: \u0000\u0001\ufffe',
    ];
    for (const text of texts) {
      const t = open('hostile.yaml', text);
      assert.ok(Array.isArray(t.diagnostics));
      t.embedded.doHover(t.document.positionAt(text.length - 2));
      t.embedded.doComplete(t.document.positionAt(text.length - 2));
    }
  });
});

describe('templates: bounded work', () => {
  const policyTemplate = (statements: string) =>
    `AWSTemplateFormatVersion: x\nResources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statements}`;
  const timed = (text: string) => {
    const started = performance.now();
    const t = open('bounded.yaml', text);
    return { ...t, ms: performance.now() - started };
  };

  it('does not read a template larger than CloudFormation takes (1 MB), nor flow collections nested deeper than any template', () => {
    const big = timed(policyTemplate("          - {Effect: Allow, Action: s3:GetObjekt, Resource: '*'}\n".repeat(20000)));
    assert.ok(big.text.length > 1024 * 1024);
    assert.equal(big.embedded.parts.length, 0);
    for (const deep of [`AWSTemplateFormatVersion: x\nResources: ${'['.repeat(200000)}`, `AWSTemplateFormatVersion: x\nResources:\n${'   - x: [\n'.repeat(50000)}`]) {
      const t = timed(deep);
      assert.equal(t.embedded.parts.length, 0);
      assert.ok(t.ms < 2500, `${t.ms} ms`);
    }
  });

  it('reads a template just under the limit with thousands of statements, and caps findings about !Sub text', () => {
    const many = timed(policyTemplate("          - {Effect: Allow, Action: s3:GetObjekt, Resource: '*'}\n".repeat(15000)));
    assert.equal(many.embedded.parts.length, 1);
    assert.equal(many.diagnostics.filter((d) => d.code === 'unknown-action').length, 15000);
    assert.ok(many.ms < 2500 * 4, `${many.ms} ms`); // reading and validating together; the fuzz stage's bound, four times over
    const storm = timed(policyTemplate(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub 'arn:aws:s3:::b/${'${aws:username}'.repeat(50000)}'\n`));
    assert.equal(storm.diagnostics.filter((d) => d.code === 'unescaped-sub-variable').length, 100);
  });

  it('reads a !Sub of hundreds of thousands of unclosed ${ in bounded time (the reference scan was quadratic: minutes)', () => {
    const unclosed = timed(policyTemplate(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::${'${'.repeat(300000)}"\n`));
    assert.equal(unclosed.embedded.parts.length, 1);
    assert.ok(unclosed.ms < 2500, `${unclosed.ms} ms`);
  });
});

describe('templates: the size quota of where a policy is stored', () => {
  it('measures a managed policy against 6,144 characters, a role\'s inline policy against 10,240, a user\'s against 2,048', () => {
    const statements = Array.from({ length: 90 }, (_, i) => `{"Sid": "S${i}", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`).join(', ');
    const document = `{"Version": "2012-10-17", "Statement": [${statements}]}`;
    const template = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: JSON.parse(document) } },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'p', PolicyDocument: JSON.parse(document) }] } },
        User: { Type: 'AWS::IAM::User', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: JSON.parse(document) }] } },
      },
    }, null, 2);
    const t = open('sizes.json', template);
    const sized = t.diagnostics.filter((d) => d.code === 'policy-size').map((d) => `${t.embedded.labelAt(d.range.start)}: ${String(d.message).replace(/.*the quota for /, '')}`);
    assert.deepEqual(sized, [
      'Managed (AWS::IAM::ManagedPolicy) PolicyDocument: a managed policy is 6,144.',
      "User (AWS::IAM::User) Policies[0].PolicyDocument: a user's inline policies (all of them together) is 2,048.",
    ]);
    // The YAML form, and after an edit inside the managed policy (read again on its own), the same.
    const yaml = `Resources:\n  Managed:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ${document}\n`;
    const y = open('sizes.yaml', yaml);
    assert.equal(y.diagnostics.filter((d) => d.code === 'policy-size').length, 1);
    const edited = yaml.replace('"S0"', '"S00"');
    const next = TextDocument.create(y.document.uri, 'yaml', 2, edited);
    const again = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next), y.embedded);
    assert.deepEqual(again.doValidation().filter((d) => d.code === 'policy-size').map((d) => String(d.message).replace(/.*the quota for /, '')), ['a managed policy is 6,144.']);
  });
});

describe('templates: a large template read resource by resource', () => {
  // Over 64 KB a block template's resources are read as documents of their own; `---` at the
  // top makes the same template be read as one document (a marker no part may cross).
  const resource = (i: number) => `  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lamda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: !If [IsProd, Allow, Deny]
                Action:
                  - s3:GetObjekt   # planted
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::b-${i}/\${aws:username}'
        - PolicyName: q
          PolicyDocument: |
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "*"}]}
# a comment at the margin inside Resources

`;
  const template = (count: number, extra = '') =>
    `AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n${Array.from({ length: count }, (_, i) => resource(i)).join('')}${extra}Outputs:\n  Arn:\n    Value: !GetAtt Role0.Arn\n`;
  const summary = (text: string, shift = 0) => {
    const t = open('parts.yaml', text);
    return {
      labels: t.embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      found: t.diagnostics.map((d) => `${d.code} ${d.range.start.line - shift}:${d.range.start.character}-${d.range.end.line - shift}:${d.range.end.character} ${t.textOf(d)}`),
      fixes: t.diagnostics.flatMap((d) => t.fixesOf(d).map((a) => `${a.title}: ${JSON.stringify(editsOf(a).map((e) => ({ ...e, range: { start: { ...e.range.start, line: e.range.start.line - shift }, end: { ...e.range.end, line: e.range.end.line - shift } } })))}`)),
    };
  };

  it('finds the same policies, findings and fixes at the same tokens as when the template is read as one document', () => {
    const text = template(120);
    assert.ok(text.length > 64 * 1024);
    const parts = summary(text);
    assert.equal(parts.labels.length, 360);
    assert.equal(parts.labels[1], 'Role0 (AWS::IAM::Role) Policies[0].PolicyDocument → identity');
    assert.ok(parts.found.some((f) => /^unknown-action \d+:\d+-\d+:\d+ s3:GetObjekt$/.test(f)));
    assert.ok(parts.found.some((f) => /sqs:SendMesage/.test(f)));
    assert.ok(parts.found.some((f) => /lamda\.amazonaws\.com/.test(f)));
    assert.deepEqual(parts, summary(`---\n${text}`, 1));
    const crlf = text.replace(/\n/g, '\r\n');
    assert.deepEqual(summary(crlf), summary(`---\r\n${crlf}`, 1));
  });

  it('reads the template as one document when a part would not read alone: an anchor another resource\'s alias uses, a flow list going on at the resources\' margin', () => {
    const alias = `  Shared:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: &doc\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Action: s3:GetObjekt, Resource: '*'}\n  Again:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: *doc\n`;
    const margin = `  Listed:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Action: [s3:GetObjekt,\n  s3:PutObjekt], Resource: '*'}\n`;
    for (const extra of [alias, margin]) {
      const text = template(120, extra);
      const t = summary(text);
      assert.ok(t.labels.length > 360);
      assert.deepEqual(t, summary(`---\n${text}`, 1));
    }
    assert.equal(summary(template(120, alias)).found.filter((f) => f.endsWith(' s3:GetObjekt')).length, 120 + 1); // the roles' and Shared's
  });
});

describe('templates: an edit inside one policy reads only that policy again', () => {
  it('gives the same policies and findings as reading the whole template, after every kind of edit', () => {
    const text = readFileSync(join(FIXTURES, 'role-and-function.yaml'), 'utf8');
    const edits: [string, string][] = [
      ['s3:GetObjekt', 's3:GetObjektX'], // typing at the end of a value
      ['s3:GetObjekt', 's3:Get'], // deleting
      ['sqs:SendMesage', 'sqs:SendMessage'], // inside an !If branch
      ['dynamodb:GetItm', 'dynamodb:GetItem\n              Sid: x'], // a new line and key inside a statement
      ['Action: kms:Decrypt', 'Action: kms:Decrypt\n  Oops: 1'], // a line that leaves the policy: read in full again
      ["Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:", "Version: '2012-10-17'\n        Statement:\n          - Effect: Deny\n            Principal:"],
      ['lamda', 'lambda'],
      ['AWSLambdaBasicExecutionRole', 'AWSLambdaBasicExecutionRole2'], // outside every policy
    ];
    sameAsWholeRead('file:///templates/edit.yaml', 'yaml', text, edits);
  });

  it('does the same in a JSON template, for a plain policy and one with intrinsic functions', () => {
    const plain = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMesage'], Resource: '*' }] } } };
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'template.json'), 'utf8')) as { Resources: Record<string, unknown> };
    const text = JSON.stringify({ ...fixture, Resources: { ...fixture.Resources, Plain: plain } }, null, 2);
    const edits: [string, string][] = [
      ['sqs:SendMesage', 'sqs:SendMessage'], // in the plain policy
      ['sqs:SendMesage', 'sqs:SendMesage", "kms:Decrypt'], // a new item
      ['s3:GetObjekt', 's3:GetObjek'], // beside Fn::Sub and Fn::Join
      ['"Effect": "Deny"', '"Effect": "Allow"'], // inside an Fn::If branch
      ['"PolicyName": "es"', '"PolicyName": "es2"'], // outside every policy
      ['"Resource": "*"\n', '"Resource": "*",\n'], // a trailing comma: read in full again
    ];
    sameAsWholeRead('file:///templates/edit.json', 'json', text, edits);
  });
});

/** After each edit, reading again from `before` gives what reading the new text whole gives: policies, findings, SAM templates and fixes. */
function sameAsWholeRead(uri: string, languageId: string, text: string, edits: readonly [string, string][]): void {
  {
    const first = TextDocument.create(uri, languageId, 1, text);
    const before = service.parseEmbeddedPolicies(first, {}, service.parsePolicy(first));
    before.doValidation();
    let version = 2;
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      const next = TextDocument.create(first.uri, languageId, version++, text.replace(from, to));
      const again = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next), before);
      const whole = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next));
      const view = (e: typeof whole) => ({
        parts: e.parts.map((p) => [p.embedded.label, p.embedded.text, p.policy.policyType, p.embedded.map.hostSpan]),
        findings: e.doValidation().map((d) => [d.code, d.range, d.message]),
        sam: e.samTemplates.map((t) => [t.name, t.start, t.end]),
      });
      assert.deepEqual(view(again), view(whole), `${from} -> ${to}`);
      // Edits of the re-read and the moved policies land where a full read puts them.
      for (const d of whole.doValidation()) {
        const a = again.getCodeActions(d.range, { diagnostics: [d] }).map((x) => JSON.stringify(x.edit));
        const w = whole.getCodeActions(d.range, { diagnostics: [d] }).map((x) => JSON.stringify(x.edit));
        assert.deepEqual(a, w, `${from} -> ${to}: ${d.code}`);
      }
    }
  }
}
