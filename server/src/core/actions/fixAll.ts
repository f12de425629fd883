import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, type Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../docs';
import { fixScope, parsePolicy } from '../policy';
import { applySuppressions } from '../suppressions';
import { allRules } from '../rules';
import type { Rule } from '../rules/rule';
import { findingsOf } from '../validation';
import type { Refactoring, RefactoringContext } from './refactoring';

/** Our kind under `source.fixAll`, so clients can ask for it on save (`"source.fixAll.iamPolicy": "explicit"`). */
const FIX_ALL_KIND = 'source.fixAll.iamPolicy';

type Span = readonly [number, number];

/** What fix-all reads: the document and its parse, and where to report a rule or fix that threw. */
type FixAllContext = Pick<RefactoringContext, 'document' | 'policy' | 'catalog' | 'onError'>;

/** Two edits conflict when their ranges overlap, or an insertion touches the other edit (their order would be a guess). */
const conflicts = (a: Span, b: Span) =>
  (a[0] < b[1] && b[0] < a[1]) || (a[0] === a[1] && b[0] <= a[0] && a[0] <= b[1]) || (b[0] === b[1] && a[0] <= b[0] && b[0] <= a[1]);

/**
 * Merges the edits of several fixes, in order, leaving out a fix whose edits conflict with
 * an accepted fix or with each other (it applies on the next run), so the merged edit never
 * garbles the text. Returns the accepted edits sorted by position.
 */
export function mergeFixes(document: TextDocument, fixes: readonly (readonly TextEdit[])[]): TextEdit[] {
  // Accepted spans never conflict, so kept sorted by start a new span need only be compared with
  // its neighbours there: thousands of fixes merge in n log n, not n².
  const accepted: { edit: TextEdit; span: Span }[] = [];
  const clashes = (s: Span) => {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (accepted[mid].span[0] < s[0]) lo = mid + 1;
      else hi = mid;
    }
    // Spans starting at the same offset (insertions) sit on either side of `lo`.
    for (let k = lo - 1; k >= 0 && accepted[k].span[1] >= s[0]; k--) if (conflicts(s, accepted[k].span)) return true;
    for (let k = lo; k < accepted.length && accepted[k].span[0] <= s[1]; k++) if (conflicts(s, accepted[k].span)) return true;
    return false;
  };
  for (const edits of fixes) {
    const spans = edits.map((e) => [document.offsetAt(e.range.start), document.offsetAt(e.range.end)] as const);
    const clash = spans.some((s, i) => clashes(s) || spans.some((t, j) => j !== i && conflicts(s, t)));
    if (clash) continue;
    edits.forEach((edit, i) => {
      const entry = { edit, span: spans[i] };
      let at = accepted.length;
      while (at > 0 && accepted[at - 1].span[0] > entry.span[0]) at--;
      accepted.splice(at, 0, entry);
    });
  }
  return accepted.map((a) => a.edit);
}

/**
 * The edits of every unambiguous quick fix in the document: for each diagnostic, the fix its
 * rule marks as preferred, when there is exactly one, merged by `mergeFixes`.
 */
function fixAllEdits(ctx: FixAllContext, code?: string): TextEdit[] {
  return mergeFixes(ctx.document, preferredFixes(ctx, code));
}

/**
 * Fixes one fix-all applies. A fix finds its target within its statement; a document of tens of
 * thousands of findings is fixed in steps (the next fix-all goes on) instead of freezing once.
 */
const MAX_FIXES_PER_PASS = 500;

