import { CompletionItemKind, type CompletionItem, InsertTextFormat, MarkupKind, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/types';
import { rangeOf } from '../util/edits';
import type { CursorContext } from './context';

const ACCESS_ORDER = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Completion of action names: service prefixes first, then the actions of the typed service. */
export function completeActions(document: TextDocument, ctx: CursorContext, catalog: Catalog): CompletionItem[] {
  const range = rangeOf(document, ctx.replace);
  const siblings = new Set(
    (ctx.node?.parent?.type === 'array' ? ctx.node.parent.children ?? [] : [])
      .filter((n) => n !== ctx.node && n.type === 'string')
      .map((n) => String(n.value).toLowerCase()),
  );
  const colon = ctx.typed.indexOf(':');
  if (colon < 0) {
    return catalog.servicePrefixes.map((prefix, i) => ({
      label: prefix,
      kind: CompletionItemKind.Module,
      detail: catalog.serviceName(prefix),
      filterText: `"${prefix}:`,
      sortText: String(i).padStart(4, '0'),
      textEdit: TextEdit.replace(range, `"${prefix}:`),
      command: { title: 'Suggest actions', command: 'editor.action.triggerSuggest' },
    }));
  }
  const service = catalog.getService(ctx.typed.slice(0, colon));
  if (!service) return [];
  const typedAction = ctx.typed.slice(colon + 1);
  const items: CompletionItem[] = [];
  const wildcardItem = (pattern: string, sort: string): CompletionItem | undefined => {
    const matched = catalog.matchActions(pattern);
    if (matched.length === 0 || siblings.has(pattern.toLowerCase())) return undefined;
    const byLevel = ACCESS_ORDER.map((l) => [l, matched.filter((a) => a.accessLevel === l).length] as const).filter(([, n]) => n > 0);
    return {
      label: pattern,
      kind: CompletionItemKind.Constant,
      labelDetails: { description: `${matched.length} action${matched.length === 1 ? '' : 's'}` },
      detail: `Matches ${matched.length} action${matched.length === 1 ? '' : 's'} of ${service.name}`,
      documentation: { kind: MarkupKind.Markdown, value: byLevel.map(([l, n]) => `- ${l}: ${n}`).join('\n') },
      filterText: `"${pattern}"`,
      sortText: sort,
      textEdit: TextEdit.replace(range, `"${pattern}"`),
      insertTextFormat: InsertTextFormat.PlainText,
    };
  };
  const trimmed = typedAction.replace(/[*?].*$/, '');
  if (trimmed.length > 0) {
    const w = wildcardItem(`${service.prefix}:${trimmed}*`, '1');
    if (w && catalog.matchActions(`${service.prefix}:${trimmed}*`).length > 1) items.push(w);
  }
  const all = wildcardItem(`${service.prefix}:*`, '3');
  if (all) items.push(all);
  for (const action of service.actions) {
    if (siblings.has(action.fullName.toLowerCase())) continue;
    items.push({
      label: action.fullName,
      kind: CompletionItemKind.Function,
      labelDetails: { description: action.accessLevel },
      detail: `${action.accessLevel} · ${service.name}`,
      documentation: { kind: MarkupKind.Markdown, value: action.description },
      filterText: `"${action.fullName}"`,
      sortText: `2${action.name.toLowerCase()}`,
      textEdit: TextEdit.replace(range, `"${action.fullName}"`),
    });
  }
  return items;
}
