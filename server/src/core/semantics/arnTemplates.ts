import type { ActionInfo, Catalog } from '../catalog/types';
import { type ArnParts, isOpen, MAX_ARN_LENGTH, splitArn } from './arn';

/**
 * One position of a pattern: a literal character, one character of any kind, any run, or (from
 * a template's name placeholder) one character or a run within one path segment, without `/`.
 */
type Token = string | typeof ONE | typeof ANY | typeof SEG_ONE | typeof SEG_ANY;
const ONE = Symbol('one');
const ANY = Symbol('any');
const SEG_ONE = Symbol('segment-one');
const SEG_ANY = Symbol('segment-any');

const isRun = (t: Token): boolean => t === ANY || t === SEG_ANY;

/** Whether some character matches both single-character tokens. */
function sameChar(a: Token, b: Token): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'string') return a !== '/' || b === ONE || b === ANY;
  if (typeof b === 'string') return b !== '/' || a === ONE || a === ANY;
  return true;
}

/**
 * Policy variables whose values never hold a `/`: IAM user names, unique ids (`AIDA...`,
 * `AROA...:session-name`) and account ids. Others may (tag values, `s3:prefix`), and so does a
 * variable with a default value.
 */
const SEGMENT_VARIABLE = /^\$\{aws:(username|userid|PrincipalAccount|SourceAccount)\}$/i;

/** An ARN from a policy: `*` any run, `?` one character, `${...}` a policy variable (any run, within a segment for some). */
function policyTokens(arn: string): Token[] {
  const out: Token[] = [];
  // The next `}` at or after i: found once per variable, not searched again from every `${`
  // (a value of thousands of unclosed `${` made that quadratic).
  let close = arn.indexOf('}');
  for (let i = 0; i < arn.length; i++) {
    if (close >= 0 && close < i) close = arn.indexOf('}', i);
    const end = close > i && arn.startsWith('${', i) ? close : -1;
    if (end > 0) {
      out.push(SEGMENT_VARIABLE.test(arn.slice(i, end + 1)) ? SEG_ANY : ANY);
      i = end;
    } else out.push(arn[i] === '*' ? ANY : arn[i] === '?' ? ONE : arn[i].toLowerCase());
  }
  return out;
}

/** Placeholders that AWS-owned or global resources leave empty. */
const OPTIONAL_PLACEHOLDER = /^\$\{(Region|Account)\}$/;

/**
 * Placeholders whose values never hold a `/`, by the services' naming rules: S3 general purpose,
 * directory, Outposts and vector bucket names, and table bucket names (letters, digits, dots
 * and hyphens). So `arn:aws:s3:::my-bucket/*` names objects only, never a bucket. Most other
 * names may hold one (IAM paths, object keys, log groups), so they stay open.
 */
const SEGMENT_PLACEHOLDER = /^\$\{(BucketName|TableBucketName)\}$/;

/** An ARN template of the reference: each `${Name}` stands for at least one character (Region and Account for any). */
function templateTokens(template: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < template.length; i++) {
    const end = template.startsWith('${', i) ? template.indexOf('}', i) : -1;
    if (end > 0) {
      const placeholder = template.slice(i, end + 1);
      if (OPTIONAL_PLACEHOLDER.test(placeholder)) out.push(ANY);
      else if (SEGMENT_PLACEHOLDER.test(placeholder)) out.push(SEG_ONE, SEG_ANY);
      else out.push(ONE, ANY);
      i = end;
    } else out.push(template[i].toLowerCase());
  }
  return out;
}

/**
 * Whether some string matches both token patterns. A table of "the rest of `a` from i and the
 * rest of `b` from j share a string", filled from the ends one row at a time: time |a|·|b|,
 * memory |b| (a template is short), no recursion however long the policy's ARN.
 */
function intersects(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  let below = new Uint8Array(width); // row i + 1
  let row = new Uint8Array(width); // row i
  for (let i = a.length; i >= 0; i--) {
    for (let j = b.length; j >= 0; j--) {
      let result: boolean;
      if (i === a.length && j === b.length) result = true;
      // A run ends here, or takes the other side's next character (or outlasts the other's run).
      else if (i < a.length && isRun(a[i])) result = below[j] === 1 || (j < b.length && (isRun(b[j]) || sameChar(a[i], b[j])) && row[j + 1] === 1);
      else if (j < b.length && isRun(b[j])) result = row[j + 1] === 1 || (i < a.length && sameChar(a[i], b[j]) && below[j] === 1);
      else if (i === a.length || j === b.length) result = false;
      else result = sameChar(a[i], b[j]) && below[j + 1] === 1;
      row[j] = result ? 1 : 0;
    }
    [below, row] = [row, below];
  }
  return below[0] === 1;
}

