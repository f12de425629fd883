import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatches, getBundledCatalog, IDENTITY_POLICY_KINDS, type IdentityPolicyKind, isIdentityPolicyKind, isPolicyType, type LanguageSettings, listRules, type PolicyType, POLICY_TYPES, type RuleSeverity } from '../core';
import { ConfigFinder, configuredSettings, isIgnored, readConfig } from '../common/config';
import { MAX_DOCUMENT_SIZE } from '../common/protocol';
import { displayPath, type ExpandedInput, expandInput } from './files';
import { checkAccess } from './checkAccess';
import { runRequestTests } from './requestTests';
import { runAccess, runDiff } from './access';
import { formatGithub, formatSarif } from './ciFormats';
import { type FileResult, formatJson, formatText } from './format';
import { analyseAll, type Job, type Outcome, runAnalysisThread } from './parallel';
import { decodeText, readRegularFile, readStdin } from './read';

declare const PACKAGE_VERSION: string;

const USAGE = `Usage: iam-policy-lint [options] <file | folder | glob | ->...

Lints AWS IAM policy documents: JSON policies, and the policies inside CloudFormation, SAM
and Serverless templates (YAML or JSON) and Terraform files. Folders are searched for *.json,
*.jsonc, *.yaml, *.yml, *.template, *.tf and Terraform templates (*.tftpl, *.json.tpl); files
without IAM policies are skipped, and policy files a Terraform attribute reads with file() or
templatefile() are linted as the policy type the attribute gives. "-" reads one policy from
standard input.

Options:
  --policy-type <type>   Treat every input as this policy type instead of inferring it:
                         ${POLICY_TYPES.join(', ')}
  --identity-policy-kind <kind>
                         Where identity policies are stored, for their size quota:
                         ${IDENTITY_POLICY_KINDS.join(', ')} (default: inline, a role's
                         10,240 characters); a template or Terraform file says it per policy
  --format <text|json|sarif|github>
                         Output format (default: text): json prints LSP diagnostics, sarif a
                         SARIF 2.1.0 log for code scanning, github workflow-command annotations
  --fail-on <error|warning|information>
                         Exit 1 when a finding of this severity or above is reported
                         (default: error)
  --max-warnings <n>     Exit 1 when more than n warnings are reported
  --severity <code=level>  Override a rule's severity (error, warning, information, hint, off);
                         may be repeated
  --config <file>        Use this configuration file for every input, instead of each file's
                         nearest .iam-policy-lint.json or .iam-policy-lint.yaml (searched
                         upward from the file): severities, policyTypes globs, ignore globs,
                         default partition/Region/account, suppressions by JSON path
  --no-config            Use no configuration file
  --hook                 The inputs are the changed files a hook passes (pre-commit): each is
                         taken as a file found in a folder, so one that is no policy, too
                         large, binary, empty or ignored by the configuration is passed over
  --jobs <n>             Analysis threads, at most one per CPU (default: one per two CPUs,
                         up to 4, and only for folders of 100 files or more)
  --no-color             Plain text output
  --version              Print the version and the IAM data version
  --help                 Show this help
  --                     Every later argument is an input, even one that starts with -

  iam-policy-lint check-access --help   Evaluate requests against policies offline
  iam-policy-lint test --help           Run request tests (*.iam-tests.yaml) against policies
  iam-policy-lint access --help         Show what a policy grants, by service, level and action
  iam-policy-lint diff --help           Show the access a policy change adds and removes

Exit codes: 0 no finding at the --fail-on level (and warnings within --max-warnings), 1
otherwise, 2 usage error or unreadable
input (a file named that is missing, not a regular file, larger than 3 MB, binary or empty).
`;

class UsageError extends Error {}

const RULE_CODES = listRules().map((rule) => rule.code);

/** A misspelt code would otherwise be an override that silently changes nothing. */
function checkRuleCode(code: string): void {
  if (RULE_CODES.includes(code)) return;
  const [close] = closestMatches(code, RULE_CODES, 1);
  throw new UsageError(`--severity: unknown rule code '${code}'${close ? ` (did you mean '${close}'?)` : ''}`);
}

