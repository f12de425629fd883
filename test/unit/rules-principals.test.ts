import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LanguageSettings } from '../../server/src/core/types';
import { findings, fixOf, foundOf } from '../helpers/core';

const found = foundOf;
const fix = fixOf;

const trust = (principal: string, extra = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole"${extra}}]}`;
const bucket = (principal: string, extra = '', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"${extra}}]}`;

describe('invalid-principal', () => {
  it('reports unknown principal types, with a case fix', () => {
    assert.deepEqual(found('invalid-principal', trust('{"Aws": "123456789012"}')), ['invalid-principal: "Aws"']);
    const after = fix('invalid-principal', trust('{"|Aws": "123456789012"}'), "Change to 'AWS'");
    assert.equal(after, trust('{"AWS": "123456789012"}'));
  });

  it('reports groups, instance profiles, wildcards in ARNs, bad accounts and bare strings', () => {
    const text = trust(
      '{"AWS": ["arn:aws:iam::123456789012:group/Admins", "arn:aws:iam::123456789012:instance-profile/web", "arn:aws:iam::123456789012:role/*", "12345", "arn:aws:iam::12345:root", "alice"]}',
    );
    assert.deepEqual(found('invalid-principal', text), [
      'invalid-principal: "arn:aws:iam::123456789012:group/Admins"',
      'invalid-principal: "arn:aws:iam::123456789012:instance-profile/web"',
      'invalid-principal: "arn:aws:iam::123456789012:role/*"',
      'invalid-principal: "12345"',
      'invalid-principal: "arn:aws:iam::12345:root"',
      'invalid-principal: "alice"',
    ]);
    assert.deepEqual(found('invalid-principal', trust('"arn:aws:iam::123456789012:root"')), ['invalid-principal: "arn:aws:iam::123456789012:root"']);
    assert.deepEqual(found('invalid-principal', trust('{"Service": "lambda"}')), ['invalid-principal: "lambda"']);
    assert.deepEqual(found('invalid-principal', trust('{"CanonicalUser": "abc"}')), ['invalid-principal: "abc"']);
  });

  it('accepts every valid principal form', () => {
    const text = trust(
      '{"AWS": ["*", "123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/path/alice", "arn:aws-cn:iam::123456789012:role/r", "arn:aws:sts::123456789012:assumed-role/r/session", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE"], "Service": ["lambda.amazonaws.com", "ec2.amazonaws.com.cn"], "Federated": ["arn:aws:iam::123456789012:saml-provider/Okta", "accounts.google.com", "cognito-identity.amazonaws.com"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}',
    );
    assert.deepEqual(found('invalid-principal', text), []);
    assert.deepEqual(found('invalid-principal', trust('"*"')), []);
  });
});

describe('deleted-principal', () => {
  it('warns on role and user unique IDs', () => {
    assert.deepEqual(found('deleted-principal', trust('{"AWS": ["AROAEXAMPLEID12345678", "arn:aws:iam::123456789012:role/r"]}')), [
      'deleted-principal: "AROAEXAMPLEID12345678"',
    ]);
    assert.deepEqual(found('deleted-principal', trust('{"AWS": "123456789012"}')), []);
  });
});

describe('principal-in-identity-policy', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}';
  it('reports Principal in identity policies and SCPs', () => {
    assert.deepEqual(found('principal-in-identity-policy', text, { policyType: 'identity' }), ['principal-in-identity-policy: "Principal"']);
    assert.deepEqual(found('principal-in-identity-policy', text, { policyType: 'scp' }), ['principal-in-identity-policy: "Principal"']);
  });
  it('is silent for resource policies, RCPs and inferred types', () => {
    assert.deepEqual(found('principal-in-identity-policy', text, { policyType: 'resource' }), []);
    assert.deepEqual(found('principal-in-identity-policy', text, { policyType: 'rcp' }), []);
    assert.deepEqual(found('principal-in-identity-policy', text), []);
  });
});

describe('missing-principal', () => {
  it('reports statements without a principal in trust and resource policies', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}, {"Effect": "Allow", "Action": "sts:AssumeRole"}]}';
    assert.deepEqual(found('missing-principal', text), ['missing-principal: "Effect": "Allow"']);
    assert.deepEqual(found('missing-principal', '{"Statement": [{"Action": "s3:GetObject"}]}', { policyType: 'resource' }), ['missing-principal: {']);
  });
  it('is silent in identity policies and with NotPrincipal', () => {
    assert.deepEqual(found('missing-principal', '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'), []);
    assert.deepEqual(found('missing-principal', bucket('{"AWS": "123456789012"}').replace('"Principal"', '"NotPrincipal"'), { policyType: 'resource' }), []);
  });
});

