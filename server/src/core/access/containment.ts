// Resource patterns compared as sets of strings: is every ARN one pattern matches also matched
// by another (containment), and could two patterns match a common ARN (overlap)? The access
// view subtracts a Deny by containment, and the access diff says a grant is not new only when
// containment is proved; anything the test cannot decide counts as not contained.
//
// A pattern is read as IAM reads a Resource: `*` any run of characters, `?` one, case-sensitive,
// across `:` and `/`. Under Version 2012-10-17 a `${key}` is a policy variable: a value the
// request gives, the same in both patterns (both are read for one request), of any length and
// content; `${*}`, `${?}` and `${$}` are the characters themselves.

/** A token of a pattern: a character code (>= 0), a variable (>= VARIABLE), STAR or ONE. */
const STAR = -1;
const ONE = -2;
/** Stands for every character that neither pattern names: they all behave alike. */
const OTHER = -3;
/** Variables are numbered from here, above every character code. */
const VARIABLE = 0x110000;

/** Explored (state, set) pairs before the containment test gives up: far beyond real ARNs. */
const MAX_STATES = 20_000;
/** Patterns whose product is larger are not compared (not contained, may overlap). */
const MAX_PRODUCT = 1_000_000;

/**
 * The tokens of a pattern; `variables` numbers each variable's text (the same text in both
 * patterns of a comparison is the same value). Without `withVariables` (Version 2008-10-17 or
 * none) `${...}` is plain text, as AWS reads it.
 */
function tokenize(pattern: string, withVariables: boolean, variables: Map<string, number>): number[] {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42) tokens.push(STAR);
    else if (c === 63) tokens.push(ONE);
    else if (c === 36 && withVariables && pattern.charCodeAt(i + 1) === 123) {
      const end = pattern.indexOf('}', i + 2);
      const inner = end < 0 ? undefined : pattern.slice(i + 2, end);
      if (inner === undefined || inner.includes('$') || inner.includes('{')) {
        tokens.push(c);
        continue;
      }
      if (inner === '*' || inner === '?' || inner === '$') tokens.push(inner.charCodeAt(0));
      else {
        // Key names are case-insensitive; a default is part of what the variable means.
        const name = inner.trim().toLowerCase();
        let id = variables.get(name);
        if (id === undefined) variables.set(name, (id = VARIABLE + variables.size));
        tokens.push(id);
      }
      i = end;
    } else tokens.push(c);
  }
  // Runs of stars are one star.
  return tokens.filter((t, i) => t !== STAR || tokens[i - 1] !== STAR);
}

const isReal = (letter: number) => letter < VARIABLE;

/** The states of `pattern` after its stars may match nothing: each STAR lets the next state in. */
function close(pattern: readonly number[], states: number[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (pattern[s] === STAR) stack.push(s + 1);
  }
  return out.sort((a, b) => a - b);
}

/** The states of `pattern` after reading one letter from `states` (closed). */
function step(pattern: readonly number[], states: readonly number[], letter: number): number[] {
  const next: number[] = [];
  for (const s of states) {
    const t = pattern[s];
    if (t === STAR) next.push(s);
    else if (t === ONE ? isReal(letter) : t === letter) next.push(s + 1);
  }
  return next.length === 0 ? next : close(pattern, next);
}

/** The literal characters before the first wildcard or variable. */
function literalPrefix(tokens: readonly number[]): number[] {
  const out: number[] = [];
  for (const t of tokens) {
    if (t < 0 || !isReal(t)) break;
    out.push(t);
  }
  return out;
}

/** Whether two literal runs disagree somewhere within the shorter one. */
const disagree = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return true;
  return false;
};

/**
 * Whether every string the `inner` tokens match is matched by `outer`: a search over the words
 * `inner` produces, tracking the states `outer` can be in, for a word `inner` accepts and
 * `outer` does not. `inner`'s wildcards produce real characters only (its variables stand for
 * themselves); `outer` reads a variable by a STAR or by the same variable, never by `?` (a value
 * may have any length). Undefined when the search is too large to finish.
 */
function covers(outer: readonly number[], inner: readonly number[]): boolean | undefined {
  if (outer.length === 1 && outer[0] === STAR) return true;
  // Every word of a pattern starts with its literal prefix and ends with its literal suffix.
  if (disagree(literalPrefix(outer), literalPrefix(inner))) return false;
  if (disagree(literalPrefix([...outer].reverse()), literalPrefix([...inner].reverse()))) return false;
  if (outer.length * inner.length > MAX_PRODUCT) return undefined;
  const accept = outer.length;
  // A wildcard of `inner` may produce any character, but from a set of states `outer` tells
  // apart only the characters its next literals name: every other one acts as OTHER.
  const letters = (set: readonly number[]) => {
    const out = [OTHER];
    for (const s of set) {
      const t = outer[s];
      if (t >= 0 && isReal(t) && !out.includes(t)) out.push(t);
    }
    return out;
  };
  const seen = new Set<string>();
  const stack: [number, number[]][] = [[0, close(outer, [0])]];
  while (stack.length > 0) {
    const [state, set] = stack.pop()!;
    const key = `${state}|${set.join(',')}`;
    if (seen.has(key)) continue;
    if (seen.size >= MAX_STATES) return undefined;
    seen.add(key);
    // No state of `outer` is left: every way of finishing this word of `inner` escapes it.
    if (set.length === 0) return false;
    if (state === inner.length) {
      if (set[set.length - 1] !== accept) return false;
      continue;
    }
    const t = inner[state];
    if (t === STAR) {
      stack.push([state + 1, set]);
      for (const letter of letters(set)) stack.push([state, step(outer, set, letter)]);
    } else if (t === ONE) {
      for (const letter of letters(set)) stack.push([state + 1, step(outer, set, letter)]);
    } else stack.push([state + 1, step(outer, set, t)]);
  }
  return true;
}

