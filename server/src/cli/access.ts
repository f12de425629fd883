// `iam-policy-lint access` and `iam-policy-lint diff`: what a policy grants, and what a change
// adds, offline (the core's effectiveAccess and diffAccess; docs/access.md).
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type AccessCheckItem,
  parseAccessCheckItem,
  type AccessEntry,
  accessNotGranted,
  diffAccess,
  type EffectiveAccess,
  effectiveAccess,
  getBundledCatalog,
  getIamLanguageService,
  type Grant,
  type IamLanguageService,
  isPolicyType,
  noPublicAccess,
  type PolicyDocument,
  type PolicyType,
  POLICY_TYPES,
  type StatementRef,
} from '../core';
import { readPolicyFile } from './checkAccess';

export const ACCESS_USAGE = `Usage: iam-policy-lint access <file> [--format text|json] [--policy-type <type>]
                             [--must-not-grant <action[:resource]>]... [--no-public-access]

Prints what a JSON policy grants, offline: by service, access level and action, each with its
resources, its condition and the statement that grants it. Wildcards and NotAction are expanded
against the IAM catalogue; an unconditional Deny is subtracted, any other Deny is noted.

  --policy-type <type>     The policy's type (inferred by default):
                           ${POLICY_TYPES.join(', ')}
  --must-not-grant <action[:resource]>
                           Access the policy must not grant (repeatable): an action pattern
                           (s3:Delete*, iam:*), optionally followed by a resource pattern or ARN
                           (s3:GetObject:arn:aws:s3:::payroll/*); a conditional grant counts
  --no-public-access       Fail when a resource-based policy lets anyone in ("Principal": "*"
                           without a condition on the caller's account, organization or source)
  --format <text|json>     Output (default text)

Exit codes: 0 no check failed; 1 a --must-not-grant or --no-public-access check failed; 2 usage
error or unreadable input. See docs/access.md.
`;

export const DIFF_USAGE = `Usage: iam-policy-lint diff <old> <new> [--format text|json] [--policy-type <type>]

Compares what two versions of a policy grant, offline: the access the new one adds and the
access it removes, as (action, resource, condition) entries. An entry is "not new" only when
the old policy is shown to grant it as widely; anything unsure, a changed condition included,
is reported as added.

  <old>, <new>             JSON policy files; git:<ref>:<path> reads the file as committed at
                           <ref> (git show; the path is relative to the current folder)
  --policy-type <type>     The type of both policies (inferred from each by default):
                           ${POLICY_TYPES.join(', ')}
  --format <text|json>     Output (default text)

Exit codes: 0 no access added; 1 access added; 2 usage error or unreadable input.
See docs/access.md.
`;

class AccessUsageError extends Error {}

interface Read {
  readonly name: string;
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
}