interface Options {
  inputs: string[];
  policyType?: PolicyType;
  identityPolicyKind?: IdentityPolicyKind;
  format: 'text' | 'json' | 'sarif' | 'github';
  /** The lowest severity that fails the run (1 error, 2 warning, 4 information and hints). */
  failOn: number;
  maxWarnings?: number;
  severity: Record<string, RuleSeverity>;
  /** Inputs are the changed files a hook passes (pre-commit): linted as files found in a folder are. */
  hook?: boolean;
  /** A configuration file that applies to every input, or false for none; by default each file's nearest `.iam-policy-lint.json`/`.yaml`. */
  config?: string | false;
  colour: boolean;
  jobs?: number;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { inputs: [], format: 'text', failOn: DiagnosticSeverity.Error, severity: {}, colour: process.stdout.isTTY === true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // After `--` every argument is an input, so a file named `-x.json` can be linted.
    if (arg === '--') {
      options.inputs.push(...argv.slice(i + 1));
      break;
    }
    const value = (name: string) => {
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--version' || arg === '-v') return 'version';
    if (arg === '--no-color') options.colour = false;
    else if (arg === '--policy-type' || arg.startsWith('--policy-type=')) {
      const type = value('--policy-type');
      if (!isPolicyType(type)) throw new UsageError(`--policy-type must be one of ${POLICY_TYPES.join(', ')} (got '${type}')`);
      options.policyType = type;
    } else if (arg === '--identity-policy-kind' || arg.startsWith('--identity-policy-kind=')) {
      const kind = value('--identity-policy-kind');
      if (!isIdentityPolicyKind(kind)) throw new UsageError(`--identity-policy-kind must be one of ${IDENTITY_POLICY_KINDS.join(', ')} (got '${kind}')`);
      options.identityPolicyKind = kind;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const format = value('--format');
      if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'github') throw new UsageError(`--format must be text, json, sarif or github (got '${format}')`);
      options.format = format;
    } else if (arg === '--fail-on' || arg.startsWith('--fail-on=')) {
      const level = value('--fail-on');
      if (level === 'error') options.failOn = DiagnosticSeverity.Error;
      else if (level === 'warning') options.failOn = DiagnosticSeverity.Warning;
      else if (level === 'information') options.failOn = DiagnosticSeverity.Information;
      else throw new UsageError(`--fail-on must be error, warning or information (got '${level}')`);
    } else if (arg === '--max-warnings' || arg.startsWith('--max-warnings=')) {
      const count = value('--max-warnings');
      if (!/^\d{1,9}$/.test(count)) throw new UsageError(`--max-warnings takes a number of warnings (got '${count}')`);
      options.maxWarnings = Number(count);
    } else if (arg === '--severity' || arg.startsWith('--severity=')) {
      const [code, level, ...extra] = value('--severity').split('=');
      if (!code || extra.length > 0 || !['error', 'warning', 'information', 'hint', 'off'].includes(level)) {
        throw new UsageError('--severity takes code=level with level error, warning, information, hint or off');
      }
      checkRuleCode(code);
      options.severity[code] = level as RuleSeverity;
    } else if (arg === '--config' || arg.startsWith('--config=')) {
      options.config = value('--config');
    } else if (arg === '--hook') {
      options.hook = true;
    } else if (arg === '--no-config') {
      options.config = false;
    } else if (arg === '--jobs' || arg.startsWith('--jobs=')) {
      const jobs = value('--jobs');
      if (!/^[1-9]\d?$/.test(jobs)) throw new UsageError(`--jobs takes a number of threads from 1 to 99 (got '${jobs}')`);
      options.jobs = Number(jobs);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length === 0) throw new UsageError('no input: name files, folders, globs or - for stdin');
  return options;
}

interface Pending {
  readonly file: string;
  readonly explicit: boolean;
  readonly job: number;
}

/** Where findings and messages gather, in argument order. */
interface Run {
  readonly slots: (FileResult | Pending)[];
  readonly jobs: Job[];
  /** Messages for what could not be read; any makes the exit code 2. */
  readonly unreadable: string[];
  readonly notes: string[];
  /** The settings of a file under its configuration file (undefined for none), and whether the configuration ignores it. */
  readonly configured: (path: string) => { readonly settings?: LanguageSettings; readonly ignored: boolean };
  /** Whether each finding's safe fix is wanted (SARIF output). */
  readonly fixes: boolean;
}

/** The uri of standard input's document: no file, and no `.jsonc` (the text is read as JSON). */
const STDIN_URI = 'untitled:stdin';

/** Reads one file (or `-`) of an input and queues it for analysis, or records why not. */
async function readOne(path: string, input: ExpandedInput, run: Run, cwd: string): Promise<void> {
  const file = path === '-' ? '<stdin>' : displayPath(path, cwd);
  const read = path === '-' ? await readStdin() : readRegularFile(path, file);
  if ('error' in read) {
    run.unreadable.push(read.error);
    return;
  }
  // A file the user named is linted or fails the run like any unreadable input: a CI job must
  // not pass on a policy it never checked. Found in a folder or by a glob, a file too large is
  // listed as skipped, and a binary or empty one is passed over like any file that is no policy.
  const refuse = (why: string) => run.unreadable.push(`cannot read ${file}: ${why}`);
  if ('tooLarge' in read) {
    const why = `larger than ${MAX_DOCUMENT_SIZE / 1024 / 1024} MB`;
    if (input.explicit) refuse(why);
    else run.slots.push({ file, diagnostics: [], skipped: why });
    return;
  }
  const text = decodeText(read.bytes);
  if (text === undefined || EMPTY.test(text)) {
    if (input.explicit) refuse(text === undefined ? 'binary file (it holds a NUL byte)' : 'empty file');
    return;
  }
  const { settings, ignored } = run.configured(path === '-' ? join(cwd, '<stdin>') : path);
  // A file the configuration ignores is passed over in a folder; one the user named is linted.
  if (ignored && !input.explicit) return;
  run.slots.push({ file, explicit: input.explicit, job: run.jobs.length });
  // pathToFileURL escapes `%`, `#` and `?`, which encodeURI leaves to break the uri.
  run.jobs.push({ uri: path === '-' ? STDIN_URI : pathToFileURL(path).href, text, explicit: input.explicit, settings, fixes: run.fixes });
}

/** A text with nothing but white space: no policy, nor anything else to lint. */
const EMPTY = /^\s*$/;

/**
 * Each file's settings under its configuration file: `--config` for all, none with
 * `--no-config`, else the nearest `.iam-policy-lint.json`/`.yaml` upward from the file. What a
 * configuration file gets wrong is a note, said once per file; a `--config` that cannot be read fails the run.
 */
function configuration(options: Options, base: LanguageSettings): Run['configured'] {
  if (options.config === false) return () => ({ ignored: false });
  const readText = (path: string) => {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const given = options.config !== undefined ? resolve(options.config) : undefined;
  const text = given && readText(given);
  if (given && text === undefined) throw new UsageError(`--config: cannot read ${options.config}`);
  const single = given ? readConfig(given, text!) : undefined;
  const finder = new ConfigFinder(readText);
  const told = new Set<string>();
  return (path) => {
    const config = single ?? finder.forFile(resolve(path));
    if (!config) return { ignored: false };
    if (!told.has(config.file)) {
      told.add(config.file);
      for (const problem of config.problems) process.stderr.write(`iam-policy-lint: note: ${config.file}: ${problem}\n`);
    }
    return { settings: configuredSettings(config, resolve(path), base), ignored: isIgnored(config, resolve(path)) };
  };
}

async function lint(options: Options): Promise<{ results: FileResult[]; texts: Map<string, string>; unreadable: string[]; notes: string[] }> {
  const cwd = process.cwd();
  // Reading stays on this thread and in argument order; the analysis may run on several.
  const settings = { policyType: options.policyType, severity: options.severity, identityPolicyKind: options.identityPolicyKind };
  const run: Run = { slots: [], jobs: [], unreadable: [], notes: [], configured: configuration(options, settings), fixes: options.format === 'sarif' };
  const seen = new Set<string>();
  for (const arg of options.inputs) {
    const expanded: ExpandedInput = arg === '-' ? { files: ['-'], errors: [], notes: [], explicit: true } : expandInput(arg, cwd);
    // The files a hook passes are taken as a folder's would be: one that is no policy, unreadable as one or ignored is passed over.
    const input = options.hook && arg !== '-' ? { ...expanded, explicit: false } : expanded;
    run.unreadable.push(...input.errors);
    run.notes.push(...input.notes);
    for (const path of input.files) {
      if (seen.has(path)) continue;
      seen.add(path);
      await readOne(path, input, run, cwd);
    }
  }
  const { slots, jobs, unreadable, notes } = run;
  const outcomes = await analyseAll(jobs, settings, __filename, options.jobs);
  // Policy files that Terraform attributes read with file() or templatefile(): linted as the policy type the attribute gives.
  const following = jobs.length;
  followReferences(run, outcomes, cwd);
  if (jobs.length > following) outcomes.push(...(await analyseAll(jobs.slice(following), settings, __filename, options.jobs)));
  const results: FileResult[] = [];
  const texts = new Map<string, string>();
  for (const slot of slots) {
    if (!('job' in slot)) {
      results.push(slot);
      continue;
    }
    const outcome = outcomes[slot.job];
    if (outcome && 'diagnostics' in outcome) {
      texts.set(slot.file, jobs[slot.job].text);
      results.push({ file: slot.file, diagnostics: outcome.diagnostics, policies: outcome.policies, fixes: outcome.fixes });
    } else if (outcome && 'failed' in outcome) {
      unreadable.push(`cannot analyse ${slot.file}: ${outcome.failed}`);
    } else if (outcome && 'refused' in outcome) {
      // Named on the command line, a file whose policies are not read fails the run, as an unreadable one does.
      if (slot.explicit) unreadable.push(`cannot analyse ${slot.file}: ${outcome.refused}`);
      else results.push({ file: slot.file, diagnostics: [], skipped: outcome.refused });
    } else if (slot.explicit) {
      results.push({ file: slot.file, diagnostics: [], skipped: 'not an IAM policy' });
    }
  }
  return { results, texts, unreadable, notes };
}

/**
 * Queues the policy files the analysed Terraform files read (`file("policy.json")`,
 * `templatefile("trust.json.tftpl", ...)`), each once: one the run has already is analysed
 * again with the type its attribute gives; one outside the inputs is added. A reference to a
 * file that does not exist is noted.
 */
function followReferences(run: Run, outcomes: readonly Outcome[], cwd: string): void {
  const slotOf = new Map<string, number>();
  run.slots.forEach((slot, i) => {
    if ('job' in slot && run.jobs[slot.job].uri.startsWith('file:')) slotOf.set(fileURLToPath(run.jobs[slot.job].uri), i);
  });
  const done = new Set<string>();
  const count = run.slots.length;
  for (let i = 0; i < count; i++) {
    const slot = run.slots[i];
    const outcome = 'job' in slot ? outcomes[slot.job] : undefined;
    if (!('job' in slot) || !outcome || !('references' in outcome) || !outcome.references || !run.jobs[slot.job].uri.startsWith('file:')) continue;
    const folder = dirname(fileURLToPath(run.jobs[slot.job].uri));
    for (const reference of outcome.references) {
      const path = resolve(folder, reference.path);
      if (done.has(path)) continue;
      done.add(path);
      const file = displayPath(path, cwd);
      const label = `${reference.label} in ${slot.file}`;
      const known = slotOf.get(path);
      if (known !== undefined) {
        // Read already: again, as the type the attribute gives, when it gives one.
        const pending = run.slots[known];
        if (!('job' in pending) || (!reference.policyType && !reference.template)) continue;
        run.slots[known] = { ...pending, job: run.jobs.length };
        run.jobs.push({ ...run.jobs[pending.job], reference: { policyType: reference.policyType, label, template: reference.template } });
        continue;
      }
      const read = readRegularFile(path, file);
      const text = 'bytes' in read ? decodeText(read.bytes) : undefined;
      if (text === undefined || EMPTY.test(text)) {
        run.notes.push(`${file} (read by ${label}) ${'error' in read ? 'cannot be read' : 'tooLarge' in read ? 'is larger than 3 MB' : 'is empty or binary'}: not linted`);
        continue;
      }
      run.slots.push({ file, explicit: false, job: run.jobs.length });
      run.jobs.push({ uri: pathToFileURL(path).href, text, reference: { policyType: reference.policyType, label, template: reference.template }, settings: run.configured(path).settings, fixes: run.fixes });
    }
  }
}

async function main(argv: string[]): Promise<number> {
  // `iam-policy-lint check-access ...`: requests evaluated against policies (see checkAccess.ts).
  const write = (text: string) => process.stdout.write(text);
  const warn = (text: string) => process.stderr.write(text);
  if (argv[0] === 'check-access') return checkAccess(argv.slice(1), write, warn);
  // `iam-policy-lint test ...`: request tests (see requestTests.ts).
  if (argv[0] === 'test') return runRequestTests(argv.slice(1), write, warn);
  // `iam-policy-lint access FILE` and `diff OLD NEW`: effective access and the access diff (see access.ts).
  if (argv[0] === 'access') return runAccess(argv.slice(1), write, warn);
  if (argv[0] === 'diff') return runDiff(argv.slice(1), write, warn);
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`iam-policy-lint: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options === 'version') {
    const { source, counts } = getBundledCatalog();
    process.stdout.write(
      `iam-policy-lint ${PACKAGE_VERSION}\nIAM data: ${source.package} ${source.version} (${source.updatedAt.slice(0, 10)}), ` +
        `${counts.services} services, ${counts.actions} actions\n`,
    );
    return 0;
  }
  const { results, texts, unreadable, notes } = await lint(options);
  const report = {
    text: () => formatText(results, texts, options.colour),
    json: () => formatJson(results),
    sarif: () => formatSarif(results, texts, listRules(), PACKAGE_VERSION, process.cwd(), unreadable),
    github: () => formatGithub(results, process.cwd()),
  }[options.format];
  process.stdout.write(report());
  for (const note of notes) process.stderr.write(`iam-policy-lint: note: ${note}\n`);
  for (const message of unreadable) process.stderr.write(`iam-policy-lint: ${message}\n`);
  if (unreadable.length > 0) return 2;
  const findings = results.flatMap((r) => r.diagnostics);
  const warnings = findings.filter((d) => d.severity === DiagnosticSeverity.Warning).length;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return 1;
  return findings.some((d) => (d.severity ?? DiagnosticSeverity.Error) <= options.failOn) ? 1 : 0;
}

const fail = (error: unknown) => {
  process.stderr.write(`iam-policy-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
};
if (!runAnalysisThread()) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), fail);
}
