// `iam-policy-lint test`: request tests, unit tests for policies. A test file
// (`*.iam-tests.yaml`, `.yml` or `.json`) names policy files and requests with the decision
// each must get; the run fails when one gets another.
//
//   policies:
//     - role.json                 # a path relative to the test file; the type is inferred
//     - file: scp.json
//       type: scp
//   tests:
//     - name: alice reads her own reports
//       action: s3:GetObject
//       resource: arn:aws:s3:::reports/alice/q3.csv
//       context: { aws:username: alice }
//       expect: Allow             # Allow, ExplicitDeny, ImplicitDeny, Depends, or Deny (either deny)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Decision, type EvaluatedPolicy, type Expectation, getBundledCatalog, getIamLanguageService, type IamLanguageService, languageIdOfFile, LineStarts, readRequestTests, REQUEST_TEST_FILE, runRequestTest, testPolicyFromText } from '../core';
import { loadBundledHclParser } from './parallel';

export const TEST_USAGE = `Usage: iam-policy-lint test [file | folder]... [--format text|json]

Runs request tests: files named *.iam-tests.yaml, *.iam-tests.yml or *.iam-tests.json (folders
are searched, the current folder by default). Each names policy files and requests with the
decision they must get: Allow, ExplicitDeny, ImplicitDeny, Depends, or Deny (either deny).

Exit codes: 0 every test passed; 1 a test failed; 2 usage error or a test file that cannot be read.
See docs/evaluation.md.
`;

interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly expect?: Expectation;
  readonly decision?: Decision;
  readonly passed: boolean;
  readonly deciding: readonly string[];
  readonly missingContextKeys: readonly string[];
  /** Why the test could not run (a policy file that is missing, a request without an action). */
  readonly error?: string;
}

/** The test files of the inputs, in path order; folders are walked (not node_modules or dot folders). */
function testFiles(inputs: readonly string[], problems: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 30) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      problems.push(`cannot read the folder ${dir}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path, depth + 1);
      else if (stat.isFile() && REQUEST_TEST_FILE.test(name)) out.push(path);
    }
  };
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      problems.push(`no such file or folder: ${input}`);
      continue;
    }
    if (stat.isDirectory()) walk(input, 0);
    else out.push(input);
  }
  return out;
}

/** The outcomes of one test file; a file that cannot be read, or a policy it names, is a problem instead. */
function runFile(file: string, service: IamLanguageService, problems: string[]): TestOutcome[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: cannot read it: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return [];
  }
  const lines = new LineStarts(text);
  const at = (offset: number) => `${file}:${lines.point(offset).row + 1}`;
  const tests = readRequestTests(text);
  const policies: EvaluatedPolicy[] = [];
  for (const reference of tests.policies) {
    const path = resolve(dirname(file), reference.file.value);
    let policyText: string;
    try {
      policyText = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${at(reference.file.start)}: cannot read the policy ${reference.file.value}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      continue;
    }
    const read = testPolicyFromText(service, reference, pathToFileURL(path).href, languageIdOfFile(path), policyText);
    if (typeof read === 'string') problems.push(`${at(reference.file.start)}: ${read}`);
    else policies.push(read.evaluated);
  }
  // The file's own problems are problems too: a test file that is not what it says runs nothing.
  for (const p of tests.problems) problems.push(`${at(p.start)}: ${p.message}`);
  if (policies.length !== tests.policies.length || tests.problems.length > 0) return [];
  return tests.tests.map((test): TestOutcome => {
    const outcome = runRequestTest(test, policies);
    const base = { file, name: test.name, line: lines.point(test.start).row + 1, expect: test.expect?.value };
    if (!outcome.result) return { ...base, passed: false, deciding: [], missingContextKeys: [], error: outcome.error };
    const { result } = outcome;
    const deciding = result.deciding.map((s) => `${s.policy} ${s.effect}${s.sid ? ` "${s.sid}"` : s.index !== undefined ? ` statement ${s.index}` : ''}`);
    return { ...base, decision: result.decision, passed: outcome.passed, deciding, missingContextKeys: result.missingContextKeys };
  });
}

/** `iam-policy-lint test ...`: the exit code. */
export async function runRequestTests(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      out(TEST_USAGE);
      return 0;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'text' && value !== 'json') {
        err(`iam-policy-lint test: --format must be text or json\n\n${TEST_USAGE}`);
        return 2;
      }
      format = value;
    } else if (arg.startsWith('-')) {
      err(`iam-policy-lint test: unknown option ${arg}\n\n${TEST_USAGE}`);
      return 2;
    } else inputs.push(arg);
  }
  const problems: string[] = [];
  const files = testFiles(inputs, problems);
  // The HCL parser only when a test names a Terraform file (it costs start-up time otherwise).
  const terraform = files.some((file) => {
    try {
      return readRequestTests(readFileSync(file, 'utf8')).policies.some((p) => /\.(tf|tftpl|tpl)$/i.test(p.file.value));
    } catch {
      return false;
    }
  });
  const hcl = terraform ? await loadBundledHclParser() : undefined;
  const service = getIamLanguageService({ catalog: getBundledCatalog(), hcl: () => hcl });
  const outcomes = files.flatMap((file) => runFile(file, service, problems));
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (format === 'json') out(`${JSON.stringify(outcomes.map((o) => ({ ...o, file: shown(o.file) })), null, 2)}\n`);
  else {
    for (const o of outcomes) {
      const why = o.error ?? `expected ${o.expect}, got ${o.decision}${o.missingContextKeys.length > 0 ? ` (depends on ${o.missingContextKeys.join(', ')})` : ''}${o.deciding.length > 0 ? ` by ${o.deciding.join(', ')}` : ''}`;
      out(`${o.passed ? 'pass' : 'FAIL'}  ${shown(o.file)}:${o.line}: ${o.name}${o.passed ? '' : `\n      ${why}`}\n`);
    }
    const failed = outcomes.filter((o) => !o.passed).length;
    out(`${outcomes.length - failed} passed, ${failed} failed in ${files.length} test file${files.length === 1 ? '' : 's'}.\n`);
  }
  for (const problem of problems) err(`iam-policy-lint test: ${problem}\n`);
  if (problems.length > 0 || (files.length === 0 && inputs.length > 0)) return 2;
  return outcomes.some((o) => !o.passed) ? 1 : 0;
}
