import type { Node } from 'jsonc-parser';
import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import type { ConditionKeyInfo } from '../catalog/types';
import {
  conditionOperators,
  extraFamiliesForKey,
  familyForKeyType,
  isMultivaluedKeyType,
  ifExistsDoc,
  parseOperator,
  setOperatorDocs,
  type SetOperatorPrefix,
} from '../data/conditionOperators';
import { propertiesOf, valueOf } from '../policy';
import { type CompletionRequest, escapeSnippet, keyItem, rank, rawValueItem, valueItem } from './items';
import { principalServiceNames } from './principals';
import { arnDefaults } from '../semantics/arnDefaults';
import { statementActions } from './resources';
import { completePolicyVariables, inPolicyVariable } from './variables';

const SET_PREFIXES: readonly SetOperatorPrefix[] = ['ForAllValues', 'ForAnyValue'];

/**
 * The claim keys of the statement's federated OIDC providers (`token.actions.githubusercontent.com:sub`,
 * `oidc.eks.<region>.amazonaws.com/id/<id>:aud`): the keys a web-identity trust needs first.
 */
function federatedProviderKeys(statement: CompletionRequest['ctx']['statement']): ConditionKeyInfo[] {
  const federated = valueOf(propertiesOf(statement?.principal).get('Federated'));
  const values = federated?.type === 'array' ? (federated.children ?? []) : federated ? [federated] : [];
  const keys: ConditionKeyInfo[] = [];
  for (const node of values) {
    if (node.type !== 'string') continue;
    const value = String(node.value);
    const provider = /:oidc-provider\/(.+)$/.exec(value)?.[1] ?? (value === 'cognito-identity.amazonaws.com' ? value : undefined);
    if (!provider) continue;
    keys.push(
      { key: `${provider}:sub`, type: 'String', description: `The subject claim of the token from ${provider}: which workload, repository or identity may assume the role.`, service: 'sts' },
      { key: `${provider}:aud`, type: 'String', description: `The audience claim of the token from ${provider}.`, service: 'sts' },
    );
    if (provider === 'cognito-identity.amazonaws.com') {
      keys.push({ key: `${provider}:amr`, type: 'String', description: 'Authentication methods reference: authenticated or unauthenticated Cognito identities.', service: 'sts' });
    }
  }
  return keys;
}

/** The object node of `Condition` in the statement under the cursor. */
function conditionObject(req: CompletionRequest): Node | undefined {
  const node = req.ctx.statement?.condition;
  return node?.type === 'object' ? node : undefined;
}

/** Condition keys already written under the operator being typed (to rank the fitting operators first). */
function keysUnderOperator(req: CompletionRequest): ConditionKeyInfo[] {
  const property = req.ctx.node?.parent;
  const block = property?.type === 'property' ? valueOf(property) : undefined;
  return [...propertiesOf(block).keys()].map((k) => findKey(req, k)).filter((k): k is ConditionKeyInfo => k !== undefined);
}

/** Service and global keys, templates (`${TagKey}`, `<key>`, `tag-key`) resolved by the catalogue. */
function findKey(req: CompletionRequest, key: string): ConditionKeyInfo | undefined {
  return req.catalog.findConditionKey(key);
}

/** Operators as keys of `Condition`: plain, IfExists, then the set-operator prefixes; fitting ones first. */
export function completeOperators(req: CompletionRequest): CompletionItem[] {
  const { ctx } = req;
  const present = new Set(propertiesOf(conditionObject(req)).keys());
  if (ctx.node) present.delete(String(ctx.node.value));
  const prefix = SET_PREFIXES.find((p) => ctx.typed.startsWith(`${p}:`));
  const families = new Set<string>();
  const keys = keysUnderOperator(req);
  // Multivalued keys (`aws:TagKeys`) call for a set operator: then the prefixes rank first.
  const multivalued = keys.length > 0 && keys.every((k) => isMultivaluedKeyType(k.type));
  for (const key of keys) {
    for (const f of familyForKeyType(key.type)) if (f !== 'Null') families.add(f);
    for (const f of extraFamiliesForKey[key.key.toLowerCase()] ?? []) families.add(f);
  }
  const items: CompletionItem[] = [];
  conditionOperators.forEach((op, i) => {
    const forms = op.family === 'Null' || prefix ? [op.name] : [op.name, `${op.name}IfExists`];
    if (op.family === 'Null' && prefix) return;
    forms.forEach((form, f) => {
      const name = prefix ? `${prefix}:${form}` : form;
      if (present.has(name)) return;
      const fits = families.size === 0 || families.has(op.family);
      const docs = [op.description, f === 1 ? ifExistsDoc : '', prefix ? setOperatorDocs[prefix] : ''].filter(Boolean).join('\n\n');
      items.push(
        keyItem(
          req,
          { label: name, kind: CompletionItemKind.Operator, sortText: `${fits ? 1 : 5}${f}${rank(i)}`, description: op.family, documentation: docs, retrigger: true },
          name,
          '{\n\t"$1": "$2"\n}',
        ),
      );
    });
  });
  if (!prefix) {
    SET_PREFIXES.forEach((p, i) => {
      // Only the prefix: the suggestions re-open on the operators that follow it.
      items.push(
        rawValueItem(
          req,
          { label: `${p}:`, kind: CompletionItemKind.Keyword, sortText: `${multivalued ? 0 : 3}${i}`, detail: 'Set operator for multivalued keys', documentation: setOperatorDocs[p], retrigger: true },
          `${ctx.quoted ? '"' : ''}${p}:`,
          `"${p}:$0"`,
        ),
      );
    });
  }
  return items;
}

