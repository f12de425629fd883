// The offline evaluator through the core facade: decisions, deciding statements and the keys
// an answer depends on, for every element, operator family and kind of policy it reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AccessRequest, evaluateAccess, type PolicyType } from '../../server/src/core';
import { catalog, doc, service } from '../helpers/core';

type Statement = Record<string, unknown>;
const policy = (statements: Statement[], type: PolicyType = 'identity', name: string = type, version = '2012-10-17') => ({
  policy: service.parsePolicy(doc(JSON.stringify({ Version: version, Statement: statements }, null, 2)), { policyType: type }),
  type,
  name,
});
const allow = (extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const GET: AccessRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/report.csv' };
const decide = (statements: Statement[], request: Partial<AccessRequest> = {}, type: PolicyType = 'identity') => evaluateAccess([policy(statements, type)], { ...GET, ...request }).decision;
const withCondition = (condition: unknown, context: AccessRequest['context']) => decide([allow({ Condition: condition })], { context });

describe('evaluator: elements', () => {
  it('allows by a matching Allow, denies by default, and lets an explicit Deny win, naming the deciding statement', () => {
    const granted = evaluateAccess([policy([allow({ Sid: 'Read' })])], GET);
    assert.equal(granted.decision, 'Allow');
    assert.deepEqual(granted.deciding.map((s) => s.sid), ['Read']);
    const none = evaluateAccess([policy([allow({ Action: 's3:PutObject' })])], GET);
    assert.equal(none.decision, 'ImplicitDeny');
    assert.deepEqual(none.deciding, []);
    assert.match(none.statements[0].reason, /action s3:GetObject is not in Action/);
    const denied = evaluateAccess([policy([allow(), { Sid: 'Never', Effect: 'Deny', Action: 's3:*', Resource: '*' }])], GET);
    assert.deepEqual([denied.decision, denied.deciding.map((s) => s.sid)], ['ExplicitDeny', ['Never']]);
  });

  it('matches actions without regard to case and with * and ?, resources with case and with * across : and /', () => {
    assert.equal(decide([allow({ Action: 'S3:get*' })]), 'Allow');
    assert.equal(decide([allow({ Action: 's3:GetObjec?' })]), 'Allow');
    assert.equal(decide([allow({ Action: 's3:GetObjec?' })], { action: 's3:GetObjects' }), 'ImplicitDeny');
    assert.equal(decide([allow({ Resource: 'arn:aws:s3:::B/*' })]), 'ImplicitDeny');
    assert.equal(decide([allow({ Resource: 'arn:aws:*' })]), 'Allow');
    assert.equal(decide([allow({ Resource: 'arn:aws:s3:::b/report.???' })]), 'Allow');
  });

  it('reads NotAction, NotResource and a missing Resource', () => {
    assert.equal(decide([allow({ Action: undefined, NotAction: 'iam:*' })]), 'Allow');
    assert.equal(decide([allow({ Action: undefined, NotAction: 's3:Get*' })]), 'ImplicitDeny');
    assert.equal(decide([allow({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*' })]), 'Allow');
    assert.equal(decide([allow({ Resource: undefined, NotResource: 'arn:aws:s3:::b/*' })]), 'ImplicitDeny');
    assert.equal(decide([allow({ Resource: undefined })]), 'ImplicitDeny'); // an identity statement needs a Resource
  });

  it('replaces policy variables from the context, with defaults, and says when the answer depends on one', () => {
    const home = [allow({ Resource: 'arn:aws:s3:::b/home/${aws:username}/*' })];
    const file = { resource: 'arn:aws:s3:::b/home/alice/x' };
    assert.equal(decide(home, { ...file, context: { 'aws:username': 'alice' } }), 'Allow');
    assert.equal(decide(home, { ...file, context: { 'AWS:UserName': 'bob' } }), 'ImplicitDeny');
    const depends = evaluateAccess([policy(home)], { ...GET, ...file });
    assert.deepEqual([depends.decision, depends.missingContextKeys], ['Depends', ['aws:username']]);
    assert.equal(decide(home, { ...file, context: { 'aws:username': null } }), 'ImplicitDeny'); // absent: the statement does not match
    const team = [allow({ Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*" })];
    assert.equal(decide(team, { resource: 'arn:aws:s3:::b/shared/x', context: { 'aws:PrincipalTag/team': null } }), 'Allow');
    assert.equal(decide([allow({ Resource: 'arn:aws:s3:::b/${*}' })], { resource: 'arn:aws:s3:::b/*' }), 'Allow');
    assert.equal(decide([allow({ Resource: 'arn:aws:s3:::b/${*}' })], { resource: 'arn:aws:s3:::b/x' }), 'ImplicitDeny');
    // Version 2008-10-17 has no variables: the text is literal.
    const old = evaluateAccess([policy(home, 'identity', 'old', '2008-10-17')], { ...GET, resource: 'arn:aws:s3:::b/home/${aws:username}/x' });
    assert.equal(old.decision, 'Allow');
  });
});

describe('evaluator: conditions', () => {
  it('String operators: exact, negated, case-insensitive and Like', () => {
    const c = (op: string, value: unknown, given: string) => withCondition({ [op]: { 'aws:PrincipalTag/team': value } }, { 'aws:PrincipalTag/team': given });
    assert.equal(c('StringEquals', ['red', 'blue'], 'blue'), 'Allow');
    assert.equal(c('StringEquals', 'red', 'Red'), 'ImplicitDeny');
    assert.equal(c('StringEqualsIgnoreCase', 'red', 'RED'), 'Allow');
    assert.equal(c('StringNotEquals', ['red', 'blue'], 'blue'), 'ImplicitDeny');
    assert.equal(c('StringNotEqualsIgnoreCase', 'red', 'RED'), 'ImplicitDeny');
    assert.equal(c('StringLike', 'team-*', 'team-a'), 'Allow');
    assert.equal(c('StringLike', 'Team-*', 'team-a'), 'ImplicitDeny');
    assert.equal(c('StringNotLike', 'team-*', 'ops'), 'Allow');
  });

  it('Numeric, Date (ISO 8601 and epoch), Bool and Binary', () => {
    assert.equal(withCondition({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 10 }), 'Allow');
    assert.equal(withCondition({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }), 'ImplicitDeny');
    assert.equal(withCondition({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }), 'Allow');
    assert.equal(withCondition({ DateLessThan: { 'aws:CurrentTime': '2026-12-31T00:00:00Z' } }, { 'aws:CurrentTime': '2026-12-06T12:00:00Z' }), 'Allow');
    assert.equal(withCondition({ DateGreaterThan: { 'aws:CurrentTime': '1790000000' } }, { 'aws:CurrentTime': '2026-12-06T12:00:00Z' }), 'Allow');
    assert.equal(withCondition({ DateGreaterThan: { 'aws:CurrentTime': '1830000000' } }, { 'aws:CurrentTime': '2026-12-06T12:00:00Z' }), 'ImplicitDeny');
    assert.equal(withCondition({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }), 'Allow');
    assert.equal(withCondition({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'false' }), 'ImplicitDeny');
    assert.equal(withCondition({ BinaryEquals: { 'aws:Key': 'QmluYXJ5' } }, { 'aws:Key': 'QmluYXJ5' }), 'Allow');
  });

  it('IpAddress and NotIpAddress with IPv4 and IPv6 ranges', () => {
    const ip = (op: string, given: string) => withCondition({ [op]: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }, { 'aws:SourceIp': given });
    assert.equal(ip('IpAddress', '203.0.113.77'), 'Allow');
    assert.equal(ip('IpAddress', '203.0.114.1'), 'ImplicitDeny');
    assert.equal(ip('IpAddress', '2001:db8:1::5'), 'Allow');
    assert.equal(ip('IpAddress', '2001:db9::5'), 'ImplicitDeny');
    assert.equal(ip('NotIpAddress', '198.51.100.1'), 'Allow');
    assert.equal(ip('NotIpAddress', '203.0.113.1'), 'ImplicitDeny');
  });

  it('Arn operators part by part, wildcards within a part', () => {
    const arn = (op: string, value: string, given: string) => withCondition({ [op]: { 'aws:SourceArn': value } }, { 'aws:SourceArn': given });
    assert.equal(arn('ArnLike', 'arn:aws:sns:*:111122223333:topic-*', 'arn:aws:sns:eu-west-1:111122223333:topic-a'), 'Allow');
    assert.equal(arn('ArnEquals', 'arn:aws:sns:*:111122223333:topic-*', 'arn:aws:sns:eu-west-1:111122223333:topic-a'), 'Allow');
    assert.equal(arn('ArnLike', 'arn:aws:sns:*:111122223333:topic-*', 'arn:aws:sns:eu-west-1:444455556666:topic-a'), 'ImplicitDeny');
    assert.equal(arn('ArnNotLike', 'arn:aws:sns:*:111122223333:*', 'arn:aws:sns:eu-west-1:444455556666:t'), 'Allow');
  });

  it('missing keys: positive operators fail, negated ones hold, IfExists holds, Null tests presence, and an unknown key is a dependency', () => {
    const absent = { 'aws:PrincipalTag/team': null };
    assert.equal(withCondition({ StringEquals: { 'aws:PrincipalTag/team': 'red' } }, absent), 'ImplicitDeny');
    assert.equal(withCondition({ StringNotEquals: { 'aws:PrincipalTag/team': 'red' } }, absent), 'Allow');
    assert.equal(withCondition({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, absent), 'Allow');
    assert.equal(withCondition({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, { 'aws:PrincipalTag/team': 'blue' }), 'ImplicitDeny');
    assert.equal(withCondition({ Null: { 'aws:PrincipalTag/team': 'true' } }, absent), 'Allow');
    assert.equal(withCondition({ Null: { 'aws:PrincipalTag/team': 'false' } }, absent), 'ImplicitDeny');
    assert.equal(withCondition({ Null: { 'aws:PrincipalTag/team': 'false' } }, { 'aws:PrincipalTag/team': 'x' }), 'Allow');
    const unknown = evaluateAccess([policy([allow({ Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } })])], GET);
    assert.deepEqual([unknown.decision, unknown.missingContextKeys], ['Depends', ['aws:PrincipalTag/team']]);
  });

  it('ForAllValues and ForAnyValue on multivalued keys, including absent keys', () => {
    const tags = (op: string, given: string[] | null) => withCondition({ [op]: { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': given });
    assert.equal(tags('ForAllValues:StringEquals', ['env']), 'Allow');
    assert.equal(tags('ForAllValues:StringEquals', ['env', 'cost']), 'ImplicitDeny');
    assert.equal(tags('ForAllValues:StringEquals', null), 'Allow'); // vacuously true
    assert.equal(tags('ForAnyValue:StringEquals', ['cost', 'team']), 'Allow');
    assert.equal(tags('ForAnyValue:StringEquals', ['cost']), 'ImplicitDeny');
    assert.equal(tags('ForAnyValue:StringEquals', null), 'ImplicitDeny');
    assert.equal(tags('ForAllValues:StringNotEquals', ['cost']), 'Allow');
    assert.equal(tags('ForAnyValue:StringNotEquals', ['env', 'team']), 'ImplicitDeny');
  });

  it('ANDs operators and keys, ORs values', () => {
    const condition = { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'], 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:SecureTransport': 'true' } };
    const context = { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' };
    assert.equal(withCondition(condition, context), 'Allow');
    assert.equal(withCondition(condition, { ...context, 'aws:RequestedRegion': 'us-east-1' }), 'ImplicitDeny');
    assert.equal(withCondition(condition, { ...context, 'aws:SecureTransport': 'false' }), 'ImplicitDeny');
  });

  it('a Deny that depends on a key makes the answer depend on it, never a silent Allow', () => {
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const result = evaluateAccess([policy([allow(), deny])], GET);
    assert.deepEqual([result.decision, result.missingContextKeys], ['Depends', ['aws:MultiFactorAuthPresent']]);
    assert.equal(decide([allow(), deny], { context: { 'aws:MultiFactorAuthPresent': 'true' } }), 'Allow');
    assert.equal(decide([allow(), deny], { context: { 'aws:MultiFactorAuthPresent': 'false' } }), 'ExplicitDeny');
  });
});

describe('evaluator: principals and kinds of policy', () => {
  const ROLE = 'arn:aws:iam::111122223333:role/app';
  const SESSION = 'arn:aws:sts::111122223333:assumed-role/app/i-0abc';
  const bucketPolicy = (principal: unknown) => policy([allow({ Principal: principal })], 'resource', 'bucket');

  it('reads every principal form in a resource policy: *, account, root, role for its sessions, service, NotPrincipal', () => {
    const grant = (principal: unknown, caller: string) => evaluateAccess([bucketPolicy(principal)], { ...GET, principal: caller, resourceAccount: '111122223333' }).decision;
    assert.equal(grant('*', SESSION), 'Allow');
    assert.equal(grant({ AWS: '111122223333' }, SESSION), 'Allow');
    assert.equal(grant({ AWS: 'arn:aws:iam::111122223333:root' }, SESSION), 'Allow');
    assert.equal(grant({ AWS: ROLE }, SESSION), 'Allow');
    assert.equal(grant({ AWS: 'arn:aws:iam::111122223333:role/other' }, SESSION), 'ImplicitDeny');
    assert.equal(grant({ Service: 'cloudtrail.amazonaws.com' }, 'cloudtrail.amazonaws.com'), 'Allow');
    const not = policy([{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }, allow({ Principal: '*' })], 'resource', 'bucket');
    assert.equal(evaluateAccess([not], { ...GET, principal: SESSION, resourceAccount: '111122223333' }).decision, 'Allow');
    assert.equal(evaluateAccess([not], { ...GET, principal: 'arn:aws:iam::111122223333:user/eve', resourceAccount: '111122223333' }).decision, 'ExplicitDeny');
    assert.deepEqual(evaluateAccess([bucketPolicy({ AWS: ROLE })], GET).missingContextKeys, ['principal']);
  });

  it('same account: a resource policy or an identity policy allows; across accounts both must', () => {
    const identity = policy([allow()]);
    const resource = bucketPolicy({ AWS: '444455556666' });
    const caller = 'arn:aws:sts::444455556666:assumed-role/app/s';
    assert.equal(evaluateAccess([resource], { ...GET, principal: caller, resourceAccount: '444455556666' }).decision, 'Allow');
    const cross = evaluateAccess([resource], { ...GET, principal: caller, resourceAccount: '111122223333' });
    assert.equal(cross.decision, 'ImplicitDeny');
    assert.match(cross.notes.join(' '), /cross-account/);
    assert.equal(evaluateAccess([resource, identity], { ...GET, principal: caller, resourceAccount: '111122223333' }).decision, 'Allow');
  });

  it('SCPs, RCPs, a permissions boundary and a session policy must each allow when given', () => {
    const identity = policy([allow()]);
    for (const type of ['scp', 'rcp', 'boundary', 'session'] as const) {
      const gate = (statements: Statement[]) => policy(statements, type, type);
      const blocked = evaluateAccess([identity, gate([allow({ Action: 'ec2:*', Resource: '*', ...(type === 'rcp' ? { Principal: '*' } : {}) })])], { ...GET, principal: 'arn:aws:iam::111122223333:user/a' });
      assert.equal(blocked.decision, 'ImplicitDeny', type);
      assert.match(blocked.notes.join(' '), /allow nothing/, type);
      const open = evaluateAccess([identity, gate([allow({ Action: '*', Resource: '*', ...(type === 'rcp' ? { Principal: '*' } : {}) })])], { ...GET, principal: 'arn:aws:iam::111122223333:user/a' });
      assert.equal(open.decision, 'Allow', type);
    }
    // A gate allows, nothing else does: still an implicit deny.
    assert.equal(evaluateAccess([policy([allow({ Action: '*', Resource: '*' })], 'scp')], GET).decision, 'ImplicitDeny');
  });

  it('a trust policy decides sts:AssumeRole for the principals it names', () => {
    const trust = policy([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }], 'trust', 'trust');
    const assume = { action: 'sts:AssumeRole', resource: ROLE };
    assert.equal(evaluateAccess([trust], { ...assume, principal: 'lambda.amazonaws.com' }).decision, 'Allow');
    assert.equal(evaluateAccess([trust], { ...assume, principal: 'ec2.amazonaws.com' }).decision, 'ImplicitDeny');
  });

  it('never allows a real action through a statement whose only action is unknown', () => {
    const typo = policy([allow({ Action: 's3:GetObjekt', Resource: '*' })]);
    const actions = catalog.getService('s3')!.actions.slice(0, 200);
    assert.ok(actions.length > 50);
    for (const action of actions) assert.notEqual(evaluateAccess([typo], { action: action.fullName, resource: 'arn:aws:s3:::b/x' }).decision, 'Allow', action.fullName);
  });
});

describe('evaluator: variables in conditions', () => {
  it('replaces variables in String and Arn condition values, a substituted * staying a character', () => {
    const own = { StringEquals: { 's3:prefix': '${aws:username}/' } };
    assert.equal(withCondition(own, { 's3:prefix': 'alice/', 'aws:username': 'alice' }), 'Allow');
    assert.equal(withCondition(own, { 's3:prefix': 'bob/', 'aws:username': 'alice' }), 'ImplicitDeny');
    assert.equal(withCondition(own, { 's3:prefix': 'a*/', 'aws:username': 'a*' }), 'Allow');
    assert.equal(withCondition({ StringLike: { 's3:prefix': '${aws:username}/*' } }, { 's3:prefix': 'ab/x', 'aws:username': 'a*' }), 'ImplicitDeny');
    assert.deepEqual(evaluateAccess([policy([allow({ Condition: own })])], { ...GET, context: { 's3:prefix': 'alice/' } }).missingContextKeys, ['aws:username']);
  });
});

describe('evaluator: review findings', () => {
  it('a variable with a default depends on its key until the request says it is absent', () => {
    const team = [allow({ Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*" })];
    const request = { resource: 'arn:aws:s3:::b/shared/x' };
    assert.equal(decide(team, request), 'Depends');
    assert.equal(decide(team, { ...request, context: { 'aws:PrincipalTag/team': null } }), 'Allow');
    assert.equal(decide(team, { ...request, context: { 'aws:PrincipalTag/team': 'red' } }), 'ImplicitDeny');
    // A pattern that cannot match whatever the key holds does not depend on it.
    assert.equal(decide(team, { resource: 'arn:aws:sqs:us-east-1:111122223333:q' }), 'ImplicitDeny');
  });

  it('a value that matches decides an ORed list even when another value needs a missing key', () => {
    const condition = (op: string) => ({ [op]: { 'aws:PrincipalTag/team': ['a', '${aws:username}'] } });
    assert.equal(withCondition(condition('StringEquals'), { 'aws:PrincipalTag/team': 'a' }), 'Allow');
    assert.equal(withCondition(condition('StringNotEquals'), { 'aws:PrincipalTag/team': 'a' }), 'ImplicitDeny');
    assert.equal(withCondition(condition('StringEquals'), { 'aws:PrincipalTag/team': 'b' }), 'Depends');
  });

  it('across accounts nothing grants without a resource-based policy; with one and no caller, the answer depends on the caller', () => {
    const identity = policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]);
    const queue = { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:222222222222:q' };
    assert.equal(evaluateAccess([identity], { ...queue, principal: 'arn:aws:iam::111111111111:user/alice' }).decision, 'ImplicitDeny');
    assert.equal(evaluateAccess([identity], queue).decision, 'Allow'); // identity policies alone: the caller is taken to be in the queue's account
    const open = policy([{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }], 'resource', 'queue');
    const s3only = policy([allow()]);
    assert.deepEqual(evaluateAccess([open, s3only], queue).missingContextKeys, ['principal']);
  });

  it('never lets a statement it cannot read decide silently, and reads no Principal-less resource statement', () => {
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { stringNotEquals: { 'aws:PrincipalTag/team': 'admins' } } };
    assert.equal(decide([allow(), deny], { context: { 'aws:PrincipalTag/team': 'dev' } }), 'Depends');
    assert.equal(decide([allow({ Condition: [{ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }] })], { context: { 'aws:MultiFactorAuthPresent': 'false' } }), 'Depends');
    assert.equal(decide([allow()], { principal: 'arn:aws:iam::111122223333:user/a' }, 'resource'), 'ImplicitDeny');
  });

  it('reads variables only in Resource and Condition, and only under Version 2012-10-17 (none is 2008-10-17)', () => {
    const noVersion = { policy: service.parsePolicy(doc(JSON.stringify({ Statement: [allow({ Resource: 'arn:aws:s3:::b/${aws:username}/*' })] }))), type: 'identity' as const, name: 'p' };
    assert.equal(evaluateAccess([noVersion], { ...GET, resource: 'arn:aws:s3:::b/${aws:username}/x' }).decision, 'Allow');
    const actionVariable = [{ Effect: 'Deny', Action: 's3:${aws:username}', Resource: '*' }, allow({ Action: 's3:*' })];
    assert.equal(decide(actionVariable, { context: { 'aws:username': 'GetObject' } }), 'Allow');
  });

  it('reads dates the same in every time zone, and refuses text that is no ISO 8601 date', () => {
    const before = { DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } };
    assert.equal(withCondition(before, { 'aws:CurrentTime': '2023-12-31T23:30:00' }), 'Allow'); // no zone: UTC
    assert.equal(withCondition(before, { 'aws:CurrentTime': '2024-01-01T00:30:00+01:00' }), 'Allow');
    assert.equal(withCondition(before, { 'aws:CurrentTime': 'March 5 2020' }), 'ImplicitDeny');
  });

  it('a role ARN with a path names its sessions', () => {
    const bucket = policy([allow({ Principal: { AWS: 'arn:aws:iam::111111111111:role/team/R' } })], 'resource', 'bucket');
    const request = { ...GET, resourceAccount: '111111111111' };
    assert.equal(evaluateAccess([bucket], { ...request, principal: 'arn:aws:sts::111111111111:assumed-role/R/s1' }).decision, 'Allow');
    assert.equal(evaluateAccess([bucket], { ...request, principal: 'arn:aws:sts::111111111111:assumed-role/Q/s1' }).decision, 'ImplicitDeny');
  });
});
