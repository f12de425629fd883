import type { Catalog } from '../catalog/types';
import { findGlobalKeyDoc } from '../data/globalConditionKeyDocs';
import { findPolicyVariable, isKnownPolicyVariable, multivaluedKeysNotUsableAsVariables, parsePolicyVariable } from '../data/policyVariables';
import type { PolicyDocument } from '../policy';
import { code, compose, md } from './format';

/** A `${...}` span inside a string token, in document offsets. */
interface VariableSpan {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** The `${...}` under the cursor, reading the raw token text so offsets stay exact. */
export function variableAt(raw: string, tokenOffset: number, offset: number): VariableSpan | undefined {
  let start = raw.indexOf('${');
  while (start >= 0) {
    const end = raw.indexOf('}', start);
    if (end < 0) return undefined;
    const from = tokenOffset + start;
    const to = tokenOffset + end + 1;
    if (offset >= from && offset <= to) return { offset: from, length: to - from, text: raw.slice(start, end + 1) };
    start = raw.indexOf('${', end);
  }
  return undefined;
}

/** Markdown for a policy variable: what it resolves to, its fallback, and why it may not be substituted here. */
export function variableHover(span: VariableSpan, element: string | undefined, valueBefore: string, policy: PolicyDocument, catalog: Catalog): string {
  const { name, defaultValue } = parsePolicyVariable(span.text);
  const documented = findPolicyVariable(name);
  const key = catalog.findConditionKey(name);
  const description = documented?.description ?? findGlobalKeyDoc(name) ?? (key ? md(key.description) : undefined);
  const multivalued = multivaluedKeysNotUsableAsVariables.some((k) => k.toLowerCase() === name.toLowerCase());
  const known = isKnownPolicyVariable(name, (k) => catalog.findConditionKey(k) !== undefined);
  const warnings: string[] = [];
  if (multivalued) warnings.push('⚠ Multivalued keys are not substituted as variables.');
  else if (!known) warnings.push(`⚠ ${code(name)} is not a known condition key, so it resolves to nothing.`);
  if (policy.policyVersion?.value !== '2012-10-17') warnings.push('⚠ Not substituted: variables need `"Version": "2012-10-17"`; here the text stays literal.');
  if (element === 'Action' || element === 'NotAction' || element === 'Principal' || element === 'NotPrincipal') {
    warnings.push(`⚠ Variables are not substituted in \`${element}\`.`);
  }
  if ((element === 'Resource' || element === 'NotResource') && valueBefore.split(':').length < 6) {
    warnings.push('⚠ In an ARN, variables are substituted only in the resource part, after the fifth colon.');
  }
  const fallback =
    defaultValue !== undefined
      ? `When the key is missing from the request, ${code(defaultValue)} is used instead.`
      : `No default: when the key is missing, this value matches nothing. Write ${code(`\${${name}, 'fallback'}`)} to give one.`;
  return compose(catalog, [
    `**${code(span.text)}** · policy variable`,
    description ? description : `Replaced by the value of the condition key ${code(name)} in the request.`,
    known && !multivalued && !/^[*?$]$/.test(name) ? fallback : undefined,
    warnings.join('\n\n'),
  ]);
}
