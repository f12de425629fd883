// The project configuration file (.iam-policy-lint.json/.yaml), read by the CLI and by the
// language server alike: severities, policy types by glob, ignored files, suppressions by path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');

function lint(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd, encoding: 'utf8' });
  const results = r.stdout ? (JSON.parse(r.stdout) as { file: string; diagnostics: Diagnostic[] }[]) : [];
  return { code: r.status, stderr: r.stderr, found: results.flatMap((x) => x.diagnostics.map((d) => `${x.file}: ${d.code}`)).sort() };
}

const ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
const TRUST = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}';
const TYPO = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}]}';

/** A project: policies, a generated folder, and a configuration file in YAML or JSON. */
function project(config: string, name = '.iam-policy-lint.yaml'): string {
  const root = mkdtempSync(join(tmpdir(), 'iam-config-'));
  mkdirSync(join(root, 'policies/trust'), { recursive: true });
  mkdirSync(join(root, 'generated'));
  writeFileSync(join(root, 'policies/admin.json'), ADMIN);
  writeFileSync(join(root, 'policies/trust/role.json'), TRUST);
  writeFileSync(join(root, 'generated/typo.json'), TYPO);
  writeFileSync(join(root, name), config);
  return root;
}

const YAML = `severity:
  service-wildcard: off
policyTypes:
  "policies/trust/*.json": trust
ignore:
  - "generated/**"
suppressions:
  - files: policies/admin.json
    rules: [full-admin]
    path: Statement[0]
    reason: break-glass role, reviewed in SEC-142
`;

