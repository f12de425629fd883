import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globToRegExp } from '../common/glob';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);
const POLICY_FILE = /\.(json|jsonc)$/i;

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, out);
    } else if (entry.isFile() && POLICY_FILE.test(entry.name)) {
      out.push(path);
    }
  }
}

/** An input the user named: a file, every .json/.jsonc below a folder, or the files a glob matches. */
export interface ExpandedInput {
  readonly files: string[];
  /** Set when the input names nothing that exists. */
  readonly error?: string;
  /** True when the user named this file directly (so a non-policy is worth a note). */
  readonly explicit: boolean;
}

/** Expands one command-line argument. */
export function expandInput(arg: string, cwd: string): ExpandedInput {
  if (/[*?{]/.test(arg)) {
    const normalised = arg.replace(/\\/g, '/');
    const staticPart = normalised.split('/').filter((_, i, parts) => !/[*?{]/.test(parts.slice(0, i + 1).join('/')));
    const base = resolve(cwd, staticPart.join('/') || '.');
    const all: string[] = [];
    try {
      walk(base, all);
    } catch {
      return { files: [], error: `no files match ${arg}`, explicit: false };
    }
    const re = globToRegExp(resolve(cwd, normalised).split(sep).join('/'));
    const files = all.filter((f) => re.test(f.split(sep).join('/')));
    return files.length > 0 ? { files, explicit: false } : { files, error: `no files match ${arg}`, explicit: false };
  }
  const path = resolve(cwd, arg);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { files: [], error: `cannot read ${arg}: no such file or folder`, explicit: true };
  }
  if (stat.isDirectory()) {
    const files: string[] = [];
    walk(path, files);
    return { files, explicit: false };
  }
  return { files: [path], explicit: true };
}

/** A path as the user should see it: relative to the working folder when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
