import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { reviewedServicePrincipals } from '../data/servicePrincipals';
import { type CompletionRequest, escapeSnippet, rank, rawValueItem, valueItem } from './items';
import { arnDefaults } from '../semantics/arnDefaults';

const merged = new WeakMap<object, readonly string[]>();

/** Service principals from the catalogue (managed policies) and the reviewed list, deduplicated and sorted once. */
export function principalServiceNames(req: CompletionRequest): readonly string[] {
  let list = merged.get(req.catalog);
  if (!list) {
    const byLower = new Map<string, string>();
    for (const p of [...reviewedServicePrincipals, ...req.catalog.servicePrincipals]) if (!byLower.has(p.toLowerCase())) byLower.set(p.toLowerCase(), p);
    list = [...byLower.values()].sort();
    merged.set(req.catalog, list);
  }
  return list;
}

/** A value of a principal type, with `label` shown and `snippet` inserted; `{account}` is the account tab stop. */
interface Template {
  readonly label: string;
  readonly snippet: string;
  readonly doc: string;
}

function accountTemplates(partition: string, account: string, placeholder: string): Template[] {
  const acct = `\${1:${escapeSnippet(placeholder)}}`;
  return [
    { label: `arn:${partition}:iam::${account}:root`, snippet: `arn:${partition}:iam::${acct}:root`, doc: 'The whole account: its own IAM policies then decide which of its identities may act.' },
    { label: `arn:${partition}:iam::${account}:role/\${RoleName}`, snippet: `arn:${partition}:iam::${acct}:role/\${2:role-name}`, doc: 'One IAM role.' },
    { label: `arn:${partition}:iam::${account}:user/\${UserName}`, snippet: `arn:${partition}:iam::${acct}:user/\${2:user-name}`, doc: 'One IAM user.' },
    {
      label: `arn:${partition}:sts::${account}:assumed-role/\${RoleName}/\${SessionName}`,
      snippet: `arn:${partition}:sts::${acct}:assumed-role/\${2:role-name}/\${3:session-name}`,
      doc: 'One role session (no wildcards allowed in the session name).',
    },
  ];
}

function federatedTemplates(partition: string, account: string, placeholder: string): Template[] {
  const acct = `\${1:${escapeSnippet(placeholder)}}`;
  const fixed = (name: string, doc: string): Template => ({ label: name, snippet: escapeSnippet(name), doc });
  return [
    {
      label: `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
      snippet: `arn:${partition}:iam::${acct}:oidc-provider/token.actions.githubusercontent.com`,
      doc: 'GitHub Actions OIDC provider. Restrict `token.actions.githubusercontent.com:sub` to your repository in a condition.',
    },
    { label: `arn:${partition}:iam::${account}:saml-provider/\${ProviderName}`, snippet: `arn:${partition}:iam::${acct}:saml-provider/\${2:provider-name}`, doc: 'A SAML 2.0 identity provider.' },
    { label: `arn:${partition}:iam::${account}:oidc-provider/\${ProviderUrl}`, snippet: `arn:${partition}:iam::${acct}:oidc-provider/\${2:provider-url}`, doc: 'An OpenID Connect identity provider (host and path of its URL).' },
    fixed('cognito-identity.amazonaws.com', 'Amazon Cognito identity pools (web identity federation).'),
    fixed('accounts.google.com', 'Google as web identity provider.'),
    fixed('graph.facebook.com', 'Facebook as web identity provider.'),
    fixed('www.amazon.com', 'Login with Amazon as web identity provider.'),
  ];
}

/** `"Principal": |` as a whole: `*` or an object with one principal type. */
export function completePrincipalValue(req: CompletionRequest): CompletionItem[] {
  const items = [
    valueItem(req, { label: '*', kind: CompletionItemKind.Constant, sortText: '3', documentation: 'Everyone, including anonymous callers for some services. Pair it with restrictive conditions.' }, '*'),
  ];
  if (!req.ctx.quoted && !req.ctx.node) {
    ['AWS', 'Service', 'Federated'].forEach((type, i) =>
      items.push(rawValueItem(req, { label: `{"${type}": ...}`, kind: CompletionItemKind.Snippet, sortText: `1${i}`, retrigger: true }, req.ctx.typed, `{"${type}": "$1"}`)),
    );
  }
  return items;
}

/** Values of `AWS`, `Service`, `Federated` inside `Principal` / `NotPrincipal`. */
export function completePrincipalTypeValue(req: CompletionRequest, type: string): CompletionItem[] {
  const defaults = arnDefaults(req.policy, req.ctx.statement);
  const partition = defaults.partition ?? 'aws';
  const account = defaults.account ?? '${Account}';
  const placeholder = defaults.account ?? 'account-id';
  const fromTemplates = (templates: Template[]) =>
    templates.map((t, i) => valueItem(req, { label: t.label, kind: CompletionItemKind.Reference, sortText: `1${rank(i)}`, documentation: t.doc }, t.label, t.snippet));
  if (type === 'AWS') {
    const items = fromTemplates(accountTemplates(partition, account, placeholder));
    items.push(valueItem(req, { label: '*', kind: CompletionItemKind.Constant, sortText: '3', documentation: 'Every AWS principal. Pair it with conditions such as `aws:PrincipalOrgID`.' }, '*'));
    return items;
  }
  if (type === 'Federated') return fromTemplates(federatedTemplates(partition, account, placeholder));
  if (type === 'Service') {
    return principalServiceNames(req).map((name, i) =>
      valueItem(req, { label: name, kind: CompletionItemKind.Value, sortText: `1${rank(i)}`, detail: 'Service principal' }, name),
    );
  }
  return [];
}
