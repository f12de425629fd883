import { VALID_VERSIONS } from '../policy';
import { setCurrentVersion } from '../edits/jsonEdits';
import type { Rule } from './rule';
import { isUnknown } from '../semantics/unknown';

/** `invalid-version`: `Version` is neither `2012-10-17` nor `2008-10-17`. IAM rejects the policy. */
export const invalidVersion: Rule = {
  code: 'invalid-version',
  defaultSeverity: 'error',
  description: 'Version must be "2012-10-17" (current) or "2008-10-17"; it is not a date of your choosing.',
  example: {
    bad: '{ "Version": "2024-01-01", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    const property = policy.root?.children?.find((p) => p.children?.[0]?.value === 'Version');
    const value = property?.children?.[1];
    if (!value || (value.type === 'string' && (VALID_VERSIONS.includes(value.value) || isUnknown(value.value)))) return;
    report(value, `Invalid Version ${value.type === 'string' ? `'${value.value}'` : 'value'}: use "2012-10-17".`);
  },
  fix({ document, policy }, diagnostic) {
    return setCurrentVersion(document, policy, diagnostic);
  },
};
