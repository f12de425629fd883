import type { Rule } from './rule';

/**
 * `invalid-suppression`: an `iam-policy-lint-disable` comment that names no rule, names an
 * unknown one, or gives no reason after `--`. Such a comment silences nothing. Found by the
 * suppression reader (suppressions.ts), which reads comments, not the policy.
 */
export const invalidSuppression: Rule = {
  code: 'invalid-suppression',
  defaultSeverity: 'warning',
  description: 'An iam-policy-lint-disable comment names no rule or an unknown one, or gives no reason after "--"; it silences nothing.',
  example: {
    bad: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    // iam-policy-lint-disable-next-line resource-star\n    "Resource": "*"\n  }]\n}',
    good: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    // iam-policy-lint-disable-next-line resource-star -- public assets, reviewed in SEC-142\n    "Resource": "*"\n  }]\n}',
  },
  check() {
    // Comments, not policy: see suppressions.ts.
  },
};
