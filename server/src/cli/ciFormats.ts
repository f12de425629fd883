// Output for CI systems: SARIF 2.1.0 (GitHub code scanning and other SARIF readers) and GitHub
// workflow commands (annotations on a pull request without code scanning).
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { RuleInfo } from '../core';
import type { FileResult } from './format';

const LEVELS = ['', 'error', 'warning', 'note', 'note'] as const;

/** What the CLI calls standard input in its results. */
const STDIN = '<stdin>';

/**
 * A file as SARIF wants it: relative to the working folder (`%SRCROOT%`), percent-encoded
 * with forward slashes; a file outside it as an absolute `file:` URI; none for standard input.
 */
function artifactOf(file: string, cwd: string): { uri: string; uriBaseId?: string } | undefined {
  if (file === STDIN) return undefined;
  const path = resolve(cwd, file);
  const inside = relative(cwd, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { uri: pathToFileURL(path).href };
  return { uri: inside.split(sep).map((part) => encodeURIComponent(part)).join('/'), uriBaseId: '%SRCROOT%' };
}

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : String(d.message));

/**
 * A fingerprint of a finding that stays the same when unrelated lines move: the rule, the file,
 * the text of the finding's line (trimmed) and the text it covers, and how many identical
 * findings came before it in the file.
 */
function fingerprints(file: string, diagnostics: readonly Diagnostic[], text: string): string[] {
  const lines = text.split(/\r?\n/);
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const line = lines[d.range.start.line] ?? '';
    const covered = d.range.start.line === d.range.end.line ? line.slice(d.range.start.character, d.range.end.character) : line.slice(d.range.start.character);
    const key = `${String(d.code)}\u0000${file}\u0000${line.trim()}\u0000${covered}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return `${createHash('sha256').update(`${key}\u0000${count}`).digest('hex').slice(0, 32)}:${count + 1}`;
  });
}

/** A range as a SARIF region: 1-based lines and columns, the end column just after the last character (an empty range is an insertion point). */
function regionOf(range: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** SARIF 2.1.0: one run of iam-policy-lint with every rule, and a result per finding. */
export function formatSarif(
  results: readonly FileResult[],
  texts: ReadonlyMap<string, string>,
  rules: readonly RuleInfo[],
  version: string,
  cwd: string,
  unreadable: readonly string[],
): string {
  const index = new Map(rules.map((rule, i) => [rule.code, i]));
  const sarifResults = results.flatMap((result) => {
    if (result.skipped) return [];
    const prints = fingerprints(result.file, result.diagnostics, texts.get(result.file) ?? '');
    const artifact = artifactOf(result.file, cwd);
    return result.diagnostics.map((d, i) => {
      const code = String(d.code ?? '');
      const ruleIndex = index.get(code);
      const region = regionOf(d.range);
      const fix = artifact && result.fixes?.[i];
      return {
        ruleId: code,
        ...(ruleIndex !== undefined ? { ruleIndex } : {}),
        level: LEVELS[d.severity ?? 1] ?? 'error',
        message: { text: artifact ? messageOf(d) : `${messageOf(d)} (standard input, line ${region.startLine}, column ${region.startColumn})` },
        ...(artifact ? { locations: [{ physicalLocation: { artifactLocation: artifact, region } }] } : {}),
        partialFingerprints: { primaryLocationLineHash: prints[i] },
        // The finding's one safe fix, as code scanning can offer it: the same edits the editor's preferred quick fix makes.
        ...(fix
          ? { fixes: [{ description: { text: fix.title }, artifactChanges: [{ artifactLocation: artifact, replacements: fix.edits.map((e) => ({ deletedRegion: regionOf(e.range), insertedContent: { text: e.newText } })) }] }] }
          : {}),
      };
    });
  });
  // What was not linted (too large, unreadable) is said too: a run that read nothing is not a clean run.
  const notifications = [
    ...results.filter((r) => r.skipped).map((r) => ({ file: r.file, text: `${r.file}: skipped (${r.skipped})` })),
    ...unreadable.map((text) => ({ file: undefined, text })),
  ].map(({ file, text }) => {
    const artifact = file === undefined ? undefined : artifactOf(file, cwd);
    return { level: 'warning', message: { text }, ...(artifact ? { locations: [{ physicalLocation: { artifactLocation: artifact } }] } : {}) };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-policy-lint',
            version,
            informationUri: 'https://github.com/iam-policy-tools/iam-policy-language-tools',
            rules: rules.map((rule) => ({
              id: rule.code,
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              helpUri: rule.docUrl,
              defaultConfiguration: { level: rule.defaultSeverity === 'error' ? 'error' : rule.defaultSeverity === 'warning' ? 'warning' : 'note' },
              properties: { tags: ['iam', rule.defaultSeverity === 'error' ? 'correctness' : 'security'] },
            })),
          },
        },
        invocations: [{ executionSuccessful: unreadable.length === 0, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/$/, '')}/`, description: { text: 'The folder iam-policy-lint ran in.' } } },
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A workflow command's data: `%`, CR and LF escaped. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: the data escapes, and `:` and `,`. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions workflow commands: one `::error file=...,line=...::message` annotation per
 * finding, the file as an absolute path (the runner makes it relative to the repository, so
 * a step's working folder does not matter), and a warning for each file not linted.
 */
export function formatGithub(results: readonly FileResult[], cwd: string): string {
  const out: string[] = [];
  const fileOf = (file: string) => (file === STDIN ? [] : [`file=${escapeProperty(resolve(cwd, file))}`]);
  for (const result of results) {
    if (result.skipped) out.push(`::warning ${[...fileOf(result.file), `title=${escapeProperty('iam-policy-lint')}`].join(',')}::${escapeData(`skipped (${result.skipped})`)}`);
    for (const d of result.skipped ? [] : result.diagnostics) {
      const command = ['', 'error', 'warning', 'notice', 'notice'][d.severity ?? 1] ?? 'error';
      const { start, end } = d.range;
      const position = [`line=${start.line + 1}`, `col=${start.character + 1}`, `endLine=${end.line + 1}`, ...(end.line === start.line ? [`endColumn=${end.character + 1}`] : [])];
      const properties = [...fileOf(result.file), ...(result.file === STDIN ? [] : position), `title=${escapeProperty(`iam-policy-lint ${String(d.code)}`)}`];
      const where = result.file === STDIN ? ` (standard input, line ${start.line + 1}, column ${start.character + 1})` : '';
      out.push(`::${command} ${properties.join(',')}::${escapeData(messageOf(d) + where)}`);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
