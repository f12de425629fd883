import type { FindingFix } from './parallel';
import type { Diagnostic } from 'vscode-languageserver-types';

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

/** A file's findings as the CLI reports them. */
export interface FileResult {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  /** How many policies the file holds (a template may hold many); one when not said. */
  readonly policies?: number;
  /** Why the file was not analysed (not a policy, binary, too large), if it was not. */
  readonly skipped?: string;
  /** Each finding's safe fix, by index, when they were asked for (SARIF). */
  readonly fixes?: readonly (FindingFix | undefined)[];
}

/** Control characters but tab; C1 holds a one-byte CSI that some terminals obey. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/**
 * A file name or source line as the terminal should see it: a hostile file must not move the
 * cursor or recolour the screen. One character for one keeps the code frame's carets aligned.
 */
function printable(s: string): string {
  return s.replace(CONTROL, (c) => (c.charCodeAt(0) < 0x20 ? String.fromCharCode(0x2400 + c.charCodeAt(0)) : '\uFFFD'));
}

const colours = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m', dim: '\x1b[2m', reset: '\x1b[0m' };

/** Human-readable report: `file:line:col severity code message`, then a code frame. */
export function formatText(results: readonly FileResult[], texts: ReadonlyMap<string, string>, colour: boolean): string {
  const paint = (name: keyof typeof colours, s: string) => (colour ? `${colours[name]}${s}${colours.reset}` : s);
  const out: string[] = [];
  const totals = { error: 0, warning: 0, other: 0 };
  for (const result of results) {
    if (result.skipped) {
      out.push(`${printable(result.file)}: ${paint('dim', `skipped (${result.skipped})`)}`);
      continue;
    }
    const lines = (texts.get(result.file) ?? '').split(/\r?\n/);
    for (const d of result.diagnostics) {
      const severity = SEVERITY_NAMES[d.severity ?? 1] ?? 'error';
      if (severity === 'error') totals.error++;
      else if (severity === 'warning') totals.warning++;
      else totals.other++;
      const { line, character } = d.range.start;
      const message = printable(typeof d.message === 'string' ? d.message : d.message.value);
      out.push(`${printable(result.file)}:${line + 1}:${character + 1}  ${paint(severity as keyof typeof colours, severity)}  ${d.code}  ${message}`);
      const source = lines[line];
      if (source !== undefined && source.length <= 400) {
        const endChar = d.range.end.line === line ? d.range.end.character : source.length;
        const width = Math.max(1, endChar - character);
        const gutter = `${line + 1} | `;
        out.push(paint('dim', `  ${gutter}`) + printable(source));
        out.push(`  ${' '.repeat(gutter.length)}${' '.repeat(character)}${paint(severity as keyof typeof colours, '^'.repeat(width))}`);
      }
    }
  }
  const problems = totals.error + totals.warning + totals.other;
  const files = results.reduce((n, r) => n + (r.skipped ? 0 : (r.policies ?? 1)), 0);
  out.push(
    problems === 0
      ? `No problems in ${files} polic${files === 1 ? 'y' : 'ies'}.`
      : `${problems} problem${problems === 1 ? '' : 's'} (${totals.error} error${totals.error === 1 ? '' : 's'}, ` +
          `${totals.warning} warning${totals.warning === 1 ? '' : 's'}, ${totals.other} other) in ${files} polic${files === 1 ? 'y' : 'ies'}.`,
  );
  return out.join('\n') + '\n';
}

/** Machine-readable report: an array of `{ file, diagnostics }` with LSP Diagnostic objects. */
export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((r) => (r.skipped ? { file: r.file, diagnostics: [], skipped: r.skipped } : { file: r.file, diagnostics: r.diagnostics })),
    null,
    2,
  ) + '\n';
}
