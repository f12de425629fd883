import { ACCESS_LEVELS, type AccessLevel, type ActionInfo, type Catalog } from '../catalog/types';
import { retiredService } from '../data/retiredServices';
import { suggestActions, suggestServicePrefixes } from '../util/suggest';
import { escalationActions, escalationNote } from './escalation';
import { code, compose, cut, md, plural, serviceReferenceLink } from './format';

const MAX_KEYS = 20;
const MAX_PER_LEVEL = 5;
/** Write and Permissions management change things; the hover calls them out. */
const DANGEROUS_LEVELS: readonly AccessLevel[] = ['Write', 'Permissions management'];

/** Markdown describing one action: description, access level, resource types, condition keys. */
export function actionHover(action: ActionInfo, catalog: Catalog): string {
  const service = catalog.getService(action.service)!;
  const resources: string[] = [];
  if (action.resourceTypes.length > 0) {
    resources.push('**Resource types**', '');
    for (const rt of action.resourceTypes) {
      const arn = service.getResourceType(rt.name)?.arn;
      resources.push(`- \`${rt.name}\`${rt.required ? ' (required)' : ''}${arn ? `: \`${arn}\`` : ''}`);
    }
  } else {
    resources.push('**Resource types**: none; this action only takes `"Resource": "*"`.');
  }
  const keys = action.conditionKeys.map((k) => `\`${k}\``);
  return compose(catalog, [
    `**${action.fullName}** · ${action.accessLevel}`,
    md(action.description),
    resources.join('\n'),
    keys.length > 0 && `**Condition keys**: ${cut(keys, MAX_KEYS)}`,
    escalationNote(action),
    action.dependentActions.length > 0 && `**Dependent actions**: ${action.dependentActions.map((a) => `\`${a}\``).join(', ')}`,
    serviceReferenceLink(catalog, action.service),
  ]);
}

/** Actions grouped by access level, in the catalogue's level order. */
export function byAccessLevel(actions: Iterable<ActionInfo>): Map<AccessLevel, ActionInfo[]> {
  const groups = new Map<AccessLevel, ActionInfo[]>(ACCESS_LEVELS.map((l) => [l, []]));
  for (const a of actions) groups.get(a.accessLevel)!.push(a);
  return groups;
}

const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/** One line per non-empty access level: `- ⚠ **Write**: 42`. */
export function accessLevelLines(groups: Map<AccessLevel, readonly ActionInfo[]>, withNames: boolean): string[] {
  const lines: string[] = [];
  for (const [level, actions] of groups) {
    if (actions.length === 0) continue;
    const flag = DANGEROUS_LEVELS.includes(level) ? '⚠ ' : '';
    // Alphabetical, as the reference lists them: the catalogue's order is not (EC2 lists newer actions first).
    const sorted = withNames ? actions.map((a) => a.fullName).sort(byName) : [];
    const names = withNames ? `: ${cut(sorted.map((n) => `\`${n}\``), MAX_PER_LEVEL)}` : '';
    lines.push(`- ${flag}**${level}** (${actions.length.toLocaleString('en-US')})${names}`);
  }
  return lines;
}

// Hover text of a wildcard depends only on the pattern; `*` groups 20,000 actions, so cache it.
const wildcardCache = new WeakMap<Catalog, Map<string, string>>();

/** Markdown for an action pattern with wildcards: how many actions by access level, dangerous ones called out. */
export function wildcardHover(pattern: string, catalog: Catalog): string {
  let cache = wildcardCache.get(catalog);
  if (!cache) wildcardCache.set(catalog, (cache = new Map()));
  // Keyed by the exact spelling, which the hover shows; matchActions shares the work across spellings.
  const key = pattern;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const value = buildWildcardHover(pattern, catalog);
  if (cache.size > 1000) cache.clear();
  cache.set(key, value);
  return value;
}

function buildWildcardHover(pattern: string, catalog: Catalog): string {
  const actions = catalog.matchActions(pattern);
  if (actions.length === 0) {
    return compose(catalog, [`${code(pattern)} matches no known action.`]);
  }
  const services = [...new Set(actions.map((a) => a.service))];
  const groups = byAccessLevel(actions);
  const scope = services.length === 1 ? ` of ${md(catalog.serviceName(services[0]) ?? services[0])}` : ` in ${plural(services.length, 'service')}`;
  const dangerous = DANGEROUS_LEVELS.map((l) => [l, groups.get(l)!.length] as const).filter(([, n]) => n > 0);
  const warning =
    dangerous.length > 0 &&
    `⚠ Includes ${dangerous.map(([l, n]) => `${n.toLocaleString('en-US')} ${l}`).join(' and ')} ${dangerous.reduce((s, [, n]) => s + n, 0) === 1 ? 'action' : 'actions'}` +
      (groups.get('Permissions management')!.length > 0 ? ', which can change who has access to what.' : '.');
  // Names help for a handful of services; for `*` or `*:Get*` counts say more than a sample.
  const withNames = services.length <= 3;
  return compose(catalog, [
    `${code(pattern)} matches **${plural(actions.length, 'action')}**${scope}`,
    accessLevelLines(groups, withNames).join('\n'),
    warning,
    escalationActions(actions),
    services.length === 1 ? serviceReferenceLink(catalog, services[0]) : `Services: ${cut(services.map((s) => `\`${s}\``), 10)}`,
  ]);
}

/** Markdown for the service prefix part of an action (`s3` in `s3:GetObject`). */
export function serviceHover(prefix: string, catalog: Catalog): string | undefined {
  const service = catalog.getService(prefix);
  if (!service) return undefined;
  const groups = byAccessLevel(service.actions);
  return compose(catalog, [
    `**${md(service.name)}** · service prefix \`${service.prefix}\``,
    `${plural(service.actions.length, 'action')}, ${plural(service.resourceTypes.length, 'resource type')}, ${plural(service.conditionKeys.length, 'condition key')}`,
    accessLevelLines(groups, false).join('\n'),
    serviceReferenceLink(catalog, service.prefix),
  ]);
}

