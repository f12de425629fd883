// Request tests: unit tests for policies. A test file (`*.iam-tests.yaml`, `.yml` or `.json`)
// names policy files and requests with the decision each must get:
//
//   policies:
//     - role.json                 # a path relative to the test file; the type is inferred
//     - file: scp.json
//       type: scp
//     - file: template.yaml       # a policy inside a template or Terraform file:
//       policy: ReaderRole AssumeRolePolicyDocument   # words of its label
//   tests:
//     - name: alice reads her own reports
//       action: s3:GetObject
//       resource: arn:aws:s3:::reports/alice/q3.csv
//       context: { aws:username: alice }
//       expect: Allow             # Allow, ExplicitDeny, ImplicitDeny, Depends, or Deny (either deny)
//
// One reader for the CLI (`iam-policy-lint test`) and the editor: every value keeps its offsets,
// so that a problem, a failing expectation or a hover points at the text it is about. The
// shells read the named policy files; the core never touches a file.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isScalar, isSeq, type Node as YamlNode, parseDocument } from 'yaml';
import { flowDeeperThan } from '../embedded/nesting';
import type { IamLanguageService } from '../languageService';
import type { PolicyType } from '../types';
import { isPolicyType } from '../types';
import { type AccessRequest, type AccessResult, evaluateAccess, type EvaluatedPolicy, readRequestContext } from './evaluate';

/** A file name the request-test format uses. */
export const REQUEST_TEST_FILE = /\.iam-tests\.(ya?ml|json)$/i;

export const EXPECTATIONS = ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Depends', 'Deny'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/** Test files larger than this are not read (a test file is a page or two). */
const MAX_TEST_FILE = 1024 * 1024;
/** Deeper flow nesting than this is no test file. */
const MAX_NESTING = 100;

/** A value with its offsets in the test file. */
export interface Spanned<T> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
}

/** A policy a test file names: a file, its type when given, and which of its policies when it holds several. */
export interface PolicyReference {
  readonly file: Spanned<string>;
  readonly type?: PolicyType;
  /** Words of an embedded policy's label (`ReaderRole AssumeRolePolicyDocument`). */
  readonly policy?: Spanned<string>;
  readonly start: number;
  readonly end: number;
}

/** One test: the request, the expected decision, and where each part is written. */
export interface RequestTest {
  readonly name: string;
  /** The test's item in the `tests` list. */
  readonly start: number;
  readonly end: number;
  readonly action?: Spanned<string>;
  readonly resource?: Spanned<string>;
  readonly expect?: Spanned<Expectation>;
  /** The context's keys as written. */
  readonly contextKeys: readonly Spanned<string>[];
  /** The request, or why the test cannot run (with the offsets of the text at fault). */
  readonly request: AccessRequest | { readonly error: string; readonly start: number; readonly end: number };
}

export interface RequestTestProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** A test file read: what it names and tests, what is wrong with it, and its tree (for completion and hover). */
export interface RequestTestFile {
  readonly policies: readonly PolicyReference[];
  readonly tests: readonly RequestTest[];
  readonly problems: readonly RequestTestProblem[];
  /** The parsed document; undefined when the text was not read (too large). */
  readonly root: YamlNode | null | undefined;
}

const spanOf = (node: YamlNode | null | undefined, fallback: { start: number; end: number }) =>
  node?.range ? { start: node.range[0], end: node.range[1] } : fallback;

/** The pairs of a mapping node, with string keys. */
function pairsOf(node: YamlNode): { key: string; keyNode: YamlNode; value: YamlNode | null }[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => {
    const key = pair.key as YamlNode | null;
    return isScalar(key) && typeof key.value === 'string' ? [{ key: key.value, keyNode: key, value: pair.value as YamlNode | null }] : [];
  });
}

const stringOf = (node: YamlNode | null | undefined): Spanned<string> | undefined =>
  isScalar(node) && node.range && (typeof node.value === 'string' || typeof node.value === 'number') ? { value: String(node.value), start: node.range[0], end: node.range[1] } : undefined;

/** A node's plain value; a string (which the context refuses) when aliases expand beyond reason. */
function plainValue(node: YamlNode): unknown {
  try {
    return node.toJSON();
  } catch {
    return 'unreadable';
  }
}

