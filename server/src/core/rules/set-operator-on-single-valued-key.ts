import { allConditionEntries } from '../semantics/conditionItems';
import { isMultivaluedKey } from '../semantics/conditionKeys';
import type { Rule } from './rule';

/**
 * `set-operator-on-single-valued-key`: `ForAllValues:`/`ForAnyValue:` on a key that has one
 * value per request. AWS warns this makes policies more permissive than intended:
 * `ForAllValues:` is also true when the key is missing from the request.
 */
export const setOperatorOnSingleValuedKey: Rule = {
  code: 'set-operator-on-single-valued-key',
  defaultSeverity: 'warning',
  description: 'ForAllValues/ForAnyValue on a single-valued key; ForAllValues is then also true when the key is missing.',
  example: {
    bad: '"Condition": { "ForAllValues:StringEquals": { "aws:PrincipalTag/team": "blue" } }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalTag/team": "blue" } }',
  },
  check({ policy, catalog }, report) {
    for (const entry of allConditionEntries(policy)) {
      const prefix = entry.parsed?.prefix;
      // Only global keys: their single/multivalued nature is documented reliably, while AWS's
      // own managed policies use set operators on service keys the reference types as String.
      if (!prefix || !entry.key.toLowerCase().startsWith('aws:') || isMultivaluedKey(catalog, entry.key) !== false) continue;
      const consequence =
        prefix === 'ForAllValues'
          ? 'it is also true when the request has no value for the key, which usually grants more than intended'
          : 'it behaves like the plain operator, so the prefix only misleads';
      report(entry.keyNode, `'${entry.key}' has a single value per request; with '${prefix}:' ${consequence}. Use '${entry.parsed!.base.name}${entry.parsed!.ifExists ? 'IfExists' : ''}'.`);
    }
  },
};
