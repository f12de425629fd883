import { type CompletionItem, CompletionItemKind, type CompletionList, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type HclNode, type HclParser, namedChildren } from './hcl';
import { TOP_BLOCK_LINE } from './terraformHost';

/**
 * Completion of names in Terraform policies: the attributes and blocks of an
 * `aws_iam_policy_document` (`actions`, `principals { }`, `condition { }`) and the keys of a
 * policy written with `jsonencode` (`Effect = `, `Action = `), where a line starts with the
 * name being typed. A half-typed name leaves the HCL unreadable, so the block around the
 * cursor is parsed with the name completed as `name = null`: the parser, not the text, says
 * where the cursor is.
 */

interface Name {
  readonly name: string;
  readonly snippet: string;
  readonly block?: boolean;
  readonly doc: string;
}

const DOCUMENT: readonly Name[] = [
  { name: 'statement', block: true, snippet: 'statement {\n\teffect    = "${1|Allow,Deny|}"\n\tactions   = ["$2"]\n\tresources = ["$3"]\n}', doc: 'A statement of the policy document.' },
  { name: 'version', snippet: 'version = "2012-10-17"', doc: 'The policy language version (`Version`); Terraform writes 2012-10-17 when it is left out.' },
  { name: 'policy_id', snippet: 'policy_id = "$1"', doc: 'The policy\'s `Id`.' },
  { name: 'source_policy_documents', snippet: 'source_policy_documents = [$1]', doc: 'Policy documents (JSON) merged in; statements of this document with the same `sid` replace theirs.' },
  { name: 'override_policy_documents', snippet: 'override_policy_documents = [$1]', doc: 'Policy documents (JSON) merged in last; their statements replace this document\'s with the same `sid`.' },
];

const STATEMENT: readonly Name[] = [
  { name: 'sid', snippet: 'sid = "$1"', doc: 'The statement\'s `Sid`: letters and digits; it must be unique in the document.' },
  { name: 'effect', snippet: 'effect = "${1|Allow,Deny|}"', doc: '`Allow` (the default) or `Deny`.' },
  { name: 'actions', snippet: 'actions = ["$1"]', doc: 'The statement\'s `Action`: the actions it allows or denies, `service:Action` with `*` and `?` wildcards.' },
  { name: 'not_actions', snippet: 'not_actions = ["$1"]', doc: 'The statement\'s `NotAction`: every action except these.' },
  { name: 'resources', snippet: 'resources = ["$1"]', doc: 'The statement\'s `Resource`: the ARNs it applies to.' },
  { name: 'not_resources', snippet: 'not_resources = ["$1"]', doc: 'The statement\'s `NotResource`: every resource except these.' },
  { name: 'principals', block: true, snippet: 'principals {\n\ttype        = "${1|AWS,Service,Federated,CanonicalUser,*|}"\n\tidentifiers = ["$2"]\n}', doc: 'The statement\'s `Principal` (resource and trust policies): a `type` and its `identifiers`.' },
  { name: 'not_principals', block: true, snippet: 'not_principals {\n\ttype        = "${1|AWS,Service,Federated,CanonicalUser|}"\n\tidentifiers = ["$2"]\n}', doc: 'The statement\'s `NotPrincipal`: every principal except these.' },
  { name: 'condition', block: true, snippet: 'condition {\n\ttest     = "${1:StringEquals}"\n\tvariable = "$2"\n\tvalues   = ["$3"]\n}', doc: 'One condition of the statement\'s `Condition`: an operator (`test`), a condition key (`variable`) and its `values`.' },
];

const PRINCIPALS: readonly Name[] = [
  { name: 'type', snippet: 'type = "${1|AWS,Service,Federated,CanonicalUser,*|}"', doc: 'The principal type: `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for everyone.' },
  { name: 'identifiers', snippet: 'identifiers = ["$1"]', doc: 'The principals of that type: account IDs or ARNs, service principals, identity providers.' },
];

