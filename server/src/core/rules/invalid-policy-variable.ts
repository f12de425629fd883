import type { Node } from 'jsonc-parser';
import { TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import { multivaluedKeysNotUsableAsVariables, isKnownPolicyVariable, policyVariables } from '../data/policyVariables';
import type { PolicyDocument } from '../policy';
import type { PolicyType } from '../types';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { allConditionEntries, conditionKeyInfo } from '../semantics/conditionItems';
import type { Rule } from './rule';
import { arnProblem } from '../semantics/arnProblems';
import { missingKeyPart, missingKeyPartMessage, unknownKeySuggestions } from '../semantics/conditionKeys';
import { isPolicyVariableName, type MalformedVariable, scanVariables } from '../semantics/policyVariableSyntax';

interface Data {
  readonly suggestions: readonly string[];
  /** For a name with spaces around it: the name without them. */
  readonly trimmed?: string;
  /** For a badly quoted default value: the value in single quotes, as the text to write. */
  readonly replacement?: string;
}

/** The string nodes where variables are substituted: Resource/NotResource and condition values. */
function substitutedStrings(policy: PolicyDocument): { node: Node; inResource: boolean }[] {
  const nodes: { node: Node; inResource: boolean }[] = [];
  for (const s of policy.statements) {
    for (const list of [s.resource, s.notResource]) for (const i of list?.items ?? []) nodes.push({ node: i.node, inResource: true });
  }
  for (const entry of allConditionEntries(policy)) {
    for (const v of entry.values) if (v.node.type === 'string') nodes.push({ node: v.node, inResource: false });
  }
  return nodes;
}

/** The elements whose values IAM takes as written: a policy variable there is never replaced. */
type LiteralElement = 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Sid';

const LITERAL_HINTS: Record<LiteralElement, string> = {
  Principal: 'name the principal, or match the caller with a condition instead',
  NotPrincipal: 'name the principal',
  Action: 'write the action out (the wildcards * and ? work here)',
  NotAction: 'write the action out (the wildcards * and ? work here)',
  Sid: 'a Sid is only a label',
};

/** The policy types whose Sid invalid-sid holds to letters and digits: a `${` there is its finding. */
const SID_CHECKED: readonly PolicyType[] = ['identity', 'boundary', 'session'];

/**
 * The strings of the elements IAM never substitutes in. Effect and Version are left out, and
 * the Sid of the policies IAM validates: a `${` there already makes invalid-effect,
 * invalid-version or invalid-sid reject the value and name the values it takes. Values the
 * host computes in part are read too: their `${AWS::...}` or `${var.x}` is already unknown, and
 * a `${!aws:username}` that a `!Sub` writes out reaches IAM as a variable.
 */
function literalStrings(policy: PolicyDocument): { node: Node; element: LiteralElement }[] {
  const nodes: { node: Node; element: LiteralElement }[] = [];
  for (const s of policy.statements) {
    if (s.sid?.node.type === 'string' && !SID_CHECKED.includes(policy.policyType)) nodes.push({ node: s.sid.node, element: 'Sid' });
    for (const [element, list] of [['Action', s.action], ['NotAction', s.notAction]] as const) {
      for (const item of list?.items ?? []) nodes.push({ node: item.node, element });
    }
    for (const [element, value] of [['Principal', s.principal], ['NotPrincipal', s.notPrincipal]] as const) {
      if (value?.type === 'string') nodes.push({ node: value, element });
      if (value?.type !== 'object') continue;
      for (const prop of value.children ?? []) {
        const inner = prop.children?.[1];
        for (const el of inner?.type === 'array' ? (inner.children ?? []) : inner ? [inner] : []) {
          if (el.type === 'string') nodes.push({ node: el, element });
        }
      }
    }
  }
  return nodes;
}

const MALFORMED_MESSAGES: Record<MalformedVariable['kind'], (v: MalformedVariable) => string> = {
  empty: (v) => `'${v.text}' names no variable: IAM never substitutes it, so this value matches nothing.`,
  spaces: (v) => `'${v.text}' has spaces around the variable name: IAM does not trim them, so '\${${v.trimmed}}' is never substituted and this value matches nothing.`,
  unclosed: (v) => `'${v.text}' is not closed with '}': IAM does not substitute it, so this value matches nothing.`,
  quote: (v) => `The default value in '${v.text}' must begin and end with a single quote, as in ${v.replacement}.`,
  double: (v) => `The default value in '${v.text}' is in double quotes: policy variables take single quotes, as in ${v.replacement}.`,
};

function isKnown(catalog: Catalog, name: string): boolean {
  // Keys of other services and of identity providers (`${cognito-identity.amazonaws.com:sub}`) cannot be judged.
  return isKnownPolicyVariable(name, (key) => key.includes(':') && (conditionKeyInfo(catalog, key) !== undefined || unknownKeySuggestions(catalog, key) === undefined));
}

const MULTIVALUED = new Set(multivaluedKeysNotUsableAsVariables.map((k) => k.toLowerCase()));

/**
 * `invalid-policy-variable`: a `${...}` that IAM cannot substitute: an unknown name, a
 * multivalued key such as `aws:TagKeys`, a tag family without its tag key
 * (`${aws:PrincipalTag/}`), or malformed syntax: `${}`, spaces around the name
 * (`${aws:username }`; the space after the comma of a default value belongs to the syntax),
 * a `${` never closed (in a Resource, invalid-arn reports that), a default value not in
 * single quotes (`${aws:username, anonymous}`, or in double quotes; Access Analyzer's
 * MISSING_QUOTE_IN_VARIABLE and UNSUPPORTED_SYMBOL_IN_VARIABLE). An unresolved variable
 * matches nothing, so the Resource or condition silently stops working. Also a variable
 * (`${aws:username}`, `${*}`) in an element IAM takes as written: Principal, NotPrincipal,
 * Action, NotAction, Sid (Access Analyzer's VARIABLE_UNSUPPORTED_IN_ELEMENT); a placeholder of
 * another tool (`${ACCOUNT_ID}`) is left to the element's own rule. Fixes: trim the name, put
 * the default value in single quotes, or a did-you-mean.
 */
export const invalidPolicyVariable: Rule<Data> = {
  code: 'invalid-policy-variable',
  defaultSeverity: 'warning',
  description: 'The ${...} policy variable is unknown, multivalued or malformed (empty, spaces around the name, not closed, default value not in single quotes), or sits in Principal, Action or Sid, where IAM takes it literally.',
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
    for (const { node, inResource } of substitutedStrings(policy)) {
      const { uses, malformed } = scanVariables(text, node);
      for (const bad of malformed) {
        // In a Resource, invalid-arn already reports an unclosed '${' on the whole ARN.
        if (bad.kind === 'unclosed' && inResource && arnProblem(String(node.value))) continue;
        report(bad.target, MALFORMED_MESSAGES[bad.kind](bad), { suggestions: [], trimmed: bad.trimmed, replacement: bad.replacement });
      }
      for (const use of uses) {
        if (MULTIVALUED.has(use.name.toLowerCase())) {
          report(use.target, `'${use.name}' is multivalued and cannot be used as a policy variable; compare it in a condition with ForAnyValue/ForAllValues instead.`, { suggestions: [] });
          continue;
        }
        if (isKnown(catalog, use.name)) continue;
        const missing = missingKeyPart(catalog, use.name);
        if (missing) {
          report(use.target, `${missingKeyPartMessage(use.name, missing)}: as written, the variable is never substituted, so this value matches nothing.`, { suggestions: [] });
          continue;
        }
        const suggestions = closestMatches(use.name, new Set(known));
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        report(use.target, `Unknown policy variable '\${${use.name}}': it is never substituted, so this value matches nothing.${hint}`, { suggestions });
      }
    }
    for (const { node, element } of literalStrings(policy)) {
      if (!String(node.value).includes('${')) continue;
      for (const use of scanVariables(text, node).uses) {
        if (!isPolicyVariableName(use.name)) continue;
        const variable = text.slice(use.whole.offset, use.whole.offset + use.whole.length);
        report(use.whole, `Policy variables are replaced only in Resource and Condition values: '${variable}' in ${element} is taken literally; ${LITERAL_HINTS[element]}.`, { suggestions: [] });
      }
    }
  },
  fix({ document }, diagnostic) {
    // The client sends the data back: a wrong shape (null, another type) gets no fix, not an exception.
    const { trimmed, suggestions, replacement } = (diagnostic.data as Partial<Record<keyof Data, unknown>> | null) ?? {};
    if (typeof replacement === 'string' && replacement !== '') {
      return [quickFix(`Write the default value as ${replacement}`, document, [TextEdit.replace(diagnostic.range, replacement)], diagnostic, true)];
    }
    if (typeof trimmed === 'string' && trimmed !== '') {
      return [quickFix(`Remove the spaces: '\${${trimmed}}'`, document, [TextEdit.replace(diagnostic.range, trimmed)], diagnostic, true)];
    }
    if (!Array.isArray(suggestions)) return [];
    return suggestions.filter((s): s is string => typeof s === 'string').map((s, i) =>
      quickFix(`Did you mean '\${${s}}'?`, document, [TextEdit.replace(diagnostic.range, s)], diagnostic, i === 0),
    );
  },
};

