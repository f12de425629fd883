// Findings of an audit, each fixed as a rule: trust actions judged over the whole trust policy,
// OIDC subjects that only exclude, service-name conditions that name no service, and resource
// tag conditions that the statement's actions never carry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageSettings } from '../../server/src/core/types';
import { fixOf, foundOf, service, TRUST_TEMPLATE_HEAD, validate } from '../helpers/core';

const trust: LanguageSettings = { policyType: 'trust' };
const policy = (...statements: readonly object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The messages of one code's findings. */
function messages(code: string, text: string, settings?: LanguageSettings): string[] {
  return validate(text, settings)
    .filter((d) => d.code === code)
    .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

describe('trust-missing-action: the needed action from any Allow statement for the same principal', () => {
  const found = (...statements: readonly object[]) => foundOf('trust-missing-action', policy(...statements), trust);
  const account = { AWS: 'arn:aws:iam::111122223333:role/deployer' };
  const assume = (principal: object, condition: object = { StringLike: { 'sts:SourceIdentity': 'alice-*' } }) => ({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Condition: condition });
  const allow = (principal: object | string, action: string | string[]) => ({ Effect: 'Allow', Principal: principal, Action: action });

  it('accepts sts:SetSourceIdentity allowed to the same principal in another statement, by name or wildcard', () => {
    for (const action of ['sts:SetSourceIdentity', 'sts:*', 'sts:Set*', ['sts:TagSession', 'sts:SetSourceIdentity']]) {
      assert.deepEqual(found(assume(account), allow(account, action)), [], JSON.stringify(action));
    }
    // To everyone: the principal is among them.
    assert.deepEqual(found(assume(account), allow('*', 'sts:SetSourceIdentity')), []);
    assert.deepEqual(found(assume(account), allow({ AWS: '*' }, 'sts:SetSourceIdentity')), []);
    // sts:TransitiveTagKeys and sts:TagSession alike.
    assert.deepEqual(found(assume(account, { 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['team'] } }), allow(account, 'sts:TagSession')), []);
  });

  it('still reports when no Allow statement gives the action to that principal', () => {
    const other = { AWS: 'arn:aws:iam::111122223333:role/other' };
    assert.deepEqual(found(assume(account), allow(other, 'sts:SetSourceIdentity')), ['trust-missing-action: "sts:SourceIdentity"']);
    assert.deepEqual(found(assume(account), allow(account, 'sts:TagSession')), ['trust-missing-action: "sts:SourceIdentity"']);
    assert.deepEqual(found(assume(account), { ...allow(account, 'sts:SetSourceIdentity'), Effect: 'Deny' }), ['trust-missing-action: "sts:SourceIdentity"']);
    assert.match(messages('trust-missing-action', policy(assume(account)), trust)[0], /no Allow statement of this policy allows to these principals/);
  });

  it('needs the action for every principal of the statement, from one statement or several', () => {
    const alice = { AWS: 'arn:aws:iam::111122223333:role/alice' };
    const both = { AWS: ['arn:aws:iam::111122223333:role/deployer', 'arn:aws:iam::111122223333:role/alice'] };
    assert.deepEqual(found(assume(both), allow(account, 'sts:SetSourceIdentity')), ['trust-missing-action: "sts:SourceIdentity"']);
    assert.deepEqual(found(assume(both), allow(account, 'sts:SetSourceIdentity'), allow(alice, 'sts:SetSourceIdentity')), []);
    // A statement open to everyone: a principal allowed to set it can meet the condition.
    assert.deepEqual(found(assume('*' as unknown as object), allow(account, 'sts:SetSourceIdentity')), []);
  });

  it('accepts IAM Roles Anywhere actions split over statements for the service', () => {
    const anywhere = { Service: 'rolesanywhere.amazonaws.com' };
    assert.deepEqual(found(allow(anywhere, 'sts:AssumeRole'), allow(anywhere, ['sts:SetSourceIdentity', 'sts:TagSession'])), []);
    assert.deepEqual(found(allow(anywhere, 'sts:AssumeRole'), allow(anywhere, 'sts:SetSourceIdentity'), allow(anywhere, 'sts:TagSession')), []);
    assert.deepEqual(found(allow(anywhere, ['sts:AssumeRole', 'sts:SetSourceIdentity']), allow({ Service: 'ROLESANYWHERE.amazonaws.com' }, 'sts:Tag*')), []);
    // sts:TagSession missing from both statements: each names what is missing.
    assert.deepEqual(found(allow(anywhere, 'sts:AssumeRole'), allow(anywhere, 'sts:SetSourceIdentity')), ['trust-missing-action: "Action"', 'trust-missing-action: "Action"']);
    assert.match(messages('trust-missing-action', policy(allow(anywhere, 'sts:AssumeRole'), allow(anywhere, 'sts:SetSourceIdentity')), trust)[0], /'sts:TagSession'/);
    // Given to another principal only.
    assert.deepEqual(found(allow(anywhere, ['sts:AssumeRole', 'sts:SetSourceIdentity']), allow({ Service: 'ec2.amazonaws.com' }, 'sts:TagSession')), ['trust-missing-action: "Action"']);
  });

  it('matches computed principals of a template by their text', () => {
    const text = [
      ...TRUST_TEMPLATE_HEAD,
      '          - Effect: Allow',
      "            Principal: { AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer' }",
      '            Action: sts:AssumeRole',
      '            Condition:',
      "              StringLike: { 'sts:SourceIdentity': 'alice-*' }",
      '          - Effect: Allow',
      "            Principal: { AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer' }",
      '            Action: sts:SetSourceIdentity',
    ].join('\n');
    const codes = (yaml: string) => {
      const document = TextDocument.create('file:///templates/trust.yaml', 'yaml', 1, yaml);
      return service
        .parseEmbeddedPolicies(document, {}, service.parsePolicy(document))
        .doValidation()
        .filter((d) => d.code === 'trust-missing-action')
        .map((d) => yaml.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)));
    };
    assert.deepEqual(codes(text), []);
    assert.deepEqual(codes(text.replace(/Action: sts:SetSourceIdentity$/, 'Action: sts:TagSession')), ["'sts:SourceIdentity'"]);
  });
});

