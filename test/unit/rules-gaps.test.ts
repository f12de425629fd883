// Access Analyzer checks outside conditions that earlier rules missed or covered in part:
// patterns that amount to "*", empty Sids and Regions, federated principals outside trust
// policies, RCP syntax, GitHub OIDC subjects and audiences, and redundancy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LanguageSettings } from '../../server/src/core/types';
import { codeActions, fixOf, foundOf, validate } from '../helpers/core';

const found = foundOf;
const fix = fixOf;

/** The messages of one code's findings. */
function validateMessages(text: string, code: string, settings?: LanguageSettings): string[] {
  return validate(text, settings)
    .filter((d) => d.code === code)
    .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

/** No quick fix for `code` at the marker. */
function noFix(code: string, marked: string, settings?: LanguageSettings): void {
  const { actions } = codeActions(marked, settings);
  assert.deepEqual(actions.filter((a) => a.diagnostics?.some((d) => d.code === code)).map((a) => a.title), []);
}

const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const allow = (action: string, resource: string, extra = '') => `{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}${extra}}`;

describe('passrole-star: patterns that amount to "*"', () => {
  it('counts every-role patterns in any partition as "*"', () => {
    for (const resource of ['"arn:aws:iam::*:role/*"', '"arn:*:iam::*:role/*"', '"arn:aws:iam::*:*"', '"arn:aws:iam::*:role*"', '["arn:aws:iam::111122223333:role/app", "arn:aws-cn:iam::*:role/*"]']) {
      assert.deepEqual(found('passrole-star', policy(allow('"iam:PassRole"', resource))), ['passrole-star: "iam:PassRole"'], resource);
    }
  });

  it('names the pattern and says a service condition does not narrow the roles', () => {
    const text = policy(allow('["iam:PassRole"]', '"arn:aws:iam::*:role/*"', ', "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}'));
    const [message] = validateMessages(text, 'passrole-star');
    assert.match(message, /'arn:aws:iam::\*:role\/\*' \(every role\)/);
    assert.match(message, /iam:PassedToService limits the services, not the roles/);
  });

  it('reports Action "*" on every role, and leaves Action "*" on "*" to full-admin', () => {
    assert.deepEqual(found('passrole-star', policy(allow('"*"', '"arn:aws:iam::*:role/*"'))), ['passrole-star: "*"']);
    assert.deepEqual(found('passrole-star', policy(allow('"*"', '"*"'))), []);
  });

  it('leaves alone one account\'s roles, a path of roles and other resource types', () => {
    for (const resource of ['"arn:aws:iam::111122223333:role/*"', '"arn:aws:iam::*:role/service/*"', '"arn:aws:iam::*:user/*"', '"arn:aws:iam::*:role/aws-service-role/*"']) {
      assert.deepEqual(found('passrole-star', policy(allow('"iam:PassRole"', resource))), [], resource);
    }
  });
});

describe('create-slr-star: patterns that amount to "*"', () => {
  it('counts every service-linked role as "*"', () => {
    for (const resource of ['"arn:aws:iam::*:role/aws-service-role/*"', '"arn:aws:iam::*:role/*"', '"arn:*:iam::*:*"']) {
      assert.deepEqual(found('create-slr-star', policy(allow('"iam:CreateServiceLinkedRole"', resource))), ['create-slr-star: "iam:CreateServiceLinkedRole"'], resource);
    }
    assert.match(validateMessages(policy(allow('"iam:CreateServiceLinkedRole"', '"arn:aws:iam::*:role/aws-service-role/*"')), 'create-slr-star')[0], /every service-linked role/);
  });

  it('leaves alone one service\'s role, one account and a service-name condition', () => {
    for (const resource of ['"arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*"', '"arn:aws:iam::111122223333:role/aws-service-role/*"']) {
      assert.deepEqual(found('create-slr-star', policy(allow('"iam:CreateServiceLinkedRole"', resource))), [], resource);
    }
    const named = allow('"iam:CreateServiceLinkedRole"', '"arn:aws:iam::*:role/aws-service-role/*"', ', "Condition": {"StringEquals": {"iam:AWSServiceName": "ecs.amazonaws.com"}}');
    assert.deepEqual(found('create-slr-star', policy(named)), []);
  });
});

describe('empty-sid', () => {
  it('reports an empty Sid in every policy type and removes it', () => {
    const text = policy('{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}');
    assert.deepEqual(found('empty-sid', text), ['empty-sid: ""']);
    assert.deepEqual(found('empty-sid', text, { policyType: 'scp' }), ['empty-sid: ""']);
    assert.equal(
      fix('empty-sid', policy('{"Sid": "|", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'), 'Remove the empty Sid'),
      policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'),
    );
  });

  it('is silent on named statements and on statements without a Sid, and is a hint, not invalid-sid', () => {
    assert.deepEqual(found('empty-sid', policy('{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}')), []);
    assert.deepEqual(found('empty-sid', policy(allow('"s3:GetObject"', '"*"'))), []);
    const text = policy('{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}');
    assert.deepEqual(found('invalid-sid', text, { policyType: 'identity' }), []);
    assert.equal(validate(text).find((d) => d.code === 'empty-sid')?.severity, 4);
  });
});

describe('invalid-arn: a Region the service requires left empty', () => {
  it('reports regional services with an empty Region, in Resource and NotResource', () => {
    const text = policy(allow('["sqs:SendMessage", "s3:GetObject"]', '["arn:aws:sqs::111122223333:queue1", "arn:aws:lambda::111122223333:function:f", "arn:aws:sqs:*:111122223333:ok"]'));
    assert.deepEqual(found('invalid-arn', text), ['invalid-arn: "arn:aws:sqs::111122223333:queue1"', 'invalid-arn: "arn:aws:lambda::111122223333:function:f"']);
    assert.match(validateMessages(text, 'invalid-arn')[0], /Every 'sqs' resource has a Region/);
    const not = '{"Effect": "Deny", "Action": "sqs:*", "NotResource": "arn:aws:sqs::111122223333:q"}';
    assert.deepEqual(found('invalid-arn', policy(not)), ['invalid-arn: "arn:aws:sqs::111122223333:q"']);
  });

  it('accepts global services, S3 buckets, mixed namespaces, wildcards, variables and unknown services', () => {
    const resources = [
      'arn:aws:iam::111122223333:role/r',
      'arn:aws:s3:::bucket/*',
      'arn:aws:cloudfront::111122223333:distribution/E1',
      'arn:aws:ec2::111122223333:ipam/ipam-1',
      'arn:aws:route53:::hostedzone/Z1',
      'arn:aws:sqs:*:111122223333:q',
      'arn:aws:sqs:${aws:RequestedRegion}:111122223333:q',
      'arn:*:sqs:us-east-1:111122223333:q',
      'arn:aws:newservice::111122223333:thing',
    ];
    assert.deepEqual(found('invalid-arn', policy(allow('"s3:GetObject"', JSON.stringify(resources)))), []);
  });
});

describe('federated-principal-in-resource-policy', () => {
  const bucket = (principal: string) =>
    policy(`{"Effect": "Allow", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}`);
  it('reports a Federated principal in a bucket policy, inferred or declared', () => {
    const text = bucket('{"Federated": "cognito-identity.amazonaws.com"}');
    assert.deepEqual(found('federated-principal-in-resource-policy', text), ['federated-principal-in-resource-policy: "Federated"']);
    assert.deepEqual(found('federated-principal-in-resource-policy', text, { policyType: 'resource' }), ['federated-principal-in-resource-policy: "Federated"']);
  });

  it('is silent in trust policies, on other principal types, and on a trust statement among others', () => {
    const trust = policy('{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}');
    assert.deepEqual(found('federated-principal-in-resource-policy', trust), []);
    assert.deepEqual(found('federated-principal-in-resource-policy', trust, { policyType: 'trust' }), []);
    assert.deepEqual(found('federated-principal-in-resource-policy', bucket('{"AWS": "arn:aws:iam::111122223333:role/r"}')), []);
    const mixed = policy(
      '{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}',
      '{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}',
    );
    assert.deepEqual(found('federated-principal-in-resource-policy', mixed), []);
  });
});

describe('rcp-element', () => {
  const rcp: LanguageSettings = { policyType: 'rcp' };
  const deny = (extra: string, principal = '"*"') => `{"Effect": "Deny", "Principal": ${principal}, "Action": "s3:*", "Resource": "*"${extra}}`;

  it('accepts RCPFullAWSAccess and a Deny on "*" narrowed by conditions', () => {
    assert.deepEqual(found('rcp-element', policy('{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}'), rcp), []);
    assert.deepEqual(found('rcp-element', policy(deny(', "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-exampleorgid"}}')), rcp), []);
  });

  it('reports another Allow, a named principal, NotPrincipal and NotAction', () => {
    assert.deepEqual(found('rcp-element', policy('{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}'), rcp), ['rcp-element: "Allow"']);
    assert.deepEqual(found('rcp-element', policy('{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}'), rcp), [
      'rcp-element: "Allow"',
    ]);
    assert.deepEqual(found('rcp-element', policy(deny('', '{"AWS": "arn:aws:iam::111122223333:root"}')), rcp), ['rcp-element: {"AWS": "arn:aws:iam::111122223333:root"}']);
    const nots = policy('{"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "NotAction": "s3:GetObject", "Resource": "*"}');
    assert.deepEqual(found('rcp-element', nots, rcp), ['rcp-element: "NotPrincipal"', 'rcp-element: "NotAction"']);
  });

  it('rewrites {"AWS": "*"} as "*", and offers nothing for a named principal', () => {
    assert.equal(fix('rcp-element', policy(deny('', '{"AWS": |"*"}')), 'Change to "Principal": "*"', rcp), policy(deny('')));
    noFix('rcp-element', policy(deny('', '{"AWS": "arn:aws:iam::111122223333:|root"}')), rcp);
  });

  it('is silent outside RCPs', () => {
    assert.deepEqual(found('rcp-element', policy('{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}')), []);
    assert.deepEqual(found('rcp-element', policy('{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}'), { policyType: 'scp' }), []);
  });
});

describe('oidc-trust-without-sub: GitHub subjects broader than one repository', () => {
  const github = (condition: string) =>
    policy(
      `{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ${condition}}`,
    );
  const aud = '"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}';

  it('reports wildcards in the owner or repository, and leading wildcards', () => {
    for (const value of ['*', 'repo:*', 'repo:my-org/*', 'repo:my-org/app-*:ref:refs/heads/main', 'repo:*/my-repo:*', 'repo*']) {
      const text = github(`{${aud}, "StringLike": {"token.actions.githubusercontent.com:sub": "${value}"}}`);
      assert.deepEqual(found('oidc-trust-without-sub', text), [`oidc-trust-without-sub: "${value}"`], value);
    }
    const list = github(`{${aud}, "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:my-org/app:*", "repo:my-org/*"]}}`);
    assert.deepEqual(found('oidc-trust-without-sub', list), ['oidc-trust-without-sub: "repo:my-org/*"']);
  });

  it('accepts one repository with any ref, branches, environments, exact values and an AND with a narrow condition', () => {
    for (const value of ['repo:my-org/my-repo:*', 'repo:my-org/my-repo:ref:refs/heads/main', 'repo:my-org/my-repo:environment:prod', 'repo:my-org/my-repo:pull_request']) {
      assert.deepEqual(found('oidc-trust-without-sub', github(`{${aud}, "StringLike": {"token.actions.githubusercontent.com:sub": "${value}"}}`)), [], value);
    }
    // Under StringEquals the star is a literal (wildcard-without-like says so), not a broad pattern.
    assert.deepEqual(found('oidc-trust-without-sub', github(`{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:my-org/*"}}`)), []);
    const both = github(
      `{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/*"}, "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:my-org/app:ref:refs/heads/main"}}`,
    );
    assert.deepEqual(found('oidc-trust-without-sub', both), []);
    // Other providers' subjects have their own shapes.
    const gitlab = policy(
      '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"gitlab.com:sub": "project_path:my-group/*"}}}',
    );
    assert.deepEqual(found('oidc-trust-without-sub', gitlab), []);
  });

  it('offers no fix for a broad subject', () => {
    noFix('oidc-trust-without-sub', github(`{${aud}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/|*"}}`));
  });
});

describe('oidc-audience-set-operator', () => {
  const trust = (condition: string) =>
    policy(
      `{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ${condition}}`,
    );
  const sub = '"StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*"}';

  it('reports ForAnyValue/ForAllValues on an audience key, with a fix when it is alone', () => {
    const text = trust(`{"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, ${sub}}`);
    assert.deepEqual(found('oidc-audience-set-operator', text), ['oidc-audience-set-operator: "token.actions.githubusercontent.com:aud"']);
    assert.equal(
      fix('oidc-audience-set-operator', trust(`{"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:|aud": "sts.amazonaws.com"}, ${sub}}`), "Change 'ForAllValues:StringEquals' to 'StringEquals'"),
      trust(`{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, ${sub}}`),
    );
    const cognito = trust('{"ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:1234", "cognito-identity.amazonaws.com:amr": "authenticated"}}');
    assert.deepEqual(found('oidc-audience-set-operator', cognito), ['oidc-audience-set-operator: "cognito-identity.amazonaws.com:aud"']);
    noFix('oidc-audience-set-operator', cognito.replace('amazonaws.com:aud', 'amazonaws.com:|aud'));
  });

  it('is silent on plain operators, other keys and service keys', () => {
    assert.deepEqual(found('oidc-audience-set-operator', trust(`{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, ${sub}}`)), []);
    assert.deepEqual(found('oidc-audience-set-operator', trust('{"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}')), []);
    assert.deepEqual(found('oidc-audience-set-operator', policy(allow('"s3:GetObject"', '"*"', ', "Condition": {"ForAnyValue:StringEquals": {"aws:aud": "x"}}'))), []);
  });
});

describe('redundant-principal', () => {
  const trust = (principals: string) => policy(`{"Effect": "Allow", "Principal": {"AWS": ${principals}}, "Action": "sts:AssumeRole"}`);

  it('reports a role or user next to its account in a trust policy, with a removal fix', () => {
    const text = trust('["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/s", "arn:aws:iam::444455556666:role/other"]');
    assert.deepEqual(found('redundant-principal', text), [
      'redundant-principal: "arn:aws:iam::111122223333:role/ci"',
      'redundant-principal: "arn:aws:sts::111122223333:assumed-role/ci/s"',
    ]);
    assert.deepEqual(found('redundant-principal', trust('["111122223333", "arn:aws:iam::111122223333:user/alice"]')), ['redundant-principal: "arn:aws:iam::111122223333:user/alice"']);
    assert.equal(
      fix('redundant-principal', trust('["111122223333", "arn:aws:iam::111122223333:|role/ci"]'), "Remove redundant principal 'arn:aws:iam::111122223333:role/ci'"),
      trust('["111122223333"]'),
    );
  });

  it('reports the same account twice and repeats in any policy', () => {
    assert.deepEqual(found('redundant-principal', trust('["111122223333", "arn:aws:iam::111122223333:root"]')), ['redundant-principal: "arn:aws:iam::111122223333:root"']);
    const bucket = policy('{"Effect": "Allow", "Principal": {"Service": ["logs.amazonaws.com", "logs.amazonaws.com"]}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}');
    assert.deepEqual(found('redundant-principal', bucket), ['redundant-principal: "logs.amazonaws.com"']);
  });

  it('keeps a same-account role next to the account in a resource policy, and principals of other accounts', () => {
    const bucket = policy('{"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/r"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}');
    assert.deepEqual(found('redundant-principal', bucket), []);
    assert.deepEqual(found('redundant-principal', trust('["111122223333", "arn:aws:iam::444455556666:role/r", "arn:aws-cn:iam::111122223333:root"]')), []);
    assert.deepEqual(found('redundant-principal', trust('["arn:aws-cn:iam::111122223333:root", "arn:aws:iam::111122223333:role/r"]')), []);
  });
});

describe('redundant-resource', () => {
  it('reports repeats and ARNs a wildcard of the same list matches, with a removal fix', () => {
    const text = policy(allow('"s3:GetObject"', '["arn:aws:s3:::logs/*", "arn:aws:s3:::logs/app/*", "arn:aws:s3:::other/x", "arn:aws:s3:::other/x"]'));
    assert.deepEqual(found('redundant-resource', text), ['redundant-resource: "arn:aws:s3:::logs/app/*"', 'redundant-resource: "arn:aws:s3:::other/x"']);
    assert.deepEqual(found('redundant-resource', policy(allow('"s3:GetObject"', '["*", "arn:aws:s3:::b/*"]'))), ['redundant-resource: "arn:aws:s3:::b/*"']);
    const not = '{"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::b*", "arn:aws:s3:::b/*"]}';
    assert.deepEqual(found('redundant-resource', policy(not)), ['redundant-resource: "arn:aws:s3:::b/*"']);
    assert.equal(
      fix('redundant-resource', policy(allow('"s3:GetObject"', '["arn:aws:s3:::logs/*", "arn:aws:s3:::logs/|app/*"]')), "Remove redundant 'arn:aws:s3:::logs/app/*'"),
      policy(allow('"s3:GetObject"', '["arn:aws:s3:::logs/*"]')),
    );
  });

  it('compares ARNs case-sensitively and keeps narrower or unrelated patterns', () => {
    assert.deepEqual(found('redundant-resource', policy(allow('"s3:GetObject"', '["arn:aws:s3:::Logs/*", "arn:aws:s3:::logs/*"]'))), []);
    assert.deepEqual(found('redundant-resource', policy(allow('"s3:GetObject"', '["arn:aws:s3:::logs/a*", "arn:aws:s3:::logs/*b"]'))), []);
    assert.deepEqual(found('redundant-resource', policy(allow('"s3:GetObject"', '["arn:aws:s3:::logs/${aws:username}/*", "arn:aws:s3:::logs/alice/x"]'))), []);
    assert.deepEqual(found('redundant-resource', policy(allow('"s3:GetObject"', '"arn:aws:s3:::logs/*"'))), []);
  });
});

describe('redundant-statement', () => {
  const read = allow('"s3:GetObject"', '"arn:aws:s3:::logs/app/*"');

  it('reports a statement covered by a broader one of the same effect, with a removal fix', () => {
    const broad = allow('["s3:Get*", "s3:List*"]', '"arn:aws:s3:::logs/*"');
    assert.deepEqual(found('redundant-statement', policy(read, broad)), ['redundant-statement: {']);
    assert.equal(fix('redundant-statement', policy(`|${read}`, broad), 'Remove the redundant statement'), policy(broad));
    // Of two equal statements, the later one.
    const text = policy(read, read.replace('{', '{"Sid": "Again", '));
    const [finding] = validate(text).filter((d) => d.code === 'redundant-statement');
    assert.equal(finding.range.start.character, text.indexOf('{"Sid": "Again"'));
    // A covering statement without a condition covers a conditional one; Deny covers Deny.
    const conditional = allow('"s3:GetObject"', '"arn:aws:s3:::logs/app/*"', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}}');
    assert.deepEqual(found('redundant-statement', policy(broad, conditional)), ['redundant-statement: {']);
    const denies = policy('{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}', '{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}');
    assert.deepEqual(found('redundant-statement', denies), ['redundant-statement: {']);
  });

  it('keeps statements that grant something more, differ in effect, principals or condition, or use Not elements', () => {
    assert.deepEqual(found('redundant-statement', policy(read, allow('"s3:PutObject"', '"arn:aws:s3:::logs/*"'))), []);
    assert.deepEqual(found('redundant-statement', policy(read, allow('"s3:GetObject"', '"arn:aws:s3:::other/*"'))), []);
    assert.deepEqual(found('redundant-statement', policy(read, read.replace('Allow', 'Deny'))), []);
    const conditional = allow('"s3:*"', '"*"', ', "Condition": {"Bool": {"aws:SecureTransport": "true"}}');
    assert.deepEqual(found('redundant-statement', policy(conditional, read)), []);
    const notAction = '{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}';
    assert.deepEqual(found('redundant-statement', policy(notAction, read)), []);
    const bucket = (principal: string) => `{"Effect": "Allow", "Principal": {"AWS": "${principal}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`;
    assert.deepEqual(found('redundant-statement', policy(bucket('111122223333'), bucket('444455556666'))), []);
    assert.deepEqual(found('redundant-statement', policy(bucket('111122223333'), bucket('111122223333'))), ['redundant-statement: {']);
  });
});
