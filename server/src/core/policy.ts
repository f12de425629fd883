import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type LanguageSettings, type PolicyType } from './types';
import { hasUnknown, isUnknown } from './semantics/unknown';
import { parseStrictJson } from './util/fastJson';

/** A string item of an element whose value may be a string or an array of strings. */
export interface ValueItem {
  readonly value: string;
  readonly node: Node;
}

/** An element such as `Action` or `Resource` with its string items, in both shapes. */
export interface ValueList {
  /** The property node (`"Action": ...`). */
  readonly property: Node;
  /** The value node: a string, an array, or anything else the user wrote. */
  readonly valueNode: Node;
  readonly items: readonly ValueItem[];
  /** Values of the wrong type (numbers, objects, nested arrays...). */
  readonly invalid: readonly Node[];
  /** Some item has a part the host computes (`!Sub '${Service}:Get*'`); see semantics/unknown.ts. */
  readonly computed: boolean;
}

/** One statement, whether `Statement` is an object or an array element. */
export interface StatementModel {
  readonly node: Node;
  /** Position in the `Statement` array, or undefined when `Statement` is a single object. */
  readonly index: number | undefined;
  /** Property nodes by key, in document order (first occurrence wins). */
  readonly properties: ReadonlyMap<string, Node>;
  readonly sid: ValueItem | undefined;
  readonly effect: ValueItem | undefined;
  readonly action: ValueList | undefined;
  readonly notAction: ValueList | undefined;
  readonly resource: ValueList | undefined;
  readonly notResource: ValueList | undefined;
  /** Value nodes of `Principal`, `NotPrincipal`, `Condition`. */
  readonly principal: Node | undefined;
  readonly notPrincipal: Node | undefined;
  readonly condition: Node | undefined;
}

/** The result of `parsePolicy`: the tolerant JSON tree and the policy model over it. */
export interface PolicyDocument {
  readonly uri: string;
  readonly version: number;
  readonly root: Node | undefined;
  readonly syntaxErrors: readonly ParseError[];
  /** Nested deeper than any policy (see `MAX_NESTING`): not read into a tree; the only finding is where. */
  readonly tooDeep: boolean;
  /** False for JSON files that are not IAM policies; every feature then returns nothing. */
  readonly isPolicy: boolean;
  readonly policyVersion: ValueItem | undefined;
  /** The `Statement` property node, if any. */
  readonly statementProperty: Node | undefined;
  readonly statements: readonly StatementModel[];
  readonly policyType: PolicyType;
  readonly policyTypeSource: 'setting' | 'inferred';
  /** Settings the document was parsed with (severity overrides, defaults for ARN templates). */
  readonly settings: LanguageSettings;
}

export const VALID_VERSIONS = ['2012-10-17', '2008-10-17'];
/** Top-level keys of a template that holds policies (CloudFormation, SAM, Serverless), never of a policy. */
const HOST_KEY = /^(AWSTemplateFormatVersion|Resources|Transform|provider)$/;

const TRUST_ACTIONS = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext|\*)$/i;

/** Key → property node of an object node (first occurrence of each key). */
export function propertiesOf(node: Node | undefined): Map<string, Node> {
  const map = new Map<string, Node>();
  if (node?.type !== 'object') return map;
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    if (key?.type === 'string' && !map.has(key.value)) map.set(key.value, prop);
  }
  return map;
}

