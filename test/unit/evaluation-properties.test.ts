// Properties of the offline evaluator over thousands of generated policies and requests (a
// seeded generator, so a failure is reproducible): rules that must hold whatever the policy says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AccessRequest, evaluateAccess, type EvaluatedPolicy, type PolicyType } from '../../server/src/core';
import { doc, service } from '../helpers/core';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'kms:Decrypt', 'iam:PassRole'];
const PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', '*', 'sqs:Send?essage', 'iam:*Role'];
const RESOURCES = ['arn:aws:s3:::b', 'arn:aws:s3:::b/x.csv', 'arn:aws:s3:::b/home/alice/x', 'arn:aws:sqs:eu-west-1:111122223333:q', 'arn:aws:kms:eu-west-1:111122223333:key/k', 'arn:aws:iam::111122223333:role/r'];
const RESOURCE_PATTERNS = [...RESOURCES, '*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/home/${aws:username}/*', 'arn:aws:*:eu-west-1:*', 'arn:aws:sqs:*:111122223333:?'];
const CONDITIONS = [
  undefined,
  { StringEquals: { 'aws:username': 'alice' } },
  { StringNotEquals: { 'aws:username': ['bob', 'carol'] } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { Null: { 'aws:username': 'false' } },
];
const CONTEXTS: AccessRequest['context'][] = [
  {},
  { 'aws:username': 'alice', 'aws:SourceIp': '203.0.113.9', 'aws:SecureTransport': 'true', 'aws:TagKeys': ['team-a'], 's3:max-keys': '5' },
  { 'aws:username': 'bob', 'aws:SourceIp': '198.51.100.1', 'aws:SecureTransport': 'false', 'aws:TagKeys': [], 's3:max-keys': '50' },
  { 'aws:username': null, 'aws:SourceIp': null, 'aws:SecureTransport': null, 'aws:TagKeys': null, 's3:max-keys': null },
];

type Statement = Record<string, unknown>;

function generator(seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const some = <T>(list: readonly T[]): T[] => Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(list));
  const statement = (effect: 'Allow' | 'Deny' = next() < 0.75 ? 'Allow' : 'Deny'): Statement => {
    const out: Statement = { Effect: effect };
    out[next() < 0.85 ? 'Action' : 'NotAction'] = some(PATTERNS);
    out[next() < 0.85 ? 'Resource' : 'NotResource'] = some(RESOURCE_PATTERNS);
    const condition = pick(CONDITIONS);
    if (condition) out.Condition = condition;
    return out;
  };
  const request = (): AccessRequest => ({ action: pick(ACTIONS), resource: pick(RESOURCES), context: pick(CONTEXTS) });
  return { next, pick, statement, request };
}

const identity = (statements: Statement[], type: PolicyType = 'identity'): EvaluatedPolicy => ({
  policy: service.parsePolicy(doc(JSON.stringify({ Version: '2012-10-17', Statement: statements })), { policyType: type }),
  type,
  name: type,
});

const RUNS = 3000;

describe('evaluator properties (3,000 generated cases each)', () => {
  it('a statement whose only action is unknown never allows, whatever its resources and conditions', () => {
    const g = generator(1);
    for (let i = 0; i < RUNS; i++) {
      const s: Statement = { ...g.statement('Allow'), Action: 'nosuchservice:NoSuchAction' };
      delete s.NotAction;
      const request = g.request();
      assert.notEqual(evaluateAccess([identity([s])], request).decision, 'Allow', JSON.stringify({ s, request }));
    }
  });

  it('an unconditional Deny of the request\'s action on "*" decides, whatever else the policies say', () => {
    const g = generator(2);
    for (let i = 0; i < RUNS; i++) {
      const request = g.request();
      const statements = [g.statement(), g.statement(), { Effect: 'Deny', Action: request.action, Resource: '*' }];
      const result = evaluateAccess([identity(statements)], request);
      assert.equal(result.decision, 'ExplicitDeny', JSON.stringify({ statements, request }));
      assert.ok(result.deciding.some((s) => s.index === 2));
    }
  });

  it('adding an Allow never takes access away, and adding a Deny never grants it', () => {
    const g = generator(3);
    const rank = { ExplicitDeny: 0, ImplicitDeny: 1, Depends: 1, Allow: 2 } as const;
    for (let i = 0; i < RUNS; i++) {
      const request = g.request();
      const base = [g.statement(), g.statement()];
      const before = evaluateAccess([identity(base)], request).decision;
      const withAllow = evaluateAccess([identity([...base, g.statement('Allow')])], request).decision;
      const withDeny = evaluateAccess([identity([...base, g.statement('Deny')])], request).decision;
      if (before === 'Allow') assert.equal(withAllow, 'Allow', JSON.stringify({ base, request }));
      assert.ok(rank[withDeny] <= rank[before] || (before === 'Depends' && withDeny === 'Depends'), JSON.stringify({ base, request, before, withDeny }));
    }
  });

  it('an answer that depends names keys, and giving every key it names (each absent) settles it', () => {
    const g = generator(4);
    for (let i = 0; i < RUNS; i++) {
      const statements = [g.statement(), g.statement(), g.statement()];
      const request = { ...g.request(), context: {} };
      const result = evaluateAccess([identity(statements)], request);
      if (result.decision !== 'Depends') {
        assert.deepEqual(result.missingContextKeys, []);
        continue;
      }
      assert.ok(result.missingContextKeys.length > 0);
      const settled = evaluateAccess([identity(statements)], { ...request, context: Object.fromEntries(result.missingContextKeys.map((k) => [k, null])) });
      assert.notEqual(settled.decision, 'Depends', JSON.stringify({ statements, keys: result.missingContextKeys }));
    }
  });

  it('an SCP that allows everything changes no decision; one that allows nothing leaves no Allow', () => {
    const g = generator(5);
    const everything = identity([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'scp');
    const nothing = identity([{ Effect: 'Allow', Action: 'nosuchservice:*', Resource: '*' }], 'scp');
    for (let i = 0; i < RUNS; i++) {
      const request = g.request();
      const policies = [identity([g.statement(), g.statement()])];
      const alone = evaluateAccess(policies, request).decision;
      assert.equal(evaluateAccess([...policies, everything], request).decision, alone);
      assert.notEqual(evaluateAccess([...policies, nothing], request).decision, 'Allow');
    }
  });
});
