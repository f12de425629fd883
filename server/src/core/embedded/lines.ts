/**
 * Where each line of a text starts, found once, so that the start of the line holding an
 * offset is a binary search: a `lastIndexOf('\n')` per node is quadratic on a minified
 * one-line template.
 */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.starts[this.line(offset)];
  }

  /** The row and column of `offset` (rows count line feeds). */
  point(offset: number): { row: number; column: number } {
    const row = this.line(offset);
    return { row, column: offset - this.starts[row] };
  }

  /** The index of the line holding `offset`. */
  private line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
