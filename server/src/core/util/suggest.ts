import type { Catalog, ServiceInfo } from '../catalog/types';

// Three rolling rows instead of a full table, kept between calls: this runs for every candidate
// of a did-you-mean, and allocating typed arrays each time cost more than the comparisons.
let rows: [Uint16Array, Uint16Array, Uint16Array] = [new Uint16Array(64), new Uint16Array(64), new Uint16Array(64)];

function distance(s: string, t: string): number {
  if (rows[0].length <= t.length) rows = [new Uint16Array(t.length + 1), new Uint16Array(t.length + 1), new Uint16Array(t.length + 1)];
  let [before, previous, current] = rows;
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s.charCodeAt(i - 1) === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === t.charCodeAt(j - 1)) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[t.length];
}

/**
 * The candidates closest to `word`, best first: at most `limit`, and only those within a
 * distance that grows with the word's length (a third of it, at least 1, at most 4).
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: [string, number][] = [];
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    const dist = distance(lower, c.toLowerCase());
    if (dist <= maxDistance) scored.push([c, dist]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(([c]) => c);
}

/** Per catalogue object (a service, the prefix list), misspelt word → suggestions; a policy repeats its typos. */
const suggestionCaches = new WeakMap<object, Map<string, readonly string[]>>();

function cached(owner: object, word: string, compute: () => readonly string[]): readonly string[] {
  let cache = suggestionCaches.get(owner);
  if (!cache) suggestionCaches.set(owner, (cache = new Map()));
  let result = cache.get(word);
  if (!result) {
    result = compute();
    if (cache.size > 2000) cache.clear();
    cache.set(word, result);
  }
  return result;
}

/** The service's actions closest to a misspelt action name, as full names (`s3:GetObject`). */
export function suggestActions(service: ServiceInfo, action: string): readonly string[] {
  return cached(service, action.toLowerCase(), () => closestMatches(action, service.actions.map((a) => a.name)).map((name) => `${service.prefix}:${name}`));
}

/** The known service prefixes closest to a misspelt one. */
export function suggestServicePrefixes(catalog: Catalog, prefix: string): readonly string[] {
  return cached(catalog.servicePrefixes, prefix.toLowerCase(), () => closestMatches(prefix, catalog.servicePrefixes));
}
