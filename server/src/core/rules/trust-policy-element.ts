import type { Node } from 'jsonc-parser';
import { removeProperty } from '../edits/jsonEdits';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

/** The elements a role trust policy may not have: the role is the resource, and IAM accepts no exception list of principals there. */
const PROHIBITED = ['Resource', 'NotResource', 'NotPrincipal'] as const;

/**
 * `trust-policy-element`: a role trust policy (`AssumeRolePolicyDocument`,
 * `assume_role_policy`) names who may assume the role; the role itself is the resource. IAM
 * rejects the policy when a statement has `Resource` or `NotResource` ("MalformedPolicyDocument:
 * Has prohibited field Resource"), `NotPrincipal`, which trust policies do not support, or the
 * bare `"Principal": "*"`.
 */
export const trustPolicyElement: Rule = {
  code: 'trust-policy-element',
  defaultSeverity: 'error',
  description: 'Resource, NotResource, NotPrincipal or "Principal": "*" in a role trust policy, which IAM rejects.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*" }  // in a trust policy',
    good: '{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }',
  },
  check({ policy }, report) {
    // Only where the host or the settings say it is a role's trust policy: a VPC endpoint
    // policy or an RCP about sts:AssumeRole reads like one and may have a Resource.
    if (policy.policyType !== 'trust' || policy.policyTypeSource !== 'setting') return;
    for (const statement of policy.statements) {
      for (const name of PROHIBITED) {
        const key = statement.properties.get(name)?.children?.[0];
        if (!key) continue;
        const why = name === 'NotPrincipal' ? 'a trust policy cannot use NotPrincipal; name the principals that may assume the role' : 'the role is the resource of its trust policy';
        report(key, `IAM rejects a role trust policy with ${name}: ${why}.`);
      }
      // The bare "*" form is refused there too (MalformedPolicyDocument), unlike {"AWS": "*"}.
      const principal = statement.principal;
      if (principal?.type === 'string' && principal.value === '*') {
        report(principal, 'IAM rejects "Principal": "*" in a role trust policy: name the accounts, roles, services or identity providers that may assume the role.');
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const property = policy.statements.flatMap((s) => PROHIBITED.map((name) => s.properties.get(name))).find((p): p is Node => p?.children?.[0]?.offset === offset);
    const name = property?.children?.[0]?.value as string | undefined;
    const edit = property && removeProperty(document, property);
    return edit && name !== 'NotPrincipal' ? [quickFix(`Remove "${name}"`, document, [edit], diagnostic, true)] : [];
  },
};
