// The CLI in CI: a SARIF 2.1.0 log that the official schema accepts and whose fingerprints
// survive unrelated edits, GitHub workflow-command annotations, and the exit code options.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';

const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
// The official schema (OASIS SARIF 2.1.0, final), as Microsoft's SARIF test matchers ship it.
const SCHEMA = JSON.parse(readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8')) as object;

function lint(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      partialFingerprints: { primaryLocationLineHash: string };
    }[];
  }[];
}

describe('iam-policy-lint --format sarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts, with every rule and a result per finding at 1-based positions', () => {
    const r = lint(['--format', 'sarif', 'test/fixtures/cli', 'test/fixtures/terraform/main.tf', 'test/fixtures/templates/role-and-function.yaml']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(SCHEMA);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    // The schema check can fail: a log of another version is refused.
    assert.equal(validate({ ...log, version: '2.0.0' }), false);
    const [run] = log.runs;
    const json = JSON.parse(lint(['--format', 'json', 'test/fixtures/cli', 'test/fixtures/terraform/main.tf', 'test/fixtures/templates/role-and-function.yaml']).stdout) as { file: string; diagnostics: { code: string; range: { start: { line: number; character: number } } }[] }[];
    assert.equal(run.results.length, json.reduce((n, f) => n + f.diagnostics.length, 0));
    assert.ok(run.tool.driver.rules.length >= 60);
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    const typo = run.results.find((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'test/fixtures/cli/typo.json')!;
    assert.deepEqual([typo.ruleId, typo.level, typo.locations[0].physicalLocation.region], ['unknown-action', 'error', { startLine: 5, startColumn: 15, endLine: 5, endColumn: 29 }]);
    assert.match(run.tool.driver.rules.find((x) => x.id === 'unknown-action')!.helpUri, /docs\/rules\.md#unknown-action$/);
    // A finding inside a Terraform policy says which resource it is in.
    assert.ok(run.results.some((x) => x.message.text.endsWith('[aws_iam_role_policy.app.policy]')));
    // Paths are relative to the folder the linter ran in, which the log names.
    const base = (log as unknown as { runs: { originalUriBaseIds: Record<string, { uri: string }> }[] }).runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(base, `${pathToFileURL(process.cwd()).href}/`);
  });

  it('gives a finding with one safe fix that fix, and the fix applied to the file removes the finding', () => {
    const inputs = ['test/fixtures/cli/typo.json', 'test/fixtures/terraform/main.tf', 'test/fixtures/templates/role-and-function.yaml'];
    const log = JSON.parse(lint(['--format', 'sarif', ...inputs]).stdout) as SarifLog;
    type Replacement = { deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } };
    const withFixes = log.runs[0].results.filter((r) => (r as { fixes?: unknown[] }).fixes);
    assert.ok(withFixes.length >= 3, `${withFixes.length} results with fixes`);
    const checked = new Set<string>();
    for (const result of withFixes) {
      const [fix] = (result as unknown as { fixes: { artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[] }[] }).fixes;
      const [change] = fix.artifactChanges;
      const file = change.artifactLocation.uri;
      assert.equal(file, result.locations[0].physicalLocation.artifactLocation.uri);
      const text = readFileSync(file, 'utf8');
      const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
      const offset = (line: number, column: number) => starts[line - 1] + column - 1;
      let fixed = text;
      for (const r of [...change.replacements].sort((a, b) => offset(b.deletedRegion.startLine, b.deletedRegion.startColumn) - offset(a.deletedRegion.startLine, a.deletedRegion.startColumn))) {
        fixed = fixed.slice(0, offset(r.deletedRegion.startLine, r.deletedRegion.startColumn)) + r.insertedContent.text + fixed.slice(offset(r.deletedRegion.endLine, r.deletedRegion.endColumn));
      }
      const dir = mkdtempSync(join(tmpdir(), 'sarif-fix-'));
      const copy = join(dir, file.split('/').pop()!);
      writeFileSync(copy, fixed);
      const count = (path: string) => (JSON.parse(lint(['--format', 'json', path]).stdout) as { diagnostics: { code: string }[] }[]).flatMap((f) => f.diagnostics).filter((d) => d.code === result.ruleId).length;
      assert.equal(count(copy), count(file) - 1, `${result.ruleId} in ${file}: ${fixed}`);
      checked.add(file);
    }
    assert.equal(checked.size, 3);
  });

  it('keeps a finding’s fingerprint when unrelated lines move, and tells identical findings apart', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sarif-'));
    const policy = (before: string) =>
      `${before}{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" },\n    { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }\n  ]\n}\n`;
    const prints = (text: string) => {
      writeFileSync(join(folder, 'policy.json'), text);
      const log = JSON.parse(lint(['--format', 'sarif', 'policy.json'], folder).stdout) as SarifLog;
      return log.runs[0].results.filter((x) => x.ruleId === 'unknown-action').map((x) => x.partialFingerprints.primaryLocationLineHash);
    };
    const first = prints(policy(''));
    assert.equal(first.length, 2);
    assert.notEqual(first[0], first[1]);
    assert.deepEqual(prints(policy('\n\n\n')), first);
  });
});

describe('iam-policy-lint --format github and the exit code options', () => {
  it('prints one workflow command per finding, escaped', () => {
    const r = lint(['--format', 'github', 'test/fixtures/terraform/main.tf']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    // The file as an absolute path: the runner makes it relative to the repository, whatever the step's folder.
    const file = resolve('test/fixtures/terraform/main.tf').replace(/:/g, '%3A').replace(/,/g, '%2C');
    assert.ok(lines.includes(`::error file=${file},line=21,col=21,endLine=21,endColumn=35,title=iam-policy-lint unknown-action::Unknown action 's3:GetObjekt'. Did you mean 's3:GetObject'? [aws_iam_role_policy.app.policy]`), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`::warning file=${file},line=40,`) && l.includes('title=iam-policy-lint public-principal::')));
    assert.ok(lines.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,/.test(l)));
    // Standard input has no file to annotate: the position goes into the message.
    const stdin = spawnSync(process.execPath, [CLI, '--format', 'github', '-'], { encoding: 'utf8', input: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}' });
    assert.match(stdin.stdout, /^::error title=iam-policy-lint unknown-action::Unknown action 's3:GetObjekt'\. .* \(standard input, line 1, column 71\)$/m);
  });

  it('fails on warnings with --fail-on warning or beyond --max-warnings, and never without findings', () => {
    // One warning (a service wildcard), no error.
    const folder = mkdtempSync(join(tmpdir(), 'exit-'));
    writeFileSync(join(folder, 'p.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}\n');
    const file = join(folder, 'p.json');
    assert.equal(lint([file]).code, 0);
    assert.equal(lint([file, '--fail-on', 'warning']).code, 1);
    assert.equal(lint([file, '--max-warnings', '0']).code, 1);
    assert.equal(lint([file, '--max-warnings', '5']).code, 0);
    assert.equal(lint(['test/fixtures/cli/clean.json', '--fail-on', 'information']).code, 0);
    assert.equal(lint([file, '--fail-on', 'everything']).code, 2);
    assert.equal(lint([file, '--fail-on', 'toString']).code, 2);
    // A hint is below information: it fails nothing. (resource-star, information by default, is the one finding here.)
    const info = join(folder, 'info.json');
    writeFileSync(info, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n');
    assert.equal(lint([info, '--fail-on', 'information']).code, 1);
    assert.equal(lint([info, '--severity', 'resource-star=hint', '--fail-on', 'information']).code, 0);
  });
});
