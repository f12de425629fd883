import type { Rule } from './rule';

/**
 * `analysis-incomplete`: a check failed inside the linter on this statement, so the statement
 * was not fully checked. The validation runner reports it (see validation.ts), never a rule:
 * a contained failure must reach the user as a finding, not as silence that reads as "clean".
 * Error by default, so that CI fails closed on a policy it could not judge.
 */
export const analysisIncomplete: Rule = {
  code: 'analysis-incomplete',
  defaultSeverity: 'error',
  description: 'A check could not finish on this statement (an internal failure was contained); the statement is not fully checked.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" /* a statement on which a check failed inside the linter */ }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" /* every check finished */ }',
  },
  check() {
    // Reported by the runner when another rule throws on a statement.
  },
};
