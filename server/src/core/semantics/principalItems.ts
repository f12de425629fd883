import type { Node } from 'jsonc-parser';
import type { StatementModel } from '../policy';
import { hasUnknown } from './unknown';

/** One principal value: `"*"` on its own, or a string under a principal type key. */
interface PrincipalItem {
  readonly statement: StatementModel;
  readonly element: 'Principal' | 'NotPrincipal';
  /** `AWS`, `Service`, ... as written; undefined for a bare string such as `"*"`. */
  readonly type: string | undefined;
  /** The key node of the type, when there is one. */
  readonly typeNode: Node | undefined;
  readonly value: string;
  readonly node: Node;
}

/** The principal type keys of a statement's `Principal`/`NotPrincipal` object, with their key nodes. */
export function principalTypeKeys(statement: StatementModel): { element: 'Principal' | 'NotPrincipal'; type: string; node: Node }[] {
  const result: { element: 'Principal' | 'NotPrincipal'; type: string; node: Node }[] = [];
  for (const [element, value] of [['Principal', statement.principal], ['NotPrincipal', statement.notPrincipal]] as const) {
    if (value?.type !== 'object') continue;
    for (const prop of value.children ?? []) {
      const key = prop.children?.[0];
      if (key?.type === 'string') result.push({ element, type: key.value as string, node: key });
    }
  }
  return result;
}

/**
 * Every string principal of a statement, in both shapes (`"Principal": "*"` and
 * `"Principal": {"AWS": "..." | [...]}`). Values of other JSON types are left to the
 * structure rules.
 */
export function principalItems(statement: StatementModel): PrincipalItem[] {
  const items: PrincipalItem[] = [];
  for (const [element, value] of [['Principal', statement.principal], ['NotPrincipal', statement.notPrincipal]] as const) {
    if (value?.type === 'string') {
      if (!hasUnknown(value.value as string)) items.push({ statement, element, type: undefined, typeNode: undefined, value: value.value as string, node: value });
      continue;
    }
    if (value?.type !== 'object') continue;
    for (const prop of value.children ?? []) {
      const [key, inner] = prop.children ?? [];
      if (key?.type !== 'string' || !inner) continue;
      const elements = inner.type === 'array' ? (inner.children ?? []) : [inner];
      for (const el of elements) {
        // Computed by the host, wholly or in part (`!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'`): not judged.
        if (el.type !== 'string' || hasUnknown(el.value as string)) continue;
        items.push({ statement, element, type: key.value as string, typeNode: key, value: el.value as string, node: el });
      }
    }
  }
  return items;
}

/** True for an Allow statement (a missing or misspelt Effect is not judged here). */
export function isAllow(statement: StatementModel): boolean {
  return statement.effect?.value === 'Allow';
}

/** True when the principal item grants to everyone: `"*"` alone or `{"AWS": "*"}`. */
export function isEveryone(item: PrincipalItem): boolean {
  return item.value === '*' && (item.type === undefined || item.type === 'AWS');
}
