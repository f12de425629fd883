import type { Node } from 'jsonc-parser';
import type { StatementModel } from '../policy';
import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { allConditionEntries, conditionEntryAt, conditionOperators } from '../semantics/conditionItems';
import type { Rule } from './rule';
import { isMultivaluedKey } from '../semantics/conditionKeys';

/**
 * HACK: the set of a Condition's operator names belongs in semantics/conditionItems.ts, next to
 * `conditionOperators`, shared by every fix that renames an operator; kept here until it moves.
 * Built once per Condition node (its keys never change): a fix-all asks once per finding, and a
 * scan of 80,000 operators for each took 20 s.
 */
const operatorNames = new WeakMap<Node, ReadonlySet<string>>();

/** True when the statement's Condition has an operator of this name. */
function hasOperator(statement: StatementModel, name: string): boolean {
  const condition = statement.condition;
  if (condition?.type !== 'object') return false;
  let names = operatorNames.get(condition);
  if (!names) operatorNames.set(condition, (names = new Set(conditionOperators(statement).map((o) => o.name))));
  return names.has(name);
}

/**
 * `missing-set-operator-on-multivalued-key`: a multivalued key such as `aws:TagKeys` or
 * `aws:CalledVia` compared without `ForAllValues:`/`ForAnyValue:`, so it is unclear whether
 * every value or any value must match. Both fixes are offered; neither is preferred, since
 * they mean different things.
 */
export const missingSetOperatorOnMultivaluedKey: Rule = {
  code: 'missing-set-operator-on-multivalued-key',
  defaultSeverity: 'warning',
  description: 'A multivalued key (aws:TagKeys, aws:CalledVia, ArrayOf… keys) compared without ForAllValues or ForAnyValue.',
  example: {
    bad: '"Condition": { "StringEquals": { "aws:TagKeys": ["team", "cost-center"] } }',
    good: '"Condition": { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "cost-center"] } }',
  },
  check({ policy, catalog }, report) {
    for (const entry of allConditionEntries(policy)) {
      if (!entry.parsed || entry.parsed.prefix || entry.parsed.base.family === 'Null') continue;
      // Only global keys: some service keys typed ArrayOf... (events:detail-type) are compared
      // with plain operators in AWS's own managed policies.
      if (!entry.key.toLowerCase().startsWith('aws:') || isMultivaluedKey(catalog, entry.key) !== true) continue;
      report(
        entry.keyNode,
        `'${entry.key}' can have several values per request: prefix the operator with 'ForAllValues:' (every value must match) or 'ForAnyValue:' (at least one must).`,
      );
    }
  },
  fix({ document, policy }, diagnostic) {
    const offset = document.offsetAt(diagnostic.range.start);
    const entry = conditionEntryAt(policy, offset);
    // Renaming the operator changes every key under it, so only fix a block with this key alone.
    if (!entry || entry.block.children?.length !== 1) return [];
    return ['ForAllValues', 'ForAnyValue']
      .map((p) => `${p}:${entry.operator}`)
      .filter((name) => !hasOperator(entry.statement, name))
      .map((name) => quickFix(`Change to '${name}'`, document, [renameKey(document, entry.operatorNode, name)], diagnostic));
  },
};
