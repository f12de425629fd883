import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { allConditionEntries, conditionEntryAt, hasConditionOperator } from '../semantics/conditionItems';
import type { Rule } from './rule';
import { isMultivaluedKey } from '../semantics/conditionKeys';

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
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const entry = conditionEntryAt(policy, offset);
    // Renaming the operator changes every key under it, so only fix a block with this key alone.
    if (!entry || entry.block.children?.length !== 1) return [];
    return ['ForAllValues', 'ForAnyValue']
      .map((p) => `${p}:${entry.operator}`)
      .filter((name) => !hasConditionOperator(entry.statement, name))
      .map((name) => quickFix(`Change to '${name}'`, document, [renameKey(document, entry.operatorNode, name)], diagnostic));
  },
};
