import type { EmbeddedPolicy } from './jsonHost';
import { OffsetMap, type Run } from './offsetMap';

/**
 * A string value of a host with, for each part of it, the host text it came from: a YAML
 * scalar (its characters where they are the host's verbatim, the whole scalar where folding
 * or escapes changed them), a `!Sub` with its `${...}` replaced, a `!Join` of several
 * scalars. Runs are in text order with host starts never decreasing.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    readonly runs: readonly Run[],
  ) {}

  /** Text that is the host's own from `host` on. */
  static exact(text: string, host: number): MappedText {
    return new MappedText(text, text.length > 0 ? [{ virtual: 0, host, length: text.length, hostLength: text.length }] : []);
  }

  /** Text that stands, as a whole, for the host text from `start` to `end`. */
  static opaque(text: string, start: number, end: number): MappedText {
    return new MappedText(text, [{ virtual: 0, host: start, length: text.length, hostLength: end - start, opaque: true }]);
  }

  /** Text with runs already made (they must cover it in order). */
  static of(text: string, runs: readonly Run[]): MappedText {
    return new MappedText(text, runs);
  }

  static concat(parts: readonly MappedText[]): MappedText {
    let text = '';
    const runs: Run[] = [];
    for (const part of parts) {
      for (const r of part.runs) runs.push({ ...r, virtual: r.virtual + text.length });
      text += part.text;
    }
    return new MappedText(text, runs);
  }

  private exactly: boolean | undefined;

  /** Whether every character is the host's verbatim (so an edit inside maps one to one). */
  get verbatim(): boolean {
    this.exactly ??= this.runs.every((r) => r.length === r.hostLength && !r.opaque) && this.runs.reduce((n, r) => n + r.length, 0) === this.text.length;
    return this.exactly;
  }

  /** The part from `start` to `end`; a run that changed length, or stands for its host text as a whole, is kept whole in the host. */
  slice(start: number, end: number): MappedText {
    const runs: Run[] = [];
    // From the first run that may reach `start` (runs are in text order): a !Sub of a long JSON
    // string slices once per `${...}`, and a scan from the first run each time was quadratic.
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid].virtual + this.runs[mid].length < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.runs.length; i++) {
      const r = this.runs[i];
      if (r.virtual > end) break;
      const from = Math.max(start, r.virtual);
      const to = Math.min(end, r.virtual + r.length);
      if (from >= to && !(r.length === 0 && r.virtual >= start && r.virtual < end)) continue;
      if (r.length === r.hostLength && !r.opaque) runs.push({ virtual: from - start, host: r.host + (from - r.virtual), length: to - from, hostLength: to - from });
      else runs.push({ virtual: from - start, host: r.host, length: to - from, hostLength: r.hostLength, opaque: r.opaque });
    }
    return new MappedText(this.text.slice(start, end), runs);
  }

  /**
   * Whether an edit from `from` to `to` maps exactly to the host: each end at a run's edge or
   * inside a run the host has verbatim (not inside a `${...}` or a folded line).
   */
  mapsExactly(from: number, to: number): boolean {
    const exact = (offset: number) =>
      this.runs.some((r) => offset === r.virtual || offset === r.virtual + r.length || (r.length === r.hostLength && !r.opaque && r.virtual < offset && offset < r.virtual + r.length));
    return exact(from) && exact(to);
  }

  /** The runs shifted to start at `at` in a longer text. */
  runsAt(at: number): Run[] {
    return this.runs.map((r) => ({ ...r, virtual: r.virtual + at }));
  }
}

/**
 * A policy held as JSON in a host string (a YAML scalar, an HCL heredoc): its text, its map,
 * and edits written with `write` (the host's escaping; undefined when the string cannot take
 * the text) where both ends of the edit map exactly.
 */
export function stringPolicy(
  mapped: MappedText,
  start: number,
  end: number,
  write: (inserted: string) => string | undefined,
): Pick<EmbeddedPolicy, 'kind' | 'text' | 'map' | 'path' | 'write' | 'hostEdit'> {
  const map = OffsetMap.fromRuns(mapped.runs, start, end);
  return {
    kind: 'string',
    text: mapped.text,
    map,
    path: [],
    write: (t) => write(t) ?? t,
    hostEdit: (from, to, newText) => {
      if (!mapped.mapsExactly(from, to)) return undefined;
      const written = write(newText);
      return written === undefined ? undefined : { start: map.toHost(from), end: map.toHost(to), newText: written };
    },
  };
}
