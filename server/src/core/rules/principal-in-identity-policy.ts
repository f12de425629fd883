import type { PolicyType } from '../types';
import type { Rule } from './rule';

/** Policy types that are attached to a principal (or an account) and so never name one. */
const NO_PRINCIPAL: readonly PolicyType[] = ['identity', 'scp', 'boundary', 'session'];

/**
 * `principal-in-identity-policy`: identity policies, SCPs, permissions boundaries and
 * session policies apply to the principal they are attached to; IAM rejects a `Principal`
 * or `NotPrincipal` element in them. Only reported when the type is known from the
 * settings, since a principal is what makes the type inferred as a resource policy.
 */
export const principalInIdentityPolicy: Rule = {
  code: 'principal-in-identity-policy',
  defaultSeverity: 'error',
  description: 'Principal or NotPrincipal in an identity policy, SCP, permissions boundary or session policy.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "s3:GetObject", "Resource": "*" }  // as an identity policy',
    good: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }',
  },
  check({ policy }, report) {
    if (!NO_PRINCIPAL.includes(policy.policyType)) return;
    const kind = { identity: 'an identity policy', scp: 'a service control policy', boundary: 'a permissions boundary', session: 'a session policy' }[
      policy.policyType as 'identity' | 'scp' | 'boundary' | 'session'
    ];
    for (const statement of policy.statements) {
      for (const name of ['Principal', 'NotPrincipal']) {
        const key = statement.properties.get(name)?.children?.[0];
        if (key) report(key, `${name} is not allowed in ${kind}: it applies to the identity it is attached to.`);
      }
    }
  },
};
