/**
 * Offsets of a policy's own text mapped to its host document and back. The policy text is
 * made of runs that stand for host text of the same length (plain characters) or of another
 * length (a JSON escape such as `\"` is one character of the policy and two of the host, the
 * `{` of a YAML mapping written as JSON stands for no host text at all). Policy text between
 * runs stands for the host position where the run before it ends.
 */
export interface Run {
  /** Start in the policy text. */
  readonly virtual: number;
  /** Start in the host text. */
  readonly host: number;
  /** Length in the policy text. */
  readonly length: number;
  /** Length in the host text (the same, except for escapes). */
  readonly hostLength: number;
  /** Stands for the host text as a whole (a computed value, a key renamed), never character by character for edits. */
  readonly opaque?: boolean;
}

export class OffsetMap {
  private readonly virtualEnd: number;
  private readonly hostEnd: number;

  /** Runs that stand for host text (hostLength > 0), for the way back from the host. */
  private readonly hostRuns: readonly Run[];
  private readonly hostStart: number;

  /**
   * `shift` moves the whole map in the host (text inserted or deleted before the policy): the
   * runs keep their offsets and the public methods add it on the way out and take it off on
   * the way in, so that moving a map costs nothing.
   */
  private constructor(
    private readonly runs: readonly Run[],
    hostBounds?: { start: number; end: number },
    private readonly shift = 0,
    hostRuns?: readonly Run[],
  ) {
    const last = runs[runs.length - 1];
    this.virtualEnd = last ? last.virtual + last.length : 0;
    // Runs of host text, and empty runs that mark a place (an empty value) in both texts.
    this.hostRuns = hostRuns ?? (runs.every((r) => r.hostLength > 0) ? runs : runs.filter((r) => r.hostLength > 0 || r.length === 0));
    this.hostStart = hostBounds?.start ?? runs[0]?.host ?? 0;
    this.hostEnd = hostBounds?.end ?? (last ? last.host + last.hostLength : 0);
  }

  /** The same map with the policy `delta` characters further on in the host. */
  shifted(delta: number): OffsetMap {
    return new OffsetMap(this.runs, { start: this.hostStart, end: this.hostEnd }, this.shift + delta, this.hostRuns);
  }

  /** Where the policy starts and ends in the host. */
  get hostSpan(): { start: number; end: number } {
    return { start: this.hostStart + this.shift, end: this.hostEnd + this.shift };
  }

  /**
   * A map from runs in policy order, their host starts never decreasing (text written for a
   * host tree in document order), and the host span the policy covers.
   */
  static fromRuns(runs: readonly Run[], hostStart: number, hostEnd: number): OffsetMap {
    return new OffsetMap(runs, { start: hostStart, end: hostEnd });
  }

  /** Policy text that is host text from `hostStart` on, after `prefix` characters that stand for nothing in the host. */
  static slice(prefix: number, hostStart: number, length: number): OffsetMap {
    return new OffsetMap([{ virtual: prefix, host: hostStart, length, hostLength: length }]);
  }

  /**
   * The decoded contents of a JSON string whose raw text (between the quotes) starts at
   * `hostStart`: the policy text, and the map from it to the host.
   */
  static jsonString(raw: string, hostStart: number): { text: string; map: OffsetMap } {
    const { text, runs } = OffsetMap.jsonStringRuns(raw, hostStart);
    return { text, map: new OffsetMap(runs) };
  }

  /** The decoded text of a JSON string's raw contents and its runs (see `jsonString`). */
  static jsonStringRuns(raw: string, hostStart: number): { text: string; runs: Run[] } {
    const runs: Run[] = [];
    let text = '';
    let plain = 0; // start of the current run of plain characters in `raw`
    const flush = (end: number) => {
      if (end > plain) runs.push({ virtual: text.length, host: hostStart + plain, length: end - plain, hostLength: end - plain });
      text += raw.slice(plain, end);
    };
    for (let i = 0; i < raw.length; i++) {
      if (raw.charCodeAt(i) !== 0x5c) continue;
      flush(i);
      const { value, length } = unescape(raw, i);
      runs.push({ virtual: text.length, host: hostStart + i, length: value.length, hostLength: length });
      text += value;
      i += length - 1;
      plain = i + 1;
    }
    flush(raw.length);
    return { text, runs };
  }

  /** The host offset of a policy offset; one inside an escape goes to its start, the end to the end. */
  toHost(offset: number): number {
    return this.toHostUnshifted(offset) + this.shift;
  }

  private toHostUnshifted(offset: number): number {
    if (offset >= this.virtualEnd) return this.hostEnd;
    const run = this.last(this.runs, offset, (r) => r.virtual);
    if (!run) return this.runs[0]?.host ?? 0;
    // Between runs: where the run before ends in the host.
    if (offset >= run.virtual + run.length) return run.host + run.hostLength;
    return run.length === run.hostLength ? run.host + (offset - run.virtual) : run.host;
  }

  /**
   * The policy offset of a host offset, or undefined where the host has no policy text (the
   * host's own syntax between a policy's tokens). A run's end counts as inside it, so that
   * the cursor right after a word being typed is in that word.
   */
  toVirtual(hostOffset: number): number | undefined {
    const offset = hostOffset - this.shift;
    if (offset < this.hostStart || offset > this.hostEnd) return undefined;
    const run = this.last(this.hostRuns, offset, (r) => r.host);
    if (!run) return undefined;
    if (offset > run.host + run.hostLength) return offset === this.hostEnd && this.hostRuns === this.runs ? this.virtualEnd : undefined;
    if (offset === run.host + run.hostLength) return run.virtual + run.length;
    return run.length === run.hostLength ? run.virtual + (offset - run.host) : run.virtual;
  }

  /**
   * Like `toVirtual`, but a host offset between the policy's tokens (a YAML quote, the space
   * after a key) goes to the policy text where the next token starts: for ranges, which may
   * start or end anywhere.
   */
  toVirtualNear(hostOffset: number): number | undefined {
    const exact = this.toVirtual(hostOffset);
    const offset = hostOffset - this.shift;
    if (exact !== undefined || offset < this.hostStart || offset > this.hostEnd) return exact;
    const next = this.hostRuns[this.lastIndex(this.hostRuns, offset, (r) => r.host) + 1];
    return next ? next.virtual : this.virtualEnd;
  }

  /** Whether a host offset lies in the policy's text (its end included). */
  containsHost(hostOffset: number): boolean {
    const offset = hostOffset - this.shift;
    return this.runs.length > 0 && offset >= this.hostStart && offset <= this.hostEnd;
  }

  /** The last run whose start (by `start`) is at or before `offset`: a binary search. */
  private last(runs: readonly Run[], offset: number, start: (r: Run) => number): Run | undefined {
    const i = this.lastIndex(runs, offset, start);
    return i >= 0 ? runs[i] : undefined;
  }

  private lastIndex(runs: readonly Run[], offset: number, start: (r: Run) => number): number {
    let lo = 0;
    let hi = runs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (start(runs[mid]) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

const SIMPLE: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The escape at `at` (a backslash): the character it stands for and its length in the raw text. */
function unescape(raw: string, at: number): { value: string; length: number } {
  const c = raw[at + 1];
  if (c !== undefined && SIMPLE[c] !== undefined) return { value: SIMPLE[c], length: 2 };
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(at + 2, at + 6))) return { value: String.fromCharCode(parseInt(raw.slice(at + 2, at + 6), 16)), length: 6 };
  // A malformed escape stands for itself: the policy's own parse reports it.
  return { value: raw.slice(at, at + 2) || '\\', length: Math.min(2, raw.length - at) };
}
