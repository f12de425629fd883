import type { ParsedOperator } from '../data/conditionOperators';
import { allConditionEntries } from '../semantics/conditionItems';
import type { Rule } from './rule';

/** A closed `${...}` with a name: what IAM would take for a policy variable. */
const VARIABLE = /\$\{[^}\s][^}]*\}/;

/**
 * True when IAM substitutes policy variables in the operator's values: only the String and ARN
 * families do (IAM User Guide, "Policy variables: Condition element", and Access Analyzer's
 * INVALID_VARIABLE_FOR_OPERATOR). AWS's pages disagree on `Bool`: the condition operators page
 * lists variables as supported there (the operator data, and so the evaluator and hover, follow
 * it), the variables page and Access Analyzer say they are not. This rule sides with Access
 * Analyzer, whose finding users meet when they validate the policy.
 */
function takesVariables(parsed: ParsedOperator): boolean {
  return parsed.base.supportsPolicyVariables && parsed.base.family !== 'Bool';
}

/**
 * `variable-with-unsupported-operator`: a `${...}` policy variable in a value of a Numeric,
 * Date, Bool, Binary, IP address or Null condition. IAM substitutes variables only under String
 * and ARN operators, so here the text `${aws:username}` is compared as it is written: the
 * condition can never match as intended. No fix: whether the operator or the value is wrong
 * cannot be read from the text.
 */
export const variableWithUnsupportedOperator: Rule = {
  code: 'variable-with-unsupported-operator',
  defaultSeverity: 'error',
  description: 'A ${...} policy variable is used under an operator that does not substitute variables (Numeric, Date, Bool, Binary, IP address, Null): only String and ARN operators do.',
  example: {
    bad: '"Condition": { "NumericLessThan": { "s3:max-keys": "${aws:PrincipalTag/max-keys}" } }',
    good: '"Condition": { "NumericLessThan": { "s3:max-keys": "100" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (!entry.parsed || takesVariables(entry.parsed)) continue;
      for (const value of entry.values) {
        if (value.node.type !== 'string' || !VARIABLE.test(value.text)) continue;
        report(
          value.node,
          `'${entry.operator}' does not substitute policy variables: only String and ARN operators do, so '${value.text}' is compared as literal text and the condition does not work as intended.`,
        );
      }
    }
  },
};