describe('unknown-service-principal', () => {
  it('hints at principals that are not known', () => {
    assert.deepEqual(found('unknown-service-principal', trust('{"Service": ["lamda.amazonaws.com", "lambda.amazonaws.com"]}')), [
      'unknown-service-principal: "lamda.amazonaws.com"',
    ]);
  });
  it('knows reviewed, regional and extracted principals', () => {
    assert.deepEqual(found('unknown-service-principal', trust('{"Service": ["logs.eu-west-1.amazonaws.com", "vpc-flow-logs.amazonaws.com", "ecs-tasks.amazonaws.com"]}')), []);
    // Documented principals that no managed policy names: S3 server access logging, notification topics.
    assert.deepEqual(found('unknown-service-principal', trust('{"Service": ["logging.s3.amazonaws.com", "codestar-notifications.amazonaws.com", "storage-lens.s3tables.amazonaws.com"]}')), []);
  });
});

describe('public-principal', () => {
  it('reports "*" and {"AWS": "*"} in an Allow without a restricting condition', () => {
    assert.deepEqual(found('public-principal', bucket('"*"')), ['public-principal: "*"']);
    assert.deepEqual(found('public-principal', bucket('{"AWS": ["*"]}')), ['public-principal: "*"']);
  });

  it('is silent for Deny, restricting conditions and named principals', () => {
    assert.deepEqual(found('public-principal', bucket('"*"', '', 'Deny')), []);
    assert.deepEqual(found('public-principal', bucket('"*"', ', "Condition": {"StringEquals": {"aws:principalorgid": "o-exampleorgid"}}')), []);
    assert.deepEqual(found('public-principal', bucket('"*"', ', "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}')), []);
    assert.deepEqual(found('public-principal', bucket('{"AWS": "123456789012"}')), []);
  });

  it('adds an aws:PrincipalOrgID condition, as a new element or into an existing one', () => {
    assert.equal(
      fix('public-principal', bucket('"|*"'), 'Restrict to your organization (aws:PrincipalOrgID)'),
      bucket('"*"', ', "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}'),
    );
    assert.equal(
      fix('public-principal', bucket('"|*"', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}}'), 'Restrict to calls on behalf of your account (aws:SourceAccount)'),
      bucket('"*"', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}'),
    );
  });

  it('keeps the layout of a multi-line statement, CRLF included', () => {
    const before = ['{', '  "Statement": {', '    "Effect": "Allow",', '    "Principal": "|*",', '    "Action": "s3:GetObject",', '    "Resource": "arn:aws:s3:::b/*"', '  }', '}'];
    const after = [
      '{',
      '  "Statement": {',
      '    "Effect": "Allow",',
      '    "Principal": "*",',
      '    "Action": "s3:GetObject",',
      '    "Resource": "arn:aws:s3:::b/*",',
      '    "Condition": {',
      '      "StringEquals": {',
      '        "aws:PrincipalOrgID": "o-exampleorgid"',
      '      }',
      '    }',
      '  }',
      '}',
    ];
    const title = 'Restrict to your organization (aws:PrincipalOrgID)';
    assert.equal(fix('public-principal', before.join('\n'), title), after.join('\n'));
    assert.equal(fix('public-principal', before.join('\r\n'), title), after.join('\r\n'));
  });
});

