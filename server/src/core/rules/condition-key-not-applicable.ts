import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementModel } from '../policy';
import { type ConditionEntry, conditionEntries, conditionKeyInfo } from '../semantics/conditionItems';
import { keysSupportedBy, listsNoKeyOf, serviceKeys } from '../semantics/keySupport';
import type { Rule } from './rule';

/**
 * Request keys whose narrow scope is documented and commonly misused: S3 list keys only apply to
 * ListBucket*, the PassRole keys only to iam:PassRole.
 */
const NARROW_REQUEST_KEYS: ReadonlySet<string> = new Set(['s3:prefix', 's3:delimiter', 's3:max-keys', 'iam:passedtoservice', 'iam:associatedresourcearn']);

/**
 * The catalogue's spelling (lower case) of a global tag key's family: `aws:ResourceTag/team` is
 * listed as `aws:ResourceTag/${TagKey}`. Undefined for other keys.
 */
function tagKeyFamily(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:tagkeys') return lower;
  const slash = lower.indexOf('/');
  if (slash < 0 || slash === lower.length - 1) return undefined;
  const head = lower.slice(0, slash);
  return head === 'aws:resourcetag' || head === 'aws:requesttag' ? `${head}/\${tagkey}` : undefined;
}

/**
 * True when the condition is false for a request without the key: a plain or `ForAnyValue:`
 * comparison, or `Null` with "false". Negated operators, `...IfExists`, `ForAllValues:` and
 * `Null` with "true" hold when the key is absent, so the statement still applies.
 */
function failsWithoutKey(entry: ConditionEntry): boolean {
  const parsed = entry.parsed;
  if (!parsed || parsed.ifExists || parsed.prefix === 'ForAllValues') return false;
  if (parsed.base.family === 'Null') return entry.values.length > 0 && entry.values.every((v) => v.text.toLowerCase() === 'false');
  return parsed.prefix === 'ForAnyValue' || !parsed.base.negated;
}

/** A list of names for a message: `'a'`, `'a' and 'b'`, `'a', 'b' and 2 more`. */
function nameList(names: readonly string[]): string {
  const quoted = names.slice(0, 3).map((n) => `'${n}'`);
  if (names.length > 3) return `${quoted.join(', ')} and ${names.length - 3} more`;
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : quoted[0];
}

/**
 * What one Action list is found to support, shared by the statements that write the same list
 * (a generated document repeats one list thousands of times): each key judged once per list.
 */
interface ActionListFacts {
  /** Each written action with the actions it stands for; undefined when the rule stays silent. */
  readonly items: readonly WrittenAction[] | undefined;
  readonly actions: readonly ActionInfo[];
  readonly services: ReadonlySet<string>;
  /** Per lower-cased key: whether some action of the list supports it. */
  readonly supports: Map<string, boolean>;
  /** Per lower-cased key: the written actions none of whose actions supports it. */
  readonly keyGaps: Map<string, readonly string[]>;
  /** Per tag key family: the services of the list none of whose actions supports it. */
  readonly tagGaps: Map<string, readonly string[]>;
}

/** One item of an Action list as written (`s3:Get*`) and the catalogue's actions it matches. */
interface WrittenAction {
  readonly written: string;
  readonly actions: readonly ActionInfo[];
}

/** The services of the actions none of whose actions (in the list) supports the key. */
function servicesWithout(catalog: Catalog, actions: readonly ActionInfo[], key: string): string[] {
  const supported = new Map<string, boolean>();
  for (const action of actions) {
    if (supported.get(action.service)) continue;
    supported.set(action.service, keysSupportedBy(catalog, action).has(key));
  }
  return [...supported].filter(([, yes]) => !yes).map(([service]) => service);
}

/**
 * The actions a statement grants or denies, per written item, wildcards expanded; undefined when
 * that set is open-ended or unknown (NotAction, `*`, unknown actions), where the rule stays silent.
 */
function statementActions(catalog: Catalog, statement: StatementModel): WrittenAction[] | undefined {
  if (statement.notAction || !statement.action || statement.action.items.length === 0 || statement.action.invalid.length > 0) return undefined;
  const result: WrittenAction[] = [];
  for (const item of statement.action.items) {
    if (item.value === '*' || item.value.startsWith('*')) return undefined;
    const matched = catalog.matchActions(item.value);
    if (matched.length === 0) return undefined;
    result.push({ written: item.value, actions: matched });
  }
  return result;
}

/**
 * The written actions that never carry a key that other actions of the statement carry. Only
 * keys of resources (and the well-known narrow request keys) are judged: a request key of a service
 * may be in the context of another action that one of its operations authorizes too (AWS's own
 * policies allow `redshift-serverless:GetManagedWorkgroup` under `redshift-data:glue-catalog-arn`),
 * and the catalogue does not tell which. Within the key's service, an action the catalogue lists
 * no key of that service for is not judged either. A wildcard counts as one item: `ec2:*Instances`
 * under `ec2:ResourceTag/...` narrows the wildcard to the actions on instances, as its author
 * means, and is named only when no action it matches carries the key.
 */
function itemsWithout(catalog: Catalog, items: readonly WrittenAction[], service: string, key: string): string[] {
  if (!NARROW_REQUEST_KEYS.has(key) && !serviceKeys(catalog, service).ofResourcesOnly.has(key)) return [];
  const prefix = key.slice(0, key.indexOf(':'));
  const lacks = (a: ActionInfo) => !keysSupportedBy(catalog, a).has(key) && (a.service !== service || !listsNoKeyOf(catalog, a, prefix));
  return [...new Set(items.filter((i) => i.actions.every(lacks)).map((i) => i.written))];
}

