import { hasKeyIgnoringCase, statementStart } from '../semantics/actionPatterns';
import type { Rule } from './rule';

/** `missing-effect`: every statement needs `Effect`. Reported on the statement's opening brace. */
export const missingEffect: Rule = {
  code: 'missing-effect',
  defaultSeverity: 'error',
  description: 'A statement has no Effect.',
  example: {
    bad: '{ "Action": "s3:GetObject", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      if (hasKeyIgnoringCase(statement, 'Effect')) continue;
      report(statementStart(statement), 'The statement has no "Effect"; add "Allow" or "Deny".');
    }
  },
};
