import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { conditionOperators, hasConditionOperator } from '../semantics/conditionItems';
import { type Rule, stringTarget } from './rule';

const NULL_WITH_SET = /^(ForAllValues|ForAnyValue):Null$/;

/**
 * `null-with-set-operator`: `ForAllValues:Null` or `ForAnyValue:Null`. IAM accepts them, but
 * the set operator makes the test meaningless: per Access Analyzer (NULL_WITH_QUALIFIER)
 * `ForAllValues:Null` always holds and `ForAnyValue:Null` never does, whatever the request. A
 * plain `Null` tests whether the key is present, which is what such a condition means. The fix
 * drops the prefix; it is offered, not preferred, since the condition then starts to restrict.
 */
export const nullWithSetOperator: Rule = {
  code: 'null-with-set-operator',
  defaultSeverity: 'information',
  description: 'ForAllValues:Null always holds and ForAnyValue:Null never does: use Null to test whether a key is present.',
  example: {
    bad: '"Condition": { "ForAllValues:Null": { "aws:TagKeys": "false" } }',
    good: '"Condition": { "Null": { "aws:TagKeys": "false" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const op of conditionOperators(statement)) {
        const match = NULL_WITH_SET.exec(op.name);
        if (!match) continue;
        const outcome = match[1] === 'ForAllValues' ? 'always holds' : 'never holds';
        report(op.node, `'${op.name}' ${outcome}, whatever the request: a set operator does not apply to Null. Use 'Null' to test whether the key is present.`);
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    const key = stringTarget(target);
    if (!key) return [];
    const statement = statementAt(policy, key.offset);
    // The operator's key: a string whose property sits directly in the statement's Condition.
    if (!statement?.condition || key.parent?.parent !== statement.condition || key.parent.children?.[0] !== key) return [];
    if (!NULL_WITH_SET.test(key.value as string)) return [];
    // Renaming onto an operator the block already has would duplicate the key.
    if (hasConditionOperator(statement, 'Null')) return [];
    return [quickFix(`Change to 'Null'`, document, [renameKey(document, key, 'Null')], diagnostic, false)];
  },
};
