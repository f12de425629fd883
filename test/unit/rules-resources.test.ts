import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findings, validate } from '../helpers/core';

const only = (code: string, text: string) => findings(text).filter((f) => f.startsWith(`${code}: `));
const policy = (action: string, resource: string, effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}}]}`;
const message = (code: string, text: string) => {
  const m = validate(text).find((d) => d.code === code)?.message;
  return typeof m === 'string' ? m : m?.value;
};

describe('invalid-arn', () => {
  it('reports malformed ARNs, unknown partitions and bad accounts', () => {
    const resources = '["my-bucket", "arn:aws:s3::my-bucket/*", "arn:amazon:s3:::b", "arn:aws:iam::12345:role/x", "ARN:aws:s3:::b", "arn:aws:s3:::", "arn:aws:s3:::b/${aws:username", 7]';
    assert.deepEqual(only('invalid-arn', policy('"s3:GetObject"', resources)), [
      'invalid-arn: 7',
      'invalid-arn: "my-bucket"',
      'invalid-arn: "arn:aws:s3::my-bucket/*"',
      'invalid-arn: "arn:amazon:s3:::b"',
      'invalid-arn: "arn:aws:iam::12345:role/x"',
      'invalid-arn: "ARN:aws:s3:::b"',
      'invalid-arn: "arn:aws:s3:::"',
      'invalid-arn: "arn:aws:s3:::b/${aws:username"',
    ]);
    assert.match(message('invalid-arn', policy('"s3:GetObject"', '"arn:amazon:s3:::b"')) ?? '', /Unknown partition 'amazon'/);
  });

  it('accepts wildcards, policy variables, the aws account and every partition', () => {
    const resources = [
      '*',
      'arn:aws:s3:::b/${aws:username}/*',
      'arn:aws-cn:s3:::b',
      'arn:aws-us-gov:iam::111122223333:role/x',
      'arn:aws-iso-b:s3:::b',
      'arn:aws-eusc:s3:::b',
      'arn:*:iam::*:role/*',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::${aws:PrincipalAccount}:role/x',
      'arn:aws:organizations::*:',
      'arn:aws:*',
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*',
    ];
    assert.deepEqual(only('invalid-arn', policy('"s3:GetObject"', JSON.stringify(resources))), []);
  });
});

describe('resource-mismatch', () => {
  it('reports ARNs that none of the actions can use', () => {
    assert.deepEqual(only('resource-mismatch', policy('"s3:ListAllMyBuckets"', '"arn:aws:s3:::my-bucket"')), ['resource-mismatch: "arn:aws:s3:::my-bucket"']);
    assert.equal(message('resource-mismatch', policy('"s3:ListAllMyBuckets"', '"arn:aws:s3:::my-bucket"')), `'s3:ListAllMyBuckets' only supports "Resource": "*"; this ARN grants nothing.`);
    // An object action on a bucket ARN.
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "s3:PutObject"]', '"arn:aws:s3:::my-bucket"')), ['resource-mismatch: "arn:aws:s3:::my-bucket"']);
    // An ARN that fits no resource type of its namespace at all, wildcards or not.
    assert.deepEqual(only('resource-mismatch', policy('"logs:GetLogEvents"', '"arn:aws:logs:us-east-1:111122223333:/aws-glue/x"')), [
      'resource-mismatch: "arn:aws:logs:us-east-1:111122223333:/aws-glue/x"',
    ]);
  });

  it('is conservative: any fitting action, wildcards that may match, other services and action wildcards clear it', () => {
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "s3:ListBucket"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('"s3:GetObject"', '"arn:aws:s3:::my-*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('"logs:GetLogEvents"', '"arn:aws:logs:*:*:/aws-glue/*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "iam:GetRole"]', '["arn:aws:s3:::b/k", "arn:aws:iam::111122223333:role/r"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('"*"', '"arn:aws:s3:::b"')), []);
    // API Gateway V1 and V2 share the apigateway namespace.
    assert.deepEqual(only('resource-mismatch', policy('"apigateway:GET"', '"arn:aws:apigateway:us-east-1::/apis"')), []);
  });
});

describe('resource-star', () => {
  it('reports Resource "*" with actions that could be scoped, counting them', () => {
    const text = policy('["s3:GetObject", "s3:PutObject", "s3:ListAllMyBuckets"]', '"*"');
    assert.deepEqual(only('resource-star', text), ['resource-star: "*"']);
    assert.equal(message('resource-star', text), '"Resource": "*" while 2 of the 3 actions support resource-level permissions; consider naming the resources.');
  });

  it('never reports actions that only take "*", Deny, or specific resources', () => {
    assert.deepEqual(only('resource-star', policy('["ecr:GetAuthorizationToken", "s3:ListAllMyBuckets"]', '"*"')), []);
    assert.deepEqual(only('resource-star', policy('"s3:GetObject"', '"*"', 'Deny')), []);
    assert.deepEqual(only('resource-star', policy('"s3:GetObject"', '"arn:aws:s3:::b/*"')), []);
  });
});
