import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { addConditionEdits } from '../edits/conditionEdits';
import { type ConditionEntry, conditionEntries } from '../semantics/conditionItems';
import { isAllow, principalItems } from '../semantics/principalItems';
import type { Report, Rule } from './rule';

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

const GITHUB = 'token.actions.githubusercontent.com';

/**
 * Whether a GitHub subject pattern admits more than one repository. One repository is
 * `repo:OWNER/REPO` with no wildcard in either name, then anything (`:ref:refs/heads/main`,
 * `:environment:prod`, `:pull_request`, `:*`). Any ref of one repository is accepted, as in AWS's and GitHub's own examples: which
 * branches and environments may deploy is the repository's business (branch protection,
 * environment rules). Customised subjects (`repository_owner_id:...`) are left alone unless
 * they start with a wildcard.
 */
function broadGitHubSubject(value: string, like: boolean): boolean {
  if (!like) return false; // wildcards are literal characters for StringEquals (wildcard-without-like's finding)
  const repo = /^repo:([^:]*)/.exec(value);
  // `repo:*`, `repo:my-org/*`, `repo:my-org/app-*:...`: a wildcard in the owner or repository name.
  if (repo) return /[*?]/.test(repo[1]);
  // `*`, `re*`, `repo*`: a wildcard before the repository is named.
  return /^(r(e(p(o:?)?)?)?)?[*?]/.test(value);
}

/** A positive string comparison on the key (not `StringNotLike`, `Null`...), which names the allowed subjects. */
const narrowsSubject = (entry: ConditionEntry): boolean => {
  const base = entry.parsed?.base.name;
  return (base === 'StringEquals' || base === 'StringLike' || base === 'StringEqualsIgnoreCase') && entry.parsed?.ifExists === false;
};

/**
 * A condition that admits only the subjects it names: a positive string comparison that fails
 * when the token has no such claim. `...IfExists` and `ForAllValues:` hold without the key (an
 * empty set of values passes ForAllValues), so they do not restrict; `ForAnyValue:` does.
 */
const restrictsSubject = (entry: ConditionEntry): boolean => narrowsSubject(entry) && entry.parsed?.prefix !== 'ForAllValues';

/** Why the conditions on a provider's `:sub` do not restrict it, or undefined when one does. */
function unrestrictedSubject(entries: readonly ConditionEntry[], provider: string): string | undefined {
  const key = `${provider.toLowerCase()}:sub`;
  const subject = entries.filter((e) => e.key.toLowerCase() === key);
  if (subject.some(restrictsSubject)) return undefined;
  const who = provider.toLowerCase() === GITHUB ? 'the workflows of every GitHub repository' : `every identity that ${provider} issues tokens to`;
  if (subject.length === 0) {
    return `No condition on '${provider}:sub': any identity that ${provider} issues tokens to can assume this role. Restrict the subject (repository, service account...).`;
  }
  const negative = subject.find((e) => e.parsed?.base.negated);
  if (negative) {
    const named = negative.values.slice(0, 3).map((v) => `'${v.text}'`).join(', ');
    const values = negative.values.length > 3 ? `${named} and ${negative.values.length - 3} more` : named;
    return `'${negative.operator}' on '${provider}:sub' only excludes subjects: ${who} except ${values || 'those listed'} can assume this role. Name the allowed subjects with StringEquals or StringLike.`;
  }
  return `'${subject[0].operator}' on '${provider}:sub' holds for a token without the claim, so it does not restrict ${who}. Name the allowed subjects with StringEquals or StringLike.`;
}

/**
 * `oidc-trust-without-sub`: a role trusts an OIDC provider for
 * `sts:AssumeRoleWithWebIdentity` but never restricts `<provider>:sub`. For shared providers
 * such as GitHub Actions any repository of any owner can then assume the role. Only a positive
 * comparison that fails without the claim restricts it (`StringEquals`, `StringLike`,
 * `StringEqualsIgnoreCase`, also under `ForAnyValue:`): a negated one (`StringNotLike
 * "repo:evil/*"`) admits everyone but those it names, and `...IfExists` or `ForAllValues:` hold
 * for a token without the claim. For GitHub, a
 * `:sub` condition that admits more than one repository (`*`, `repo:*`, `repo:my-org/*`) is
 * reported too, on the broad value, unless another `:sub` condition of the statement names
 * single repositories only (conditions combine with AND).
 */
export const oidcTrustWithoutSub: Rule<Data> = {
  code: 'oidc-trust-without-sub',
  defaultSeverity: 'warning',
  description: 'A web-identity (OIDC) trust without a positive condition on the provider\'s :sub claim (for GitHub, one that admits more than one repository) lets any workload of the provider assume the role.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }',
    good: '{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "StringLike": { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:*" } } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      if (!isAllow(statement) || !statement.action?.items.some((a) => WEB_IDENTITY.test(a.value))) continue;
      const entries = conditionEntries(statement);
      const keys = new Set(entries.map((e) => e.key.toLowerCase()));
      const items = principalItems(statement);
      const github = items.some((i) => i.type === 'Federated' && OIDC_PROVIDER.exec(i.value)?.[1].toLowerCase() === GITHUB);
      if (github && keys.has(`${GITHUB}:sub`)) reportBroadSubjects(entries, report);
      for (const item of items) {
        const provider = item.type === 'Federated' ? OIDC_PROVIDER.exec(item.value)?.[1] : undefined;
        if (provider === undefined) continue;
        const why = unrestrictedSubject(entries, provider);
        if (why) report(item.node, why, { provider });
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

/** Reports the GitHub `:sub` values that admit more than one repository, unless one condition on the key names single repositories only. */
function reportBroadSubjects(entries: readonly ConditionEntry[], report: Report<Data>): void {
  const subject = entries.filter((e) => e.key.toLowerCase() === `${GITHUB}:sub` && narrowsSubject(e));
  const broad = subject.map((e) => e.values.filter((v) => broadGitHubSubject(v.text, e.parsed?.base.name === 'StringLike')));
  if (subject.length === 0 || broad.some((values, i) => values.length === 0 && subject[i].values.length > 0)) return;
  for (const values of broad) {
    for (const v of values) {
      report(v.node, `'${v.text}' lets the workflows of more than one GitHub repository assume this role, other owners' included when the owner is a wildcard. Name the repository: 'repo:OWNER/REPOSITORY:*' or a branch or environment of it.`);
    }
  }
}
