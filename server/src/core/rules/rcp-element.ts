import type { Node } from 'jsonc-parser';
import { TextEdit } from 'vscode-languageserver-types';
import type { StatementModel, ValueList } from '../policy';
import { quickFix, rangeOf } from '../util/edits';
import type { Rule } from './rule';

/** `"*"` alone, as a string or a one-element array. */
const onlyStar = (list: ValueList | undefined): boolean => list !== undefined && list.items.length === 1 && list.items[0].value === '*' && list.invalid.length === 0;

/** `{"AWS": "*"}` (or `["*"]`): everyone, written in the form RCPs do not take. */
function isAwsStar(principal: Node): boolean {
  const props = principal.type === 'object' ? (principal.children ?? []) : [];
  if (props.length !== 1 || props[0].children?.[0]?.value !== 'AWS') return false;
  const value = props[0].children?.[1];
  const items = value?.type === 'array' ? (value.children ?? []) : value ? [value] : [];
  return items.length === 1 && items[0].type === 'string' && items[0].value === '*';
}

/** The one Allow statement AWS Organizations takes in an RCP: RCPFullAWSAccess. */
function isFullAccess(statement: StatementModel): boolean {
  const principal = statement.principal;
  return (
    principal?.type === 'string' && principal.value === '*' && onlyStar(statement.action) && onlyStar(statement.resource) &&
    !statement.condition && !statement.notResource && !statement.notAction && !statement.notPrincipal
  );
}

/**
 * `rcp-element`: what AWS Organizations rejects in a resource control policy. RCPs only deny:
 * `Allow` is reserved to AWS's `RCPFullAWSAccess` (Principal, Action and Resource `"*"`), the
 * `Principal` must be `"*"` (the statement applies to every caller, narrowed by conditions such
 * as `aws:PrincipalOrgID`), and `NotPrincipal` and `NotAction` are not supported. The policy type
 * comes from the settings (`--policy-type rcp`): an RCP cannot be told from a bucket policy by its text.
 */
export const rcpElement: Rule = {
  code: 'rcp-element',
  defaultSeverity: 'error',
  description: 'A resource control policy uses Allow (other than RCPFullAWSAccess), a Principal other than "*", NotPrincipal or NotAction, which AWS Organizations rejects.',
  example: {
    bad: '{ "Effect": "Deny", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:*", "Resource": "*" }  // in an rcp policy',
    good: '{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-exampleorgid" } } }',
  },
  check({ policy }, report) {
    if (policy.policyType !== 'rcp') return;
    for (const statement of policy.statements) {
      for (const name of ['NotPrincipal', 'NotAction'] as const) {
        const key = statement.properties.get(name)?.children?.[0];
        const instead = name === 'NotPrincipal' ? 'use "Principal": "*" with a condition on aws:PrincipalArn' : 'list the actions to deny in Action';
        if (key) report(key, `Resource control policies do not support ${name}: ${instead}.`);
      }
      const principal = statement.principal;
      if (principal && !(principal.type === 'string' && principal.value === '*')) {
        const awsStar = isAwsStar(principal);
        report(principal, awsStar ? 'A resource control policy takes "Principal": "*" written as a string.' : 'The Principal of a resource control policy must be "*": narrow who is denied with conditions (aws:PrincipalArn, aws:PrincipalOrgID...).', awsStar ? { star: true } : undefined);
      }
      if (statement.effect?.value === 'Allow' && !isFullAccess(statement)) {
        report(statement.effect.node, 'Resource control policies only deny: Allow is reserved to AWS\'s RCPFullAWSAccess ("Principal", "Action" and "Resource" all "*"). Use Deny with conditions.');
      }
    }
  },
  fix({ document, target }, diagnostic) {
    // Only `{"AWS": "*"}` has an unambiguous rewrite; the client sends the data back, so its shape is checked.
    if (!target || (diagnostic.data as { star?: unknown } | null)?.star !== true || !isAwsStar(target)) return [];
    return [quickFix('Change to "Principal": "*"', document, [TextEdit.replace(rangeOf(document, target), '"*"')], diagnostic, true)];
  },
};
