import { servicePrincipalShape } from '../data/servicePrincipals';
import { principalTypes } from '../data/elementDocs';
import { closestMatches } from '../util/suggest';
import { jsonKind, statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { principalItems, principalTypeKeys } from '../semantics/principalItems';
import { type Rule, stringTarget } from './rule';
import { holdsPolicyVariable } from '../semantics/policyVariableSyntax';

interface Data {
  /** For an unknown principal type key: the spelling to replace it with. */
  readonly replacement?: string;
}

const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc)';
/** IAM/STS principal ARNs; the account `cloudfront` belongs to legacy origin access identities. */
const PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION}:(iam|sts)::(\\d{12}|cloudfront):(.*)$`);
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(saml-provider|oidc-provider)/.+$`);
const ACCOUNT_ID = /^\d{12}$/;
/** Unique IDs (AIDA users, AROA roles): IAM writes these when the named principal was deleted. */
const UNIQUE_ID = /^A(IDA|ROA)[A-Z0-9]{12,}$/;
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** Why an `AWS` principal value is not valid, or undefined when it is. */
function awsPrincipalProblem(value: string): string | undefined {
  if (value === '*' || ACCOUNT_ID.test(value) || UNIQUE_ID.test(value)) return undefined;
  if (/^\d+$/.test(value)) return `'${value}' is not a 12-digit account ID.`;
  if (!value.startsWith('arn:')) return `'${value}' is neither an account ID nor an IAM principal ARN.`;
  const match = PRINCIPAL_ARN.exec(value);
  if (!match) return `'${value}' is not a valid principal ARN (arn:<partition>:iam::<12-digit account>:<user|role|root>...).`;
  const [, service, , resource] = match;
  if (/[*?]/.test(value)) return `Wildcards are not allowed inside a principal ARN; use "*" with a condition such as aws:PrincipalArn instead.`;
  if (service === 'iam') {
    if (resource.startsWith('group/')) return 'IAM groups cannot be principals; name the users or roles instead.';
    if (resource.startsWith('instance-profile/')) return 'Instance profiles cannot be principals; name the role of the instance profile instead.';
    if (resource === 'root' || /^(user|role)\/.+/.test(resource)) return undefined;
    return `'${resource}' is not an IAM principal: use root, user/<name> or role/<name>.`;
  }
  if (/^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(resource)) return undefined;
  return `'${resource}' is not an STS principal: use assumed-role/<role>/<session> or federated-user/<name>.`;
}

function problem(type: string, value: string): string | undefined {
  // A policy variable is never replaced in a principal: invalid-policy-variable says so.
  if (holdsPolicyVariable(value)) return undefined;
  switch (type) {
    case 'AWS':
      return awsPrincipalProblem(value);
    case 'Service':
      return servicePrincipalShape.test(value) ? undefined : `'${value}' is not a service principal (like 'lambda.amazonaws.com').`;
    case 'Federated':
      if (value.startsWith('arn:')) {
        return FEDERATED_ARN.test(value) ? undefined : `'${value}' is not a SAML or OIDC provider ARN (arn:aws:iam::<account>:saml-provider/<name> or oidc-provider/<host>).`;
      }
      return HOST.test(value) ? undefined : `'${value}' is neither an identity provider ARN nor a provider such as 'cognito-identity.amazonaws.com'.`;
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/i.test(value) ? undefined : `'${value}' is not a canonical user ID (64 hexadecimal characters).`;
    default:
      return undefined;
  }
}

/**
 * `invalid-principal`: a principal IAM rejects — an unknown type key, a bare string other
 * than `"*"`, a malformed account ID or ARN, an IAM group, an instance profile or a
 * wildcard inside an ARN. `"*"` and `{"AWS": "*"}` are valid (see `public-principal`).
 */
export const invalidPrincipal: Rule<Data> = {
  code: 'invalid-principal',
  defaultSeverity: 'error',
  description: 'The principal is not valid: unknown principal type, malformed account ID or ARN, IAM group, instance profile or wildcard inside an ARN.',
  example: {
    bad: '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:group/Admins" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }',
    good: '{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:role/Admin" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      // IAM takes "*" or an object of principal types; an array of ARNs is a common slip.
      for (const [element, value] of [['Principal', statement.principal], ['NotPrincipal', statement.notPrincipal]] as const) {
        if (!value || value.type === 'object' || value.type === 'string') continue;
        report(value, `${element} must be "*" or an object of principal types such as {"AWS": ["arn:aws:iam::111122223333:root"]}, not ${jsonKind(value)}.`, {});
      }
      for (const key of principalTypeKeys(statement)) {
        if (principalTypes.includes(key.type)) continue;
        const replacement = principalTypes.find((t) => t.toLowerCase() === key.type.toLowerCase()) ?? closestMatches(key.type, principalTypes, 1)[0];
        const hint = replacement ? ` Did you mean '${replacement}'?` : '';
        report(key.node, `Unknown principal type '${key.type}': use AWS, Service, Federated or CanonicalUser.${hint}`, { replacement });
      }
      for (const item of principalItems(statement)) {
        if (item.type === undefined) {
          if (item.value !== '*') report(item.node, `A ${item.element} string must be "*"; name principals in an object such as {"AWS": "${item.value}"}.`, {});
          continue;
        }
        const message = problem(item.type, item.value);
        if (message) report(item.node, message, {});
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const replacement: unknown = (diagnostic.data as Partial<Data> | null)?.replacement;
    if (typeof replacement !== 'string' || replacement === '') return [];
    if (!target) return [];
    const offset = target.offset;
    // A key of the statement's Principal or NotPrincipal object: a copy of all of them for each
    // fix was quadratic in a fix-all over a Principal of 70,000 keys (25 s).
    const statement = statementAt(policy, offset);
    const key = stringTarget(target);
    const object = key?.parent?.parent;
    if (!statement || !key || key.parent?.children?.[0] !== key || !object || (object !== statement.principal && object !== statement.notPrincipal)) return [];
    return [quickFix(`Change to '${replacement}'`, document, [renameKey(document, key, replacement)], diagnostic, true)];
  },
};