/** The value node of a property node. */
const JSON_KINDS: Readonly<Record<string, string>> = { null: 'null', object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' };

/** A JSON value's type as a message says it: `an array`, `a string`, `null`. */
export function jsonKind(node: Node): string {
  return JSON_KINDS[node.type] ?? node.type;
}

export function valueOf(property: Node | undefined): Node | undefined {
  return property?.children?.[1];
}

function stringItem(node: Node | undefined): ValueItem | undefined {
  return node?.type === 'string' ? { value: node.value as string, node } : undefined;
}

function valueList(property: Node | undefined): ValueList | undefined {
  const valueNode = valueOf(property);
  if (!property || !valueNode) return undefined;
  const items: ValueItem[] = [];
  const invalid: Node[] = [];
  let computed = false;
  const elements = valueNode.type === 'array' ? (valueNode.children ?? []) : [valueNode];
  for (const el of elements) {
    if (el.type !== 'string') {
      invalid.push(el);
      continue;
    }
    const value = el.value as string;
    // A value the host computes (a template's `!GetAtt`) is some valid value: nothing to check.
    if (hasUnknown(value)) {
      computed = true;
      if (isUnknown(value)) continue;
    }
    items.push({ value, node: el });
  }
  return { property, valueNode, items, invalid, computed };
}

function statementModel(node: Node, index: number | undefined): StatementModel {
  const properties = propertiesOf(node);
  return {
    node,
    index,
    properties,
    sid: stringItem(valueOf(properties.get('Sid'))),
    effect: stringItem(valueOf(properties.get('Effect'))),
    action: valueList(properties.get('Action')),
    notAction: valueList(properties.get('NotAction')),
    resource: valueList(properties.get('Resource')),
    notResource: valueList(properties.get('NotResource')),
    principal: valueOf(properties.get('Principal')),
    notPrincipal: valueOf(properties.get('NotPrincipal')),
    condition: valueOf(properties.get('Condition')),
  };
}

/** Infers identity, resource or trust from content: principals make it a resource policy, AssumeRole a trust policy. */
function inferPolicyType(statements: readonly StatementModel[]): PolicyType {
  const withPrincipal = statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => s.action?.items ?? []);
  if (actions.length > 0 && actions.every((a) => TRUST_ACTIONS.test(a.value))) return 'trust';
  return 'resource';
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false };

/**
 * Deeper nesting than any policy needs (real ones stay under 10 levels). The parsers and the
 * tree walks recurse per level, so thousands of `[` would overflow the stack.
 */
export const MAX_NESTING = 200;

/**
 * The offset of the first bracket nested deeper than `MAX_NESTING`, or -1. Reads the text as
 * jsonc-parser's scanner does, so that no bracket is counted that the parser would not see or
 * missed that it would: strings end at their quote or at a line break (an unterminated string
 * does not swallow the rest), and `//` and block comments are skipped.
 */
export function tooDeepAt(text: string): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++; // backslash: skip the escaped character
        else if (d === 0x22) break;
        else if (d === 0x0a || d === 0x0d) {
          i--; // the line break ends the string and is read again outside it
          break;
        }
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Where a too-deep document says it is meant as a policy (its text before the deep part names a policy element). */
const POLICY_KEY = /"(?:Statement|Version)"\s*:/;

/**
 * jsonc-parser's tree of the text, through the fast path for strict JSON when it applies (the
 * same tree). Text nested too deeply gets no tree, only a syntax error where it goes too deep.
 * The parsers recurse per level; should a text still get past the depth check, a stack
 * overflow is caught and treated the same way.
 */
function parseJson(text: string, errors: ParseError[]): { root: Node | undefined; tooDeep: boolean } {
  let deep = tooDeepAt(text);
  if (deep < 0) {
    try {
      return { root: parseStrictJson(text) ?? parseTree(text, errors, PARSE_OPTIONS), tooDeep: false };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      errors.length = 0;
      deep = 0;
    }
  }
  errors.push({ error: 1 /* ParseErrorCode.InvalidSymbol */, offset: deep, length: 1 });
  return { root: undefined, tooDeep: true };
}
/** The text each policy was parsed from, for the incremental re-parse of its next version. */
const sourceTexts = new WeakMap<PolicyDocument, string>();

/**
 * Parses a document tolerantly and builds the policy model. Never throws.
 *
 * With `previous` (the parse of an earlier version of the same document), an edit inside one
 * statement re-parses only that statement; the rest of the tree is copied with its offsets
 * moved, and `previous` is left as it was (a validation still running on it stays right). The result is
 * the same as a full parse (the unit tests compare both on random edits); any edit the fast
 * path cannot prove local falls back to a full parse.
 */
/** The editor's language id for a file name, as the core reads it (YAML templates, JSON, Terraform and its templates). */
export function languageIdOfFile(uri: string): string {
  if (/\.jsonc$/i.test(uri)) return 'jsonc';
  if (/\.(ya?ml|template)$/i.test(uri)) return 'yaml';
  if (/\.(tftpl|tpl)$/i.test(uri)) return 'terraform-template';
  if (/\.tf$/i.test(uri)) return 'terraform';
  return 'json';
}

/**
 * A Terraform file (HCL), by its language or its name (VS Code without a Terraform extension
 * calls it plain text). The policies read from one are documents of language `json` under the
 * same uri: they are not.
 */
export function isTerraformDocument(document: TextDocument): boolean {
  return document.languageId === 'terraform' || isTerraformTemplate(document) || (document.languageId !== 'json' && /\.tf$/i.test(document.uri));
}

