import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findings, validate } from '../helpers/core';

const only = (code: string, text: string) => findings(text).filter((f) => f.startsWith(`${code}: `));
const wrap = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const stmt = (effect: string, action: string, resource = '"*"', extra = '') =>
  `{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}${extra}}`;
const diagnostic = (code: string, text: string) => {
  const d = validate(text).find((x) => x.code === code);
  assert.ok(d, `no ${code} finding`);
  return { ...d, message: typeof d.message === 'string' ? d.message : d.message.value };
};

describe('action-star and full-admin', () => {
  it('reports Action "*" on specific resources as action-star', () => {
    assert.deepEqual(only('action-star', wrap(stmt('Allow', '"*"', '"arn:aws:s3:::b/*"'))), ['action-star: "*"']);
    assert.deepEqual(only('full-admin', wrap(stmt('Allow', '"*"', '"arn:aws:s3:::b/*"'))), []);
  });

  it('reports "*" on "*" once, as full-admin, linked to the resource', () => {
    const text = wrap(stmt('Allow', '["*"]'));
    assert.deepEqual(only('full-admin', text), ['full-admin: "*"']);
    assert.deepEqual(only('action-star', text), []);
    assert.equal(diagnostic('full-admin', text).relatedInformation?.[0].message, '"Resource": "*"');
  });

  it('judges Deny as Deny', () => {
    assert.deepEqual(only('action-star', wrap(stmt('Deny', '"*"', '"arn:aws:s3:::b/*"'))), []);
    assert.deepEqual(only('full-admin', wrap(stmt('Deny', '"*"'))), []);
  });
});

describe('service-wildcard', () => {
  it('reports svc:* with Allow and counts its Write and Permissions management actions', () => {
    const text = wrap(stmt('Allow', '["iam:*", "s3:Get*"]'));
    assert.deepEqual(only('service-wildcard', text), ['service-wildcard: "iam:*"']);
    assert.match(diagnostic('service-wildcard', text).message, /^'iam:\*' grants all \d+ actions of AWS Identity and Access Management \(IAM\), including \d+ Write and \d+ Permissions management actions\.$/);
  });

  it('is silent for narrower wildcards and Deny', () => {
    assert.deepEqual(only('service-wildcard', wrap(stmt('Allow', '"s3:Get*"'))), []);
    assert.deepEqual(only('service-wildcard', wrap(stmt('Deny', '"iam:*"'))), []);
  });
});

describe('allow-not-action, allow-not-resource, allow-not-principal', () => {
  it('reports the Not elements with Allow, on their key', () => {
    assert.deepEqual(only('allow-not-action', wrap('{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}')), ['allow-not-action: "NotAction"']);
    assert.deepEqual(only('allow-not-resource', wrap('{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}')), [
      'allow-not-resource: "NotResource"',
    ]);
    const bucket = (effect: string) =>
      wrap(`{"Effect": "${effect}", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`);
    assert.deepEqual(only('allow-not-principal', bucket('Allow')), ['allow-not-principal: "NotPrincipal"']);
    assert.deepEqual(only('allow-not-principal', bucket('Deny')), []);
  });

  it('is silent with Deny, the normal use', () => {
    assert.deepEqual(only('allow-not-action', wrap('{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}')), []);
    assert.deepEqual(only('allow-not-resource', wrap('{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/*"}')), []);
  });
});

describe('passrole-star', () => {
  it('reports iam:PassRole, or a wildcard covering it, on "*"', () => {
    assert.deepEqual(only('passrole-star', wrap(stmt('Allow', '["s3:GetObject", "iam:PassRole"]'))), ['passrole-star: "iam:PassRole"']);
    assert.deepEqual(only('passrole-star', wrap(stmt('Allow', '"iam:Pass*"'))), ['passrole-star: "iam:Pass*"']);
    const conditioned = wrap(stmt('Allow', '"iam:PassRole"', '"*"', ', "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}'));
    assert.match(diagnostic('passrole-star', conditioned).message, /iam:PassedToService limits the services, not the roles\.$/);
  });

  it('is silent on named roles, Deny, and Action "*" (full-admin)', () => {
    assert.deepEqual(only('passrole-star', wrap(stmt('Allow', '"iam:PassRole"', '"arn:aws:iam::111122223333:role/app-*"'))), []);
    assert.deepEqual(only('passrole-star', wrap(stmt('Deny', '"iam:PassRole"'))), []);
    assert.deepEqual(only('passrole-star', wrap(stmt('Allow', '"*"'))), []);
  });
});

