import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Command, type Position, type TextEdit } from 'vscode-languageserver-types';
import { ACCESS_LEVELS, type AccessLevel, type ActionInfo, type Catalog } from '../catalog/types';
import type { PolicyDocument, StatementModel, ValueItem, ValueList } from '../policy';
import { expandActionItem } from './arnTemplates';
import { replaceItem, touches } from './format';
import type { Refactoring } from './refactoring';

/** Arguments of the command: where the wildcard is, and how many actions each level would keep. */
export interface NarrowCommandArgs {
  readonly uri: string;
  readonly version: number;
  readonly position: Position;
  readonly pattern: string;
  readonly levels: readonly { readonly level: AccessLevel; readonly count: number }[];
}

interface Found {
  readonly statement: StatementModel;
  readonly list: ValueList;
  readonly item: ValueItem;
  readonly actions: readonly ActionInfo[];
}

const hasWildcard = (value: string) => /[*?]/.test(value.slice(value.indexOf(':') + 1));

/** Wildcard action items (in Action or NotAction) that a refactoring can expand. */
function wildcardItems(policy: PolicyDocument, catalog: Catalog, accept: (item: ValueItem) => boolean): Found[] {
  const out: Found[] = [];
  for (const statement of policy.statements) {
    for (const list of [statement.action, statement.notAction]) {
      for (const item of list?.items ?? []) {
        if (!hasWildcard(item.value) || !accept(item)) continue;
        const actions = expandActionItem(catalog, item.value);
        if (actions) out.push({ statement, list: list!, item, actions });
      }
    }
  }
  return out;
}

/** The replacement items: the chosen actions, minus those the list already names elsewhere. */
function replacement(found: Found, keep: (a: ActionInfo) => boolean): string[] {
  const others = new Set(found.list.items.filter((i) => i !== found.item).map((i) => i.value.toLowerCase()));
  return found.actions.filter((a) => keep(a) && !others.has(a.fullName.toLowerCase())).map((a) => a.fullName);
}

/**
 * The edit that replaces the wildcard action at a position with its actions of the given
 * access levels; undefined when there is no expandable wildcard there or nothing would remain.
 * Used by the `iamPolicy.narrowWildcardAction` command after the user picked the levels.
 */
export function narrowWildcardAction(
  document: TextDocument,
  policy: PolicyDocument,
  catalog: Catalog,
  position: Position,
  levels: readonly string[],
): TextEdit | undefined {
  const offset = document.offsetAt(position);
  const found = wildcardItems(policy, catalog, (i) => i.node.offset <= offset && offset <= i.node.offset + i.node.length)[0];
  if (!found) return undefined;
  const values = replacement(found, (a) => levels.includes(a.accessLevel));
  return values.length > 0 ? replaceItem(document, found.list, found.item.node, values) : undefined;
}

/** Wildcard items a selection may touch before the per-item actions are no longer offered. */
const MAX_TOUCHED = 5;

const plural = (n: number) => (n === 1 ? '1 action' : `${n} actions`);

/**
 * Narrow a wildcard action: replace `s3:Get*` with the explicit actions it matches today,
 * or (in `Action` only) with those of chosen access levels: read-only, read and list, or
 * any levels through a command that asks. In `NotAction` only the full expansion is offered,
 * since dropping actions there would widen the grant.
 */
export const narrowAction: Refactoring = {
  id: 'narrow-wildcard-action',
  provide(ctx) {
    const { document, policy, catalog, range } = ctx;
    const out: CodeAction[] = [];
    const edit = (found: Found, values: string[]) => ({ changes: { [document.uri]: [replaceItem(document, found.list, found.item.node, values)] } });
    const touched = wildcardItems(policy, catalog, (item) => touches(document, range, item.node));
    // A selection over many wildcards (select all, then the light bulb) would flood the menu.
    if (touched.length > MAX_TOUCHED) return [];
    for (const found of touched) {
      const pattern = found.item.value;
      const all = replacement(found, () => true);
      if (all.length > 0) {
        out.push(CodeAction.create(`Expand '${pattern}' to its ${plural(found.actions.length)}`, edit(found, all), CodeActionKind.RefactorRewrite));
      }
      if (found.list !== found.statement.action) continue;
      const total = found.actions.length;
      const variants: [string, readonly AccessLevel[]][] = [
        ['read-only', ['Read']],
        ['read and list', ['Read', 'List']],
      ];
      const seen = new Set<number>();
      for (const [label, levels] of variants) {
        const kept = found.actions.filter((a) => levels.includes(a.accessLevel)).length;
        if (kept === 0 || kept === total || seen.has(kept)) continue;
        seen.add(kept);
        const values = replacement(found, (a) => levels.includes(a.accessLevel));
        if (values.length === 0) continue;
        out.push(CodeAction.create(`Narrow '${pattern}' to its ${plural(kept)} (${label})`, edit(found, values), CodeActionKind.RefactorRewrite));
      }
      const counts = ACCESS_LEVELS.map((level) => ({ level, count: found.actions.filter((a) => a.accessLevel === level).length })).filter(
        (l) => l.count > 0,
      );
      const command = ctx.clientCommands?.narrowWildcardAction;
      if (counts.length > 1 && command) {
        const args: NarrowCommandArgs = { uri: document.uri, version: document.version, position: document.positionAt(found.item.node.offset), pattern, levels: counts };
        const action = CodeAction.create(`Narrow '${pattern}' to chosen access levels…`, Command.create(`Narrow '${pattern}'`, command, args), CodeActionKind.RefactorRewrite);
        out.push(action);
      }
    }
    return out;
  },
};
