import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionContext, Diagnostic, Range } from 'vscode-languageserver-types';
import { allRefactorings } from './actions';
import type { Catalog } from './catalog/types';
import { DIAGNOSTIC_SOURCE } from './docs';
import type { PolicyDocument } from './policy';
import { allRules } from './rules';
import type { Rule } from './rules/rule';
import { validate } from './validation';

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

/**
 * Quick fixes for our diagnostics in the range, then refactorings at the range. Fixes read the
 * diagnostic's `code` and `data`; a diagnostic without data (from a client that drops it) is
 * recomputed from the document.
 */
export function getCodeActions(
  document: TextDocument,
  range: Range,
  context: CodeActionContext,
  policy: PolicyDocument,
  catalog: Catalog,
  onError?: (where: string, error: unknown) => void,
): CodeAction[] {
  if (!policy.isPolicy) return [];
  const rulesByCode = new Map<string, Rule<unknown>>(allRules.map((r) => [r.code, r]));
  let diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  if (diagnostics.some((d) => d.data === undefined && rulesByCode.get(String(d.code))?.fix)) {
    diagnostics = validate(document, policy, catalog, allRules, onError).filter((d) => overlaps(d.range, range));
  }
  const actions: CodeAction[] = [];
  const only = context.only;
  const wantsQuickFix = !only || only.some((k) => k === 'quickfix' || 'quickfix'.startsWith(k));
  if (wantsQuickFix) {
    for (const diagnostic of diagnostics) {
      const rule = rulesByCode.get(String(diagnostic.code));
      if (!rule?.fix) continue;
      try {
        actions.push(...rule.fix({ document, policy, catalog }, diagnostic as Diagnostic & { data: unknown }));
      } catch (error) {
        onError?.(rule.code, error);
      }
    }
  }
  for (const refactoring of allRefactorings) {
    try {
      const offered = refactoring.provide({ document, policy, catalog, range, context, onError });
      actions.push(...offered.filter((a) => !only || only.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`))));
    } catch (error) {
      onError?.(refactoring.id, error);
    }
  }
  return actions;
}