/** A Terraform file in JSON syntax (`main.tf.json`): JSON, whose strings Terraform reads as templates. */
export function isTerraformJson(document: TextDocument): boolean {
  return /\.tf\.json$/i.test(document.uri);
}

/** Whether reading the document's policies takes the HCL parser (which a server loads when first needed). */
export function needsHclParser(document: TextDocument): boolean {
  return isTerraformDocument(document) || isTerraformJson(document);
}

/** A Terraform template file (`templatefile("policy.json.tftpl", ...)`): its text is a template, `${...}` computed. */
export function isTerraformTemplate(document: TextDocument): boolean {
  return document.languageId === 'terraform-template' || (document.languageId !== 'json' && /\.(tftpl|tpl)$/i.test(document.uri));
}

export function parsePolicy(document: TextDocument, settings: LanguageSettings = {}, previous?: PolicyDocument, handOver = false): PolicyDocument {
  const text = document.getText();
  const oldText = previous && sourceTexts.get(previous);
  // A parse is moved in place once only: the caller handed it over, and it is no one's source any more.
  if (handOver && previous) sourceTexts.delete(previous);
  const again = oldText !== undefined ? reparse(previous!, oldText, text, document, settings, handOver) : undefined;
  if (again) reparsed.add(again);
  const policy = again ?? fullParse(text, document, settings);
  sourceTexts.set(policy, text);
  return policy;
}

/** The parses the incremental path made (see `parsedIncrementally`). */
const reparsed = new WeakSet<PolicyDocument>();

/** Whether a parse came from the incremental path rather than a full parse (for its tests). */
export function parsedIncrementally(policy: PolicyDocument): boolean {
  return reparsed.has(policy);
}

function fullParse(text: string, document: TextDocument, settings: LanguageSettings): PolicyDocument {
  const syntaxErrors: ParseError[] = [];
  // A Terraform file is HCL, never a policy itself, however its text reads as JSON: its policies are inside it.
  const terraform = isTerraformDocument(document);
  const { root, tooDeep } = terraform ? { root: undefined, tooDeep: false } : parseJson(text, syntaxErrors);
  const top = propertiesOf(root);
  const versionValue = stringItem(valueOf(top.get('Version')));
  const statementProperty = top.get('Statement');
  // Said to be a policy (a type from `--policy-type` or a `policyTypes` glob): analysed as one
  // whatever its text (not JSON, a Statement of the wrong type), unless it is a template or a
  // Terraform JSON file, whose policies are inside it.
  const declared =
    settings.policyType !== undefined &&
    settings.declaredPolicy !== false &&
    (document.languageId === 'json' || document.languageId === 'jsonc') &&
    !isTerraformJson(document) &&
    ![...top.keys()].some((key) => HOST_KEY.test(key)) &&
    // A document that holds a policy deeper down (`{"Role": {"AssumeRolePolicyDocument": ...}}`) is its host, not one.
    !(root?.type === 'object' && !top.has('Statement') && !top.has('Version') && /\\?"Statement\\?"\s*:/.test(text));
  // Too deep to read: still a policy (whose only finding is that) when it says it is one.
  const isPolicy = terraform
    ? false
    : declared
    ? true
    : tooDeep
    ? settings.policyType !== undefined || POLICY_KEY.test(text.slice(0, Math.min(syntaxErrors[0].offset, 65536)))
    : root?.type === 'object' &&
      (statementProperty !== undefined || (versionValue !== undefined && VALID_VERSIONS.includes(versionValue.value)));
  const statements = isPolicy ? statementsOf(valueOf(statementProperty)) : [];
  return {
    uri: document.uri,
    version: document.version,
    root,
    syntaxErrors,
    tooDeep,
    isPolicy,
    policyVersion: versionValue,
    statementProperty,
    statements,
    policyType: settings.policyType ?? inferPolicyType(statements),
    policyTypeSource: settings.policyType ? 'setting' : 'inferred',
    settings,
  };
}

/** The statements of a `Statement` value: the lone object, or the objects of the array. */
function statementsOf(value: Node | undefined): StatementModel[] {
  if (value?.type === 'object') return [statementModel(value, undefined)];
  const statements: StatementModel[] = [];
  if (value?.type === 'array') {
    (value.children ?? []).forEach((child, i) => {
      if (child.type === 'object') statements.push(statementModel(child, i));
    });
  }
  return statements;
}

