import {
  ACCESS_LEVELS,
  CATALOG_FORMAT,
  type ActionInfo,
  type Catalog,
  type CatalogCounts,
  type CatalogSource,
  type ConditionKeyInfo,
  type ResourceTypeInfo,
  type ServiceInfo,
} from './types';
import { WildcardPattern } from '../semantics/wildcard';

type RawAction = [string, number, string, [string, 0 | 1, string[], string[]][], string[], string[]];
interface RawDetail {
  a: RawAction[];
  r: [string, string, string[]][];
  c: [string, string, string][];
}
/** The header line of the generated catalogue (format 3, see scripts/build-catalog.mjs). */
interface RawCatalog {
  format: number;
  source: CatalogSource;
  counts: CatalogCounts;
  /** Name, and offset and length of the service's detail JSON after the header line. */
  services: Record<string, { n: string; o: number; l: number }>;
  globalKeys: [string, string, string, string][];
  keyPrefixes: Record<string, string[]>;
  servicePrincipals?: string[];
  /** ARN namespace (lower case) → the ARN templates of every service's resource types in it. */
  arnTemplates: Record<string, string[]>;
}


/**
 * Parses the generated catalogue text: only its header line now, each service's detail on
 * first use (start-up time and memory grow with the services a policy names, not with AWS).
 */
export function loadCatalog(text: string): Catalog {
  const newline = text.indexOf('\n');
  const raw = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as RawCatalog;
  if (raw.format !== CATALOG_FORMAT || newline < 0) throw new Error(`unsupported IAM catalogue format ${raw.format}`);
  return new CatalogImpl(raw, text, newline + 1);
}

const WILDCARD = /[*?]/;

