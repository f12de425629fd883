import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementModel, ValueItem } from '../policy';

const WILDCARD = /[*?]/;

export const hasWildcard = (value: string): boolean => WILDCARD.test(value);

/**
 * True when every string matched by IAM pattern `inner` is also matched by `outer`
 * (case-insensitive; `*` any run, `?` one character). Sound for patterns on both sides:
 * a `*` of `inner` can only be absorbed by a `*` of `outer`, and `?` only by `?` or `*`.
 */
export function globCovers(outer: string, inner: string): boolean {
  const o = outer.toLowerCase();
  const i = inner.toLowerCase();
  if (!WILDCARD.test(o)) return o === i;
  // Cheap rejection: the literal text before the first wildcard must agree.
  const head = o.search(WILDCARD);
  if (i.slice(0, head) !== o.slice(0, head)) return false;
  const memo = new Map<number, boolean>();
  const go = (p: number, q: number): boolean => {
    const key = p * (i.length + 1) + q;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (p === o.length) result = q === i.length;
    else if (o[p] === '*') result = go(p + 1, q) || (q < i.length && go(p, q + 1));
    else if (q === i.length) result = false;
    else if (o[p] === '?') result = i[q] !== '*' && go(p + 1, q + 1);
    else result = !WILDCARD.test(i[q]) && o[p] === i[q] && go(p + 1, q + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
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

/**
 * Action patterns indexed by service, so that "which entry covers this action" does not
 * compare every pair (AWS's ReadOnlyAccess lists thousands of entries).
 */
export class ActionPatternIndex<T extends { readonly value: string }> {
  private readonly byService = new Map<string, T[]>();
  private readonly anyService: T[] = [];

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

  /** The entries whose service part could match the pattern's, in insertion order. */
  candidates(pattern: string): T[] {
    const key = serviceKey(pattern);
    if (key === undefined) return [...this.anyService, ...[...this.byService.values()].flat()];
    const own = this.byService.get(key) ?? [];
    return this.anyService.length === 0 ? own : [...own, ...this.anyService];
  }
}