describe('iam-policy-lint with a configuration file', () => {
  it('applies severities, policy types by glob, ignore globs and path suppressions from the nearest file upward', () => {
    const root = project(YAML);
    const bare = lint(root, ['--no-config', '.']);
    assert.deepEqual(bare.found, [
      'generated/typo.json: unknown-action',
      'policies/admin.json: full-admin',
      'policies/admin.json: redundant-statement',
      'policies/admin.json: resource-star',
      'policies/admin.json: service-wildcard',
    ]);
    // From a sub-folder too: the file is found upward from each linted file.
    // service-wildcard is off, full-admin is accepted in the first statement (resource-star stays
    // on the second), and the trust glob makes Resource an error in role.json.
    for (const cwd of [root, join(root, 'policies')]) {
      const configured = lint(cwd, ['.']);
      const expected = ['policies/admin.json: redundant-statement', 'policies/admin.json: resource-star', 'policies/trust/role.json: trust-policy-element'].map((f) => (cwd === root ? f : f.replace('policies/', '')));
      assert.deepEqual(configured.found, expected, configured.stderr);
      assert.equal(configured.code, 1);
    }
    // A file the configuration ignores is still linted when named.
    assert.deepEqual(lint(root, ['generated/typo.json']).found, ['generated/typo.json: unknown-action']);
  });

  it('lets command-line options win, reads JSON, takes --config for every input, and notes what it does not understand', () => {
    const root = project(JSON.stringify({ severity: { 'service-wildcard': 'off', 'no-such-rule': 'off' }, suppressions: [{ files: 'policies/admin.json', rules: ['full-admin'], path: 'Statement[0]' }], typo: true }), '.iam-policy-lint.json');
    const r = lint(root, ['--severity', 'service-wildcard=warning', 'policies/admin.json']);
    assert.deepEqual(r.found, ['policies/admin.json: full-admin', 'policies/admin.json: redundant-statement', 'policies/admin.json: resource-star', 'policies/admin.json: service-wildcard']);
    assert.match(r.stderr, /unknown setting 'typo'/);
    assert.match(r.stderr, /severity: 'no-such-rule' is not a rule code/);
    assert.match(r.stderr, /suppressions\[0\]: 'reason' is required/);
    const elsewhere = mkdtempSync(join(tmpdir(), 'iam-config-other-'));
    writeFileSync(join(elsewhere, 'strict.yaml'), 'severity:\n  full-admin: off\n');
    assert.deepEqual(lint(root, ['--config', join(elsewhere, 'strict.yaml'), 'policies/admin.json']).found, ['policies/admin.json: redundant-statement', 'policies/admin.json: resource-star', 'policies/admin.json: service-wildcard']);
    const missing = lint(root, ['--config', 'nope.yaml', 'policies/admin.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--config: cannot read nope\.yaml/);
  });
});

describe('where identity policies are stored (their size quota)', () => {
  it('takes identityPolicyKind from the configuration, --identity-policy-kind over it, and notes a value it does not know', () => {
    const statements = Array.from({ length: 90 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    const root = project('identityPolicyKind: managed\n');
    writeFileSync(join(root, 'policies/big.json'), JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
    const sized = (args: string[]) => lint(root, args).found.filter((f) => f.endsWith(': policy-size'));
    assert.deepEqual(sized(['policies/big.json']), ['policies/big.json: policy-size']);
    assert.deepEqual(sized(['--no-config', 'policies/big.json']), []);
    assert.deepEqual(sized(['--identity-policy-kind', 'inline', 'policies/big.json']), []);
    assert.deepEqual(sized(['--no-config', '--identity-policy-kind=user-inline', 'policies/big.json']), ['policies/big.json: policy-size']);
    const wrong = project('identityPolicyKind: huge\n');
    assert.match(lint(wrong, ['policies/admin.json']).stderr, /identityPolicyKind must be one of managed, inline, user-inline, group-inline, permission-set/);
    assert.equal(lint(root, ['--identity-policy-kind', 'huge', 'policies/big.json']).code, 2);
  });
});

describe('path suppressions in a file that cannot hold a comment', () => {
  it('apply to each policy of a JSON template, by the path from the policy\'s root', () => {
    const root = mkdtempSync(join(tmpdir(), 'iam-config-template-'));
    const statement = (action: string) => ({ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b/*' });
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement('s3:GetObjekt'), statement('s3:PutObjekt')] } } },
      },
    };
    writeFileSync(join(root, 'stack.json'), JSON.stringify(template, null, 2));
    assert.deepEqual(lint(root, ['stack.json']).found, ['stack.json: unknown-action', 'stack.json: unknown-action']);
    writeFileSync(join(root, '.iam-policy-lint.json'), JSON.stringify({ suppressions: [{ files: 'stack.json', rules: ['unknown-action'], path: 'Statement[1].Action', reason: 'a preview action' }] }));
    const r = lint(root, ['stack.json']);
    assert.deepEqual(r.found, ['stack.json: unknown-action']);
    assert.equal(r.code, 1);
  });
});

describe('mustNotGrant: access no policy of the project may grant', () => {
  it('reports each statement that grants forbidden access, conditional or not, and says what in the file it cannot read', () => {
    const root = project('mustNotGrant:\n  - iam:CreateUser\n  - s3:DeleteBucket:arn:aws:s3:::prod-*\n  - "not an action"\n');
    writeFileSync(
      join(root, 'policies/ops.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Users', Effect: 'Allow', Action: ['iam:Get*', 'iam:*User'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
          { Sid: 'Buckets', Effect: 'Allow', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::test-*' },
          { Sid: 'Prod', Effect: 'Allow', Action: 's3:Delete*', Resource: 'arn:aws:s3:::*' },
        ],
      }),
    );
    const r = spawnSync(process.execPath, [CLI, '--format', 'json', 'policies/ops.json'], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }[];
    const found = result.diagnostics.filter((d) => d.code === 'must-not-grant').map((d) => [d.range.start.line, d.message]);
    assert.deepEqual(found, [
      [0, "This statement grants iam:CreateUser, which the project's configuration forbids (mustNotGrant: iam:CreateUser)."],
      [0, "This statement grants s3:DeleteBucket, which the project's configuration forbids (mustNotGrant: s3:DeleteBucket:arn:aws:s3:::prod-*)."],
    ]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /mustNotGrant: 'not an action' is not service:Action or service:Action:resource/);
  });
});

describe('language server with a configuration file', () => {
  it('applies the nearest configuration below the user settings, and again when the file changes', async () => {
    const root = project(YAML);
    const { client } = await LspClient.start({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, { severity: { 'resource-star': 'warning' } });
    try {
      const trust = pathToFileURL(join(root, 'policies/trust/role.json')).href;
      const codes = (items: Diagnostic[]) => items.map((d) => `${d.code}:${d.severity}`).sort();
      assert.deepEqual(codes(await client.open(trust, TRUST)), ['trust-policy-element:1']);
      const admin = pathToFileURL(join(root, 'policies/admin.json')).href;
      // The user's setting makes resource-star a warning; the configuration silences the rest.
      assert.deepEqual(codes(await client.open(admin, ADMIN)), ['redundant-statement:4', 'resource-star:2']);
      // Ignored: not analysed in the editor either.
      assert.deepEqual(await client.open(pathToFileURL(join(root, 'generated/typo.json')).href, TYPO), []);
      assert.ok(client.logs.some((l) => l.includes('.iam-policy-lint.yaml')), client.logs.join('\n'));
      // The configuration changes: the server reads it again when told.
      writeFileSync(join(root, '.iam-policy-lint.yaml'), 'severity:\n  full-admin: off\n');
      const next = client.nextDiagnostics(admin);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, '.iam-policy-lint.yaml')).href, type: 2 }] });
      assert.deepEqual(codes(await next), ['redundant-statement:4', 'resource-star:2', 'service-wildcard:2']);
    } finally {
      await client.stop();
    }
  });
});

describe('ready-made integrations: the pre-commit hook and the GitHub Action', () => {
  it('--hook takes the files a hook passes as a folder\'s: what is no policy, too large, empty or ignored is passed over', () => {
    const root = project('ignore:\n  - "generated/**"\n');
    writeFileSync(join(root, 'package-lock.json'), `{"a": "${'x'.repeat(3.5 * 1024 * 1024)}"}`);
    writeFileSync(join(root, 'empty.json'), '');
    const files = ['package-lock.json', 'empty.json', 'generated/typo.json', 'policies/admin.json'];
    const named = lint(root, files);
    assert.equal(named.code, 2);
    const hooked = lint(root, ['--hook', ...files]);
    assert.equal(hooked.code, 0, hooked.stderr); // warnings only
    assert.deepEqual(hooked.found, ['policies/admin.json: full-admin', 'policies/admin.json: redundant-statement', 'policies/admin.json: resource-star', 'policies/admin.json: service-wildcard']);
  });

  it('the hook runs the package\'s CLI with --hook on every file type the CLI reads', async () => {
    const [hook] = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as { id: string; entry: string; args: string[]; language: string; files: string }[];
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    assert.equal(hook.id, 'iam-policy-lint');
    assert.ok(pkg.bin[hook.entry], `${hook.entry} is not a bin of the package`);
    assert.deepEqual([hook.language, hook.args], ['node', ['--hook']]);
    const files = new RegExp(hook.files);
    for (const name of ['p.json', 'p.jsonc', 't.yaml', 't.yml', 't.template', 'main.tf', 'main.tf.json', 'p.json.tftpl', 'p.json.tpl']) assert.ok(files.test(name), name);
    assert.ok(!files.test('README.md'));
  });

  it('the action builds the CLI and passes its inputs through the environment, never into a script', async () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string; steps: { run?: string; uses?: string; env?: Record<string, string> }[] } };
    assert.equal(action.runs.using, 'composite');
    const scripts = action.runs.steps.filter((s) => s.run);
    // A workflow's input pasted into a script would be run as shell code.
    for (const step of scripts) assert.doesNotMatch(step.run!, /\$\{\{/, step.run);
    const lintStep = scripts.find((s) => s.env?.LINTER)!;
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    assert.equal(lintStep.env!.LINTER, `\${{ github.action_path }}/${pkg.bin['iam-policy-lint']}`);
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
  });
});
