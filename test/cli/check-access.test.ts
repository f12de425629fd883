// `iam-policy-lint check-access`: requests evaluated against policy files, in words and JSON.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
const run = (cwd: string, args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, 'check-access', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-check-'));
  writeFileSync(
    join(dir, 'role.json'),
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::reports/${aws:username}/*' },
          { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
          { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        ],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'scp.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }));
  return dir;
}

describe('iam-policy-lint check-access', () => {
  it('answers one request in words, with the deciding statement and its position', () => {
    const dir = folder();
    const allowed = run(dir, ['--policy', 'role.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/alice/q3.csv', '--context', 'aws:username=alice']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stdout, 'Allow: s3:GetObject on arn:aws:s3:::reports/alice/q3.csv\n  decided by role.json:4:5 Allow "Read"\n');
    const depends = run(dir, ['--policy', 'role.json', '--policy', 'scp.json:scp', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::reports/x']);
    assert.match(depends.stdout, /^Depends: s3:PutObject on arn:aws:s3:::reports\/x\n {2}depends on: aws:MultiFactorAuthPresent\n/);
    assert.match(depends.stdout, /note: the SCPs allow it/);
    const implicit = run(dir, ['--policy', 'role.json', '--action', 'ec2:RunInstances', '--resource', '*']);
    assert.match(implicit.stdout, /^ImplicitDeny: ec2:RunInstances on \*\n/);
    assert.match(implicit.stdout, /role\.json:4:5 Allow "Read": action ec2:RunInstances is not in Action/);
  });

  it('answers a file of requests in JSON, one result per request in order', () => {
    const dir = folder();
    const requests = [
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::reports/x' },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::reports/x', context: { 'aws:MultiFactorAuthPresent': true } },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::reports/x', context: { 'aws:MultiFactorAuthPresent': null } },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/bob/x', context: { 'aws:username': ['alice'] } },
    ];
    writeFileSync(join(dir, 'requests.json'), JSON.stringify(requests));
    const r = run(dir, ['--policy', 'role.json', '--requests', 'requests.json', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout) as { decision: string; deciding: { file: string; sid?: string; range: { start: { line: number } } }[]; missingContextKeys: string[] }[];
    assert.deepEqual(results.map((x) => x.decision), ['ExplicitDeny', 'Allow', 'ImplicitDeny', 'ImplicitDeny']);
    assert.deepEqual(results[0].deciding.map((d) => [d.file, d.sid, d.range.start.line]), [['role.json', 'NoDelete', 9]]);
    assert.deepEqual(results.map((x) => x.missingContextKeys), [[], [], [], []]);
  });

  it('refuses a request it cannot read, with exit code 2', () => {
    const dir = folder();
    for (const args of [
      ['--action', 's3:GetObject', '--resource', '*'],
      ['--policy', 'role.json', '--action', 's3:GetObject'],
      ['--policy', 'missing.json', '--action', 's3:GetObject', '--resource', '*'],
      ['--policy', 'role.json', '--context', 'novalue', '--action', 'a:b', '--resource', '*'],
      ['--policy', 'role.json', '--requests', 'role.json'],
    ]) {
      const r = run(dir, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^iam-policy-lint check-access: /);
    }
    assert.match(run(dir, ['--help']).stdout, /^Usage: iam-policy-lint check-access/);
    // Options that belong in the requests file, an empty one, and a policy AWS would refuse.
    writeFileSync(join(dir, 'one.json'), JSON.stringify([{ action: 's3:GetObject', resource: '*' }]));
    writeFileSync(join(dir, 'none.json'), '[]');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: [{ Bool: { 'aws:SecureTransport': 'true' } }] }] }));
    assert.equal(run(dir, ['--policy', 'role.json', '--requests', 'one.json', '--context', 'aws:username=a']).code, 2);
    assert.equal(run(dir, ['--policy', 'role.json', '--requests', 'none.json']).code, 2);
    const bad = run(dir, ['--policy', 'bad.json', '--action', 's3:GetObject', '--resource', '*']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json:1:\d+: malformed-condition: /);
    // Context keys are data, whatever their name; -h as a value is a value.
    const odd = run(dir, ['--policy', 'role.json', '--action', 's3:GetObject', '--resource', 'x', '--context', '__proto__=x', '--context', 'constructor=-h']);
    assert.equal(odd.code, 0, odd.stderr);
    assert.match(odd.stdout, /^ImplicitDeny: s3:GetObject on x/);
  });
});

describe('iam-policy-lint test', () => {
  const test = (cwd: string, args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'test', ...args], { cwd, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('runs the example request tests and passes', () => {
    const r = test(process.cwd(), ['examples/access']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^pass {2}examples\/access\/project-reader\.iam-tests\.yaml:11: reads an asset from the office network in Ireland$/m);
    assert.match(r.stdout, /10 passed, 0 failed in 3 test files\.\n$/);
  });

  it('fails on a wrong expectation, saying what was decided and by which statement; JSON too', () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'role.iam-tests.yaml'),
      ['policies:', '  - role.json', 'tests:', '  - name: deletes are allowed', '    action: s3:DeleteObject', '    resource: arn:aws:s3:::reports/x', '    expect: Allow', '  - name: reads depend on the user', '    action: s3:GetObject', '    resource: arn:aws:s3:::reports/a/x', '    expect: Depends', ''].join('\n'),
    );
    const r = test(dir, []);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL {2}role\.iam-tests\.yaml:4: deletes are allowed\n {6}expected Allow, got ExplicitDeny by role\.json Deny "NoDelete"$/m);
    assert.match(r.stdout, /^pass {2}role\.iam-tests\.yaml:8: reads depend on the user$/m);
    const json = JSON.parse(test(dir, ['--format', 'json']).stdout) as { name: string; passed: boolean; decision: string }[];
    assert.deepEqual(json.map((t) => [t.name, t.passed, t.decision]), [['deletes are allowed', false, 'ExplicitDeny'], ['reads depend on the user', true, 'Depends']]);
  });

  it('exits 2 on a test file it cannot run', () => {
    const dir = folder();
    writeFileSync(join(dir, 'broken.iam-tests.yaml'), 'policies:\n  - missing.json\ntests: []\n');
    const r = test(dir, ['broken.iam-tests.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.iam-tests\.yaml:2: cannot read the policy missing\.json/);
  });

  it('evaluates a policy inside a template, picked by words of its label, and refuses one AWS would refuse', () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'stack.yaml'),
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Resources:',
        '  Reader:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }',
        '      Policies:',
        '        - PolicyName: read',
        '          PolicyDocument:',
        "            Version: '2012-10-17'",
        '            Statement:',
        '              - Sid: Reports',
        '                Effect: Allow',
        '                Action: s3:GetObject',
        "                Resource: !Sub 'arn:${AWS::Partition}:s3:::reports-${Env}/*'",
        '              - Sid: Fixed',
        '                Effect: Allow',
        '                Action: s3:ListBucket',
        '                Resource: arn:aws:s3:::fixed',
        '',
      ].join('\n'),
    );
    const tests = (policy: string) =>
      [
        'policies:',
        '  - file: stack.yaml',
        `    policy: ${policy}`,
        'tests:',
        '  - name: lists the fixed bucket',
        '    action: s3:ListBucket',
        '    resource: arn:aws:s3:::fixed',
        '    expect: Allow',
        '  - name: reads a report of some environment',
        '    action: s3:GetObject',
        '    resource: arn:aws:s3:::reports-prod/q3.csv',
        '    expect: Depends',
        '  - name: no queue',
        '    action: s3:GetObject',
        '    resource: arn:aws:s3:::logs/x',
        '    expect: ImplicitDeny',
        '',
      ].join('\n');
    writeFileSync(join(dir, 'stack.iam-tests.yaml'), tests('Reader Policies[0].PolicyDocument'));
    const r = test(dir, []);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 passed, 0 failed/);
    const json = JSON.parse(test(dir, ['--format', 'json']).stdout) as { decision: string; missingContextKeys: string[] }[];
    assert.deepEqual(json[1].missingContextKeys, ['(a value computed at deploy time)']);
    // Words that select both policies of the role are not enough: the message lists the labels.
    writeFileSync(join(dir, 'stack.iam-tests.yaml'), tests('Reader'));
    const ambiguous = test(dir, []);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /stack\.iam-tests\.yaml:2: "Reader" selects 2 policies of stack\.yaml: add words \(its policies: "Reader \(AWS::IAM::Role\) AssumeRolePolicyDocument", "Reader \(AWS::IAM::Role\) Policies\[0\]\.PolicyDocument"\)/);
    // A policy AWS would refuse has no answer to test.
    writeFileSync(join(dir, 'bad.json'), '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}');
    writeFileSync(join(dir, 'stack.iam-tests.yaml'), 'policies: [bad.json]\ntests: []\n');
    const refused = test(dir, []);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /bad\.json:1:\d+: missing-resource: .*\(AWS would refuse this policy\)/);
  });
});