describe('oidc-trust-without-sub', () => {
  const github = (condition: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ${condition}}]}`;

  it('reports a web-identity trust without a :sub condition', () => {
    assert.deepEqual(found('oidc-trust-without-sub', github('{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}')), [
      'oidc-trust-without-sub: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"',
    ]);
  });

  it('is silent when the subject is restricted, and for SAML providers', () => {
    assert.deepEqual(found('oidc-trust-without-sub', github('{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*"}}')), []);
    assert.deepEqual(found('oidc-trust-without-sub', trust('{"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}').replace('sts:AssumeRole', 'sts:AssumeRoleWithSAML')), []);
  });

  it('adds the :sub condition with a placeholder', () => {
    const before = github('{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}').replace('"arn:aws:iam::123456789012:oidc', '"|arn:aws:iam::123456789012:oidc');
    assert.equal(
      fix('oidc-trust-without-sub', before, "Add a 'token.actions.githubusercontent.com:sub' condition"),
      github('{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:OWNER/REPOSITORY:*"}}'),
    );
  });
});

describe('trust-missing-action', () => {
  const trustPolicy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });
  const missing = (statement: Record<string, unknown>, settings?: LanguageSettings) =>
    findings(trustPolicy(statement), settings ?? { policyType: 'trust' }).filter((f) => f.startsWith('trust-missing-action: '));
  const anywhere = { Principal: { Service: 'rolesanywhere.amazonaws.com' } };

  it('asks IAM Roles Anywhere trusts for sts:SetSourceIdentity and sts:TagSession beside sts:AssumeRole', () => {
    assert.deepEqual(missing({ ...anywhere, Action: 'sts:AssumeRole' }), ['trust-missing-action: "Action"']);
    assert.deepEqual(missing({ ...anywhere, Action: ['sts:AssumeRole', 'sts:TagSession'] }), ['trust-missing-action: "Action"']);
    assert.deepEqual(missing({ ...anywhere, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'] }), []);
    assert.deepEqual(missing({ ...anywhere, Action: 'sts:*' }), []);
    assert.deepEqual(missing({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), []);
  });

  it('asks for the action that sets a condition key the statement must see', () => {
    const account = { Principal: { AWS: 'arn:aws:iam::111122223333:root' } };
    assert.deepEqual(missing({ ...account, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:SourceIdentity': 'alice-*' } } }), ['trust-missing-action: "sts:SourceIdentity"']);
    assert.deepEqual(missing({ ...account, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { StringLike: { 'sts:SourceIdentity': 'alice-*' } } }), []);
    // A condition that holds without the key does not need it.
    assert.deepEqual(missing({ ...account, Action: 'sts:AssumeRole', Condition: { StringLikeIfExists: { 'sts:SourceIdentity': 'alice-*' } } }), []);
    assert.deepEqual(missing({ ...account, Action: 'sts:AssumeRole', Condition: { Null: { 'sts:SourceIdentity': 'true' } } }), []);
    assert.deepEqual(missing({ ...account, Action: 'sts:AssumeRole', Condition: { 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['team'] } } }), ['trust-missing-action: "sts:TransitiveTagKeys"']);
    // Not a trust policy: not judged.
    assert.deepEqual(missing({ Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'sts:SourceIdentity': 'a' } } }, {}), []);
  });
});

describe('service-principal-without-source', () => {
  const queue = (principal: string, extra = '') =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:444455556666:orders"${extra}}]}`;

  it('reports a service principal in a resource-based Allow without a source condition, with a fix that names the resource\'s account', () => {
    assert.deepEqual(found('service-principal-without-source', queue('{"Service": ["sns.amazonaws.com", "events.amazonaws.com"]}')), [
      'service-principal-without-source: "sns.amazonaws.com"',
      'service-principal-without-source: "events.amazonaws.com"',
    ]);
    const after = fix('service-principal-without-source', queue('{"Service": "|sns.amazonaws.com"}'), 'Allow it only for account 444455556666 (aws:SourceAccount)');
    assert.match(after, /"Condition": \{\s*"StringEquals": \{\s*"aws:SourceAccount": "444455556666"/);
    // An S3 ARN names no account: the setting's, else the documented example account.
    const s3 = fix('service-principal-without-source', bucket('{"Service": "|cloudtrail.amazonaws.com"}'), 'Allow it only for account 123456789012 (aws:SourceAccount)', { defaultAccountId: '123456789012' });
    assert.match(s3, /"aws:SourceAccount": "123456789012"/);
  });

  it('accepts source conditions, encryption-context guards, Deny statements, trust policies and other principals', () => {
    for (const condition of [
      ', "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:444455556666:t"}}',
      ', "Condition": {"StringEquals": {"AWS:SourceAccount": "444455556666"}}',
      ', "Condition": {"StringEquals": {"aws:SourceOrgID": "o-exampleorgid"}}',
      ', "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:444455556666:*"}}',
    ]) {
      assert.deepEqual(found('service-principal-without-source', queue('{"Service": "sns.amazonaws.com"}', condition)), [], condition);
    }
    assert.deepEqual(found('service-principal-without-source', bucket('{"Service": "cloudtrail.amazonaws.com"}', '', 'Deny')), []);
    // A look before the write (AWS's own templates leave it open), and ELB's documented log-delivery principal.
    assert.deepEqual(found('service-principal-without-source', bucket('{"Service": "delivery.logs.amazonaws.com"}').replace('"s3:GetObject"', '["s3:GetBucketAcl", "s3:ListBucket"]')), []);
    assert.deepEqual(found('service-principal-without-source', bucket('{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}')), []);
    assert.deepEqual(found('service-principal-without-source', trust('{"Service": "lambda.amazonaws.com"}')), []);
    assert.deepEqual(found('service-principal-without-source', queue('{"AWS": "arn:aws:iam::444455556666:root"}')), []);
  });
});

describe('principal-key-for-service', () => {
  const logs = (condition: string, principal = '{"Service": "delivery.logs.amazonaws.com"}') =>
    bucket(principal, `, "Condition": ${condition}`);

  it('reports a principal key that must match in an Allow to service principals only, with a fix to the source key', () => {
    assert.deepEqual(found('principal-key-for-service', logs('{"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid", "aws:PrincipalAccount": "111122223333"}}')), [
      'principal-key-for-service: "aws:PrincipalOrgID"',
      'principal-key-for-service: "aws:PrincipalAccount"',
    ]);
    const after = fix('principal-key-for-service', logs('{"StringEquals": {"|aws:PrincipalOrgID": "o-exampleorgid"}}'), 'Use aws:SourceOrgID');
    assert.equal(after, logs('{"StringEquals": {"aws:SourceOrgID": "o-exampleorgid"}}'));
  });

  it('accepts conditions that hold without the key, principals that carry it, and Deny statements', () => {
    for (const condition of [
      '{"StringNotEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}',
      '{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-exampleorgid"}}',
      '{"Null": {"aws:PrincipalOrgID": "true"}}',
      '{"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a/*"}}',
    ]) {
      assert.deepEqual(found('principal-key-for-service', logs(condition)), [], condition);
    }
    assert.deepEqual(found('principal-key-for-service', logs('{"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}', '{"Service": "delivery.logs.amazonaws.com", "AWS": "arn:aws:iam::111122223333:root"}')), []);
    assert.deepEqual(found('principal-key-for-service', logs('{"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}', '"*"')), []);
  });
});
