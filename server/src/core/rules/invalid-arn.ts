import { type ArnParts, isOpen, PARTITIONS, splitArn } from './arn';
import type { Rule } from './rule';

/** What is wrong with an ARN used as a resource, or undefined when it is well formed. */
export function arnProblem(value: string): { message: string; part?: keyof ArnParts } | undefined {
  if (value === '*') return undefined;
  if (!value.startsWith('arn:')) {
    if (/^arn:/i.test(value)) return { message: "ARNs start with lowercase 'arn:'." };
    return { message: `'${value}' is not an ARN: a resource is '*' or 'arn:partition:service:region:account:resource'.` };
  }
  const arn = splitArn(value);
  if (!arn) {
    // `arn:aws:*`: a last part that is all wildcard may swallow the remaining colons.
    return /:\*+$/.test(value) ? undefined : { message: 'An ARN has six colon-separated parts: arn:partition:service:region:account:resource.' };
  }
  if (!isOpen(arn.partition) && !PARTITIONS.includes(arn.partition)) {
    return { message: `Unknown partition '${arn.partition}': expected one of ${PARTITIONS.join(', ')}.`, part: 'partition' };
  }
  if (!isOpen(arn.service) && !/^[a-z0-9-]+$/.test(arn.service)) {
    return { message: `Invalid service '${arn.service}' in the ARN.`, part: 'service' };
  }
  if (!isOpen(arn.region) && !/^[a-z0-9-]*$/.test(arn.region)) {
    return { message: `Invalid region '${arn.region}' in the ARN.`, part: 'region' };
  }
  if (!isOpen(arn.account) && arn.account !== '' && arn.account !== 'aws' && !/^\d{12}$/.test(arn.account)) {
    return { message: `Invalid account '${arn.account}': an account ID has 12 digits (or is empty, or 'aws' for AWS-owned resources).`, part: 'account' };
  }
  // AWS accepts `arn:aws:organizations::*:` (a wildcard elsewhere), so only a fully literal ARN needs a resource.
  if (arn.resource === '' && !isOpen(value)) return { message: 'The ARN has no resource part.', part: 'resource' };
  const open = (value.match(/\$\{/g) ?? []).length;
  const close = (value.match(/\}/g) ?? []).length;
  if (open > close) return { message: "A policy variable '${' is not closed with '}'." };
  return undefined;
}

/**
 * API Gateway resource policies may name the API's own methods without the ARN prefix:
 * `execute-api:/stage/METHOD/path` (AWS expands it to the API's ARN when it saves the policy).
 */
const API_GATEWAY_SHORT_FORM = /^execute-api:\/\S*$/;

/**
 * `invalid-arn`: a `Resource`/`NotResource` entry that is not `*` and not a well-formed ARN:
 * wrong prefix, too few parts, unknown partition, account that is not 12 digits. Wildcards and
 * policy variables are valid in every part, and the account `aws` names AWS-owned resources.
 * In resource policies the API Gateway short form `execute-api:/...` is accepted.
 * Reported on the whole string; non-string entries are reported too.
 */
export const invalidArn: Rule = {
  code: 'invalid-arn',
  defaultSeverity: 'error',
  description: 'A resource is neither "*" nor a well-formed ARN (prefix, partition, account).',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const list of [statement.resource, statement.notResource]) {
        if (!list) continue;
        for (const node of list.invalid) report(node, 'A resource must be a string ("*" or an ARN).');
        for (const item of list.items) {
          if (item.value === '') continue; // empty-value
          if (policy.policyType === 'resource' && API_GATEWAY_SHORT_FORM.test(item.value)) continue;
          const problem = arnProblem(item.value);
          if (problem) report(item.node, problem.message);
        }
      }
    }
  },
};
