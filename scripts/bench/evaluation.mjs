// The offline evaluator: many requests against one policy of 100 statements (actions with
// wildcards, ARNs with policy variables, conditions of several operator families), as a CI
// job checking a file of request tests would run them.
import { createRequire } from 'node:module';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

const SERVICES = ['s3', 'sqs', 'dynamodb', 'kms', 'logs', 'sns', 'ec2', 'lambda', 'iam', 'secretsmanager'];

function policyText() {
  const statements = [];
  for (let i = 0; i < 100; i++) {
    const service = SERVICES[i % SERVICES.length];
    const statement = {
      Sid: `S${i}`,
      Effect: i % 10 === 9 ? 'Deny' : 'Allow',
      Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`, `${service}:Put${i}*`],
      Resource: [`arn:aws:${service}:*:111122223333:${service}-${i}/*`, `arn:aws:${service}:eu-west-1:111122223333:home/\${aws:username}/*`],
    };
    if (i % 3 === 0) statement.Condition = { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue', `t${i}`] }, Bool: { 'aws:SecureTransport': 'true' } };
    if (i % 5 === 0) statement.Condition = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } };
    statements.push(statement);
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function requests(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const service = SERVICES[i % SERVICES.length];
    out.push({
      action: `${service}:${['GetObject', 'ListThings', 'DescribeX', `Put${i % 100}Item`, 'DeleteAll'][i % 5]}`,
      resource: i % 2 ? `arn:aws:${service}:eu-west-1:111122223333:${service}-${i % 100}/x` : `arn:aws:${service}:eu-west-1:111122223333:home/u${i % 7}/x`,
      context: { 'aws:username': `u${i % 7}`, 'aws:PrincipalTag/team': i % 4 ? 'red' : 'green', 'aws:SecureTransport': 'true', 'aws:SourceIp': i % 3 ? '203.0.113.9' : '198.51.100.1', 'aws:CurrentTime': '2026-12-06T12:00:00Z' },
    });
  }
  return out;
}

/** Time to evaluate `count` requests against the 100-statement policy (median of `runs`), and the decisions' tally. */
export function evaluationTimes(core, service, count, runs) {
  const policy = service.parsePolicy(TextDocument.create('file:///bench/policy.json', 'json', 1, policyText()));
  const list = requests(count);
  const times = [];
  const tally = {};
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (const request of list) {
      const { decision } = core.evaluateAccess([{ policy, type: 'identity', name: 'policy.json' }], request);
      if (run === 0) tally[decision] = (tally[decision] ?? 0) + 1;
    }
    times.push(performance.now() - start);
  }
  return { statements: policy.statements.length, requests: count, ms: median(times), perRequestUs: (median(times) * 1000) / count, tally };
}

/**
 * The editor's "Check Access" through the server over stdio (`iamPolicy/checkAccess`): the
 * answer's round trip for the 100-statement policy and for a generated 1 MB policy, each opened
 * and analysed first, as the command runs on the document in the editor.
 */
export async function checkAccessLatency(serverPath, runs) {
  const { BenchClient } = await import('./lsp.mjs');
  const { generatePolicy } = await import('./generate.mjs');
  const { percentile } = await import('./stats.mjs');
  const client = new BenchClient(serverPath);
  await client.initialize();
  const out = {};
  const list = requests(runs);
  for (const [name, text] of [['100 statements', policyText()], ['1 MB', generatePolicy(1024 * 1024)]]) {
    const uri = `file:///bench/check-access-${name.replace(/\W+/g, '-')}.json`;
    await client.open(uri, text);
    const times = [];
    const decisions = {};
    for (const request of list) {
      const start = performance.now();
      const answer = await client.request('iamPolicy/checkAccess', { textDocument: { uri }, request });
      times.push(performance.now() - start);
      decisions[answer?.decision ?? 'none'] = (decisions[answer?.decision ?? 'none'] ?? 0) + 1;
    }
    out[name] = { bytes: text.length, p50: percentile(times, 50), p95: percentile(times, 95), decisions };
  }
  await client.stop();
  return out;
}
