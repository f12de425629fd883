/**
 * Converts a file glob (`**` any folders, `*` within a name, `?` one character, `{a,b}`
 * alternatives) to a RegExp matched against a slash-separated path. A glob without a slash
 * matches the file name anywhere, as users of `files.associations` expect.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, '/');
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.includes('(?:')) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`);
}

/** The value of the first glob in `map` that matches `path`. */
export function matchGlobMap<T>(map: Readonly<Record<string, T>> | undefined, path: string): T | undefined {
  for (const [glob, value] of Object.entries(map ?? {})) {
    try {
      if (globToRegExp(glob).test(path)) return value;
    } catch {
      // A malformed glob in the user's settings matches nothing.
    }
  }
  return undefined;
}
