// Three-valued truth for the evaluator: a test holds, does not, or depends on the listed context keys.
/** Three-valued truth: true, false, or unknown because of the listed context keys. */
export type Tri = true | false | { readonly missing: readonly string[] };

export const unknown = (missing: readonly string[]): Tri => ({ missing });
export const isUnknown = (t: Tri): t is { missing: readonly string[] } => typeof t === 'object';

/** AND over tests, stopping at the first false. */
export function all(tests: Iterable<() => Tri>): Tri {
  const missing: string[] = [];
  for (const test of tests) {
    const t = test();
    if (t === false) return false;
    if (isUnknown(t)) missing.push(...t.missing);
  }
  return missing.length > 0 ? unknown(missing) : true;
}

/** OR over tests, stopping at the first true. */
export function any(tests: Iterable<() => Tri>): Tri {
  const missing: string[] = [];
  for (const test of tests) {
    const t = test();
    if (t === true) return true;
    if (isUnknown(t)) missing.push(...t.missing);
  }
  return missing.length > 0 ? unknown(missing) : false;
}

export const not = (t: Tri): Tri => (isUnknown(t) ? t : !t);