const own = <T>(map: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;

/**
 * The placeholders the reference uses in key names: `${TagKey}` mostly, but S3 writes
 * `s3:ExistingObjectTag/<key>` and a few services end a key in `/tag-key`.
 */
const KEY_PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/;

/** Converts a documented key template (`aws:RequestTag/${TagKey}`) to a RegExp. */
function keyTemplateToRegExp(template: string): RegExp {
  const parts = template.split(KEY_PLACEHOLDER);
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${body}$`, 'i');
}

class ServiceImpl implements ServiceInfo {
  readonly actions: readonly ActionInfo[];
  readonly resourceTypes: readonly ResourceTypeInfo[];
  readonly conditionKeys: readonly ConditionKeyInfo[];
  /** Each action's name in lower case, in the order of `actions`: what wildcards are matched against. */
  readonly lowerNames: readonly string[];
  private readonly actionIndex = new Map<string, ActionInfo>();
  private readonly resourceIndex = new Map<string, ResourceTypeInfo>();

  constructor(
    readonly prefix: string,
    readonly name: string,
    detail: RawDetail,
  ) {
    this.actions = detail.a.map(([actionName, level, description, rts, keys, deps]) => ({
      service: prefix,
      name: actionName,
      fullName: `${prefix}:${actionName}`,
      description,
      accessLevel: ACCESS_LEVELS[level] ?? 'Write',
      resourceTypes: rts.map(([rt, required, rtKeys, rtDeps]) => ({
        name: rt,
        required: required === 1,
        conditionKeys: rtKeys,
        dependentActions: rtDeps,
      })),
      conditionKeys: keys,
      dependentActions: deps,
    }));
    this.lowerNames = this.actions.map((a) => a.name.toLowerCase());
    this.lowerNames.forEach((name, i) => this.actionIndex.set(name, this.actions[i]));
    this.resourceTypes = detail.r.map(([rt, arn, keys]) => ({ service: prefix, name: rt, arn, conditionKeys: keys }));
    for (const r of this.resourceTypes) this.resourceIndex.set(r.name.toLowerCase(), r);
    this.conditionKeys = detail.c.map(([key, type, description]) => ({ key, type, description, service: prefix }));
  }

  getAction(actionName: string): ActionInfo | undefined {
    return this.actionIndex.get(actionName.toLowerCase());
  }

  getResourceType(rtName: string): ResourceTypeInfo | undefined {
    return this.resourceIndex.get(rtName.toLowerCase());
  }
}

class CatalogImpl implements Catalog {
  readonly source: CatalogSource;
  readonly counts: CatalogCounts;
  readonly servicePrefixes: readonly string[];
  readonly globalConditionKeys: readonly ConditionKeyInfo[];
  readonly servicePrincipals: readonly string[];
  private readonly services = new Map<string, ServiceImpl>();
  private readonly matchCache = new Map<string, readonly ActionInfo[]>();
  private readonly keyIndexes = new Map<string, { exact: Map<string, ConditionKeyInfo>; patterns: [RegExp, ConditionKeyInfo][] }>();

  constructor(
    private readonly raw: RawCatalog,
    private readonly text: string,
    private readonly detailsStart: number,
  ) {
    this.source = raw.source;
    this.counts = raw.counts;
    this.servicePrefixes = Object.keys(raw.services).sort();
    this.servicePrincipals = raw.servicePrincipals ?? [];
    this.globalConditionKeys = raw.globalKeys.map(([key, type, description]) => ({ key, type, description, service: 'aws' }));
  }

  templatesForNamespace(namespace: string): readonly string[] {
    return own(this.raw.arnTemplates, namespace) ?? own(this.raw.arnTemplates, namespace.toLowerCase()) ?? [];
  }

  serviceName(prefix: string): string | undefined {
    return own(this.raw.services, prefix.toLowerCase())?.n;
  }

  getService(prefix: string): ServiceImpl | undefined {
    // Prefixes are nearly always written in lower case: look up as written before lower-casing
    // (a new string per call, which the rules make hundreds of thousands of on a repository).
    let service = this.services.get(prefix);
    if (service) return service;
    const key = prefix.toLowerCase();
    service = this.services.get(key);
    if (service) return service;
    // Path safety: only own keys of the generated map are ever looked up; there are no files.
    const entry = own(this.raw.services, key);
    if (!entry) return undefined;
    const start = this.detailsStart + entry.o;
    service = new ServiceImpl(key, entry.n, JSON.parse(this.text.slice(start, start + entry.l)) as RawDetail);
    this.services.set(key, service);
    return service;
  }

  getAction(fullName: string): ActionInfo | undefined {
    const colon = fullName.indexOf(':');
    if (colon <= 0) return undefined;
    return this.getService(fullName.slice(0, colon))?.getAction(fullName.slice(colon + 1));
  }

  matchActions(pattern: string): readonly ActionInfo[] {
    // Cached under the pattern as written and lower-cased, so that a repeated lookup of the same
    // entry (every rule asks) neither lower-cases nor hashes a new string.
    const hit = this.matchCache.get(pattern);
    if (hit) return hit;
    const cacheKey = pattern.toLowerCase();
    const cached = this.matchCache.get(cacheKey);
    if (cached) {
      this.matchCache.set(pattern, cached);
      return cached;
    }
    let result: readonly ActionInfo[] = [];
    if (pattern === '*') {
      result = this.servicePrefixes.flatMap((p) => this.getService(p)!.actions);
    } else {
      const colon = cacheKey.indexOf(':');
      if (colon > 0) result = this.matchUncached(cacheKey.slice(0, colon), cacheKey.slice(colon + 1));
    }
    // Linting a whole repository meets thousands of distinct patterns; the results share ActionInfos.
    if (this.matchCache.size > 50000) this.matchCache.clear();
    this.matchCache.set(cacheKey, result);
    this.matchCache.set(pattern, result);
    return result;
  }

  /** Both parts lower-cased. */
  private matchUncached(servicePart: string, actionPart: string): readonly ActionInfo[] {
    let prefixes = [servicePart];
    if (WILDCARD.test(servicePart)) {
      const serviceRe = new WildcardPattern(servicePart, false);
      prefixes = this.servicePrefixes.filter((p) => serviceRe.test(p));
    }
    const plain = !WILDCARD.test(actionPart);
    // `Get*`, the common shape, is a prefix test; other wildcards need the RegExp.
    const star = actionPart.indexOf('*');
    const head = star === actionPart.length - 1 && !actionPart.includes('?') ? actionPart.slice(0, -1) : undefined;
    // Both sides are in lower case already: no case folding per comparison.
    const re = plain || head !== undefined ? undefined : new WildcardPattern(actionPart, false);
    const result: ActionInfo[] = [];
    for (const p of prefixes) {
      const service = this.getService(p);
      if (!service) continue;
      if (plain) {
        const a = service.getAction(actionPart);
        if (a) result.push(a);
      } else {
        const names = service.lowerNames;
        for (let i = 0; i < names.length; i++) if (head !== undefined ? names[i].startsWith(head) : re!.test(names[i])) result.push(service.actions[i]);
      }
    }
    return result;
  }

  findConditionKey(key: string): ConditionKeyInfo | undefined {
    const colon = key.indexOf(':');
    if (colon <= 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    const index = this.keyIndex(prefix);
    const lower = key.toLowerCase();
    return index.exact.get(lower) ?? index.patterns.find(([re]) => re.test(key))?.[1];
  }

  /** Index of the keys spelled with one prefix, gathered from the services that define them. */
  private keyIndex(prefix: string) {
    let index = this.keyIndexes.get(prefix);
    if (index) return index;
    index = { exact: new Map(), patterns: [] };
    const add = (info: ConditionKeyInfo) => {
      if (!info.key.toLowerCase().startsWith(`${prefix}:`)) return;
      if (KEY_PLACEHOLDER.test(info.key)) index!.patterns.push([keyTemplateToRegExp(info.key), info]);
      else if (!index!.exact.has(info.key.toLowerCase())) index!.exact.set(info.key.toLowerCase(), info);
    };
    if (prefix === 'aws') {
      for (const k of this.globalConditionKeys) add(k);
    } else {
      const services = own(this.raw.keyPrefixes, prefix) ?? [prefix];
      for (const s of services) for (const k of this.getService(s)?.conditionKeys ?? []) add(k);
    }
    this.keyIndexes.set(prefix, index);
    return index;
  }
}
