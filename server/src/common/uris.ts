/** The file system path of a `file:` uri, or undefined for other schemes. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(uri.slice('file://'.length).replace(/^[^/]*/, ''));
  } catch {
    return undefined;
  }
  // `/c:/work/p.json` on Windows.
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
}
