// `iam-policy-lint access` and `iam-policy-lint diff`: the effective access of a policy file and
// the access a change adds, in words and JSON, with their exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
const run = (cwd: string, args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

const READER = [
  { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  { Sid: 'Pass', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' },
  { Sid: 'NoLocked', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/locked/*' },
];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-access-'));
  writeFileSync(join(dir, 'reader.json'), policy(READER));
  writeFileSync(join(dir, 'bucket.json'), policy([{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }]));
  writeFileSync(join(dir, 'broken.json'), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", ');
  return dir;
}

describe('iam-policy-lint access', () => {
  it('prints the access by service, level and action, with resources, conditions, Denies and statements', () => {
    const r = run(folder(), ['access', 'reader.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'reader.json: identity policy',
        'Grants 3 actions in 2 services: List 1, Read 1, Write 1, Permissions management 0, Tagging 0',
        'Write: iam:PassRole',
        '',
        'iam (AWS Identity and Access Management (IAM)): 1 action',
        '  Write',
        '    iam:PassRole on arn:aws:iam::111122223333:role/app-* [statement 1 "Pass" (line 21)]',
        '',
        's3 (Amazon S3): 2 actions',
        '  List',
        '    s3:ListBucket on arn:aws:s3:::reports, arn:aws:s3:::reports/* (conditional: Bool aws:SecureTransport "true") [statement 0 "Read" (line 4)]',
        '  Read',
        '    s3:GetObject on arn:aws:s3:::reports, arn:aws:s3:::reports/* (conditional: Bool aws:SecureTransport "true") (limited by Deny statement 2 "NoLocked" (line 27) on arn:aws:s3:::reports/locked/*) [statement 0 "Read" (line 4)]',
        '',
      ].join('\n'),
    );
  });

  it('prints the same structure as JSON', () => {
    const r = run(folder(), ['access', 'reader.json', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      file: string;
      total: number;
      counts: Record<string, number>;
      services: { prefix: string; levels: { level: string; actions: { action: string; grants: { resources: string[]; condition?: { text: string }; statement: { sid: string } }[] }[] }[] }[];
      publicAccess: { applies: boolean };
    };
    assert.equal(json.file, 'reader.json');
    assert.equal(json.total, 3);
    assert.deepEqual(json.counts, { List: 1, Read: 1, Write: 1, 'Permissions management': 0, Tagging: 0 });
    const get = json.services[1].levels[1].actions[0];
    assert.equal(get.action, 's3:GetObject');
    assert.deepEqual(get.grants[0].resources, ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']);
    assert.equal(get.grants[0].condition?.text, 'Bool aws:SecureTransport "true"');
    assert.equal(get.grants[0].statement.sid, 'Read');
    assert.equal(json.publicAccess.applies, false);
  });

  it('fails a --must-not-grant check the policy breaks, and passes one it keeps', () => {
    const dir = folder();
    const granted = run(dir, ['access', 'reader.json', '--must-not-grant', 'iam:PassRole:arn:aws:iam::111122223333:role/app-web', '--must-not-grant', 's3:Delete*']);
    assert.equal(granted.code, 1, granted.stderr);
    assert.match(granted.stdout, /\nMust not grant iam:PassRole on arn:aws:iam::111122223333:role\/app-web: GRANTED\n {2}iam:PassRole on arn:aws:iam::111122223333:role\/app-\* \[statement 1 "Pass" \(line 21\)\]\nMust not grant s3:Delete\*: not granted\n$/);
    const kept = run(dir, ['access', 'reader.json', '--must-not-grant', 'iam:PassRole:arn:aws:iam::111122223333:role/admin']);
    assert.equal(kept.code, 0, kept.stdout);
    assert.match(kept.stdout, /Must not grant iam:PassRole on arn:aws:iam::111122223333:role\/admin: not granted\n$/);
  });

  it('reports public access of a resource-based policy, and fails on it with --no-public-access', () => {
    const dir = folder();
    const shown = run(dir, ['access', 'bucket.json']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /s3:GetObject on arn:aws:s3:::site\/\* for \* \[statement 0 "PublicRead" \(line 4\)\]/);
    assert.match(shown.stdout, /\nPublic access: statement 0 "PublicRead" \(line 4\): Anyone can use this Allow/);
    assert.equal(run(dir, ['access', 'bucket.json', '--no-public-access']).code, 1);
    assert.equal(run(dir, ['access', 'reader.json', '--no-public-access']).code, 0);
  });

  it('refuses usage errors and unreadable policies with exit code 2', () => {
    const dir = folder();
    for (const args of [['access'], ['access', 'reader.json', 'bucket.json'], ['access', 'missing.json'], ['access', 'broken.json'], ['access', 'reader.json', '--format', 'xml'], ['access', 'reader.json', '--must-not-grant', 's3']]) {
      const r = run(dir, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^iam-policy-lint access: /);
    }
    assert.match(run(dir, ['access', 'broken.json']).stderr, /broken\.json:1:\d+: the JSON cannot be read/);
    assert.match(run(dir, ['access', '--help']).stdout, /^Usage: iam-policy-lint access/);
  });
});

describe('iam-policy-lint diff', () => {
  it('exits 1 and lists the added access, with what was removed', () => {
    const dir = folder();
    const widened = READER.map((s) => (s.Sid === 'Pass' ? { ...s, Resource: 'arn:aws:iam::111122223333:role/*' } : s.Sid === 'Read' ? { ...s, Condition: undefined } : s));
    writeFileSync(join(dir, 'new.json'), policy([...widened.filter((s) => s.Sid !== 'NoLocked'), { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/inbox/*' }]));
    const r = run(dir, ['diff', 'reader.json', 'new.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'Access added (6):',
        '  + iam:PassRole (Write) on arn:aws:iam::111122223333:role/*: resource not granted before [new.json statement 1 "Pass" (line 16)]',
        '  + s3:GetObject (Read) on arn:aws:s3:::reports: condition removed [new.json statement 0 "Read" (line 4)]',
        '  + s3:GetObject (Read) on arn:aws:s3:::reports/*: condition removed [new.json statement 0 "Read" (line 4)]',
        '  + s3:ListBucket (List) on arn:aws:s3:::reports: condition removed [new.json statement 0 "Read" (line 4)]',
        '  + s3:ListBucket (List) on arn:aws:s3:::reports/*: condition removed [new.json statement 0 "Read" (line 4)]',
        '  + s3:PutObject (Write) on arn:aws:s3:::reports/inbox/*: action not granted before [new.json statement 2 "Write" (line 22)]',
        'Access removed: none',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when the change only takes access away, and says what it removes in JSON', () => {
    const dir = folder();
    writeFileSync(join(dir, 'new.json'), policy([READER[0], READER[2]]));
    assert.equal(run(dir, ['diff', 'reader.json', 'reader.json']).stdout, 'Access added: none\nAccess removed: none\n');
    const r = run(dir, ['diff', 'reader.json', 'new.json', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { old: string; new: string; added: unknown[]; removed: { action: string; resource: string; reason: string; statement: { sid: string } }[] };
    assert.deepEqual([json.old, json.new, json.added], ['reader.json', 'new.json', []]);
    assert.deepEqual(json.removed.map((e) => [e.action, e.resource, e.reason, e.statement.sid]), [['iam:PassRole', 'arn:aws:iam::111122223333:role/app-*', 'action no longer granted', 'Pass']]);
  });

  it('reads the old version from git with git:<ref>:<path>', () => {
    const dir = folder();
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    git('add', 'reader.json');
    git('commit', '-q', '-m', 'reader');
    writeFileSync(join(dir, 'reader.json'), policy([...READER, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]));
    const r = run(dir, ['diff', 'git:HEAD:reader.json', 'reader.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Access added \(1\):\n {2}\+ sqs:SendMessage \(Write\) on \*: action not granted before \[reader\.json statement 3 \(line 33\)\]\n/);
    const missing = run(dir, ['diff', 'git:HEAD:nothing.json', 'reader.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^iam-policy-lint diff: cannot read git:HEAD:nothing\.json: /);
  });

  it('refuses usage errors and unreadable policies with exit code 2', () => {
    const dir = folder();
    for (const args of [['diff', 'reader.json'], ['diff', 'reader.json', 'missing.json'], ['diff', 'reader.json', 'broken.json'], ['diff', 'reader.json', 'bucket.json', '--policy-type', 'nonsense']]) {
      const r = run(dir, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^iam-policy-lint diff: /);
    }
  });

  it('is listed in the main usage text', () => {
    const usage = run(folder(), ['--help']).stdout;
    assert.match(usage, /iam-policy-lint access --help/);
    assert.match(usage, /iam-policy-lint diff --help/);
  });
});