describe('privilege-escalation', () => {
  it('reports single-action paths on the action', () => {
    const text = wrap(stmt('Allow', '["iam:GetRole", "iam:CreatePolicyVersion"]'));
    assert.deepEqual(only('privilege-escalation', text), ['privilege-escalation: "iam:CreatePolicyVersion"']);
    assert.match(diagnostic('privilege-escalation', text).message, /^Allows privilege escalation with iam:CreatePolicyVersion: /);
  });

  it('reports combinations across statements, wildcards included, linked to every contributing entry', () => {
    const text = wrap(stmt('Allow', '"iam:PassRole"'), stmt('Allow', '["lambda:Create*", "lambda:InvokeFunction"]'));
    assert.deepEqual(only('privilege-escalation', text), ['privilege-escalation: "lambda:Create*"']);
    const d = diagnostic('privilege-escalation', text);
    assert.equal(
      d.message,
      'Allows 2 privilege-escalation paths: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction; iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping.',
    );
    assert.deepEqual(d.relatedInformation?.map((r) => r.message), ['grants iam:PassRole', 'grants lambda:InvokeFunction']);
  });

  it('follows iam:PassedToService: a role passed only to another service does not complete a path', () => {
    const passTo = (service: string) =>
      wrap(
        stmt('Allow', '"iam:PassRole"', '"arn:aws:iam::111122223333:role/app-*"', `, "Condition": {"StringEquals": {"iam:PassedToService": "${service}"}}`),
        stmt('Allow', '["lambda:CreateFunction", "lambda:InvokeFunction"]', '"arn:aws:lambda:us-east-1:111122223333:function:f"'),
      );
    assert.deepEqual(only('privilege-escalation', passTo('dax.amazonaws.com')), []);
    assert.deepEqual(only('privilege-escalation', passTo('lambda.amazonaws.com')), ['privilege-escalation: "lambda:CreateFunction"']);
  });

  it('is silent on incomplete combinations, Deny, and when an unconditional Deny removes a part', () => {
    assert.deepEqual(only('privilege-escalation', wrap(stmt('Allow', '["lambda:CreateFunction", "lambda:InvokeFunction"]'))), []);
    assert.deepEqual(only('privilege-escalation', wrap(stmt('Deny', '"iam:CreatePolicyVersion"'))), []);
    assert.deepEqual(only('privilege-escalation', wrap(stmt('Allow', '"iam:CreatePolicyVersion"'), stmt('Deny', '"iam:Create*"'))), []);
  });
});

describe('passrole-star and create-slr-star through NotAction and NotResource', () => {
  const statement = (s: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...s }] });
  const codes = (s: Record<string, unknown>) => findings(statement(s)).filter((f) => /^(passrole-star|create-slr-star): /.test(f));

  it('reports iam:PassRole reached through a NotAction that does not exclude it, or with NotResource', () => {
    assert.deepEqual(codes({ NotAction: 's3:*', Resource: '*' }), ['passrole-star: "NotAction"', 'create-slr-star: "NotAction"']);
    assert.deepEqual(codes({ Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/admin' }), ['passrole-star: "NotResource"']);
    // Excluded by the NotAction, or the resources named: nothing.
    assert.deepEqual(codes({ NotAction: ['iam:*', 'organizations:*'], Resource: '*' }), []);
    assert.deepEqual(codes({ NotAction: 's3:*', Resource: 'arn:aws:s3:::b/*' }), []);
    assert.deepEqual(codes({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' }), []);
  });

  it('counts a NotAction on a pattern that matches every role as on "*", but not one account\'s roles', () => {
    assert.deepEqual(codes({ NotAction: 's3:*', Resource: 'arn:*:*:*:*:*' }), ['passrole-star: "NotAction"', 'create-slr-star: "NotAction"']);
    assert.deepEqual(codes({ NotAction: 's3:*', Resource: 'arn:aws:iam::*:role/*' }), ['passrole-star: "NotAction"', 'create-slr-star: "NotAction"']);
    assert.deepEqual(codes({ NotAction: 's3:*', Resource: 'arn:aws:iam::111122223333:role/*' }), []);
  });

  it('reports iam:CreateServiceLinkedRole on every resource without an iam:AWSServiceName condition', () => {
    assert.deepEqual(codes({ Action: 'iam:CreateServiceLinkedRole', Resource: '*' }), ['create-slr-star: "iam:CreateServiceLinkedRole"']);
    assert.deepEqual(codes({ Action: 'iam:Create*', Resource: '*' }), ['create-slr-star: "iam:Create*"']);
    // iam:* is service-wildcard's finding (and passrole-star's), not one more on the same token.
    assert.deepEqual(codes({ Action: 'iam:*', Resource: '*' }), ['passrole-star: "iam:*"']);
    assert.deepEqual(codes({ Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringLike: { 'iam:AWSServiceName': ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] } } }), []);
    assert.deepEqual(codes({ Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*' }), []);
    assert.deepEqual(findings(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateServiceLinkedRole', Resource: '*' }] })).filter((f) => f.startsWith('create-slr-star')), []);
  });
});
