import type { Node } from 'jsonc-parser';
import { type ParsedOperator, parseOperator } from '../data/conditionOperators';
import { globalKeyExtras } from '../data/globalConditionKeyDocs';
import type { Catalog, ConditionKeyInfo } from '../catalog/types';
import { type PolicyDocument, statementAt, type StatementModel } from '../policy';
import { isUnknown } from './unknown';

/** A scalar condition value: strings, and the booleans and numbers IAM also accepts. */
interface ConditionValue {
  /** The value as IAM reads it (`true` → `"true"`). */
  readonly text: string;
  readonly node: Node;
}

/** One `"operator": {"key": value}` pair of a statement's `Condition` block. */
export interface ConditionEntry {
  readonly statement: StatementModel;
  /** The operator's property key node (`"StringEquals"`). */
  readonly operatorNode: Node;
  readonly operator: string;
  /** Undefined when the operator is unknown. */
  readonly parsed: ParsedOperator | undefined;
  /** The object node holding the keys of this operator. */
  readonly block: Node;
  /** The condition key's property key node. */
  readonly keyNode: Node;
  readonly key: string;
  readonly valueNode: Node | undefined;
  readonly values: readonly ConditionValue[];
}

/** The operators of a statement's Condition object: key node, name and value node. */
export function conditionOperators(statement: StatementModel): { node: Node; name: string; value: Node | undefined }[] {
  const condition = statement.condition;
  if (condition?.type !== 'object') return [];
  const result: { node: Node; name: string; value: Node | undefined }[] = [];
  for (const prop of condition.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key?.type === 'string') result.push({ node: key, name: key.value as string, value });
  }
  return result;
}

function scalars(node: Node | undefined): ConditionValue[] {
  if (!node) return [];
  const elements = node.type === 'array' ? (node.children ?? []) : [node];
  const result: ConditionValue[] = [];
  for (const el of elements) {
    if (el.type === 'string' && isUnknown(el.value as string)) continue; // computed by the host: some valid value
    if (el.type === 'string' || el.type === 'boolean' || el.type === 'number') result.push({ text: String(el.value), node: el });
  }
  return result;
}

/**
 * Where a statement keeps its entries once computed: a plain property of the model (some twenty
 * rules ask for them), which lives and dies with it. A WeakMap did the same at a higher price in
 * GC. The incremental parse keeps a statement's model only when its text is unchanged (its
 * nodes move in place), so the entries stay right.
 */
const ENTRIES = Symbol('conditionEntries');

/**
 * Every operator/key pair of a statement, whatever shape the user wrote (wrong types are skipped).
 * The array is shared by every caller: read it, never change it.
 */
export function conditionEntries(statement: StatementModel): ConditionEntry[] {
  const cached = (statement as { [ENTRIES]?: ConditionEntry[] })[ENTRIES];
  if (cached) return cached;
  const entries = computeEntries(statement);
  // Not enumerable: a deepEqual of two models must not see it.
  Object.defineProperty(statement, ENTRIES, { value: entries });
  return entries;
}

function computeEntries(statement: StatementModel): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  for (const op of conditionOperators(statement)) {
    if (op.value?.type !== 'object') continue;
    const parsed = parseOperator(op.name);
    for (const prop of op.value.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (keyNode?.type !== 'string') continue;
      entries.push({
        statement,
        operatorNode: op.node,
        operator: op.name,
        parsed,
        block: op.value,
        keyNode,
        key: keyNode.value as string,
        valueNode,
        values: scalars(valueNode),
      });
    }
  }
  return entries;
}

const OPERATOR_NAMES = Symbol('conditionOperatorNames');

/**
 * True when the statement's Condition has an operator spelled exactly `name` (JSON keys are
 * case-sensitive). A fix that renames an operator asks first, so as not to duplicate a key; a
 * fix-all asks once per finding, and a scan of 80,000 operators for each took 20 s. The names
 * are kept on the statement model like its entries (see `ENTRIES`): one set per Condition node.
 */
export function hasConditionOperator(statement: StatementModel, name: string): boolean {
  if (statement.condition?.type !== 'object') return false;
  let names = (statement as { [OPERATOR_NAMES]?: ReadonlySet<string> })[OPERATOR_NAMES];
  if (!names) {
    names = new Set(conditionOperators(statement).map((o) => o.name));
    Object.defineProperty(statement, OPERATOR_NAMES, { value: names });
  }
  return names.has(name);
}

/**
 * The entries of every statement, by parse. Some twenty rules ask in one validation, and a
 * fresh list of a Condition's 80,000 entries for each (garbage to collect) was most of a
 * validation of such a document. A parse never changes, so neither do its entries.
 */
const policyEntries = new WeakMap<PolicyDocument, readonly ConditionEntry[]>();

/** Every condition entry of the policy. Shared by every caller: read it, never change it. */
export function allConditionEntries(policy: PolicyDocument): readonly ConditionEntry[] {
  let entries = policyEntries.get(policy);
  if (!entries) {
    const { statements } = policy;
    entries = statements.length === 1 ? conditionEntries(statements[0]) : statements.flatMap(conditionEntries);
    policyEntries.set(policy, entries);
  }
  return entries;
}

/**
 * The condition entry whose key starts at `offset` (where a finding on the key starts): in its
 * statement, by binary search, since entries come in document order. A fix-all looks up
 * thousands of them, and a scan of every entry for each was quadratic.
 */
export function conditionEntryAt(policy: PolicyDocument, offset: number): ConditionEntry | undefined {
  const statement = statementAt(policy, offset);
  if (!statement) return undefined;
  const entries = conditionEntries(statement);
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = entries[mid].keyNode.offset;
    if (at < offset) lo = mid + 1;
    else if (at > offset) hi = mid - 1;
    else return entries[mid];
  }
  return entries.find((e) => e.keyNode.offset === offset);
}

/**
 * The node when it is a string value of a condition key (a fix's target): its key's entry is
 * found by binary search. A fix-all of findings after a list of hundreds of thousands of valid
 * values scanned every entry and value for each.
 */
export function conditionStringAt(policy: PolicyDocument, node: Node | undefined): Node | undefined {
  if (node?.type !== 'string' || isUnknown(node.value as string)) return undefined;
  // The value is the key's property value, or an element of its array (see `scalars`).
  const property = node.parent?.type === 'array' ? node.parent.parent : node.parent;
  const key = property?.type === 'property' ? property.children?.[0] : undefined;
  const entry = key && conditionEntryAt(policy, key.offset);
  if (!entry || entry.keyNode !== key) return undefined;
  const value = entry.valueNode;
  return value === node || (value?.type === 'array' && node.parent === value) ? node : undefined;
}

/** A condition key's documentation: the catalogue first, then documented keys the catalogue lacks. */
export function conditionKeyInfo(catalog: Catalog, key: string): ConditionKeyInfo | undefined {
  const found = catalog.findConditionKey(key);
  if (found) return found;
  const lower = key.toLowerCase();
  const extra = globalKeyExtras.find((e) => e.key.toLowerCase() === lower);
  return extra && { key: extra.key, type: extra.type, description: extra.description, service: extra.key.split(':')[0] };
}

/** True when the condition names this key (case-insensitive, as IAM compares keys) under any operator. */
export function hasConditionKey(statement: StatementModel, keys: readonly string[]): boolean {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return conditionEntries(statement).some((e) => wanted.has(e.key.toLowerCase()));
}
