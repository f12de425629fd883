/**
 * IAM condition operators: the 27 base operators, the `IfExists` suffix and
 * the `ForAllValues:` / `ForAnyValue:` set-operator prefixes.
 *
 * Facts checked against the AWS IAM User Guide, "IAM JSON policy elements:
 * Condition operators" and "Single-valued vs. multivalued condition keys".
 * Descriptions are our own wording.
 *
 * CASE SENSITIVITY (finding): condition *key names* are case-insensitive in
 * IAM, but condition *operator names* are not. IAM rejects e.g. `stringEquals`
 * with `MalformedPolicyDocument: Invalid Condition type : stringEquals` (error
 * text reported in public infrastructure repositories). `parseOperator` is
 * therefore case-sensitive for the base name, the `IfExists` suffix and the
 * set prefix; use `findOperatorIgnoringCase` to offer a "did you mean" fix.
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export type SetOperatorPrefix = 'ForAllValues' | 'ForAnyValue';

interface ConditionOperatorInfo {
  name: string;
  family: OperatorFamily;
  description: string;
  negated: boolean;
  supportsWildcards: boolean;
  supportsPolicyVariables: boolean;
  /** Condition-key data types this operator is meant for (iam-data type names). */
  keyTypes: readonly string[];
}

export interface ParsedOperator {
  prefix?: SetOperatorPrefix;
  ifExists: boolean;
  base: ConditionOperatorInfo;
}

const STRING_TYPES: readonly string[] = ['String', 'ArrayOfString', 'ARN', 'ArrayOfARN'];
const ARN_TYPES: readonly string[] = ['ARN', 'ArrayOfARN'];
const NUMERIC_TYPES: readonly string[] = ['Numeric', 'ArrayOfNumeric'];
const DATE_TYPES: readonly string[] = ['Date', 'ArrayOfDate'];
const BOOL_TYPES: readonly string[] = ['Bool', 'ArrayOfBool'];
const IP_TYPES: readonly string[] = ['IPAddress', 'ArrayOfIPAddress'];
const BINARY_TYPES: readonly string[] = ['Binary', 'ArrayOfBinary'];
const ANY_TYPES: readonly string[] = [
  'String',
  'ARN',
  'Bool',
  'Numeric',
  'Date',
  'IPAddress',
  'Binary',
  'ArrayOfString',
  'ArrayOfARN',
  'ArrayOfBool',
];

function op(
  name: string,
  family: OperatorFamily,
  negated: boolean,
  description: string,
  supportsWildcards: boolean,
  supportsPolicyVariables: boolean,
  keyTypes: readonly string[],
): ConditionOperatorInfo {
  return { name, family, negated, description, supportsWildcards, supportsPolicyVariables, keyTypes };
}

