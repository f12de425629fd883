import { renameKey } from '../edits/conditionEdits';
import { conditionEntries } from '../semantics/conditionItems';
import { isAllow, principalItems } from '../semantics/principalItems';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

/**
 * Keys of the calling principal that a request by an AWS service principal does not carry,
 * and the source keys that say the same of the resource the service acts for.
 */
const FOR_SERVICES: Readonly<Record<string, string | undefined>> = {
  'aws:principalorgid': 'aws:SourceOrgID',
  'aws:principalorgpaths': 'aws:SourceOrgPaths',
  'aws:principalaccount': 'aws:SourceAccount',
  'aws:principalarn': 'aws:SourceArn',
};

/**
 * `principal-key-for-service`: an Allow whose principals are all AWS service principals, with a
 * condition on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount or
 * aws:PrincipalArn that must match. A service principal's request carries none of these keys,
 * so the statement never applies; the source keys (aws:SourceOrgID, aws:SourceAccount,
 * aws:SourceArn) say what was meant.
 */
export const principalKeyForService: Rule<{ replacement: string }> = {
  code: 'principal-key-for-service',
  defaultSeverity: 'warning',
  description: 'An Allow to AWS service principals only requires aws:PrincipalOrgID, aws:PrincipalAccount or another principal key that a service principal\'s request never carries: the statement never applies. Use the aws:Source… key.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Service": "delivery.logs.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-exampleorgid" } } }',
    good: '{ "Effect": "Allow", "Principal": { "Service": "delivery.logs.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": { "StringEquals": { "aws:SourceOrgID": "o-exampleorgid" } } }',
  },
  check({ policy }, report) {
    if (policy.policyType === 'identity' || policy.policyType === 'scp' || policy.policyType === 'boundary' || policy.policyType === 'session') return;
    for (const statement of policy.statements) {
      if (!isAllow(statement) || statement.notPrincipal) continue;
      const principals = principalItems(statement).filter((i) => i.element === 'Principal');
      if (principals.length === 0 || !principals.every((i) => i.type === 'Service' && /\.amazonaws\.com(\.cn)?$/i.test(i.value))) continue;
      for (const entry of conditionEntries(statement)) {
        const replacement = FOR_SERVICES[entry.key.toLowerCase()];
        const parsed = entry.parsed;
        // A negated operator, IfExists, ForAllValues or Null holds when the key is absent: those statements still apply.
        if (!replacement || !parsed || parsed.base.negated || parsed.ifExists || parsed.prefix === 'ForAllValues' || parsed.base.family === 'Null') continue;
        report(entry.keyNode, `A service principal's request has no ${entry.key}: this condition never holds, so the statement never applies. ${replacement} names the ${replacement === 'aws:SourceArn' ? 'resource' : replacement === 'aws:SourceAccount' ? 'account' : 'organization'} the service acts for.`, { replacement });
      }
    }
  },
  fix({ document, target }, diagnostic) {
    const replacement = diagnostic.data?.replacement;
    if (!target || target.type !== 'string' || typeof replacement !== 'string') return [];
    return [quickFix(`Use ${replacement}`, document, [renameKey(document, target, replacement)], diagnostic, true)];
  },
};