/** The span where two texts differ: [start, oldEnd) in the old text became [start, newEnd) in the new. */
export function changedSpan(oldText: string, text: string): { start: number; oldEnd: number; newEnd: number } {
  // Native comparison of 64 KB, then 1 KB slices first (V8 slices without copying), then char by char.
  const min = Math.min(oldText.length, text.length);
  let start = 0;
  let oldEnd = oldText.length;
  let newEnd = text.length;
  for (const chunk of [65536, 1024]) {
    while (start + chunk <= min && oldText.slice(start, start + chunk) === text.slice(start, start + chunk)) start += chunk;
  }
  while (start < min && oldText.charCodeAt(start) === text.charCodeAt(start)) start++;
  for (const chunk of [65536, 1024]) {
    while (oldEnd - chunk >= start && newEnd - chunk >= start && oldText.slice(oldEnd - chunk, oldEnd) === text.slice(newEnd - chunk, newEnd)) {
      oldEnd -= chunk;
      newEnd -= chunk;
    }
  }
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** jsonc-parser's nodes are read-only by type; the incremental parse writes the copies it makes. */
type MutableNode = { -readonly [K in keyof Node]: Node[K] };

/** Moves a subtree by `delta` characters. */
function shift(node: MutableNode, delta: number): void {
  node.offset += delta;
  if (node.colonOffset !== undefined) node.colonOffset += delta;
  if (node.children) for (const child of node.children) shift(child, delta);
}

/**
 * The incremental path of `parsePolicy`: the edit lies strictly inside one statement object
 * (its braces untouched) that the previous parse read without syntax errors, and the new text
 * of that statement parses on its own as one object closed by its own final brace. The parser
 * then reads everything before and after exactly as before, so only offsets move.
 */
function reparse(previous: PolicyDocument, oldText: string, text: string, document: TextDocument, settings: LanguageSettings, inPlace: boolean): PolicyDocument | undefined {
  if (!previous.isPolicy || !previous.root) return undefined;
  const { start, oldEnd, newEnd } = changedSpan(oldText, text);
  const delta = newEnd - oldEnd;
  const make = (statements: readonly StatementModel[], syntaxErrors: readonly ParseError[]): PolicyDocument => ({
    ...previous,
    version: document.version,
    uri: document.uri,
    statements,
    syntaxErrors,
    policyType: settings.policyType ?? inferPolicyType(statements),
    policyTypeSource: settings.policyType ? 'setting' : 'inferred',
    settings,
  });
  if (start === oldEnd && start === newEnd) return make(previous.statements, previous.syntaxErrors);
  const target = previous.statements.findIndex((st) => st.node.offset < start && oldEnd < st.node.offset + st.node.length);
  if (target < 0) return undefined;
  const old = previous.statements[target].node;
  const [a, b] = [old.offset, old.offset + old.length];
  if (oldText[a] !== '{' || oldText[b - 1] !== '}' || previous.syntaxErrors.some((e) => e.offset >= a && e.offset < b)) return undefined;
  const piece = text.slice(a, b + delta);
  const errors: ParseError[] = [];
  const { root: node } = parseJson(piece, errors);
  if (node?.type !== 'object' || node.offset !== 0 || node.length !== piece.length || piece[piece.length - 1] !== '}') return undefined;
  if (errors.some((e) => e.offset >= piece.length - 1)) return undefined;
  shift(node, a);
  const syntaxErrors = [
    ...previous.syntaxErrors.filter((e) => e.offset < a),
    ...errors.map((e) => ({ ...e, offset: e.offset + a })),
    ...previous.syntaxErrors.filter((e) => e.offset >= b).map((e) => ({ ...e, offset: e.offset + delta })),
  ];
  if (inPlace) {
    // Handed over: the new statement spliced into the previous tree, everything after it moved,
    // and the other statements' models kept.
    const parent = old.parent!;
    const siblings = parent.children!;
    siblings[siblings.indexOf(old)] = node;
    (node as MutableNode).parent = parent;
    const visit = (n: MutableNode) => {
      if (n === node || n.offset + n.length <= a) return;
      if (n.offset >= b) return shift(n, delta);
      n.length += delta;
      n.children?.forEach(visit);
    };
    visit(previous.root as MutableNode);
    const statements = [...previous.statements];
    statements[target] = statementModel(node, previous.statements[target].index);
    return make(statements, syntaxErrors);
  }
  // Proven local: a new tree with the new statement spliced in and everything after it moved.
  // The previous tree is copied, never changed: a validation still running on it stays right.
  const copy = (n: Node, parent: Node | undefined): Node => {
    if (n === old) {
      (node as MutableNode).parent = parent;
      return node;
    }
    const after = n.offset >= b ? delta : 0;
    const out: MutableNode = {
      type: n.type,
      value: n.value,
      offset: n.offset + after,
      length: n.length + (!after && n.offset + n.length >= b ? delta : 0),
      colonOffset: n.colonOffset === undefined ? undefined : n.colonOffset + after,
      parent,
      children: undefined,
    };
    const children = n.children;
    if (children) {
      const copied: Node[] = new Array(children.length);
      for (let i = 0; i < children.length; i++) copied[i] = copy(children[i], out);
      out.children = copied;
    }
    return out;
  };
  const root = copy(previous.root, undefined);
  const top = propertiesOf(root);
  const statementProperty = top.get('Statement');
  return { ...make(statementsOf(valueOf(statementProperty)), syntaxErrors), root, policyVersion: stringItem(valueOf(top.get('Version'))), statementProperty };
}

/** The statement containing an offset; statements are in document order, so a binary search. */
export function statementAt(policy: PolicyDocument, offset: number): StatementModel | undefined {
  const list = policy.statements;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = list[mid].node;
    if (offset < n.offset) hi = mid - 1;
    else if (offset > n.offset + n.length) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

/**
 * The child of a node that holds an offset, by binary search (children are in document order):
 * a fix looks up its target among tens of thousands of siblings once per finding of a fix-all,
 * and a scan for each took 20 to 65 s.
 */
export function childAt(node: Node | undefined, offset: number): Node | undefined {
  const children = node?.children ?? [];
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const child = children[mid];
    if (offset < child.offset) hi = mid - 1;
    else if (offset >= child.offset + child.length) lo = mid + 1;
    else return child;
  }
  return undefined;
}

/**
 * Where a node sits in its tree: on the way down from the root, the index of the child taken at
 * each level (a property's key is child 0, its value child 1). Indices, not keys, so that the
 * second of two equal keys is told from the first. A diagnostic carries its node's path in its
 * `data`, and the fix finds the node again by it (see `nodeAtPath`).
 */
export function nodePath(node: Node): number[] {
  const path: number[] = [];
  for (let n = node; n.parent; n = n.parent) {
    const index = indexOfChild(n.parent, n);
    if (index < 0) return [];
    path.push(index);
  }
  return path.reverse();
}

/** The index of a child among its parent's children, by binary search on offsets (lists of thousands of values are not scanned per finding). */
function indexOfChild(parent: Node, child: Node): number {
  const children = parent.children ?? [];
  let lo = 0;
  let hi = children.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].offset < child.offset) lo = mid + 1;
    else hi = mid;
  }
  // Nodes of length 0 (a value missing in broken text) can share an offset with the next.
  for (let i = lo; i < children.length && children[i].offset === child.offset; i++) if (children[i] === child) return i;
  return -1;
}