export const conditionOperators: readonly ConditionOperatorInfo[] = [
  // String: policy variables yes; wildcards only in the *Like forms.
  op('StringEquals', 'String', false, 'Exact, case-sensitive string match. `*` and `?` are literal characters here, not wildcards (use StringLike for patterns).', false, true, STRING_TYPES),
  op('StringNotEquals', 'String', true, 'True when the value differs from every listed string (case-sensitive). Also true when the key is missing from the request.', false, true, STRING_TYPES),
  op('StringEqualsIgnoreCase', 'String', false, 'Exact string match that ignores letter case.', false, true, STRING_TYPES),
  op('StringNotEqualsIgnoreCase', 'String', true, 'True when the value differs from every listed string, ignoring case. Also true when the key is missing.', false, true, STRING_TYPES),
  op('StringLike', 'String', false, 'Case-sensitive pattern match: `*` matches any run of characters, `?` exactly one. Without a wildcard it behaves like StringEquals.', true, true, STRING_TYPES),
  op('StringNotLike', 'String', true, 'True when the value matches none of the patterns (`*`, `?` wildcards, case-sensitive). Also true when the key is missing.', true, true, STRING_TYPES),

  // Numeric: no variables, no wildcards.
  op('NumericEquals', 'Numeric', false, 'Numeric equality (integers or decimals).', false, false, NUMERIC_TYPES),
  op('NumericNotEquals', 'Numeric', true, 'True when the number differs from every listed value. Also true when the key is missing.', false, false, NUMERIC_TYPES),
  op('NumericLessThan', 'Numeric', false, 'True when the request value is strictly less than the policy value.', false, false, NUMERIC_TYPES),
  op('NumericLessThanEquals', 'Numeric', false, 'True when the request value is less than or equal to the policy value.', false, false, NUMERIC_TYPES),
  op('NumericGreaterThan', 'Numeric', false, 'True when the request value is strictly greater than the policy value.', false, false, NUMERIC_TYPES),
  op('NumericGreaterThanEquals', 'Numeric', false, 'True when the request value is greater than or equal to the policy value.', false, false, NUMERIC_TYPES),

  // Date: ISO 8601 (W3C profile) or epoch seconds; no variables, no wildcards.
  op('DateEquals', 'Date', false, 'True when the request date/time equals the policy value (ISO 8601 or epoch seconds).', false, false, DATE_TYPES),
  op('DateNotEquals', 'Date', true, 'True when the request date/time differs from every listed value. Also true when the key is missing.', false, false, DATE_TYPES),
  op('DateLessThan', 'Date', false, 'True when the request date/time is before the policy value.', false, false, DATE_TYPES),
  op('DateLessThanEquals', 'Date', false, 'True when the request date/time is at or before the policy value.', false, false, DATE_TYPES),
  op('DateGreaterThan', 'Date', false, 'True when the request date/time is after the policy value.', false, false, DATE_TYPES),
  op('DateGreaterThanEquals', 'Date', false, 'True when the request date/time is at or after the policy value.', false, false, DATE_TYPES),

  // Bool: the current AWS operator page lists policy variables as supported.
  op('Bool', 'Bool', false, 'Compares a boolean key with "true" or "false". With ForAllValues/ForAnyValue it also applies to ArrayOfBool keys.', false, true, BOOL_TYPES),

  // Binary
  op('BinaryEquals', 'Binary', false, 'Byte-for-byte comparison of a binary key with the base64-encoded value in the policy.', false, false, BINARY_TYPES),

  // IP address: CIDR values, /32 assumed when no prefix length is given.
  op('IpAddress', 'IpAddress', false, 'True when the address is inside one of the listed IPv4/IPv6 CIDR ranges (a bare address means /32).', false, false, IP_TYPES),
  op('NotIpAddress', 'IpAddress', true, 'True when the address is outside every listed CIDR range. Also true when the key is missing, e.g. requests through a VPC endpoint carry no aws:SourceIp.', false, false, IP_TYPES),

  // ARN: each of the six colon-separated parts is matched separately.
  op('ArnEquals', 'Arn', false, 'ARN match, component by component (partition, service, region, account, resource). Case-sensitive; `*` and `?` work inside a component. Identical in behaviour to ArnLike.', true, true, ARN_TYPES),
  op('ArnLike', 'Arn', false, 'ARN pattern match, component by component; a `*` never spans a colon. Identical in behaviour to ArnEquals.', true, true, ARN_TYPES),
  op('ArnNotEquals', 'Arn', true, 'True when the ARN matches none of the listed ARNs/patterns. Also true when the key is missing. Identical to ArnNotLike.', true, true, ARN_TYPES),
  op('ArnNotLike', 'Arn', true, 'True when the ARN matches none of the listed patterns. Also true when the key is missing. Identical to ArnNotEquals.', true, true, ARN_TYPES),

  // Null: existence test.
  op('Null', 'Null', false, '"true" means the key must be absent (or empty); "false" means it must be present and non-null. Cannot take IfExists.', false, false, ANY_TYPES),
];

