import type { Node } from 'jsonc-parser';
import { removeArrayElement } from '../edits/jsonEdits';
import { statementAt, type StatementModel, type ValueList } from '../policy';
import { ActionPatternIndex, effectOf, statementStart } from '../semantics/actionPatterns';
import { conditionEntries } from '../semantics/conditionItems';
import { principalItems } from '../semantics/principalItems';
import { ResourcePattern } from '../semantics/resourcePatterns';
import { hasUnknown } from '../semantics/unknown';
import { quickFix } from '../util/edits';
import type { Rule } from './rule';

/** Statements compared pair by pair; past this the policy is generated, and a hint is not worth the time. */
const MAX_STATEMENTS = 200;

/** Pattern comparisons one check may make (a few hundred statements of a few hundred ARNs each would be billions); past it, no more findings. */
const BUDGET = 2_000_000;

/** What one statement grants (or denies), in a form two statements can be compared in. */
interface Grant {
  readonly statement: StatementModel;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: ActionPatternIndex<{ value: string }>;
  readonly actionValues: readonly string[];
  /** Undefined when the statement has neither Resource nor NotResource (a trust policy). */
  readonly resources: readonly ResourcePattern[] | undefined;
  /** The principals, canonical; '' without any. */
  readonly principals: string;
  /** The condition, canonical; '' without one. */
  readonly condition: string;
}

/** The list's values when every one is a plain string the analysis knows, else undefined. */
function plainValues(list: ValueList | undefined): string[] | undefined {
  if (!list || list.invalid.length > 0 || list.computed || list.items.length === 0) return undefined;
  const values = list.items.map((i) => i.value);
  return values.some((v) => v === '' || hasUnknown(v)) ? undefined : values;
}

/** The string leaves under a node, or -1 when it holds anything else. */
function stringLeaves(node: Node): number {
  if (node.type === 'string') return 1;
  if (node.type !== 'array' && node.type !== 'object') return -1;
  let count = 0;
  for (const child of node.children ?? []) {
    const inner = child.type === 'property' ? child.children?.[1] : child;
    const n = inner ? stringLeaves(inner) : -1;
    if (n < 0) return -1;
    count += n;
  }
  return count;
}

/** Principals as a sorted list of `type value`, or undefined when some value is not a plain string. */
function canonicalPrincipals(statement: StatementModel): string | undefined {
  if (statement.notPrincipal) return undefined;
  if (!statement.principal) return '';
  const items = principalItems(statement);
  if (stringLeaves(statement.principal) !== items.length) return undefined;
  return JSON.stringify(items.map((i) => `${i.type ?? ''} ${i.value}`).sort());
}

/** A condition value the comparison can trust: a string the analysis knows, a number or a boolean. */
const isScalar = (node: Node | undefined): boolean =>
  node !== undefined && ((node.type === 'string' && !hasUnknown(node.value as string)) || node.type === 'number' || node.type === 'boolean');

/** Whether a Condition is `{operator: {key: value | [values]}}` throughout, with nothing else. */
function isPlainCondition(condition: Node): boolean {
  if (condition.type !== 'object') return false;
  return (condition.children ?? []).every((op) => {
    const block = op.children?.[1];
    return block?.type === 'object' && (block.children ?? []).every((entry) => {
      const value = entry.children?.[1];
      return value?.type === 'array' ? (value.children ?? []).length > 0 && (value.children ?? []).every(isScalar) : isScalar(value);
    });
  });
}

/** The condition as a sorted list of `operator key values`, or undefined when it is not a plain block. */
function canonicalCondition(statement: StatementModel): string | undefined {
  const condition = statement.condition;
  if (!condition) return '';
  if (!isPlainCondition(condition)) return undefined;
  return JSON.stringify(conditionEntries(statement).map((e) => `${e.operator} ${e.key} ${JSON.stringify(e.values.map((v) => v.text).sort())}`).sort());
}

function grantOf(statement: StatementModel): Grant | undefined {
  const effect = effectOf(statement);
  const actionValues = statement.notAction ? undefined : plainValues(statement.action);
  const resources = statement.resource ? plainValues(statement.resource) : undefined;
  const principals = canonicalPrincipals(statement);
  const condition = canonicalCondition(statement);
  if (!effect || !actionValues || statement.notResource || (statement.resource && !resources) || principals === undefined || condition === undefined) return undefined;
  return {
    statement,
    effect,
    actions: new ActionPatternIndex(actionValues.map((value) => ({ value }))),
    actionValues,
    resources: resources?.map((r) => new ResourcePattern(r)),
    principals,
    condition,
  };
}

/** Whether `outer` grants everything `inner` grants, under no more conditions; `spend` is charged the comparisons. */
function covers(outer: Grant, inner: Grant, spend: (n: number) => void): boolean {
  if (outer.effect !== inner.effect || outer.principals !== inner.principals) return false;
  if (outer.condition !== '' && outer.condition !== inner.condition) return false;
  if ((outer.resources === undefined) !== (inner.resources === undefined)) return false;
  spend(inner.actionValues.length * outer.actionValues.length + (inner.resources?.length ?? 0) * (outer.resources?.length ?? 0));
  if (!inner.actionValues.every((a) => outer.actions.covering(a).length > 0)) return false;
  return !inner.resources || inner.resources.every((r) => outer.resources!.some((o) => o.covers(r)));
}

/**
 * `redundant-statement`: a statement whose whole grant another statement of the same effect
 * already makes: its actions and resources are covered by the other's (same or broader
 * patterns), with the same principals, and the other has no condition or the very same one.
 * Of two equal statements the later is reported. Conservative: `NotAction`, `NotResource`,
 * `NotPrincipal`, values the host computes and odd shapes are not compared. The fix deletes
 * the statement.
 */
export const redundantStatement: Rule = {
  code: 'redundant-statement',
  defaultSeverity: 'hint',
  description: 'A statement grants (or denies) nothing that another statement of the same effect does not already.',
  example: {
    bad: '[{ "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*" }, { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/app/*" }]',
    good: '[{ "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*" }]',
  },
  check({ policy }, report) {
    const statements = policy.statements;
    if (statements.length < 2 || statements.length > MAX_STATEMENTS) return;
    const grants = statements.map(grantOf);
    let budget = BUDGET;
    const spend = (n: number) => {
      budget -= n;
    };
    grants.forEach((inner, i) => {
      if (!inner) return;
      const by = grants.find((outer, j) => budget > 0 && outer && j !== i && covers(outer, inner, spend) && (j < i || !covers(inner, outer, spend)));
      if (!by) return;
      const name = (s: StatementModel) => (s.sid?.value ? `statement '${s.sid.value}'` : `statement ${(s.index ?? 0) + 1}`);
      report(statementStart(inner.statement), `This statement is redundant: ${name(by.statement)} already ${inner.effect === 'Allow' ? 'allows' : 'denies'} all of it.`, undefined, {
        related: [{ target: statementStart(by.statement), message: `${name(by.statement)} covers it` }],
      });
    });
  },
  fix({ document, policy }, diagnostic) {
    const offset = document.offsetAt(diagnostic.range.start);
    const statement = statementAt(policy, offset);
    // Only while the finding still points at the statement's opening brace.
    if (!statement || statement.node.offset !== offset || statement.node.parent?.type !== 'array') return [];
    const edit = removeArrayElement(document, statement.node);
    return edit ? [quickFix('Remove the redundant statement', document, [edit], diagnostic, true)] : [];
  },
};
