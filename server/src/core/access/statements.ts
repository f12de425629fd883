// One statement read for the access view: its effect, the catalogue actions it names (each
// pattern matched once, by the catalogue's cache), its resources, condition and principals. What the
// evaluator would not apply (no valid Effect, no Action, no Resource in an identity policy, no
// Principal in a resource-based one) is read as granting and denying nothing, with a note.
import type { ActionInfo, Catalog } from '../catalog/types';
import type { PolicyDocument, StatementModel, ValueList } from '../policy';
import { conditionEntries } from '../semantics/conditionItems';
import { parseOperator } from '../data/conditionOperators';
import { effectOf } from '../semantics/actionPatterns';
import { isEveryone, principalItems } from '../semantics/principalItems';
import { unknownAsWildcard } from '../semantics/unknown';
import type { AccessCondition, AccessNote, StatementRef } from './types';

export interface ReadStatement {
  readonly ref: StatementRef;
  /**
   * The catalogue actions each Action item matches (arrays the catalogue caches; they may
   * overlap), or with `notAction` those each NotAction item excludes.
   */
  readonly actionLists: readonly (readonly ActionInfo[])[];
  readonly notAction: boolean;
  /** Action patterns that match no catalogue action (not for NotAction). */
  readonly unmatched: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: AccessCondition;
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  /** Applies to every caller: no Principal element (identity-side policies), or `*` without NotPrincipal. */
  readonly everyone: boolean;
  /** Some value is computed by a template host or is not a string: the statement is read in part. */
  readonly partial: boolean;
}

/** Policy kinds whose statements name principals (and may omit Resource). */
export const isResourceBased = (type: string): boolean => type === 'resource' || type === 'trust' || type === 'rcp';

/** The statement's Condition read into tests; undefined when it has none (or an empty one, as the evaluator reads it). */
export function readCondition(statement: StatementModel): AccessCondition | undefined {
  const node = statement.condition;
  if (!node) return undefined;
  const blocks = node.type === 'object' ? (node.children ?? []) : [];
  if (node.type === 'object' && blocks.length === 0) return undefined;
  const readable = node.type === 'object' && blocks.every((p) => p.children?.[1]?.type === 'object' && parseOperator(String(p.children?.[0]?.value)) !== undefined);
  const tests = conditionEntries(statement).map((e) => ({ operator: e.operator, key: e.key, values: e.values.map((v) => v.text) }));
  const text = readable
    ? tests.map((t) => `${t.operator} ${t.key} ${t.values.length === 1 ? JSON.stringify(t.values[0]) : JSON.stringify(t.values)}`).join('; ')
    : 'a Condition AWS cannot read';
  return { text, tests, readable };
}

/**
 * Resource patterns as the view shows and compares them: a part a template host computes
 * matches anything (`*`), and a value it computes wholly is `*`. A Deny read in part is never
 * subtracted (see `partial`), so this only ever widens what is shown as granted.
 */
function resourcePatterns(list: ValueList): string[] {
  const patterns = list.items.map((i) => unknownAsWildcard(i.value));
  if (list.computed && list.items.length < elementCount(list)) patterns.push('*');
  return [...new Set(patterns)];
}

const elementCount = (list: ValueList) => (list.valueNode.type === 'array' ? (list.valueNode.children?.length ?? 0) : 1) - list.invalid.length;

/** A principal value as the view names it: `*` for everyone, else `Type:value`. */
function principalNames(statement: StatementModel, element: 'Principal' | 'NotPrincipal'): string[] {
  const names = principalItems(statement)
    .filter((i) => i.element === element)
    .map((i) => (isEveryone(i) ? '*' : `${i.type ?? ''}:${i.value}`));
  return [...new Set(names)];
}

export function statementRef(statement: StatementModel, effect: 'Allow' | 'Deny'): StatementRef {
  return {
    index: statement.index,
    ...(statement.sid ? { sid: statement.sid.value } : {}),
    effect,
    offset: statement.node.offset,
    length: statement.node.length,
  };
}

/** The statement as the view reads it, or undefined (with a note) when it grants and denies nothing. */
export function readStatement(statement: StatementModel, policy: PolicyDocument, catalog: Catalog, notes: AccessNote[]): ReadStatement | undefined {
  const effect = effectOf(statement);
  const where = statement.index !== undefined ? `statement ${statement.index}` : 'the statement';
  if (!effect) {
    notes.push({ message: `${where} has no valid Effect ("Allow" or "Deny"): it grants and denies nothing (AWS rejects the policy)` });
    return undefined;
  }
  const ref = statementRef(statement, effect);
  const skip = (why: string) => {
    notes.push({ statement: ref, message: `${where} ${why}` });
    return undefined;
  };
  const list = statement.action ?? statement.notAction;
  if (!list) return skip('has no Action: it grants and denies nothing');
  const resourceBased = isResourceBased(policy.policyType);
  const resourceList = statement.resource ?? statement.notResource;
  if (!resourceList && !resourceBased) return skip('has no Resource: it grants and denies nothing');
  if (statement.resource && statement.resource.items.length === 0 && !statement.resource.computed) return skip('has an empty Resource: it grants and denies nothing');
  if (resourceBased && !statement.principal && !statement.notPrincipal) return skip('has no Principal: in a resource-based policy it applies to no one');
  const items = (statement.action ?? statement.notAction)!.items;
  const actionLists = items.map((i) => catalog.matchActions(i.value));
  const unmatched = statement.action ? items.filter((_, i) => actionLists[i].length === 0).map((i) => i.value) : [];
  const partial = list.computed || list.invalid.length > 0 || !!resourceList?.computed || (resourceList?.invalid.length ?? 0) > 0;
  if (partial) notes.push({ statement: ref, message: `${where} has values that are computed or not strings: read without them` });
  const principals = resourceBased ? principalNames(statement, 'Principal') : undefined;
  const notPrincipals = resourceBased && statement.notPrincipal ? principalNames(statement, 'NotPrincipal') : undefined;
  const condition = readCondition(statement);
  if (condition && !condition.readable) notes.push({ statement: ref, message: `${where} has a Condition AWS cannot read: read as a condition that may or may not hold` });
  return {
    ref,
    actionLists,
    notAction: !statement.action,
    unmatched,
    resources: statement.resource ? resourcePatterns(statement.resource) : ['*'],
    ...(statement.notResource && !statement.resource ? { notResources: resourcePatterns(statement.notResource) } : {}),
    ...(condition ? { condition } : {}),
    ...(principals ? { principals: notPrincipals ? ['*'] : principals } : {}),
    ...(notPrincipals ? { notPrincipals } : {}),
    everyone: !resourceBased || (!notPrincipals && principals!.includes('*')),
    partial,
  };
}
