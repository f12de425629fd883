import { identityPolicySidPattern } from '../data/elementDocs';
import type { PolicyType } from '../types';
import { quickFix, replaceStringValue } from '../util/edits';
import { type Rule, stringTarget } from './rule';
import { hasUnknown } from '../semantics/unknown';

interface Data {
  readonly replacement?: string;
}

/**
 * Policy types that IAM itself validates. AWS documents letters and digits only for IAM
 * policies; resource policies of other services (S3, SQS, SNS, KMS, ...) and SCPs accept
 * other characters such as spaces and hyphens, so they are not checked.
 */
const IAM_VALIDATED: readonly PolicyType[] = ['identity', 'boundary', 'session'];

/** `invalid-sid`: in IAM identity policies a `Sid` may only hold ASCII letters and digits. */
export const invalidSid: Rule<Data> = {
  code: 'invalid-sid',
  defaultSeverity: 'error',
  description: 'In IAM identity policies a Sid may only contain ASCII letters and digits.',
  example: {
    bad: '{ "Sid": "read-objects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
    good: '{ "Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const value = statement.properties.get('Sid')?.children?.[1];
      if (!value) continue;
      if (value.type !== 'string') {
        report(value, 'Sid must be a string.', {});
        continue;
      }
      if (!IAM_VALIDATED.includes(policy.policyType) || identityPolicySidPattern.test(value.value) || hasUnknown(value.value)) continue;
      // `read-objects` → `ReadObjects`: each run of other characters starts a new word.
      const replacement = String(value.value)
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join('');
      report(value, `Sid '${value.value}' may only contain letters and digits in an IAM policy.`, { replacement: replacement || undefined });
    }
  },
  fix({ document, target }, diagnostic) {
    // The client sends the data back: anything but a valid Sid (another type, an empty or invalid
    // string) gets no fix, not a wrong edit.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (typeof replacement !== 'string' || replacement === '' || !identityPolicySidPattern.test(replacement)) return [];
    const node = stringTarget(target);
    if (!node) return [];
    return [quickFix(`Change Sid to '${replacement}'`, document, [replaceStringValue(document, node, replacement)], diagnostic, true)];
  },
};
