import { servicePrincipalShape } from '../data/servicePrincipals';
import { isKnownServicePrincipal } from '../semantics/knownServicePrincipals';
import { principalItems } from '../semantics/principalItems';
import type { Rule } from './rule';

/**
 * `unknown-service-principal`: a well-formed `*.amazonaws.com` service principal that is
 * neither in the reviewed list nor named in any AWS managed policy. AWS adds principals
 * often, so this is a hint to double-check the spelling, never an error.
 */
export const unknownServicePrincipal: Rule = {
  code: 'unknown-service-principal',
  defaultSeverity: 'hint',
  description: 'The service principal is not a known AWS service principal (check the spelling).',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "lamda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
  },
  check({ policy, catalog }, report) {
    for (const statement of policy.statements) {
      for (const item of principalItems(statement)) {
        if (item.type !== 'Service' || !servicePrincipalShape.test(item.value)) continue;
        if (isKnownServicePrincipal(catalog, item.value)) continue;
        report(item.node, `'${item.value}' is not a service principal we know. Check the spelling in the service's documentation.`);
      }
    }
  },
};
