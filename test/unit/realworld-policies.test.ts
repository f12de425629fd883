// Lints hand-written, valid policies of every kind people write (test/fixtures/realworld/<type>/):
// bucket, key, queue, topic, function and repository policies, trust policies, identity
// policies, SCPs, RCPs, permissions boundaries and session policies, following AWS's documented
// patterns. A rule that fires an error or warning on one of them is a false alarm unless it is
// listed below with the reason a security reviewer would still want it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyType } from '../../server/src/core/types';
import { doc, findings, service } from '../helpers/core';

const ROOT = 'test/fixtures/realworld';
/** The folder names are the policy types (what a user passes as --policy-type). */
const TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'];
/** Types the linter infers from content alone: linting those without a setting must agree. */
const INFERRED: readonly PolicyType[] = ['identity', 'resource', 'trust'];

/**
 * `folder/file: code: covered text` → why the finding is genuine on that valid policy.
 * Kept exact: every other error or warning fails the test, and so does a listed one that no
 * longer occurs.
 */
const EXPECTED: Readonly<Record<string, string>> = {
  'resource/lambda-function-url-public.json: public-principal: "*"':
    'A function URL with auth type NONE really is public; the reviewer should confirm it is meant to be.',
  'identity/passrole-to-lambda-only.json: privilege-escalation: "lambda:UpdateFunctionCode"':
    'The user can run its own code under the roles of the existing team-a-* functions, which may exceed its own permissions.',
  'identity/passrole-to-lambda-only.json: privilege-escalation: "lambda:UpdateFunctionConfiguration"':
    'Same as UpdateFunctionCode: a layer or handler change runs the user\'s code with the function\'s role.',
  'resource/s3-cross-account-read.json: condition-key-not-applicable: "s3:prefix"':
    's3:GetBucketLocation never carries s3:prefix, so the statement that limits listing to exports/ never grants it: the role cannot get the bucket\'s Region.',
  'identity/ssm-session-by-tag.json: privilege-escalation: "ssm:StartSession"':
    'A shell on the dev/staging instances gives their instance-profile credentials to the user.',
};

function fixtures(): { name: string; type: PolicyType; text: string }[] {
  const found = readdirSync(ROOT, { withFileTypes: true });
  const unknown = found.filter((e) => !e.isDirectory() || !TYPES.includes(e.name as PolicyType)).map((e) => e.name);
  assert.deepEqual(unknown, [], `every entry of ${ROOT} is a folder named after a policy type`);
  return TYPES.flatMap((type) =>
    readdirSync(join(ROOT, type))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ name: `${type}/${f}`, type, text: readFileSync(join(ROOT, type, f), 'utf8') })),
  );
}

describe('hand-written real-world policies', () => {
  const all = fixtures();

  it('cover every policy type with a corpus of about 70 policies', () => {
    assert.ok(all.length >= 60, `corpus has ${all.length} policies`);
    for (const type of TYPES) assert.ok(all.some((f) => f.type === type), `no ${type} fixture`);
  });

  it('raise no error or warning except the listed genuine ones', () => {
    const found: string[] = [];
    for (const { name, type, text } of all) {
      const document = doc(text, `file:///realworld/${name}`);
      for (const d of service.doValidation(document, service.parsePolicy(document, { policyType: type }))) {
        if (d.severity !== DiagnosticSeverity.Error && d.severity !== DiagnosticSeverity.Warning) continue;
        found.push(`${name}: ${d.code}: ${document.getText(d.range)}`);
      }
    }
    assert.deepEqual(found.sort(), Object.keys(EXPECTED).sort());
  });

  it('are recognised as their type without a setting where the type is inferred', () => {
    const wrong = all
      .filter((f) => INFERRED.includes(f.type))
      .map((f) => {
        const document = doc(f.text, `file:///realworld/${f.name}`);
        return { name: f.name, type: f.type, inferred: service.parsePolicy(document).policyType };
      })
      .filter((f) => f.inferred !== f.type)
      .map((f) => `${f.name}: inferred ${f.inferred}`);
    assert.deepEqual(wrong, []);
  });
});

/** The exemptions these policies needed stay narrow: the near-misses are still reported. */
describe('real-world exemptions stay narrow', () => {
  const codes = (statement: object, policyType: PolicyType = 'identity') =>
    findings(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2), { policyType }).map((f) => f.split(':')[0]);

  it('privilege-escalation: access keys for the own user only are fine, for any user they are not', () => {
    const own = { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' };
    assert.ok(!codes(own).includes('privilege-escalation'));
    assert.ok(codes({ ...own, Resource: 'arn:aws:iam::*:user/*' }).includes('privilege-escalation'));
    assert.ok(codes({ ...own, Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/admin'] }).includes('privilege-escalation'));
    // Attaching a policy to yourself is the escalation itself.
    assert.ok(codes({ ...own, Action: 'iam:AttachUserPolicy' }).includes('privilege-escalation'));
  });

  it('invalid-arn: the API Gateway short form only in resource policies', () => {
    const statement = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/orders', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } };
    assert.ok(!codes(statement, 'resource').includes('invalid-arn'));
    const { Principal: _, ...identity } = statement;
    assert.ok(codes(identity, 'identity').includes('invalid-arn'));
    assert.ok(codes({ ...statement, Resource: 'execute-api/prod/GET/orders' }, 'resource').includes('invalid-arn'));
  });

  it('action-star: only the access-point delegation of a bucket policy is left alone', () => {
    const statement = { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 's3:DataAccessPointAccount': '111122223333' } } };
    assert.ok(!codes(statement, 'resource').includes('action-star'));
    assert.ok(codes({ ...statement, Condition: { StringNotEquals: { 's3:DataAccessPointAccount': '111122223333' } } }, 'resource').includes('action-star'));
    assert.ok(codes({ ...statement, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }, 'resource').includes('action-star'));
  });

  it('resource-star: silent when the resources are chosen by tag or owner', () => {
    const statement = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
    assert.ok(codes(statement).includes('resource-star'));
    assert.ok(!codes({ ...statement, Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } } }).includes('resource-star'));
    assert.ok(!codes({ ...statement, Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } } }).includes('resource-star'));
    assert.ok(codes({ ...statement, Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } }).includes('resource-star'));
  });
});