/** Reads a request-test file (YAML or JSON). Never throws: what is wrong is a problem with offsets. */
export function readRequestTests(text: string): RequestTestFile {
  if (text.length > MAX_TEST_FILE) return { policies: [], tests: [], problems: [{ message: 'This test file is larger than 1 MB: it is not read.', start: 0, end: 0 }], root: undefined };
  // Brackets nested beyond any test file would make the YAML parser's work grow without bound.
  if (flowDeeperThan(text, MAX_NESTING)) return { policies: [], tests: [], problems: [{ message: `This test file nests lists or mappings deeper than ${MAX_NESTING} levels: it is not read.`, start: 0, end: 0 }], root: undefined };
  const problems: RequestTestProblem[] = [];
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const error of document.errors) problems.push({ message: error.message.split('\n')[0], start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) });
  const root = document.contents as YamlNode | null;
  const whole = { start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) };
  const top = new Map(root ? pairsOf(root).map((p) => [p.key, p]) : []);
  if (!isMap(root) || !top.has('policies') || !top.has('tests')) {
    if (document.errors.length === 0) problems.push({ message: 'A request-test file holds "policies" (a list of policy files) and "tests" (a list of requests with the decision each must get).', ...spanOf(root, whole) });
    return { policies: [], tests: [], problems, root };
  }
  const policies = readPolicies(top.get('policies')!, problems);
  const tests = readTests(top.get('tests')!, problems);
  return { policies, tests, problems, root };
}

function readPolicies(entry: { keyNode: YamlNode; value: YamlNode | null }, problems: RequestTestProblem[]): PolicyReference[] {
  const { value } = entry;
  if (!isSeq(value)) {
    problems.push({ message: '"policies" is a list of policy files.', ...spanOf(value ?? entry.keyNode, spanOf(entry.keyNode, { start: 0, end: 0 })) });
    return [];
  }
  const out: PolicyReference[] = [];
  for (const item of value.items as (YamlNode | null)[]) {
    if (!item?.range) continue;
    const where = { start: item.range[0], end: item.range[1] };
    const plain = stringOf(item);
    if (plain) {
      out.push({ file: plain, ...where });
      continue;
    }
    const fields = new Map(pairsOf(item).map((p) => [p.key, p.value]));
    const file = stringOf(fields.get('file'));
    if (!file) {
      problems.push({ message: 'Each policy is a file name, or a mapping with "file" (and optional "type" and "policy").', ...where });
      continue;
    }
    const typeNode = fields.get('type');
    const type = stringOf(typeNode);
    if (typeNode !== undefined && !(type && isPolicyType(type.value))) {
      problems.push({ message: `The policy type is one of identity, resource, trust, scp, rcp, boundary, session.`, ...spanOf(typeNode, where) });
      continue;
    }
    const policy = stringOf(fields.get('policy'));
    for (const p of pairsOf(item)) {
      if (!['file', 'type', 'policy'].includes(p.key)) problems.push({ message: `Unknown key "${p.key}": a policy entry has "file", "type" and "policy".`, ...spanOf(p.keyNode, where) });
    }
    out.push({ file, ...(type ? { type: type.value as PolicyType } : {}), ...(policy ? { policy } : {}), ...where });
  }
  return out;
}

export const TEST_KEYS = ['name', 'action', 'resource', 'principal', 'resourceAccount', 'context', 'expect'] as const;

