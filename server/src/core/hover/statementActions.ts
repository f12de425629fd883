import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementModel } from '../policy';

/**
 * The distinct actions a statement's `Action` list names, wildcards expanded. `matchActions` is
 * cached by the catalogue, so this is set work proportional to the statement, never the document.
 */
export function statementActions(statement: StatementModel | undefined, catalog: Catalog): readonly ActionInfo[] {
  const items = statement?.action?.items ?? [];
  if (items.length === 1) return catalog.matchActions(items[0].value);
  // `*` already holds every action: no need to merge the others into it.
  if (items.some((i) => i.value === '*')) return catalog.matchActions('*');
  const seen = new Set<ActionInfo>();
  for (const item of items) for (const a of catalog.matchActions(item.value)) seen.add(a);
  return [...seen];
}
