import type { PolicyDocument, StatementModel } from '../policy';
import { conditionEntries } from './conditionItems';
import { effectOf } from './actionPatterns';
import { principalItems } from './principalItems';
import type { Rule } from '../rules/rule';

/**
 * SCPs, RCPs, permissions boundaries and session policies only set a ceiling: their Allow
 * statements grant nothing by themselves (AWS's default SCP is `Allow * on *`). Rules that
 * warn about what an Allow grants stay silent on them.
 */
const CEILING_TYPES = new Set(['scp', 'rcp', 'boundary', 'session']);

export function grantsPermissions(policy: PolicyDocument): boolean {
  return !CEILING_TYPES.has(policy.policyType);
}

const ACCOUNT_PRINCIPAL = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

/**
 * A resource-policy statement whose principals are whole accounts hands control of the
 * resource to those accounts' own IAM policies (the default KMS key policy: the account root
 * with `kms:*`); what it "grants" is decided there, not here.
 */
export function delegatesToAccounts(policy: PolicyDocument, statement: StatementModel): boolean {
  if (policy.policyType !== 'resource' || statement.notPrincipal) return false;
  const items = principalItems(statement);
  return items.length > 0 && items.every((i) => i.type === 'AWS' && ACCOUNT_PRINCIPAL.test(i.value));
}

const ACCESS_POINT_KEYS = new Set(['s3:dataaccesspointaccount', 's3:dataaccesspointarn']);

/**
 * A bucket-policy statement limited to requests made through access points (a positive
 * `s3:DataAccessPointAccount` / `s3:DataAccessPointArn` condition: AWS's documented
 * "delegate access control to access points" pattern) leaves what is granted to the access
 * point policies.
 */
export function delegatesToAccessPoints(policy: PolicyDocument, statement: StatementModel): boolean {
  if (policy.policyType !== 'resource') return false;
  return conditionEntries(statement).some((e) => ACCESS_POINT_KEYS.has(e.key.toLowerCase()) && !/Not|IfExists|Null/.test(e.operator));
}

/**
 * The check of the `allow-not-*` rules: an Allow statement with the `Not` element (reported
 * on its key). With Deny the same element is normal; ceiling policies grant nothing.
 */
export function allowWithNot(element: 'NotAction' | 'NotResource' | 'NotPrincipal', message: string): Rule['check'] {
  return ({ policy }, report) => {
    if (!grantsPermissions(policy)) return;
    for (const statement of policy.statements) {
      const property = statement.properties.get(element);
      if (!property || effectOf(statement) !== 'Allow') continue;
      report(property.children?.[0] ?? property, message);
    }
  };
}
