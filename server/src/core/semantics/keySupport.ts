import type { ActionInfo, Catalog } from '../catalog/types';

/** The condition keys (lower case) that a service's data lists anywhere, and those it ties to resources only. */
interface ServiceKeys {
  readonly listed: ReadonlySet<string>;
  /**
   * Keys of the service's resources (`ec2:Vpc`, `dms:task-tag/${TagKey}`) that no action lists
   * without a resource type that carries them: present only for actions that act on such a
   * resource, which the resource-type lists tell reliably. The other keys come (at least for
   * some action) from request parameters, whose per-action lists have gaps.
   */
  readonly ofResourcesOnly: ReadonlySet<string>;
}

const serviceKeysCache = new WeakMap<Catalog, Map<string, ServiceKeys>>();

/** What the catalogue lists for a service prefix, read once per catalogue. */
export function serviceKeys(catalog: Catalog, prefix: string): ServiceKeys {
  let byService = serviceKeysCache.get(catalog);
  if (!byService) serviceKeysCache.set(catalog, (byService = new Map()));
  let keys = byService.get(prefix);
  if (keys) return keys;
  const listed = new Set<string>();
  const ofResources = new Set<string>();
  const ofRequests = new Set<string>();
  const service = catalog.getService(prefix);
  for (const rt of service?.resourceTypes ?? []) for (const k of rt.conditionKeys) ofResources.add(k.toLowerCase());
  for (const action of service?.actions ?? []) {
    const viaResources = new Set<string>();
    for (const rt of action.resourceTypes) {
      for (const k of rt.conditionKeys) viaResources.add(k.toLowerCase());
      for (const k of service?.getResourceType(rt.name)?.conditionKeys ?? []) viaResources.add(k.toLowerCase());
    }
    for (const k of viaResources) ofResources.add(k);
    for (const k of action.conditionKeys) if (!viaResources.has(k.toLowerCase())) ofRequests.add(k.toLowerCase());
  }
  for (const k of ofRequests) listed.add(k);
  for (const k of ofResources) listed.add(k);
  const ofResourcesOnly = new Set([...ofResources].filter((k) => !ofRequests.has(k)));
  byService.set(prefix, (keys = { listed, ofResourcesOnly }));
  return keys;
}

const supportedKeys = new WeakMap<ActionInfo, Set<string>>();

/**
 * Lower-cased keys that an action lists, or that a resource type it accepts lists (in the
 * action's row or in the service's resource-type table); read once per action.
 */
export function keysSupportedBy(catalog: Catalog, action: ActionInfo): ReadonlySet<string> {
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
 * True when the catalogue lists no key with this prefix (`deadline:`) for the action, directly or
 * through its resource types: about an action of the service that defines the keys, that is
 * silence rather than a "no" (`deadline:SearchWorkers` lists neither keys nor resource types,
 * yet AWS's own policies condition it on `deadline:FarmMembershipLevels`).
 */
export function listsNoKeyOf(catalog: Catalog, action: ActionInfo, prefix: string): boolean {
  const start = `${prefix.toLowerCase()}:`;
  for (const k of keysSupportedBy(catalog, action)) if (k.startsWith(start)) return false;
  return true;
}
