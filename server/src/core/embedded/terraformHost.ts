import { OffsetMap } from './offsetMap';
import { changedSpan } from '../policy';
import { UNKNOWN } from '../semantics/unknown';
import type { IdentityPolicyKind, PolicyType } from '../types';
import { childOfType, type HclNode, type HclParser, namedChildren } from './hcl';
import type { Node } from 'jsonc-parser';
import { type EmbeddedPolicy, findJsonEmbeddedPolicies } from './jsonHost';
import { MappedText, stringPolicy } from './mappedText';
import { LineStarts } from './lines';
import { flowDeeperThan } from './nesting';
import { hclEscape, type HostEntry, type HostString, type HostValue, Projection, type Slot } from './projection';

/**
 * Policies inside Terraform files: `jsonencode({...})` (an HCL object read as the policy),
 * JSON in heredocs and strings (with `${...}` and `%{...}` as computed parts), and
 * `data "aws_iam_policy_document"` blocks (statement blocks read as the policy they produce,
 * findings worded in the block's own terms). Each policy gets the type its resource and
 * attribute give: `aws_iam_role.assume_role_policy` is a trust policy, bucket, queue, topic
 * and key policies are resource policies, `aws_organizations_policy` an SCP or RCP.
 */

export interface TerraformPolicy extends EmbeddedPolicy {
  readonly syntax: 'hcl';
  /** A message's element names as the block writes them (`"Action"` → `actions`). */
  readonly inHostWords?: (message: string) => string;
}

/**
 * A policy file a Terraform attribute reads (`policy = file("${path.module}/policy.json")`,
 * `templatefile("trust.json.tftpl", {...})`): the path relative to the Terraform file's
 * folder, and what the attribute makes of it.
 */
export interface PolicyFileReference {
  readonly path: string;
  readonly template: boolean;
  readonly policyType?: PolicyType;
  readonly label: string;
  /** The path argument in the Terraform file. */
  readonly start: number;
  readonly end: number;
}

const MAX_POLICIES = 1000;
const MAX_DEPTH = 100;
/** How far back a line's start is looked for before the file's line starts are computed. */
const NEAR_LINE_START = 4096;
/** Terraform files beyond this are generated; reading them would hold the server. */
const MAX_FILE = 1024 * 1024;

type TypeOf = PolicyType | ((block: HclNode, text: string) => PolicyType | undefined);
const identity: TypeOf = 'identity';
const resource: TypeOf = 'resource';

/** The attributes that hold a policy, by resource type (Terraform AWS provider). */
const POLICY_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, TypeOf>>>> = {
  aws_iam_role: { assume_role_policy: 'trust' },
  aws_iam_policy: { policy: identity },
  aws_iam_role_policy: { policy: identity },
  aws_iam_user_policy: { policy: identity },
  aws_iam_group_policy: { policy: identity },
  aws_ssoadmin_permission_set_inline_policy: { inline_policy: identity },
  aws_s3_bucket_policy: { policy: resource },
  aws_s3_access_point: { policy: resource },
  aws_s3control_access_point_policy: { policy: resource },
  aws_sqs_queue_policy: { policy: resource },
  aws_sqs_queue: { policy: resource },
  aws_sns_topic_policy: { policy: resource },
  aws_sns_topic: { policy: resource },
  aws_kms_key: { policy: resource },
  aws_kms_key_policy: { policy: resource },
  aws_ecr_repository_policy: { policy: resource },
  aws_ecrpublic_repository_policy: { policy: resource },
  aws_secretsmanager_secret_policy: { policy: resource },
  aws_secretsmanager_secret: { policy: resource },
  aws_cloudwatch_log_resource_policy: { policy_document: resource },
  aws_cloudwatch_log_destination_policy: { access_policy: resource },
  aws_opensearch_domain_policy: { access_policies: resource },
  aws_opensearch_domain: { access_policies: resource },
  aws_elasticsearch_domain_policy: { access_policies: resource },
  aws_elasticsearch_domain: { access_policies: resource },
  aws_api_gateway_rest_api_policy: { policy: resource },
  aws_api_gateway_rest_api: { policy: resource },
  aws_backup_vault_policy: { policy: resource },
  aws_efs_file_system_policy: { policy: resource },
  aws_cloudwatch_event_bus_policy: { policy: resource },
  aws_glacier_vault: { access_policy: resource },
  aws_lambda_function_url: {},
  aws_organizations_policy: {
    content: (block, text) => {
      const kind = stringAttribute(block, 'type', text);
      if (kind === undefined || kind === 'SERVICE_CONTROL_POLICY') return 'scp';
      return kind === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
    },
  },
};

/** Where the identity policies of these attributes are stored (their size quota). */
const STORED: Readonly<Record<string, Readonly<Record<string, IdentityPolicyKind>>>> = {
  aws_iam_policy: { policy: 'managed' },
  aws_iam_role_policy: { policy: 'inline' },
  aws_iam_user_policy: { policy: 'user-inline' },
  aws_iam_group_policy: { policy: 'group-inline' },
  aws_ssoadmin_permission_set_inline_policy: { inline_policy: 'permission-set' },
};

/** How a policy_document block's words map to the policy's elements. */
const DOCUMENT_WORDS: Readonly<Record<string, string>> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/** Attributes of which a statement has one or the other. */
const PAIRED: Readonly<Record<string, string>> = { actions: 'not_actions', not_actions: 'actions', resources: 'not_resources', not_resources: 'resources' };

/** A value Terraform computes (a reference, a function call, a conditional), which may be null. */
function computed(expression: HclNode): boolean {
  const node = unwrap(expression);
  return !node || !['collection_value', 'literal_value', 'template_expr'].includes(node.type);
}

/** The same, for messages: the element as the policy text names it, and the block's word. */
const DOCUMENT_VOCABULARY: Readonly<Record<string, string>> = {
  '"Statement"': '`statement`',
  '"Version"': '`version`',
  '"Sid"': '`sid`',
  '"Effect"': '`effect`',
  '"Action"': '`actions`',
  '"NotAction"': '`not_actions`',
  '"Resource"': '`resources`',
  '"NotResource"': '`not_resources`',
  '"Principal"': '`principals`',
  '"NotPrincipal"': '`not_principals`',
  '"Condition"': '`condition`',
};
const DOCUMENT_WORD = new RegExp(Object.keys(DOCUMENT_VOCABULARY).join('|'), 'g');

