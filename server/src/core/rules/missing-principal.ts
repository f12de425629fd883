import type { Rule } from './rule';

/**
 * `missing-principal`: resource-based policies, role trust policies and resource control
 * policies must say whom each statement applies to; IAM rejects a statement without
 * `Principal` or `NotPrincipal` there.
 */
export const missingPrincipal: Rule = {
  code: 'missing-principal',
  defaultSeverity: 'error',
  description: 'A statement of a resource-based, trust or resource control policy has no Principal.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "sts:AssumeRole" }  // in a trust policy',
    good: '{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
  },
  check({ policy }, report) {
    if (!['resource', 'trust', 'rcp'].includes(policy.policyType)) return;
    const kind = policy.policyType === 'trust' ? 'trust policy' : policy.policyType === 'rcp' ? 'resource control policy' : 'resource-based policy';
    for (const statement of policy.statements) {
      if (statement.properties.has('Principal') || statement.properties.has('NotPrincipal')) continue;
      // The Effect element when there is one, else the opening brace: a short, stable anchor.
      const target = statement.properties.get('Effect') ?? { offset: statement.node.offset, length: 1 };
      report(target, `This statement of a ${kind} needs a Principal saying whom it applies to.`);
    }
  },
};