/** Whether some string matches both token lists (variables read as STAR): a search over pairs of states. */
function overlaps(a: readonly number[], b: readonly number[]): boolean {
  const x = a.map((t) => (t >= VARIABLE ? STAR : t));
  const y = b.map((t) => (t >= VARIABLE ? STAR : t));
  if (disagree(literalPrefix(x), literalPrefix(y))) return false;
  if (disagree(literalPrefix([...x].reverse()), literalPrefix([...y].reverse()))) return false;
  if (x.length * y.length > MAX_PRODUCT) return true;
  const width = y.length + 1;
  const seen = new Uint8Array((x.length + 1) * width);
  const stack: number[] = [0];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen[at]) continue;
    seen[at] = 1;
    const i = Math.floor(at / width);
    const j = at % width;
    if (i === x.length && j === y.length) return true;
    const p = x[i];
    const q = y[j];
    // A star may match nothing; both may read one common character.
    if (p === STAR) stack.push(at + width);
    if (q === STAR) stack.push(at + 1);
    if (i < x.length && j < y.length && (p < 0 || q < 0 || p === q)) stack.push((p === STAR ? i : i + 1) * width + (q === STAR ? j : j + 1));
  }
  return false;
}

interface Interned {
  readonly text: string;
  readonly variables: boolean;
  tokens?: number[];
}

/**
 * Patterns numbered once (one numbering per reading) and decided pairs kept by number: a policy
 * names the same few patterns over and over, and building a key string per question cost more
 * than the answers. The access view numbers its patterns in a table of its own.
 */
export class PatternTable {
  private readonly numbering = [new Map<string, number>(), new Map<string, number>()];
  private readonly patterns: Interned[] = [];
  private readonly coverRows: (Map<number, boolean> | undefined)[] = [];
  private readonly overlapRows: (Map<number, boolean> | undefined)[] = [];

  get size(): number {
    return this.patterns.length;
  }

  /** The number of a pattern read with or without policy variables. */
  id(text: string, variables: boolean): number {
    const table = this.numbering[variables ? 1 : 0];
    let id = table.get(text);
    if (id === undefined) {
      table.set(text, (id = this.patterns.length));
      this.patterns.push({ text, variables });
    }
    return id;
  }

  /** `resourceCovers` on numbered patterns. */
  covers(outer: number, inner: number): boolean {
    if (outer === inner || this.patterns[outer].text === '*') return true;
    return decided(this.coverRows, outer, inner, () => covers(...this.tokensOf(outer, inner)) === true);
  }

  /** `resourcesOverlap` on numbered patterns. */
  overlaps(a: number, b: number): boolean {
    if (a === b || this.patterns[a].text === '*' || this.patterns[b].text === '*') return true;
    return decided(this.overlapRows, a, b, () => overlaps(...this.tokensOf(a, b)));
  }

  /** Both patterns' tokens, variables numbered alike (the same variable text is the same value). */
  private tokensOf(a: number, b: number): [number[], number[]] {
    const x = this.patterns[a];
    const y = this.patterns[b];
    const own = (p: Interned) => p.variables && p.text.includes('${');
    if (!own(x) && !own(y)) {
      const none = new Map<string, number>();
      return [(x.tokens ??= tokenize(x.text, x.variables, none)), (y.tokens ??= tokenize(y.text, y.variables, none))];
    }
    const variables = new Map<string, number>();
    return [tokenize(x.text, x.variables, variables), tokenize(y.text, y.variables, variables)];
  }
}

function decided(rows: (Map<number, boolean> | undefined)[], a: number, b: number, compute: () => boolean): boolean {
  let row = rows[a];
  if (!row) rows[a] = row = new Map();
  let result = row.get(b);
  if (result === undefined) row.set(b, (result = compute()));
  return result;
}

/** The table behind the string functions, replaced when it grows large. */
let shared = new PatternTable();
const table = () => (shared.size >= 100_000 ? (shared = new PatternTable()) : shared);

/**
 * True when every resource `inner` matches is also matched by `outer`, for any one request
 * (a variable has the same value in both). Exact for `*` and `?`; false when unsure.
 */
export function resourceCovers(outer: string, inner: string, outerVariables = true, innerVariables = true): boolean {
  if (outer === '*' || (outer === inner && outerVariables === innerVariables)) return true;
  const t = table();
  return t.covers(t.id(outer, outerVariables), t.id(inner, innerVariables));
}

/**
 * False only when no resource can match both patterns (a variable may take any value); true
 * when one can, or when the patterns are too large to tell.
 */
export function resourcesOverlap(a: string, b: string, aVariables = true, bVariables = true): boolean {
  if (a === '*' || b === '*' || a === b) return true;
  const t = table();
  return t.overlaps(t.id(a, aVariables), t.id(b, bVariables));
}