/** A message about a policy_document's policy in the block's words. */
const inDocumentWords = (message: string) => message.replace(DOCUMENT_WORD, (w) => DOCUMENT_VOCABULARY[w] ?? w);

/** Why a Terraform file's policies are not read (see findTerraformPolicies), said only of a file that names IAM in its first megabyte. */
export function terraformRefused(text: string, reason: string): string | undefined {
  return /aws_iam_|"Statement"/.test(text.slice(0, MAX_FILE)) ? reason : undefined;
}

/** What a Terraform file's read found: its policies or why they are not read, and the blocks given up. */
export interface TerraformRead {
  readonly found: TerraformPolicy[] | string;
  /**
   * The text of each top-level block whose parse took too long and was given up (hostile
   * text). The next read of the file passes them back: a block that is still about the same
   * is not parsed again, so a keystroke elsewhere does not wait for the parser to give up anew.
   */
  readonly givenUp: readonly string[];
}

const GIVEN_UP = 'the file took too long to parse: its policies are not read';

/**
 * The policies of a Terraform file, or why they are not read. `givenUp` is what the previous
 * read of the same file gave up: with any, the file is read block by block, those blocks left out.
 */
export function findTerraformPolicies(text: string, parser: HclParser, references?: PolicyFileReference[], givenUp: readonly string[] = []): TerraformRead {
  if (text.length > MAX_FILE) return { found: 'a Terraform file larger than 1 MB: its policies are not read', givenUp: [] };
  if (flowDeeperThan(text, MAX_DEPTH)) return { found: `brackets nested deeper than ${MAX_DEPTH} levels: the file's policies are not read`, givenUp: [] };
  try {
    if (givenUp.length > 0) return readInChunks(text, parser, references, givenUp, false);
    let broken = false;
    const policies = parser.read(text, (root) => {
      if (root.hasError) {
        broken = true;
        return undefined;
      }
      const reader = new TerraformReader(text);
      reader.references = references;
      const top = topBlocks(root);
      // First the types that resources give the policy documents they use (`assume_role_policy = data.aws_iam_policy_document.x.json`).
      for (const block of top) reader.documentUses(block);
      for (const block of top) rereadable(reader, block, parser);
      return reader.policies;
    });
    if (policies) return { found: policies, givenUp: [] };
    // Broken (a line being typed): the blocks that parse are read. Given up: the blocks that take too long are found and left out.
    return readInChunks(text, parser, references, [], !broken);
  } catch {
    return { found: GIVEN_UP, givenUp: [] };
  }
}

/** A line that opens a top-level block as `terraform fmt` writes it: `resource "aws_iam_policy" "p" {`, `locals {`. */
export const TOP_BLOCK_LINE = /^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{[ \t]*\r?$/;

/** Characters by which a block may differ from one given up before and still not be parsed again (typing in it). */
const NEAR = 256;

/** Whether two texts differ in at most NEAR characters around one place (an edit of a few keystrokes). */
function nearlySame(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > NEAR) return false;
  const { start, oldEnd, newEnd } = changedSpan(a, b);
  return Math.max(oldEnd, newEnd) - start <= NEAR;
}

/**
 * A file read block by block: each run of lines from one top-level block's opening line to
 * the next is a chunk. Used when the file does not parse as a whole (a line being typed, a
 * brace missing: the parser's recovery may make the whole file one error), so that one broken
 * block does not hide the policies of the others; and when its parse took too long, so that
 * the block of hostile text is found and left out, and stays out while it is about the same
 * (`givenUp`, from the previous read). `wholeGivenUp`: the whole file was just given up, so
 * the run of all chunks is not parsed again.
 */
function readInChunks(text: string, parser: HclParser, references: PolicyFileReference[] | undefined, givenUp: readonly string[], wholeGivenUp: boolean): TerraformRead {
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const end = next === -1 ? text.length : next;
    if (TOP_BLOCK_LINE.test(text.slice(at, Math.min(end, at + 1000)))) starts.push(at);
    at = end + 1;
  }
  // A file given up with no line as terraform fmt writes a block's is one chunk, so that it is not parsed again either.
  if (starts.length === 0 && (wholeGivenUp || givenUp.length > 0)) starts.push(0);
  const chunks = starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : text.length }));
  const slow: string[] = [];
  const known = (c: { start: number; end: number }) => {
    const chunk = text.slice(c.start, c.end);
    return givenUp.some((g) => nearlySame(g, chunk)) ? chunk : undefined;
  };
  // Runs of chunks that parse together, found by halving a run that does not: a few parses for
  // a file of thousands of blocks with one broken, not one per block. A run given up is halved
  // too, down to the block that takes too long.
  const ranges: { start: number; end: number }[] = [];
  const split = (from: number, to: number, tried = false): void => {
    const range = { start: chunks[from].start, end: chunks[to - 1].end };
    const clean = tried ? undefined : parser.read(text, (root) => !root.hasError, range);
    if (clean === undefined && to - from === 1) slow.push(text.slice(range.start, range.end));
    else if (clean || to - from === 1) ranges.push(range);
    else {
      const middle = (from + to) >> 1;
      split(from, middle);
      split(middle, to);
    }
  };
  // Blocks given up before and still about the same are left out; the runs between them are read.
  let from = 0;
  for (let i = 0; i <= chunks.length; i++) {
    const skipped = i < chunks.length ? known(chunks[i]) : undefined;
    if (i < chunks.length && skipped === undefined) continue;
    if (i > from) split(from, i, wholeGivenUp && from === 0 && i === chunks.length);
    if (skipped !== undefined) slow.push(skipped);
    from = i + 1;
  }
  const reader = new TerraformReader(text);
  reader.references = references;
  const clean = (root: HclNode) => topBlocks(root).filter((b) => !b.hasError);
  for (const range of ranges) parser.read(text, (root) => clean(root).forEach((b) => reader.documentUses(b)), range);
  for (const range of ranges) parser.read(text, (root) => clean(root).forEach((b) => rereadable(reader, b, parser)), range);
  return { found: reader.policies.length === 0 && slow.length > 0 ? GIVEN_UP : reader.policies, givenUp: slow };
}

