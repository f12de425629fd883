import { principalItems } from '../semantics/principalItems';
import type { Rule } from './rule';

const UNIQUE_ID = /^A(IDA|ROA)[A-Z0-9]{12,}$/;

/**
 * `deleted-principal`: a user or role unique ID (`AIDA…`, `AROA…`) where an ARN belongs.
 * IAM replaces a principal's ARN with its unique ID when the user or role is deleted, so the
 * statement no longer applies to anyone, even if a new one with the same name is created.
 */
export const deletedPrincipal: Rule = {
  code: 'deleted-principal',
  defaultSeverity: 'warning',
  description: 'A user or role unique ID (AIDA…/AROA…) as principal: the user or role was probably deleted.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "AWS": "AROAEXAMPLEID1234567" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:role/Deployer" }, "Action": "sts:AssumeRole" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const item of principalItems(statement)) {
        if (item.type !== 'AWS' || !UNIQUE_ID.test(item.value)) continue;
        const what = item.value.startsWith('AROA') ? 'role' : 'user';
        report(item.node, `'${item.value}' is the unique ID of a ${what}: IAM shows it in place of the ARN once the ${what} is deleted. Recreating the ${what} does not restore access; name the new ${what}'s ARN.`);
      }
    }
  },
};
