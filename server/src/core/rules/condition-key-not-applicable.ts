import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementModel } from '../policy';
import { conditionEntries, conditionKeyInfo } from '../semantics/conditionItems';
import type { Rule } from './rule';

/** Keys whose narrow scope is documented and commonly misused: S3 list keys only apply to ListBucket*. */
const SAME_SERVICE_CHECKED: ReadonlySet<string> = new Set(['s3:prefix', 's3:delimiter', 's3:max-keys']);

/** Lower-cased keys that some action or resource type of a service lists, per catalogue. */
const listedKeys = new WeakMap<Catalog, Map<string, Set<string>>>();

function keysListedBy(catalog: Catalog, prefix: string): Set<string> {
  let byService = listedKeys.get(catalog);
  if (!byService) listedKeys.set(catalog, (byService = new Map()));
  let keys = byService.get(prefix);
  if (keys) return keys;
  keys = new Set();
  const service = catalog.getService(prefix);
  for (const action of service?.actions ?? []) {
    for (const k of action.conditionKeys) keys.add(k.toLowerCase());
    for (const rt of action.resourceTypes) for (const k of rt.conditionKeys) keys.add(k.toLowerCase());
  }
  for (const rt of service?.resourceTypes ?? []) for (const k of rt.conditionKeys) keys.add(k.toLowerCase());
  byService.set(prefix, keys);
  return keys;
}

/** Lower-cased keys that an action, or one of the resource types it accepts, lists; read once per action. */
const supportedKeys = new WeakMap<ActionInfo, Set<string>>();

function keysSupportedBy(catalog: Catalog, action: ActionInfo): Set<string> {
  let keys = supportedKeys.get(action);
  if (keys) return keys;
  keys = new Set(action.conditionKeys.map((k) => k.toLowerCase()));
  const service = catalog.getService(action.service);
  for (const rt of action.resourceTypes) {
    for (const k of rt.conditionKeys) keys.add(k.toLowerCase());
    for (const k of service?.getResourceType(rt.name)?.conditionKeys ?? []) keys.add(k.toLowerCase());
  }
  supportedKeys.set(action, keys);
  return keys;
}

/**
 * What one Action list is found to support, shared by the statements that write the same list
 * (a generated document repeats one list thousands of times): each key judged once per list.
 */
interface ActionListFacts {
  readonly actions: readonly ActionInfo[] | undefined;
  readonly services: ReadonlySet<string>;
  /** Per lower-cased key: whether some action of the list supports it. */
  readonly supports: Map<string, boolean>;
}

/**
 * The actions a statement grants or denies, wildcards expanded; undefined when that set is
 * open-ended or unknown (NotAction, `*`, unknown actions), where the rule stays silent.
 */
function statementActions(catalog: Catalog, statement: StatementModel): ActionInfo[] | undefined {
  if (statement.notAction || !statement.action || statement.action.items.length === 0 || statement.action.invalid.length > 0) return undefined;
  const result: ActionInfo[] = [];
  for (const item of statement.action.items) {
    if (item.value === '*' || item.value.startsWith('*')) return undefined;
    const matched = catalog.matchActions(item.value);
    if (matched.length === 0) return undefined;
    for (const action of matched) result.push(action);
  }
  return result;
}

/**
 * `condition-key-not-applicable`: a service condition key that none of the statement's
 * actions supports, neither directly nor through the resource types they accept. The
 * request never carries the key, so in an Allow the statement grants nothing and in a Deny
 * it denies nothing (unless an `...IfExists` or negated operator makes absence match).
 * Keys that the service authorization reference lists on no action at all (service-wide
 * keys) are not judged, nor, because the per-action lists have gaps, keys of a service the
 * statement has actions of (except the S3 list keys): the rule targets keys of another
 * service, such as `ec2:InstanceType` on `s3:GetObject`.
 */
export const conditionKeyNotApplicable: Rule = {
  code: 'condition-key-not-applicable',
  defaultSeverity: 'warning',
  description: 'None of the statement\'s actions supports this service condition key, so the request never carries it.',
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "ec2:InstanceType": "t3.micro" } } }',
    good: '{ "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": { "StringEquals": { "ec2:InstanceType": "t3.micro" } } }',
  },
  check({ policy, catalog }, report) {
    const lists = new Map<string, ActionListFacts>();
    for (const statement of policy.statements) {
      const entries = conditionEntries(statement).filter((e) => !e.key.toLowerCase().startsWith('aws:'));
      if (entries.length === 0) continue;
      const written = statement.action?.items.map((i) => i.value) ?? [];
      // Whatever else decides `statementActions` is part of the key.
      const listKey = `${statement.notAction ? 'not' : ''}:${statement.action?.invalid.length ?? 0}:${written.join('\u0000')}`;
      let facts = lists.get(listKey);
      if (!facts) {
        const actions = statementActions(catalog, statement);
        lists.set(listKey, (facts = { actions, services: new Set(actions?.map((a) => a.service)), supports: new Map() }));
      }
      const { actions, services, supports } = facts;
      if (!actions) continue;
      let list: string | undefined;
      for (const entry of entries) {
        const info = conditionKeyInfo(catalog, entry.key);
        if (!info || info.service === 'aws') continue;
        const key = info.key.toLowerCase();
        if (!keysListedBy(catalog, info.service).has(key)) continue;
        let supported = supports.get(key);
        if (supported === undefined) supports.set(key, (supported = actions.some((a) => keysSupportedBy(catalog, a).has(key))));
        if (supported) continue;
        // Within one service the per-action key lists have gaps (AWS's own policies use
        // aws-marketplace:ProductId on Subscribe), so only well-known cases are judged there.
        if (services.has(info.service) && !SAME_SERVICE_CHECKED.has(key)) continue;
        if (list === undefined) {
          const names = [...new Set(written)];
          list = names.length <= 3 ? names.map((n) => `'${n}'`).join(', ') : `${names.length} actions`;
        }
        report(entry.keyNode, `'${entry.key}' is not supported by ${list}: the request never carries it, so this condition never matches.`);
      }
    }
  },
};
