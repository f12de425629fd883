// What a policy grants, as (action, resource type) pairs: refactorings that narrow or split
// a statement must keep exactly these.
import { catalog, doc, service } from './core';

const regExps = new Map<string, RegExp>();

/** Whether an ARN fits a template: a `${Name}` part matches any text, the rest literally. */
function fits(arn: string, template: string): boolean {
  let re = regExps.get(template);
  if (!re) {
    re = new RegExp(`^${template.split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^()[\]{}|\\$]/g, '\\$&')).join('.+')}$`);
    regExps.set(template, re);
  }
  return re.test(arn);
}

/**
 * The (action, resource type) pairs the Allow statements of a policy grant, sorted: a pair
 * counts when the statement's Resource is `*` or holds an ARN of that type's template. Actions
 * that only accept `*` count as (action, *) when the Resource holds `*`.
 */
export function grantedPairs(text: string): string[] {
  const pairs = new Set<string>();
  for (const statement of service.parsePolicy(doc(text)).statements) {
    if (statement.effect?.value !== 'Allow') continue;
    const resources = statement.resource?.items.map((i) => i.value) ?? [];
    for (const item of statement.action?.items ?? []) {
      for (const action of catalog.matchActions(item.value)) {
        const svc = catalog.getService(action.service)!;
        if (action.resourceTypes.length === 0 && resources.includes('*')) pairs.add(`${action.fullName} *`);
        for (const ref of action.resourceTypes) {
          const type = svc.getResourceType(ref.name);
          if (type && resources.some((r) => r === '*' || fits(r, type.arn))) pairs.add(`${action.fullName} ${type.name}`);
        }
      }
    }
  }
  return [...pairs].sort();
}