/**
 * `condition-key-not-applicable`: a service condition key that none of the statement's
 * actions supports, neither directly nor through the resource types they accept. The
 * request never carries the key, so in an Allow the statement grants nothing and in a Deny
 * it denies nothing (unless an `...IfExists` or negated operator makes absence match).
 * Keys that the service authorization reference lists on no action at all (service-wide
 * keys) are not judged, nor, because the per-action lists have gaps, keys of a service the
 * statement has actions of (except the S3 list and PassRole keys): the rule targets keys of another
 * service, such as `ec2:InstanceType` on `s3:GetObject`.
 *
 * A key that only some of the actions support is reported too, naming the others, under an
 * operator that fails when the key is absent (see below): the statement never applies to them,
 * as `s3:GetObject` next to `s3:ListBucket` under `s3:prefix`. There only keys the catalogue
 * ties to resources and the narrow request keys above are judged (`itemsWithout`).
 *
 * The global tag keys (`aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:TagKeys`) are judged per
 * service, as Access Analyzer does (ALLOW_ and DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE):
 * the services of the statement none of whose actions supports the key are named. Only under an
 * operator that fails when the key is absent (not negated, no IfExists, no ForAllValues, Null
 * "false"), where the statement then never applies to them: an Allow never grants them, a Deny
 * never denies them. With NotAction, some covered actions always lack the key, so a Deny or
 * Allow with NotAction and such a condition is reported too (the _NOTACTION_ variants).
 */
export const conditionKeyNotApplicable: Rule = {
  code: 'condition-key-not-applicable',
  defaultSeverity: 'warning',
  description: 'Some or all of the statement\'s actions never carry this condition key (a service key they do not support, or a tag key one of its services lacks), so the condition cannot test it for them.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "ec2:InstanceType": "t3.micro" } } }',
    good: '{ "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": { "StringEquals": { "ec2:InstanceType": "t3.micro" } } }',
  },
  check({ policy, catalog }, report) {
    const lists = new Map<string, ActionListFacts>();
    for (const statement of policy.statements) {
      const all = conditionEntries(statement);
      if (all.length === 0) continue;
      const entries = all.filter((e) => !e.key.toLowerCase().startsWith('aws:'));
      const tagEntries = all.filter((e) => tagKeyFamily(e.key) !== undefined && failsWithoutKey(e));
      if (entries.length === 0 && tagEntries.length === 0) continue;
      const effect = statement.effect?.value;
      const verb = effect === 'Deny' ? 'this Deny never denies' : effect === 'Allow' ? 'this Allow never grants' : undefined;
      if (statement.notAction && verb) {
        // Every NotAction list leaves in actions of services that have no tags.
        for (const entry of tagEntries) {
          report(entry.keyNode, `With NotAction the statement covers actions that never carry '${entry.key}', and ${verb} them: list the actions in Action instead.`);
        }
        continue;
      }
      const written = statement.action?.items.map((i) => i.value) ?? [];
      // Whatever else decides `statementActions` is part of the key.
      const listKey = `${statement.notAction ? 'not' : ''}:${statement.action?.invalid.length ?? 0}:${written.join('\u0000')}`;
      let facts = lists.get(listKey);
      if (!facts) {
        const items = statementActions(catalog, statement);
        const actions = items?.flatMap((i) => i.actions) ?? [];
        lists.set(listKey, (facts = { items, actions, services: new Set(actions.map((a) => a.service)), supports: new Map(), keyGaps: new Map(), tagGaps: new Map() }));
      }
      const { items, actions, services, supports, keyGaps, tagGaps } = facts;
      if (!items) continue;
      for (const entry of verb ? tagEntries : []) {
        const family = tagKeyFamily(entry.key) ?? '';
        let gaps = tagGaps.get(family);
        if (!gaps) tagGaps.set(family, (gaps = servicesWithout(catalog, actions, family)));
        if (gaps.length === 0) continue;
        const whose = gaps.length === services.size ? 'the actions of this statement' : `the ${nameList(gaps)} actions of this statement`;
        report(entry.keyNode, `'${entry.key}' is never in the request for ${whose}, so ${verb} them: move them to a statement without this condition.`);
      }
      let list: string | undefined;
      for (const entry of entries) {
        const info = conditionKeyInfo(catalog, entry.key);
        if (!info || info.service === 'aws') continue;
        const key = info.key.toLowerCase();
        if (!serviceKeys(catalog, info.service).listed.has(key)) continue;
        let supported = supports.get(key);
        if (supported === undefined) supports.set(key, (supported = actions.some((a) => keysSupportedBy(catalog, a).has(key))));
        if (supported) {
          // Some actions carry the key: the others never match this condition.
          if (!verb || !failsWithoutKey(entry)) continue;
          let gaps = keyGaps.get(key);
          if (!gaps) keyGaps.set(key, (gaps = itemsWithout(catalog, items, info.service, key)));
          if (gaps.length === 0) continue;
          const them = gaps.length === 1 ? 'it' : 'them';
          report(entry.keyNode, `'${entry.key}' is never in the request for ${nameList(gaps)}, so ${verb} ${them}: move ${them} to a statement without this condition.`);
          continue;
        }
        // Within one service the per-action key lists have gaps (AWS's own policies use
        // aws-marketplace:ProductId on Subscribe), so only well-known cases are judged there.
        if (services.has(info.service) && !NARROW_REQUEST_KEYS.has(key)) continue;
        if (list === undefined) {
          const names = [...new Set(written)];
          list = names.length <= 3 ? names.map((n) => `'${n}'`).join(', ') : `${names.length} actions`;
        }
        report(entry.keyNode, `'${entry.key}' is not supported by ${list}: the request never carries it, so this condition never matches.`);
      }
    }
  },
};
