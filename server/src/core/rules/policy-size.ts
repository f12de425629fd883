import type { IdentityPolicyKind, PolicyType } from '../types';
import type { Rule } from './rule';

/**
 * Size quotas in characters, whitespace not counted (IAM and AWS Organizations quotas).
 * A document does not say whether it is a managed or an inline policy: identity policies get
 * the quota of where they are stored, which a template or Terraform file says for each
 * policy and the `identityPolicyKind` setting says for policy files. By default that is the
 * largest customer quota, 10,240 (a role's inline policies in all), so that a finding is
 * right for every use. AWS's own managed policies may be larger still (40 of them are).
 * Trust policies get the default 2,048 (raisable to 4,096). Resource policies get the S3
 * bucket-policy quota of 20 KB (SQS and Lambda are also 20 KB; KMS key policies allow 32 KB).
 * AWS Organizations strips whitespace only when a policy is saved from the console; through
 * the API it counts, so an SCP/RCP near its quota may still be rejected when saved as written.
 */
const QUOTAS: Record<PolicyType, { chars: number; what: string }> = {
  identity: { chars: 10240, what: 'any customer identity policy (role inline policies: 10,240 in all; managed policies: 6,144)' },
  boundary: { chars: 6144, what: 'a managed policy used as a permissions boundary' },
  session: { chars: 2048, what: 'a session policy' },
  trust: { chars: 2048, what: 'a role trust policy (default quota; it can be raised to 4,096)' },
  scp: { chars: 5120, what: 'a service control policy' },
  rcp: { chars: 5120, what: 'a resource control policy' },
  resource: { chars: 20480, what: 'an S3 bucket policy (20 KB)' },
};

/** Identity policy quotas by where the policy is stored. */
const IDENTITY_QUOTAS: Record<IdentityPolicyKind, { chars: number; what: string }> = {
  managed: { chars: 6144, what: 'a managed policy' },
  inline: { chars: 10240, what: "a role's inline policies (all of them together)" },
  'user-inline': { chars: 2048, what: "a user's inline policies (all of them together)" },
  'group-inline': { chars: 5120, what: "a group's inline policies (all of them together)" },
  'permission-set': { chars: 32768, what: "a permission set's inline policy" },
};

/** Characters IAM counts: everything except whitespace outside string literals. */
function countedCharacters(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      count++;
      if (c === '\\') {
        count++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      count++;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') count++;
  }
  return count;
}

/** `policy-size`: the policy is larger than its type's quota, so AWS would reject it. */
export const policySize: Rule = {
  code: 'policy-size',
  defaultSeverity: 'warning',
  description: "The policy exceeds its type's size quota (whitespace not counted).",
  example: {
    bad: '{ "Version": "2012-10-17", "Statement": [ /* 7,000 characters of statements */ ] }',
    good: '{ "Version": "2012-10-17", "Statement": [ /* at most 6,144 characters */ ] }',
  },
  check({ document, policy }, report) {
    const kind = policy.settings.identityPolicyKind;
    const quota = policy.policyType === 'identity' && kind ? IDENTITY_QUOTAS[kind] : QUOTAS[policy.policyType];
    const size = countedCharacters(document.getText());
    if (size <= quota.chars) return;
    const target = policy.statementProperty?.children?.[0] ?? { offset: policy.root?.offset ?? 0, length: 1 };
    report(
      target,
      `The policy has ${size.toLocaleString('en-US')} characters (whitespace not counted); the quota for ${quota.what} is ${quota.chars.toLocaleString('en-US')}.`,
    );
  },
};
