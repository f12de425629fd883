// Inline suppressions: a comment that silences named rules on the next line or in the whole
// file, with a reason that is required.
//
//   # iam-policy-lint-disable-next-line resource-star -- read-only role, reviewed by security
//   // iam-policy-lint-disable unknown-action, unknown-service -- private preview actions
//
// A comment opens with `#` (YAML, HCL), `//` or `/*` (JSONC, HCL). A suppression without a
// reason, or naming no rule or an unknown one, is an `invalid-suppression` and silences
// nothing; a suppression that silences nothing is an `unused-suppression`. The suppressions'
// own findings cannot be suppressed. Plain JSON (a policy file, a JSON template) holds no
// comments, and AWS rejects a policy that has one: there the rules are set per file instead.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, type CodeActionContext, CodeActionKind, type Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from './docs';
import { LineStarts } from './embedded/lines';
import { allRules } from './rules';
import { getNodePath, type Node } from 'jsonc-parser';
import { isTerraformDocument, isTerraformTemplate, nodeAtPath } from './policy';
import type { LanguageSettings, PathSuppression } from './types';
import { ruleDiagnostics } from './validation';

const DIRECTIVE = 'iam-policy-lint-disable';
/** What a code action writes where the reason goes; left as it is, it is no reason. */
const REASON_PLACEHOLDER = '<reason>';
const OWN_CODES = new Set(['invalid-suppression', 'unused-suppression']);
const RULE_CODES = new Set(allRules.map((r) => r.code));

