import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { childAt, type StatementModel, statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { conditionEntries, conditionEntryAt, conditionOperators } from '../semantics/conditionItems';
import { effectOf } from '../semantics/actionPatterns';
import { removeProperty } from '../edits/jsonEdits';
import type { Rule } from './rule';

/**
 * Removes a property of the statement's Condition (an operator, or a key of an operator block),
 * together with the block and the Condition it would leave empty.
 */
function removeFromCondition(document: TextDocument, statement: StatementModel, property: Node): TextEdit | undefined {
  let target = property;
  while (target.parent && target.parent !== statement.node && target.parent.children?.length === 1 && target.parent.parent?.type === 'property') {
    target = target.parent.parent;
  }
  return removeProperty(document, target);
}

/**
 * `empty-condition`: an empty `Condition` or operator block (`{}`), which tests nothing, and a
 * condition key with an empty array of values, which compares the request with nothing.
 * Probably a value lost in templating; the statement then applies more (or less) widely than
 * meant. Empty strings are left alone: `"s3:prefix": ""` is the documented bucket root.
 *
 * Fixes. An empty Condition or operator block tests nothing (the AND of no tests is true), so
 * removing it (and a Condition it leaves empty) keeps the policy's meaning: preferred, and part
 * of fix-all. A key with `[]` is different: IAM compares the request with no values, so a plain
 * operator matches no request, `ForAnyValue:` never matches and `ForAllValues:` only when the
 * key is absent (IAM Access Analyzer's empty-array checks). Removing a test from the AND of a
 * Condition can only make it match more often, whatever the operator: in an Allow that widens
 * the grant (a statement that matched nothing starts to grant), so an Allow, or a statement
 * without a valid Effect, gets no fix: the values are missing and only the author knows them.
 * In a Deny it can only deny more, never grant more, so removal is offered there, but not
 * preferred and not in fix-all: denying more is still a change of meaning.
 */
export const emptyCondition: Rule = {
  code: 'empty-condition',
  defaultSeverity: 'warning',
  description: 'A Condition or operator block is empty ({}), so it restricts nothing, or a condition key has no values ([]).',
  example: {
    bad: '"Condition": { "StringEquals": {} }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      const condition = statement.condition;
      if (condition?.type === 'object' && (condition.children ?? []).length === 0) {
        report(condition, 'The Condition is empty, so it restricts nothing. Add a condition or remove the element.');
        continue;
      }
      for (const op of conditionOperators(statement)) {
        if (op.value?.type === 'object' && (op.value.children ?? []).length === 0) {
          report(op.value, `'${op.name}' has no condition keys, so it restricts nothing. Add a key or remove the operator.`);
        }
      }
      for (const entry of conditionEntries(statement)) {
        if (entry.valueNode?.type === 'array' && (entry.valueNode.children ?? []).length === 0) {
          report(entry.valueNode, `'${entry.key}' has no values to compare with. Add the values or remove the key.`);
        }
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const statement = statementAt(policy, offset);
    const condition = statement?.condition;
    if (!statement || !condition) return [];
    const remove = (title: string, property: Node | undefined, preferred: boolean) => {
      const edit = property && removeFromCondition(document, statement, property);
      return edit ? [quickFix(title, document, [edit], diagnostic, preferred)] : [];
    };
    if (condition.offset === offset) return remove('Remove the empty Condition', condition.parent, true);
    if (condition.type !== 'object') return [];
    // The operator's property, then the key's, that hold the offset.
    const operator = childAt(condition, offset);
    const [name, block] = operator?.children ?? [];
    if (block?.offset === offset && block.type === 'object') return remove(`Remove the empty '${String(name?.value)}'`, operator, true);
    const key = block?.type === 'object' ? childAt(block, offset)?.children?.[0] : undefined;
    const entry = key && conditionEntryAt(policy, key.offset);
    if (!entry || entry.keyNode !== key || entry.valueNode?.offset !== offset || entry.valueNode.type !== 'array' || effectOf(statement) !== 'Deny') return [];
    return remove(`Remove '${entry.key}' (the Deny then applies whatever its value)`, entry.keyNode.parent, false);
  },
};