/** The node at a path `nodePath` gave, or undefined when the tree has no such node (a path from an older version of the text, or not a path at all). */
export function nodeAtPath(root: Node | undefined, path: unknown): Node | undefined {
  if (!Array.isArray(path)) return undefined;
  let node = root;
  for (const index of path) node = Number.isInteger(index) ? node?.children?.[index as number] : undefined;
  return node;
}

/**
 * What a quick fix of a diagnostic works on: the node it was reported on (by the path in its
 * `data`, and only while that node still spans the diagnostic's range: a diagnostic of an older
 * text gets no fix rather than one on another node), and the view of the policy that holds
 * only its statement (see `statementView`).
 */
export function fixScope(policy: PolicyDocument, start: number, end: number, data: unknown): { readonly policy: PolicyDocument; readonly target: Node | undefined } {
  const found = nodeAtPath(policy.root, (data as { nodePath?: unknown } | null | undefined)?.nodePath);
  return { policy: statementView(policy, start), target: found?.offset === start && found.offset + found.length === end ? found : undefined };
}

/**
 * The policy as the statement at `offset` sees it: the same document with only that statement
 * (the whole policy outside any). A quick fix looks up its target among `statements`; handed
 * this view, it searches one statement, not thousands, when a fix-all runs every fix.
 */
function statementView(policy: PolicyDocument, offset: number): PolicyDocument {
  const statement = statementAt(policy, offset);
  return statement ? { ...policy, statements: [statement] } : policy;
}
