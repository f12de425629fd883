import { MappedText } from './mappedText';
import { OffsetMap, type Run } from './offsetMap';


/** A character JSON.stringify writes as an escape (a lone surrogate too): text without one is its own JSON string content. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/**
 * A policy written in a host's own syntax (a YAML mapping of a template, later an HCL object)
 * is analysed as JSON text written for it here, with every token mapped back to the host.
 * Edits the analysis makes to that JSON are brought back by `hostEdit`: a changed string or a
 * replaced value, written in the host's syntax at that place; an edit of another shape has no
 * host form here and is left out (the fix is then not offered, never applied wrongly).
 */

/** How the host writes a value at a place. */
export interface Slot {
  /** The host is JSON (a JSON template parsed as YAML), or HCL: values are written as JSON. */
  readonly json: boolean;
  /** HCL: `${` and `%{` start an interpolation or directive, so a literal one is written `$${`, `%%{`. */
  readonly hcl?: boolean;
  /** Inside a YAML flow collection (`[a, b]`, `{ k: v }`): values are written on one line, JSON-like. */
  readonly flow: boolean;
  /** Column of the key or sequence dash that owns the value: block content goes 2 further. */
  readonly indent: number;
  /** Where a block value may start when it replaces this one (just after `Key:`); undefined for sequence items. */
  readonly afterKey?: number;
  readonly style: 'plain' | 'single' | 'double' | 'block' | 'other';
  /** The value is written right after `Key:` with no space yet: a new value starts with one. */
  readonly spaceFirst?: boolean;
}

/**
 * A host value. `synthetic`: a collection the host does not write as such (both branches of a
 * `!If` read as a list): its items are not next to each other in the host, so no edit removes
 * one or adds one.
 */
export type HostValue =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly slot: Slot; readonly entries: readonly HostEntry[]; readonly synthetic?: boolean }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly slot: Slot; readonly items: readonly HostValue[]; readonly synthetic?: boolean }
  | HostString
  | { readonly kind: 'literal'; readonly start: number; readonly end: number; readonly slot: Slot; readonly json: 'null' | 'true' | 'false' | string };

export interface HostString {
  readonly kind: 'string';
  readonly start: number;
  readonly end: number;
  readonly slot: Slot;
  readonly text: MappedText;
}

export interface HostEntry {
  readonly key: HostString;
  readonly value: HostValue;
}

/** A value of the written JSON and the host node it stands for. */
interface Target {
  readonly end: number;
  readonly value: HostValue;
}

/** The JSON text written for a host tree, its map to the host, and the way back for edits. */
export class Projection {
  private parts: string[] = [];
  private length = 0;
  private readonly runs: Run[] = [];
  /** Values by the offset where their JSON starts (several when one is the first part of another). */
  private readonly targets = new Map<number, Target | Target[]>();
  /**
   * Runs of string content the host has verbatim (no escape on either side), in order: an
   * edit inside one is the same edit of the host. `whole` is the content start when the
   * whole string is such a run.
   */
  private readonly verbatim: { readonly start: number; readonly length: number; readonly host: number; readonly value: HostString; readonly whole: number | undefined }[] = [];
  /** Arrays and objects with their items' and entries' JSON spans, for edits that remove an item or add an entry. */
  private readonly collections: Collection[] = [];

  private constructor(private readonly host: HostText | undefined) {}

  /**
   * The JSON for a host value, optionally inside `prefix`/`suffix` text the host does not have
   * (a wrapper `{"Statement": ...}`). With the host's text, edits that remove an array item or
   * add an object entry are written in the host's syntax too; without it (a tree the host does
   * not write as such, like a policy_document block), they are not offered.
   */
  static of(root: HostValue, wrap?: { readonly prefix: string; readonly suffix: string }, host?: HostText): { text: string; map: OffsetMap; projection: Projection } {
    const p = new Projection(host);
    if (wrap) p.anchored(wrap.prefix, root.start);
    p.value(root, 0);
    if (wrap) p.anchored(wrap.suffix, root.end);
    const text = p.parts.join('');
    p.parts = [];
    return { text, map: OffsetMap.fromRuns(p.runs, root.start, root.end), projection: p };
  }

