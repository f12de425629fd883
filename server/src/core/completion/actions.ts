import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { ACCESS_LEVELS, type ActionInfo } from '../catalog/types';
import { type CompletionRequest, escapeSnippet, rank, valueItem } from './items';

// Thousands separators by hand: `toLocaleString` goes through Intl and costs ~0.3 ms a call.
const plural = (n: number, word: string) => `${String(n).replace(/\B(?=(\d{3})+$)/g, ',')} ${word}${n === 1 ? '' : 's'}`;

/** Siblings for a bare token too: the array node is found through the statement's value list. */
function listedActions(req: CompletionRequest, element: 'Action' | 'NotAction'): Set<string> {
  const list = element === 'Action' ? req.ctx.statement?.action : req.ctx.statement?.notAction;
  const values = new Set<string>();
  for (const item of list?.items ?? []) if (item.node !== req.ctx.node) values.add(item.value.toLowerCase());
  return values;
}

function levelSummary(actions: readonly ActionInfo[]): string {
  return ACCESS_LEVELS.map((l) => [l, actions.filter((a) => a.accessLevel === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `- ${l}: ${n}`)
    .join('\n');
}

/**
 * Completion of action names: service prefixes (and `*`) until a colon is typed, then the actions of that
 * service, with wildcard items that say how many actions they match. Only the typed service is scanned.
 */
export function completeActions(req: CompletionRequest, element: 'Action' | 'NotAction'): CompletionItem[] {
  const { ctx, catalog } = req;
  const listed = listedActions(req, element);
  const colon = ctx.typed.indexOf(':');
  if (colon < 0) {
    const items = catalog.servicePrefixes.map((prefix, i) =>
      valueItem(
        req,
        { label: prefix, kind: CompletionItemKind.Module, sortText: `2${rank(i)}`, detail: catalog.serviceName(prefix), retrigger: true },
        `${prefix}:`,
        `${escapeSnippet(prefix)}:$0`,
      ),
    );
    if (!listed.has('*')) {
      items.push(
        valueItem(
          req,
          {
            label: '*',
            kind: CompletionItemKind.Constant,
            sortText: '3',
            description: `all ${plural(catalog.counts.actions, 'action')}`,
            documentation: 'Every action of every service. In an Allow this grants full administrator access.',
          },
          '*',
        ),
      );
    }
    return items;
  }
  const service = catalog.getService(ctx.typed.slice(0, colon));
  if (!service) return [];
  const items: CompletionItem[] = [];
  const wildcard = (pattern: string, sort: string) => {
    const matched = catalog.matchActions(pattern);
    if (matched.length === 0 || listed.has(pattern.toLowerCase())) return;
    items.push(
      valueItem(
        req,
        {
          label: pattern,
          kind: CompletionItemKind.Constant,
          sortText: sort,
          description: plural(matched.length, 'action'),
          detail: `Matches ${plural(matched.length, 'action')} of ${service.name}`,
          documentation: levelSummary(matched),
        },
        pattern,
      ),
    );
  };
  // `s3:Get` typed: `s3:Get*` comes first, as the most specific wildcard that covers what was typed.
  const typedAction = ctx.typed.slice(colon + 1).replace(/[*?].*$/, '');
  const lowerTyped = typedAction.toLowerCase();
  // Spell the wildcard as AWS spells the actions (`s3:get` typed gives `s3:Get*`).
  const spelled = service.actions.find((a) => a.name.toLowerCase().startsWith(lowerTyped))?.name.slice(0, typedAction.length);
  if (spelled && catalog.matchActions(`${service.prefix}:${spelled}*`).length > 1) wildcard(`${service.prefix}:${spelled}*`, '1');
  wildcard(`${service.prefix}:*`, '3');
  for (const action of service.actions) {
    if (listed.has(action.fullName.toLowerCase())) continue;
    // Actions that start with what was typed rank above those that only fuzzy-match it.
    const group = lowerTyped && action.name.toLowerCase().startsWith(lowerTyped) ? '2' : '4';
    items.push(
      valueItem(
        req,
        {
          label: action.fullName,
          kind: CompletionItemKind.Function,
          sortText: `${group}${action.name.toLowerCase()}`,
          description: action.accessLevel,
          detail: `${action.accessLevel} · ${service.name}`,
          documentation: action.description,
        },
        action.fullName,
      ),
    );
  }
  return items;
}
