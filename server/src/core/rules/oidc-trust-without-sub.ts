import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { addConditionEdits } from '../edits/conditionEdits';
import { conditionEntries } from '../semantics/conditionItems';
import { isAllow, principalItems } from '../semantics/principalItems';
import type { Rule } from './rule';

interface Data {
  /** The provider as condition keys spell it, e.g. `token.actions.githubusercontent.com`. */
  readonly provider: string;
}

const OIDC_PROVIDER = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/;
const WEB_IDENTITY = /^sts:(AssumeRoleWithWebIdentity|\*)$/i;

/** A placeholder subject in the provider's own format, so the user sees what to fill in. */
function subjectPlaceholder(provider: string): { operator: string; value: string } {
  if (provider === 'token.actions.githubusercontent.com') return { operator: 'StringLike', value: 'repo:OWNER/REPOSITORY:*' };
  if (/^oidc\.eks\./.test(provider)) return { operator: 'StringEquals', value: 'system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT' };
  if (provider === 'gitlab.com' || provider.startsWith('gitlab.')) return { operator: 'StringLike', value: 'project_path:GROUP/PROJECT:*' };
  return { operator: 'StringEquals', value: 'SUBJECT' };
}

/**
 * `oidc-trust-without-sub`: a role trusts an OIDC provider for
 * `sts:AssumeRoleWithWebIdentity` but never checks `<provider>:sub`. For shared providers
 * such as GitHub Actions any repository of any owner can then assume the role.
 */
export const oidcTrustWithoutSub: Rule<Data> = {
  code: 'oidc-trust-without-sub',
  defaultSeverity: 'warning',
  description: 'A web-identity (OIDC) trust without a condition on the provider\'s :sub claim lets any workload of the provider assume the role.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }',
    good: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "StringLike": { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*" } } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      if (!isAllow(statement) || !statement.action?.items.some((a) => WEB_IDENTITY.test(a.value))) continue;
      const keys = new Set(conditionEntries(statement).map((e) => e.key.toLowerCase()));
      for (const item of principalItems(statement)) {
        const provider = item.type === 'Federated' ? OIDC_PROVIDER.exec(item.value)?.[1] : undefined;
        if (!provider || keys.has(`${provider.toLowerCase()}:sub`)) continue;
        report(
          item.node,
          `No condition on '${provider}:sub': any identity that ${provider} issues tokens to can assume this role. Restrict the subject (repository, service account...).`,
          { provider },
        );
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    const statement = (target && statementAt(policy, target.offset));
    if (!statement) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const provider: unknown = (diagnostic.data as Partial<Data> | null)?.provider;
    if (typeof provider !== 'string' || provider === '') return [];
    const { operator, value } = subjectPlaceholder(provider);
    const edits = addConditionEdits(document, statement, operator, `${provider}:sub`, value);
    return edits.length > 0 ? [quickFix(`Add a '${provider}:sub' condition`, document, edits, diagnostic, true)] : [];
  },
};
