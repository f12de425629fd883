import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

// Files a user may hand the linter by mistake or by malice: each must end in a clear
// message and an exit code, never a hang, a crash or an "internal error".
const CLI = resolve(process.env.BUILD_OUT || 'dist', 'cli.js');
const POSIX = process.platform !== 'win32';
const ROOT = POSIX && process.getuid?.() === 0;

/** One misspelt action: one unknown-action error at line 5, column 15. */
const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": {\n    "Effect": "Allow",\n    "Action": "s3:GetObjekt",\n    "Resource": "*"\n  }\n}\n';

interface Result {
  file: string;
  diagnostics: { code: string; range: unknown; relatedInformation?: { location: { uri: string } }[] }[];
  skipped?: string;
}

/** Runs the CLI in `cwd`; a hang fails the test after 30 s instead of stalling the suite. */
function lint(cwd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [CLI, '--no-color', ...args], { cwd, encoding: 'utf8', timeout: 30_000, ...options });
  assert.equal(r.error, undefined, `${args.join(' ')}: ${r.error}`);
  const [stdout, stderr] = [String(r.stdout), String(r.stderr)];
  assert.doesNotMatch(stderr, /internal error|\n\s+at /, `${args.join(' ')}: ${stderr}`);
  return { code: r.status, stdout, stderr, json: () => JSON.parse(stdout) as Result[] };
}

/** A fresh folder with `files` (path → content), removed afterwards. */
function inFolder(files: Record<string, string | Buffer>, body: (dir: string) => void): void {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'iam-lint-input-')));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const files = (results: Result[]) => results.map((r) => r.file).sort();

