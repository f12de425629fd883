import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { conditionOperators, hasConditionOperator } from '../semantics/conditionItems';
import { type Rule, stringTarget } from './rule';

const NULL_IF_EXISTS = /^((?:ForAllValues:|ForAnyValue:)?)NullIfExists$/;

/**
 * `null-with-ifexists`: `Null` already tests whether a key is present, so IAM has no
 * `NullIfExists` and rejects it. The fix drops the suffix.
 */
export const nullWithIfExists: Rule = {
  code: 'null-with-ifexists',
  defaultSeverity: 'error',
  description: 'NullIfExists does not exist: Null already tests whether the key is present.',
  example: {
    bad: '"Condition": { "NullIfExists": { "aws:TokenIssueTime": "true" } }',
    good: '"Condition": { "Null": { "aws:TokenIssueTime": "true" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const op of conditionOperators(statement)) {
        if (NULL_IF_EXISTS.test(op.name)) report(op.node, `'${op.name}' does not exist: Null already tests whether the key is present; use 'Null'.`);
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const statement = statementAt(policy, offset);
    // The operator's key: a string whose property sits directly in the statement's Condition.
    const key = stringTarget(target);
    if (!statement?.condition || !key || key.parent?.parent !== statement.condition || key.parent.children?.[0] !== key) return [];
    const match = NULL_IF_EXISTS.exec(key.value as string);
    if (!match) return [];
    const operator = `${match[1]}Null`;
    // Renaming onto an operator the block already has would duplicate the key.
    if (hasConditionOperator(statement, operator)) return [];
    return [quickFix(`Change to '${operator}'`, document, [renameKey(document, key, operator)], diagnostic, true)];
  },
};
