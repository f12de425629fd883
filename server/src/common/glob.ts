import { WildcardPattern } from '../core';

/**
 * File globs (`**` any folders, `*` within a name, `?` one character, `{a,b}` alternatives)
 * matched against slash-separated paths without regular expressions: workspace settings come
 * from the repository, and a glob such as `*a*a*a…*b` turned into a RegExp froze the server on a
 * long file name. A path and a glob are cut into names at `/`; each name of the glob is an IAM
 * style wildcard (no `/` inside a name, so `*` cannot cross folders), and `**` names match any
 * number of folders. Both levels match leftmost-first without retrying (see WildcardPattern).
 */

/** Alternatives a glob may expand to; beyond this the glob is too costly and matches nothing. */
const MAX_ALTERNATIVES = 64;

type Name = WildcardPattern | typeof ANY_FOLDERS;
const ANY_FOLDERS = Symbol('**');

/** A glob compiled once: its alternatives, each a list of names. */
export class Glob {
  private readonly alternatives: readonly Name[][];

  constructor(glob: string) {
    let pattern = glob.replace(/\\/g, '/');
    // A glob without a slash matches the file name anywhere, as users of `files.associations` expect.
    if (!pattern.includes('/')) pattern = `**/${pattern}`;
    this.alternatives = expandBraces(pattern).map((alternative) =>
      alternative
        .split('/')
        .filter((name, i) => name !== '' || i === 0)
        .map((name): Name => (name === '**' ? ANY_FOLDERS : new WildcardPattern(name.replace(/\*\*+/g, '*'), false))),
    );
  }

  /** Whether the glob matches the path, or its end (the glob may start anywhere at a folder boundary). */
  test(path: string): boolean {
    const names = path.replace(/\\/g, '/').split('/');
    return this.alternatives.some((glob) => {
      // An absolute glob (leading `/`, an empty first name) is anchored at the start; others may
      // match from any folder, like the `(?:^|/)` the RegExp form had.
      if (glob.length > 0 && glob[0] instanceof WildcardPattern && glob[0].source === '') return matchNames(glob.slice(1), names.slice(1));
      return matchNames([ANY_FOLDERS, ...glob], names);
    });
  }
}

/**
 * Whether the names match the glob's names: the glob cut at its `**` into runs that must occur
 * in order, the first at the start and the last at the end, each leftmost (as WildcardPattern
 * does with characters).
 */
function matchNames(glob: readonly Name[], names: readonly string[]): boolean {
  const runs: WildcardPattern[][] = [[]];
  for (const name of glob) {
    if (name === ANY_FOLDERS) runs.push([]);
    else runs[runs.length - 1].push(name);
  }
  const runAt = (run: readonly WildcardPattern[], at: number) => run.every((p, k) => p.test(names[at + k]));
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (runs.length === 1) return names.length === first.length && runAt(first, 0);
  if (names.length < first.length + last.length || !runAt(first, 0) || !runAt(last, names.length - last.length)) return false;
  let at = first.length;
  const end = names.length - last.length;
  for (let r = 1; r < runs.length - 1; r++) {
    const run = runs[r];
    let found = -1;
    for (let i = at; i + run.length <= end; i++) {
      if (runAt(run, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    at = found + run.length;
  }
  return true;
}

/** `a{b,c}d` → `abd`, `acd`; nested braces expand too; more than MAX_ALTERNATIVES gives none. */
function expandBraces(pattern: string, groups = countBraces(pattern)): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  if (groups > MAX_ALTERNATIVES) return [];
  // The closing brace that matches `open`, and the top-level commas between them.
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length && close < 0; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === '}' && --depth === 0) close = i;
    else if (pattern[i] === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern]; // an unclosed brace is a literal character
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1), groups);
  const options = [open, ...commas].map((from, k) => pattern.slice(from + 1, k < commas.length ? commas[k] : close));
  const out: string[] = [];
  for (const option of options) {
    for (const middle of expandBraces(option, groups)) {
      for (const tail of tails) {
        out.push(head + middle + tail);
        if (out.length > MAX_ALTERNATIVES) return [];
      }
    }
  }
  return out;
}

/** Brace groups bound the recursion of `expandBraces`: more than MAX_ALTERNATIVES of them is no real glob. */
function countBraces(pattern: string): number {
  let n = 0;
  for (let i = pattern.indexOf('{'); i >= 0; i = pattern.indexOf('{', i + 1)) n++;
  return n;
}

const compiled = new Map<string, Glob>();

/** The value of the first glob in `map` that matches `path`. */
export function matchGlobMap<T>(map: Readonly<Record<string, T>> | undefined, path: string): T | undefined {
  if (!map || typeof map !== 'object') return undefined;
  for (const [glob, value] of Object.entries(map)) {
    let matcher = compiled.get(glob);
    if (!matcher) {
      matcher = new Glob(glob);
      if (compiled.size > 1000) compiled.clear();
      compiled.set(glob, matcher);
    }
    if (matcher.test(path)) return value;
  }
  return undefined;
}
