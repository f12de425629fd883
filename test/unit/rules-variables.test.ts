// Policy variables where IAM never replaces them (Access Analyzer's VARIABLE_UNSUPPORTED_IN_ELEMENT):
// reported by invalid-policy-variable at the variable, in standalone policies, CloudFormation
// templates and Terraform files; the placeholders of those hosts are computed values, never IAM's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadHclParser } from '../../server/src/common/hcl';
import { getBundledCatalog, getIamLanguageService, type HclParser } from '../../server/src/core';
import { foundOf, validate } from '../helpers/core';

const CODE = 'invalid-policy-variable';
const found = (text: string, settings?: Parameters<typeof foundOf>[2]) => foundOf(CODE, text, settings);

const statement = (body: string, version = '2012-10-17') => `{"Version": "${version}", "Statement": [{${body}}]}`;
const bucket = (principal: string, action = '"s3:GetObject"') =>
  statement(`"Effect": "Allow", "Principal": ${principal}, "Action": ${action}, "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"`);

describe('invalid-policy-variable: variables in elements IAM takes literally', () => {
  it('reports a variable in every kind of principal, at the variable', () => {
    const text = bucket(
      `{"AWS": ["arn:aws:iam::111122223333:role/\${aws:username}", "arn:aws:iam::\${aws:PrincipalAccount}:root"],
        "Service": "\${aws:username}.amazonaws.com",
        "Federated": "arn:aws:iam::111122223333:oidc-provider/\${aws:PrincipalTag/idp}",
        "CanonicalUser": "\${aws:userid}"}`,
    );
    assert.deepEqual(found(text), [
      `${CODE}: \${aws:username}`,
      `${CODE}: \${aws:PrincipalAccount}`,
      `${CODE}: \${aws:username}`,
      `${CODE}: \${aws:PrincipalTag/idp}`,
      `${CODE}: \${aws:userid}`,
    ]);
    const [message] = validate(text).filter((d) => d.code === CODE).map((d) => d.message);
    assert.equal(
      message,
      "Policy variables are replaced only in Resource and Condition values: '${aws:username}' in Principal is taken literally; name the principal, or match the caller with a condition instead.",
    );
  });

  it('reports a bare principal string and NotPrincipal, naming the element', () => {
    const text = statement('"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/${aws:username}"}, "Action": "s3:*", "Resource": "*"');
    assert.deepEqual(found(text), [`${CODE}: \${aws:username}`]);
    assert.match(String(validate(text).find((d) => d.code === CODE)?.message), /'\$\{aws:username\}' in NotPrincipal is taken literally/);
    assert.deepEqual(found(bucket('"${aws:PrincipalAccount}"')), [`${CODE}: \${aws:PrincipalAccount}`]);
  });

  it('reports Action and NotAction, the escapes and a variable with a default value whole', () => {
    const text = statement('"Effect": "Allow", "Action": ["s3:${aws:PrincipalTag/verb}Object", "s3:Get${*}", "s3:GetObject"], "Resource": "*"');
    assert.deepEqual(found(text), [`${CODE}: \${aws:PrincipalTag/verb}`, `${CODE}: \${*}`]);
    assert.match(String(validate(text).find((d) => d.code === CODE)?.message), /in Action is taken literally; write the action out/);
    const not = statement(`"Effect": "Deny", "NotAction": ["iam:\${?}", "s3:\${aws:username, 'Get'}Object"], "Resource": "*"`);
    assert.deepEqual(found(not), [`${CODE}: \${?}`, `${CODE}: \${aws:username, 'Get'}`]);
  });

  it('reports each variable of a value, and one written with another case', () => {
    assert.deepEqual(found(bucket('{"AWS": "arn:aws:iam::${aws:PrincipalAccount}:role/${AWS:UserName}"}')), [
      `${CODE}: \${aws:PrincipalAccount}`,
      `${CODE}: \${AWS:UserName}`,
    ]);
  });

  it('reports a Sid where the Sid is free text; in IAM policies invalid-sid has it', () => {
    const resource = statement('"Sid": "Read-${aws:username}", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"');
    assert.deepEqual(found(resource), [`${CODE}: \${aws:username}`]);
    assert.match(String(validate(resource).find((d) => d.code === CODE)?.message), /in Sid is taken literally; a Sid is only a label/);
    const identity = statement('"Sid": "Read${aws:username}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"');
    assert.deepEqual(
      validate(identity).filter((d) => d.code === CODE || d.code === 'invalid-sid').map((d) => d.code),
      ['invalid-sid'],
    );
  });

  it('leaves Effect and Version to invalid-effect and invalid-version, which name the values they take', () => {
    const effect = statement('"Effect": "${aws:PrincipalTag/effect}", "Action": "s3:GetObject", "Resource": "*"');
    assert.deepEqual(found(effect), []);
    assert.ok(validate(effect).some((d) => d.code === 'invalid-effect'));
    const version = statement('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"', '${aws:username}');
    assert.deepEqual(found(version), []);
    assert.ok(validate(version).some((d) => d.code === 'invalid-version'));
  });
});