describe('iam-policy-lint on hostile input', () => {
  it('reports an unreadable sub-folder and still lints every other file', { skip: !POSIX && 'no chmod' }, (t) => {
    // Root reads through chmod 000: then the CLI runs as an unprivileged user, if this process may switch.
    const user = ROOT ? { uid: 65534, gid: 65534 } : {};
    // The other user must also be able to run the CLI (a checkout under /root is not theirs to read).
    if (ROOT && spawnSync(process.execPath, [CLI, '--version'], user).status !== 0) return t.skip('running as root, and another user cannot run the CLI here');
    inFolder({ 'a.json': POLICY, 'locked/b.json': POLICY, 'z/c.json': POLICY }, (dir) => {
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'locked'), 0);
      try {
        const r = lint(dir, ['--format', 'json', '.'], user);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^iam-policy-lint: cannot read folder locked: permission denied$/m);
        assert.deepEqual(files(r.json()), ['a.json', 'z/c.json']);
      } finally {
        chmodSync(join(dir, 'locked'), 0o700);
      }
    });
  });

  it('follows symbolic links to files and folders, lints each real file once, and never loops', { skip: !POSIX && 'symbolic links need privileges' }, () => {
    inFolder({ 'policies/p.json': POLICY, 'outside/e.json': POLICY, 'shared/f.json': POLICY, 'policies/sub/.keep': '' }, (dir) => {
      symlinkSync('../outside/e.json', join(dir, 'policies/e.json'));
      symlinkSync('../shared', join(dir, 'policies/shared'));
      symlinkSync('p.json', join(dir, 'policies/again.json'));
      symlinkSync('..', join(dir, 'policies/sub/up'));
      symlinkSync('.', join(dir, 'policies/self'));
      symlinkSync('../missing.json', join(dir, 'policies/gone.json'));
      const r = lint(dir, ['--format', 'json', 'policies']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(files(r.json()), ['policies/e.json', 'policies/p.json', 'policies/shared/f.json']);
      assert.match(r.stderr, /^iam-policy-lint: note: skipped policies\/gone\.json: dangling symbolic link/m);

      const named = lint(dir, ['policies/gone.json']);
      assert.equal(named.code, 2);
      assert.match(named.stderr, /^iam-policy-lint: cannot read policies\/gone\.json: dangling symbolic link$/m);
    });
  });

  it('decodes UTF-16 with a byte order mark, little- and big-endian; a NUL byte without one is a binary file', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(POLICY, 'utf16le').swap16()]);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICY)]);
    inFolder({ 'le.json': le, 'be.json': be, 'bom8.json': utf8, 'nul.json': POLICY.replace('*', '*\0') }, (dir) => {
      const r = lint(dir, ['--format', 'json', 'le.json', 'be.json', 'bom8.json', 'nul.json']);
      // The binary file was named, so it fails the run as unreadable input; the others are still linted.
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^iam-policy-lint: cannot read nul\.json: binary file \(it holds a NUL byte\)$/m);
      const results = r.json();
      assert.deepEqual(files(results), ['be.json', 'bom8.json', 'le.json']);
      for (const result of results) {
        const unknown = result.diagnostics.find((d) => d.code === 'unknown-action');
        assert.deepEqual(unknown?.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 28 } }, result.file);
      }
    });
  });

  it('fails the run on a named file it cannot lint (too large, binary, empty), and passes over such files in a folder', () => {
    const big = `{"Statement": [${'{}, '.repeat(1024 * 1024)}{}]}`;
    const nul = POLICY.replace('*', '*\0');
    inFolder({ 'p.json': POLICY, 'big.json': big, 'nul.json': nul, 'empty.json': '', 'blank.json': ' \r\n\t\n', 'folder/p.json': POLICY, 'folder/big.json': big, 'folder/nul.json': nul, 'folder/empty.json': '' }, (dir) => {
      for (const [name, why] of [['big.json', 'larger than 3 MB'], ['nul.json', 'binary file (it holds a NUL byte)'], ['empty.json', 'empty file'], ['blank.json', 'empty file']]) {
        const r = lint(dir, ['--format', 'json', name]);
        assert.equal(r.code, 2, `${name}: ${r.stderr}`);
        assert.equal(r.stderr, `iam-policy-lint: cannot read ${name}: ${why}\n`);
        assert.deepEqual(r.json(), []);
      }
      // Named beside a policy with an error: the policy's findings are still reported, and the run still fails with 2.
      const both = lint(dir, ['--format', 'json', 'p.json', 'empty.json']);
      assert.equal(both.code, 2, both.stderr);
      assert.deepEqual(files(both.json()), ['p.json']);
      assert.ok(both.json()[0].diagnostics.some((d) => d.code === 'unknown-action'));
      // Found by walking a folder: the large file is listed as skipped, the binary and empty ones are no policies.
      const walked = lint(dir, ['--format', 'json', 'folder']);
      assert.equal(walked.code, 1, walked.stderr);
      assert.equal(walked.stderr, '');
      assert.deepEqual(walked.json(), [
        { file: 'folder/big.json', diagnostics: [], skipped: 'larger than 3 MB' },
        ...walked.json().filter((r) => r.file === 'folder/p.json'),
      ]);
    });
  });

  it('never opens a FIFO or a device, and reads files and stdin only up to the size limit', { skip: !POSIX && 'no FIFOs' }, () => {
    inFolder({ 'big.json': `{"Statement": [${'{}, '.repeat(1024 * 1024)}{}]}`, 'folder/p.json': POLICY }, (dir) => {
      assert.equal(spawnSync('mkfifo', [join(dir, 'fifo.json')]).status, 0);
      assert.equal(spawnSync('mkfifo', [join(dir, 'folder/fifo.json')]).status, 0);
      const named = lint(dir, ['fifo.json', ...(existsSync('/dev/zero') ? ['/dev/zero'] : []), 'big.json']);
      assert.equal(named.code, 2);
      assert.match(named.stderr, /^iam-policy-lint: cannot read fifo\.json: not a regular file \(a FIFO\)$/m);
      if (existsSync('/dev/zero')) assert.match(named.stderr, /^iam-policy-lint: cannot read \/dev\/zero: not a regular file \(a character device\)$/m);
      assert.match(named.stderr, /^iam-policy-lint: cannot read big\.json: larger than 3 MB$/m);
      // In a folder, a FIFO is passed over like any file that is not a policy.
      const walked = lint(dir, ['--format', 'json', 'folder']);
      assert.equal(walked.code, 1, walked.stderr);
      assert.deepEqual(files(walked.json()), ['folder/p.json']);
    });
    if (!existsSync('/dev/zero')) return;
    const zero = openSync('/dev/zero', 'r');
    try {
      const endless = lint('.', ['-'], { stdio: [zero, 'pipe', 'pipe'] });
      assert.equal(endless.code, 2, endless.stderr);
      assert.match(endless.stderr, /^iam-policy-lint: cannot read <stdin>: larger than 3 MB$/m);
    } finally {
      closeSync(zero);
    }
  });

  it('says so when stdin is empty', () => {
    const r = lint('.', ['-'], { input: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^iam-policy-lint: no input on stdin$/m);
  });

  it('refuses an unknown rule code in --severity, suggesting the close one', () => {
    const r = lint('.', ['--severity', 'resurce-star=off', 'test/fixtures/cli/clean.json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^iam-policy-lint: --severity: unknown rule code 'resurce-star' \(did you mean 'resource-star'\?\)$/m);
    const far = lint('.', ['--severity=no-such-thing=off', 'test/fixtures/cli/clean.json']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /^iam-policy-lint: --severity: unknown rule code 'no-such-thing'$/m);
  });

  it('takes odd names as they are: spaces, %, # and glob characters, folders a glob matches, names after --', () => {
    const duplicateSid = '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
    inFolder({ 'a b %41 #1?.json': duplicateSid, 'x{1}.json': POLICY, 'policies/p.json': POLICY, '-dash.json': POLICY }, (dir) => {
      const odd = lint(dir, ['--format', 'json', 'a b %41 #1?.json']);
      const uri = odd.json()[0].diagnostics.find((d) => d.code === 'duplicate-sid')?.relatedInformation?.[0].location.uri;
      assert.equal(uri, pathToFileURL(join(dir, 'a b %41 #1?.json')).href);

      const r = lint(dir, ['--format', 'json', 'x{1}.json', 'pol*', '--', '-dash.json']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(files(r.json()), ['-dash.json', 'policies/p.json', 'x{1}.json']);

      for (const glob of ['a{b.json', '*}}.json', '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}*.json']) {
        const none = lint(dir, [glob]);
        assert.equal(none.code, 2, glob);
        assert.match(none.stderr, /^iam-policy-lint: no files match /m);
      }
    });
  });

  it('prints no terminal control characters from a file', () => {
    inFolder({ 'escape.json': POLICY.replace('s3:GetObjekt', 's3:Get\x1b[2J\x9bObjekt') }, (dir) => {
      const r = lint(dir, ['escape.json']);
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stdout, /[\x1b\x9b]/);
      assert.match(r.stdout, /s3:Get␛\[2J\uFFFDObjekt/);
    });
  });
});
