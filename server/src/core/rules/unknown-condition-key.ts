import type { Catalog } from '../catalog/types';
import { findGlobalKeyDoc, globalConditionKeyDocs } from '../data/globalConditionKeyDocs';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { renameKey } from './conditionEdits';
import { allConditionEntries, conditionKeyInfo } from './conditionItems';
import type { Rule } from './rule';

interface Data {
  readonly suggestions: readonly string[];
}

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

/**
 * Keys that AWS managed policies use but the service authorization reference does not
 * list (yet). AWS's own use is the evidence they work.
 */
const UNDOCUMENTED_KEYS: ReadonlySet<string> = new Set(['aws:principalorgmasteraccountid', 'lakeformation:gluearn']);

/** Undefined when the key is known or cannot be judged; else the did-you-mean candidates. */
export function unknownKeySuggestions(catalog: Catalog, key: string): string[] | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = key.slice(0, colon).toLowerCase();
  if (conditionKeyInfo(catalog, key) || UNDOCUMENTED_KEYS.has(key.toLowerCase())) return undefined;
  if (prefix === 'aws') {
    if (findGlobalKeyDoc(key)) return undefined;
    const known = [...catalog.globalConditionKeys.map((k) => k.key), ...Object.keys(globalConditionKeyDocs)];
    return closestMatches(key, new Set(candidates(known, key)));
  }
  // Keys of services we do not know, and of identity providers (`accounts.google.com:aud`,
  // `saml:aud`, `token.actions.githubusercontent.com:sub`) cannot be judged.
  const service = catalog.getService(prefix);
  if (!service || service.conditionKeys.length === 0) return undefined;
  return closestMatches(key, new Set(candidates(service.conditionKeys.map((k) => k.key), key)));
}

/**
 * `unknown-condition-key`: an `aws:` key that is not a global condition key, or a key with
 * the prefix of a known service that the service does not define. Such a condition never
 * matches: in an Allow nothing is granted, in a Deny nothing is denied.
 */
export const unknownConditionKey: Rule<Data> = {
  code: 'unknown-condition-key',
  defaultSeverity: 'warning',
  description: 'The condition key is not a global key nor a key of its service, so the condition never matches as intended.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SorceIp": "203.0.113.0/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy, catalog }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (!entry.key.includes(':')) {
        report(entry.keyNode, `'${entry.key}' is not a condition key: keys have the form 'prefix:name', such as 'aws:SourceIp'.`, { suggestions: [] });
        continue;
      }
      const suggestions = unknownKeySuggestions(catalog, entry.key);
      if (!suggestions) continue;
      const prefix = entry.key.slice(0, entry.key.indexOf(':'));
      const where = prefix.toLowerCase() === 'aws' ? 'global condition key' : `condition key of ${catalog.serviceName(prefix.toLowerCase()) ?? prefix}`;
      const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
      report(entry.keyNode, `'${entry.key}' is not a ${where}.${hint}`, { suggestions });
    }
  },
  fix({ document, policy }, diagnostic) {
    const offset = document.offsetAt(diagnostic.range.start);
    const entry = allConditionEntries(policy).find((e) => e.keyNode.offset === offset);
    if (!entry) return [];
    return diagnostic.data.suggestions.map((s: string, i: number) =>
      quickFix(`Did you mean '${s}'?`, document, [renameKey(document, entry.keyNode, s)], diagnostic, i === 0),
    );
  },
};