  /** Text standing for one host position. */
  private anchored(text: string, host: number): void {
    this.runs.push({ virtual: this.length, host, length: text.length, hostLength: 0 });
    this.write(text);
  }

  /** Text standing for the position where the previous run ended (punctuation between tokens). */
  private write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  private value(node: HostValue, depth: number): void {
    const start = this.length;
    const pad = '\n' + '  '.repeat(depth + 1);
    switch (node.kind) {
      case 'object': {
        const members: Member[] = [];
        this.anchored('{', node.start);
        node.entries.forEach((entry, i) => {
          this.write((i > 0 ? ',' : '') + pad);
          // A key the host writes as it is is a target too: completion replaces a condition key
          // being typed. A key the host writes under another name (`actions`) is not.
          const keyStart = this.length;
          this.string(entry.key);
          if (!entry.key.text.runs.some((run) => run.opaque)) this.target(keyStart, entry.key);
          this.write(': ');
          this.value(entry.value, depth + 1);
          members.push({ start: keyStart, end: this.length, hostStart: entry.key.start, hostEnd: entry.value.end });
        });
        if (node.entries.length > 0) this.write('\n' + '  '.repeat(depth));
        this.anchored('}', node.end);
        if (!node.synthetic) this.collections.push({ kind: 'object', start, end: this.length, node, members });
        break;
      }
      case 'array': {
        const members: Member[] = [];
        this.anchored('[', node.start);
        node.items.forEach((item, i) => {
          this.write((i > 0 ? ',' : '') + pad);
          const itemStart = this.length;
          this.value(item, depth + 1);
          members.push({ start: itemStart, end: this.length, hostStart: item.start, hostEnd: item.end });
        });
        if (node.items.length > 0) this.write('\n' + '  '.repeat(depth));
        this.anchored(']', node.end);
        if (!node.synthetic) this.collections.push({ kind: 'array', start, end: this.length, node, members });
        break;
      }
      case 'string':
        this.string(node);
        break;
      case 'literal':
        this.runs.push({ virtual: this.length, host: node.start, length: node.json.length, hostLength: node.end - node.start });
        this.write(node.json);
    }
    this.target(start, node);
  }

  /** Records that the JSON from `start` to here stands for a host value. */
  private target(start: number, node: HostValue): void {
    const target = { end: this.length, value: node };
    const there = this.targets.get(start);
    if (!there) this.targets.set(start, target);
    else if (Array.isArray(there)) there.push(target);
    else this.targets.set(start, [there, target]);
  }

  /** A JSON string for a host string: characters the host has verbatim map one to one, escapes to their character. */
  private string(node: HostString): void {
    this.anchored('"', node.start);
    const contentStart = this.length;
    const { text, runs } = node.text;
    // A value not written yet (`Action:` and the cursor), or an empty quoted string (`[""]`):
    // the place completion is asked at, inside the quotes.
    if (text === '' && runs.length === 0) this.runs.push({ virtual: contentStart, host: node.start === node.end ? node.start : node.start + 1, length: 0, hostLength: 0 });
    const whole = node.text.verbatim && (!NEEDS_ESCAPE.test(text) || JSON.stringify(text).length === text.length + 2);
    for (const run of runs) {
      const piece = text.slice(run.virtual, run.virtual + run.length);
      const escaped = NEEDS_ESCAPE.test(piece) ? JSON.stringify(piece).slice(1, -1) : piece;
      if (run.length !== run.hostLength || escaped.length === piece.length) {
        if (run.length === run.hostLength && !run.opaque) this.verbatim.push({ start: this.length, length: run.length, host: run.host, value: node, whole: whole ? contentStart : undefined });
        this.runs.push({ virtual: this.length, host: run.host, length: escaped.length, hostLength: run.hostLength });
        this.write(escaped);
        continue;
      }
      // Escaped characters are two or six characters of JSON for one of the host.
      for (let i = 0; i < piece.length; ) {
        let j = i;
        while (j < piece.length && JSON.stringify(piece[j]).length === 3) j++;
        if (j > i) {
          this.runs.push({ virtual: this.length, host: run.host + i, length: j - i, hostLength: j - i });
          this.write(piece.slice(i, j));
        }
        if (j < piece.length) {
          const e = JSON.stringify(piece[j]).slice(1, -1);
          this.runs.push({ virtual: this.length, host: run.host + j, length: e.length, hostLength: 1 });
          this.write(e);
          j++;
        }
        i = j;
      }
    }
    this.anchored('"', node.end);
  }

