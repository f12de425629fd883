import type { Rule } from './rule';

/** `missing-statement`: a policy (recognised by its `Version`) without a `Statement`. IAM rejects it. */
export const missingStatement: Rule = {
  code: 'missing-statement',
  defaultSeverity: 'error',
  description: 'The policy has no Statement element.',
  example: {
    bad: '{ "Version": "2012-10-17" }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    if (policy.root?.type !== 'object' || policy.statementProperty) return;
    const hasMisspelt = (policy.root.children ?? []).some((p) => String(p.children?.[0]?.value).toLowerCase() === 'statement');
    if (hasMisspelt) return; // unknown-element offers the casing fix
    report(policy.policyVersion?.node.parent?.children?.[0] ?? { offset: policy.root.offset, length: 1 }, 'The policy has no Statement element.');
  },
};