/** A policy from a file or from git (`git:<ref>:<path>`), or why it cannot be read. */
function readPolicy(service: IamLanguageService, spec: string, type: PolicyType | undefined): Read | string {
  let document: TextDocument;
  let policy: PolicyDocument;
  const git = /^git:([^:]+):(.+)$/.exec(spec);
  if (git) {
    const [, ref, path] = git;
    let text: string;
    try {
      // `<ref>:./path` is relative to the current folder; no shell, the arguments are passed as they are.
      const relativePath = /^\.{1,2}\//.test(path) ? path : `./${path}`;
      text = execFileSync('git', ['show', `${ref}:${relativePath}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      return `cannot read ${spec}: ${(stderr || (error instanceof Error ? error.message : String(error))).trim().split('\n')[0]}`;
    }
    document = TextDocument.create(`git:${encodeURIComponent(ref)}/${encodeURI(path)}`, 'json', 1, text);
    policy = service.parsePolicy(document, type ? { policyType: type } : {});
    if (!policy.isPolicy) return `${spec} is not an IAM policy`;
  } else {
    const read = readPolicyFile(service, spec, type);
    if ('unreadable' in read) return `cannot read ${spec}: ${read.unreadable}`;
    if ('notPolicy' in read) return `${spec} is not an IAM policy`;
    ({ document, policy } = read);
  }
  // Without its text's meaning there is nothing to compare: a broken file must not pass as "no new access".
  const broken = policy.syntaxErrors[0];
  if (broken || policy.tooDeep) {
    const at = document.positionAt(broken?.offset ?? 0);
    return `${spec}:${at.line + 1}:${at.character + 1}: the JSON cannot be read; fix it first (iam-policy-lint ${spec})`;
  }
  return { name: spec, document, policy };
}

interface Parsed {
  readonly inputs: string[];
  format: 'text' | 'json';
  type?: PolicyType;
  readonly mustNotGrant: AccessCheckItem[];
  noPublic: boolean;
}

function parseArgs(argv: readonly string[], access: boolean): Parsed | 'help' {
  const parsed: Parsed = { inputs: [], format: 'text', mustNotGrant: [], noPublic: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new AccessUsageError(`${name} needs a value`);
      return next;
    };
    if (name === '--help' || name === '-h') return 'help';
    if (name === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json') throw new AccessUsageError(`--format must be text or json (got '${format}')`);
      parsed.format = format;
    } else if (name === '--policy-type') {
      const type = value();
      if (!isPolicyType(type)) throw new AccessUsageError(`--policy-type must be one of ${POLICY_TYPES.join(', ')} (got '${type}')`);
      parsed.type = type;
    } else if (access && name === '--must-not-grant') {
      parsed.mustNotGrant.push(checkItem(value()));
    } else if (access && name === '--no-public-access') {
      parsed.noPublic = true;
    } else if (arg.startsWith('-') && arg !== '-') throw new AccessUsageError(`unknown option ${arg}`);
    else parsed.inputs.push(arg);
  }
  const wanted = access ? 1 : 2;
  if (parsed.inputs.length !== wanted) throw new AccessUsageError(access ? 'name one policy file' : 'name the old and the new policy');
  return parsed;
}

/** `service:Action` then, after the next colon, a resource: `s3:GetObject:arn:aws:s3:::b/*`. */
function checkItem(spec: string): AccessCheckItem {
  const item = parseAccessCheckItem(spec);
  if (typeof item === 'string') throw new AccessUsageError(`--must-not-grant takes service:Action[:resource]: ${item}`);
  return item;
}

/** Runs a subcommand: usage errors exit 2 with the usage text. */
function run(name: string, usage: string, argv: readonly string[], access: boolean, out: (text: string) => void, err: (text: string) => void, body: (options: Parsed) => number): number {
  let options: Parsed;
  try {
    const parsed = parseArgs(argv, access);
    if (parsed === 'help') {
      out(usage);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof AccessUsageError)) throw error;
    err(`iam-policy-lint ${name}: ${error.message}\n\n${usage}`);
    return 2;
  }
  return body(options);
}

const lineOf = (read: Read, ref: StatementRef) => read.document.positionAt(ref.offset).line + 1;

/** `statement 0 "Sid" (line 4)` */
function where(read: Read, ref: StatementRef): string {
  const name = ref.index !== undefined ? `statement ${ref.index}` : 'statement';
  return `${name}${ref.sid ? ` "${ref.sid}"` : ''} (line ${lineOf(read, ref)})`;
}

/** A grant in words: resources, principals, condition, Denies, statement. */
function grantText(read: Read, grant: Grant): string {
  const parts = [grant.notResources ? `on every resource except ${grant.notResources.join(', ')}` : `on ${grant.resources.join(', ')}`];
  if (grant.notPrincipals) parts.push(`for everyone except ${grant.notPrincipals.join(', ')}`);
  else if (grant.principals) parts.push(`for ${grant.principals.join(', ')}`);
  if (grant.condition) parts.push(`(conditional: ${grant.condition.text})`);
  if (grant.deniedResources) parts.push(`(denied on ${grant.deniedResources.join(', ')})`);
  for (const limit of grant.limitedBy ?? []) {
    const on = limit.notResources ? `every resource except ${limit.notResources.join(', ')}` : limit.resources.join(', ');
    parts.push(`(limited by Deny ${where(read, limit.statement)} on ${on}${limit.condition ? ` if ${limit.condition.text}` : ''}${limit.principals ? ` for ${limit.principals.join(', ')}` : ''})`);
  }
  parts.push(`[${where(read, grant.statement)}]`);
  return parts.join(' ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The first names of a list, and how many more. */
const some = (names: readonly string[], shown = 10) => `${names.slice(0, shown).join(', ')}${names.length > shown ? `, and ${names.length - shown} more` : ''}`;

function accessText(read: Read, access: EffectiveAccess): string {
  const lines = [`${read.name}: ${access.policyType} policy`];
  const levels = Object.entries(access.counts).map(([level, n]) => `${level} ${n}`).join(', ');
  lines.push(`${['scp', 'rcp', 'boundary', 'session'].includes(access.policyType) ? 'Allows at most' : 'Grants'} ${plural(access.total, 'action')} in ${plural(access.services.length, 'service')}: ${levels}`);
  if (access.writeActions.length > 0) lines.push(`Write: ${some(access.writeActions)}`);
  if (access.permissionsManagementActions.length > 0) lines.push(`Permissions management: ${some(access.permissionsManagementActions)}`);
  for (const service of access.services) {
    lines.push('', `${service.prefix} (${service.name}): ${plural(service.count, 'action')}`);
    for (const level of service.levels) {
      lines.push(`  ${level.level}`);
      for (const action of level.actions) for (const grant of action.grants) lines.push(`    ${action.action} ${grantText(read, grant)}`);
    }
  }
  if (access.unmatched.length > 0) {
    lines.push('', 'Action patterns that match no action of the catalogue:');
    for (const u of access.unmatched) lines.push(`    ${u.pattern} ${grantText(read, u.grant)}`);
  }
  const notes = access.notes.filter((n) => !access.unmatched.some((u) => n.statement === u.grant.statement && n.message.startsWith(u.pattern)));
  if (notes.length > 0) lines.push('', ...notes.map((n) => `note: ${n.message}${n.statement ? ` (line ${lineOf(read, n.statement)})` : ''}`));
  return `${lines.join('\n')}\n`;
}

/** `iam-policy-lint access ...`: the exit code. */
export function runAccess(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  return run('access', ACCESS_USAGE, argv, true, out, err, (options) => {
    const catalog = getBundledCatalog();
    const service = getIamLanguageService({ catalog });
    const read = readPolicy(service, options.inputs[0], options.type);
    if (typeof read === 'string') {
      err(`iam-policy-lint access: ${read}\n`);
      return 2;
    }
    const access = effectiveAccess(read.policy, catalog);
    const checks = options.mustNotGrant.map((item) => ({ item, ...accessNotGranted(access, [item]) }));
    const publicAccess = noPublicAccess(read.document, read.policy, catalog);
    if (options.format === 'json') {
      out(`${JSON.stringify({ file: read.name, ...access, publicAccess, ...(checks.length > 0 ? { mustNotGrant: checks } : {}) }, null, 2)}\n`);
    } else {
      const lines: string[] = [];
      if (publicAccess.applies) {
        if (publicAccess.pass) lines.push('Public access: none found');
        for (const f of publicAccess.findings) lines.push(`Public access: ${where(read, f.statement)}: ${f.message} (${f.actions.join(', ')})`);
      }
      for (const check of checks) {
        const name = `${check.item.action}${check.item.resource ? ` on ${check.item.resource}` : ''}`;
        lines.push(`Must not grant ${name}: ${check.pass ? 'not granted' : 'GRANTED'}`);
        for (const v of check.violations.slice(0, 20)) lines.push(`  ${v.action} ${grantText(read, v.grant)}`);
        if (check.violations.length > 20) lines.push(`  and ${check.violations.length - 20} more`);
      }
      out(`${accessText(read, access)}${lines.length > 0 ? `\n${lines.join('\n')}\n` : ''}`);
    }
    const failed = checks.some((c) => !c.pass) || (options.noPublic && !publicAccess.pass);
    return failed ? 1 : 0;
  });
}

function entryText(read: Read, sign: string, e: AccessEntry): string {
  const on = e.exceptResources ? `every resource except ${e.exceptResources.join(', ')}` : e.resource;
  const to = e.principal === undefined ? '' : e.exceptPrincipals ? ` for everyone except ${e.exceptPrincipals.join(', ')}` : ` for ${e.principal}`;
  return `  ${sign} ${e.action}${e.accessLevel ? ` (${e.accessLevel})` : ''} on ${on}${to}${e.condition ? ` if ${e.condition}` : ''}: ${e.reason} [${read.name} ${where(read, e.statement)}]\n`;
}

/** `iam-policy-lint diff OLD NEW`: the exit code (1 when access is added). */
export function runDiff(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  return run('diff', DIFF_USAGE, argv, false, out, err, (options) => {
    const catalog = getBundledCatalog();
    const service = getIamLanguageService({ catalog });
    const [before, after] = options.inputs.map((spec) => readPolicy(service, spec, options.type));
    for (const read of [before, after]) {
      if (typeof read === 'string') {
        err(`iam-policy-lint diff: ${read}\n`);
        return 2;
      }
    }
    const [older, newer] = [before, after] as Read[];
    const diff = diffAccess(effectiveAccess(older.policy, catalog), effectiveAccess(newer.policy, catalog));
    if (options.format === 'json') out(`${JSON.stringify({ old: older.name, new: newer.name, ...diff }, null, 2)}\n`);
    else {
      let text = diff.added.length === 0 ? 'Access added: none\n' : `Access added (${diff.added.length}):\n${diff.added.map((e) => entryText(newer, '+', e)).join('')}`;
      text += diff.removed.length === 0 ? 'Access removed: none\n' : `Access removed (${diff.removed.length}):\n${diff.removed.map((e) => entryText(older, '-', e)).join('')}`;
      out(text);
    }
    return diff.added.length > 0 ? 1 : 0;
  });
}
