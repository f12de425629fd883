import { TextEdit } from 'vscode-languageserver-types';
import { quickFix, rangeOf, replaceStringValue } from '../util/edits';
import { renameKey } from '../edits/conditionEdits';
import { allConditionEntries, conditionEntryAt, type ConditionEntry, hasConditionOperator } from '../semantics/conditionItems';
import type { Rule } from './rule';

type Pattern = 'deny-bool-false' | 'allow-ifexists-true' | 'allow-false';

interface Data {
  readonly pattern: Pattern;
}

const MESSAGES: Record<Pattern, string> = {
  'deny-bool-false':
    'This Deny misses long-term access keys: they carry no aws:MultiFactorAuthPresent, so "Bool ... false" never matches them. Use BoolIfExists.',
  'allow-ifexists-true':
    'This Allow also admits long-term access keys without MFA: BoolIfExists is true when aws:MultiFactorAuthPresent is absent. Use Bool.',
  'allow-false': 'This Allow grants access only to sessions without MFA ("false"); the value is probably inverted.',
};

function patternOf(entry: ConditionEntry): Pattern | undefined {
  if (entry.key.toLowerCase() !== 'aws:multifactorauthpresent' || !entry.parsed || entry.parsed.prefix || entry.parsed.base.name !== 'Bool') return undefined;
  const values = entry.values.map((v) => v.text.toLowerCase());
  if (values.length !== 1) return undefined;
  const effect = entry.statement.effect?.value;
  if (effect === 'Deny' && !entry.parsed.ifExists && values[0] === 'false') return 'deny-bool-false';
  if (effect === 'Allow' && entry.parsed.ifExists && values[0] === 'true') return 'allow-ifexists-true';
  if (effect === 'Allow' && values[0] === 'false') return 'allow-false';
  return undefined;
}

/**
 * `mfa-anti-pattern`: the documented traps with `aws:MultiFactorAuthPresent`, which is
 * absent (not false) for long-term access keys: a Deny with plain `Bool` "false" never
 * applies to them, an Allow with `BoolIfExists` "true" lets them in without MFA, and an
 * Allow on "false" admits exactly the sessions without MFA.
 */
export const mfaAntiPattern: Rule<Data> = {
  code: 'mfa-anti-pattern',
  defaultSeverity: 'warning',
  description: 'aws:MultiFactorAuthPresent used in a way that lets requests without MFA through.',
  example: {
    bad: '{ "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } } }',
    good: '{ "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }',
  },
  check({ policy }, report) {
    for (const entry of allConditionEntries(policy)) {
      const pattern = patternOf(entry);
      if (pattern) report(entry.keyNode, MESSAGES[pattern], { pattern });
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    const entry = conditionEntryAt(policy, offset);
    // The client sends the data back: data of another shape, or stale (the entry changed since), gets no fix.
    const pattern: unknown = (diagnostic.data as Partial<Data> | null)?.pattern;
    if (!entry || pattern !== patternOf(entry)) return [];
    if (pattern === 'allow-false') {
      const value = entry.values[0];
      const edit = value.node.type === 'string' ? replaceStringValue(document, value.node, 'true') : TextEdit.replace(rangeOf(document, value.node), 'true');
      return [quickFix('Require MFA ("true")', document, [edit], diagnostic, true)];
    }
    const operator = pattern === 'deny-bool-false' ? 'BoolIfExists' : 'Bool';
    // The operator covers every key under it: only rename a block holding this key alone.
    if (entry.block.children?.length !== 1 || hasConditionOperator(entry.statement, operator)) return [];
    return [quickFix(`Change '${entry.operator}' to '${operator}'`, document, [renameKey(document, entry.operatorNode, operator)], diagnostic, true)];
  },
};
