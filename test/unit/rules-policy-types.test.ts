import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, findings, service, validate } from '../helpers/core';

const codes = (text: string, settings?: Parameters<typeof findings>[1]) => findings(text, settings).map((f) => f.split(':')[0]);

describe('policy types that set a ceiling grant nothing', () => {
  const fullAccess = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
  const allowList = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:*", "lambda:UpdateFunctionCode"], "Resource": "*"}]}';

  it('stays silent on the default SCP, permissions boundaries and session policies', () => {
    for (const policyType of ['scp', 'boundary', 'session'] as const) {
      assert.deepEqual(findings(fullAccess, { policyType }), [], policyType);
      assert.deepEqual(findings(allowList, { policyType }), [], policyType);
    }
  });

  it('stays silent on the default RCP, whose principal must be "*"', () => {
    const rcp = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}';
    assert.deepEqual(findings(rcp, { policyType: 'rcp' }), []);
  });

  it('still warns on the same statements in an identity policy', () => {
    assert.deepEqual(findings(fullAccess), ['full-admin: "*"']);
    assert.ok(codes(allowList).includes('service-wildcard'));
    assert.ok(codes(allowList).includes('privilege-escalation'));
  });
});

describe('resource policies', () => {
  it('accept an ECR repository policy without Resource', () => {
    const ecr = `{"Version": "2012-10-17", "Statement": [{"Sid": "LambdaPull", "Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      "Condition": {"StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:111122223333:function:*"}}}]}`;
    assert.deepEqual(findings(ecr), []);
    const s3 = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject"}]}';
    assert.deepEqual(codes(s3), ['missing-resource']);
  });

  it('accept the default KMS key policy (the account root with kms:* on "*")', () => {
    const key = `{"Version": "2012-10-17", "Statement": [{"Sid": "EnableIAMUserPermissions", "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`;
    assert.deepEqual(findings(key), []);
    const toRole = key.replace(':root', ':role/KeyUser');
    assert.deepEqual(findings(toRole), ['service-wildcard: "kms:*"']);
  });
});

describe('resource-mismatch', () => {
  it('accepts AWS-owned SSM public parameters, which have no account', () => {
    const ssm = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/*"}]}';
    assert.deepEqual(findings(ssm), []);
    const wrong = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:us-east-1:111122223333:document/x"}]}';
    assert.deepEqual(codes(wrong), ['resource-mismatch']);
  });
});

describe('privilege-escalation respects what the policy pins down', () => {
  it('accepts PassRole of one named role for EC2 launches', () => {
    const text = `{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/WebServerInstanceRole"},
      {"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:AssociateIamInstanceProfile"], "Resource": "*"}]}`;
    assert.equal(codes(text).includes('privilege-escalation'), false);
    assert.ok(codes(text.replace('role/WebServerInstanceRole', 'role/*')).includes('privilege-escalation'));
  });

  it('accepts the documented delegation pattern with a fixed permissions boundary', () => {
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      "Resource": "arn:aws:iam::111122223333:role/dev-*",
      "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/DevBoundary"}}}]}`;
    assert.equal(codes(text).includes('privilege-escalation'), false);
    assert.ok(codes(text.replace('"iam:PermissionsBoundary"', '"aws:RequestedRegion"')).includes('privilege-escalation'));
  });
});

describe('duplicate-key', () => {
  it('reports a repeated key on the repeat, with the first as related information', () => {
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}`;
    const found = validate(text).filter((d) => d.code === 'duplicate-key');
    assert.deepEqual(found.map((d) => d.text), ['"StringEquals"']);
    assert.equal(found[0].range.start.line, 1);
    assert.equal(found[0].range.start.character, text.split('\n')[1].lastIndexOf('"StringEquals"'));
    assert.equal(found[0].relatedInformation?.[0].message, "First 'StringEquals'");
  });

  it('is silent when the same key appears in different objects', () => {
    const text = `{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`;
    assert.deepEqual(findings(text), []);
  });
});

describe('json-syntax in .jsonc files', () => {
  const text = `{
  // Read access for the reporting job
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",},]
}`;

  it('accepts the comments and trailing commas a .jsonc file chose', () => {
    const document = doc(text, 'file:///policies/reports.jsonc');
    assert.deepEqual(service.doValidation(document, service.parsePolicy(document)), []);
  });

  it('still reports them in a .json file, and real syntax errors everywhere', () => {
    assert.deepEqual(codes(text), ['json-syntax', 'json-syntax', 'json-syntax']);
    const broken = doc('{"Version": "2012-10-17" "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}', 'file:///policies/broken.jsonc');
    assert.deepEqual(service.doValidation(broken, service.parsePolicy(broken)).map((d) => d.code), ['json-syntax']);
  });
});

describe('redundant-action and unknown actions', () => {
  it('leaves a misspelt action covered by a wildcard to unknown-action', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "s3:GetObjekt", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]}';
    const found = findings(text).filter((f) => !f.startsWith('service-wildcard'));
    assert.deepEqual(found, ['unknown-action: "s3:GetObjekt"', 'redundant-action: "s3:GetObject"']);
  });
});
