// The request's context for the evaluator, policy variables substituted from it, and the
// matching of action and resource patterns (wildcards, variables, values computed at deploy time).
import { parsePolicyVariable } from '../data/policyVariables';
import type { ValueList } from '../policy';
import { isUnknown as computedOnly, UNKNOWN } from '../semantics/unknown';
import { WildcardPattern } from '../semantics/wildcard';
import type { AccessRequest } from './evaluate';
import { type Tri, unknown } from './tri';
/** The request's context with lower-case keys. */
export class Context {
  private readonly values = new Map<string, readonly string[] | null>();

  constructor(request: AccessRequest) {
    for (const [key, value] of Object.entries(request.context ?? {})) {
      this.values.set(key.toLowerCase(), value === null ? null : (Array.isArray(value) ? value : [value]).map(String));
    }
  }

  /** The key's values: a list, null when absent, undefined when the request did not say. */
  get(key: string): readonly string[] | null | undefined {
    return this.values.get(key.toLowerCase());
  }
}

/**
 * A policy element's text with its variables replaced from the context: undefined when a
 * variable's key is absent (without a default), or the list of keys it needs when not given.
 * `${*}`, `${?}` and `${$}` stand for the characters. Only version 2012-10-17 has variables:
 * under 2008-10-17, or without a Version (which is 2008-10-17), the text is literal.
 */
export function substitute(text: string, context: Context, version: string | undefined): string | Unresolved | undefined {
  if (version !== '2012-10-17' || !text.includes('${')) return text;
  const missing: string[] = [];
  let absent = false;
  let noDefault = false;
  const out = text.replace(/\$\{([^${}]*)\}/g, (whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return literal(inner);
    const { name, defaultValue } = parsePolicyVariable(inner);
    const values = context.get(name);
    // A key the request does not mention is unknown, default or not: the default is for a key that is absent.
    if (values === undefined) {
      missing.push(name);
      noDefault ||= defaultValue === undefined;
    } else if (values === null || values.length === 0) {
      if (defaultValue === undefined) absent = true;
      return literal(defaultValue ?? '');
    } else return literal(values[0]);
    return whole;
  });
  if (missing.length > 0) return { missing, noDefault };
  return absent ? undefined : out;
}

/** Text with variables whose keys the request does not mention: the keys, and whether one has no default (so that an absent key leaves the variable unresolved). */
interface Unresolved {
  readonly missing: readonly string[];
  readonly noDefault: boolean;
}

/** A pattern with its variables as `*`: what it could match whatever the keys hold. */
function variablesAsWildcards(pattern: string, resourceArn: boolean): string {
  const start = resourceArn && pattern.startsWith('arn:') ? resourcePartStart(pattern) : 0;
  return start < 0 ? pattern : pattern.slice(0, start) + pattern.slice(start).replace(/\$\{[^${}]*\}/g, '*');
}

/** substitute for a Resource ARN: only its resource part (after the fifth colon) takes variables, as AWS allows none before it. */
function substituteResource(text: string, context: Context, version: string | undefined): string | Unresolved | undefined {
  if (version !== '2012-10-17' || !text.startsWith('arn:') || !text.includes('${') || variablesOnlyInResourcePart(text)) return substitute(text, context, version);
  const start = resourcePartStart(text);
  if (start < 0) return text;
  const rest = substitute(text.slice(start), context, version);
  return typeof rest === 'string' ? text.slice(0, start) + rest : rest;
}

/** Whether an ARN's first variable comes after its fifth colon (the usual case, checked without a scan). */
function variablesOnlyInResourcePart(arn: string): boolean {
  const first = arn.indexOf('${');
  let at = -1;
  for (let colons = 0; colons < 5; colons++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0 || at > first) return false;
  }
  return true;
}

/** Where an ARN's resource part starts (after its fifth colon, not counting colons inside `${...}`); -1 when it has none. */
function resourcePartStart(arn: string): number {
  let colons = 0;
  for (let i = 0; i < arn.length; i++) {
    if (arn[i] === '$' && arn[i + 1] === '{') {
      const end = arn.indexOf('}', i);
      if (end < 0) return -1;
      i = end;
    } else if (arn[i] === ':' && ++colons === 5) return i + 1;
  }
  return -1;
}