/**
 * The policy in a Terraform template file (`templatefile("policy.json.tftpl", ...)`): JSON
 * with `${...}` and `%{...}` as computed parts.
 */
export function findTemplateFilePolicy(text: string, parser: HclParser, givenUp: readonly string[] = []): { readonly policy?: TerraformPolicy; readonly givenUp: readonly string[] } {
  if (text.length > MAX_FILE || !/^\s*\{/.test(text) || !/"Statement"/.test(text)) return { givenUp: [] };
  const slow: string[] = [];
  const mapped = readTemplateOnce(MappedText.exact(text, 0), parser, givenUp, slow);
  if (!mapped || !awsShaped(mapped.text)) return { givenUp: slow };
  return { policy: { ...stringPolicy(mapped, 0, text.length, (inserted) => hclEscape(inserted)), syntax: 'hcl' }, givenUp: slow };
}

/**
 * The policies of a Terraform JSON file (`.tf.json`): JSON strings that hold a policy
 * (`"policy": "{\"Statement\": ...}"`), read as Terraform reads them, a template with
 * `${...}` computed, each with the type and label of its resource and attribute.
 */
export function findTerraformJsonPolicies(text: string, root: Node | undefined, parser: HclParser, givenUp: readonly string[] = []): { readonly policies: TerraformPolicy[]; readonly givenUp: readonly string[] } {
  const out: TerraformPolicy[] = [];
  const slow: string[] = [];
  for (const found of findJsonEmbeddedPolicies(text, root)) {
    const [kind, type, name, attribute, ...rest] = found.path.map(String);
    const inline = type === 'aws_iam_role' && attribute === 'inline_policy' && rest[rest.length - 1] === 'policy';
    const typeOf = kind === 'resource' && type ? (inline ? identity : POLICY_ATTRIBUTES[type]?.[attribute]) : undefined;
    const policyType = typeof typeOf === 'function' ? undefined : typeOf;
    const label = kind === 'resource' && type && name && attribute ? `${type}.${name}.${inline ? 'inline_policy' : attribute}` : found.path.join('.');
    if (found.kind !== 'string') {
      out.push({ ...found, syntax: 'hcl', policyType, label });
      continue;
    }
    // The string's text, escapes decoded, read as the template it is to Terraform.
    const span = found.map.hostSpan;
    const decoded = OffsetMap.jsonStringRuns(text.slice(span.start, span.end), span.start);
    const mapped = readTemplateOnce(MappedText.of(decoded.text, decoded.runs), parser, givenUp, slow);
    if (!mapped || !awsShaped(mapped.text)) continue;
    const write = (inserted: string) => (/[\n\r]/.test(inserted) ? undefined : JSON.stringify(hclEscape(inserted)).slice(1, -1));
    out.push({ ...stringPolicy(mapped, span.start, span.end, write), syntax: 'hcl', policyType, label });
  }
  return { policies: out, givenUp: slow };
}

/**
 * readTemplate, unless the template is about the same as one whose parse was given up before
 * (`givenUp`, from the previous read of the file): a keystroke must not wait for the parser to
 * give up on hostile text again. A template given up, now or before, goes to `slow`.
 */
function readTemplateOnce(source: MappedText, parser: HclParser, givenUp: readonly string[], slow: string[]): MappedText | undefined {
  if (givenUp.some((g) => nearlySame(g, source.text))) {
    slow.push(source.text);
    return undefined;
  }
  let parsed = false;
  const mapped = readTemplate(source, parser, () => (parsed = true));
  if (!parsed) slow.push(source.text);
  return mapped;
}

/**
 * A Terraform template's text (a template file, a `.tf.json` string) as JSON for the policy:
 * read by the HCL parser as the heredoc it would be inline, literal text mapped through
 * `source`, `${...}` computed, directives read as in templateSegments, `$${` a literal `${`.
 */
function readTemplate(source: MappedText, parser: HclParser, parsed?: () => void): MappedText | undefined {
  let delimiter = 'IAM_POLICY_TEMPLATE';
  while (source.text.includes(delimiter)) delimiter += '_';
  const head = `policy = <<${delimiter}\n`;
  const wrapped = `${head}${source.text}${source.text.endsWith('\n') ? '' : '\n'}${delimiter}\n`;
  return parser.read(wrapped, (root) => {
    parsed?.();
    const attribute = childOfType(childOfType(root, 'body') ?? root, 'attribute');
    const value = attribute && unwrap(attributeValue(attribute));
    const template = value?.type === 'template_expr' ? value.namedChild(0) : undefined;
    if (root.hasError || template?.type !== 'heredoc_template') return undefined;
    const piece = (start: number, end: number) => source.slice(start - head.length, end - head.length);
    return assembleTemplate(templateSegments(template, wrapped), (start, end) => unescapeTemplate(piece(start, end)), (start, end) => hostSpanOf(piece(start, end)), true);
  });
}

/**
 * A template's text from its segments: literal text as `literal` reads it (escapes decoded),
 * `${...}` and `%{...}` computed, markup that produces nothing empty, each standing for the host
 * span `hostOf` gives. In JSON text (`json`), an interpolation outside a JSON string stands for
 * a whole JSON value (`"Action": ${jsonencode(var.actions)}`): a string that is unknown.
 */
function assembleTemplate(
  segments: readonly Segment[],
  literal: (start: number, end: number) => MappedText,
  hostOf: (start: number, end: number) => { start: number; end: number } | undefined,
  json: boolean,
): MappedText {
  const parts: MappedText[] = [];
  let inString = false;
  const text = (start: number, end: number) => {
    const read = literal(start, end);
    parts.push(read);
    if (json) inString = insideJsonString(read.text, inString);
  };
  let at = segments[0]?.start ?? 0;
  for (const segment of segments) {
    if (segment.start > at) text(at, segment.start);
    if (segment.kind === 'literal') text(segment.start, segment.end);
    else {
      const host = hostOf(segment.start, segment.end);
      if (host) parts.push(MappedText.opaque(segment.kind === 'hidden' ? '' : json && !inString ? `"${UNKNOWN}"` : UNKNOWN, host.start, host.end));
    }
    at = segment.end;
  }
  return MappedText.concat(parts);
}

function topBlocks(root: HclNode): HclNode[] {
  const body = childOfType(root, 'body');
  return body ? namedChildren(body).filter((b) => b.type === 'block') : [];
}

/**
 * Reads a top-level block's policies, each able to read itself again after an edit inside it:
 * the block alone is parsed again (at its place in the new text), so that a keystroke in a
 * large file costs one block. The block must still parse without error as one block holding
 * as many policies; otherwise the whole file is read again.
 */
function rereadable(reader: TerraformReader, block: HclNode, parser: HclParser): void {
  const first = reader.policies.length;
  reader.topBlock(block);
  const count = reader.policies.length - first;
  for (let i = first; i < reader.policies.length; i++) {
    const policy = reader.policies[i];
    const span = policy.map.hostSpan;
    // The block's bounds relative to the policy's, which an edit inside the policy leaves alone.
    const before = span.start - block.startIndex;
    const after = block.endIndex - span.end;
    const index = i - first;
    const reread = (newText: string, start: number, end: number): TerraformPolicy | undefined => {
      const range = { start: start - before, end: end + after };
      if (range.start < 0 || range.end > newText.length || flowDeeperThan(newText.slice(range.start, range.end), MAX_DEPTH)) return undefined;
      try {
        return parser.read(
          newText,
          (root) => {
            const blocks = topBlocks(root);
            if (root.hasError || blocks.length !== 1 || blocks[0].startIndex !== range.start || blocks[0].endIndex !== range.end) return undefined;
            const again = reader.again(newText);
            again.documentUses(blocks[0]);
            rereadable(again, blocks[0], parser);
            return again.policies.length === count && again.policies[index].label === policy.label ? again.policies[index] : undefined;
          },
          range,
        );
      } catch {
        return undefined;
      }
    };
    reader.policies[i] = { ...policy, reread };
  }
}

/** The text of a block's labels: `resource "aws_iam_role" "ci"` → ['aws_iam_role', 'ci']. */
function labels(block: HclNode, text: string): string[] {
  return namedChildren(block)
    .filter((n) => n.type === 'string_lit' || n.type === 'identifier')
    .slice(1)
    .map((n) => (n.type === 'string_lit' ? text.slice(n.startIndex + 1, n.endIndex - 1) : text.slice(n.startIndex, n.endIndex)));
}

function blockName(block: HclNode, text: string): string {
  const first = block.namedChild(0);
  return first ? text.slice(first.startIndex, first.endIndex) : '';
}

function attributes(block: HclNode): HclNode[] {
  const body = childOfType(block, 'body');
  return body ? namedChildren(body).filter((n) => n.type === 'attribute') : [];
}

function blocks(block: HclNode): HclNode[] {
  const body = childOfType(block, 'body');
  return body ? namedChildren(body).filter((n) => n.type === 'block') : [];
}

function attributeName(attribute: HclNode, text: string): string {
  const id = attribute.namedChild(0);
  return id ? text.slice(id.startIndex, id.endIndex) : '';
}

/** The expression of an attribute. */
function attributeValue(attribute: HclNode): HclNode | undefined {
  return childOfType(attribute, 'expression');
}

/** A string attribute's literal value (`type = "SERVICE_CONTROL_POLICY"`). */
function stringAttribute(block: HclNode, name: string, text: string): string | undefined {
  const attribute = attributes(block).find((a) => attributeName(a, text) === name);
  const value = attribute && unwrap(attributeValue(attribute));
  const lit = value?.type === 'literal_value' ? value.namedChild(0) : undefined;
  return lit?.type === 'string_lit' ? text.slice(lit.startIndex + 1, lit.endIndex - 1) : undefined;
}

/** An expression's one inner node (`expression` wraps every value); undefined for a traversal (`var.x`). */
function unwrap(node: HclNode | undefined | null): HclNode | undefined {
  let n = node ?? undefined;
  while (n && (n.type === 'expression' || n.type === 'parenthesized_expression')) {
    if (n.namedChildCount !== 1) return n.type === 'expression' ? n : undefined;
    n = n.namedChild(0) ?? undefined;
  }
  return n;
}

class TerraformReader {
  readonly policies: TerraformPolicy[] = [];
  /** Where policy files read by file() and templatefile() are recorded, when asked. */
  references: PolicyFileReference[] | undefined;
  private lines: LineStarts | undefined;
  /** Policy types of aws_iam_policy_document blocks, by name, from the attributes that use their `.json`. */
  private readonly documentTypes: Map<string, PolicyType> = new Map();
  /** Where the identity policies aws_iam_policy_document blocks produce are stored, by name, the same way. */
  private readonly documentKinds: Map<string, IdentityPolicyKind> = new Map();

  constructor(
    private readonly text: string,
    from?: TerraformReader,
  ) {
    if (from) {
      this.documentTypes = new Map(from.documentTypes);
      this.documentKinds = new Map(from.documentKinds);
    }
  }

  /** A reader of the file's new text that knows the policy document types this one found. */
  again(text: string): TerraformReader {
    return new TerraformReader(text, this);
  }

  /** Records the type a resource gives each policy document it references. */
  documentUses(block: HclNode): void {
    if (blockName(block, this.text) !== 'resource') return;
    const [type] = labels(block, this.text);
    if (!type) return;
    const known = POLICY_ATTRIBUTES[type] ?? {};
    const inner = blocks(block).filter((b) => type === 'aws_iam_role' && blockName(b, this.text) === 'inline_policy');
    const owners: [HclNode, Readonly<Record<string, TypeOf>>][] = [[block, known], ...inner.map((b): [HclNode, Readonly<Record<string, TypeOf>>] => [b, { policy: identity }])];
    for (const [owner, table] of owners) {
      for (const attribute of attributes(owner)) {
        const typeOf = table[attributeName(attribute, this.text)];
        const policyType = typeof typeOf === 'function' ? typeOf(block, this.text) : typeOf;
        const value = attributeValue(attribute);
        const reference = value && /^data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)$/.exec(this.text.slice(value.startIndex, value.endIndex).trim());
        if (reference && policyType) this.documentTypes.set(reference[1], policyType);
        const kind = owner === block ? STORED[type]?.[attributeName(attribute, this.text)] : 'inline';
        if (reference && kind) this.documentKinds.set(reference[1], kind);
      }
    }
  }

  topBlock(block: HclNode): void {
    const kind = blockName(block, this.text);
    if (kind !== 'resource' && kind !== 'locals' && kind !== 'module' && kind !== 'data') return;
    const [type, name] = labels(block, this.text);
    if (kind === 'data' && type === 'aws_iam_policy_document') {
      const before = this.policies.length;
      this.policyDocument(block, `data.aws_iam_policy_document.${name}`, this.documentTypes.get(name));
      this.storedAs(before, this.documentKinds.get(name));
      return;
    }
    if (kind !== 'resource' && kind !== 'locals' && kind !== 'module' && kind !== 'data') return;
    const where = kind === 'resource' ? `${type}.${name}` : kind === 'locals' ? 'locals' : `${kind}.${type}${name ? `.${name}` : ''}`;
    const known = (kind === 'resource' && type && POLICY_ATTRIBUTES[type]) || {};
    this.attributesOf(block, where, known, (kind === 'resource' && type && STORED[type]) || undefined);
    // Nested blocks that hold policies: aws_iam_role's inline_policy { policy = ... }.
    for (const inner of blocks(block)) {
      const innerName = blockName(inner, this.text);
      if (kind === 'resource' && type === 'aws_iam_role' && innerName === 'inline_policy') this.attributesOf(inner, `${where}.inline_policy`, { policy: identity }, { policy: 'inline' });
    }
  }

  /** Stamps the policies read since `from` with where they are stored. */
  private storedAs(from: number, kind: IdentityPolicyKind | undefined): void {
    if (kind) for (let i = from; i < this.policies.length; i++) this.policies[i] = { ...this.policies[i], identityKind: kind };
  }

  /** The policy-holding attributes of a block: known ones with their type, others by shape. */
  private attributesOf(block: HclNode, where: string, known: Readonly<Record<string, TypeOf>>, kinds?: Readonly<Record<string, IdentityPolicyKind>>): void {
    for (const attribute of attributes(block)) {
      const name = attributeName(attribute, this.text);
      const typeOf = known[name];
      const policyType = typeof typeOf === 'function' ? typeOf(block, this.text) : typeOf;
      if (typeof typeOf === 'function' && !policyType) continue; // a tag or backup policy of Organizations
      const value = attributeValue(attribute);
      const before = this.policies.length;
      if (value) this.policyValue(value, `${where}.${name}`, policyType, typeOf !== undefined);
      this.storedAs(before, kinds?.[name]);
    }
  }

  /** `jsonencode({...})`, or JSON in a heredoc or string. */
  private policyValue(expression: HclNode, label: string, policyType: PolicyType | undefined, known: boolean): void {
    if (this.policies.length >= MAX_POLICIES) return;
    const node = unwrap(expression);
    if (node?.type === 'function_call') {
      const fn = node.namedChild(0);
      const name = fn ? this.text.slice(fn.startIndex, fn.endIndex) : '';
      if (known && (name === 'file' || name === 'templatefile')) this.reference(node, name === 'templatefile', label, policyType);
      if (name !== 'jsonencode') return;
      const args = childOfType(node, 'function_arguments');
      const arg = args && unwrap(args.namedChild(0));
      if (arg?.type !== 'collection_value' || arg.namedChild(0)?.type !== 'object') return;
      const value = this.value(args!.namedChild(0)!, 0);
      if (!known && !shapedLikePolicy(value)) return;
      const { text, map, projection } = Projection.of(value, undefined, { text: this.text, base: 0 });
      this.policies.push({ kind: 'object', syntax: 'hcl', text, map, path: [], policyType, label, write: (t) => t, hostEdit: (s, e, t) => projection.hostEdit(s, e, t) });
      return;
    }
    if (node?.type === 'template_expr' || node?.type === 'literal_value') {
      const mapped = this.templateText(node, true);
      if (!mapped || !/^\s*\{/.test(mapped.text) || (!known && !awsShaped(mapped.text))) return;
      const heredoc = node.type === 'template_expr' && node.namedChild(0)?.type === 'heredoc_template';
      const write = (inserted: string): string | undefined => {
        const escaped = hclEscape(inserted);
        if (heredoc) return escaped;
        return /[\n\r]/.test(inserted) ? undefined : JSON.stringify(escaped).slice(1, -1);
      };
      this.policies.push({ ...stringPolicy(mapped, node.startIndex, node.endIndex, write), syntax: 'hcl', policyType, label });
    }
  }

  /** Records the file a `file("...")` or `templatefile("...", ...)` call reads, when its path is known. */
  private reference(call: HclNode, template: boolean, label: string, policyType: PolicyType | undefined): void {
    const args = childOfType(call, 'function_arguments');
    const first = args?.namedChild(0);
    const value = first && unwrap(first);
    if (!this.references || !first || !value || (value.type !== 'template_expr' && value.type !== 'literal_value')) return;
    // The module's own folder (`${path.module}`, `${path.root}`) is the Terraform file's; other interpolations are not known here.
    const raw = this.text.slice(value.startIndex, value.endIndex);
    const quoted = /^"((?:\$\{path\.(?:module|root)\}\/)?)([^"$%\\]+)"$/.exec(raw);
    if (!quoted) return;
    this.references.push({ path: quoted[2], template, policyType, label, start: first.startIndex, end: first.endIndex });
  }

  /** A `data "aws_iam_policy_document"` block as the policy it produces. */
  private policyDocument(block: HclNode, label: string, policyType: PolicyType | undefined): void {
    if (this.policies.length >= MAX_POLICIES) return;
    // Only merged documents (source_policy_documents, override_policy_documents): nothing of its own to read.
    if (!blocks(block).some((b) => ['statement', 'dynamic'].includes(blockName(b, this.text)))) return;
    const slot = this.slot(block);
    const entries: HostEntry[] = [];
    const version = attributes(block).find((a) => attributeName(a, this.text) === 'version');
    const at = block.startIndex;
    entries.push(
      version
        ? { key: this.renamedKey(version, 'Version'), value: this.value(attributeValue(version)!, 1) }
        : { key: this.synthetic('Version', at), value: this.synthetic('2012-10-17', at) },
    );
    const statements: HostValue[] = [];
    for (const inner of blocks(block)) {
      const kind = blockName(inner, this.text);
      if (kind === 'statement') statements.push(this.statement(inner));
      else if (kind === 'dynamic' && labels(inner, this.text)[0] === 'statement') {
        const content = blocks(inner).find((b) => blockName(b, this.text) === 'content');
        if (content) statements.push(this.statement(content));
      }
    }
    if (statements.length > 0) {
      const first = blocks(block).find((b) => ['statement', 'dynamic'].includes(blockName(b, this.text)))!;
      entries.push({ key: this.keyAt('Statement', first.startIndex, first.startIndex + blockName(first, this.text).length), value: { kind: 'array', start: first.startIndex, end: block.endIndex - 1, slot, items: statements } });
    }
    const { text, map, projection } = Projection.of({ kind: 'object', start: block.startIndex, end: block.endIndex, slot, entries });
    this.policies.push({ kind: 'object', syntax: 'hcl', text, map, path: [], label, policyType, inHostWords: inDocumentWords, write: (t) => t, hostEdit: (s, e, t) => projection.hostEdit(s, e, t) });
  }

  /** One `statement { ... }` block. */
  private statement(block: HclNode): HostValue {
    const slot = this.slot(block);
    const entries: HostEntry[] = [];
    let effect = false;
    const own = attributes(block);
    const written = new Set(own.map((a) => attributeName(a, this.text)));
    for (const attribute of own) {
      const name = attributeName(attribute, this.text);
      const word = DOCUMENT_WORDS[name];
      const value = attributeValue(attribute);
      if (!word || !value) continue;
      // A computed value may be null, which Terraform treats as absent (`lookup(s, "not_actions", null)`
      // next to `actions`): with its counterpart written too, it is left out.
      // When both are computed, `actions`/`resources` stands for the pair.
      const counterpart = PAIRED[name];
      const other = counterpart && written.has(counterpart) ? own.find((a) => attributeName(a, this.text) === counterpart) : undefined;
      const otherValue = other && attributeValue(other);
      if (otherValue && computed(value) && (!computed(otherValue) || name.startsWith('not_'))) continue;
      if (word === 'Effect') effect = true;
      entries.push({ key: this.renamedKey(attribute, word), value: this.value(value, 2) });
    }
    if (!effect) entries.push({ key: this.synthetic('Effect', block.startIndex), value: this.synthetic('Allow', block.startIndex) });
    for (const [word, element] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const found = blocks(block).filter((b) => blockName(b, this.text) === word);
      const dynamic = blocks(block).find((b) => blockName(b, this.text) === 'dynamic' && labels(b, this.text)[0] === word);
      // Computed principals and not_principals together (each may come out empty): Principal stands for both.
      if (word === 'not_principals' && found.length === 0 && entries.some((e) => e.key.text.text === 'Principal')) continue;
      if (found.length === 0 && dynamic) {
        // Principals from a `dynamic` block: some principals, computed.
        entries.push({ key: this.keyAt(element, dynamic.startIndex, dynamic.startIndex + 'dynamic'.length), value: { kind: 'string', start: dynamic.startIndex, end: dynamic.endIndex, slot, text: MappedText.opaque(UNKNOWN, dynamic.startIndex, dynamic.endIndex) } });
        continue;
      }
      if (found.length === 0) continue;
      const everyone = found.length === 1 && stringAttribute(found[0], 'type', this.text) === '*';
      if (everyone) {
        // principals { type = "*" identifiers = ["*"] } is how a document says "Principal": "*".
        const type = attributes(found[0]).find((a) => attributeName(a, this.text) === 'type')!;
        entries.push({ key: this.keyAt(element, found[0].startIndex, found[0].startIndex + word.length), value: this.value(attributeValue(type)!, 3) });
        continue;
      }
      const byType: HostEntry[] = [];
      for (const p of found) {
        const type = attributes(p).find((a) => attributeName(a, this.text) === 'type');
        const identifiers = attributes(p).find((a) => attributeName(a, this.text) === 'identifiers');
        if (!type || !identifiers) continue;
        const typeValue = this.value(attributeValue(type)!, 3);
        const key: HostString = typeValue.kind === 'string' ? typeValue : this.keyAt('?', type.startIndex, type.endIndex);
        byType.push({ key, value: this.value(attributeValue(identifiers)!, 3) });
      }
      entries.push({ key: this.keyAt(element, found[0].startIndex, found[0].startIndex + word.length), value: { kind: 'object', start: found[0].startIndex, end: found[found.length - 1].endIndex, slot, entries: byType } });
    }
    const conditions = blocks(block).filter((b) => blockName(b, this.text) === 'condition');
    if (conditions.length > 0) {
      // condition { test variable values } blocks grouped by operator, as IAM reads them.
      const byTest = new Map<string, { key: HostString; entries: HostEntry[]; start: number; end: number }>();
      for (const c of conditions) {
        const get = (n: string) => attributes(c).find((a) => attributeName(a, this.text) === n);
        const test = get('test');
        const variable = get('variable');
        const values = get('values');
        if (!test || !variable || !values) continue;
        const testValue = this.value(attributeValue(test)!, 3);
        const testKey: HostString = testValue.kind === 'string' ? testValue : this.keyAt('?', test.startIndex, test.endIndex);
        const variableValue = this.value(attributeValue(variable)!, 4);
        const variableKey: HostString = variableValue.kind === 'string' ? variableValue : this.keyAt('?', variable.startIndex, variable.endIndex);
        const group = byTest.get(testKey.text.text) ?? { key: testKey, entries: [], start: c.startIndex, end: c.endIndex };
        group.entries.push({ key: variableKey, value: this.value(attributeValue(values)!, 4) });
        group.end = c.endIndex;
        byTest.set(testKey.text.text, group);
      }
      const operators: HostEntry[] = [...byTest.values()].map((g) => ({ key: g.key, value: { kind: 'object', start: g.start, end: g.end, slot, entries: g.entries } }));
      entries.push({ key: this.keyAt('Condition', conditions[0].startIndex, conditions[0].startIndex + 'condition'.length), value: { kind: 'object', start: conditions[0].startIndex, end: conditions[conditions.length - 1].endIndex, slot, entries: operators } });
    }
    return { kind: 'object', start: block.startIndex, end: block.endIndex, slot, entries };
  }

  /** A key of the policy written under another name in the block (`actions` for `Action`), mapped to that name. */
  private renamedKey(attribute: HclNode, word: string): HostString {
    const id = attribute.namedChild(0)!;
    return this.keyAt(word, id.startIndex, id.endIndex);
  }

  private keyAt(word: string, start: number, end: number): HostString {
    return { kind: 'string', start, end, slot: this.slot(undefined, start), text: MappedText.opaque(word, start, end) };
  }

  /** A value the block does not write (Terraform's default), standing for the block's start. */
  private synthetic(value: string, at: number): HostString {
    return { kind: 'string', start: at, end: at, slot: this.slot(undefined, at), text: MappedText.opaque(value, at, at) };
  }

  private slot(node: HclNode | undefined, at = node?.startIndex ?? 0): Slot {
    // The line's indentation: found nearby on a line of ordinary length (re-reading one block
    // then costs nothing per line of the file), through the file's line starts on a long line.
    const from = Math.max(0, at - NEAR_LINE_START);
    const near = this.text.slice(from, at).lastIndexOf('\n');
    let lineStart = near >= 0 ? from + near + 1 : 0;
    if (near < 0 && from > 0) {
      this.lines ??= new LineStarts(this.text);
      lineStart = this.lines.lineStart(at);
    }
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart, Math.min(at, lineStart + 200)))![0].length;
    return { json: true, hcl: true, flow: true, indent, style: 'double' };
  }

  /** An HCL expression as a host tree: objects, tuples, strings (templates with computed parts), literals. */
  private value(expression: HclNode, depth: number): HostValue {
    const node = unwrap(expression);
    const start = expression.startIndex;
    const end = expression.endIndex;
    const slot = this.slot(expression);
    const unknown = (): HostValue => ({ kind: 'string', start, end, slot, text: MappedText.opaque(UNKNOWN, start, end) });
    if (!node || depth > MAX_DEPTH) return unknown();
    if (node.type === 'collection_value') {
      const inner = node.namedChild(0);
      if (inner?.type === 'tuple') {
        const items = namedChildren(inner)
          .filter((n) => n.type === 'expression')
          .map((n) => this.value(n, depth + 1));
        return { kind: 'array', start, end, slot, items };
      }
      if (inner?.type === 'object') {
        const entries: HostEntry[] = [];
        for (const element of namedChildren(inner).filter((n) => n.type === 'object_elem')) {
          const key = element.childForFieldName('key');
          const val = element.childForFieldName('val');
          if (!key || !val) continue;
          const keyNode = unwrap(key);
          let keyString: HostString;
          if (keyNode?.type === 'variable_expr') keyString = { kind: 'string', start: keyNode.startIndex, end: keyNode.endIndex, slot, text: MappedText.exact(this.text.slice(keyNode.startIndex, keyNode.endIndex), keyNode.startIndex) };
          else {
            const k = this.value(key, depth + 1);
            if (k.kind !== 'string') continue;
            keyString = k;
          }
          entries.push({ key: keyString, value: this.value(val, depth + 1) });
        }
        return { kind: 'object', start, end, slot, entries };
      }
      return unknown();
    }
    if (node.type === 'literal_value') {
      const lit = node.namedChild(0);
      if (lit?.type === 'string_lit') return { kind: 'string', start: lit.startIndex, end: lit.endIndex, slot, text: this.quoted(lit) };
      if (lit?.type === 'numeric_lit') return { kind: 'string', start, end, slot, text: MappedText.exact(this.text.slice(lit.startIndex, lit.endIndex), lit.startIndex) };
      if (lit?.type === 'bool_lit') return { kind: 'literal', start, end, slot, json: this.text.slice(lit.startIndex, lit.endIndex) === 'true' ? 'true' : 'false' };
      if (lit?.type === 'null_lit') return { kind: 'literal', start, end, slot, json: 'null' };
      return unknown();
    }
    if (node.type === 'template_expr') {
      const text = this.templateText(node);
      return text ? { kind: 'string', start, end, slot, text } : unknown();
    }
    return unknown();
  }

  /** A quoted string literal's text, its escapes decoded, mapped to the host. */
  private quoted(lit: HclNode): MappedText {
    return this.literal(lit.startIndex + 1, lit.endIndex - 1, false);
  }

  /**
   * A string or template's text: literal parts mapped (escapes decoded in quoted ones), `${...}`
   * and `%{...}` unknown. In JSON text (`json`), an interpolation outside a JSON string stands
   * for a whole JSON value (`"Action": ${jsonencode(var.actions)}`): a string that is unknown.
   */
  private templateText(node: HclNode, json = false): MappedText | undefined {
    if (node.type === 'literal_value') {
      const lit = node.namedChild(0);
      return lit?.type === 'string_lit' ? this.quoted(lit) : undefined;
    }
    const template = node.namedChild(0);
    if (!template) return undefined;
    const heredoc = template.type === 'heredoc_template';
    const segments = json ? templateSegments(template, this.text) : flatSegments(template);
    if (segments.length === 0) return MappedText.exact('', template.startIndex);
    return assembleTemplate(segments, (start, end) => this.literal(start, end, heredoc), (start, end) => ({ start, end }), json);
  }

  /** Literal template text: verbatim in a heredoc, escapes decoded in a quoted string; `$${` is a literal `${`. */
  private literal(start: number, end: number, heredoc: boolean): MappedText {
    const raw = this.text.slice(start, end);
    if (heredoc) return unescapeTemplate(MappedText.exact(raw, start));
    const decoded = OffsetMap.jsonStringRuns(raw, start);
    return unescapeTemplate(MappedText.of(decoded.text, decoded.runs));
  }
}

