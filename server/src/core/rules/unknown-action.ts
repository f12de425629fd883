import { quickFix, replaceStringValue } from '../util/edits';
import { suggestActions } from '../util/suggest';
import { actionItems, splitAction } from '../semantics/actionItems';
import { type Rule, stringTarget } from './rule';
import { holdsPolicyVariable } from '../semantics/policyVariableSyntax';

interface Data {
  readonly suggestions: readonly string[];
}

/**
 * `unknown-action`: the service exists but the action, or the wildcard pattern, matches no
 * action of it. Mid-name wildcards (`iam:List*Tags`) are valid when they match something.
 */
export const unknownAction: Rule<Data> = {
  code: 'unknown-action',
  defaultSeverity: 'error',
  description: 'The action does not exist in its service, or the wildcard pattern matches no action.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy, catalog }, report) {
    for (const statement of policy.statements) {
      for (const item of actionItems(statement)) {
        const parts = splitAction(item.value);
        // A policy variable is never replaced here: invalid-policy-variable says so.
        if (!parts || parts.action === '' || /[*?]/.test(parts.service) || holdsPolicyVariable(item.value)) continue;
        const service = catalog.getService(parts.service);
        if (!service || catalog.matchActions(item.value).length > 0) continue;
        const wildcard = /[*?]/.test(parts.action);
        const suggestions = wildcard
          ? []
          : suggestActions(service, parts.action);
        const what = wildcard ? `The pattern '${item.value}' matches no action of ${service.name}.` : `Unknown action '${item.value}'.`;
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(item.node, `${what}${hint}`, { suggestions });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    if (!node) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const suggestions: unknown = (diagnostic.data as Partial<Data> | null)?.suggestions;
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '${s}'?`, document, [replaceStringValue(document, node, s)], diagnostic, i === 0),
    );
  },
};
