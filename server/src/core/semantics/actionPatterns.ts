import type { ActionInfo, Catalog } from '../catalog/types';
import type { Node } from 'jsonc-parser';
import type { StatementModel, ValueItem } from '../policy';

const WILDCARD = /[*?]/;

export const hasWildcard = (value: string): boolean => WILDCARD.test(value);

/**
 * True when every string matched by IAM pattern `inner` is also matched by `outer`
 * (case-insensitive; `*` any run, `?` one character). Sound for patterns on both sides:
 * a `*` of `inner` can only be absorbed by a `*` of `outer`, and `?` only by `?` or `*`.
 */
export function globCovers(outer: string, inner: string): boolean {
  return globCoversLower(outer.toLowerCase(), inner.toLowerCase());
}

/** The largest |outer| x |inner| that `globCoversLower` walks: far beyond any real pair of patterns. */
const MAX_COMPARE = 4_000_000;

/**
 * `globCovers` on lower-cased patterns. Iterative, without allocation: `*` of `outer` first
 * takes nothing and, on a later mismatch, one more character (only the last `*` needs
 * revisiting, as each one takes any run). A literal matches only the same character, so never
 * a wildcard of `inner`; `?` any one character but `*`.
 */
function globCoversLower(outer: string, inner: string): boolean {
  // Runs of stars are one star; the greedy walk below is |outer| x |inner| at worst, so two huge
  // hostile patterns are compared only when that stays bounded. "Not covered" is the cautious
  // answer (no redundancy claimed, nothing hidden).
  const o = outer.includes('**') ? outer.replace(/\*{2,}/g, '*') : outer;
  const i = inner.includes('**') ? inner.replace(/\*{2,}/g, '*') : inner;
  if (o === i) return true;
  if (o.length * i.length > MAX_COMPARE) return false;
  let p = 0;
  let q = 0;
  let star = -1;
  let mark = 0;
  while (q < i.length) {
    const pc = p < o.length ? o.charCodeAt(p) : -1;
    if (pc === 42) {
      star = p++;
      mark = q;
      continue;
    }
    const qc = i.charCodeAt(q);
    if (pc === 63 ? qc !== 42 : pc === qc && pc !== -1) {
      p++;
      q++;
      continue;
    }
    if (star < 0) return false;
    p = star + 1;
    q = ++mark;
  }
  while (p < o.length && o.charCodeAt(p) === 42) p++;
  return p === o.length;
}

/** `Allow` or `Deny` as written (exact case, as AWS requires), else undefined. */
export function effectOf(statement: StatementModel): 'Allow' | 'Deny' | undefined {
  const value = statement.effect?.value;
  return value === 'Allow' || value === 'Deny' ? value : undefined;
}

/** The statement's `Action` items with the catalogue actions each one matches. */
export function expandedActions(statement: StatementModel, catalog: Catalog): { item: ValueItem; actions: readonly ActionInfo[] }[] {
  return (statement.action?.items ?? []).map((item) => ({ item, actions: catalog.matchActions(item.value) }));
}

/** The distinct catalogue actions an `Action` list grants. */
export function distinctActions(statement: StatementModel, catalog: Catalog): ActionInfo[] {
  const seen = new Set<ActionInfo>();
  for (const { actions } of expandedActions(statement, catalog)) for (const a of actions) seen.add(a);
  return [...seen];
}

/** The `"*"` item of a Resource list, if any. */
export function starResource(statement: StatementModel): ValueItem | undefined {
  return statement.resource?.items.find((r) => r.value === '*');
}

/**
 * How an Allow statement grants one action on every resource without naming both (Access
 * Analyzer's "with NotAction" and "with NotResource" warnings): a `NotAction` that does not
 * exclude the action, on `"*"` (or a pattern that `everyResource` says matches every resource
 * of the action, `arn:*:*:*:*:*`) or with `NotResource` (reported on the NotAction key), or the
 * action named (not by `"*"` alone) with `NotResource` (on the NotResource key). Undefined otherwise.
 */
