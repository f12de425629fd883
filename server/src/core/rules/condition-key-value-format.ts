import { WildcardPattern } from '../semantics/wildcard';
import { isWellFormedRegion, REGION_SHAPE, regionCodes, regionMeant } from '../data/regions';
import { servicePrincipalShape } from '../data/servicePrincipals';
import { quickFix, replaceStringValue } from '../util/edits';
import { allConditionEntries, type ConditionEntry, conditionStringAt } from '../semantics/conditionItems';
import type { Rule } from './rule';

interface Data {
  /** The value the author most likely meant, when there is exactly one. */
  readonly meant?: string;
}

/** The shape of the values a condition key can hold. */
interface KeyFormat {
  /** Keys in lower case. */
  readonly keys: readonly string[];
  /** What a value looks like, for the message. */
  readonly expected: string;
  /** True for a complete value (no wildcard) of the key. */
  readonly valid: (value: string) => boolean;
  /** The only values the key takes, when it is a closed list. */
  readonly known?: readonly string[];
  /** For patterns: the characters a value can contain, and the text every value starts with. */
  readonly chars?: RegExp;
  readonly prefix?: string;
  /** For patterns that need more than characters and prefix. */
  readonly patternFits?: (pattern: string) => boolean;
  /** The value meant by a near miss, when there is an unambiguous one. */
  readonly meant?: (value: string) => string | undefined;
}

const lower = (keys: string[]) => keys.map((k) => k.toLowerCase());

const ORG = /^o-[a-z0-9]{10,32}$/;
const ROOT = /^r-[a-z0-9]{4,32}$/;
const OU = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT = /^\d{12}$/;
// The endpoint's DNS suffix differs by partition (amazonaws.com, .com.cn, the isolated and
// sovereign partitions' own domains): only the service and Region parts are judged.
const VIA_SERVICE = new RegExp(`^[a-z0-9-]+\\.${REGION_SHAPE}\\.[a-z0-9-]+(\\.[a-z0-9-]+)+$`);
// The text a Region code can start with (so that a pattern's head can still become one).
const REGION_HEAD = /^[a-z]{0,4}(-[a-z]+)*(-[a-z]*|-\d{0,2})?$/;

/** `o-…/r-…/ou-…/…/`, optionally ending with an account; the trailing slash is optional here. */
function validOrgPath(value: string): boolean {
  const parts = value.replace(/\/$/, '').split('/');
  return parts.length >= 2 && ORG.test(parts[0]) && ROOT.test(parts[1]) && parts.slice(2).every((p, i, rest) => OU.test(p) || (i === rest.length - 1 && ACCOUNT.test(p)));
}

