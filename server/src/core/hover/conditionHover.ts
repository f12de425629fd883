import type { ActionInfo, Catalog, ConditionKeyInfo } from '../catalog/types';
import {
  documentedSetOperatorFamilies,
  extraFamiliesForKey,
  familyForKeyType,
  findOperatorIgnoringCase,
  ifExistsDoc,
  isMultivaluedKeyType,
  parseOperator,
  setOperatorDocs,
} from '../data/conditionOperators';
import { findGlobalKeyDoc } from '../data/globalConditionKeyDocs';
import type { StatementModel } from '../policy';
import { clip, code, compose, cut, md, plural, serviceReferenceLink } from './format';
import { statementActions } from './statementActions';

const MAX_ACTIONS = 8;

/** Markdown for a condition operator key (`StringEquals`, `ForAnyValue:StringLikeIfExists`). */
export function operatorHover(text: string, catalog: Catalog): string {
  const parsed = parseOperator(text);
  if (!parsed) {
    const fixed = findOperatorIgnoringCase(text);
    return compose(catalog, [
      `${code(text)} is not a condition operator.`,
      fixed ? `Operator names are case-sensitive: did you mean \`${fixed}\`?` : undefined,
    ]);
  }
  const { base, prefix, ifExists } = parsed;
  const facts = [
    `Key types: ${base.keyTypes.map((t) => `\`${t}\``).join(', ')}`,
    `wildcards ${base.supportsWildcards ? 'yes' : 'no'}`,
    `policy variables ${base.supportsPolicyVariables ? 'yes' : 'no'}`,
  ].join(' · ');
  const undocumentedSet = prefix && !documentedSetOperatorFamilies.includes(base.family);
  const variants =
    !prefix && !ifExists && base.family !== 'Null'
      ? 'Variants: `…IfExists` also passes when the key is absent; `ForAllValues:` / `ForAnyValue:` compare multivalued keys.'
      : undefined;
  return compose(catalog, [
    `**${md(text)}** · condition operator`,
    base.description,
    facts,
    ifExists && condense(ifExistsDoc),
    prefix && condense(setOperatorDocs[prefix]),
    undocumentedSet && `⚠ AWS documents \`${prefix}:\` only with String, ARN and Bool operators.`,
    variants,
  ]);
}

/**
 * The operator docs are written for a reference page; a hover keeps the sentence that says what
 * the variant means and its first two traps.
 */
function condense(doc: string): string {
  const lines = doc.split('\n').filter((l) => l.trim() !== '' && l !== 'Traps:');
  const prose = lines.filter((l) => !l.startsWith('- '));
  const meaning = prose.find((l) => l.startsWith('Meaning:')) ?? prose[0] ?? '';
  const heading = meaning === prose[0] ? '' : `${(prose[0] ?? '').split(' ')[0]} `;
  return [`${heading}${meaning}`, ...lines.filter((l) => l.startsWith('- ')).slice(0, 2)].join('\n');
}

/** Markdown for a condition key: type, description, which of the statement's actions support it. */
export function conditionKeyHover(key: string, operator: string | undefined, statement: StatementModel | undefined, catalog: Catalog): string | undefined {
  // Unknown keys get no hover: the unknown-condition-key diagnostic speaks for them.
  const info = findKey(key, catalog);
  if (!info) return undefined;
  const global = info.service === 'aws';
  const template = info.key.toLowerCase() !== key.toLowerCase() ? ` (\`${info.key}\`)` : '';
  const description = (global ? findGlobalKeyDoc(key) : undefined) ?? info.description;
  return compose(catalog, [
    `**${md(clip(key))}**${template} · ${info.type}${global ? ' · global key' : ''}`,
    md(description),
    isMultivaluedKeyType(info.type) && !/^multivalued/i.test(description) && 'Multivalued: compare it with `ForAllValues:` or `ForAnyValue:`.',
    operatorFit(key, info, operator),
    global ? 'Global: it can appear in requests to any service, when the request carries it.' : support(info, statement, catalog),
    global ? undefined : serviceReferenceLink(catalog, info.service),
  ]);
}

/** Claims of OIDC identity providers (`token.actions.githubusercontent.com:sub`, `oidc.eks.….amazonaws.com/id/…:aud`). */
const OIDC_CLAIMS: Readonly<Record<string, string>> = {
  sub: 'The subject claim of the web identity token: which workload, repository, branch or user the token was issued for. A trust policy for a shared provider (GitHub Actions, EKS) must pin it, or any workload of that provider can assume the role.',
  aud: 'The audience claim of the web identity token: the client ID the token was issued to (`sts.amazonaws.com` for GitHub Actions and EKS).',
  amr: 'Authentication methods reference of a Cognito identity token: `authenticated` or `unauthenticated`.',
};

function oidcClaim(key: string): ConditionKeyInfo | undefined {
  const match = /^([a-z0-9.-]+\.[a-z]{2,}(?:\/[^:]*)?):(sub|aud|amr)$/i.exec(key);
  if (!match) return undefined;
  return { key, type: 'String', description: `${OIDC_CLAIMS[match[2].toLowerCase()]} Provider: ${clip(match[1])}.`, service: 'sts' };
}

/** The catalogue's key (it resolves `${TagKey}`, `<key>` and `tag-key` templates), else an OIDC claim. */
function findKey(key: string, catalog: Catalog): ConditionKeyInfo | undefined {
  return catalog.findConditionKey(key) ?? oidcClaim(key);
}

/** A warning when the enclosing operator does not fit the key's type. */
function operatorFit(key: string, info: ConditionKeyInfo, operator: string | undefined): string | undefined {
  const parsed = operator ? parseOperator(operator) : undefined;
  if (!parsed) return undefined;
  const extra = Object.prototype.hasOwnProperty.call(extraFamiliesForKey, key.toLowerCase()) ? extraFamiliesForKey[key.toLowerCase()] : [];
  const families = [...familyForKeyType(info.type), ...extra];
  if (families.includes(parsed.base.family)) return undefined;
  return `⚠ ${code(operator!)} does not fit a ${info.type} key; use ${families.filter((f) => f !== 'Null').map((f) => `${f}…`).join(' or ')} operators.`;
}

/** Which of the statement's actions can be conditioned on a service key. */
function support(info: ConditionKeyInfo, statement: StatementModel | undefined, catalog: Catalog): string | undefined {
  const actions = statementActions(statement, catalog);
  if (actions.length === 0) return undefined;
  const wanted = info.key.toLowerCase();
  const has = (a: ActionInfo) =>
    a.conditionKeys.some((k) => k.toLowerCase() === wanted) || a.resourceTypes.some((rt) => rt.conditionKeys.some((k) => k.toLowerCase() === wanted));
  const yes = actions.filter(has);
  const no = actions.filter((a) => !has(a));
  const list = (xs: ActionInfo[]) => cut(xs.map((a) => `\`${a.fullName}\``), MAX_ACTIONS);
  const lines: string[] = [];
  if (yes.length > 0) lines.push(`✓ **Supported by** ${plural(yes.length, 'action')}: ${list(yes)}`);
  if (no.length > 0) lines.push(`✗ **Not supported by** ${plural(no.length, 'action')}: ${list(no)}${no.length === actions.length ? ' (the key is never in their requests)' : ''}`);
  return lines.join('\n\n');
}