/**
 * Part by part when the policy ARN has no wildcard before its resource part (no `*` can span
 * a colon there): much smaller tables than the whole strings. Undefined when it does not apply.
 */
function segmentsIntersect(arn: string, template: string, openHeads = false): boolean | undefined {
  const a = splitArn(arn);
  if (!a) return undefined;
  const heads = [a.prefix, a.partition, a.service, a.region, a.account];
  if (!openHeads && heads.some(isOpen)) return undefined;
  let b = templateParts.get(template);
  if (b === undefined) {
    b = splitArn(template) ?? null;
    templateParts.set(template, b);
  }
  if (!b) return undefined;
  const others = [b.prefix, b.partition, b.service, b.region, b.account];
  return heads.every((part, i) => partFits(part, others[i])) && intersects(policyTokens(a.resource), templateTokensOf(b.resource));
}

/**
 * Whether the ARN fits the template part by part, its wildcards kept within their own part:
 * what an author means by `arn:aws:dynamodb:*:*:table/Orders` (a table), where IAM's matching,
 * in which a `*` may also span colons (`mayFitTemplate`), admits a backup or a stream as well.
 * Hover names these closest types first.
 */
export function fitsTemplatePartwise(arn: string, template: string): boolean {
  if (arn.length > MAX_ARN_LENGTH) return false;
  return segmentsIntersect(arn, template, true) ?? false;
}

const templateParts = new Map<string, ArnParts | null>();

const cache = new Map<string, boolean>();
const templateTokenCache = new Map<string, Token[]>();

/** A template's tokens, made once per template (there are a few thousand). */
function templateTokensOf(template: string): Token[] {
  let tokens = templateTokenCache.get(template);
  if (!tokens) templateTokenCache.set(template, (tokens = templateTokens(template)));
  return tokens;
}

/** Whether a literal part (no wildcard, no variable) fits a template part. */
/** A template part that is one placeholder (`${Partition}`): any text fits it, and any non-empty text unless it is optional. */
const ONE_PLACEHOLDER = /^\$\{[^}]*\}$/;

const partFits = (part: string, template: string): boolean => {
  // Most parts are plain text: compared without the token matcher.
  if (!/[*?$\uE000]/.test(part)) {
    if (!template.includes('${')) return part.toLowerCase() === template.toLowerCase();
    if (ONE_PLACEHOLDER.test(template)) return part !== '' || OPTIONAL_PLACEHOLDER.test(template);
  }
  return intersects(policyTokens(part), templateTokensOf(template));
};

/**
 * Whether a policy ARN may name a resource of the template's type: some ARN matches both.
 * IAM's `*` may span colons, so `arn:aws:logs:*:*:/aws-glue/*` fits a log group.
 */
export function mayFitTemplate(arn: string, template: string): boolean {
  // Too long to be a resource: invalid-arn says so; here it is given the benefit of the doubt.
  if (arn.length > MAX_ARN_LENGTH) return true;
  const key = `${arn}\u0000${template}`;
  let result = cache.get(key);
  if (result === undefined) {
    result = segmentsIntersect(arn, template) ?? intersects(policyTokens(arn), templateTokensOf(template));
    if (cache.size > 20000) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/** The ARN forms of a resource type (some list several, separated by commas). */
export const templatesOf = (arn: string): string[] => arn.split(/,\s*/);

/**
 * Whether an action accepts the resource: one of its listed resource types fits (required or
 * not). An action without resource types only accepts `*`. Unknown resource type names are
 * given the benefit of the doubt.
 */
export function actionAcceptsArn(action: ActionInfo, arn: string, catalog: Catalog): boolean {
  if (action.resourceTypes.length === 0) return false;
  const service = catalog.getService(action.service);
  return action.resourceTypes.some((rt) => {
    const type = service?.getResourceType(rt.name);
    return !type || templatesOf(type.arn).some((template) => mayFitTemplate(arn, template));
  });
}

/**
 * Every ARN template whose service namespace is `namespace`, across all services: namespaces
 * and action prefixes differ (API Gateway V1 and V2 share `apigateway`, Cloud Control API
 * documents `cloudformation` ARNs). Indexed at build time, so no service detail is loaded.
 */
export function templatesForNamespace(catalog: Catalog, namespace: string): readonly string[] {
  return catalog.templatesForNamespace(namespace);
}
