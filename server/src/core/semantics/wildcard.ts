/**
 * IAM wildcard matching without regular expressions: `*` any run of characters, `?` exactly one.
 *
 * Regular expressions built from user patterns backtrack: `s3:********Q` took a minute against
 * the action list, and a 400 KB pattern was "too large" to compile at all. Here a pattern is
 * cut at its stars into literal segments (with `?`), and a text matches when the first segment
 * starts it, the last ends it and the middle ones occur in order between; the leftmost
 * occurrence of each middle segment is always the best choice, so nothing is ever retried.
 * Work is linear in the text for `?`-free segments (a native substring search) and at worst
 * text × segment for segments with `?`; a pattern longer than any text it meets is rejected by
 * its length alone.
 */
export class WildcardPattern {
  /** The literal segments between stars (possibly empty at the ends). */
  private readonly segments: readonly string[];
  /** Characters the pattern needs at least: everything but its stars. */
  private readonly minLength: number;
  private readonly hasStar: boolean;
  private readonly hasOne: boolean;

  constructor(
    readonly source: string,
    private readonly ignoreCase = true,
  ) {
    const text = ignoreCase ? source.toLowerCase() : source;
    const parts = text.split('*');
    this.hasStar = parts.length > 1;
    // Consecutive stars are one star: drop the empty middle segments they leave.
    this.segments = this.hasStar ? [parts[0], ...parts.slice(1, -1).filter((p) => p !== ''), parts[parts.length - 1]] : parts;
    this.minLength = this.segments.reduce((n, s) => n + s.length, 0);
    this.hasOne = text.includes('?');
  }

  /** Whether the whole of `text` matches the pattern. */
  test(input: string): boolean {
    if (input.length < this.minLength) return false;
    const text = this.ignoreCase ? input.toLowerCase() : input;
    const segments = this.segments;
    if (!this.hasStar) return text.length === this.minLength && this.matchesAt(segments[0], text, 0);
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!this.matchesAt(first, text, 0)) return false;
    const end = text.length - last.length;
    if (end < first.length || !this.matchesAt(last, text, end)) return false;
    let at = first.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const found = this.find(segments[i], text, at, end);
      if (found < 0) return false;
      at = found + segments[i].length;
    }
    return true;
  }

  /** Whether `segment` (with `?`) matches `text` at `at`. */
  private matchesAt(segment: string, text: string, at: number): boolean {
    if (!this.hasOne) return text.startsWith(segment, at);
    for (let k = 0; k < segment.length; k++) {
      const c = segment.charCodeAt(k);
      if (c !== 63 && c !== text.charCodeAt(at + k)) return false;
    }
    return true;
  }

  /** The leftmost offset in [from, end - segment.length] where `segment` matches, or -1. */
  private find(segment: string, text: string, from: number, end: number): number {
    const limit = end - segment.length;
    if (!this.hasOne || !segment.includes('?')) {
      const found = text.indexOf(segment, from);
      return found >= 0 && found <= limit ? found : -1;
    }
    for (let at = from; at <= limit; at++) if (this.matchesAt(segment, text, at)) return at;
    return -1;
  }
}
