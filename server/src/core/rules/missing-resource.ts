import { hasKeyIgnoringCase, statementStart } from '../semantics/actionPatterns';
import type { StatementModel } from '../policy';
import type { Rule } from './rule';

/** ECR repository policies name no Resource: the repository they are attached to is implied. */
function impliesResource(statement: StatementModel): boolean {
  const actions = statement.action?.items ?? [];
  return actions.length > 0 && actions.every((a) => /^ecr(-public)?:/i.test(a.value));
}

/**
 * `missing-resource`: statements need `Resource` or `NotResource`, except in role trust
 * policies, where the role itself is the resource.
 */
export const missingResource: Rule = {
  code: 'missing-resource',
  defaultSeverity: 'error',
  description: 'A statement has neither Resource nor NotResource (not needed in trust policies).',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy }, report) {
    if (policy.policyType === 'trust') return;
    for (const statement of policy.statements) {
      if (hasKeyIgnoringCase(statement, 'Resource', 'NotResource')) continue;
      if (policy.policyType === 'resource' && impliesResource(statement)) continue;
      report(statementStart(statement), 'The statement has neither "Resource" nor "NotResource".');
    }
  },
};
