import type { Catalog } from '../catalog/types';
import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { addConditionEdits } from '../edits/conditionEdits';
import { conditionEntries } from '../semantics/conditionItems';
import { isAllow, principalItems } from '../semantics/principalItems';
import { type Rule, stringTarget } from './rule';

/** The account placeholder of the fix when neither the statement's resources nor the settings name one. */
const ACCOUNT_PLACEHOLDER = '111122223333';

/**
 * Condition keys that tie a service's request to the resource or account it acts for: the
 * global source keys, and the encryption context a service such as CloudWatch Logs puts in its
 * KMS requests (AWS's documented guard for those key policies).
 */
const SOURCE_KEY = /^(aws:Source(Arn|Account|OrgID|OrgPaths|Owner)|kms:EncryptionContext:)/i;

/** Principals whose documented resource policies carry no source condition (AWS's ELB access-log policy for newer Regions). */
const WITHOUT_SOURCE_KEYS = new Set(['logdelivery.elasticloadbalancing.amazonaws.com']);

/**
 * Whether the statement only lets the service look: list actions, `Describe…`, and the bucket ACL
 * and location checks log-delivery services make before they write (AWS's own templates leave
 * those open; the write next to them is what a confused deputy would abuse).
 */
function onlyLooks(actions: readonly string[], catalog: Catalog): boolean {
  return (
    actions.length > 0 &&
    actions.every((pattern) => {
      const matched = catalog.matchActions(pattern);
      return matched.length > 0 && matched.every((a) => a.accessLevel === 'List' || /^Describe/.test(a.name) || /^s3:GetBucket(Acl|Location)$/i.test(a.fullName));
    })
  );
}

/** The account of the statement's resource ARNs, when they agree on one. */
function resourceAccount(values: readonly string[]): string | undefined {
  const accounts = new Set(values.map((v) => /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(v)?.[1]).filter((a): a is string => a !== undefined));
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

/**
 * `service-principal-without-source`: a resource-based policy allows an AWS service principal
 * (`cloudtrail.amazonaws.com`) with no condition on the resource or account the service acts
 * for. The service then acts for anyone who points it at this resource: the cross-service
 * confused deputy. AWS recommends `aws:SourceArn` or `aws:SourceAccount` (or
 * `aws:SourceOrgID`) in such statements. Role trust policies are left alone: the service there
 * assumes the role for the account that owns it.
 */
export const servicePrincipalWithoutSource: Rule = {
  code: 'service-principal-without-source',
  defaultSeverity: 'warning',
  description: 'A resource-based policy allows an AWS service principal more than a look (list, describe, the bucket ACL check) with no aws:SourceArn, aws:SourceAccount or aws:SourceOrgID condition: the service may act here for any account (confused deputy).',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/111122223333/*" }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/111122223333/*", "Condition": { "StringEquals": { "aws:SourceAccount": "111122223333" } } }',
  },
  check({ policy, catalog }, report) {
    if (policy.policyType !== 'resource') return;
    for (const statement of policy.statements) {
      if (!isAllow(statement) || conditionEntries(statement).some((e) => SOURCE_KEY.test(e.key))) continue;
      if (!statement.notAction && onlyLooks(statement.action?.items.map((i) => i.value) ?? [], catalog)) continue;
      for (const item of principalItems(statement)) {
        if (item.element !== 'Principal' || item.type !== 'Service' || !/\.amazonaws\.com(\.cn)?$/i.test(item.value) || WITHOUT_SOURCE_KEYS.has(item.value.toLowerCase())) continue;
        report(item.node, `'${item.value}' may act through this statement for any account: add a condition on aws:SourceArn or aws:SourceAccount (the resource or account the service acts for) against the confused deputy.`);
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target || !stringTarget(target)) return [];
    const statement = statementAt(policy, target.offset);
    if (!statement) return [];
    const account = resourceAccount(statement.resource?.items.map((i) => i.value) ?? []) ?? policy.settings.defaultAccountId ?? ACCOUNT_PLACEHOLDER;
    const edits = addConditionEdits(document, statement, 'StringEquals', 'aws:SourceAccount', account);
    return edits.length > 0 ? [quickFix(`Allow it only for account ${account} (aws:SourceAccount)`, document, edits, diagnostic, true)] : [];
  },
};