  /**
   * The host form of an edit of the JSON: the same change inside a string the host has
   * verbatim, or a whole value replaced by the JSON value `newText`, written in the host's
   * syntax. Undefined when the edit has no such form.
   */
  hostEdit(start: number, end: number, newText: string): { start: number; end: number; newText: string } | undefined {
    const run = this.verbatimAt(start, end);
    if (run) {
      const inserted = parseJsonString(newText);
      if (inserted === undefined) return undefined;
      const node = run.value;
      const hostStart = run.host + (start - run.start);
      const hostEnd = run.host + (end - run.start);
      if (run.whole === undefined) return insertable(inserted, node.slot) ? { start: hostStart, end: hostEnd, newText: inserted } : undefined;
      // The whole string is the host's: the new string must still read back the same in the host's style.
      const old = node.text.text;
      const next = old.slice(0, start - run.whole) + inserted + old.slice(end - run.whole);
      if (fitsStyle(next, node.slot)) return { start: hostStart, end: hostEnd, newText: inserted };
      return { start: node.start, end: node.end, newText: renderValue(next, node.slot) };
    }
    const there = this.targets.get(start);
    const target = Array.isArray(there) ? there.find((t) => t.end === end) : there?.end === end ? there : undefined;
    if (!target) return this.structuralEdit(start, end, newText);
    let value: unknown;
    try {
      value = JSON.parse(newText);
    } catch {
      return undefined;
    }
    const { slot } = target.value;
    const rendered = (slot.spaceFirst ? ' ' : '') + renderValue(value, slot);
    // A block sequence or mapping starts on the line after its key.
    if (rendered.startsWith('\n') && slot.afterKey !== undefined) return { start: slot.afterKey, end: target.value.end, newText: rendered };
    if (rendered.startsWith('\n')) return { start: target.value.start, end: target.value.end, newText: JSON.stringify(value) };
    return { start: target.value.start, end: target.value.end, newText: rendered };
  }

