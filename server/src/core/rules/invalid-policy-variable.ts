import type { Node } from 'jsonc-parser';
import { TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import { multivaluedKeysNotUsableAsVariables, isKnownPolicyVariable, policyVariables } from '../data/policyVariables';
import type { PolicyDocument } from '../policy';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { allConditionEntries, conditionKeyInfo } from './conditionItems';
import type { Rule, Target } from './rule';
import { unknownKeySuggestions } from './unknown-condition-key';

interface Data {
  readonly suggestions: readonly string[];
}

/** A `${name}` in a string, with the span of the name in the document. */
export interface VariableUse {
  readonly name: string;
  readonly target: Target;
}

/** The policy variables of a string node, located in the raw text so escapes cannot shift them. */
export function variablesIn(text: string, node: Node): VariableUse[] {
  const raw = text.slice(node.offset, node.offset + node.length);
  const uses: VariableUse[] = [];
  for (const match of raw.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = match[1];
    const name = inner.split(',')[0].trim();
    if (!name) continue;
    const start = node.offset + match.index + 2 + inner.indexOf(name);
    uses.push({ name, target: { offset: start, length: name.length } });
  }
  return uses;
}

/** The string nodes where variables are substituted: Resource/NotResource and condition values. */
function substitutedStrings(policy: PolicyDocument): Node[] {
  const nodes: Node[] = [];
  for (const s of policy.statements) for (const list of [s.resource, s.notResource]) nodes.push(...(list?.items ?? []).map((i) => i.node));
  for (const entry of allConditionEntries(policy)) nodes.push(...entry.values.filter((v) => v.node.type === 'string').map((v) => v.node));
  return nodes;
}

function isKnown(catalog: Catalog, name: string): boolean {
  // Keys of other services and of identity providers (`${cognito-identity.amazonaws.com:sub}`) cannot be judged.
  return isKnownPolicyVariable(name, (key) => key.includes(':') && (conditionKeyInfo(catalog, key) !== undefined || unknownKeySuggestions(catalog, key) === undefined));
}

const MULTIVALUED = new Set(multivaluedKeysNotUsableAsVariables.map((k) => k.toLowerCase()));

/**
 * `invalid-policy-variable`: a `${...}` that IAM cannot substitute: an unknown name, or a
 * multivalued key such as `aws:TagKeys`. An unresolved variable matches nothing, so the
 * Resource or condition silently stops working.
 */
export const invalidPolicyVariable: Rule<Data> = {
  code: 'invalid-policy-variable',
  defaultSeverity: 'warning',
  description: 'The ${...} policy variable is unknown or multivalued, so IAM cannot substitute it and it matches nothing.',
  example: {
    bad: '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:usrname}/*"',
    good: '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"',
  },
  check({ document, policy, catalog }, report) {
    const text = document.getText();
    const known = [
      ...policyVariables.filter((v) => !v.pattern && v.name.length > 1).map((v) => v.name),
      ...catalog.globalConditionKeys.map((k) => k.key).filter((k) => !k.includes('${') && !MULTIVALUED.has(k.toLowerCase())),
    ];
    for (const node of substitutedStrings(policy)) {
      for (const use of variablesIn(text, node)) {
        if (MULTIVALUED.has(use.name.toLowerCase())) {
          report(use.target, `'${use.name}' is multivalued and cannot be used as a policy variable; compare it in a condition with ForAnyValue/ForAllValues instead.`, { suggestions: [] });
          continue;
        }
        if (isKnown(catalog, use.name)) continue;
        const suggestions = closestMatches(use.name, new Set(known));
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(use.target, `Unknown policy variable '\${${use.name}}': it is never substituted, so this value matches nothing.${hint}`, { suggestions });
      }
    }
  },
  fix({ document }, diagnostic) {
    return diagnostic.data.suggestions.map((s: string, i: number) =>
      quickFix(`Did you mean '\${${s}}'?`, document, [TextEdit.replace(diagnostic.range, s)], diagnostic, i === 0),
    );
  },
};

