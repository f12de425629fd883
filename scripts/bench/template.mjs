// CloudFormation templates in YAML for the benchmark: each role has a trust policy and two
// inline policies with !Sub, !GetAtt and !Join values. templateTimes measures the core facade.
import { createRequire } from 'node:module';
import { median, percentile, time } from './stats.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

export function generateTemplate(bytes) {
  const parts = ["AWSTemplateFormatVersion: '2010-09-09'", 'Parameters:', '  Env:', '    Type: String', 'Resources:'];
  let size = parts.join('\n').length;
  const actions = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'sns:Publish', 'kms:Decrypt', 'logs:PutLogEvents'];
  for (let i = 0; size < bytes; i++) {
    const role = [
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub '\${Env}-role-${i}'`,
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: lambda.amazonaws.com',
      '            Action: sts:AssumeRole',
      '      Policies:',
      ...[0, 1].flatMap((p) => [
        `        - PolicyName: policy-${i}-${p}`,
        '          PolicyDocument:',
        "            Version: '2012-10-17'",
        '            Statement:',
        ...[0, 1, 2, 3].flatMap((s) => [
          `              - Sid: S${s}`,
          '                Effect: Allow',
          '                Action:',
          `                  - ${actions[(i + p + s) % actions.length]}`,
          `                  - ${actions[(i + p + s + 1) % actions.length]}`,
          '                Resource:',
          `                  - !Sub 'arn:\${AWS::Partition}:s3:::\${Env}-bucket-${i}/*'`,
          `                  - !GetAtt Queue${i}.Arn`,
          `                  - !Join ['', ['arn:', !Ref AWS::Partition, ':sqs:', !Ref AWS::Region, ':', !Ref AWS::AccountId, ':q${i}']]`,
        ]),
      ]),
    ].join('\n');
    // CloudFormation takes up to 1 MB: the template stays within the size asked for.
    if (size + role.length + 1 > bytes) break;
    parts.push(role);
    size += role.length + 1;
  }
  return parts.join('\n') + '\n';
}

/** Reading a template's policies, checking them, and completion in one of them, cached and after an edit. */
export function templateTimes(service, bytes, runs) {
  const text = generateTemplate(bytes);
  const read = [];
  const validate = [];
  let policies = 0;
  for (let i = 0; i < runs; i++) {
    const document = TextDocument.create(`file:///bench/template-${bytes}.yaml`, 'yaml', i + 1, text);
    const r = time(() => service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document)));
    const v = time(() => r.result.doValidation());
    read.push(r.ms);
    validate.push(v.ms);
    policies = r.result.parts.length;
  }
  // Completion inside the last role's first action: with the template read once, and after a
  // keystroke there (as the server does it: the previous read passed on, so only that policy is read again).
  let at = text.lastIndexOf('- s3:') + 5;
  const document = TextDocument.create(`file:///bench/template-${bytes}.yaml`, 'yaml', 1, text);
  let previous = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  const position = document.positionAt(at);
  const cached = [];
  const afterEdit = [];
  for (let i = 0; i < Math.max(runs * 4, 10); i++) cached.push(time(() => previous.doComplete(position)).ms);
  let edited = text;
  for (let i = 0; i < Math.max(runs * 4, 10); i++) {
    edited = edited.slice(0, at) + 'G' + edited.slice(at);
    at++;
    const next = TextDocument.create(document.uri, 'yaml', i + 2, edited);
    afterEdit.push(
      time(() => {
        previous = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next), previous);
        return previous.doComplete(next.positionAt(at));
      }).ms,
    );
  }
  const roles = (text.match(/Type: AWS::IAM::Role/g) ?? []).length;
  if (policies === 0) throw new Error(`no policy read from the ${bytes}-byte template`);
  const readMs = median(read);
  const validateMs = median(validate);
  return { bytes: text.length, roles, policies, readMs, validateMs, firstDiagnosticsMs: readMs + validateMs, completionCachedP95: percentile(cached, 95), completionAfterEditP95: percentile(afterEdit, 95) };
}
