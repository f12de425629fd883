import type { Catalog } from '../catalog/types';
import { isReviewedServicePrincipal } from '../data/servicePrincipals';
import { code, compose, md } from './format';

const WEB_IDPS: Readonly<Record<string, string>> = {
  'cognito-identity.amazonaws.com': 'Amazon Cognito identity pools',
  'accounts.google.com': 'Google',
  'graph.facebook.com': 'Facebook',
  'www.amazon.com': 'Login with Amazon',
};

/** What a Principal / NotPrincipal value designates. `type` is AWS, Service, Federated, CanonicalUser, or undefined for `"Principal": "*"`. */
export function principalHover(value: string, type: string | undefined, negated: boolean, catalog: Catalog): string | undefined {
  const what = describe(value, type, catalog);
  if (!what) return undefined;
  return compose(catalog, [
    `**${type ? `${md(type)} principal` : 'Principal'}** ${code(value)}`,
    what,
    negated && 'Under `NotPrincipal` the statement applies to everyone **except** this principal.',
  ]);
}

function describe(value: string, type: string | undefined, catalog: Catalog): string | undefined {
  if (value === '*') {
    return type === undefined || type === 'AWS'
      ? '**Everyone**: every AWS account and, for some services, anonymous callers. Restrict it with conditions such as `aws:PrincipalOrgID`, `aws:SourceVpce` or `aws:PrincipalAccount`.'
      : `\`*\` as a ${md(type)} principal is not valid; only \`"AWS": "*"\` or \`"Principal": "*"\` means everyone.`;
  }
  switch (type) {
    case 'AWS':
      return awsPrincipal(value);
    case 'Service':
      return servicePrincipal(value, catalog);
    case 'Federated':
      return federatedPrincipal(value);
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/i.test(value)
        ? 'An **Amazon S3 canonical user ID**: stands for an AWS account (historically a CloudFront origin access identity).'
        : 'Not a canonical user ID: expected 64 hexadecimal characters.';
    default:
      return undefined;
  }
}

function awsPrincipal(value: string): string {
  if (/^\d{12}$/.test(value)) return accountRoot(value);
  if (/^A(ROA|IDA)[A-Z0-9]{12,}$/.test(value)) {
    return '⚠ A **unique ID**, not an ARN: IAM shows this when the role or user this policy named was deleted. Recreating it does not restore access; put the ARN back.';
  }
  const m = /^arn:([^:]*):(iam|sts)::(\d{12}|[^:]*):(.*)$/.exec(value);
  if (!m) return 'Not a recognised AWS principal: use an account ID, an IAM user or role ARN, an assumed-role session ARN, or `*`.';
  const [, , service, account, resource] = m;
  if (value.includes('*') || value.includes('?')) {
    return '⚠ Wildcards are not allowed inside principal ARNs. Use `"AWS": "*"` with an `ArnLike` condition on `aws:PrincipalArn`.';
  }
  const name = (r: string) => r.slice(r.lastIndexOf('/') + 1);
  if (service === 'iam' && resource === 'root') return accountRoot(account);
  if (service === 'iam' && resource.startsWith('user/')) return `The **IAM user** ${code(name(resource))} of account ${code(account)}.`;
  if (service === 'iam' && resource.startsWith('role/')) {
    const kind = resource.startsWith('role/aws-service-role/')
      ? 'service-linked role'
      : resource.startsWith('role/aws-reserved/sso.amazonaws.com/')
        ? 'IAM Identity Center permission-set role'
        : 'IAM role';
    return `The **${kind}** ${code(name(resource))} of account ${code(account)}: every session of it.`;
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, role, session] = resource.split('/');
    return `One **assumed-role session**: session ${code(session ?? '')} of role ${code(role ?? '')} in account ${code(account)}.`;
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) {
    return `An **STS federated user** ${code(name(resource))} of account ${code(account)} (GetFederationToken).`;
  }
  return 'Not a valid principal ARN: IAM groups, instance profiles and other resources cannot be principals.';
}

function accountRoot(account: string): string {
  return `The **AWS account** ${code(account)} (its root): the whole account; its own IAM policies then decide which of its users and roles may act.`;
}

function servicePrincipal(value: string, catalog: Catalog): string {
  const label = value.split('.')[0];
  const serviceName = catalog.serviceName(label);
  const known = isReviewedServicePrincipal(value);
  const lines = [
    `The **AWS service** ${serviceName ? md(serviceName) : code(label)} acting with its own identity.`,
    'Add `aws:SourceArn` or `aws:SourceAccount` conditions so that only your resources can make the service act (confused deputy).',
  ];
  if (!known) lines.push(`Not in the reviewed list of service principals: check the spelling.`);
  return lines.join('\n\n');
}

function federatedPrincipal(value: string): string {
  const idp = Object.prototype.hasOwnProperty.call(WEB_IDPS, value.toLowerCase()) ? WEB_IDPS[value.toLowerCase()] : undefined;
  if (idp) return `The web identity provider **${idp}**, for \`sts:AssumeRoleWithWebIdentity\`.`;
  const saml = /^arn:[^:]*:iam::(\d{12}):saml-provider\/(.+)$/.exec(value);
  if (saml) return `The **SAML provider** ${code(saml[2])} of account \`${saml[1]}\`, for \`sts:AssumeRoleWithSAML\`. Condition on \`SAML:aud\`.`;
  const oidc = /^arn:[^:]*:iam::(\d{12}):oidc-provider\/(.+)$/.exec(value);
  if (oidc) {
    return `The **OIDC provider** ${code(oidc[2])} of account \`${oidc[1]}\`, for \`sts:AssumeRoleWithWebIdentity\`. Without conditions on ${code(`${oidc[2]}:aud`)} and \`:sub\`, any user of that provider can assume the role.`;
  }
  return 'Not a recognised federated principal: expected a SAML or OIDC provider ARN or a web identity provider such as `accounts.google.com`.';
}
