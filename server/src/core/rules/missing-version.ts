import { setCurrentVersion } from '../edits/jsonEdits';
import type { Rule } from './rule';

/**
 * `missing-version`: without `Version`, IAM applies the 2008-10-17 language, in which
 * policy variables are plain text and newer features are unavailable. Not rejected, so a warning.
 */
export const missingVersion: Rule = {
  code: 'missing-version',
  defaultSeverity: 'warning',
  description: 'The policy has no Version, so IAM uses the old 2008-10-17 language.',
  example: {
    bad: '{ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    if (policy.root?.type !== 'object' || !policy.statementProperty) return;
    const hasVersion = (policy.root.children ?? []).some((p) => String(p.children?.[0]?.value).toLowerCase() === 'version');
    if (hasVersion) return;
    report(policy.statementProperty.children?.[0] ?? policy.statementProperty, 'The policy has no "Version"; add "Version": "2012-10-17".');
  },
  fix({ document, policy }, diagnostic) {
    return setCurrentVersion(document, policy, diagnostic);
  },
};