/** `in the IAM data (2026-09-23)`: the answer depends on how recent the data is. */
function inTheData(catalog: Catalog): string {
  const date = catalog.source.updatedAt.slice(0, 10);
  return `in the IAM data${date ? ` (${date})` : ''}`;
}

const didYouMean = (names: readonly string[]) => names.length > 0 && `Did you mean ${names.map((n) => code(n)).join(', ')}?`;

/**
 * Markdown for an action that is not in the catalogue: its service's closest actions (as the
 * `unknown-action` diagnostic suggests them) or, for an unknown service, the closest prefixes.
 */
export function unknownActionHover(value: string, catalog: Catalog): string | undefined {
  const colon = value.indexOf(':');
  const prefix = value.slice(0, colon);
  if (colon <= 0 || /[*?]/.test(prefix)) return undefined;
  const name = value.slice(colon + 1);
  const service = catalog.getService(prefix);
  if (service) {
    // A pattern that matches nothing is the wildcard hover's to explain.
    if (name === '' || /[*?]/.test(name)) return undefined;
    const close = suggestActions(service, name);
    return compose(catalog, [
      `**${code(value)}** · unknown action`,
      `${md(service.name)} has no action ${code(name)} ${inTheData(catalog)}.`,
      didYouMean(close),
      serviceReferenceLink(catalog, service.prefix),
    ]);
  }
  const retired = retiredService(prefix);
  if (retired) {
    return compose(catalog, [
      `**${code(value)}** · discontinued service`,
      `${code(prefix)} is the prefix of ${md(retired)}. The IAM reference no longer lists it; its actions grant nothing.`,
    ]);
  }
  const close = suggestServicePrefixes(catalog, prefix);
  return compose(catalog, [
    `**${code(value)}** · unknown service prefix`,
    `${code(prefix)} is not a service prefix ${inTheData(catalog)}, which leaves out retired services.`,
    didYouMean(close.map((p) => (name ? `${p}:${name}` : p))),
    close.length > 0 && serviceReferenceLink(catalog, close[0]),
  ]);
}
