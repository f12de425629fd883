import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { addConditionEdits } from '../edits/conditionEdits';
import { hasConditionKey } from '../semantics/conditionItems';
import { isAllow, isEveryone, principalItems } from '../semantics/principalItems';
import { type Rule, stringTarget } from './rule';

/**
 * Condition keys that tie a `"*"` principal to an account, organization, network or
 * calling resource. Any of them means the grant is not public.
 */
const RESTRICTING_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:VpcSourceIp',
  'aws:userid',
  'aws:username',
  'kms:CallerAccount',
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
];

/** Placeholders the fixes insert; documented values in the AWS example style. */
const ORG_ID_PLACEHOLDER = 'o-exampleorgid';
const ACCOUNT_PLACEHOLDER = '111122223333';

/**
 * `public-principal`: `"Principal": "*"` or `{"AWS": "*"}` in an Allow with no condition
 * that narrows it to an account, organization, network or source resource: anyone, from
 * any AWS account or none, gets the access.
 */
export const publicPrincipal: Rule = {
  code: 'public-principal',
  defaultSeverity: 'warning',
  description: 'Allow to "*" with no condition restricting the caller (organization, account, source ARN, VPC or IP).',
  example: {
    bad: '{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }',
    good: '{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-exampleorgid" } } }',
  },
  check({ policy }, report) {
    // An RCP must name "*" as its principal; it restricts, it does not open anything.
    if (policy.policyType === 'rcp') return;
    for (const statement of policy.statements) {
      if (!isAllow(statement) || hasConditionKey(statement, RESTRICTING_KEYS)) continue;
      for (const item of principalItems(statement)) {
        if (item.element !== 'Principal' || !isEveryone(item)) continue;
        report(
          item.node,
          'Anyone can use this Allow: the principal is "*" and no condition restricts it (e.g. aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, aws:SourceVpce).',
        );
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const statement = statementAt(policy, offset);
    if (!statement || !stringTarget(target)) return [];
    const org = addConditionEdits(document, statement, 'StringEquals', 'aws:PrincipalOrgID', ORG_ID_PLACEHOLDER);
    const account = addConditionEdits(document, statement, 'StringEquals', 'aws:SourceAccount', ACCOUNT_PLACEHOLDER);
    const actions = [];
    if (org.length > 0) actions.push(quickFix('Restrict to your organization (aws:PrincipalOrgID)', document, org, diagnostic, true));
    if (account.length > 0) actions.push(quickFix('Restrict to calls on behalf of your account (aws:SourceAccount)', document, account, diagnostic));
    return actions;
  },
};
