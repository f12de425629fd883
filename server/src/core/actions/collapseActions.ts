import { CodeAction, CodeActionKind, TextEdit } from 'vscode-languageserver-types';
import type { ValueItem, ValueList } from '../policy';
import { rangeOf } from '../util/edits';
import { splitAction } from '../semantics/actionItems';
import { deleteItems, touches } from './format';
import type { Refactoring, RefactoringContext } from './refactoring';

/** The first word of an action name: `Get` of `GetObject`, `List` of `ListAllMyBuckets`. */
const leadingWord = (name: string) => /^[A-Z][a-z0-9]*/.exec(name)?.[0];

/** A wildcard that matches exactly the actions of some explicit items of the list. */
interface Collapse {
  readonly pattern: string;
  readonly items: readonly ValueItem[];
}

/**
 * Collapsible wildcards of a list: `svc:Verb*` for each leading verb whose every action is
 * listed. Only exact matches: the wildcard grants today exactly what the list grants. `svc:*`
 * is never proposed, even for a complete list: it also grants every action the service adds
 * later, which is what the `service-wildcard` rule warns about.
 */
function collapsible(ctx: RefactoringContext, list: ValueList): Collapse[] {
  const explicit = list.items.filter((i) => !/[*?]/.test(i.value) && ctx.catalog.getAction(i.value));
  const present = new Set(list.items.map((i) => i.value.toLowerCase()));
  const byService = new Map<string, ValueItem[]>();
  for (const item of explicit) {
    const service = splitAction(item.value)!.service.toLowerCase();
    const items = byService.get(service);
    if (items) items.push(item);
    else byService.set(service, [item]);
  }
  const out: Collapse[] = [];
  for (const items of byService.values()) {
    if (items.length < 2) continue;
    const written = splitAction(items[0].value)!.service;
    const listed = new Map(items.map((i) => [i.value.toLowerCase(), i]));
    const candidates = new Set<string>();
    for (const item of items) {
      const word = leadingWord(ctx.catalog.getAction(item.value)!.name);
      if (word) candidates.add(`${written}:${word}*`);
    }
    for (const pattern of candidates) {
      if (present.has(pattern.toLowerCase())) continue;
      const matched = ctx.catalog.matchActions(pattern);
      if (matched.length < 2 || !matched.every((a) => listed.has(a.fullName.toLowerCase()))) continue;
      const covered = new Set(matched.map((a) => a.fullName.toLowerCase()));
      out.push({ pattern, items: items.filter((i) => covered.has(i.value.toLowerCase())) });
    }
  }
  return out;
}

/**
 * Collapse an explicit list of actions into a wildcard that matches exactly the same actions
 * (all of `s3:Get*` listed → `s3:Get*`). The first listed action becomes the wildcard; the
 * others are removed with their separators, so the rest of the array keeps its layout.
 */
export const collapseActions: Refactoring = {
  id: 'collapse-actions',
  provide(ctx) {
    const out: CodeAction[] = [];
    for (const statement of ctx.policy.statements) {
      for (const list of [statement.action, statement.notAction]) {
        if (list?.valueNode.type !== 'array' || !touches(ctx.document, ctx.range, list.valueNode)) continue;
        for (const { pattern, items } of collapsible(ctx, list)) {
          const sorted = [...items].sort((a, b) => a.node.offset - b.node.offset);
          const edits = [
            TextEdit.replace(rangeOf(ctx.document, sorted[0].node), JSON.stringify(pattern)),
            ...deleteItems(ctx.document, list, sorted.slice(1).map((i) => i.node)),
          ];
          out.push(
            CodeAction.create(
              `Collapse ${items.length} actions into '${pattern}'`,
              { changes: { [ctx.document.uri]: edits } },
              CodeActionKind.RefactorRewrite,
            ),
          );
        }
      }
    }
    return out;
  },
};