/** A pattern can match a path when the segments before its first wildcard are in place and the others have a segment's shape. */
function orgPathPatternFits(pattern: string): boolean {
  const head = pattern.slice(0, pattern.search(/[*?]/));
  if (!/^[a-z0-9\-/*?]*$/.test(pattern) || !(head.startsWith('o-') || 'o-'.startsWith(head))) return false;
  const segment = [ORG, ROOT];
  let fixed = true;
  return pattern.split('/').every((part, i) => {
    if (/[*?]/.test(part)) {
      fixed = false;
      return true;
    }
    if (part === '') return true;
    return fixed && i < 2 ? segment[i].test(part) : OU.test(part) || ACCOUNT.test(part) || ROOT.test(part) || ORG.test(part);
  });
}

const PRINCIPAL_TYPES: readonly string[] = ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'];

const FORMATS: readonly KeyFormat[] = [
  {
    keys: lower(['aws:SourceAccount', 'aws:ResourceAccount', 'aws:PrincipalAccount', 'aws:SourceOwner', 'kms:CallerAccount', 's3:ResourceAccount']),
    expected: 'a 12-digit account ID',
    valid: (v) => ACCOUNT.test(v),
    chars: /^[0-9]*$/,
  },
  {
    keys: lower(['aws:PrincipalOrgID', 'aws:ResourceOrgID', 'aws:SourceOrgID']),
    expected: 'an organization ID such as o-a1b2c3d4e5',
    valid: (v) => ORG.test(v),
    chars: /^[a-z0-9-]*$/,
    prefix: 'o-',
  },
  {
    keys: lower(['aws:PrincipalOrgPaths', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths']),
    expected: 'an organization path such as o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
    valid: validOrgPath,
    patternFits: orgPathPatternFits,
  },
  {
    keys: ['aws:sourcevpc'],
    expected: 'a VPC ID such as vpc-1a2b3c4d',
    valid: (v) => /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v),
    chars: /^[a-z0-9-]*$/,
    prefix: 'vpc-',
  },
  {
    keys: ['aws:sourcevpce'],
    expected: 'a VPC endpoint ID such as vpce-1a2b3c4d',
    valid: (v) => /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v),
    chars: /^[a-z0-9-]*$/,
    prefix: 'vpce-',
  },
  {
    keys: lower([
      'aws:RequestedRegion',
      'ec2:Region',
      'account:TargetRegion',
      'cloudformation:TargetRegion',
      'kms:PrimaryRegion',
      'kms:ReplicaRegion',
      'secretsmanager:AddReplicaRegions',
      'secretsmanager:SecretPrimaryRegion',
    ]),
    expected: 'a Region code such as eu-west-1',
    // Any code of the Region shape passes: a Region launched after our list must not be
    // reported. The list still turns near misses (`eu-west1`, `EU-WEST-1`) into a fix.
    valid: isWellFormedRegion,
    // A pattern fits when it matches a listed Region or could still match a newer one: its text
    // before the first wildcard is the start of a Region code.
    patternFits: (pattern) => {
      const re = new WildcardPattern(pattern, false);
      return regionCodes.some((code) => re.test(code)) || (/^[a-z0-9\-*?]*$/.test(pattern) && REGION_HEAD.test(pattern.slice(0, pattern.search(/[*?]/))));
    },
    meant: regionMeant,
  },
  {
    keys: ['aws:principaltype'],
    expected: 'one of Account, User, FederatedUser, AssumedRole, Anonymous',
    valid: (v) => PRINCIPAL_TYPES.includes(v),
    known: PRINCIPAL_TYPES,
  },
  {
    keys: lower(['aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast']),
    expected: 'a service principal such as cloudformation.amazonaws.com',
    valid: (v) => servicePrincipalShape.test(v) && v === v.toLowerCase(),
    chars: /^[a-z0-9.-]*$/,
  },
  {
    keys: ['kms:viaservice'],
    expected: 'a service endpoint with its Region, such as s3.us-east-1.amazonaws.com',
    valid: (v) => VIA_SERVICE.test(v),
    chars: /^[a-z0-9.-]*$/,
  },
];

const FORMAT_BY_KEY: ReadonlyMap<string, KeyFormat> = new Map(FORMATS.flatMap((f) => f.keys.map((k) => [k, f] as const)));

/** True when some value of the format can match the pattern. */
function patternFits(format: KeyFormat, pattern: string, ignoreCase: boolean): boolean {
  if (format.known) {
    const re = new WildcardPattern(pattern, ignoreCase);
    return format.known.some((k) => re.test(k));
  }
  const text = ignoreCase ? pattern.toLowerCase() : pattern;
  if (format.patternFits) return format.patternFits(text);
  const literal = text.replace(/[*?]/g, '');
  if (format.chars && !format.chars.test(literal)) return false;
  const head = text.slice(0, text.search(/[*?]/));
  const prefix = format.prefix ?? '';
  return head.startsWith(prefix) || prefix.startsWith(head);
}

/** True when the value fits the format under this entry's operator. */
function fits(format: KeyFormat, entry: ConditionEntry, value: string): boolean {
  const ignoreCase = entry.operator.includes('IgnoreCase');
  if (/[*?]/.test(value)) return patternFits(format, value, ignoreCase);
  if (format.valid(value)) return true;
  if (!ignoreCase) return false;
  return format.known ? format.known.some((k) => k.toLowerCase() === value.toLowerCase()) : format.valid(value.toLowerCase());
}

/** The value meant: the format's own guess, a known value in other case, or the value in lower case. */
function meantValue(format: KeyFormat, value: string): string | undefined {
  const guess = format.meant?.(value) ?? format.known?.find((k) => k.toLowerCase() === value.toLowerCase()) ?? value.toLowerCase();
  return guess !== value && format.valid(guess) ? guess : undefined;
}

/**
 * `condition-key-value-format`: a String comparison with a value its key can never hold: an
 * account ID that is not 12 digits, an organization ID or path, VPC or VPC endpoint ID of
 * the wrong shape, an unknown Region, a principal type that does not exist, a service
 * principal without its domain, or `kms:ViaService` without the Region. Such a value never
 * matches, so the statement silently does nothing (or, negated, applies to every request).
 * Like patterns are judged by whether any value could match them; policy variables and
 * StringEquals values with wildcards (another rule's business) are left alone.
 */
export const conditionKeyValueFormat: Rule<Data> = {
  code: 'condition-key-value-format',
  defaultSeverity: 'warning',
  description: 'A condition value can never be a value of its key: account ID, organization ID or path, VPC or endpoint ID, Region, principal type or service name of the wrong form.',
  example: {
    bad: '"Condition": { "StringEquals": { "aws:SourceVpce": "vpc-1a2b3c4d", "aws:RequestedRegion": "eu-west1" } }',
    good: '"Condition": { "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d", "aws:RequestedRegion": "eu-west-1" } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const format = FORMAT_BY_KEY.get(entry.key.toLowerCase());
      if (!format || entry.parsed?.base.family !== 'String') continue;
      const like = entry.parsed.base.name.includes('Like');
      const negated = entry.parsed.base.name.includes('Not');
      for (const value of entry.values) {
        const text = value.text.trim();
        if (text.includes('${') || (!like && /[*?]/.test(text)) || fits(format, entry, text)) continue;
        const meant = /[*?]/.test(text) ? undefined : meantValue(format, text);
        const effect = negated ? `so '${entry.operator}' is true for every request` : 'so it never matches';
        const hint = meant ? ` Did you mean '${meant}'?` : '';
        report(value.node, `'${value.text}' is not ${format.expected}: '${entry.key}' never holds it, ${effect}.${hint}`, { meant });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const meant: unknown = (diagnostic.data as Partial<Data> | null)?.meant;
    const node = conditionStringAt(policy, target);
    if (typeof meant !== 'string' || meant === '' || !node) return [];
    // Not preferred: a value that never matched starts matching, which changes what the
    // statement allows or denies; it is offered, never applied by fix-all or on save.
    return [quickFix(`Change to '${meant}'`, document, [replaceStringValue(document, node, meant)], diagnostic, false)];
  },
};
