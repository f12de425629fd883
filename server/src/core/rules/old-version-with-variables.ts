import type { Node } from 'jsonc-parser';
import { setCurrentVersion } from '../edits/jsonEdits';
import type { Rule } from './rule';

function stringsWithVariables(node: Node | undefined, out: Node[]): Node[] {
  if (!node) return out;
  if (node.type === 'string' && /\$\{[^${}]*\}/.test(node.value)) out.push(node);
  if (node.type === 'array' || node.type === 'object') for (const child of node.children ?? []) stringsWithVariables(child, out);
  // Property nodes: only the value can carry a variable.
  if (node.type === 'property') stringsWithVariables(node.children?.[1], out);
  return out;
}

/**
 * `old-version-with-variables`: `${...}` policy variables are only substituted under
 * `"Version": "2012-10-17"`. Under 2008-10-17, or without Version, they are literal text and
 * the resource or condition silently never matches.
 */
export const oldVersionWithVariables: Rule = {
  code: 'old-version-with-variables',
  defaultSeverity: 'warning',
  description: 'A policy variable is used under Version 2008-10-17 (or none), where it is not substituted.',
  example: {
    bad: '{ "Version": "2008-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}/*" }] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}/*" }] }',
  },
  check({ policy }, report) {
    const version = policy.policyVersion?.value;
    const hasVersion = (policy.root?.children ?? []).some((p) => p.children?.[0]?.value === 'Version');
    // Another value is invalid-version's business.
    if (hasVersion ? version !== '2008-10-17' : false) return;
    for (const statement of policy.statements) {
      const nodes = [statement.resource?.valueNode, statement.notResource?.valueNode, statement.condition];
      for (const node of nodes.flatMap((n) => stringsWithVariables(n, []))) {
        report(node, `Policy variables are only substituted with "Version": "2012-10-17"; under ${version ?? 'the default 2008-10-17'} this is literal text.`);
      }
    }
  },
  fix({ document, policy }, diagnostic) {
    return setCurrentVersion(document, policy, diagnostic);
  },
};