export function broadGrant(statement: StatementModel, action: string, everyResource?: (pattern: string) => boolean): { node: Node; how: 'NotAction' | 'NotResource'; roles: string } | undefined {
  const everywhere =
    starResource(statement) !== undefined || statement.notResource !== undefined || (everyResource !== undefined && statement.resource?.items.some((r) => everyResource(r.value)) === true);
  const notAction = statement.notAction;
  if (notAction && everywhere && !notAction.items.some((i) => globCovers(i.value, action)) && notAction.invalid.length === 0 && !notAction.computed) {
    return { node: notAction.property.children?.[0] ?? notAction.property, how: 'NotAction', roles: statement.notResource ? 'every role but those in NotResource' : 'any role' };
  }
  const notResource = statement.notResource;
  if (notResource && statement.action?.items.some((i) => i.value !== '*' && globCovers(i.value, action))) {
    return { node: notResource.property.children?.[0] ?? notResource.property, how: 'NotResource', roles: 'every role but those listed' };
  }
  return undefined;
}

/** The opening brace of a statement: where findings about the whole statement go. */
export function statementStart(statement: StatementModel): { offset: number; length: number } {
  return { offset: statement.node.offset, length: 1 };
}

/** Whether a statement has a key in any casing (so a misspelt `effect` is not also "missing"). */
export function hasKeyIgnoringCase(statement: StatementModel, ...keys: string[]): boolean {
  const wanted = keys.map((k) => k.toLowerCase());
  return (statement.node.children ?? []).some((p) => {
    const key = p.children?.[0]?.value;
    return typeof key === 'string' && wanted.includes(key.toLowerCase());
  });
}

/** The lowercased service part of an action pattern, or undefined when it has wildcards (matches any). */
function serviceKey(value: string): string | undefined {
  const colon = value.indexOf(':');
  const service = (colon < 0 ? value : value.slice(0, colon)).toLowerCase();
  return WILDCARD.test(service) ? undefined : service;
}

const NONE: readonly never[] = [];

/**
 * Action patterns indexed by service, so that "which entry covers this action" does not
 * compare every pair (AWS's ReadOnlyAccess lists thousands of entries).
 */
export class ActionPatternIndex<T extends { readonly value: string }> {
  private readonly byService = new Map<string, T[]>();
  private readonly anyService: T[] = [];
  /** Each entry's value lower-cased once, for `covering`. */
  private readonly lower = new Map<T, string>();

  constructor(items: Iterable<T>) {
    for (const item of items) {
      const key = serviceKey(item.value);
      if (key === undefined) this.anyService.push(item);
      else {
        const list = this.byService.get(key);
        if (list) list.push(item);
        else this.byService.set(key, [item]);
      }
    }
  }

  /**
   * The entries that cover `pattern` (`globCovers(entry, pattern)`), in the order of
   * `candidates`, each lower-cased once however many patterns it is tested against.
   */
  covering(pattern: string): readonly T[] {
    const inner = pattern.toLowerCase();
    let result: T[] | undefined;
    const key = serviceKey(pattern);
    if (key === undefined) {
      result = this.cover(this.anyService, inner, result);
      for (const list of this.byService.values()) result = this.cover(list, inner, result);
    } else {
      const own = this.byService.get(key);
      if (own) result = this.cover(own, inner, result);
      result = this.cover(this.anyService, inner, result);
    }
    return result ?? NONE;
  }

  private cover(list: readonly T[], inner: string, result: T[] | undefined): T[] | undefined {
    for (const item of list) {
      let outer = this.lower.get(item);
      if (outer === undefined) this.lower.set(item, (outer = item.value.toLowerCase()));
      if (globCoversLower(outer, inner)) (result ??= []).push(item);
    }
    return result;
  }

  /**
   * The entries whose service part could match the pattern's, in insertion order; at most
   * `limit` of them, so that a list of thousands of wildcards is not compared pair by pair.
   */
  candidates(pattern: string, limit = Infinity): T[] {
    const key = serviceKey(pattern);
    const lists = key === undefined ? [this.anyService, ...this.byService.values()] : [this.byService.get(key) ?? [], this.anyService];
    const out: T[] = [];
    for (const list of lists) {
      for (const item of list) {
        if (out.length >= limit) return out;
        out.push(item);
      }
    }
    return out;
  }
}
