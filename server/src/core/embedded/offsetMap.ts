/**
 * Offsets of a policy's own text mapped to its host document and back. The policy text is
 * made of runs that stand for host text of the same length (plain characters) or of another
 * length (a JSON escape such as `\"` is one character of the policy and two of the host).
 */
interface Run {
  /** Start in the policy text. */
  readonly virtual: number;
  /** Start in the host text. */
  readonly host: number;
  /** Length in the policy text. */
  readonly length: number;
  /** Length in the host text (the same, except for escapes). */
  readonly hostLength: number;
}

export class OffsetMap {
  private readonly virtualEnd: number;
  private readonly hostEnd: number;

  private constructor(private readonly runs: readonly Run[]) {
    const last = runs[runs.length - 1];
    this.virtualEnd = last ? last.virtual + last.length : 0;
    this.hostEnd = last ? last.host + last.hostLength : 0;
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
    return { text, map: new OffsetMap(runs) };
  }

  /** The host offset of a policy offset; one inside an escape goes to its start, the end to the end. */
  toHost(offset: number): number {
    if (offset >= this.virtualEnd) return this.hostEnd;
    const run = this.find(offset, (r) => r.virtual, (r) => r.length);
    if (!run) return this.runs[0]?.host ?? 0;
    return run.length === run.hostLength ? run.host + (offset - run.virtual) : run.host;
  }

  /** The policy offset of a host offset, or undefined outside the policy's text. */
  toVirtual(offset: number): number | undefined {
    if (this.runs.length === 0 || offset < this.runs[0].host || offset > this.hostEnd) return undefined;
    if (offset === this.hostEnd) return this.virtualEnd;
    const run = this.find(offset, (r) => r.host, (r) => r.hostLength)!;
    return run.length === run.hostLength ? run.virtual + (offset - run.host) : run.virtual;
  }

  /** Whether a host offset lies in the policy's text (its end included). */
  containsHost(offset: number): boolean {
    return this.runs.length > 0 && offset >= this.runs[0].host && offset <= this.hostEnd;
  }

  /** The run containing `offset` by the given start and length: a binary search. */
  private find(offset: number, start: (r: Run) => number, length: (r: Run) => number): Run | undefined {
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const run = this.runs[mid];
      if (offset < start(run)) hi = mid - 1;
      else if (offset >= start(run) + length(run)) lo = mid + 1;
      else return run;
    }
    return undefined;
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