/** Families for which AWS documents ForAllValues/ForAnyValue qualification. */
export const documentedSetOperatorFamilies: readonly OperatorFamily[] = ['String', 'Arn', 'Bool'];

export const ifExistsDoc: string = [
  '**`...IfExists`** can be appended to every condition operator except `Null` (e.g. `StringLikeIfExists`).',
  '',
  'Meaning: *if the key is present in the request, evaluate the operator normally; if it is absent, this condition counts as true.*',
  'It is the usual fix when one statement covers several resource types and only some of them carry the key (e.g. `ec2:InstanceType` on `ec2:RunInstances`).',
  '',
  'Traps:',
  '- In an **Allow**, IfExists widens access: a request where the key is missing is allowed. Make sure absence is really acceptable.',
  '- In a **Deny** with a negated operator (`StringNotEqualsIfExists`, `ArnNotLikeIfExists`...), a missing key still makes the condition true, so the request is denied.',
  '- For `aws:MultiFactorAuthPresent`, use `"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}` in a Deny: plain `Bool` never matches long-term access-key calls, where the key is absent.',
  '- `NullIfExists` does not exist: `Null` already tests presence.',
].join('\n');

export const setOperatorDocs: Readonly<Record<SetOperatorPrefix, string>> = {
  ForAllValues: [
    '**`ForAllValues:`** — true when **every** value of the (multivalued) key in the request matches at least one value in the policy.',
    '',
    'Traps:',
    '- It is also **true when the key is absent or its value set is empty**. In an Allow, a request that sends no tags at all (no `aws:TagKeys`) passes. Add `"Null": {"<key>": "false"}` to require the key.',
    '- With a negated operator (`ForAllValues:StringNotEquals`) it means *none of the request values is in the list* — and it is still true when the key is absent.',
    '- Only use it with multivalued keys (types `ArrayOf...`, e.g. `aws:TagKeys`, `aws:CalledVia`). On a single-valued key it degrades into a plain comparison that is additionally true when the key is missing, which is usually more permissive than intended.',
  ].join('\n'),
  ForAnyValue: [
    '**`ForAnyValue:`** — true when **at least one** value of the (multivalued) key in the request matches at least one value in the policy. False when the key is absent.',
    '',
    'Traps:',
    '- With a negated operator, `ForAnyValue:StringNotEquals` is true as soon as **one** request value is outside the list, even if the others are in it. In an Allow that is far broader than "none of the forbidden values"; in a Deny it means "deny if any value is not on the approved list".',
    '- To say "none of the values may be X", use `ForAnyValue:StringEquals` in a **Deny**, or `ForAllValues:StringNotEquals` in an Allow (plus a `Null` check if the key must exist).',
    '- Only use it with multivalued keys; AWS warns that set operators on single-valued keys lead to overly permissive policies.',
  ].join('\n'),
};

const OPERATORS_BY_NAME: ReadonlyMap<string, ConditionOperatorInfo> = new Map<string, ConditionOperatorInfo>(
  conditionOperators.map((o: ConditionOperatorInfo): [string, ConditionOperatorInfo] => [o.name, o]),
);

const IF_EXISTS: string = 'IfExists';
const SET_PREFIXES: readonly SetOperatorPrefix[] = ['ForAllValues', 'ForAnyValue'];