/** Condition keys inside an operator: the actions' keys, their resource types' keys, then global keys. */
export function completeConditionKeys(req: CompletionRequest, operator: string): CompletionItem[] {
  const { ctx, catalog } = req;
  const block = valueOf(propertiesOf(conditionObject(req)).get(operator));
  const present = new Set([...propertiesOf(block).keys()].map((k) => k.toLowerCase()));
  if (ctx.node) present.delete(String(ctx.node.value).toLowerCase());
  const parsed = parseOperator(operator);
  const fitting = (type: string) => !parsed || parsed.base.family === 'Null' || familyForKeyType(type).includes(parsed.base.family);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const add = (info: ConditionKeyInfo | undefined, group: number, i: number) => {
    if (!info || seen.has(info.key.toLowerCase()) || present.has(info.key.toLowerCase())) return;
    seen.add(info.key.toLowerCase());
    // `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`: the suffix is for the author to fill in.
    const suffix = /(\$\{[^}]+\}|<[^>]+>)$/.exec(info.key);
    const stem = suffix ? info.key.slice(0, suffix.index) : info.key;
    const placeholder = suffix ? suffix[1].replace(/^\$\{|\}$|^<|>$/g, '') : '';
    const keySnippet = suffix ? `${escapeSnippet(stem)}\${1:${placeholder}}` : undefined;
    items.push(
      keyItem(
        req,
        {
          label: info.key,
          kind: CompletionItemKind.Field,
          sortText: `${group}${fitting(info.type) ? 0 : 1}${rank(i)}`,
          description: info.type,
          detail: `${info.type} · ${info.service === 'aws' ? 'global' : (catalog.serviceName(info.service) ?? info.service)}`,
          documentation: info.description,
        },
        suffix ? stem : info.key,
        suffix ? '"$2"' : '"$1"',
        keySnippet,
      ),
    );
  };
  const actions = statementActions(req, ctx.statement);
  const serviceKey = (key: string) => catalog.getService(key.slice(0, key.indexOf(':')))?.conditionKeys.find((k) => k.key === key) ?? findKey(req, key);
  let i = 0;
  for (const key of federatedProviderKeys(ctx.statement)) add(key, 0, i++);
  for (const a of actions) for (const key of a.conditionKeys) add(serviceKey(key), 1, i++);
  for (const a of actions) for (const rt of a.resourceTypes) for (const key of rt.conditionKeys) add(serviceKey(key), 2, i++);
  for (const key of catalog.globalConditionKeys) add(key, 3, i++);
  return items;
}

/** Values inside an operator's key: booleans, known enumerations, service principals, policy variables. */
export function completeConditionValues(req: CompletionRequest, operator: string, key: string): CompletionItem[] {
  if (inPolicyVariable(req)) return completePolicyVariables(req);
  const parsed = parseOperator(operator);
  const info = findKey(req, key);
  const lower = key.toLowerCase();
  const values: [string, string][] = [];
  if (parsed?.base.family === 'Null') values.push(['true', 'The key must be absent.'], ['false', 'The key must be present.']);
  else if (parsed?.base.family === 'Bool' || /Bool$/.test(info?.type ?? '')) values.push(['true', ''], ['false', '']);
  else if (KNOWN_VALUES[lower]) values.push(...KNOWN_VALUES[lower].map((v): [string, string] => [v, '']));
  else if (SERVICE_PRINCIPAL_KEYS.has(lower)) values.push(...principalServiceNames(req).map((v): [string, string] => [v, 'Service principal']));
  else if (ACCOUNT_KEYS.has(lower) || lower === 'aws:requestedregion') {
    // The account or Region the document (or the settings) already names.
    const defaults = arnDefaults(req.policy, req.ctx.statement);
    const value = lower === 'aws:requestedregion' ? defaults.region : defaults.account;
    if (value) values.push([value, 'From the other ARNs of this policy or the settings.']);
  }
  return values.map(([value, doc], i) =>
    valueItem(req, { label: value, kind: CompletionItemKind.Value, sortText: `1${rank(i)}`, documentation: doc || undefined }, value),
  );
}

// Keys whose values AWS documents as a closed list.
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  'aws:principaltype': ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'],
  's3:x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'],
  's3:x-amz-acl': ['private', 'public-read', 'public-read-write', 'aws-exec-read', 'authenticated-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write'],
  's3:x-amz-storage-class': ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR', 'EXPRESS_ONEZONE'],
  's3:tlsversion': ['1.2', '1.3'],
};

// Keys whose values are service principal names.
const SERVICE_PRINCIPAL_KEYS = new Set(['aws:principalservicename', 'iam:passedtoservice', 'iam:awsservicename', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast']);

// Keys whose values are account IDs.
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:principalaccount', 'aws:resourceaccount', 's3:resourceaccount']);
