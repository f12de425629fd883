import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Glob } from '../common/glob';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Policies, and the files that may hold them (CloudFormation, SAM, Serverless templates; Terraform). */
const POLICY_FILE = /\.(json|jsonc|ya?ml|template|tf|tftpl|json\.tpl)$/i;
const GLOB_CHARS = /[*?{]/;

/** An input the user named: a file, every .json/.jsonc/.yaml/.yml/.template below a folder, or the files a glob matches. */
export interface ExpandedInput {
  readonly files: string[];
  /** What could not be read (a missing name, an unreadable folder): reported, and the run exits 2. */
  readonly errors: string[];
  /** What was passed over on the way without being an error (a dangling symbolic link in a folder). */
  readonly notes: string[];
  /** True when the user named this file directly (so a non-policy is worth a note). */
  readonly explicit: boolean;
}

/** The state of one expansion: what it found, and the real folders and files it has met. */
interface Walk extends ExpandedInput {
  readonly cwd: string;
  readonly visited: Set<string>;
  readonly realFiles: Set<string>;
}

/** Why a file system call failed, in words for the common cases. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? String(error);
}

interface Listing {
  readonly real: string;
  readonly entries: Dirent[];
}

function listFolder(dir: string, walk: Walk): Listing | undefined {
  try {
    // Symbolic links are followed, so a folder can be reached twice, or forever through a
    // link to an ancestor: each real folder is listed once.
    const real = realpathSync(dir);
    if (walk.visited.has(real)) return undefined;
    walk.visited.add(real);
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    // Links last: what is both in the folder and linked to is found under its own name first.
    return { real, entries: [...entries.filter((e) => !e.isSymbolicLink()), ...entries.filter((e) => e.isSymbolicLink())] };
  } catch (error) {
    // One unreadable folder must not hide the others' findings: report it and go on.
    walk.errors.push(`cannot read folder ${displayPath(dir, walk.cwd)}: ${reason(error)}`);
    return undefined;
  }
}

/** A folder entry as the walk sees it, through symbolic links; FIFOs, sockets and devices are never policies. */
function kindOf(entry: Dirent, path: string, walk: Walk): 'file' | 'folder' | undefined {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return undefined;
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : undefined;
  } catch (error) {
    if (POLICY_FILE.test(entry.name)) walk.notes.push(`skipped ${displayPath(path, walk.cwd)}: dangling symbolic link (${reason(error)})`);
    return undefined;
  }
}

/** Adds a file unless the walk has it already, through a link or under its own name. */
function addFile(path: string, real: string, walk: Walk): void {
  if (walk.realFiles.has(real)) return;
  walk.realFiles.add(real);
  walk.files.push(path);
}

/**
 * Collects the policy files below `dir`, at most `depth` folders down. With `wanted` (a
 * glob), only the files it matches, and every policy file of a folder it matches.
 */
function walk(dir: string, state: Walk, depth = Infinity, wanted?: (path: string) => boolean): void {
  const listing = listFolder(dir, state);
  if (!listing) return;
  for (const entry of listing.entries) {
    const path = join(dir, entry.name);
    const kind = kindOf(entry, path, state);
    if (kind === 'folder') {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      if (wanted?.(path)) walk(path, state);
      else if (depth > 1) walk(path, state, depth - 1, wanted);
    } else if (kind === 'file' && POLICY_FILE.test(entry.name) && (!wanted || wanted(path))) {
      try {
        addFile(path, entry.isSymbolicLink() ? realpathSync(path) : join(listing.real, entry.name), state);
      } catch {
        // The link broke since the stat: reading it will say so.
        state.files.push(path);
      }
    }
  }
}

function newWalk(cwd: string, explicit: boolean): Walk {
  return { cwd, files: [], errors: [], notes: [], explicit, visited: new Set(), realFiles: new Set() };
}

function expandGlob(arg: string, cwd: string): ExpandedInput {
  const state = newWalk(cwd, false);
  const normalised = arg.replace(/\\/g, '/');
  const parts = normalised.split('/');
  const firstWild = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = resolve(cwd, parts.slice(0, firstWild).join('/') || '.');
  // Without `**` (or a `/` inside braces) a glob cannot match deeper than its own parts: not
  // walking further keeps `*.json` quick in a large tree, and silent about folders it cannot match.
  const rest = parts.slice(firstWild).join('/');
  const depth = rest.includes('**') || /\{[^}]*\//.test(rest) ? Infinity : parts.length - firstWild;
  const glob = new Glob(resolve(cwd, normalised).split(sep).join('/'));
  if (!isFolder(base)) return { ...state, errors: [`no files match ${arg}`] };
  walk(base, state, depth, (path) => glob.test(path.split(sep).join('/')));
  if (state.files.length === 0 && state.errors.length === 0) state.errors.push(`no files match ${arg}`);
  return state;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Expands one command-line argument. A name that exists is taken as it is, even with `*`, `?` or `{` in it. */
export function expandInput(arg: string, cwd: string): ExpandedInput {
  const path = resolve(cwd, arg);
  let link;
  try {
    link = lstatSync(path);
  } catch (error) {
    if (GLOB_CHARS.test(arg)) return expandGlob(arg, cwd);
    return { ...newWalk(cwd, true), errors: [`cannot read ${arg}: ${reason(error)}`] };
  }
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const why = link.isSymbolicLink() && (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'dangling symbolic link' : reason(error);
    return { ...newWalk(cwd, true), errors: [`cannot read ${arg}: ${why}`] };
  }
  if (!stat.isDirectory()) return { ...newWalk(cwd, true), files: [path] };
  const state = newWalk(cwd, false);
  walk(path, state);
  return state;
}

/** A path as the user should see it: relative to the working folder when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  return rel && !outside ? rel : path;
}
