import { conditionOperators as OPERATORS, findOperatorIgnoringCase } from '../data/conditionOperators';
import { statementAt } from '../policy';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { renameKey } from '../edits/conditionEdits';
import { conditionOperators } from '../semantics/conditionItems';
import { type Rule, stringTarget } from './rule';

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

/** Unknown operators per document that get a did-you-mean. */
const MAX_SUGGESTED = 200;

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
    // A did-you-mean compares the name with every spelling: worth it for the first findings, not
    // for each of 70,000 generated operators (5 to 7 s on a 3 MB document).
    let suggested = 0;
    for (const statement of policy.statements) {
      for (const op of conditionOperators(statement)) {
        if (VALID.has(op.name) || NULL_IF_EXISTS.test(op.name)) continue;
        const suggestions = suggested++ < MAX_SUGGESTED ? operatorSuggestions(op.name) : [];
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(op.node, `Unknown condition operator '${op.name}'.${hint}`, { suggestions });
      }
    }
  },
  fix({ document, policy, target }, diagnostic) {
    if (!target) return [];
    const offset = target.offset;
    // The operator's key: a string whose property sits directly in the statement's Condition, found
    // by binary search (a scan of every operator for each fix took 25 s in a fix-all of 70,000).
    const condition = statementAt(policy, offset)?.condition;
    const node = stringTarget(target);
    if (!condition || !node || node.parent?.parent !== condition || node.parent.children?.[0] !== node) return [];
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const suggestions: unknown = (diagnostic.data as Partial<Data> | null)?.suggestions;
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '${s}'?`, document, [renameKey(document, node, s)], diagnostic, i === 0),
    );
  },
};
