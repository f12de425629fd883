import { quickFix } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { conditionOperators } from '../semantics/conditionItems';
import type { Rule } from './rule';

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
  fix({ document, policy }, diagnostic) {
    const offset = document.offsetAt(diagnostic.range.start);
    const statement = policy.statements.find((s) => conditionOperators(s).some((o) => o.node.offset === offset));
    if (!statement) return [];
    const ops = conditionOperators(statement);
    const op = ops.find((o) => o.node.offset === offset);
    const match = op && NULL_IF_EXISTS.exec(op.name);
    if (!op || !match) return [];
    const target = `${match[1]}Null`;
    // Renaming onto an operator the block already has would duplicate the key.
    if (ops.some((o) => o.name === target)) return [];
    return [quickFix(`Change to '${target}'`, document, [renameKey(document, op.node, target)], diagnostic, true)];
  },
};
