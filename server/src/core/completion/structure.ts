import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import { elementDocs, mutuallyExclusiveElements, principalTypes, statementElements, topLevelElements } from '../data/elementDocs';
import { propertiesOf } from '../policy';
import { type CompletionRequest, keyItem, rank, rawValueItem, valueItem } from './items';

// The value each key inserts when the user picks it before typing a colon.
const KEY_VALUES: Readonly<Record<string, string>> = {
  Version: '"${1|2012-10-17,2008-10-17|}"',
  Id: '"$1"',
  Statement: '[\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": "$2",\n\t\t"Resource": "$3"\n\t}\n]',
  Sid: '"$1"',
  Effect: '"${1|Allow,Deny|}"',
  Principal: '{\n\t"${1|AWS,Service,Federated,CanonicalUser|}": "$2"\n}',
  NotPrincipal: '{\n\t"${1|AWS,Service,Federated,CanonicalUser|}": "$2"\n}',
  Action: '"$1"',
  NotAction: '"$1"',
  Resource: '"$1"',
  NotResource: '"$1"',
  Condition: '{\n\t"$1": {\n\t\t"$2": "$3"\n\t}\n}',
};

/** Statement keys in the order an author usually writes them (required ones first). */
const STATEMENT_ORDER = ['Effect', 'Action', 'Resource', 'Sid', 'Principal', 'Condition', 'NotAction', 'NotResource', 'NotPrincipal'];

const STATEMENT_SNIPPET = '{\n\t"Sid": "$1",\n\t"Effect": "${2|Allow,Deny|}",\n\t"Action": "$3",\n\t"Resource": "$4"\n}';

const SKELETON =
  '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{\n\t\t\t"Sid": "$1",\n\t\t\t"Effect": "${2|Allow,Deny|}",\n\t\t\t"Action": "$3",\n\t\t\t"Resource": "$4"\n\t\t}\n\t]\n}';

/** Keys of an object that are already present, other than the one being typed. */
function presentKeys(req: CompletionRequest): Set<string> {
  const { ctx } = req;
  const keyProperty = ctx.node?.parent?.type === 'property' ? ctx.node.parent : undefined;
  const object = keyProperty?.parent ?? objectAtCursor(req);
  const keys = new Set<string>();
  for (const [key, prop] of propertiesOf(object)) if (prop !== keyProperty) keys.add(key);
  return keys;
}

/** The object whose key the cursor is at, when no key string is under the cursor. */
function objectAtCursor(req: CompletionRequest) {
  const { ctx, policy } = req;
  if (!policy.root) return undefined;
  let node = ctx.statement?.node ?? policy.root;
  // Descend along the path to the innermost object that holds the key being typed.
  for (const segment of ctx.path.slice(0, -1).slice(ctx.statement ? (ctx.statement.index === undefined ? 1 : 2) : 0)) {
    const next =
      node.type === 'object'
        ? propertiesOf(node).get(String(segment))?.children?.[1]
        : node.type === 'array' && typeof segment === 'number'
          ? node.children?.[segment]
          : undefined;
    if (!next) return undefined;
    node = next;
  }
  return node.type === 'object' ? node : undefined;
}

/** Top-level keys not yet present. */
export function completeTopLevelKeys(req: CompletionRequest): CompletionItem[] {
  const present = presentKeys(req);
  return topLevelElements
    .filter((k) => !present.has(k))
    .map((k, i) =>
      keyItem(req, { label: k, kind: CompletionItemKind.Property, sortText: `1${rank(i)}`, documentation: elementDocs[k] }, k, KEY_VALUES[k]),
    );
}

/** Statement keys not yet present, and not the twin of a present one (`NotAction` beside `Action`). */
export function completeStatementKeys(req: CompletionRequest): CompletionItem[] {
  const present = presentKeys(req);
  const excluded = new Set(present);
  for (const [a, b] of mutuallyExclusiveElements) {
    if (present.has(a)) excluded.add(b);
    if (present.has(b)) excluded.add(a);
  }
  const order = STATEMENT_ORDER.filter((k) => statementElements.includes(k) && !excluded.has(k));
  return order.map((k, i) =>
    keyItem(
      req,
      { label: k, kind: CompletionItemKind.Property, sortText: `1${rank(i)}`, documentation: elementDocs[k], retrigger: req.ctx.hasColon ? false : /"\$1"$/.test(KEY_VALUES[k]) },
      k,
      KEY_VALUES[k],
    ),
  );
}

/** A whole statement, where an element of the `Statement` array (or its value, `inArray` false) is expected. */
export function completeStatementSnippet(req: CompletionRequest, inArray = true): CompletionItem[] {
  if (req.ctx.quoted) return [];
  const [detail, snippet] = inArray
    ? ['Sid, Effect, Action, Resource', STATEMENT_SNIPPET]
    : ['An array with one statement', `[\n\t${STATEMENT_SNIPPET.replace(/\n/g, '\n\t')}\n]`];
  return [
    rawValueItem(
      req,
      { label: 'New statement', kind: CompletionItemKind.Snippet, sortText: '0', detail, documentation: elementDocs.Statement },
      req.ctx.typed,
      snippet,
    ),
  ];
}

/** The policy skeleton for an empty document or an empty top-level object. */
export function completeSkeleton(req: CompletionRequest, replaceAll: boolean): CompletionItem[] {
  const item = rawValueItem(
    req,
    { label: 'IAM policy', kind: CompletionItemKind.Snippet, sortText: '0', detail: 'Version and one statement', documentation: elementDocs.Version },
    replaceAll ? req.text.trim() : req.ctx.typed,
    replaceAll ? SKELETON : SKELETON.slice(1, -1),
  );
  if (replaceAll && item.textEdit && 'range' in item.textEdit) {
    item.textEdit.range = { start: req.document.positionAt(0), end: req.document.positionAt(req.text.length) };
  }
  return [item];
}

/** `Effect` and `Version` values. */
export function completeEnumValue(req: CompletionRequest, element: 'Effect' | 'Version'): CompletionItem[] {
  const values =
    element === 'Effect'
      ? [
          ['Allow', 'Grants the actions on the resources, unless a Deny matches.'],
          ['Deny', 'Refuses the actions; an explicit Deny overrides every Allow.'],
        ]
      : [
          ['2012-10-17', 'Current version of the policy language (recommended); needed for policy variables.'],
          ['2008-10-17', 'Legacy version: policy variables such as `${aws:username}` are not substituted.'],
        ];
  return values.map(([value, doc], i) =>
    valueItem(req, { label: value, kind: CompletionItemKind.EnumMember, sortText: `1${rank(i)}`, documentation: doc, description: i === 0 && element === 'Version' ? 'recommended' : undefined }, value),
  );
}

/** `AWS`, `Service`, `Federated`, `CanonicalUser` inside `Principal` / `NotPrincipal`. */
export function completePrincipalKeys(req: CompletionRequest): CompletionItem[] {
  const present = presentKeys(req);
  return principalTypes
    .filter((k) => !present.has(k))
    .map((k, i) =>
      keyItem(req, { label: k, kind: CompletionItemKind.Property, sortText: `1${rank(i)}`, documentation: elementDocs[k], retrigger: !req.ctx.hasColon }, k, '"$1"'),
    );
}
