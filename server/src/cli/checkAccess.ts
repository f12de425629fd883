// `iam-policy-lint check-access`: evaluates requests against policy files offline, with the
// core's evaluator (see docs/evaluation.md), for scripts and CI.
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type AccessRequest, type AccessResult, type ContextValue, evaluateAccess, type EvaluatedPolicy, getBundledCatalog, getIamLanguageService, type IamLanguageService, isPolicyType, type PolicyDocument, type PolicyType, POLICY_TYPES, readRequestContext, UNEVALUABLE_CODES } from '../core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

export const CHECK_ACCESS_USAGE = `Usage: iam-policy-lint check-access --policy <file[:type]>... <request> [--format text|json]

Evaluates requests against IAM policies offline: Allow, ExplicitDeny, ImplicitDeny, or Depends
(on a context key the request does not give), with the statements that decide.

  --policy <file[:type]>  A JSON policy file, repeatable; the type is inferred from the policy
                          unless given: ${POLICY_TYPES.join(', ')}
  --action <service:Action> --resource <arn> [--principal <arn|account|service>]
  [--resource-account <id>] [--context <key=value>]... [--absent <key>]...
                          One request; a key given twice has a list of values
  --requests <file>       Requests as a JSON array of {"action", "resource", "principal"?,
                          "resourceAccount"?, "context"?: {"key": value | [values] | null}}
  --format <text|json>    Output (default text)

Exit codes: 0 every request was evaluated; 2 usage error or unreadable input.
See docs/evaluation.md for the semantics.
`;

class CheckUsageError extends Error {}


interface CheckOptions {
  readonly policies: { file: string; type?: string }[];
  readonly requests: AccessRequest[];
  format: 'text' | 'json';
}

function parse(argv: readonly string[]): CheckOptions | 'help' {
  const options: CheckOptions = { policies: [], requests: [], format: 'text' };
  const single: { action?: string; resource?: string; principal?: string; resourceAccount?: string; context: Map<string, ContextValue[] | null> } = { context: new Map() };
  let requestsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new CheckUsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--policy': {
        const spec = value();
        const colon = spec.lastIndexOf(':');
        const type = colon > 0 ? spec.slice(colon + 1) : undefined;
        if (type !== undefined && isPolicyType(type)) options.policies.push({ file: spec.slice(0, colon), type });
        else options.policies.push({ file: spec });
        break;
      }
      case '--action':
        single.action = value();
        break;
      case '--resource':
        single.resource = value();
        break;
      case '--principal':
        single.principal = value();
        break;
      case '--resource-account':
        single.resourceAccount = value();
        break;
      case '--context': {
        const pair = value();
        const at = pair.indexOf('=');
        if (at <= 0) throw new CheckUsageError('--context takes key=value');
        const key = pair.slice(0, at);
        single.context.set(key, [...(single.context.get(key) ?? []), pair.slice(at + 1)]);
        break;
      }
      case '--absent':
        single.context.set(value(), null);
        break;
      case '--requests':
        if (requestsFile !== undefined) throw new CheckUsageError('give --requests once');
        requestsFile = value();
        break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new CheckUsageError(`--format must be text or json (got '${format}')`);
        options.format = format;
        break;
      }
      default:
        throw new CheckUsageError(`unknown option ${arg}`);
    }
  }
  if (options.policies.length === 0) throw new CheckUsageError('name at least one --policy');
  if (requestsFile !== undefined) {
    if (single.action || single.resource || single.principal || single.resourceAccount || single.context.size > 0) {
      throw new CheckUsageError('the requests of --requests say their own action, resource, principal and context: give them there, not as options');
    }
    options.requests.push(...readRequests(requestsFile));
    if (options.requests.length === 0) throw new CheckUsageError(`${requestsFile} holds no request`);
  } else {
    if (!single.action || !single.resource) throw new CheckUsageError('a request needs --action and --resource (or --requests FILE)');
    const context = Object.fromEntries([...single.context].map(([k, v]) => [k, v === null ? null : v.length === 1 ? v[0] : v]));
    options.requests.push({ action: single.action, resource: single.resource, principal: single.principal, resourceAccount: single.resourceAccount, context });
  }
  return options;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The requests of a --requests file, each checked for its shape. */