/**
 * An object with `Statement` and an IAM `Version` or none (a policy written with jsonencode
 * under an attribute we do not know; other clouds' policies, Alibaba's with `Version: "1"`, are not ours).
 */
function shapedLikePolicy(value: HostValue): boolean {
  if (value.kind !== 'object' || !value.entries.some((e) => e.key.text.text === 'Statement')) return false;
  const version = value.entries.find((e) => e.key.text.text === 'Version')?.value;
  return !version || (version.kind === 'string' && /^(2012-10-17|2008-10-17|\uE000+)$/.test(version.text.text));
}

/** JSON text of an IAM policy found by its shape: `"Statement"`, and an IAM `"Version"` or none. */
function awsShaped(text: string): boolean {
  if (!/"Statement"/.test(text)) return false;
  const version = /"Version"\s*:\s*"([^"]*)"/.exec(text);
  return !version || /^(2012-10-17|2008-10-17|\uE000+)$/.test(version[1]);
}

/** The host text a mapped text stands for, from its first run to its last. */
function hostSpanOf(text: MappedText): { start: number; end: number } | undefined {
  const { runs } = text;
  const last = runs[runs.length - 1];
  return last ? { start: runs[0].host, end: last.host + last.hostLength } : undefined;
}

/**
 * Template literal text with its escapes read: `$${` is a literal `${` and `%%{` a literal
 * `%{`. Only each escape stands for its three host characters as a whole; the text around it
 * keeps its exact positions.
 */