const CONDITION: readonly Name[] = [
  { name: 'test', snippet: 'test = "${1:StringEquals}"', doc: 'The condition operator (`StringEquals`, `ArnLike`, `Bool`, ...).' },
  { name: 'variable', snippet: 'variable = "$1"', doc: 'The condition key (`aws:SourceArn`, `s3:prefix`, ...).' },
  { name: 'values', snippet: 'values = ["$1"]', doc: 'The values the key is compared with; any one of them matches.' },
];

const POLICY_KEYS: readonly Name[] = [
  { name: 'Version', snippet: 'Version = "2012-10-17"', doc: 'The policy language version: always 2012-10-17.' },
  { name: 'Statement', snippet: 'Statement = [\n\t{\n\t\tEffect   = "${1|Allow,Deny|}"\n\t\tAction   = ["$2"]\n\t\tResource = ["$3"]\n\t},\n]', doc: 'The policy\'s statements.' },
  { name: 'Id', snippet: 'Id = "$1"', doc: 'An optional identifier of the policy.' },
];

const STATEMENT_KEYS: readonly Name[] = [
  { name: 'Sid', snippet: 'Sid = "$1"', doc: 'An optional statement ID: letters and digits.' },
  { name: 'Effect', snippet: 'Effect = "${1|Allow,Deny|}"', doc: '`Allow` or `Deny`.' },
  { name: 'Action', snippet: 'Action = ["$1"]', doc: 'The actions the statement allows or denies.' },
  { name: 'NotAction', snippet: 'NotAction = ["$1"]', doc: 'Every action except these.' },
  { name: 'Resource', snippet: 'Resource = ["$1"]', doc: 'The ARNs the statement applies to.' },
  { name: 'NotResource', snippet: 'NotResource = ["$1"]', doc: 'Every resource except these.' },
  { name: 'Principal', snippet: 'Principal = { ${1|AWS,Service,Federated,CanonicalUser|} = "$2" }', doc: 'Who the statement applies to (resource and trust policies).' },
  { name: 'NotPrincipal', snippet: 'NotPrincipal = { ${1|AWS,Service,Federated,CanonicalUser|} = "$2" }', doc: 'Every principal except these.' },
  { name: 'Condition', snippet: 'Condition = {\n\t${1:StringEquals} = {\n\t\t"$2" = "$3"\n\t}\n}', doc: 'When the statement applies: operators, each with condition keys and values.' },
];

const PRINCIPAL_KEYS: readonly Name[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'].map((name) => ({ name, snippet: `${name} = "$1"`, doc: `A principal of type \`${name}\`.` }));

/** How far around the cursor the enclosing top-level block is looked for. */
const WINDOW = 65536;

/**
 * Names to complete at `offset` of a Terraform file, or undefined when the cursor is not where
 * a policy's attribute, block or key name is being written.
 */
export function terraformNameCompletion(host: TextDocument, offset: number, hcl: HclParser): CompletionList | undefined {
  const text = host.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(Math.max(lineStart, offset - 200), offset);
  if (offset - lineStart > 200 || !/^[ \t]*[A-Za-z_]*$/.test(before)) return undefined;
  const wordStart = offset - /[A-Za-z_]*$/.exec(before)![0].length;
  const wordEnd = offset + /^[\w-]*/.exec(text.slice(offset, offset + 200))![0].length;
  // A name being written on a line of its own; in front of `= value` the line already has its name.
  if (!/^[ \t]*(\r?\n|$)/.test(text.slice(wordEnd, wordEnd + 200))) return undefined;
  const range = blockAround(text, lineStart);
  if (!range) return undefined;
  const dummy = 'x = null';
  const patched = text.slice(0, wordStart) + dummy + text.slice(wordEnd);
  const names = hcl.read(patched, (root) => namesAt(root, patched, wordStart), { start: range.start, end: range.end + dummy.length - (wordEnd - wordStart) });
  if (!names) return undefined;
  const edit = { start: host.positionAt(wordStart), end: host.positionAt(wordEnd) };
  const items = names.names
    .filter((n) => !names.written.has(n.name))
    .map(
      (n, i): CompletionItem => ({
        label: n.name,
        kind: n.block ? CompletionItemKind.Struct : CompletionItemKind.Property,
        detail: n.block ? `${n.name} { }` : `${n.name} =`,
        documentation: { kind: MarkupKind.Markdown, value: n.doc },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: edit, newText: n.snippet },
        sortText: String(i).padStart(3, '0'),
      }),
    );
  return { isIncomplete: false, items };
}

