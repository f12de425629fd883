import type { Node } from 'jsonc-parser';
import { TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import { multivaluedKeysNotUsableAsVariables, isKnownPolicyVariable, policyVariables } from '../data/policyVariables';
import type { PolicyDocument } from '../policy';
import { quickFix } from '../util/edits';
import { closestMatches } from '../util/suggest';
import { allConditionEntries, conditionKeyInfo } from '../semantics/conditionItems';
import type { Rule, Target } from './rule';
import { arnProblem } from '../semantics/arnProblems';
import { missingKeyPart, missingKeyPartMessage, unknownKeySuggestions } from '../semantics/conditionKeys';

interface Data {
  readonly suggestions: readonly string[];
  /** For a name with spaces around it: the name without them. */
  readonly trimmed?: string;
  /** For a badly quoted default value: the value in single quotes, as the text to write. */
  readonly replacement?: string;
}

/** A `${name}` in a string, with the span of the name in the document. */
interface VariableUse {
  readonly name: string;
  readonly target: Target;
}

/**
 * A `${...}` IAM cannot parse: no name, spaces around the name, no closing brace, or a default
 * value not in single quotes (`quote`: `${aws:username, anonymous}`; `double`: in double quotes).
 */
interface MalformedVariable {
  readonly kind: 'empty' | 'spaces' | 'unclosed' | 'quote' | 'double';
  readonly text: string;
  readonly target: Target;
  /** The name without spaces (kind `spaces`). */
  readonly trimmed?: string;
  /** The default value in single quotes, as raw text (kinds `quote` and `double`). */
  readonly replacement?: string;
}

/**
 * The default value of a variable, `, 'value'` after the name, when it is not in single quotes.
 * `raw` is the text after the comma as written in the document (JSON escapes kept), starting at
 * `offset`.
 */
function badDefault(raw: string, offset: number, variable: string): MalformedVariable | undefined {
  const value = raw.trim();
  if (value === '' || (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))) return undefined;
  const target = { offset: offset + raw.indexOf(value), length: value.length };
  // A double quote inside a JSON string is written `\"`.
  const double = value.length >= 4 && value.startsWith('\\"') && value.endsWith('\\"');
  const inner = double ? value.slice(2, -2) : value.replace(/^'|'$/g, '');
  return { kind: double ? 'double' : 'quote', text: variable.replace(/\\"/g, '"'), target, replacement: `'${inner}'` };
}

/** Characters a variable name can have: key names, tag keys (`_.:/=+-@`), IoT attributes. */
const NAME_RUN = /^[\w.:/=+@[\]-]*/;

/**
 * The policy variables of a string node, located in the raw text so escapes cannot shift
 * them, and the `${...}` that are malformed.
 */
function scanVariables(text: string, node: Node): { uses: VariableUse[]; malformed: MalformedVariable[] } {
  const start = node.offset + 1; // after the opening quote
  const raw = text.slice(start, node.offset + node.length - 1);
  const uses: VariableUse[] = [];
  const malformed: MalformedVariable[] = [];
  for (const match of raw.matchAll(/\$\{([^}]*)(\}?)/g)) {
    const at = start + match.index;
    const inner = match[1];
    if (!match[2]) {
      const name = (NAME_RUN.exec(inner)?.[0] ?? '').replace(/\/+$/, '');
      malformed.push({ kind: 'unclosed', text: `\${${name}`, target: { offset: at, length: 2 + name.length } });
      continue;
    }
    const written = inner.split(',')[0];
    const name = written.trim();
    if (!name) {
      malformed.push({ kind: 'empty', text: match[0], target: { offset: at, length: match[0].length } });
    } else if (name !== written) {
      malformed.push({ kind: 'spaces', text: match[0], target: { offset: at + 2, length: written.length }, trimmed: name });
    } else {
      uses.push({ name, target: { offset: at + 2, length: name.length } });
    }
    if (name && inner.includes(',')) {
      const bad = badDefault(inner.slice(written.length + 1), at + 2 + written.length + 1, match[0]);
      if (bad) malformed.push(bad);
    }
  }
  return { uses, malformed };
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
 * matches nothing, so the Resource or condition silently stops working. Fixes: trim the name,
 * put the default value in single quotes, or a did-you-mean.
 */
export const invalidPolicyVariable: Rule<Data> = {
  code: 'invalid-policy-variable',
  defaultSeverity: 'warning',
  description: 'The ${...} policy variable is unknown, multivalued or malformed (empty, spaces around the name, not closed, default value not in single quotes), so IAM cannot substitute it and it matches nothing.',
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

