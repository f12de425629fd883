import { hasKeyIgnoringCase, statementStart } from '../semantics/actionPatterns';
import type { Rule } from './rule';

/** `missing-action`: every statement needs `Action` or `NotAction`. */
export const missingAction: Rule = {
  code: 'missing-action',
  defaultSeverity: 'error',
  description: 'A statement has neither Action nor NotAction.',
  example: {
    bad: '{ "Effect": "Allow", "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      if (hasKeyIgnoringCase(statement, 'Action', 'NotAction')) continue;
      report(statementStart(statement), 'The statement has neither "Action" nor "NotAction".');
    }
  },
};