/** The top-level block around a line (from the nearest opening line above to the next one below), by its lines. */
function blockAround(text: string, lineStart: number): { start: number; end: number } | undefined {
  let start: number | undefined;
  for (let at = lineStart; at > 0 && lineStart - at < WINDOW; ) {
    const prev = at >= 2 ? text.lastIndexOf('\n', at - 2) + 1 : 0;
    if (TOP_BLOCK_LINE.test(text.slice(prev, at - 1))) {
      start = prev;
      break;
    }
    if (prev >= at) break;
    at = prev;
  }
  if (start === undefined) return undefined;
  let end = text.length;
  for (let at = text.indexOf('\n', lineStart) + 1; at > 0 && at - lineStart < WINDOW; at = text.indexOf('\n', at) + 1) {
    const next = text.indexOf('\n', at);
    if (TOP_BLOCK_LINE.test(text.slice(at, next === -1 ? text.length : next))) {
      end = at;
      break;
    }
  }
  return { start, end };
}

/** The names that fit where the parsed tree has the dummy attribute at `at`, and those already written there. */
function namesAt(root: HclNode, text: string, at: number): { names: readonly Name[]; written: Set<string> } | undefined {
  // The nodes from the root down to the one at `at`.
  const path: HclNode[] = [];
  for (let node: HclNode | undefined = root; node; ) {
    path.push(node);
    node = namedChildren(node).find((c) => c.startIndex <= at && at < c.endIndex);
  }
  // The completed name must be read as a name: not inside a heredoc, a string or a comment.
  if (path.some((n) => n.type === 'ERROR') || !path.some((n) => (n.type === 'attribute' || n.type === 'object_elem') && n.startIndex === at)) return undefined;
  const word = (n: HclNode | null | undefined) => (n ? text.slice(n.startIndex, n.endIndex) : '');
  const blocks = path.filter((n) => n.type === 'block');
  const top = blocks[0];
  if (!top) return undefined;
  const labels = namedChildren(top).filter((n) => n.type === 'string_lit').map((n) => word(n).slice(1, -1));
  const call = path.findIndex((n) => n.type === 'function_call' && word(n.namedChild(0)) === 'jsonencode');
  if (call >= 0) {
    // Keys of the objects from the jsonencode down, the dummy's own left out.
    const elements = path.slice(call).filter((n) => n.type === 'object_elem' && (n.childForFieldName('key')?.startIndex ?? -1) !== at);
    const keys = elements.map((e) => word(e.childForFieldName('key')).replace(/^"|"$/g, ''));
    const objects = path.slice(call).filter((n) => n.type === 'object');
    const container = objects[objects.length - 1];
    if (!container || objects.length !== keys.length + 1) return undefined;
    const names = keys.length === 0 ? POLICY_KEYS : keys.length === 1 && keys[0] === 'Statement' ? STATEMENT_KEYS : keys.length === 2 && keys[0] === 'Statement' && /^(Not)?Principal$/.test(keys[1]) ? PRINCIPAL_KEYS : undefined;
    if (!names) return undefined;
    // A policy: the object has a Statement, or is still empty, or is typed by its attribute.
    const written = new Set(namedChildren(container).filter((e) => e.type === 'object_elem' && (e.childForFieldName('key')?.startIndex ?? -1) !== at).map((e) => word(e.childForFieldName('key')).replace(/^"|"$/g, '')));
    if (keys.length === 0 && written.size > 0 && !written.has('Statement') && !written.has('Version')) return undefined;
    return { names, written };
  }
  if (word(top.namedChild(0)) !== 'data' || labels[0] !== 'aws_iam_policy_document') return undefined;
  // The blocks inside the document, a dynamic block standing for the one it makes.
  const inner = blocks.slice(1).flatMap((b) => {
    const name = word(b.namedChild(0));
    if (name === 'content') return [];
    return [name === 'dynamic' ? (namedChildren(b).find((n) => n.type === 'string_lit') ? word(namedChildren(b).find((n) => n.type === 'string_lit')).slice(1, -1) : '') : name];
  });
  const shape = inner.join('/');
  const names = shape === '' ? DOCUMENT : shape === 'statement' ? STATEMENT : /^statement\/(not_)?principals$/.test(shape) ? PRINCIPALS : shape === 'statement/condition' ? CONDITION : undefined;
  if (!names) return undefined;
  const body = namedChildren(blocks[blocks.length - 1]).find((n) => n.type === 'body');
  const written = new Set(
    (body ? namedChildren(body) : []).filter((n) => n.startIndex !== at && (n.type === 'attribute' || n.type === 'block')).map((n) => word(n.namedChild(0))),
  );
  // Blocks may repeat.
  for (const n of names) if (n.block) written.delete(n.name);
  return { names, written };
}

