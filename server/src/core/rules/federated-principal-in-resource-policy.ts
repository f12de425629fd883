import { principalTypeKeys } from '../semantics/principalItems';
import type { Rule } from './rule';

/** Actions of a role trust statement: a statement of only these is a trust statement whatever the document around it. */
const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i;

/**
 * `federated-principal-in-resource-policy`: a `Federated` principal (a SAML or OIDC provider,
 * Cognito, a web identity provider) outside a role trust policy. Only a role can be assumed
 * with a federated identity; bucket, key, queue and other resource policies do not take one
 * (Access Analyzer's "Federated principal not supported"). A federated user reaches a resource
 * through the role it assumed: name that role. When the type is inferred from the text, a
 * statement of trust actions only is left alone (a trust statement in an odd document).
 */
export const federatedPrincipalInResourcePolicy: Rule = {
  code: 'federated-principal-in-resource-policy',
  defaultSeverity: 'error',
  description: 'A Federated principal in a resource-based policy other than a role trust policy, which does not support one.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Federated": "cognito-identity.amazonaws.com" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }',
    good: '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/web-identity-role" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }',
  },
  check({ policy }, report) {
    if (policy.policyType !== 'resource') return;
    for (const statement of policy.statements) {
      const actions = statement.action?.items ?? [];
      if (policy.policyTypeSource === 'inferred' && actions.length > 0 && actions.every((a) => TRUST_ACTION.test(a.value))) continue;
      for (const key of principalTypeKeys(statement)) {
        if (key.type !== 'Federated') continue;
        report(key.node, 'Only a role trust policy takes a Federated principal: a resource-based policy cannot name an identity provider. Name the role that federated users assume.');
      }
    }
  },
};
