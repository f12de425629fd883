import { quickFix, replaceStringValue } from '../util/edits';
import { type Rule, stringTarget } from './rule';
import { isUnknown } from '../semantics/unknown';

interface Data {
  readonly suggestion?: 'Allow' | 'Deny';
}

/** `invalid-effect`: `Effect` must be exactly `Allow` or `Deny` (case-sensitive). IAM rejects anything else. */
export const invalidEffect: Rule<Data> = {
  code: 'invalid-effect',
  defaultSeverity: 'error',
  description: 'Effect must be exactly "Allow" or "Deny" (case-sensitive).',
  example: {
    bad: '{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const value = statement.properties.get('Effect')?.children?.[1];
      if (!value || (value.type === 'string' && (value.value === 'Allow' || value.value === 'Deny' || isUnknown(value.value)))) continue;
      if (value.type !== 'string') {
        report(value, 'Effect must be the string "Allow" or "Deny".', {});
        continue;
      }
      const lower = String(value.value).toLowerCase();
      const suggestion = lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : undefined;
      report(value, `Invalid Effect '${value.value}': use ${suggestion ? `'${suggestion}' (the value is case-sensitive)` : '"Allow" or "Deny"'}.`, { suggestion });
    }
  },
  fix({ document, target }, diagnostic) {
    // The client sends the data back: anything but one of the two Effects gets no fix, not a wrong edit.
    const suggestion: unknown = (diagnostic.data as Partial<Data> | null)?.suggestion;
    if (suggestion !== 'Allow' && suggestion !== 'Deny') return [];
    const node = stringTarget(target);
    if (!node) return [];
    return [quickFix(`Change to '${suggestion}'`, document, [replaceStringValue(document, node, suggestion)], diagnostic, true)];
  },
};