function unescapeTemplate(text: MappedText): MappedText {
  const parts: MappedText[] = [];
  let at = 0;
  for (const match of text.text.matchAll(/([$%])\1\{/g)) {
    const host = hostSpanOf(text.slice(match.index, match.index + 3));
    if (!host) return MappedText.opaque(text.text.replace(/([$%])\1\{/g, '$1{'), hostSpanOf(text)?.start ?? 0, hostSpanOf(text)?.end ?? 0);
    parts.push(text.slice(at, match.index), MappedText.opaque(`${match[1]}{`, host.start, host.end));
    at = match.index + 3;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(at, text.text.length));
  return MappedText.concat(parts);
}

/** A piece of a template: text as written, a computed value, or markup that produces nothing (`%{ endif }`). */
interface Segment {
  readonly kind: 'literal' | 'unknown' | 'hidden';
  readonly start: number;
  readonly end: number;
}

const TEMPLATE_PIECES = new Set(['template_literal', 'template_interpolation', 'template_directive', 'template_for', 'template_if']);

/** A template's pieces as they are: literals, and every interpolation or directive computed as a whole. */
function flatSegments(template: HclNode): Segment[] {
  return namedChildren(template)
    .filter((n) => TEMPLATE_PIECES.has(n.type))
    .map((n) => ({ kind: n.type === 'template_literal' ? 'literal' : 'unknown', start: n.startIndex, end: n.endIndex }));
}

/**
 * A JSON template's pieces, directives read as one plausible rendering so that the JSON around
 * them stays whole: `%{ if }` as its first branch, `%{ for }` as its body once (a comma that
 * ends the body before a closing bracket left out, as the last round writes none).
 */
function templateSegments(container: HclNode, text: string, depth = 0): Segment[] {
  const out: Segment[] = [];
  const children = namedChildren(container).filter((n) => TEMPLATE_PIECES.has(n.type) || /^template_(if|for)_|^template_else_intro$/.test(n.type));
  for (const piece of children) {
    const inner = piece.type === 'template_directive' ? piece.namedChild(0) : piece;
    if (piece.type === 'template_literal') out.push({ kind: 'literal', start: piece.startIndex, end: piece.endIndex });
    else if (!inner || depth > MAX_DEPTH || (inner.type !== 'template_if' && inner.type !== 'template_for')) out.push({ kind: 'unknown', start: piece.startIndex, end: piece.endIndex });
    else {
      const parts = namedChildren(inner);
      const alternative = parts.findIndex((n) => n.type === 'template_else_intro' || n.type === 'template_if_end' || n.type === 'template_for_end');
      const intro = parts[0];
      const bodyEnd = alternative >= 0 ? parts[alternative].startIndex : inner.endIndex;
      out.push({ kind: 'hidden', start: piece.startIndex, end: intro.endIndex });
      const body = templateSegments(inner, text, depth + 1).filter((s) => s.start >= intro.endIndex && s.end <= bodyEnd);
      if (inner.type === 'template_for' && body.length > 0 && body[body.length - 1].kind === 'literal') {
        const last = body[body.length - 1];
        const comma = /,\s*$/.exec(text.slice(last.start, last.end));
        if (comma && /^\s*[\]}]/.test(text.slice(piece.endIndex, piece.endIndex + 200))) {
          body[body.length - 1] = { ...last, end: last.end - comma[0].length };
          body.push({ kind: 'hidden', start: last.end - comma[0].length, end: last.end });
        }
      }
      out.push(...body, { kind: 'hidden', start: bodyEnd, end: piece.endIndex });
    }
  }
  return out;
}

/** Whether JSON text that starts inside a string (`inString`) ends inside one. */
function insideJsonString(text: string, inString: boolean): boolean {
  let inside = inString;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inside && c === 0x5c) i++;
    else if (c === 0x22) inside = !inside;
  }
  return inside;
}