describe('invalid-policy-variable: where variables are replaced, and placeholders of other tools', () => {
  it('is silent for variables and escapes in Resource, NotResource and condition values', () => {
    const text = statement(
      `"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/home/\${aws:username}/*", "arn:aws:s3:::amzn-s3-demo-bucket/\${*}"],
       "Condition": {"StringLike": {"s3:prefix": ["home/\${aws:username}/*", "literal\${?}\${$}"]}, "ArnEquals": {"aws:SourceArn": "arn:aws:iam::\${aws:PrincipalAccount}:root"}}`,
    );
    assert.deepEqual(found(text), []);
    const notResource = statement('"Effect": "Deny", "Action": "s3:DeleteObject", "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/${aws:userid}/*"');
    assert.deepEqual(found(notResource), []);
  });

  it('leaves placeholders that are not policy variables to the element rules', () => {
    const text = bucket('{"AWS": ["arn:aws:iam::${ACCOUNT_ID}:root", "arn:aws:iam::${AWS::AccountId}:root"]}', '"s3:${ACTION}"');
    assert.deepEqual(found(text), []);
    assert.deepEqual(
      validate(text).filter((d) => d.code === 'invalid-principal').map((d) => d.text),
      ['"arn:aws:iam::${ACCOUNT_ID}:root"', '"arn:aws:iam::${AWS::AccountId}:root"'],
    );
  });

  it('is silent for a clean principal, action and Sid', () => {
    const text = statement('"Sid": "ReadOwnObjects", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Reader"}, "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/${aws:userid}/*"');
    assert.deepEqual(found(text), []);
  });
});

/** The findings of a host document, as `code: covered text` in the host's own text. */
function hostFindings(service: ReturnType<typeof getIamLanguageService>, uri: string, languageId: string, text: string): string[] {
  const document = TextDocument.create(uri, languageId, 1, text);
  const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  return embedded.doValidation().map((d) => `${d.code}: ${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}`);
}

describe('invalid-policy-variable in CloudFormation templates', () => {
  const service = getIamLanguageService({ catalog: getBundledCatalog() });
  const template = (principal: string, resource = "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'") => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: !Sub 'Read\${AWS::StackName}'
            Effect: Allow
            Principal:
              AWS: ${principal}
            Action: s3:GetObject
            Resource: ${resource}
`;
  const onTemplate = (principal: string, resource?: string) => hostFindings(service, 'file:///templates/bucket.yaml', 'yaml', template(principal, resource));

  it('never reads a !Sub reference as a policy variable', () => {
    assert.deepEqual(onTemplate("!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'"), []);
    assert.deepEqual(onTemplate("!Sub 'arn:aws:iam::${TrustedAccount}:role/${RoleName}'"), []);
  });

  it('reports an escaped ${!aws:...}, which IAM receives as a variable, in a principal', () => {
    assert.deepEqual(onTemplate("!Sub 'arn:aws:iam::${AWS::AccountId}:role/${!aws:username}-reader'"), [`${CODE}: \${!aws:username}`]);
  });

  it('leaves an unescaped variable in a Resource !Sub to unescaped-sub-variable', () => {
    assert.deepEqual(onTemplate("!Sub 'arn:aws:iam::${AWS::AccountId}:root'", "!Sub 'arn:aws:s3:::${Bucket}/home/${aws:username}/*'"), [
      'unescaped-sub-variable: ${aws:username}',
    ]);
  });
});

describe('invalid-policy-variable in Terraform', () => {
  let hcl: HclParser | undefined;
  const service = getIamLanguageService({ catalog: getBundledCatalog(), hcl: () => hcl });
  before(async () => {
    hcl = await loadHclParser(readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm'), readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  });
  const onTerraform = (text: string) => hostFindings(service, 'file:///tf/bucket.tf', 'terraform', text).filter((f) => f.startsWith(`${CODE}: `));

  it('never reads an interpolation as a policy variable, and reports a $${...} that IAM receives', () => {
    const text = `resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::\${var.account_id}:root", "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/$\${aws:username}-reader"] }
      Action    = "s3:\${var.verb}Object"
      Resource  = "\${aws_s3_bucket.b.arn}/home/$\${aws:username}/*"
    }]
  })
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${var.account_id}:root"]
    }
  }
}
`;
    assert.deepEqual(onTerraform(text), [`${CODE}: $\${aws:username}`]);
  });
});
