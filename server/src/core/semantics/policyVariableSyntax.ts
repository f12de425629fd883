import type { Node } from 'jsonc-parser';
import type { Target } from '../rules/rule';

/** A `${name}` in a string: the span of the name, and of the whole `${...}` with its default value. */
export interface VariableUse {
  readonly name: string;
  readonly target: Target;
  readonly whole: Target;
}

/**
 * A `${...}` IAM cannot parse: no name, spaces around the name, no closing brace, or a default
 * value not in single quotes (`quote`: `${aws:username, anonymous}`; `double`: in double quotes).
 */
export interface MalformedVariable {
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
 * The `${...}` of a string node, located in the raw text so escapes cannot shift them: the
 * well-formed ones (whatever their name) and the malformed ones.
 */
export function scanVariables(text: string, node: Node): { uses: VariableUse[]; malformed: MalformedVariable[] } {
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
      uses.push({ name, target: { offset: at + 2, length: name.length }, whole: { offset: at, length: match[0].length } });
    }
    if (name && inner.includes(',')) {
      const bad = badDefault(inner.slice(written.length + 1), at + 2 + written.length + 1, match[0]);
      if (bad) malformed.push(bad);
    }
  }
  return { uses, malformed };
}

/** `${*}`, `${?}` and `${$}`: the variables that stand for a character. */
const ESCAPES: ReadonlySet<string> = new Set(['*', '?', '$']);

/**
 * Whether a `${name}` has the form of an IAM policy variable: a character escape or a context
 * key `prefix:key` (`aws:username`, `aws:PrincipalTag/team`, `cognito-identity.amazonaws.com:sub`),
 * known or not. Other placeholders are not IAM's: `${ACCOUNT_ID}` (a script's), `${var.x}`
 * (Terraform's), `${AWS::AccountId}` (CloudFormation's; its `::` never starts an IAM key).
 */
export function isPolicyVariableName(name: string): boolean {
  return ESCAPES.has(name) || (/^[\w.-]+:[^:\s]/.test(name) && !name.includes('::'));
}

/**
 * Whether a value holds a policy variable: where IAM takes values as written (an action, a
 * principal), `invalid-policy-variable` reports it, and the rules of the value's own form leave
 * it to that finding instead of calling the value malformed too.
 */
export function holdsPolicyVariable(value: string): boolean {
  if (!value.includes('${')) return false;
  for (const match of value.matchAll(/\$\{([^},]*)[^}]*\}/g)) if (isPolicyVariableName(match[1].trim())) return true;
  return false;
}
