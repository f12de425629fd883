import { findNodeAtOffset, type Node, type ParseError, parseTree } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type LanguageSettings, type PolicyType } from './types';

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
  const elements = valueNode.type === 'array' ? (valueNode.children ?? []) : [valueNode];
  for (const el of elements) {
    if (el.type === 'string') items.push({ value: el.value as string, node: el });
    else invalid.push(el);
  }
  return { property, valueNode, items, invalid };
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
export function inferPolicyType(statements: readonly StatementModel[]): PolicyType {
  const withPrincipal = statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => s.action?.items ?? []);
  if (actions.length > 0 && actions.every((a) => TRUST_ACTIONS.test(a.value))) return 'trust';
  return 'resource';
}

/** Parses a document tolerantly and builds the policy model. Never throws. */
export function parsePolicy(document: TextDocument, settings: LanguageSettings = {}): PolicyDocument {
  const text = document.getText();
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  const top = propertiesOf(root);
  const versionValue = stringItem(valueOf(top.get('Version')));
  const statementProperty = top.get('Statement');
  const isPolicy =
    root?.type === 'object' &&
    (statementProperty !== undefined || (versionValue !== undefined && VALID_VERSIONS.includes(versionValue.value)));
  const statements: StatementModel[] = [];
  const statementValue = valueOf(statementProperty);
  if (isPolicy && statementValue?.type === 'object') statements.push(statementModel(statementValue, undefined));
  if (isPolicy && statementValue?.type === 'array') {
    (statementValue.children ?? []).forEach((child, i) => {
      if (child.type === 'object') statements.push(statementModel(child, i));
    });
  }
  return {
    uri: document.uri,
    version: document.version,
    root,
    syntaxErrors,
    isPolicy,
    policyVersion: versionValue,
    statementProperty,
    statements,
    policyType: settings.policyType ?? inferPolicyType(statements),
    policyTypeSource: settings.policyType ? 'setting' : 'inferred',
    settings,
  };
}

/** The statement containing an offset, if any. */
export function statementAt(policy: PolicyDocument, offset: number): StatementModel | undefined {
  return policy.statements.find((s) => s.node.offset <= offset && offset <= s.node.offset + s.node.length);
}

/** The string node that starts exactly at an offset (where a diagnostic on it starts). */
export function stringNodeAt(policy: PolicyDocument, offset: number): Node | undefined {
  if (!policy.root) return undefined;
  const node = findNodeAtOffset(policy.root, offset + 1, false);
  return node?.type === 'string' && node.offset === offset ? node : undefined;
}
