// Output for CI systems: SARIF 2.1.0 (GitHub code scanning and other SARIF readers) and GitHub
// workflow commands (annotations on a pull request without code scanning).
import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { RuleInfo } from '../core';
import type { FileResult } from './format';

const LEVELS = ['', 'error', 'warning', 'note', 'note'] as const;

/** A file as SARIF and GitHub want it: relative to the working folder, with forward slashes. */
function uriOf(file: string): string {
  return file
    .split(sep)
    .join('/')
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
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

/** SARIF 2.1.0: one run of iam-policy-lint with every rule, and a result per finding. */
export function formatSarif(results: readonly FileResult[], texts: ReadonlyMap<string, string>, rules: readonly RuleInfo[], version: string): string {
  const index = new Map(rules.map((rule, i) => [rule.code, i]));
  const sarifResults = results.flatMap((result) => {
    if (result.skipped) return [];
    const prints = fingerprints(result.file, result.diagnostics, texts.get(result.file) ?? '');
    return result.diagnostics.map((d, i) => {
      const code = String(d.code ?? '');
      const ruleIndex = index.get(code);
      return {
        ruleId: code,
        ...(ruleIndex !== undefined ? { ruleIndex } : {}),
        level: LEVELS[d.severity ?? 1] ?? 'error',
        message: { text: messageOf(d) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(result.file), uriBaseId: '%SRCROOT%' },
              region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: prints[i] },
      };
    });
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
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder iam-policy-lint ran in.' } } },
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

/** GitHub Actions workflow commands: one `::error file=...,line=...::message` annotation per finding. */
export function formatGithub(results: readonly FileResult[]): string {
  const out: string[] = [];
  for (const result of results) {
    for (const d of result.skipped ? [] : result.diagnostics) {
      const command = ['', 'error', 'warning', 'notice', 'notice'][d.severity ?? 1] ?? 'error';
      const { start, end } = d.range;
      const properties = [
        `file=${escapeProperty(result.file.split(sep).join('/'))}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        ...(end.line === start.line ? [`endColumn=${end.character + 1}`] : []),
        `title=${escapeProperty(`iam-policy-lint ${String(d.code)}`)}`,
      ];
      out.push(`::${command} ${properties.join(',')}::${escapeData(messageOf(d))}`);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
