import { renameKey } from '../edits/conditionEdits';
import { conditionEntries, conditionEntryAt, conditionKeyInfo } from '../semantics/conditionItems';
import { conditionKeyProblem, missingKeyPartMessage } from '../semantics/conditionKeys';
import { retiredService } from '../data/retiredServices';
import type { Catalog } from '../catalog/types';
import type { StatementModel } from '../policy';
import { hasUnknown } from '../semantics/unknown';
import { quickFix } from '../util/edits';
import { suggestServicePrefixes } from '../util/suggest';
import type { Rule } from './rule';

interface Data {
  readonly suggestions: readonly string[];
}

/** Unknown keys per document that get a did-you-mean. */
const MAX_SUGGESTED = 200;

/**
 * The message for a key whose prefix is no IAM service, or undefined when the prefix cannot be
 * judged. Keys of identity providers are named after the provider's host or URL
 * (`accounts.google.com:aud`, `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`) or `saml:`:
 * those are valid without being services. Any other prefix must be a service prefix.
 */
function unknownServiceProblem(catalog: Catalog, statement: StatementModel, key: string, suggest: boolean): { message: string; suggestions: string[] } | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = key.slice(0, colon);
  // A prefix computed at deploy time (`"${var.issuer}:aud"` in Terraform) is some provider's.
  if (hasUnknown(prefix)) return undefined;
  const lower = prefix.toLowerCase();
  if (lower === 'aws' || lower === 'saml' || /[./]/.test(prefix) || catalog.getService(lower)) return undefined;
  // Some services define keys under another prefix (AWS Marketplace's `catalog:ChangeType`).
  if (conditionKeyInfo(catalog, key)) return undefined;
  // A service the reference dropped (DeepRacer): unknown-service reports the statement's actions.
  if (statement.action?.items.some((i) => i.value.toLowerCase().startsWith(`${lower}:`))) return undefined;
  const retired = retiredService(lower);
  if (retired) return { message: `'${prefix}' is the prefix of ${retired}: no request carries '${key}'.`, suggestions: [] };
  const rest = key.slice(colon + 1);
  const suggestions = suggest ? suggestServicePrefixes(catalog, prefix).map((p) => `${p}:${rest}`).filter((k) => conditionKeyInfo(catalog, k)) : [];
  const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
  return { message: `'${prefix}' is not the prefix of any IAM service, so no request carries '${key}'.${hint}`, suggestions };
}

/**
 * `unknown-condition-key`: an `aws:` key that is not a global condition key, a key with
 * the prefix of a known service that the service does not define, including a key family
 * without its variable part (`aws:ResourceTag/` with no tag key), or a key whose prefix is no
 * service at all (`foo:Bar`; identity-provider keys such as `accounts.google.com:aud` and
 * `saml:aud` excepted). Such a condition never matches: in an Allow nothing is granted, in a
 * Deny nothing is denied.
 */
export const unknownConditionKey: Rule<Data> = {
  code: 'unknown-condition-key',
  defaultSeverity: 'warning',
  description: 'The condition key is not a global key nor a key of its service (or its prefix is no service), so the condition never matches as intended.',
  example: {
    bad: '"Condition": { "IpAddress": { "aws:SorceIp": "203.0.113.0/24" } }',
    good: '"Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }',
  },
  check({ policy, catalog }, report) {
    // A did-you-mean compares the key with each of its service's keys: worth it for the first
    // findings, not for each of 100,000 generated keys (that took 12 s on a 3 MB document).
    let suggested = 0;
    // Statement by statement: a flattened copy of 170,000 entries cost more than judging them.
    for (const statement of policy.statements) {
      for (const entry of conditionEntries(statement)) {
        if (!entry.key.includes(':')) {
          report(entry.keyNode, `'${entry.key}' is not a condition key: keys have the form 'prefix:name', such as 'aws:SourceIp'.`, { suggestions: [] });
          continue;
        }
        const service = unknownServiceProblem(catalog, statement, entry.key, suggested < MAX_SUGGESTED);
        if (service) {
          suggested++;
          report(entry.keyNode, service.message, { suggestions: service.suggestions });
          continue;
        }
        const problem = conditionKeyProblem(catalog, entry.key, suggested < MAX_SUGGESTED);
        if (!problem) continue;
        if ('missing' in problem) {
          report(entry.keyNode, `${missingKeyPartMessage(entry.key, problem.missing)}: as written, no request carries the key.`, { suggestions: [] });
          continue;
        }
        const { suggestions } = problem;
        suggested++;
        const prefix = entry.key.slice(0, entry.key.indexOf(':'));
        const where = prefix.toLowerCase() === 'aws' ? 'global condition key' : `condition key of ${catalog.serviceName(prefix.toLowerCase()) ?? prefix}`;
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(entry.keyNode, `'${entry.key}' is not a ${where}.${hint}`, { suggestions });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const entry = conditionEntryAt(policy, offset);
    if (!entry) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const suggestions: unknown = (diagnostic.data as Partial<Data> | null)?.suggestions;
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '${s}'?`, document, [renameKey(document, entry.keyNode, s)], diagnostic, i === 0),
    );
  },
};