function readTests(entry: { keyNode: YamlNode; value: YamlNode | null }, problems: RequestTestProblem[]): RequestTest[] {
  const { value } = entry;
  if (!isSeq(value)) {
    problems.push({ message: '"tests" is a list of requests, each with the decision it must get.', ...spanOf(value ?? entry.keyNode, spanOf(entry.keyNode, { start: 0, end: 0 })) });
    return [];
  }
  const out: RequestTest[] = [];
  (value.items as (YamlNode | null)[]).forEach((item, i) => {
    if (!item?.range) return;
    const start = item.range[0];
    const end = item.range[1];
    const where = { start, end };
    const pairs = pairsOf(item);
    const fields = new Map(pairs.map((p) => [p.key, p]));
    const name = stringOf(fields.get('name')?.value)?.value ?? `test ${i + 1}`;
    const field = (key: string) => stringOf(fields.get(key)?.value);
    const action = field('action');
    const resource = field('resource');
    const expectText = field('expect');
    const expectation = EXPECTATIONS.find((e) => e === expectText?.value);
    const expect = expectText && expectation ? { ...expectText, value: expectation } : undefined;
    const contextNode = fields.get('context')?.value;
    const contextKeys = contextNode ? pairsOf(contextNode).flatMap((p) => (p.keyNode.range ? [{ value: p.key, start: p.keyNode.range[0], end: p.keyNode.range[1] }] : [])) : [];
    for (const p of pairs) {
      if (!(TEST_KEYS as readonly string[]).includes(p.key)) problems.push({ message: `Unknown key "${p.key}": a test has ${TEST_KEYS.join(', ')}.`, ...spanOf(p.keyNode, where) });
    }
    const fail = (error: string, at: { start: number; end: number } = where): RequestTest => ({ name, start, end, action, resource, expect, contextKeys, request: { error, ...at } });
    const keyAt = (key: string) => spanOf(fields.get(key)?.keyNode, where);
    let test: RequestTest;
    if (!isMap(item)) test = fail('A test is a mapping with "action", "resource" and "expect".');
    else if (!action) test = fail(fields.has('action') ? '"action" is a string such as s3:GetObject.' : 'This test has no "action".', fields.has('action') ? spanOf(fields.get('action')!.value, keyAt('action')) : where);
    else if (!resource) test = fail(fields.has('resource') ? '"resource" is an ARN (or *).' : 'This test has no "resource".', fields.has('resource') ? spanOf(fields.get('resource')!.value, keyAt('resource')) : where);
    else if (!expect) {
      const at = fields.has('expect') ? spanOf(fields.get('expect')!.value, keyAt('expect')) : where;
      test = fail(`${fields.has('expect') ? '"expect"' : 'This test has no "expect"; it'} must be one of ${EXPECTATIONS.join(', ')}.`, at);
    } else {
      const plain = (key: string) => {
        const node = fields.get(key)?.value;
        return node === undefined ? undefined : stringOf(node)?.value;
      };
      const context = contextNode === undefined ? {} : readRequestContext(contextNode === null ? {} : plainValue(contextNode));
      const bad = ['principal', 'resourceAccount'].find((key) => fields.has(key) && plain(key) === undefined);
      if (bad) test = fail(`"${bad}" is a string.`, spanOf(fields.get(bad)!.value, keyAt(bad)));
      else if (typeof context === 'string') test = fail(context, spanOf(contextNode, keyAt('context')));
      else {
        const request: AccessRequest = { action: action.value, resource: resource.value, principal: plain('principal'), resourceAccount: plain('resourceAccount'), context };
        test = { name, start, end, action, resource, expect, contextKeys, request };
      }
    }
    out.push(test);
  });
  return out;
}

/** A test's result: passed or not, with the evaluator's answer; or why it could not run. */
export interface RequestTestOutcome {
  readonly test: RequestTest;
  readonly passed: boolean;
  readonly result?: AccessResult;
  readonly error?: string;
}

/** Whether a decision meets an expectation (`Deny` takes either deny). */
export function meetsExpectation(expect: Expectation, decision: AccessResult['decision']): boolean {
  return expect === 'Deny' ? decision === 'ExplicitDeny' || decision === 'ImplicitDeny' : decision === expect;
}

/** Runs one test against the file's policies (read by the shell); a test that cannot run fails. */
export function runRequestTest(test: RequestTest, policies: readonly EvaluatedPolicy[]): RequestTestOutcome {
  if ('error' in test.request) return { test, passed: false, error: test.request.error };
  const result = evaluateAccess(policies, test.request);
  return { test, passed: meetsExpectation(test.expect!.value, result.decision), result };
}

/**
 * Whether an embedded policy's label is the one a test file's `policy` words select: each word is
 * one of the label's words or of their parts (`ReportRole Policies[0].PolicyDocument` has
 * `ReportRole`, `Policies[0].PolicyDocument`, `Policies`, `0` and `PolicyDocument`).
 */
export function labelSelected(label: string, words: string): boolean {
  const parts = words.split(/\s+/).filter(Boolean);
  const own = new Set(label.split(/\s+/).flatMap((w) => [w, w.replace(/^\((.*)\)$/, '$1'), ...w.split(/[().[\]]+/)]).filter(Boolean));
  return parts.length > 0 && parts.every((w) => own.has(w));
}

/**
 * Findings that leave a policy without a meaning to evaluate: AWS refuses such a policy, so a
 * request against it has no answer (check-access and request tests refuse it).
 */
export const UNEVALUABLE_CODES: ReadonlySet<string> = new Set([
  'json-syntax',
  'invalid-statement',
  'missing-statement',
  'invalid-effect',
  'missing-effect',
  'missing-action',
  'missing-resource',
  'missing-principal',
  'element-conflict',
  'unknown-element',
  'malformed-condition',
  'unknown-operator',
  'duplicate-key',
]);