interface Suppression {
  readonly scope: 'next-line' | 'file';
  /** The comment's line (0-based) and its directive's span in the text. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly codes: readonly { readonly code: string; readonly offset: number }[];
  readonly reason: string;
}

/** The suppression comments of a text, found by their keyword (a text without it costs one search). */
function findSuppressions(text: string): Suppression[] {
  const out: Suppression[] = [];
  let lines: LineStarts | undefined;
  for (let at = text.indexOf(DIRECTIVE); at >= 0; at = text.indexOf(DIRECTIVE, at + DIRECTIVE.length)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    // A comment opener right before the keyword: `# `, `// `, `/* `.
    if (!/(?:#|\/\/|\/\*)[ \t]*$/.test(text.slice(Math.max(lineStart, at - 200), at))) continue;
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    const closing = text.slice(at, lineEnd).indexOf('*/');
    const end = closing >= 0 ? at + closing : lineEnd;
    const body = text.slice(at + DIRECTIVE.length, end);
    const scope = body.startsWith('-next-line') ? 'next-line' : 'file';
    const rest = scope === 'next-line' ? body.slice('-next-line'.length) : body;
    // `-line` or another suffix is not a directive of ours.
    if (rest !== '' && !/^\s/.test(rest)) continue;
    const separator = rest.indexOf('--');
    const list = separator >= 0 ? rest.slice(0, separator) : rest;
    const listStart = end - rest.length;
    const codes = [...list.matchAll(/[^\s,]+/g)].map((m) => ({ code: m[0], offset: listStart + (m.index ?? 0) }));
    const reason = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    lines ??= new LineStarts(text);
    out.push({ scope, line: lines.point(at).row, start: at, end: end > at ? end : at + DIRECTIVE.length, codes, reason: reason === REASON_PLACEHOLDER ? '' : reason });
  }
  return out;
}

/**
 * The diagnostics of a document with its suppressions applied: the findings they silence left
 * out, and findings about the suppressions themselves added.
 */
export function applySuppressions(document: TextDocument, found: readonly Diagnostic[], settings: LanguageSettings = {}, root?: Node): Diagnostic[] {
  const diagnostics = applyPathSuppressions(found, settings, root);
  const text = document.getText();
  if (!text.includes(DIRECTIVE)) return diagnostics as Diagnostic[];
  const suppressions = findSuppressions(text);
  if (suppressions.length === 0) return diagnostics as Diagnostic[];
  const findings: { code: string; offset: number; length: number; message: string }[] = [];
  const used = new Set<string>();
  const valid: Suppression[] = [];
  for (const s of suppressions) {
    const unknown = s.codes.filter((c) => !RULE_CODES.has(c.code) || OWN_CODES.has(c.code));
    for (const c of unknown) findings.push({ code: 'invalid-suppression', offset: c.offset, length: c.code.length, message: `'${c.code}' is not a rule that can be suppressed.` });
    if (s.codes.length === 0) findings.push({ code: 'invalid-suppression', offset: s.start, length: s.end - s.start, message: 'The suppression names no rule: list the codes it silences, then `-- ` and the reason.' });
    else if (s.reason === '') findings.push({ code: 'invalid-suppression', offset: s.start, length: s.end - s.start, message: 'The suppression gives no reason: add `-- ` and why the finding is accepted. It silences nothing until it does.' });
    else valid.push(s);
  }
  const kept = diagnostics.filter((d) => {
    if (d.source !== DIAGNOSTIC_SOURCE || OWN_CODES.has(String(d.code))) return true;
    const silencer = valid.find((s) => (s.scope === 'file' || d.range.start.line === s.line + 1) && s.codes.some((c) => c.code === d.code));
    if (!silencer) return true;
    used.add(`${silencer.start}:${String(d.code)}`);
    return false;
  });
  for (const s of valid) {
    for (const c of s.codes) {
      if (!RULE_CODES.has(c.code) || used.has(`${s.start}:${c.code}`)) continue;
      const where = s.scope === 'file' ? 'in this file' : 'on the next line';
      findings.push({ code: 'unused-suppression', offset: c.offset, length: c.code.length, message: `No '${c.code}' finding ${where} to suppress: remove it from the suppression.` });
    }
  }
  return [...kept, ...ruleDiagnostics(document, settings, findings)];
}

/**
 * The findings of a policy less those the settings' path suppressions accept (paths from the
 * policy's root: in a template or Terraform file, from each policy's).
 */
export function applyPathSuppressions(found: readonly Diagnostic[], settings: LanguageSettings = {}, root?: Node): Diagnostic[] {
  const suppressions = settings.suppressions;
  return suppressions?.length && root ? found.filter((d) => !suppressedByPath(d, suppressions, root)) : (found as Diagnostic[]);
}

/** Whether a finding on a node lies at or below the path of a suppression of its rule. */
function suppressedByPath(diagnostic: Diagnostic, suppressions: readonly PathSuppression[], root: Node): boolean {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || OWN_CODES.has(String(diagnostic.code))) return false;
  const relevant = suppressions.filter((s) => s.rules.includes(String(diagnostic.code)));
  if (relevant.length === 0) return false;
  const node = nodeAtPath(root, (diagnostic.data as { nodePath?: unknown } | undefined)?.nodePath);
  if (!node) return false;
  const path = getNodePath(node);
  // A property's key stands for its property (a finding on "Resource" is at Statement[0].Resource).
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) path.push(String(node.value));
  return relevant.some((s) => s.path.length <= path.length && s.path.every((segment, i) => segment === path[i]));
}

/** How a comment starts in a document, or undefined when it holds none (plain JSON). */
function commentOpener(document: TextDocument): string | undefined {
  const uri = document.uri.toLowerCase();
  if (document.languageId === 'yaml' || /\.(ya?ml|template)$/.test(uri)) return document.getText().trimStart().startsWith('{') ? undefined : '#';
  // Terraform's HCL takes `#`; a template file it reads (`.tftpl`) is JSON text and takes none.
  if (isTerraformDocument(document)) return isTerraformTemplate(document) ? undefined : '#';
  if (document.languageId === 'jsonc' || uri.endsWith('.jsonc')) return '//';
  return undefined;
}

/**
 * "Suppress … with a reason" for each of our findings in the context, where the document can
 * hold a comment: a line above the finding's that silences its rule there, with a reason to
 * fill in (left as it is, the suppression is invalid and silences nothing).
 */
export function suppressionActions(document: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const opener = commentOpener(document);
  if (!opener) return [];
  const text = document.getText();
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const code = String(d.code);
    if (d.source !== DIAGNOSTIC_SOURCE || !RULE_CODES.has(code) || OWN_CODES.has(code) || seen.has(`${d.range.start.line}:${code}`)) continue;
    seen.add(`${d.range.start.line}:${code}`);
    const lineStart = document.offsetAt({ line: d.range.start.line, character: 0 });
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
    const comment = `${indent}${opener} ${DIRECTIVE}-next-line ${code} -- ${REASON_PLACEHOLDER}\n`;
    out.push({
      title: `Suppress '${code}' on this line with a reason`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [document.uri]: [TextEdit.insert({ line: d.range.start.line, character: 0 }, comment)] } },
    });
  }
  return out;
}

/** `applySuppressions` (or with no document, `applyPathSuppressions`) at the end of a validation run one step at a time. */
export function* suppressed(document: TextDocument | undefined, steps: Generator<void, Diagnostic[], void>, settings?: LanguageSettings, root?: Node): Generator<void, Diagnostic[], void> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return document ? applySuppressions(document, step.value, settings, root) : applyPathSuppressions(step.value, settings, root);
    yield;
  }
}

/** Whether a code-action request takes quick fixes (no `only`, or `only` naming them). */
export function wantsQuickFixes(context: CodeActionContext): boolean {
  return !context.only || context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k));
}
