import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionContext, Diagnostic, Range } from 'vscode-languageserver-types';
import { allRefactorings } from './actions';
import type { Catalog } from './catalog/types';
import { DIAGNOSTIC_SOURCE } from './docs';
import { fixScope, type PolicyDocument } from './policy';
import type { ClientCommands } from './types';
import { allRules } from './rules';
import type { Rule } from './rules/rule';
import { append, findingsOf } from './validation';

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

/**
 * Caps on one request. Select-all over a policy of 10,000 statements, then the light bulb,
 * asked for every fix and refactoring in the document: seconds of work and megabytes of
 * actions no menu can show. A request stops at this many quick fixes...
 */
const MAX_QUICK_FIXES = 100;
/** ...and offers refactorings for the first this-many statements of its range. */
const MAX_REFACTORED_STATEMENTS = 50;

/** The range, cut after its MAX_REFACTORED_STATEMENTS-th statement when it touches more; otherwise as it is. */
function refactoringRange(document: TextDocument, policy: PolicyDocument, range: Range): Range {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  let touched = 0;
  let keptEnd = end;
  for (const { node } of policy.statements) {
    if (start > node.offset + node.length || end < node.offset) continue;
    if (touched++ === MAX_REFACTORED_STATEMENTS) return { start: range.start, end: document.positionAt(keptEnd) };
    keptEnd = node.offset + node.length;
  }
  return range;
}

/**
 * Quick fixes for our diagnostics in the range, then refactorings at the range. Fixes read the
 * diagnostic's `code` and `data`; a diagnostic without data (from a client that drops it) is
 * recomputed from the document. A range over many statements gets the first fixes and
 * refactorings only (see MAX_QUICK_FIXES).
 */
export function getCodeActions(
  document: TextDocument,
  range: Range,
  context: CodeActionContext,
  policy: PolicyDocument,
  catalog: Catalog,
  onError?: (where: string, error: unknown) => void,
  clientCommands?: ClientCommands,
): CodeAction[] {
  if (!policy.isPolicy) return [];
  const only = context.only;
  const wantsQuickFix = !only || only.some((k) => k === 'quickfix' || 'quickfix'.startsWith(k));
  const actions = wantsQuickFix ? quickFixes(document, range, context, policy, catalog, onError) : [];
  const refactorAt = refactoringRange(document, policy, range);
  for (const refactoring of allRefactorings) {
    try {
      const offered = refactoring.provide({ document, policy, catalog, range: refactorAt, context, onError, clientCommands });
      append(actions, offered.filter((a) => !only || only.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`))));
    } catch (error) {
      onError?.(refactoring.id, error);
    }
  }
  return actions;
}

/** The fixes of the diagnostics, in their order, up to MAX_QUICK_FIXES. */
function quickFixes(
  document: TextDocument,
  range: Range,
  context: CodeActionContext,
  policy: PolicyDocument,
  catalog: Catalog,
  onError?: (where: string, error: unknown) => void,
): CodeAction[] {
  const rulesByCode = new Map<string, Rule<unknown>>(allRules.map((r) => [r.code, r]));
  let diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  if (diagnostics.some((d) => d.data === undefined && rulesByCode.get(String(d.code))?.fix)) {
    diagnostics = findingsOf(document, policy, catalog, onError).filter((d) => overlaps(d.range, range));
  }
  const actions: CodeAction[] = [];
  // Fixes tried, not only those that produced an action: a fix that finds nothing still costs a search.
  let tried = 0;
  for (const diagnostic of diagnostics) {
    if (actions.length >= MAX_QUICK_FIXES) break;
    const rule = rulesByCode.get(String(diagnostic.code));
    if (!rule?.fix) continue;
    if (tried++ >= MAX_QUICK_FIXES) break;
    try {
      const scope = fixScope(policy, document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end), diagnostic.data);
      actions.push(...rule.fix({ document, catalog, ...scope }, diagnostic as Diagnostic & { data: unknown }).slice(0, MAX_QUICK_FIXES - actions.length));
    } catch (error) {
      onError?.(rule.code, error);
    }
  }
  return actions;
}
