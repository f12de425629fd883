import type { Catalog } from '../catalog/types';

/** The service authorization reference page of a service (the slug is its name, alphanumerics only). */
function serviceReferenceUrl(catalog: Catalog, prefix: string): string {
  const name = catalog.serviceName(prefix) ?? prefix;
  const slug = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
}

/** A markdown link to the service authorization reference page of a service. */
export function serviceReferenceLink(catalog: Catalog, prefix: string): string {
  return `[Service authorization reference: ${md(catalog.serviceName(prefix) ?? prefix)}](${serviceReferenceUrl(catalog, prefix)})`;
}

/** The short footer under every hover: which IAM data answered. */
function dataFooter(catalog: Catalog): string {
  const date = catalog.source.updatedAt.slice(0, 10);
  return `<sub>IAM data: ${catalog.source.package} ${catalog.source.version}${date ? ` (${date})` : ''}</sub>`;
}

/**
 * Escapes the markdown in text that comes from data, and only that, since plain-text clients show the
 * backslashes. Inline: what opens code, emphasis, links, HTML and entities (`\\ \` * [ ] < &`, and `_` unless
 * inside a word, where CommonMark ignores it). At a line start: a heading, a quote or a list (`#`, `>`, `- `, `1. `).
 */
export function md(text: string): string {
  return text
    .replace(/[\\`*[\]<]|&(?=#?\w+;)|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\$&')
    .replace(/^([ \t]*)(?:([#>]|[-+](?=\s|$))|(\d{1,9})([.)])(?=\s|$))/gm, (_m, indent: string, mark?: string, digits?: string, dot?: string) =>
      mark ? `${indent}\\${mark}` : `${indent}${digits}\\${dot}`,
    );
}

/** User text as a hover quotes it: the value under the cursor may be megabytes long. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** Inline code that survives backticks in user text (markdown code spans cannot escape them). */
export function code(full: string): string {
  if (full === '') return '`""`';
  const text = clip(full);
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Joins the first `max` items and says how many were left out, so no hover becomes a wall of text. */
export function cut(items: readonly string[], max: number, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)}${separator}… and ${items.length - max} more`;
}

/** Bullet lines for the first `max` items, then one "… and N more" line. */
export function bullets(items: readonly string[], max: number): string[] {
  const lines = items.slice(0, max).map((i) => `- ${i}`);
  if (items.length > max) lines.push(`- … and ${items.length - max} more`);
  return lines;
}

/** `1 action`, `3 actions`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}

/** Assembles a hover: blocks separated by blank lines, the data footer last. */
export function compose(catalog: Catalog, blocks: readonly (string | undefined | false)[]): string {
  return [...blocks.filter((b): b is string => typeof b === 'string' && b.length > 0), dataFooter(catalog)].join('\n\n');
}
