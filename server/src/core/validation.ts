import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location } from 'vscode-languageserver-types';
import type { Catalog } from './catalog/types';
import { DIAGNOSTIC_SOURCE, ruleDocUrl } from './docs';
import { nodePath, type PolicyDocument, type StatementModel } from './policy';
import { allRules } from './rules';
import { analysisIncomplete } from './rules/analysis-incomplete';
import { jsonSyntax } from './rules/json-syntax';
import type { Report, Rule, RuleContext } from './rules/rule';
import type { LanguageSettings, RuleSeverity } from './types';
import { rangeOf } from './util/edits';

const SEVERITIES: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a rule has for this document, after the user's overrides. */
function effectiveSeverity(rule: Rule<unknown>, settings: LanguageSettings): RuleSeverity {
  const override = settings.severity?.[rule.code];
  return override !== undefined && Object.prototype.hasOwnProperty.call(settings.severity, rule.code) ? override : rule.defaultSeverity;
}

/** A finding a host reader made about its own text around a policy (an unescaped `${aws:...}` in a `!Sub`), in the policy's offsets. */
export interface HostRuleFinding {
  readonly code: string;
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * Host findings as their rule's diagnostics, stamped as the rules' own are: the severity after
 * the user's overrides (none when off), code, source, documentation link, clipped message.
 */
export function hostRuleDiagnostics(document: TextDocument, policy: PolicyDocument, findings: readonly HostRuleFinding[]): Diagnostic[] {
  return ruleDiagnostics(document, policy.settings, findings);
}

/** Findings made outside a rule's check (a host reader's, a suppression's) as their rule's diagnostics, with the severity the settings give. */
export function ruleDiagnostics(document: TextDocument, settings: LanguageSettings, findings: readonly HostRuleFinding[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const finding of findings) {
    const rule = allRules.find((r) => r.code === finding.code);
    const severity = rule && effectiveSeverity(rule, settings);
    if (!rule || !severity || severity === 'off') continue;
    reporter(document, rule, severity, out)({ offset: finding.offset, length: finding.length }, finding.message, finding.data);
  }
  return out;
}

/** Where a contained failure is heard: the rule's code and what it threw. */
type ErrorSink = (rule: string, error: unknown) => void;

/**
 * The diagnostics of every enabled rule, one rule per step: the caller may pause between steps
 * (the server does, so that requests about other documents are answered during a long run).
 * The generator's return value is the full list, the same as `validate`'s.
 *
 * A rule that throws on the whole policy is run again on each statement alone, so that its
 * findings on the other statements survive; each statement it still fails on gets an
 * `analysis-incomplete` finding instead of silence, and `onError` hears about it.
 */
export function* validateSteps(
  document: TextDocument,
  policy: PolicyDocument,
  catalog: Catalog,
  rules: readonly Rule<unknown>[] = allRules,
  onError?: ErrorSink,
): Generator<void, Diagnostic[], void> {
  const diagnostics: Diagnostic[] = [];
  if (!policy.isPolicy) return diagnostics;
  const whole = rules === allRules;
  const known = whole ? results.get(policy) : undefined;
  if (known) return known;
  const ctx: RuleContext = { document, policy, catalog };
  const incomplete = effectiveSeverity(analysisIncomplete, policy.settings);
  // Without a tree (nested too deep to read) only the syntax finding can be judged.
  for (const rule of policy.tooDeep ? rules.filter((r) => r.code === jsonSyntax.code) : rules) {
    const severity = effectiveSeverity(rule, policy.settings);
    if (severity === 'off') continue;
    const found: Diagnostic[] = [];
    const report = reporter(document, rule, severity, found);
    try {
      rule.check(ctx, report);
      append(diagnostics, found);
    } catch (error) {
      onError?.(rule.code, error);
      append(diagnostics, isolate(ctx, rule, severity, incomplete, error));
    }
    yield;
  }
  if (whole) results.set(policy, diagnostics);
  return diagnostics;
}

/**
 * The findings of every rule on a parse, kept while the parse lives: the code actions of a
 * request (each fix-all-of-kind, a client that drops `data`) then read them instead of
 * validating the whole document again for each. A parse never changes, so neither do they.
 */
const results = new WeakMap<PolicyDocument, Diagnostic[]>();

/** Every finding of the parse (validated now if it has not been), filtered to one rule code when given. */
export function findingsOf(document: TextDocument, policy: PolicyDocument, catalog: Catalog, onError?: ErrorSink, code?: string): readonly Diagnostic[] {
  const all = validate(document, policy, catalog, allRules, onError);
  return code === undefined ? all : all.filter((d) => d.code === code);
}

/** Appends one by one: `push(...list)` passes every element as an argument, and a rule's 200,000 findings overflow the stack. */
export function append<T>(to: T[], list: readonly T[]): void {
  for (const item of list) to.push(item);
}

/** Runs every enabled rule; a rule that throws is contained per statement (see `validateSteps`). */
export function validate(
  document: TextDocument,
  policy: PolicyDocument,
  catalog: Catalog,
  rules: readonly Rule<unknown>[] = allRules,
  onError?: ErrorSink,
): Diagnostic[] {
  const steps = validateSteps(document, policy, catalog, rules, onError);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The longest message a finding carries. Messages quote the values they are about, and a value
 * may be megabytes long; the range still points at all of it.
 */
const MAX_MESSAGE = 600;

/**
 * The most findings one rule reports on one policy; the rest are dropped. Each costs a range, a
 * message and some 300 bytes of LSP JSON: 725,000 findings of one rule (3 MB of one-digit
 * account IDs) took 1.8 s to report and hundreds of MB to send, and nobody reads past the first
 * screens of a list. Far above what a policy AWS accepts can hold (32 KB at most, for key
 * policies), and above the ~15,000 statements that fit a template under CloudFormation's 1 MB.
 * Fix-all fixes at most 500 findings a pass, so it never needs the rest.
 */
export const MAX_FINDINGS_PER_RULE = 20_000;

const clip = (message: string) => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);

function reporter(document: TextDocument, rule: Rule<unknown>, severity: Exclude<RuleSeverity, 'off'>, out: Diagnostic[]): Report<unknown> {
  const href = ruleDocUrl(rule.code);
  let reported = 0;
  return (target, rawMessage, data, options) => {
    if (reported++ >= MAX_FINDINGS_PER_RULE) return;
    const message = clip(rawMessage);
    const diagnostic: Diagnostic = {
      range: rangeOf(document, target),
      severity: SEVERITIES[severity],
      code: rule.code,
      codeDescription: { href },
      source: DIAGNOSTIC_SOURCE,
      message,
    };
    // The node the finding is about travels with it: its fix finds it by this path, not by searching the position again.
    if ('type' in target) diagnostic.data = { ...(data as object | undefined), nodePath: nodePath(target) };
    else if (data !== undefined) diagnostic.data = data;
    if (options?.tags) diagnostic.tags = options.tags;
    if (options?.related) {
      diagnostic.relatedInformation = options.related.map((r) =>
        DiagnosticRelatedInformation.create(Location.create(document.uri, rangeOf(document, r.target)), clip(r.message)),
      );
    }
    out.push(diagnostic);
  };
}

const keyOf = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message}`;

/**
 * A rule failed on the whole policy: its findings per statement, each statement checked on a
 * view of the policy that holds only that statement. Findings about the whole document come
 * out of every view, so they are kept once.
 */
function isolate(
  ctx: RuleContext,
  rule: Rule<unknown>,
  severity: Exclude<RuleSeverity, 'off'>,
  incomplete: RuleSeverity,
  error: unknown,
): Diagnostic[] {
  const { document, policy } = ctx;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const failed: StatementModel[] = [];
  for (const statement of policy.statements) {
    const found: Diagnostic[] = [];
    const view: PolicyDocument = { ...policy, statements: [statement] };
    try {
      rule.check({ ...ctx, policy: view }, reporter(document, rule, severity, found));
    } catch {
      failed.push(statement);
      continue;
    }
    for (const d of found) {
      const key = keyOf(d);
      if (!seen.has(key) && out.length < MAX_FINDINGS_PER_RULE) {
        seen.add(key);
        out.push(d);
      }
    }
  }
  if (incomplete === 'off') return out;
  const reason = error instanceof Error ? error.message : String(error);
  const report = reporter(document, analysisIncomplete, incomplete, out);
  const message = `The check '${rule.code}' failed on this statement (${reason.slice(0, 200)}), so it is not fully checked.`;
  // With no statement to blame (the failure is about the whole document), the finding goes on
  // `Statement` (or the document's first brace).
  const whole = policy.statementProperty?.children?.[0] ?? policy.root;
  if (failed.length === 0 && whole) report({ offset: whole.offset, length: whole.type === 'string' ? whole.length : 1 }, message);
  for (const statement of failed) report({ offset: statement.node.offset, length: 1 }, message);
  return out;
}
