import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
const FIXTURES = 'test/fixtures/cli';

function lint(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('iam-policy-lint', () => {
  it('exits 0 on a clean policy', () => {
    const r = lint([`${FIXTURES}/clean.json`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No problems in 1 policy/);
  });

  it('prints file:line:col, severity, code, message and a code frame, and exits 1 on errors', () => {
    const r = lint([`${FIXTURES}/typo.json`, '--no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^test\/fixtures\/cli\/typo\.json:5:15 {2}error {2}unknown-action {2}Unknown action 's3:GetObjekt'\. Did you mean 's3:GetObject'\?$/m);
    assert.match(r.stdout, /^ {2}5 \| {5}"Action": "s3:GetObjekt",$/m);
    assert.match(r.stdout, /^ {6} {14}\^{14}$/m);
  });

  it('walks folders, skipping files that are not policies, and emits LSP diagnostics as JSON', () => {
    const r = lint([FIXTURES, '--format', 'json']);
    assert.equal(r.code, 1);
    const results = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; range: unknown; severity: number; message: string }[] }[];
    assert.deepEqual(results.map((x) => x.file).sort(), [`${FIXTURES}/clean.json`, `${FIXTURES}/typo.json`]);
    const typo = results.find((x) => x.file.endsWith('typo.json'))!;
    assert.deepEqual(typo.diagnostics[0].range, { start: { line: 4, character: 14 }, end: { line: 4, character: 28 } });
    assert.equal(typo.diagnostics[0].severity, 1);
    assert.equal(typo.diagnostics[0].code, 'unknown-action');
  });

  it('expands globs and reads stdin with -', () => {
    assert.equal(lint([`${FIXTURES}/c*.json`]).code, 0);
    const r = lint(['-', '--format=json'], '{"Statement": {"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}}');
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout)[0].file, '<stdin>');
  });

  it('notes a named file that is not a policy, without failing', () => {
    const r = lint([`${FIXTURES}/not-a-policy.json`]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /skipped \(not an IAM policy\)/);
  });

  it('exits 2 with a clear message on usage errors and unreadable input, never a stack trace', () => {
    for (const args of [['--policy-type', 'nope', FIXTURES], ['--format', 'xml', FIXTURES], ['missing.json'], [], ['--bogus'], ['--jobs', '0', FIXTURES]]) {
      const r = lint(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^iam-policy-lint: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('honours --policy-type and --severity', () => {
    const r = lint([`${FIXTURES}/typo.json`, '--severity', 'unknown-action=warning', '--policy-type', 'identity']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warning {2}unknown-action/);
  });

  it('with --policy-type, checks what it is given as that policy, whatever it looks like; a template stays a template', () => {
    const notObject = lint(['--no-color', '--policy-type', 'trust', '-'], '[]\n');
    assert.match(notObject.stdout, /error {2}missing-statement {2}A policy is a JSON object with a Statement element, not an array\./);
    // A document that holds a policy deeper down stays its host: the policy inside is checked.
    const host = lint(['--no-color', '--policy-type', 'trust', '-'], '{"Role": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRol"}]}}}');
    assert.match(host.stdout, /unknown-action {2}Unknown action 'sts:AssumeRol'/);
    assert.doesNotMatch(host.stdout, /missing-statement|unknown-element/);
    const notJson = lint(['--no-color', '--policy-type', 'identity', '-'], 'Allow s3:GetObject\n');
    assert.equal(notJson.code, 1, notJson.stdout);
    assert.match(notJson.stdout, /^<stdin>:1:1 {2}error {2}json-syntax /m);
    const shapes: [string, RegExp][] = [
      ['{"Version": "2012-10-17", "Statement": "Allow s3:GetObject"}', /error {2}invalid-statement {2}Statement must be a statement object or an array of them, not a string\./],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ["arn:aws:iam::111122223333:root"], "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}', /error {2}invalid-principal {2}Principal must be "\*" or an object of principal types .*, not an array\./],
    ];
    for (const [text, expected] of shapes) {
      const r = lint(['--no-color', '--policy-type', 'resource', '-'], text);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, expected);
    }
    // Read alone, a policy about sts:AssumeRole with a Resource (a VPC endpoint policy) is not taken for a role's trust policy.
    const endpoint = lint(['--no-color', '-'], '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/app-*"}]}');
    assert.doesNotMatch(endpoint.stdout, /trust-policy-element/);
    assert.match(lint(['--no-color', '--policy-type', 'trust', '-'], '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}').stdout, /error {2}trust-policy-element /);
    // In a folder, --policy-type types the policies found; other JSON files are still passed over.
    const folder = mkdtempSync(join(tmpdir(), 'typed-'));
    writeFileSync(join(folder, 'package.json'), '{"name": "x", "version": "1.0.0"}\n');
    writeFileSync(join(folder, 'trust.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n');
    const walked = lint(['--no-color', '--policy-type', 'trust', folder]);
    assert.equal(walked.code, 0, walked.stdout);
    assert.match(walked.stdout, /No problems in 1 policy\./);
    const template = lint(['--no-color', '--policy-type', 'identity', 'test/fixtures/templates/template.json']);
    assert.doesNotMatch(template.stdout, /json-syntax|missing-statement|invalid-statement/);
    assert.match(template.stdout, /\[\w+ \(AWS::/);
  });

  it('prints its version with the IAM data version', () => {
    const r = lint(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^iam-policy-lint \d+\.\d+\.\d+\nIAM data: @cloud-copilot\/iam-data \d+\.\d+\.\d+ \(\d{4}-\d\d-\d\d\), \d+ services, \d+ actions\n$/);
  });
  it('follows file() and templatefile() in Terraform: the files read are linted as the policy type their attribute gives', () => {
    const folder = 'test/fixtures/terraform/files';
    for (const args of [[folder], [`${folder}/main.tf`]]) {
      const r = lint([...args, '--no-color']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const findings = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
      const expected = [
        `${folder}/policies/bucket.json:5:7  error  missing-principal  This statement of a resource-based policy needs a Principal saying whom it applies to. [read by aws_s3_bucket_policy.logs.policy in ${folder}/main.tf]`,
        `${folder}/policies/trust.json:8:7  error  trust-policy-element  IAM rejects a role trust policy with Resource: the role is the resource of its trust policy. [read by aws_iam_role.ci.assume_role_policy in ${folder}/main.tf]`,
        `${folder}/templates/deploy.json.tftpl:11:18  error  unknown-action  Unknown action 's3:ListBuckett'. Did you mean 's3:ListBucket'? [read by aws_iam_role_policy.ci.policy in ${folder}/main.tf]`,
      ];
      assert.deepEqual([...findings].sort(), expected, `${args.join(' ')}:\n${r.stdout}`);
      assert.match(r.stderr, /note: test\/fixtures\/terraform\/files\/policies\/missing\.json \(read by aws_iam_policy\.gone\.policy in test\/fixtures\/terraform\/files\/main\.tf\) cannot be read: not linted/);
    }
    // A templatefile() template named .json is still a template: ${...} computed, $${ a literal.
    const template = lint(['--no-color', 'test/fixtures/terraform/json-template']);
    assert.deepEqual(template.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l)), [
      "test/fixtures/terraform/json-template/policy.json:11:17  error  unknown-action  Unknown action 's3:ListBuckett'. Did you mean 's3:ListBucket'? [read by aws_iam_policy.app.policy in test/fixtures/terraform/json-template/main.tf]",
    ]);
    // Alone, the bucket policy reads as an identity policy: no Principal needed.
    assert.equal(lint([`${folder}/policies/bucket.json`]).code, 0);
  });
});
