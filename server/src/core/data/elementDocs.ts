/**
 * Markdown hover documentation for IAM policy elements and principal types.
 *
 * Facts from the AWS IAM User Guide "IAM JSON policy element reference"
 * pages (Version, Id, Statement, Sid, Effect, Principal, NotPrincipal,
 * Action, NotAction, Resource, NotResource, Condition). Wording is our own.
 * Keys are the element names exactly as they appear in a policy; the
 * principal types (AWS, Service, Federated, CanonicalUser) are the keys used
 * inside a Principal / NotPrincipal object.
 */

function doc(...lines: readonly string[]): string {
  return lines.join('\n');
}

export const elementDocs: Readonly<Record<string, string>> = {
  Version: doc(
    '**Version** — version of the policy *language*, not a date you choose.',
    '',
    'Use `"2012-10-17"`. The only other value, `"2008-10-17"`, is legacy.',
    '',
    '- If Version is omitted, AWS assumes `2008-10-17`.',
    '- Under `2008-10-17`, policy variables such as `${aws:username}` are **not** substituted: they are compared as literal text, so the statement silently stops matching.',
    '- Not to be confused with the version IDs (v1, v2...) of a managed policy.',
  ),

  Id: doc(
    '**Id** — optional identifier for the whole policy.',
    '',
    'IAM ignores it in identity-based policies. Some services that store resource policies (for example SQS and SNS) use it, and may expect it to be unique; a UUID is a safe choice.',
  ),

  Statement: doc(
    '**Statement** — the rules of the policy: one statement object or an array of them.',
    '',
    'Each statement has an `Effect`, one of `Action`/`NotAction`, usually one of `Resource`/`NotResource`, optionally a `Condition`, and in resource-based or trust policies a `Principal`/`NotPrincipal`.',
    '',
    'Evaluation: an explicit Deny in any statement wins; otherwise access needs at least one matching Allow; with neither, the request is implicitly denied.',
  ),

  Sid: doc(
    '**Sid** — optional statement ID, often used as a short description.',
    '',
    '- In IAM identity-based policies only ASCII letters and digits are allowed (`A-Z`, `a-z`, `0-9`): no spaces, hyphens or underscores.',
    '- In IAM it must be unique within the policy.',
    '- Resource policies of other services may allow more characters or impose their own rules (SQS and SNS treat it as a sub-ID of the policy `Id`).',
    '- IAM does not expose Sids through its API; they are documentation only.',
  ),

  Effect: doc(
    '**Effect** — `"Allow"` or `"Deny"` (required, case-sensitive).',
    '',
    'An explicit Deny always overrides any Allow, in any policy that applies to the request. Nothing is allowed unless some statement allows it.',
  ),

  Principal: doc(
    '**Principal** — who the statement applies to. Required in resource-based policies and role trust policies; **not allowed** in identity-based policies (a user or role policy applies to its own identity).',
    '',
    'Forms: `{"AWS": ...}`, `{"Service": ...}`, `{"Federated": ...}`, `{"CanonicalUser": ...}`, or `"*"`.',
    '',
    'Traps:',
    '- `"*"` (or `{"AWS": "*"}`) means **everyone**, including anonymous callers for some services. Only use it together with restrictive conditions such as `aws:PrincipalOrgID` or `aws:SourceVpce`.',
    '- No partial wildcards: `arn:aws:iam::123456789012:role/dev-*` is invalid. Use `"AWS": "*"` with an `ArnLike` condition on `aws:PrincipalArn` instead.',
    '- An account ID or `arn:aws:iam::123456789012:root` means the whole account: the account\'s own IAM policies then decide which of its identities may act.',
    '- IAM stores role and user ARNs as unique IDs. If the named role or user is deleted and recreated, the trust breaks (you will see an ID such as `AROA...` instead of the ARN).',
    '- IAM groups cannot be principals.',
  ),

  NotPrincipal: doc(
    '**NotPrincipal** — applies the statement to everyone *except* the listed principals. Resource-based and trust policies only; never in identity-based policies.',
    '',
    'Traps:',
    '- With `"Effect": "Allow"` it grants access to **every** principal not listed, potentially including anonymous users. Avoid this combination.',
    '- With `"Effect": "Deny"` you must also list the account (and, for role sessions, the role ARN) of each exempted principal. Otherwise AWS may deny the account or the role first and the exempted identity is denied as well.',
    '- Session wildcards are not allowed: an assumed-role entry must name one specific session.',
    '',
    'Prefer `"Principal": "*"` plus a condition on `aws:PrincipalArn`, `aws:PrincipalAccount` or `aws:PrincipalOrgID`; it is easier to read and to get right.',
  ),

  Action: doc(
    '**Action** — the API permissions the statement covers, as `service-prefix:ActionName` (e.g. `s3:GetObject`), a list of them, or `"*"`.',
    '',
    '- Prefixes and action names are case-insensitive.',
    '- Wildcards are allowed in the action name (`s3:Get*`, `ec2:*Instances`). Broad wildcards such as `iam:*` or `*` often grant much more than intended, including privilege-escalation actions.',
    '- Every statement needs exactly one of `Action` or `NotAction`.',
  ),

  NotAction: doc(
    '**NotAction** — matches every action *except* the listed ones.',
    '',
    'Traps:',
    '- `Allow` + `NotAction` grants **everything else**, including services launched after the policy was written (e.g. `"NotAction": "iam:*"` with `"Resource": "*"` is nearly administrator access).',
    '- The usual safe use is `Deny` + `NotAction`: "deny everything except these actions", for example to require MFA or to restrict Regions while exempting global services.',
    '- It cannot be combined with `Action` in the same statement.',
  ),

  Resource: doc(
    '**Resource** — the ARNs the statement covers, a list of ARNs, or `"*"`.',
    '',
    '- Required in identity-based policies; in resource-based policies it is usually the resource the policy is attached to.',
    '- Wildcards `*` and `?` are allowed inside ARN segments. Some actions support no resource-level permissions and need `"*"`.',
    '- Policy variables (e.g. `${aws:username}`) are allowed only in the resource part of the ARN, after the fifth colon, and only with Version `2012-10-17`.',
    '- The ARN must match the resource type the action works on: an object ARN (`bucket/*`) does not cover bucket-level actions, and vice versa.',
  ),

  NotResource: doc(
    '**NotResource** — matches every resource *except* the listed ones.',
    '',
    'Traps:',
    '- `Allow` + `NotResource` grants the actions on **all other resources**, in every account and for every service named in `Action`, including resources created later. With `"Action": "*"` it is close to full access.',
    '- It is mainly useful with `Deny` ("deny these actions on everything except this bucket").',
    '- It cannot be combined with `Resource` in the same statement.',
  ),

  Condition: doc(
    '**Condition** — extra tests that must all be true for the statement to apply.',
    '',
    '```json',
    '"Condition": { "<Operator>": { "<condition-key>": ["value1", "value2"] } }',
    '```',
    '',
    '- Several operators, or several keys under one operator: **AND**.',
    '- Several values for one key: **OR** (for negated operators such as `StringNotEquals`: the value must differ from all of them).',
    '- Key names are case-insensitive; operator names are case-sensitive (`StringEquals`, not `stringEquals`).',
    '- When the key is missing from the request, most operators evaluate to false; negated operators evaluate to true. `...IfExists` and `Null` change this.',
    '- Multivalued keys such as `aws:TagKeys` need `ForAllValues:` or `ForAnyValue:`.',
  ),

  AWS: doc(
    '**AWS principal** — IAM identities and accounts.',
    '',
    'Accepted values:',
    '- an account ID `123456789012` or `arn:aws:iam::123456789012:root` (the whole account, delegated to its own policies);',
    '- an IAM user `arn:aws:iam::123456789012:user/name` or role `arn:aws:iam::123456789012:role/name`;',
    '- a role session `arn:aws:sts::123456789012:assumed-role/role-name/session-name`;',
    '- an STS federated user `arn:aws:sts::123456789012:federated-user/name`;',
    '- `"*"` for everyone.',
    '',
    'Groups, wildcards inside an ARN and instance profiles are not valid principals.',
  ),

  Service: doc(
    '**Service principal** — an AWS service acting with its own identity, e.g. `lambda.amazonaws.com`, `ecs-tasks.amazonaws.com`, `events.amazonaws.com`.',
    '',
    '- In a role trust policy it lets the service assume the role (`sts:AssumeRole`).',
    '- In a resource policy it lets the service call the resource (e.g. `sns.amazonaws.com` sending to an SQS queue).',
    '- Confused deputy: any customer of the service could point it at your resource. Add `aws:SourceArn` and/or `aws:SourceAccount` (or `aws:SourceOrgID`) conditions.',
    '- A few principals are Regional (e.g. `logs.eu-west-1.amazonaws.com`), and some China-partition services use `.amazonaws.com.cn`.',
  ),

  Federated: doc(
    '**Federated principal** — identities from an external identity provider, used in role trust policies with `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`.',
    '',
    'Values: a SAML provider ARN (`arn:aws:iam::123456789012:saml-provider/Name`), an IAM OIDC provider ARN (`arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`), or a built-in web IdP such as `cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`.',
    '',
    'Trap: trusting an OIDC provider without conditions on its `aud` and `sub` claims (e.g. `token.actions.githubusercontent.com:sub`) lets **any** user of that provider — for GitHub, any repository — assume the role.',
  ),

  CanonicalUser: doc(
    '**CanonicalUser principal** — an Amazon S3 canonical user ID (a 64-character hex string) standing for an AWS account.',
    '',
    'Only meaningful in S3 bucket policies; its main historical use was the CloudFront origin access identity (OAI), now superseded by origin access control with a `Service: cloudfront.amazonaws.com` principal and an `aws:SourceArn` condition.',
  ),
};

/** Elements that may appear at the top level of a policy document. */
export const topLevelElements: readonly string[] = ['Version', 'Id', 'Statement'];

/** Elements that may appear inside a statement. */
export const statementElements: readonly string[] = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];

/** Keys allowed inside a Principal / NotPrincipal object. */
export const principalTypes: readonly string[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** Pairs that cannot appear together in one statement. */
export const mutuallyExclusiveElements: readonly (readonly [string, string])[] = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
];

/** Sid rule for IAM identity-based policies (ASCII letters and digits only). */
export const identityPolicySidPattern: RegExp = /^[A-Za-z0-9]*$/;
