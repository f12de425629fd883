/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The candidates closest to `word`, best first: at most `limit`, and only those within a
 * distance that grows with the word's length (a third of it, at least 1, at most 4).
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    const dist = editDistance(word, c);
    if (dist <= maxDistance) scored.push([c, dist]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(([c]) => c);
}
