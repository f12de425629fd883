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
import { parse as parseYaml } from 'yaml';
import { type AccessRequest, type Decision, evaluateAccess, type EvaluatedPolicy, getBundledCatalog, getIamLanguageService, type IamLanguageService, isPolicyType, readRequestContext } from '../core';
import { readPolicyFile } from './checkAccess';

export const TEST_USAGE = `Usage: iam-policy-lint test [file | folder]... [--format text|json]

Runs request tests: files named *.iam-tests.yaml, *.iam-tests.yml or *.iam-tests.json (folders
are searched, the current folder by default). Each names policy files and requests with the
decision they must get: Allow, ExplicitDeny, ImplicitDeny, Depends, or Deny (either deny).

Exit codes: 0 every test passed; 1 a test failed; 2 usage error or a test file that cannot be read.
See docs/evaluation.md.
`;

const TEST_FILE = /\.iam-tests\.(ya?ml|json)$/i;
const EXPECTATIONS = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Depends', 'Deny'] as const;
type Expectation = (typeof EXPECTATIONS)[number];

interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly expect: Expectation;
  readonly decision?: Decision;
  readonly passed: boolean;
  readonly deciding: readonly string[];
  readonly missingContextKeys: readonly string[];
  /** Why the test could not run (a policy file that is missing, a request without an action). */
  readonly error?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
      else if (stat.isFile() && TEST_FILE.test(name)) out.push(path);
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

/** The outcomes of one test file; a file that cannot be read at all is a problem instead. */
function runFile(file: string, service: IamLanguageService, problems: string[]): TestOutcome[] {
  let value: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    value = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    problems.push(`${file}: cannot read it: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return [];
  }
  if (!isRecord(value) || !Array.isArray(value.policies) || !Array.isArray(value.tests)) {
    problems.push(`${file}: a test file holds "policies" (a list of files) and "tests" (a list of requests)`);
    return [];
  }
  const policies: EvaluatedPolicy[] = [];
  for (const entry of value.policies) {
    const spec = typeof entry === 'string' ? { file: entry } : isRecord(entry) ? entry : {};
    if (typeof spec.file !== 'string') {
      problems.push(`${file}: each policy is a file name, or {file, type}`);
      return [];
    }
    const type = typeof spec.type === 'string' && isPolicyType(spec.type) ? spec.type : undefined;
    if (spec.type !== undefined && !type) {
      problems.push(`${file}: '${String(spec.type)}' is not a policy type`);
      return [];
    }
    const read = readPolicyFile(service, resolve(dirname(file), spec.file), type);
    if (!('policy' in read)) {
      problems.push('unreadable' in read ? `${file}: cannot read the policy ${spec.file}` : `${file}: ${spec.file} is not an IAM policy`);
      return [];
    }
    policies.push({ policy: read.policy, type: read.policy.policyType, name: spec.file });
  }
  return value.tests.map((test, i): TestOutcome => {
    const name = isRecord(test) && typeof test.name === 'string' ? test.name : `test ${i + 1}`;
    const fail = (error: string): TestOutcome => ({ file, name, expect: 'Allow', passed: false, deciding: [], missingContextKeys: [], error });
    if (!isRecord(test) || typeof test.action !== 'string' || typeof test.resource !== 'string') return fail('a test needs "action" and "resource"');
    const expect = EXPECTATIONS.find((e) => e === test.expect);
    if (!expect) return fail(`"expect" must be one of ${EXPECTATIONS.join(', ')}`);
    const context = readRequestContext(test.context);
    if (typeof context === 'string') return fail(context);
    const request: AccessRequest = {
      action: test.action,
      resource: test.resource,
      principal: typeof test.principal === 'string' ? test.principal : undefined,
      resourceAccount: typeof test.resourceAccount === 'string' ? test.resourceAccount : undefined,
      context,
    };
    const result = evaluateAccess(policies, request);
    const passed = expect === 'Deny' ? result.decision === 'ExplicitDeny' || result.decision === 'ImplicitDeny' : result.decision === expect;
    const deciding = result.deciding.map((s) => `${s.policy} ${s.effect}${s.sid ? ` "${s.sid}"` : s.index !== undefined ? ` statement ${s.index}` : ''}`);
    return { file, name, expect, decision: result.decision, passed, deciding, missingContextKeys: result.missingContextKeys };
  });
}

/** `iam-policy-lint test ...`: the exit code. */
export function runRequestTests(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
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
  const service = getIamLanguageService({ catalog: getBundledCatalog() });
  const outcomes = files.flatMap((file) => runFile(file, service, problems));
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (format === 'json') out(`${JSON.stringify(outcomes.map((o) => ({ ...o, file: shown(o.file) })), null, 2)}\n`);
  else {
    for (const o of outcomes) {
      const why = o.error ?? `expected ${o.expect}, got ${o.decision}${o.missingContextKeys.length > 0 ? ` (depends on ${o.missingContextKeys.join(', ')})` : ''}${o.deciding.length > 0 ? ` by ${o.deciding.join(', ')}` : ''}`;
      out(`${o.passed ? 'pass' : 'FAIL'}  ${shown(o.file)}: ${o.name}${o.passed ? '' : `\n      ${why}`}\n`);
    }
    const failed = outcomes.filter((o) => !o.passed).length;
    out(`${outcomes.length - failed} passed, ${failed} failed in ${files.length} test file${files.length === 1 ? '' : 's'}.\n`);
  }
  for (const problem of problems) err(`iam-policy-lint test: ${problem}\n`);
  if (problems.length > 0 || (files.length === 0 && inputs.length > 0)) return 2;
  return outcomes.some((o) => !o.passed) ? 1 : 0;
}