describe('oidc-trust-without-sub: only a positive condition restricts the subject', () => {
  const provider = 'token.actions.githubusercontent.com';
  const arn = `arn:aws:iam::111122223333:oidc-provider/${provider}`;
  const github = (condition: object) =>
    policy({ Effect: 'Allow', Principal: { Federated: arn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${provider}:aud`]: 'sts.amazonaws.com' }, ...condition } });
  const found = (condition: object) => foundOf('oidc-trust-without-sub', github(condition));
  const onPrincipal = [`oidc-trust-without-sub: "${arn}"`];

  it('reports a negative-only condition, saying every other repository is admitted', () => {
    for (const operator of ['StringNotLike', 'StringNotEquals', 'ForAnyValue:StringNotLike']) {
      assert.deepEqual(found({ [operator]: { [`${provider}:sub`]: 'repo:evil/*' } }), onPrincipal, operator);
    }
    const [message] = messages('oidc-trust-without-sub', github({ StringNotLike: { [`${provider}:sub`]: 'repo:evil/*' } }));
    assert.match(message, /every GitHub repository except 'repo:evil\/\*' can assume this role/);
  });

  it('reports conditions that hold without the claim: IfExists, ForAllValues', () => {
    for (const operator of ['StringLikeIfExists', 'StringEqualsIfExists', 'ForAllValues:StringLike']) {
      assert.deepEqual(found({ [operator]: { [`${provider}:sub`]: 'repo:my-org/my-repo:*' } }), onPrincipal, operator);
    }
    assert.match(messages('oidc-trust-without-sub', github({ StringLikeIfExists: { [`${provider}:sub`]: 'repo:o/r:*' } }))[0], /holds for a token without the claim/);
  });

  it('accepts a positive condition, alone or beside a negative one', () => {
    for (const operator of ['StringLike', 'StringEquals', 'StringEqualsIgnoreCase', 'ForAnyValue:StringLike']) {
      assert.deepEqual(found({ [operator]: { [`${provider}:sub`]: 'repo:my-org/my-repo:ref:refs/heads/main' } }), [], operator);
    }
    assert.deepEqual(found({ StringLike: { [`${provider}:sub`]: 'repo:my-org/my-repo:*' }, StringNotLike: { [`${provider}:sub`]: 'repo:my-org/my-repo:pull_request' } }), []);
  });

  it('keeps the breadth check beside a negative condition', () => {
    assert.deepEqual(found({ StringLike: { [`${provider}:sub`]: 'repo:*' }, StringNotLike: { [`${provider}:sub`]: 'repo:evil/*' } }), ['oidc-trust-without-sub: "repo:*"']);
  });

  it('judges other providers alike, and fixes by adding a positive condition', () => {
    const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF';
    const text = policy({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${eks}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringNotEquals: { [`${eks}:sub`]: 'system:serviceaccount:kube-system:default' } },
    });
    assert.deepEqual(foundOf('oidc-trust-without-sub', text).length, 1);
    assert.match(messages('oidc-trust-without-sub', text)[0], new RegExp(`every identity that ${eks.replace(/\./g, '\\.')} issues tokens to except`));
    const marked = github({ StringNotLike: { [`${provider}:sub`]: 'repo:evil/*' } }).replace(`"${arn}"`, `"|${arn}"`);
    const after = fixOf('oidc-trust-without-sub', marked, `Add a '${provider}:sub' condition`);
    assert.match(after, /"StringLike": \{"token\.actions\.githubusercontent\.com:sub": "repo:OWNER\/REPOSITORY:\*"\}/);
  });
});

describe('create-slr-star: only a condition that names services excuses it', () => {
  const slr = (condition?: object, action = 'iam:CreateServiceLinkedRole') => policy({ Effect: 'Allow', Action: action, Resource: '*', ...(condition && { Condition: condition }) });
  const found = (condition?: object) => foundOf('create-slr-star', slr(condition));
  const reported = ['create-slr-star: "iam:CreateServiceLinkedRole"'];

  it('reports conditions that leave every service (or all but a few) open', () => {
    const open: object[] = [
      { StringLike: { 'iam:AWSServiceName': '*' } },
      { StringLike: { 'iam:AWSServiceName': '*.amazonaws.com' } },
      { StringLike: { 'iam:AWSServiceName': ['ecs.amazonaws.com', '*'] } },
      { StringNotEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { StringNotLike: { 'iam:AWSServiceName': 'ecs*' } },
      { StringEqualsIfExists: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { 'ForAllValues:StringEquals': { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { Null: { 'iam:AWSServiceName': 'false' } },
    ];
    for (const condition of open) assert.deepEqual(found(condition), reported, JSON.stringify(condition));
    assert.match(messages('create-slr-star', slr({ StringLike: { 'iam:AWSServiceName': '*' } }))[0], /its iam:AWSServiceName condition does not name the services/);
    // Through a NotAction too.
    assert.deepEqual(foundOf('create-slr-star', policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } } })), ['create-slr-star: "NotAction"']);
  });

  it('accepts positive conditions that name services', () => {
    const named: object[] = [
      { StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { StringLike: { 'iam:AWSServiceName': ['ecs.amazonaws.com', 'elasticmapreduce*.amazonaws.com'] } },
      { StringLike: { 'iam:AWSServiceName': '*.application-autoscaling.amazonaws.com' } },
      { StringEqualsIgnoreCase: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { 'ForAnyValue:StringEquals': { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      // Conditions combine with AND: the one that names the service is enough.
      { StringLike: { 'iam:AWSServiceName': '*' }, StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
    ];
    for (const condition of named) assert.deepEqual(found(condition), [], JSON.stringify(condition));
  });
});

describe('resource-star: a resource tag condition excuses "*" only for actions that carry the key', () => {
  const star = (action: string | string[], condition: object) => foundOf('resource-star', policy({ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }));
  const tag = (key: string) => ({ StringEquals: { [key]: '${aws:PrincipalTag/team}' } });
  const reported = ['resource-star: "*"'];

  it('reports a tag key that some scopable action never carries', () => {
    assert.deepEqual(star('sdb:GetAttributes', tag('aws:ResourceTag/team')), reported);
    assert.deepEqual(star('sdb:Get*', tag('aws:ResourceTag/team')), reported);
    assert.deepEqual(star(['ec2:StartInstances', 'sdb:GetAttributes'], tag('aws:ResourceTag/team')), reported);
    // Another service's tag key.
    assert.deepEqual(star('s3:GetObject', tag('ec2:ResourceTag/team')), reported);
  });

  it('accepts a tag key every scopable action carries, whatever the catalogue calls its variable part', () => {
    assert.deepEqual(star('ec2:StartInstances', tag('aws:ResourceTag/team')), []);
    assert.deepEqual(star('ec2:StartInstances', tag('ec2:ResourceTag/team')), []);
    assert.deepEqual(star(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], tag('secretsmanager:ResourceTag/team')), []);
    // Actions that only take "*" are not resource-star's concern.
    assert.deepEqual(star(['ec2:StartInstances', 'ec2:DescribeInstances'], tag('aws:ResourceTag/team')), []);
    // Any of the tag conditions will do (they combine with AND), and owner keys as before.
    assert.deepEqual(star('ec2:StartInstances', { StringEquals: { 'sdb:ItemName': 'x', 'ec2:ResourceTag/team': 'a', 'aws:ResourceTag/team': 'a' } }), []);
    assert.deepEqual(star('sdb:GetAttributes', { StringEquals: { 'aws:ResourceAccount': '111122223333' } }), []);
  });

  it('keeps the benefit of the doubt for unknown or open-ended actions', () => {
    assert.deepEqual(star(['sdb:GetAttributes', 'example:DoThing'], tag('aws:ResourceTag/team')), []);
    assert.deepEqual(star(['sdb:GetAttributes', '*:GetAttributes'], tag('aws:ResourceTag/team')), []);
  });
});
