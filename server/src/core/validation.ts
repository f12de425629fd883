import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location } from 'vscode-languageserver-types';
import type { Catalog } from './catalog/types';
import { DIAGNOSTIC_SOURCE, ruleDocUrl } from './docs';
import type { PolicyDocument } from './policy';
import { allRules } from './rules';
import type { Rule, RuleContext } from './rules/rule';
import type { RuleSeverity } from './types';
import { rangeOf } from './util/edits';

const SEVERITIES: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a rule has for this document, after the user's overrides. */
export function effectiveSeverity(rule: Rule<unknown>, policy: PolicyDocument): RuleSeverity {
  return policy.settings.severity?.[rule.code] ?? rule.defaultSeverity;
}

/** Runs every enabled rule; a rule that throws is skipped (and reported to `onError`), never the whole run. */
export function validate(
  document: TextDocument,
  policy: PolicyDocument,
  catalog: Catalog,
  rules: readonly Rule<unknown>[] = allRules,
  onError?: (rule: string, error: unknown) => void,
): Diagnostic[] {
  if (!policy.isPolicy) return [];
  const ctx: RuleContext = { document, policy, catalog };
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, policy);
    if (severity === 'off') continue;
    try {
      rule.check(ctx, (target, message, data, options) => {
        const diagnostic: Diagnostic = {
          range: rangeOf(document, target),
          severity: SEVERITIES[severity],
          code: rule.code,
          codeDescription: { href: ruleDocUrl(rule.code) },
          source: DIAGNOSTIC_SOURCE,
          message,
        };
        if (data !== undefined) diagnostic.data = data;
        if (options?.tags) diagnostic.tags = options.tags;
        if (options?.related) {
          diagnostic.relatedInformation = options.related.map((r) =>
            DiagnosticRelatedInformation.create(Location.create(document.uri, rangeOf(document, r.target)), r.message),
          );
        }
        diagnostics.push(diagnostic);
      });
    } catch (error) {
      onError?.(rule.code, error);
    }
  }
  return diagnostics;
}
