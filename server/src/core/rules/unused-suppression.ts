import type { Rule } from './rule';

/**
 * `unused-suppression`: an `iam-policy-lint-disable` comment names a rule that has no finding
 * where the comment reaches (the next line, or the file): the finding it was written for is
 * gone, or the comment sits on the wrong line. Found by the suppression reader (suppressions.ts).
 */
export const unusedSuppression: Rule = {
  code: 'unused-suppression',
  defaultSeverity: 'warning',
  description: 'An iam-policy-lint-disable comment names a rule that has no finding on the next line (or in the file) to silence.',
  example: {
    bad: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    // iam-policy-lint-disable-next-line resource-star -- public assets\n    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"\n  }]\n}',
    good: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"\n  }]\n}',
  },
  check() {
    // Comments, not policy: see suppressions.ts.
  },
};