  /**
   * An edit that removes one array item or object entry with its separator (from it to the
   * next, or from the previous to it), or inserts one `"key": value` entry into an object,
   * written in the host's syntax: a YAML sequence entry or mapping line, an HCL or JSON entry.
   */
  private structuralEdit(start: number, end: number, newText: string): { start: number; end: number; newText: string } | undefined {
    if (this.host === undefined) return undefined;
    const { text: hostText, base } = this.host;
    if (newText === '' && end > start) {
      for (const list of this.collections) {
        if (start < list.start || end > list.end) continue;
        const items = list.members;
        for (let i = 0; i < items.length; i++) {
          if (items[i].start === start && items[i + 1]?.start === end) return { start: items[i].hostStart, end: items[i + 1].hostStart, newText: '' };
          if (i > 0 && items[i - 1].end === start && items[i].end === end) return { start: items[i - 1].hostEnd, end: items[i].hostEnd, newText: '' };
        }
      }
      return undefined;
    }
    if (start !== end) return undefined;
    const entry = parseEntry(newText);
    // The innermost object around the insertion point (collections are recorded innermost first).
    const object = entry && this.collections.find((c) => c.kind === 'object' && c.start < start && start < c.end);
    if (!entry || !object || object.node.kind !== 'object' || object.members.length === 0) return undefined;
    // A YAML `{...}` mapping is flow, whatever its parent is: it takes JSON-like values and commas.
    const slot = !object.node.slot.json && hostText.charAt(object.node.start - base) === '{' ? { ...object.node.slot, flow: true } : object.node.slot;
    const next = object.members.find((m) => m.start >= start);
    const anchor = next ?? object.members[object.members.length - 1];
    const keyAt = anchor.hostStart - base;
    const lead = hostText.slice(hostText.lastIndexOf('\n', keyAt - 1) + 1, keyAt);
    const ownLine = /^[ \t]*$/.test(lead) || (!slot.json && !slot.flow && /^[ \t]*- $/.test(lead));
    // The key's indentation as written (tabs stay tabs; a sequence dash becomes spaces), and the file's line break.
    const indent = ownLine ? lead.replace(/-/, ' ') : '';
    const eol = hostText.charAt(keyAt - lead.length - 2) === '\r' ? '\r\n' : '\n';
    // The object's own manner: a JSON-style key (`"Key": value`) in HCL, commas between entries.
    const quotedKeys = hostText.charAt(keyAt) === '"';
    const members = object.members;
    const commas = members.length > 1 ? hostText.slice(members[0].hostEnd - base, members[1].hostStart - base).includes(',') : quotedKeys || /^\s*,/.test(hostText.slice(anchor.hostEnd - base));
    const written = writeEntry(entry.key, entry.value, { ...slot, indent: lead.length, afterKey: undefined, spaceFirst: false, style: slot.json ? 'double' : 'plain' }, quotedKeys);
    const separator = (slot.json || slot.flow) && (!slot.hcl || commas) ? ',' : '';
    if (next) return { start: next.hostStart, end: next.hostStart, newText: ownLine ? `${written}${separator}${eol}${indent}` : `${written}${separator || ','} ` };
    return { start: anchor.hostEnd, end: anchor.hostEnd, newText: ownLine ? `${separator}${eol}${indent}${written}` : `${separator || ','} ${written}` };
  }

