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

/** True when the action, or one of the resource types it accepts, lists the key. */
function supports(catalog: Catalog, action: ActionInfo, key: string): boolean {
  if (action.conditionKeys.some((k) => k.toLowerCase() === key)) return true;
  const service = catalog.getService(action.service);
  return action.resourceTypes.some(
    (rt) =>
      rt.conditionKeys.some((k) => k.toLowerCase() === key) ||
      (service?.getResourceType(rt.name)?.conditionKeys ?? []).some((k) => k.toLowerCase() === key),
  );
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
    for (const statement of policy.statements) {
      const entries = conditionEntries(statement).filter((e) => !e.key.toLowerCase().startsWith('aws:'));
      if (entries.length === 0) continue;
      const actions = statementActions(catalog, statement);
      if (!actions) continue;
      for (const entry of entries) {
        const info = conditionKeyInfo(catalog, entry.key);
        if (!info || info.service === 'aws') continue;
        const key = info.key.toLowerCase();
        if (!keysListedBy(catalog, info.service).has(key)) continue;
        if (actions.some((a) => supports(catalog, a, key))) continue;
        // Within one service the per-action key lists have gaps (AWS's own policies use
        // aws-marketplace:ProductId on Subscribe), so only well-known cases are judged there.
        if (actions.some((a) => a.service === info.service) && !SAME_SERVICE_CHECKED.has(key)) continue;
        const names = [...new Set(statement.action!.items.map((i) => i.value))];
        const list = names.length <= 3 ? names.map((n) => `'${n}'`).join(', ') : `${names.length} actions`;
        report(entry.keyNode, `'${entry.key}' is not supported by ${list}: the request never carries it, so this condition never matches.`);
      }
    }
  },
};
