import { readFileSync } from 'node:fs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getBundledCatalog } from '../core/catalog/bundled';
import { isPolicyType, type PolicyType, type RuleSeverity, POLICY_TYPES } from '../core/types';
import { MAX_DOCUMENT_SIZE } from '../common/protocol';
import { displayPath, expandInput } from './files';
import { type FileResult, formatJson, formatText } from './format';
import { analyseAll, type Job, runAnalysisThread } from './parallel';

declare const PACKAGE_VERSION: string;

const USAGE = `Usage: iam-policy-lint [options] <file | folder | glob | ->...

Lints AWS IAM policy documents (JSON). Folders are searched for *.json and *.jsonc files;
files that are not IAM policies are skipped. "-" reads one policy from standard input.

Options:
  --policy-type <type>   Treat every input as this policy type instead of inferring it:
                         ${POLICY_TYPES.join(', ')}
  --format <text|json>   Output format (default: text)
  --severity <code=level>  Override a rule's severity (error, warning, information, hint, off);
                         may be repeated
  --jobs <n>             Analysis threads, at most one per CPU (default: one per two CPUs,
                         up to 4, and only for folders of 100 files or more)
  --no-color             Plain text output
  --version              Print the version and the IAM data version
  --help                 Show this help

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage error or unreadable input.
`;

class UsageError extends Error {}

interface Options {
  inputs: string[];
  policyType?: PolicyType;
  format: 'text' | 'json';
  severity: Record<string, RuleSeverity>;
  colour: boolean;
  jobs?: number;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { inputs: [], format: 'text', severity: {}, colour: process.stdout.isTTY === true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const format = value('--format');
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
      options.format = format;
    } else if (arg === '--severity' || arg.startsWith('--severity=')) {
      const [code, level] = value('--severity').split('=');
      if (!code || !['error', 'warning', 'information', 'hint', 'off'].includes(level)) {
        throw new UsageError('--severity takes code=level with level error, warning, information, hint or off');
      }
      options.severity[code] = level as RuleSeverity;
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

async function lint(options: Options): Promise<{ results: FileResult[]; texts: Map<string, string>; unreadable: string[] }> {
  const cwd = process.cwd();
  // Reading stays on this thread and in argument order; the analysis may run on several.
  const slots: (FileResult | Pending)[] = [];
  const jobs: Job[] = [];
  const texts = new Map<string, string>();
  const unreadable: string[] = [];
  const seen = new Set<string>();
  for (const input of options.inputs) {
    const expanded = input === '-' ? { files: ['-'], explicit: true } : expandInput(input, cwd);
    if ('error' in expanded && expanded.error) unreadable.push(expanded.error);
    for (const path of expanded.files) {
      if (seen.has(path)) continue;
      seen.add(path);
      const file = path === '-' ? '<stdin>' : displayPath(path, cwd);
      let buffer: Buffer;
      try {
        buffer = readFileSync(path === '-' ? 0 : path);
      } catch (error) {
        unreadable.push(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        continue;
      }
      if (buffer.length > MAX_DOCUMENT_SIZE) {
        slots.push({ file, diagnostics: [], skipped: `larger than ${MAX_DOCUMENT_SIZE / 1024 / 1024} MB` });
        continue;
      }
      if (buffer.includes(0)) {
        if (expanded.explicit) slots.push({ file, diagnostics: [], skipped: 'binary file' });
        continue;
      }
      const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
      slots.push({ file, explicit: expanded.explicit, job: jobs.length });
      jobs.push({ uri: `file://${encodeURI(path)}`, text });
    }
  }
  const outcomes = await analyseAll(jobs, { policyType: options.policyType, severity: options.severity }, __filename, options.jobs);
  const results: FileResult[] = [];
  for (const slot of slots) {
    if (!('job' in slot)) {
      results.push(slot);
      continue;
    }
    const diagnostics = outcomes[slot.job];
    if (diagnostics) {
      texts.set(slot.file, jobs[slot.job].text);
      results.push({ file: slot.file, diagnostics });
    } else if (slot.explicit) {
      results.push({ file: slot.file, diagnostics: [], skipped: 'not an IAM policy' });
    }
  }
  return { results, texts, unreadable };
}

async function main(argv: string[]): Promise<number> {
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
  const { results, texts, unreadable } = await lint(options);
  process.stdout.write(options.format === 'json' ? formatJson(results) : formatText(results, texts, options.colour));
  for (const message of unreadable) process.stderr.write(`iam-policy-lint: ${message}\n`);
  if (unreadable.length > 0) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

const fail = (error: unknown) => {
  process.stderr.write(`iam-policy-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
};
if (!runAnalysisThread()) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), fail);
}