  private verbatimAt(start: number, end: number): Projection['verbatim'][number] | undefined {
    // The last run starting at or before `start` (runs are in order and do not overlap).
    let lo = 0;
    let hi = this.verbatim.length - 1;
    let found: Projection['verbatim'][number] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.verbatim[mid].start <= start) {
        found = this.verbatim[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && end <= found.start + found.length ? found : undefined;
  }
}

/** The host's text, or the part of it from `base` on that was read (a policy read again after an edit). */
export interface HostText {
  readonly text: string;
  readonly base: number;
}

/** An item or entry of a collection: its JSON span, and its host span (an entry's from its key to its value's end). */
interface Member {
  readonly start: number;
  readonly end: number;
  readonly hostStart: number;
  readonly hostEnd: number;
}

interface Collection {
  readonly kind: 'object' | 'array';
  readonly start: number;
  readonly end: number;
  readonly node: HostValue;
  readonly members: readonly Member[];
}

/** The one `"key": value` entry an inserted text holds (with a separating comma before or after), if it is one. */
function parseEntry(text: string): { key: string; value: unknown } | undefined {
  const core = /^\s*,?\s*([\s\S]*?)\s*,?\s*$/.exec(text)?.[1];
  if (!core) return undefined;
  try {
    const parsed = JSON.parse(`{${core}}`) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    return keys.length === 1 ? { key: keys[0], value: parsed[keys[0]] } : undefined;
  } catch {
    return undefined;
  }
}

/** An object entry in the host's syntax: `Key: value` in YAML, `Key = value` in HCL, `"Key": value` in JSON. */
function writeEntry(key: string, value: unknown, slot: Slot, quotedKeys: boolean): string {
  const rendered = renderValue(value, slot);
  if (slot.hcl && quotedKeys) return `${hclEscape(JSON.stringify(key))}: ${rendered}`;
  if (slot.hcl) return `${/^[A-Za-z_][\w-]*$/.test(key) ? key : hclEscape(JSON.stringify(key))} = ${rendered}`;
  if (slot.json) return `${JSON.stringify(key)}: ${rendered}`;
  const name = yamlString(key, slot);
  return rendered.startsWith('\n') ? `${name}:${rendered}` : `${name}: ${rendered}`;
}

function parseJsonString(raw: string): string | undefined {
  if (/["\n\r]/.test(raw)) return undefined;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** Plain YAML scalars that would read as another type or another structure. */
const NOT_A_PLAIN_STRING = /^(?:[-+]?(?:\.?[0-9][0-9_.,:eE+-]*|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)|true|false|yes|no|on|off|y|n|null|~)$/i;

/** Whether a string can be a plain YAML scalar that reads back as the same string. */
export function plainYaml(text: string, flow: boolean): boolean {
  if (text === '' || text !== text.trim() || NOT_A_PLAIN_STRING.test(text)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^[-?:][^\s,[\]{}]/.test(text)) return false;
  if (/: |:$| #|[\n\r\t]/.test(text)) return false;
  return !(flow && /[,[\]{}]/.test(text));
}

/** JSON text as HCL reads it: a literal `${` or `%{` doubled so that it is no template. */
export function hclEscape(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/**
 * A completion snippet's text after hclEscape, made a snippet again: `$${1:name}` back to the
 * placeholder `${1:name}`, and a literal `${` (`\${` in a snippet) written `\$\${`, which the
 * editor inserts as HCL's `$${`.
 */
export function hclSnippet(escaped: string): string {
  return escaped.replace(/\\\$\$\{/g, '\\$\\${').replace(/\$\$\{(\d)/g, '$${$1');
}

/** Whether text can go inside a string of the host's style as it is (a part of a `!Sub`). */
function insertable(text: string, slot: Slot): boolean {
  if (slot.hcl && /[$%]\{/.test(text)) return false;
  if (slot.json || slot.style === 'double') return !/["\\\u0000-\u001f]/.test(text);
  if (slot.style === 'single') return !/['\n\r]/.test(text);
  if (slot.style === 'plain') return /^[A-Za-z0-9:*?/._$!@+=-]*$/.test(text) || (!slot.flow && /^[A-Za-z0-9:*?/._${}!@+=-]*$/.test(text));
  return false;
}

function fitsStyle(text: string, slot: Slot): boolean {
  if (slot.hcl && /[$%]\{/.test(text)) return false;
  if (slot.json || slot.style === 'double') return !/["\\\u0000-\u001f]/.test(text);
  if (slot.style === 'single') return !/['\n\r]/.test(text);
  if (slot.style === 'plain') return plainYaml(text, slot.flow);
  return false;
}

/** A JSON value written in the host's syntax at a slot. */
export function renderValue(value: unknown, slot: Slot): string {
  if (slot.json) {
    const text = typeof value !== 'object' || value === null ? JSON.stringify(value) : JSON.stringify(value, null, 2).replace(/\n/g, '\n' + ' '.repeat(slot.indent));
    return slot.hcl ? hclEscape(text) : text;
  }
  if (typeof value === 'string') return yamlString(value, slot);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (slot.flow) return JSON.stringify(value);
  const indent = ' '.repeat(slot.indent + 2);
  if (Array.isArray(value)) {
    if (value.some((v) => typeof v === 'object' && v !== null)) return JSON.stringify(value);
    return value.map((v) => `\n${indent}- ${typeof v === 'string' ? yamlString(v, slot) : JSON.stringify(v)}`).join('');
  }
  // A block mapping, each key on its line two further in; an empty one as `{}`.
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return entries
    .map(([key, inner]) => {
      const rendered = renderValue(inner, { ...slot, indent: slot.indent + 2 });
      return `\n${indent}${yamlString(key, slot)}:${rendered.startsWith('\n') ? '' : ' '}${rendered}`;
    })
    .join('');
}

function yamlString(text: string, slot: Slot): string {
  if (slot.style === 'double' || /[\n\r\t\u0000-\u001f]/.test(text)) return JSON.stringify(text);
  if (slot.style !== 'single' && plainYaml(text, slot.flow)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

export { MappedText };