/**
 * ARN templates in a Terraform file that declares the partition, Region or caller-identity
 * data sources: a second item for each, with those parts written as references to them
 * (`arn:${data.aws_partition.current.partition}:s3:::...`), as the file itself does.
 */
export function terraformArnItems(hostText: string, items: readonly CompletionItem[], defaultFormat?: InsertTextFormat): CompletionItem[] {
  // Only ARN templates get a variant: the file is searched for its data sources only then.
  const arns = items.filter((item) => item.textEdit && item.label.startsWith('arn:') && (item.insertTextFormat ?? defaultFormat) === InsertTextFormat.Snippet);
  if (arns.length === 0) return [];
  const source = (type: string) => new RegExp(`data\\s+"${type}"\\s+"([\\w-]+)"`).exec(hostText)?.[1];
  const partition = source('aws_partition');
  const account = source('aws_caller_identity');
  const region = source('aws_region');
  if (!partition && !account && !region) return [];
  // Provider 6 names the Region `region`; earlier ones `name`.
  const regionAttribute = region && new RegExp(`data\\.aws_region\\.${region}\\.region\\b`).test(hostText) ? 'region' : 'name';
  const references: [RegExp, string | undefined, string][] = [
    [/^("?arn:)[\w-]+:/, partition && `\\\${data.aws_partition.${partition}.partition}`, '${Partition}'],
    [/\$\{\d+:region\}/, region && `\\\${data.aws_region.${region}.${regionAttribute}}`, '${Region}'],
    [/\$\{\d+:account-id\}/, account && `\\\${data.aws_caller_identity.${account}.account_id}`, '${Account}'],
  ];
  const out: CompletionItem[] = [];
  for (const item of arns) {
    const edit = item.textEdit;
    if (!edit) continue;
    let newText = edit.newText;
    let label = item.label;
    for (const [pattern, reference, placeholder] of references) {
      if (!reference || !pattern.test(newText)) continue;
      newText = newText.replace(pattern, (_match, quote?: string) => (quote !== undefined && pattern.source.startsWith('^') ? `${quote}${reference}:` : reference));
      label = placeholder === '${Partition}' ? label.replace(/^arn:[\w-]+:/, `arn:${reference.slice(1)}:`) : label.replace(placeholder, reference.slice(1));
    }
    if (newText !== edit.newText) out.push({ ...item, label, textEdit: { ...edit, newText }, filterText: undefined, sortText: item.sortText ? `${item.sortText}1` : undefined });
  }
  return out;
}
