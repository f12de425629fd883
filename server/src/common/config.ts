// The project's configuration file, `.iam-policy-lint.json` or `.iam-policy-lint.yaml`, found
// upward from the linted file, so that the CLI in CI and the editor agree: rule severities,
// policy types by glob, files to ignore, default partition, Region and account, and
// suppressions by JSON path for plain JSON policies (which cannot hold a comment). Settings and
// command-line options still override it for one user or one run.
import { parse as parseYaml } from 'yaml';
import { type AccessCheckItem, IDENTITY_POLICY_KINDS, type IdentityPolicyKind, isIdentityPolicyKind, isPolicyType, type LanguageSettings, parseAccessCheckItem, type PathSuppression, type PolicyType, type RuleSeverity } from '../core';
import { Glob, matchGlobMap } from './glob';
import { readSettings } from './settings';

export const CONFIG_NAMES = ['.iam-policy-lint.json', '.iam-policy-lint.yaml', '.iam-policy-lint.yml'] as const;

/** A configuration larger than this is not read (a real one is a few hundred bytes). */
const MAX_CONFIG = 256 * 1024;
const KEYS = new Set(['severity', 'policyTypes', 'ignore', 'defaultPartition', 'defaultRegion', 'defaultAccountId', 'identityPolicyKind', 'suppressions', 'mustNotGrant']);

/** A configuration file, read and checked. */
export interface ProjectConfig {
  /** The file, and its folder with `/` separators (globs are relative to it). */
  readonly file: string;
  readonly folder: string;
  readonly severity: Readonly<Record<string, RuleSeverity>>;
  readonly policyTypes: Readonly<Record<string, PolicyType>>;
  readonly ignore: readonly Glob[];
  readonly defaultPartition?: string;
  readonly defaultRegion?: string;
  readonly defaultAccountId?: string;
  readonly identityPolicyKind?: IdentityPolicyKind;
  readonly suppressions: readonly (PathSuppression & { readonly files: Glob })[];
  /** Access no policy under the configuration may grant (`mustNotGrant`: `iam:*`, `s3:DeleteBucket:arn:aws:s3:::prod-*`). */
  readonly mustNotGrant: readonly AccessCheckItem[];
  /** What in the file was not understood and is left out (a typo must not pass silently). */
  readonly problems: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `Statement[0].Resource` (or `Statement.0.Resource`) as path segments; undefined when it is not one. */
function parsePath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : /^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
  return out.length > 0 ? out : undefined;
}

const rulesOf = (entry: Record<string, unknown>) => (Array.isArray(entry.rules) ? entry.rules.filter((r): r is string => typeof r === 'string') : typeof entry.rules === 'string' ? [entry.rules] : []);
const pathOf = (entry: Record<string, unknown>) => (typeof entry.path === 'string' ? parsePath(entry.path) : entry.path === undefined ? [] : undefined);

/** What is wrong with a suppression entry, if anything. */
function suppressionProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'must be an object with files, rules, path and reason';
  if (typeof entry.files !== 'string') return "'files' must be a glob";
  if (rulesOf(entry).length === 0) return "'rules' must name the rule codes it silences";
  if (!pathOf(entry)) return "'path' must be a JSON path such as Statement[0].Resource";
  if (typeof entry.reason !== 'string' || entry.reason.trim() === '') return "'reason' is required: say why the finding is accepted";
  return undefined;
}

/** A suppression entry suppressionProblem found nothing wrong with. */
function readSuppression(entry: Record<string, unknown>): PathSuppression & { files: Glob } {
  return { files: new Glob(entry.files as string), rules: rulesOf(entry), path: pathOf(entry)!, reason: (entry.reason as string).trim() };
}