/**
 * Text a variable puts into a pattern (`${*}`, a user name) is literal: its `*` and `?` are
 * written as private characters, which `matches` also writes for the text's own.
 */
const LITERAL_STAR = '\uE001';
const LITERAL_ONE = '\uE002';
export const literal = (text: string) => (text.includes('*') || text.includes('?') ? text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_ONE) : text);

/** Compiled patterns, by case rule and text: a file of requests meets the same few hundred again and again. */
const compiled = [new Map<string, WildcardPattern>(), new Map<string, WildcardPattern>()];

function compiledPattern(pattern: string, ignoreCase: boolean): WildcardPattern {
  const cache = compiled[ignoreCase ? 1 : 0];
  let matcher = cache.get(pattern);
  if (!matcher) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(pattern, (matcher = new WildcardPattern(pattern, ignoreCase)));
  }
  return matcher;
}

/** Whether an IAM wildcard pattern matches a text (`*` any run, `?` one character, across `:` and `/`). */
export const matches = (pattern: string, text: string, ignoreCase: boolean): boolean => compiledPattern(pattern, ignoreCase).test(literal(text));

/**
 * What an answer depends on when a policy value is computed at deploy time (a template's `!Ref`,
 * `${Param}` or `!GetAtt`, a Terraform `var.x`): listed with the context keys it depends on.
 */
export const DEPLOY_TIME_VALUE = '(a value computed at deploy time)';

/** A pattern with parts computed at deploy time: false when no value of them could match, else unknown. */
export function deployTimeMatch(pattern: string, text: string, ignoreCase: boolean): Tri {
  return compiledPattern(pattern.replace(/\uE000+/g, '*'), ignoreCase).test(text) ? unknown([DEPLOY_TIME_VALUE]) : false;
}

/** A list's values as patterns, and whether one is wholly computed at deploy time (the model leaves those out of its items). */
function patternsOf(list: ValueList): { patterns: string[]; computed: boolean } {
  const elements = list.valueNode.type === 'array' ? (list.valueNode.children ?? []) : [list.valueNode];
  return { patterns: list.items.map((i) => i.value), computed: list.computed && elements.some((e) => e.type === 'string' && computedOnly(String(e.value))) };
}

/** listMatches over an element's list: a value computed at deploy time may match anything. */
export function elementMatches(list: ValueList, value: string, context: Context, version: string | undefined, ignoreCase: boolean, negated: boolean, resourceArn = false): Tri {
  const { patterns, computed } = patternsOf(list);
  const hit = listMatches(patterns, value, context, version, ignoreCase, negated, resourceArn);
  return hit === false && computed ? unknown([DEPLOY_TIME_VALUE]) : hit;
}

/**
 * Whether a list of patterns (after variables) matches a value; variables make it depend or fail.
 * A pattern whose variable cannot be resolved (its key absent, no default) matches nothing in a
 * positive list; in a negated one (NotResource) it counts as a match, so the element does not
 * hold: AWS calls such a statement possibly invalid, and an invalid statement applies to nothing.
 */
function listMatches(patterns: readonly string[], value: string, context: Context, version: string | undefined, ignoreCase: boolean, negated = false, resourceArn = false): Tri {
  const text = literal(value);
  let missing: string[] | undefined;
  for (const pattern of patterns) {
    const resolved = resourceArn ? substituteResource(pattern, context, version) : substitute(pattern, context, version);
    if (resolved === undefined) {
      if (negated) return true;
      continue;
    }
    if (typeof resolved === 'string') {
      if (resolved.includes(UNKNOWN)) {
        if (deployTimeMatch(resolved, text, ignoreCase) !== false) (missing ??= []).push(DEPLOY_TIME_VALUE);
      } else if (compiledPattern(resolved, ignoreCase).test(text)) return true;
    } else if ((negated && resolved.noDefault) || compiledPattern(variablesAsWildcards(pattern, resourceArn), ignoreCase).test(text)) {
      // With a key missing, the pattern may still rule the value out whatever the key holds
      // (not in a negated list when the key may be absent without a default: that fails it).
      (missing ??= []).push(...resolved.missing);
    }
  }
  return missing ? unknown(missing) : false;
}

