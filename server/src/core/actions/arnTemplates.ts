import type { ActionInfo, Catalog, ResourceTypeInfo } from '../catalog/types';
import type { ArnDefaults } from '../semantics/arnDefaults';

/**
 * An ARN template with the known parts filled in. Other variable parts stay as readable
 * `${BucketName}` placeholders, or become `*` with `wildcards` (an ARN pattern that is valid
 * as it stands and still limited to the resource type).
 */
export function fillTemplate(template: string, defaults: ArnDefaults, wildcards = false): string {
  const known: Record<string, string | undefined> = {
    Partition: defaults.partition,
    Region: defaults.region,
    Account: defaults.account,
  };
  return template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => known[name] ?? (wildcards ? '*' : whole));
}

/** The resource types an action accepts, resolved in its service; empty when it only accepts `*`. */
export function resourceTypesOf(catalog: Catalog, action: ActionInfo): ResourceTypeInfo[] {
  const service = catalog.getService(action.service);
  const out: ResourceTypeInfo[] = [];
  for (const ref of action.resourceTypes) {
    const type = service?.getResourceType(ref.name);
    if (type && !out.includes(type)) out.push(type);
  }
  return out;
}

/**
 * The actions an `Action` item stands for, or undefined when the refactorings should not
 * touch it: unknown names, and service wildcards (`*`, `s*:Get*`) that reach every service.
 */
export function expandActionItem(catalog: Catalog, value: string): readonly ActionInfo[] | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || /[*?]/.test(value.slice(0, colon))) return undefined;
  const actions = catalog.matchActions(value);
  return actions.length > 0 ? actions : undefined;
}

/** `s3:object`: a resource type named with its service, as titles show it. */
export const typeLabel = (type: ResourceTypeInfo) => `${type.service}:${type.name}`;

/** Titles list a few resource types and count the rest. */
export function typeList(types: readonly ResourceTypeInfo[], max = 3): string {
  const names = types.map(typeLabel);
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