function readRequests(file: string): AccessRequest[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CheckUsageError(`cannot read the requests in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(value)) throw new CheckUsageError(`${file}: requests must be a JSON array`);
  return value.map((r, i) => {
    const where = `${file}: request ${i}`;
    if (!isRecord(r) || typeof r.action !== 'string' || typeof r.resource !== 'string') throw new CheckUsageError(`${where} needs "action" and "resource" strings`);
    if (r.principal !== undefined && typeof r.principal !== 'string') throw new CheckUsageError(`${where}: "principal" must be a string`);
    if (r.resourceAccount !== undefined && typeof r.resourceAccount !== 'string') throw new CheckUsageError(`${where}: "resourceAccount" must be a string`);
    const context = readRequestContext(r.context);
    if (typeof context === 'string') throw new CheckUsageError(`${where}: ${context}`);
    return { action: r.action, resource: r.resource, principal: r.principal as string | undefined, resourceAccount: r.resourceAccount as string | undefined, context };
  });
}

/** A JSON policy file read for evaluation, with the type given (else inferred); or why it cannot be. */
export function readPolicyFile(service: IamLanguageService, path: string, type: PolicyType | undefined): { document: TextDocument; policy: PolicyDocument } | { unreadable: string } | { notPolicy: true } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
  const document = TextDocument.create(pathToFileURL(resolve(path)).href, 'json', 1, text);
  const policy = service.parsePolicy(document, type ? { policyType: type } : {});
  return policy.isPolicy ? { document, policy } : { notPolicy: true };
}

/** `iam-policy-lint check-access ...`: the exit code. */
export function checkAccess(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  let options: CheckOptions;
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      out(CHECK_ACCESS_USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof CheckUsageError)) throw error;
    err(`iam-policy-lint check-access: ${error.message}\n\n${CHECK_ACCESS_USAGE}`);
    return 2;
  }
  const service = getIamLanguageService({ catalog: getBundledCatalog() });
  const documents = new Map<string, TextDocument>();
  const policies: EvaluatedPolicy[] = [];
  for (const { file, type } of options.policies) {
    const read = readPolicyFile(service, file, type && isPolicyType(type) ? type : undefined);
    if ('unreadable' in read) {
      err(`iam-policy-lint check-access: cannot read ${file}: ${read.unreadable}\n`);
      return 2;
    }
    if ('notPolicy' in read) {
      err(`iam-policy-lint check-access: ${file} is not an IAM policy\n`);
      return 2;
    }
    const { document, policy } = read;
    // A policy AWS would refuse for its structure has no answer to give: say which finding, as the linter does.
    const refused = service.doValidation(document, policy).find((d) => UNEVALUABLE_CODES.has(String(d.code)));
    if (refused) {
      err(`iam-policy-lint check-access: ${file}:${refused.range.start.line + 1}:${refused.range.start.character + 1}: ${String(refused.code)}: ${String(refused.message)}\n  AWS would refuse this policy; fix it first (iam-policy-lint ${file}).\n`);
      return 2;
    }
    documents.set(file, document);
    policies.push({ policy, type: policy.policyType, name: file });
  }
  const results = options.requests.map((request) => ({ request, result: evaluateAccess(policies, request) }));
  const rangeOf = (file: string, offset: number, length: number) => {
    const document = documents.get(file)!;
    return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
  };
  if (options.format === 'json') {
    const json = results.map(({ result }) => ({
      decision: result.decision,
      deciding: result.deciding.map((s) => ({ file: s.policy, ...(s.sid !== undefined ? { sid: s.sid } : {}), ...(s.index !== undefined ? { index: s.index } : {}), effect: s.effect, range: rangeOf(s.policy, s.offset, s.length) })),
      missingContextKeys: result.missingContextKeys,
      notes: result.notes,
      statements: result.statements.map((s) => ({ file: s.policy, ...(s.sid !== undefined ? { sid: s.sid } : {}), ...(s.index !== undefined ? { index: s.index } : {}), effect: s.effect, applies: s.applies, reason: s.reason })),
    }));
    out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    out(results.map(({ request, result }) => describe(request, result, rangeOf)).join('\n'));
  }
  return 0;
}

/** A result in words. */
function describe(request: AccessRequest, result: AccessResult, rangeOf: (file: string, offset: number, length: number) => { start: { line: number; character: number } }): string {
  const name = (s: AccessResult['statements'][number]) => {
    const at = rangeOf(s.policy, s.offset, s.length).start;
    return `${s.policy}:${at.line + 1}:${at.character + 1} ${s.effect}${s.sid ? ` "${s.sid}"` : s.index !== undefined ? ` statement ${s.index}` : ''}`;
  };
  const lines = [`${result.decision}: ${request.action} on ${request.resource}${request.principal ? ` by ${request.principal}` : ''}`];
  if (result.decision === 'Depends') lines.push(`  depends on: ${result.missingContextKeys.join(', ')}`);
  for (const s of result.deciding) lines.push(`  ${result.decision === 'Depends' ? 'would be decided by' : 'decided by'} ${name(s)}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  if (result.decision === 'ImplicitDeny') {
    for (const s of result.statements) lines.push(`  ${name(s)}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
