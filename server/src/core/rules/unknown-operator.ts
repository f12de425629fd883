import { conditionOperators as OPERATORS, findOperatorIgnoringCase } from '../data/conditionOperators';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { renameKey } from '../edits/conditionEdits';
import { conditionOperators } from '../semantics/conditionItems';
import type { Rule } from './rule';

interface Data {
  readonly suggestions: readonly string[];
}

/** Every valid operator spelling: base, `IfExists` (not for Null) and the set prefixes. */
const SPELLINGS: readonly string[] = OPERATORS.flatMap((o) =>
  ['', 'ForAllValues:', 'ForAnyValue:'].flatMap((p) => (o.family === 'Null' ? [`${p}${o.name}`] : [`${p}${o.name}`, `${p}${o.name}IfExists`])),
);
const VALID = new Set(SPELLINGS);
/** `NullIfExists` has its own code, `null-with-ifexists`. */
const NULL_IF_EXISTS = /^(ForAllValues:|ForAnyValue:)?NullIfExists$/;

/** Suggestions for a misspelt operator: the case-corrected spelling first, then near misses. */
function operatorSuggestions(name: string): string[] {
  const cased = findOperatorIgnoringCase(name);
  if (cased) return [cased];
  const prefix = /^(ForAllValues:|ForAnyValue:)/.exec(name)?.[0] ?? '';
  return closestMatches(name, prefix ? SPELLINGS.filter((s) => s.startsWith(prefix)) : SPELLINGS);
}

/** `unknown-operator`: IAM rejects condition operators it does not know, and compares their names case-sensitively. */
export const unknownOperator: Rule<Data> = {
  code: 'unknown-operator',
  defaultSeverity: 'error',
  description: 'The condition operator does not exist (operator names are case-sensitive).',
  example: {
    bad: '"Condition": { "StringEqual": { "aws:PrincipalTag/team": "blue" } }',
    good: '"Condition": { "StringEquals": { "aws:PrincipalTag/team": "blue" } }',
  },
  check({ policy }, report) {
    for (const statement of policy.statements) {
      for (const op of conditionOperators(statement)) {
        if (VALID.has(op.name) || NULL_IF_EXISTS.test(op.name)) continue;
        const suggestions = operatorSuggestions(op.name);
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(op.node, `Unknown condition operator '${op.name}'.${hint}`, { suggestions });
      }
    }
  },
  fix({ document, policy }, diagnostic) {
    const offset = document.offsetAt(diagnostic.range.start);
    const op = policy.statements.flatMap(conditionOperators).find((o) => o.node.offset === offset);
    if (!op) return [];
    return diagnostic.data.suggestions.map((s: string, i: number) =>
      quickFix(`Did you mean '${s}'?`, document, [renameKey(document, op.node, s)], diagnostic, i === 0),
    );
  },
};