/** A policy a test evaluates, with the document its offsets are in and the host document's offsets. */
export interface TestPolicy {
  readonly evaluated: EvaluatedPolicy;
  /** The policy text as a document of its own (for a standalone file, the file). */
  readonly document: TextDocument;
  /** The file it was read from: `toHost` offsets are in it. */
  readonly host: TextDocument;
  /** An offset of the policy text in the file it was read from. */
  toHost(offset: number): number;
}

/**
 * The policy a test file's entry names, from the text of its file (read by the shell): the file
 * itself, or in a template or Terraform file the embedded policy its `policy` words select (or
 * its only one); or why it cannot be evaluated.
 */
export function testPolicyFromText(service: Pick<IamLanguageService, 'parsePolicy' | 'parseEmbeddedPolicies' | 'doValidation'>, reference: PolicyReference, uri: string, languageId: string, text: string): TestPolicy | string {
  const name = reference.file.value;
  const document = TextDocument.create(uri, languageId, 1, text);
  const settings = reference.type ? { policyType: reference.type } : {};
  const parsed = service.parsePolicy(document, settings);
  let chosen: TestPolicy;
  if (parsed.isPolicy && !reference.policy) {
    chosen = { evaluated: { policy: parsed, type: parsed.policyType, name }, document, host: document, toHost: (offset) => offset };
  } else {
    const found = parsed.isPolicy ? undefined : service.parseEmbeddedPolicies(document, settings, parsed);
    if (found?.refused) return `cannot analyse ${name}: ${found.refused}`;
    const parts = found?.parts ?? [];
    const labels = parts.map((p) => p.embedded.label ?? 'policy');
    const words = reference.policy?.value;
    const matching = words === undefined ? parts : parts.filter((_, i) => labelSelected(labels[i], words));
    if (parts.length === 0) return `${name} is not an IAM policy and holds none`;
    if (matching.length !== 1) {
      const list = labels.map((l) => `"${l}"`).join(', ');
      if (words === undefined) return `${name} holds ${parts.length} policies: say which with "policy" (words of its label: ${list})`;
      return matching.length === 0 ? `no policy of ${name} is labelled with "${words}" (its policies: ${list})` : `"${words}" selects ${matching.length} policies of ${name}: add words (its policies: ${list})`;
    }
    const part = matching[0];
    const policy = part.policy;
    chosen = { evaluated: { policy, type: reference.type ?? policy.policyType, name: words ? `${name} (${part.embedded.label ?? words})` : name }, document: part.document, host: document, toHost: (offset) => part.embedded.map.toHost(offset) };
  }
  // A policy AWS would refuse for its structure has no answer to give: say which finding, as the linter does.
  const refused = service.doValidation(chosen.document, chosen.evaluated.policy).find((d) => UNEVALUABLE_CODES.has(String(d.code)));
  if (refused) {
    const at = document.positionAt(chosen.toHost(chosen.document.offsetAt(refused.range.start)));
    return `${name}:${at.line + 1}:${at.character + 1}: ${String(refused.code)}: ${refused.message} (AWS would refuse this policy)`;
  }
  return chosen;
}

/** The diagnostics of request-test files, with stable codes (docs/rules.md lists them). */
export const REQUEST_TEST_DIAGNOSTICS = [
  {
    code: 'request-test-failed',
    defaultSeverity: 'error',
    description: 'A request test gets another decision than the one it expects (the message says which statements decided, or which context key the answer depends on).',
    example: {
      bad: 'policies: [reader.json]   # allows s3:GetObject on arn:aws:s3:::reports/*\ntests:\n  - action: s3:PutObject\n    resource: arn:aws:s3:::reports/q3.csv\n    expect: Allow',
      good: 'policies: [reader.json]\ntests:\n  - action: s3:PutObject\n    resource: arn:aws:s3:::reports/q3.csv\n    expect: ImplicitDeny',
    },
  },
  {
    code: 'invalid-request-test',
    defaultSeverity: 'error',
    description: 'A request-test file, a test or a policy entry that cannot run: not the format (policies and tests), a test without action, resource or a valid expect, a policy file that is missing, holds no policy, holds several without "policy" words to pick one, or that AWS would refuse.',
    example: {
      bad: 'policies: [reader.json]\ntests:\n  - action: s3:GetObject\n    resource: arn:aws:s3:::reports/q3.csv\n    expect: Allowed',
      good: 'policies: [reader.json]\ntests:\n  - action: s3:GetObject\n    resource: arn:aws:s3:::reports/q3.csv\n    expect: Allow',
    },
  },
] as const;
