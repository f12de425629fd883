import type { Catalog } from '../catalog/types';
import { isMultivaluedKeyType } from '../data/conditionOperators';
import { findGlobalKeyDoc, globalConditionKeyDocs, multivaluedGlobalKeys } from '../data/globalConditionKeyDocs';
import { closestMatches } from '../util/suggest';
import { conditionKeyInfo } from './conditionItems';

/**
 * Candidate spellings for did-you-mean: concrete keys as documented, and templates such as
 * `aws:RequestTag/${TagKey}` completed with the suffix the user typed.
 */
function candidates(keys: readonly string[], typed: string): string[] {
  const slash = typed.indexOf('/');
  const suffix = slash >= 0 ? typed.slice(slash + 1) : '';
  return keys.flatMap((k) => {
    if (!k.includes('${')) return [k];
    return suffix ? [k.replace(/\/\$\{[^}]*\}.*$/, `/${suffix}`)] : [];
  });
}

/** A key family such as `aws:ResourceTag/${TagKey}` named without its variable part. */
interface MissingKeyPart {
  /** The documented template, e.g. `aws:ResourceTag/${TagKey}`. */
  readonly template: string;
  /** What is missing, in words: `tag key`, `header name`. */
  readonly what: string;
  /** `slash` or `colon`. */
  readonly separator: string;
}

/** The condition keys that may carry a key's prefix: global ones for `aws:`, else the service's. */
function keysOfPrefix(catalog: Catalog, prefix: string): readonly { readonly key: string }[] {
  return prefix === 'aws' ? catalog.globalConditionKeys : (catalog.getService(prefix)?.conditionKeys ?? []);
}

/** What is wrong with a condition key: a key family without its variable part, or an unknown key with did-you-mean candidates. */
export type KeyProblem = { readonly missing: MissingKeyPart } | { readonly suggestions: readonly string[] };

/**
 * What is wrong with a condition key, judged with one catalogue lookup; undefined when the key
 * is known or cannot be judged. Did-you-mean candidates are only looked for with `suggest`.
 */
export function conditionKeyProblem(catalog: Catalog, key: string, suggest = true): KeyProblem | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0 || conditionKeyInfo(catalog, key)) return undefined;
  const lower = key.toLowerCase();
  const prefix = lower.slice(0, colon);
  // `aws:ResourceTag` would otherwise suggest `aws:ResourceOrgID`, and `aws:ResourceTag/` pass as a tag key.
  for (const family of familiesOf(catalog, prefix)) {
    if (lower === family.head || lower === family.headWithSeparator) return { missing: family.missing };
  }
  if (prefix === 'aws') {
    if (findGlobalKeyDoc(key)) return undefined;
    if (!suggest) return { suggestions: [] };
    const known = [...catalog.globalConditionKeys.map((k) => k.key), ...Object.keys(globalConditionKeyDocs)];
    return { suggestions: closestMatches(key, new Set(candidates(known, key))) };
  }
  // Keys of services we do not know, and of identity providers (`accounts.google.com:aud`,
  // `saml:aud`, `token.actions.githubusercontent.com:sub`) cannot be judged.
  const service = catalog.getService(prefix);
  if (!service || service.conditionKeys.length === 0) return undefined;
  if (!suggest) return { suggestions: [] };
  return { suggestions: closestMatches(key, new Set(candidates(service.conditionKeys.map((k) => k.key), key))) };
}

/**
 * `aws:ResourceTag/` or `aws:ResourceTag`: the fixed part of a key family whose variable part
 * (a tag key, a header name...) is missing. Undefined for every other key.
 */
export function missingKeyPart(catalog: Catalog, key: string): MissingKeyPart | undefined {
  const problem = conditionKeyProblem(catalog, key, false);
  return problem && 'missing' in problem ? problem.missing : undefined;
}

interface KeyFamily {
  /** The fixed part in lower case, without and with its separator. */
  readonly head: string;
  readonly headWithSeparator: string;
  readonly missing: MissingKeyPart;
}

// The key families of each prefix, read from its keys once (a document may name 100,000 keys).
const families = new WeakMap<Catalog, Map<string, readonly KeyFamily[]>>();

function familiesOf(catalog: Catalog, prefix: string): readonly KeyFamily[] {
  let byPrefix = families.get(catalog);
  if (!byPrefix) families.set(catalog, (byPrefix = new Map()));
  let list = byPrefix.get(prefix);
  if (list) return list;
  const found: KeyFamily[] = [];
  for (const { key: template } of keysOfPrefix(catalog, prefix)) {
    // Placeholders are spelled `${TagKey}`, or `<key>` (S3 object tags).
    const family = /^(.+?)([/:])(?:\$\{([^}]+)\}|<([^>]+)>)/.exec(template);
    if (!family) continue;
    const [, head, separator, braced, angled] = family;
    const placeholder = braced ?? (/tag$/i.test(head) ? 'TagKey' : angled);
    const what = placeholder.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    found.push({ head: head.toLowerCase(), headWithSeparator: `${head}${separator}`.toLowerCase(), missing: { template, what, separator: separator === '/' ? 'slash' : 'colon' } });
  }
  list = found;
  // Keys of unknown prefixes are few but unbounded in number: remember only real services' families.
  if (prefix === 'aws' || catalog.getService(prefix)) byPrefix.set(prefix, list);
  return list;
}

/** `'aws:ResourceTag/' needs a tag key after the slash, as in 'aws:ResourceTag/team'`. */
export function missingKeyPartMessage(key: string, missing: MissingKeyPart): string {
  const example = missing.what === 'tag key' ? missing.template.replace(/\$\{[^}]+\}|<[^>]+>/, 'team') : missing.template;
  const article = /^[aeiou]/.test(missing.what) ? 'an' : 'a';
  return `'${key}' needs ${article} ${missing.what} after the ${missing.separator}, as in '${example}'`;
}

/** Undefined when the key is known or cannot be judged; else the did-you-mean candidates (none looked for without `suggest`). */
export function unknownKeySuggestions(catalog: Catalog, key: string, suggest = true): readonly string[] | undefined {
  const problem = conditionKeyProblem(catalog, key, suggest);
  return problem && ('missing' in problem ? [] : problem.suggestions);
}

const MULTIVALUED = new Set(multivaluedGlobalKeys.map((k) => k.toLowerCase()));

/** True when the key is documented as multivalued; undefined when the key is unknown. */
export function isMultivaluedKey(catalog: Parameters<typeof conditionKeyInfo>[0], key: string): boolean | undefined {
  if (MULTIVALUED.has(key.toLowerCase())) return true;
  const info = conditionKeyInfo(catalog, key);
  return info?.type ? isMultivaluedKeyType(info.type) : undefined;
}
