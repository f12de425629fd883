/**
 * Whether flow collections (`[`, `{`) nest deeper than `limit` anywhere, quoted text and
 * comments left out: the YAML parser recurses into them and slows down on such text long
 * before it overflows (tree-sitter's error recovery slows down too). No template or Terraform
 * file nests so deep.
 */
export function flowDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // A quoted scalar, to its closing quote (a backslash escapes in double quotes) or the line's end.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === c || d === 0x0a) break;
        if (d === 0x5c && c === 0x22) i++;
      }
    } else if (c === 0x23 && (i === 0 || text.charCodeAt(i - 1) <= 0x20)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return false;
}