/**
 * Parse an operator as written in a Condition block, e.g. `StringEquals`,
 * `ForAnyValue:StringLikeIfExists`. Case-sensitive (IAM rejects other
 * spellings). Returns undefined for unknown operators and for `NullIfExists`.
 *
 * A set prefix is accepted on every family (IAM does not reject, e.g.,
 * `ForAnyValue:NumericEquals`); use `documentedSetOperatorFamilies` to warn.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest: string = text;
  let prefix: SetOperatorPrefix | undefined;
  const colon: number = rest.indexOf(':');
  if (colon !== -1) {
    const head: string = rest.slice(0, colon);
    const found: SetOperatorPrefix | undefined = SET_PREFIXES.find((p: SetOperatorPrefix) => p === head);
    if (found === undefined) return undefined;
    prefix = found;
    rest = rest.slice(colon + 1);
  }
  let ifExists: boolean = false;
  if (rest.length > IF_EXISTS.length && rest.endsWith(IF_EXISTS)) {
    ifExists = true;
    rest = rest.slice(0, -IF_EXISTS.length);
  }
  const base: ConditionOperatorInfo | undefined = OPERATORS_BY_NAME.get(rest);
  if (base === undefined) return undefined;
  if (ifExists && base.family === 'Null') return undefined;
  return prefix !== undefined ? { prefix, ifExists, base } : { ifExists, base };
}

/**
 * Case-insensitive variant used for quick fixes: returns the correctly spelled
 * operator text (e.g. `stringequalsifexists` -> `StringEqualsIfExists`), or
 * undefined when even a case-insensitive match fails.
 */
export function findOperatorIgnoringCase(text: string): string | undefined {
  const lower: string = text.toLowerCase();
  for (const base of conditionOperators) {
    const suffixes: readonly string[] = base.family === 'Null' ? [''] : ['', IF_EXISTS];
    for (const prefix of ['', ...SET_PREFIXES.map((p: SetOperatorPrefix) => `${p}:`)]) {
      for (const suffix of suffixes) {
        const candidate: string = `${prefix}${base.name}${suffix}`;
        if (candidate.toLowerCase() === lower) return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Operator families that fit a condition-key data type. `Null` fits every
 * type. ARN keys also accept String operators (AWS recommends Arn* operators).
 */
export function familyForKeyType(type: string): string[] {
  const element: string = type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type;
  switch (element) {
    case 'String':
      return ['String', 'Null'];
    case 'ARN':
    case 'Arn':
      return ['Arn', 'String', 'Null'];
    case 'Bool':
    case 'Boolean':
      return ['Bool', 'Null'];
    case 'Numeric':
      return ['Numeric', 'Null'];
    case 'Date':
      return ['Date', 'Null'];
    case 'IPAddress':
    case 'IpAddress':
      return ['IpAddress', 'Null'];
    case 'Binary':
      return ['Binary', 'Null'];
    default:
      return ['Null'];
  }
}

/**
 * Keys that AWS documents with more than one data type, so they accept extra
 * operator families beyond what their iam-data type implies.
 * aws:EpochTime: documented as "Date, Numeric" (epoch seconds).
 */
export const extraFamiliesForKey: Readonly<Record<string, readonly string[]>> = {
  'aws:epochtime': ['Numeric'],
};

/**
 * Global String keys whose values are never ARNs: account and organization IDs and paths, VPC
 * and endpoint IDs, Regions, principal types, user names and IDs, tag keys and service names.
 * `Arn*` operators on them compare an ARN pattern with a value that is not an ARN. (Other
 * String keys can hold ARNs, e.g. `aws:SourceVpcArn`, tags and `kms:EncryptionContext:` keys,
 * and AWS's own policies compare those with `ArnLike`.) Lower case.
 */
export const nonArnStringKeys: ReadonlySet<string> = new Set([
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:principalaccount',
  'aws:resourceaccount',
  'aws:vpceaccount',
  'aws:principalorgid',
  'aws:resourceorgid',
  'aws:sourceorgid',
  'aws:vpceorgid',
  'aws:principalorgpaths',
  'aws:resourceorgpaths',
  'aws:sourceorgpaths',
  'aws:vpceorgpaths',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:ec2instancesourcevpc',
  'aws:requestedregion',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:tagkeys',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:principalservicename',
  'aws:principalservicenameslist',
]);

/** True when the key type is multivalued and so calls for a set-operator prefix. */
export function isMultivaluedKeyType(type: string): boolean {
  return type.startsWith('ArrayOf');
}