/** Reads a configuration file's text (JSON, or YAML by the file's name). Never throws: what cannot be read is a problem. */
export function readConfig(file: string, text: string): ProjectConfig {
  const normalised = file.replace(/\\/g, '/');
  const folder = normalised.slice(0, normalised.lastIndexOf('/') + 1);
  const problems: string[] = [];
  let value: unknown;
  if (text.length > MAX_CONFIG) problems.push(`larger than ${MAX_CONFIG / 1024} KB: not read`);
  else {
    try {
      value = /\.ya?ml$/i.test(file) ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
    } catch (error) {
      problems.push(`not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  const record = isRecord(value) ? value : {};
  if (value !== undefined && value !== null && !isRecord(value)) problems.push('not an object of settings');
  for (const key of Object.keys(record)) if (!KEYS.has(key)) problems.push(`unknown setting '${key}' (known: ${[...KEYS].join(', ')})`);
  // The same checks as the editor's settings: unknown rule codes and severities are left out.
  const read = readSettings(record);
  if (isRecord(record.severity)) {
    for (const code of Object.keys(record.severity)) if (!read.severity || !(code in read.severity)) problems.push(`severity: '${code}' is not a rule code with a severity of error, warning, information, hint or off`);
  }
  if (isRecord(record.policyTypes)) {
    for (const [glob, type] of Object.entries(record.policyTypes)) if (!isPolicyType(type)) problems.push(`policyTypes: '${glob}' maps to '${String(type)}', not a policy type`);
  }
  const ignore: Glob[] = [];
  if (record.ignore !== undefined) {
    if (Array.isArray(record.ignore)) for (const glob of record.ignore.slice(0, 100)) typeof glob === 'string' ? ignore.push(new Glob(glob)) : problems.push('ignore: every entry must be a glob string');
    else problems.push('ignore must be a list of globs');
  }
  const suppressions: (PathSuppression & { files: Glob })[] = [];
  if (record.suppressions !== undefined) {
    const list = Array.isArray(record.suppressions) ? record.suppressions : [];
    if (!Array.isArray(record.suppressions)) problems.push('suppressions must be a list');
    list.slice(0, 1000).forEach((entry, i) => {
      const problem = suppressionProblem(entry);
      if (problem) problems.push(`suppressions[${i}]: ${problem}`);
      else suppressions.push(readSuppression(entry as Record<string, unknown>));
    });
  }
  if (record.identityPolicyKind !== undefined && !isIdentityPolicyKind(record.identityPolicyKind)) problems.push(`identityPolicyKind must be one of ${IDENTITY_POLICY_KINDS.join(', ')}`);
  const mustNotGrant: AccessCheckItem[] = [];
  if (record.mustNotGrant !== undefined) {
    if (!Array.isArray(record.mustNotGrant)) problems.push('mustNotGrant must be a list such as [iam:*, s3:DeleteBucket:arn:aws:s3:::prod-*]');
    else {
      for (const spec of record.mustNotGrant.slice(0, 1000)) {
        const item = typeof spec === 'string' ? parseAccessCheckItem(spec) : 'every entry must be a string';
        if (typeof item === 'string') problems.push(`mustNotGrant: ${item}`);
        else mustNotGrant.push(item);
      }
    }
  }
  return {
    file: normalised,
    folder,
    severity: (read.severity ?? {}) as Record<string, RuleSeverity>,
    policyTypes: (read.policyTypes ?? {}) as Record<string, PolicyType>,
    ignore,
    defaultPartition: read.defaultPartition,
    defaultRegion: read.defaultRegion,
    defaultAccountId: read.defaultAccountId,
    identityPolicyKind: read.identityPolicyKind as IdentityPolicyKind | undefined,
    suppressions,
    mustNotGrant,
    problems,
  };
}

/** A file's path relative to the configuration's folder, or undefined when it is not below it. */
function relative(config: ProjectConfig, path: string): string | undefined {
  const normalised = path.replace(/\\/g, '/');
  return normalised.startsWith(config.folder) ? normalised.slice(config.folder.length) : undefined;
}

/** Whether the configuration ignores a file. */
export function isIgnored(config: ProjectConfig | undefined, path: string): boolean {
  const rel = config && relative(config, path);
  return rel !== undefined && config!.ignore.some((glob) => glob.test(rel));
}

/**
 * The core's settings for a file under a configuration, below the user's own: `over` (editor
 * settings, command-line options) wins per rule and per value.
 */
export function configuredSettings(config: ProjectConfig | undefined, path: string, over: LanguageSettings): LanguageSettings {
  if (!config) return over;
  const rel = relative(config, path) ?? path;
  const globType = over.policyType ? undefined : matchGlobMap(config.policyTypes, rel);
  const policyType = over.policyType ?? globType;
  const suppressions = config.suppressions.filter((s) => s.files.test(rel)).map(({ rules, path: at, reason }) => ({ rules, path: at, reason }));
  return {
    ...over,
    severity: { ...config.severity, ...over.severity },
    policyType: isPolicyType(policyType) ? policyType : undefined,
    // A file the configuration types by its name is thereby said to be a policy, as with the editor's glob setting.
    declaredPolicy: globType ? true : over.declaredPolicy,
    defaultPartition: over.defaultPartition ?? config.defaultPartition,
    defaultRegion: over.defaultRegion ?? config.defaultRegion,
    defaultAccountId: over.defaultAccountId ?? config.defaultAccountId,
    identityPolicyKind: over.identityPolicyKind ?? config.identityPolicyKind,
    suppressions: suppressions.length > 0 ? [...(over.suppressions ?? []), ...suppressions] : over.suppressions,
    mustNotGrant: config.mustNotGrant.length > 0 ? [...(over.mustNotGrant ?? []), ...config.mustNotGrant] : over.mustNotGrant,
  };
}

/**
 * Finds the configuration that applies to a file: the nearest configuration file in its folder
 * or a folder above. `read` returns a file's text, or undefined when there is none; folders are
 * looked up once each.
 */
export class ConfigFinder {
  private readonly byFolder = new Map<string, ProjectConfig | undefined>();

  constructor(private readonly read: (path: string) => string | undefined) {}

  /** The configuration for a file (its path, with `/` or `\` separators). */
  forFile(path: string): ProjectConfig | undefined {
    const normalised = path.replace(/\\/g, '/');
    return this.forFolder(normalised.slice(0, normalised.lastIndexOf('/')));
  }

  private forFolder(folder: string): ProjectConfig | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    let found: ProjectConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const file = `${folder}/${name}`;
      const text = this.read(file);
      if (text !== undefined) {
        found = readConfig(file, text);
        break;
      }
    }
    const parent = folder.slice(0, folder.lastIndexOf('/'));
    if (!found && parent !== folder && folder.includes('/')) found = this.forFolder(parent);
    this.byFolder.set(folder, found);
    return found;
  }

  /** Forgets what was read (a configuration file changed). */
  clear(): void {
    this.byFolder.clear();
  }
}