/** The edits of the one preferred fix of each diagnostic that has exactly one (of one code, if given). */
function preferredFixes(ctx: FixAllContext, code?: string): TextEdit[][] {
  const { document, policy, catalog, onError } = ctx;
  const rules = new Map<string, Rule<unknown>>(allRules.filter((r) => code === undefined || r.code === code).map((r) => [r.code, r]));
  const fixes: TextEdit[][] = [];
  // Counted per fix tried: fixes that offer nothing preferred cost as much as those that do.
  let tried = 0;
  // Findings a comment suppresses are accepted as they are: fix-all (and fix on save) leaves them.
  for (const diagnostic of applySuppressions(document, findingsOf(document, policy, catalog, onError, code), policy.settings, policy.root)) {
    const rule = rules.get(String(diagnostic.code));
    if (!rule?.fix) continue;
    if (tried++ >= MAX_FIXES_PER_PASS) break;
    let preferred: CodeAction[];
    try {
      const scope = fixScope(policy, document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end), diagnostic.data);
      preferred = rule.fix({ document, catalog, ...scope }, diagnostic as Diagnostic & { data: unknown }).filter((a) => a.isPreferred);
    } catch (error) {
      onError?.(rule.code, error); // fix-all skips a failing fix, but on save no quick-fix request would report it
      continue;
    }
    if (preferred.length !== 1) continue;
    const changes = preferred[0].edit?.changes;
    const edits = changes?.[document.uri];
    // Fixes that touch other documents (or only use documentChanges) are not safe to batch.
    if (edits && edits.length > 0 && Object.keys(changes!).length === 1) fixes.push(edits);
  }
  return fixes;
}

/** Fix-all repeats while fixes reveal new fixable findings (a did-you-mean that creates a duplicate), up to this many passes. */
const MAX_PASSES = 5;

/**
 * How many characters the passes after the first may read in all. Each parses and validates the
 * whole text again (about a second for a 3 MB document, where a fix-all took 2 to 9 s), while
 * the first reads the findings the editor already has. A document AWS accepts (32 KB at most)
 * gets every pass; one of megabytes gets as many as fit, and the next fix-all goes on from there,
 * as it does past `MAX_FIXES_PER_PASS`.
 */
const MAX_REREAD = 1_000_000;

/** One edit from `before` to `after`: the span between their common prefix and common suffix. */
function diffEdit(document: TextDocument, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return TextEdit.replace(
    Range.create(document.positionAt(start), document.positionAt(before.length - end)),
    after.slice(start, after.length - end),
  );
}

/**
 * The edits of a complete fix-all: the first pass's edits as they are when one pass settles
 * everything, else one edit covering what all passes changed.
 */
function fixAllDocumentEdits(ctx: FixAllContext): TextEdit[] {
  const first = fixAllEdits(ctx);
  if (first.length === 0) return [];
  const { document, catalog } = ctx;
  const original = document.getText();
  const afterFirst = TextDocument.applyEdits(document, first);
  let text = afterFirst;
  let reread = 0;
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    reread += text.length;
    if (reread > MAX_REREAD) break;
    const current = TextDocument.create(document.uri, document.languageId, document.version, text);
    const edits = fixAllEdits({ document: current, policy: parsePolicy(current, ctx.policy.settings), catalog, onError: ctx.onError });
    if (edits.length === 0) break;
    text = TextDocument.applyEdits(current, edits);
  }
  if (text === afterFirst) return first;
  return text === original ? [] : [diffEdit(document, original, text)];
}

/**
 * `source.fixAll.iamPolicy`: applies every unambiguous quick fix at once. Offered only when the
 * client asks for source actions, never in the light bulb at the cursor.
 */
export const fixAll: Refactoring = {
  id: 'fix-all',
  provide(ctx) {
    const only = ctx.context.only;
    if (!only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) return [];
    const edits = fixAllDocumentEdits(ctx);
    if (edits.length === 0) return [];
    return [CodeAction.create('Fix all auto-fixable IAM policy problems', { changes: { [ctx.document.uri]: edits } }, FIX_ALL_KIND)];
  },
};

/**
 * "Fix all of this kind": next to the quick fixes of a diagnostic, one action that applies the
 * preferred fix of every finding with the same code in the document, when there are several.
 */
export const fixAllOfKind: Refactoring = {
  id: 'fix-all-of-kind',
  provide(ctx) {
    const codes = new Set(ctx.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).map((d) => String(d.code)));
    const out: CodeAction[] = [];
    for (const code of codes) {
      if (!allRules.some((r) => r.code === code && r.fix)) continue;
      const fixes = preferredFixes(ctx, code);
      if (fixes.length < 2) continue;
      const edits = mergeFixes(ctx.document, fixes);
      out.push(CodeAction.create(`Fix all '${code}' problems in this file`, { changes: { [ctx.document.uri]: edits } }, CodeActionKind.QuickFix));
    }
    return out;
  },
};
