import { quickFix, replaceStringValue } from '../util/edits';
import { type Rule, stringTarget } from './rule';
import { holdsPolicyVariable } from '../semantics/policyVariableSyntax';

interface Data {
  readonly replacement?: string;
}

const VALID = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;

function problem(value: string): string | undefined {
  if (value === '*' || VALID.test(value)) return undefined;
  if (/\s/.test(value)) return 'contains whitespace';
  const colon = value.indexOf(':');
  if (colon < 0) return "has no service prefix ('service:Action')";
  if (colon === 0) return 'has an empty service prefix';
  if (colon === value.length - 1) return 'has no action name after the colon';
  if (value.indexOf(':', colon + 1) >= 0) return 'has more than one colon';
  return 'contains characters that are not valid in an action (letters, digits, * and ? after the colon)';
}

/**
 * `action-format`: an `Action`/`NotAction` entry that is not `service:Action` (or `*`):
 * no colon, whitespace, several colons, stray characters. IAM rejects the policy. Values that
 * are not strings at all (`"Action": 5`) are reported too.
 */
export const actionFormat: Rule<Data> = {
  code: 'action-format',
  defaultSeverity: 'error',
  description: "An action is not written as 'service:Action' (or '*').",
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3: GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const list of [statement.action, statement.notAction]) {
        if (!list) continue;
        for (const node of list.invalid) {
          if (node.type === 'array' && list.valueNode.type === 'array') report(node, 'Nested arrays are not valid here; list actions as strings.', {});
          else if (node.type !== 'array') report(node, 'An action must be a string.', {});
        }
        for (const item of list.items) {
          if (item.value === '' || holdsPolicyVariable(item.value)) continue; // empty-value, invalid-policy-variable
          const what = problem(item.value);
          if (!what) continue;
          const squeezed = item.value.replace(/\s+/g, '');
          const replacement = squeezed !== item.value && !problem(squeezed) ? squeezed : undefined;
          report(item.node, `The action '${item.value}' ${what}.`, { replacement });
        }
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (!node || typeof replacement !== 'string' || replacement === '') return [];
    return [quickFix(`Change to '${replacement}'`, document, [replaceStringValue(document, node, replacement)], diagnostic, true)];
  },
};
