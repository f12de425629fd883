import type { Node } from 'jsonc-parser';
import { statementElements, topLevelElements } from '../data/elementDocs';
import { quickFix, replaceStringValue } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { type Report, type Rule, stringTarget } from './rule';

interface Data {
  readonly suggestion?: string;
  /** False when the suggested key already exists there: renaming would duplicate it, so fix-all leaves it. */
  readonly preferred?: boolean;
}

function checkKeys(object: Node | undefined, allowed: readonly string[], where: string, report: Report<Data>): void {
  if (object?.type !== 'object') return;
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (key?.type !== 'string' || allowed.includes(key.value)) continue;
    const name = String(key.value);
    // Element names are case-sensitive: `effect` is as unknown to IAM as `Efect`.
    const suggestion = allowed.find((a) => a.toLowerCase() === name.toLowerCase()) ?? closestMatches(name, allowed, 1)[0];
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : ` Expected one of ${allowed.join(', ')}.`;
    const taken = (object.children ?? []).some((p) => p.children?.[0]?.value === suggestion);
    report(key, `Unknown element '${name}' ${where}.${hint}`, { suggestion, preferred: !taken });
  }
}

/**
 * `unknown-element`: a key that IAM does not know at the top level or inside a statement,
 * including wrong casing (`effect`). IAM rejects the whole policy.
 */
export const unknownElement: Rule<Data> = {
  code: 'unknown-element',
  defaultSeverity: 'error',
  description: 'An unknown or misspelt element name (names are case-sensitive).',
  example: {
    bad: '{ "Version": "2012-10-17", "Statement": [{ "effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
    good: '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
  },
  check({ policy }, report) {
    checkKeys(policy.root, topLevelElements, 'at the top level of the policy', report);
    for (const statement of policy.statements) checkKeys(statement.node, statementElements, 'in a statement', report);
  },
  fix({ document, target }, diagnostic) {
    const node = stringTarget(target);
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const { suggestion, preferred } = (diagnostic.data as Partial<Record<keyof Data, unknown>> | null) ?? {};
    if (!node || typeof suggestion !== 'string' || suggestion === '') return [];
    return [quickFix(`Change to '${suggestion}'`, document, [replaceStringValue(document, node, suggestion)], diagnostic, preferred !== false)];
  },
};
