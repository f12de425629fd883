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
    const grant = (principal: unknown, caller: string, ...others: ReturnType<typeof policy>[]) => evaluateAccess([bucketPolicy(principal), ...others], { ...GET, principal: caller, resourceAccount: '111122223333' }).decision;
    assert.equal(grant('*', SESSION), 'Allow');
    // An account delegates to its identity-based policies: alone it grants nothing, with one it grants.
    assert.equal(grant({ AWS: '111122223333' }, SESSION), 'ImplicitDeny');
    assert.equal(grant({ AWS: 'arn:aws:iam::111122223333:root' }, SESSION), 'ImplicitDeny');
    assert.equal(grant({ AWS: 'arn:aws:iam::111122223333:root' }, SESSION, policy([allow()])), 'Allow');
    assert.equal(grant({ AWS: '444455556666' }, SESSION), 'ImplicitDeny');
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
    const resource = bucketPolicy({ AWS: 'arn:aws:iam::444455556666:role/app' });
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

describe('evaluator: AWS documentation cases', () => {
  const ACCOUNT = '111122223333';
  const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
  const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/i-0abc`;
  const resourcePolicy = (statements: Statement[], type: PolicyType = 'resource') => policy(statements, type, type);
  const bucket = (principal: unknown, extra: Statement = {}) => resourcePolicy([allow({ Principal: principal, ...extra })]);
  const inAccount = (caller: string, ...policies: ReturnType<typeof policy>[]) => evaluateAccess(policies, { ...GET, principal: caller, resourceAccount: ACCOUNT });

  it('an account principal delegates to the account: in one account it grants with an identity-based Allow only; a direct principal grants alone', () => {
    // AWS "Principal: AWS account principals": naming the account lets its identities in when their IAM policies allow.
    const root = bucket({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    const alone = inAccount(ALICE, root);
    assert.equal(alone.decision, 'ImplicitDeny');
    assert.match(alone.statements[0].reason, /caller's account.*identity-based Allow is needed/);
    assert.equal(inAccount(ALICE, root, policy([allow()])).decision, 'Allow');
    assert.equal(inAccount(ALICE, bucket({ AWS: ACCOUNT }), policy([allow()])).decision, 'Allow');
    // The user's own ARN, a role for its sessions and `*` grant without an identity-based policy.
    assert.equal(inAccount(ALICE, bucket({ AWS: ALICE })).decision, 'Allow');
    assert.equal(inAccount(SESSION, bucket({ AWS: ROLE })).decision, 'Allow');
    assert.equal(inAccount(SESSION, bucket({ AWS: [ACCOUNT, ROLE] })).decision, 'Allow');
    // A Deny that names the account denies every principal of it.
    const deny = resourcePolicy([{ Effect: 'Deny', Principal: { AWS: ACCOUNT }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }]);
    assert.equal(inAccount(ALICE, deny, policy([allow()])).decision, 'ExplicitDeny');
  });

  it('a key policy must allow a kms: action, itself or through the account principal and an identity-based Allow', () => {
    const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const decrypt = (caller: string, ...policies: ReturnType<typeof policy>[]) => evaluateAccess(policies, { action: 'kms:Decrypt', resource: KEY, principal: caller }).decision;
    const userPolicy = policy([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY }]);
    // The default key policy's first statement: the account, so that IAM policies can allow.
    const enableIam = resourcePolicy([{ Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]);
    assert.equal(decrypt(ALICE, enableIam, userPolicy), 'Allow');
    assert.equal(decrypt(ALICE, enableIam), 'ImplicitDeny');
    // A key policy that names only its administrators: "unless the key policy explicitly allows it, you cannot use IAM policies".
    const adminsOnly = resourcePolicy([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' }]);
    const refused = evaluateAccess([adminsOnly, userPolicy], { action: 'kms:Decrypt', resource: KEY, principal: ALICE });
    assert.equal(refused.decision, 'ImplicitDeny');
    assert.match(refused.notes.join('\n'), /the key policy must allow/);
    // A key policy that names the user grants on its own; without a key policy, the identity policy is read alone.
    assert.equal(decrypt(ALICE, resourcePolicy([{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' }])), 'Allow');
    assert.equal(decrypt(ALICE, userPolicy), 'Allow');
    // For other services in one account the identity-based Allow still grants alone.
    assert.equal(inAccount(ALICE, bucket({ AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }), policy([allow()])).decision, 'Allow');
  });

  it('a trust policy must allow sts:AssumeRole: naming the caller, or its account together with an identity-based Allow', () => {
    const assume = (trust: unknown, caller: string, ...policies: ReturnType<typeof policy>[]) =>
      evaluateAccess([resourcePolicy([{ Effect: 'Allow', Principal: trust, Action: 'sts:AssumeRole' }], 'trust'), ...policies], { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/Deployer`, principal: caller }).decision;
    const mayAssume = policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }]);
    assert.equal(assume({ AWS: ACCOUNT }, ALICE, mayAssume), 'Allow');
    assert.equal(assume({ AWS: ACCOUNT }, ALICE), 'ImplicitDeny');
    assert.equal(assume({ AWS: ALICE }, ALICE), 'Allow');
    assert.equal(assume({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, ALICE, mayAssume), 'ImplicitDeny');
    // Across accounts both sides must allow, as for any resource.
    assert.equal(assume({ AWS: '444455556666' }, 'arn:aws:iam::444455556666:user/carol'), 'ImplicitDeny');
    assert.equal(assume({ AWS: '444455556666' }, 'arn:aws:iam::444455556666:user/carol', mayAssume), 'Allow');
  });

  it('a single-valued operator given several request values matches nothing, negated and IfExists alike; one value is one value', () => {
    // AWS: multivalued context keys require a condition set operator. A request with tag keys env and team:
    const keys = (op: string, value: unknown, given: string[]) => withCondition({ [op]: { 'aws:TagKeys': value } }, { 'aws:TagKeys': given });
    assert.equal(keys('StringEquals', ['env', 'team'], ['env', 'team']), 'ImplicitDeny');
    assert.equal(keys('StringNotEquals', 'cost', ['env', 'team']), 'ImplicitDeny');
    assert.equal(keys('StringEqualsIfExists', ['env', 'team'], ['env', 'team']), 'ImplicitDeny');
    assert.equal(keys('StringLike', '*', ['env', 'team']), 'ImplicitDeny');
    assert.equal(keys('ForAllValues:StringEquals', ['env', 'team'], ['env', 'team']), 'Allow');
    assert.equal(keys('StringEquals', 'env', ['env']), 'Allow');
    assert.equal(keys('StringNotEquals', 'cost', ['env']), 'Allow');
    // A Deny written without a set operator does not apply to a request with two values.
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:TagKeys': 'env' } } };
    assert.equal(decide([allow(), deny], { context: { 'aws:TagKeys': ['env', 'cost'] } }), 'Allow');
    assert.equal(decide([allow(), deny], { context: { 'aws:TagKeys': ['cost'] } }), 'ExplicitDeny');
  });

  it('a service principal is granted by a resource-based policy only', () => {
    const everything = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const trail = 'cloudtrail.amazonaws.com';
    const denied = evaluateAccess([everything], { ...GET, principal: trail });
    assert.equal(denied.decision, 'ImplicitDeny');
    assert.match(denied.notes.join('\n'), /service principal/);
    assert.equal(evaluateAccess([everything, bucket({ Service: trail })], { ...GET, principal: trail }).decision, 'Allow');
    assert.equal(evaluateAccess([everything, bucket({ Service: 'config.amazonaws.com' })], { ...GET, principal: trail }).decision, 'ImplicitDeny');
  });

  it('in one account, a resource-based policy that names the user or the session itself is not limited by a boundary or session policy', () => {
    const identity = policy([allow()]);
    const boundary = policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], 'boundary', 'boundary');
    const session = policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], 'session', 'session');
    // AWS "Evaluating effective permissions with boundaries": the user's ARN in the bucket policy passes the boundary's implicit deny.
    assert.equal(inAccount(ALICE, identity, boundary).decision, 'ImplicitDeny');
    const passed = inAccount(ALICE, identity, boundary, bucket({ AWS: ALICE }));
    assert.equal(passed.decision, 'Allow');
    assert.deepEqual(passed.deciding.map((d) => d.policyType), ['resource']);
    assert.match(passed.notes.join('\n'), /names arn:aws:iam::111122223333:user\/alice itself/);
    // The session's ARN passes both; the role's ARN (for its sessions), an account or `*` does not.
    assert.equal(inAccount(SESSION, identity, boundary, session, bucket({ AWS: SESSION })).decision, 'Allow');
    assert.equal(inAccount(SESSION, identity, session, bucket({ AWS: ROLE })).decision, 'ImplicitDeny');
    assert.equal(inAccount(SESSION, identity, boundary, bucket({ AWS: ROLE })).decision, 'ImplicitDeny');
    assert.equal(inAccount(ALICE, identity, boundary, bucket({ AWS: ACCOUNT })).decision, 'ImplicitDeny');
    assert.equal(inAccount(ALICE, identity, boundary, bucket('*')).decision, 'ImplicitDeny');
    // An explicit Deny in the boundary still wins; across accounts the boundary limits.
    const denyingBoundary = policy([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }], 'boundary', 'boundary');
    assert.equal(inAccount(ALICE, identity, denyingBoundary, bucket({ AWS: ALICE })).decision, 'ExplicitDeny');
    assert.equal(evaluateAccess([identity, boundary, bucket({ AWS: ALICE })], { ...GET, principal: ALICE, resourceAccount: '444455556666' }).decision, 'ImplicitDeny');
    // Without the caller, a grant to a user's ARN past the boundary depends on who calls; `*` never passes it.
    const unknownCaller = evaluateAccess([identity, boundary, bucket({ AWS: ALICE })], { ...GET, resourceAccount: ACCOUNT });
    assert.deepEqual([unknownCaller.decision, unknownCaller.missingContextKeys], ['Depends', ['principal']]);
    assert.equal(evaluateAccess([identity, boundary, bucket('*')], { ...GET, resourceAccount: ACCOUNT }).decision, 'ImplicitDeny');
    // SCPs are no boundary: one that allows nothing still stops it.
    assert.equal(inAccount(ALICE, identity, bucket({ AWS: ALICE }), policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], 'scp', 'scp')).decision, 'ImplicitDeny');
  });

  it('a policy variable without a value never makes a negated test hold, and fails a NotResource', () => {
    const absent = { 's3:prefix': 'alice/', 'aws:username': null };
    assert.equal(withCondition({ StringNotEquals: { 's3:prefix': '${aws:username}/' } }, absent), 'ImplicitDeny');
    assert.equal(withCondition({ StringNotLike: { 's3:prefix': ['bob/*', '${aws:username}/*'] } }, absent), 'ImplicitDeny');
    assert.equal(withCondition({ StringNotEquals: { 's3:prefix': "${aws:username, 'nobody'}/" } }, absent), 'Allow');
    // A positive operator skips the value: another value may still match.
    assert.equal(withCondition({ StringEquals: { 's3:prefix': ['${aws:username}/', 'alice/'] } }, absent), 'Allow');
    // A Deny that needs the variable does not apply without it.
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 's3:prefix': '${aws:username}/' } } };
    assert.equal(decide([allow(), deny], { context: absent }), 'Allow');
    // NotResource with such a variable: the statement applies to nothing; with the key unknown, it depends on it.
    const notHome = [allow({ Resource: undefined, NotResource: 'arn:aws:s3:::b/home/${aws:username}/*' })];
    assert.equal(decide(notHome, { context: { 'aws:username': null } }), 'ImplicitDeny');
    assert.equal(decide(notHome, { context: { 'aws:username': 'alice' } }), 'Allow');
    assert.deepEqual(evaluateAccess([policy(notHome)], GET).missingContextKeys, ['aws:username']);
  });

  it('reads fractions of a second and refuses dates that do not exist', () => {
    const after = (policyDate: string, requestDate: string) => withCondition({ DateGreaterThan: { 'aws:CurrentTime': policyDate } }, { 'aws:CurrentTime': requestDate });
    assert.equal(after('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.500Z'), 'Allow');
    assert.equal(after('2024-01-01T00:00:00.250Z', '2024-01-01T00:00:00.200Z'), 'ImplicitDeny');
    assert.equal(withCondition({ DateEquals: { 'aws:CurrentTime': '2024-01-01T00:00:00.5Z' } }, { 'aws:CurrentTime': '2024-01-01T00:00:00.500Z' }), 'Allow');
    assert.equal(after('2020-01-01', '2024-02-29T12:00:00Z'), 'Allow'); // a leap day
    for (const impossible of ['2021-02-30T00:00:00Z', '2023-02-29', '1900-02-29', '2021-01-01T24:00:00Z', '2021-01-01T10:60:00Z', '2021-13-01', '2021-01-01T10:00:61Z']) {
      assert.equal(after('2020-01-01', impossible), 'ImplicitDeny', impossible);
      assert.equal(withCondition({ DateNotEquals: { 'aws:CurrentTime': '2021-03-02T00:00:00Z' } }, { 'aws:CurrentTime': impossible }), 'Allow', impossible);
    }
    assert.equal(after('2021-02-30', '2024-01-01T00:00:00Z'), 'ImplicitDeny'); // in the policy too
  });

  it('reads numbers strictly: decimal digits with an optional sign and point, nothing else', () => {
    const equals = (policyValue: string, given: string | number) => withCondition({ NumericEquals: { 's3:max-keys': policyValue } }, { 's3:max-keys': given });
    assert.equal(equals('10', '+10'), 'Allow');
    assert.equal(equals('10.0', 10), 'Allow');
    assert.equal(equals('0.5', '.5'), 'Allow');
    assert.equal(equals('5', '5.'), 'Allow');
    for (const text of ['0xA', '1e1', ' 10', '10 ', 'Infinity', '', '1_0']) assert.equal(equals('10', text), 'ImplicitDeny', JSON.stringify(text));
    assert.equal(equals('1e1', '10'), 'ImplicitDeny');
    assert.equal(withCondition({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '0xA' }), 'Allow');
  });

  it('Arn operators compare six-part ARNs only; a bare * matches every ARN', () => {
    const arn = (op: string, value: string, given: string) => withCondition({ [op]: { 'aws:SourceArn': value } }, { 'aws:SourceArn': given });
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:topic-a`;
    assert.equal(arn('ArnLike', 'arn:aws:sns:*', topic), 'ImplicitDeny');
    assert.equal(arn('ArnLike', 'arn:aws:sns:*:*:*', topic), 'Allow');
    assert.equal(arn('ArnNotLike', 'arn:aws:sns:*', topic), 'Allow');
    assert.equal(arn('ArnLike', '*', topic), 'Allow');
    assert.equal(arn('ArnEquals', '*', 'topic-a'), 'ImplicitDeny');
    assert.equal(arn('ArnLike', 'arn:aws:sns:*:*:*', 'sns:eu-west-1:x:y:z:w'), 'ImplicitDeny');
    assert.equal(arn('ArnLike', 'arn:aws:s3:::b/*:*', 'arn:aws:s3:::b/k:v'), 'Allow'); // colons in the resource part
  });

  it('an S3 resource without an account: when the caller is known and the two accounts rules differ, the answer depends on resourceAccount', () => {
    const request = { ...GET, principal: SESSION };
    const open = evaluateAccess([bucket({ AWS: ROLE })], request);
    assert.deepEqual([open.decision, open.missingContextKeys], ['Depends', ['resourceAccount']]);
    assert.match(open.notes.join('\n'), /give resourceAccount/);
    assert.equal(evaluateAccess([bucket({ AWS: ROLE })], { ...request, resourceAccount: ACCOUNT }).decision, 'Allow');
    assert.equal(evaluateAccess([bucket({ AWS: ROLE })], { ...request, resourceAccount: '444455556666' }).decision, 'ImplicitDeny');
    // Both rules agree: no dependency.
    assert.equal(evaluateAccess([bucket({ AWS: ROLE }), policy([allow()])], request).decision, 'Allow');
    assert.equal(evaluateAccess([bucket({ AWS: 'arn:aws:iam::444455556666:role/x' })], request).decision, 'ImplicitDeny');
    // Without a resource-based policy the caller is taken to be in the resource's account, as before.
    assert.equal(evaluateAccess([policy([allow()])], request).decision, 'Allow');
  });

  it('Bool reads true and false only, in any case', () => {
    const bool = (policyValue: unknown, given: string | boolean) => withCondition({ Bool: { 'aws:SecureTransport': policyValue } }, { 'aws:SecureTransport': given });
    assert.equal(bool('TRUE', 'true'), 'Allow');
    assert.equal(bool(false, 'False'), 'Allow');
    assert.equal(bool('yes', 'yes'), 'ImplicitDeny');
    assert.equal(bool('1', '1'), 'ImplicitDeny');
    assert.equal(bool('', ''), 'ImplicitDeny');
  });

  it('an empty string alone is an empty set: ForAllValues holds, ForAnyValue does not', () => {
    // AWS: a context key value that resolves to an empty data set, such as an empty string, makes ForAllValues true.
    const tags = (op: string, given: string | string[]) => withCondition({ [op]: { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': given });
    assert.equal(tags('ForAllValues:StringEquals', ''), 'Allow');
    assert.equal(tags('ForAllValues:StringEquals', ['']), 'Allow');
    assert.equal(tags('ForAnyValue:StringEquals', ''), 'ImplicitDeny');
    assert.equal(tags('ForAnyValue:StringNotEquals', ''), 'ImplicitDeny');
    assert.equal(tags('ForAllValues:StringEquals', ['', 'cost']), 'ImplicitDeny');
    // Without a set operator, an empty string is a value like any other.
    assert.equal(withCondition({ StringEquals: { 'aws:PrincipalTag/team': '' } }, { 'aws:PrincipalTag/team': '' }), 'Allow');
  });

  it('all the given SCP files form one level: an Allow in any of them passes it', () => {
    const scp = (action: string) => policy([{ Effect: 'Allow', Action: action, Resource: '*' }], 'scp', `scp-${action}`);
    assert.equal(evaluateAccess([policy([allow()]), scp('ec2:*'), scp('s3:*')], GET).decision, 'Allow');
    assert.equal(evaluateAccess([policy([allow()]), scp('ec2:*'), scp('sqs:*')], GET).decision, 'ImplicitDeny');
  });

  it('replaces variables in a Resource ARN only after its fifth colon', () => {
    const queue = { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:alice` };
    const send = (resource: string) => evaluateAccess([policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: resource }])], { ...queue, context: { 'aws:PrincipalAccount': ACCOUNT, 'aws:username': 'alice' } }).decision;
    assert.equal(send(`arn:aws:sqs:eu-west-1:${ACCOUNT}:\${aws:username}`), 'Allow');
    assert.equal(send('arn:aws:sqs:eu-west-1:${aws:PrincipalAccount}:alice'), 'ImplicitDeny');
    assert.equal(send('arn:aws:sqs:eu-west-1:${aws:PrincipalAccount}:${aws:username}'), 'ImplicitDeny');
  });

  it('reads IP addresses strictly: no leading zeros, and a request value is an address, not a range', () => {
    const ip = (op: string, given: string) => withCondition({ [op]: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': given });
    assert.equal(ip('IpAddress', '10.1.2.3'), 'Allow');
    assert.equal(ip('IpAddress', '010.1.2.3'), 'ImplicitDeny');
    assert.equal(ip('IpAddress', '10.1.2.3/32'), 'ImplicitDeny');
    assert.equal(withCondition({ IpAddress: { 'aws:SourceIp': '010.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' }), 'ImplicitDeny');
    assert.equal(withCondition({ IpAddress: { 'aws:SourceIp': '2001:0db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }), 'Allow');
  });
});
