import { type CollectionTag, isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Pair, parseDocument, type Scalar, type ScalarTag, type YAMLMap } from 'yaml';
import { UNKNOWN } from '../semantics/unknown';
import type { IdentityPolicyKind, PolicyType } from '../types';
import { type EmbeddedPolicy, jsonSlicePolicy } from './jsonHost';
import { MappedText, stringPolicy } from './mappedText';
import { LineStarts } from './lines';
import { flowDeeperThan } from './nesting';
import type { TemplateResource } from './templateCompletion';
import { OffsetMap } from './offsetMap';
import { type HostEntry, type HostString, type HostValue, Projection, type Slot } from './projection';
import { samPolicyTemplate } from './samPolicyTemplates';

/**
 * Policies inside CloudFormation and SAM templates (YAML or JSON) and Serverless Framework
 * files, found by the properties that hold them, each with the policy type the property
 * gives. Intrinsic functions are read in both forms (`!Sub` and `{"Fn::Sub": ...}`): a value
 * the stack computes is unknown to the analysis, `${AWS::Partition}` and the like too.
 */

/** A finding about the template's own syntax around a policy (reported under a rule code). */
export interface HostFinding {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** The fix: replace the finding's span with this text. */
  readonly replacement?: { readonly title: string; readonly newText: string };
}

/** A template policy: where it is, what it is, and findings about the template text around it. */
export interface TemplatePolicy extends EmbeddedPolicy {
  /** The template's syntax where the policy is written (a JSON template's policies are JSON). */
  readonly syntax?: 'yaml' | 'json';
  /** Rules that do not apply to this policy (it only filters, as a VPC endpoint policy does). */
  readonly quiet?: readonly string[];
  readonly reread?: (newText: string, start: number, end: number) => TemplatePolicy | undefined;
  /** The resource and property, e.g. `MyRole (AWS::IAM::Role) AssumeRolePolicyDocument`. */
  readonly label: string;
  readonly findings: readonly HostFinding[];
}

/** A SAM policy template (`S3ReadPolicy: { BucketName: ... }`): recognised, hovered, never analysed. */
export interface SamTemplateUse {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly parameters: readonly string[];
  readonly description: string | undefined;
}

export interface TemplateHost {
  readonly policies: TemplatePolicy[];
  /** Every resource the template declares, by logical name and type. */
  readonly resources: TemplateResource[];
  readonly samTemplates: SamTemplateUse[];
}

const MAX_POLICIES = 1000;
/**
 * CloudFormation takes templates of up to 1 MB (from S3; 51,200 bytes inline): a larger text
 * is no template anyone deploys, and reading it would hold the server for seconds.
 */
const MAX_TEMPLATE = 1024 * 1024;
/** Findings about the template's own text per policy (an unescaped variable in a !Sub). */
const MAX_HOST_FINDINGS = 100;
/** Deeper than this the template is not read (the YAML parser recurses). */
const MAX_NESTING = 200;
/** The short forms of CloudFormation's intrinsic functions, known to the parser as scalars, lists or mappings. */
const INTRINSIC_TAGS: (ScalarTag | CollectionTag)[] = [
  'Ref', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr',
  'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform', 'Length', 'ToJsonString',
].flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq', resolve: (value) => value },
  { tag: `!${name}`, collection: 'map', resolve: (value) => value },
]);

/** A policy stamped with where it is stored, and so is the same policy read again after an edit. */
function storedAs(policy: TemplatePolicy, kind: IdentityPolicyKind): TemplatePolicy {
  const { reread } = policy;
  return { ...policy, identityKind: kind, reread: reread && ((newText, start, end) => { const again = reread(newText, start, end); return again && { ...again, identityKind: kind }; }) };
}

/** A cheap look for a template before the YAML parser runs. */
const TEMPLATE_HINT = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::|^provider\s*:/m;

type Where = string;
interface PolicyProperty {
  /** Path below `Properties`; `*` walks every item of a list. */
  readonly path: readonly string[];
  /** The value is statements, not a document: one statement (`statement`) or a list of them (`statements`). */
  readonly holds?: 'statement' | 'statements';
  /** Rules that judge what a policy grants, off where the policy only filters (a VPC endpoint policy). */
  readonly quiet?: readonly string[];
  readonly type: PolicyType | ((properties: YAMLMap) => PolicyType | undefined);
  /** Where an identity policy is stored (its size quota). */
  readonly kind?: IdentityPolicyKind;
  /** SAM `Policies`: names, SAM templates, documents and statements mixed. */
  readonly sam?: boolean;
}

const identity = (...path: string[]): PolicyProperty => ({ path, type: 'identity' });
const stored = (kind: IdentityPolicyKind, ...path: string[]): PolicyProperty => ({ path, type: 'identity', kind });
const resource = (...path: string[]): PolicyProperty => ({ path, type: 'resource' });
const trust = (...path: string[]): PolicyProperty => ({ path, type: 'trust' });

/** Policy-holding properties by resource type (CloudFormation resource reference). */
const POLICY_PROPERTIES: Readonly<Record<string, readonly PolicyProperty[]>> = {
  'AWS::IAM::Role': [trust('AssumeRolePolicyDocument'), stored('inline', 'Policies', '*', 'PolicyDocument')],
  'AWS::IAM::User': [stored('user-inline', 'Policies', '*', 'PolicyDocument')],
  'AWS::IAM::Group': [stored('group-inline', 'Policies', '*', 'PolicyDocument')],
  'AWS::IAM::Policy': [identity('PolicyDocument')],
  'AWS::IAM::ManagedPolicy': [stored('managed', 'PolicyDocument')],
  'AWS::IAM::RolePolicy': [stored('inline', 'PolicyDocument')],
  'AWS::IAM::UserPolicy': [stored('user-inline', 'PolicyDocument')],
  'AWS::IAM::GroupPolicy': [stored('group-inline', 'PolicyDocument')],
  'AWS::SSO::PermissionSet': [stored('permission-set', 'InlinePolicy')],
  'AWS::S3::BucketPolicy': [resource('PolicyDocument')],
  'AWS::S3::AccessPoint': [resource('Policy')],
  'AWS::S3::MultiRegionAccessPointPolicy': [resource('Policy')],
  'AWS::S3ObjectLambda::AccessPointPolicy': [resource('PolicyDocument')],
  'AWS::S3Express::BucketPolicy': [resource('PolicyDocument')],
  'AWS::SQS::QueuePolicy': [resource('PolicyDocument')],
  'AWS::SQS::QueueInlinePolicy': [resource('PolicyDocument')],
  'AWS::SNS::TopicPolicy': [resource('PolicyDocument')],
  'AWS::SNS::TopicInlinePolicy': [resource('PolicyDocument')],
  'AWS::KMS::Key': [resource('KeyPolicy')],
  'AWS::KMS::ReplicaKey': [resource('KeyPolicy')],
  'AWS::ECR::Repository': [resource('RepositoryPolicyText')],
  'AWS::ECR::RegistryPolicy': [resource('PolicyText')],
  'AWS::ECR::RepositoryCreationTemplate': [resource('RepositoryPolicy')],
  'AWS::SecretsManager::ResourcePolicy': [resource('ResourcePolicy')],
  'AWS::OpenSearchService::Domain': [resource('AccessPolicies')],
  'AWS::Elasticsearch::Domain': [resource('AccessPolicies')],
  'AWS::Logs::ResourcePolicy': [resource('PolicyDocument')],
  'AWS::Logs::Destination': [resource('DestinationPolicy')],
  'AWS::Events::EventBus': [resource('Policy')],
  'AWS::Events::EventBusPolicy': [{ path: ['Statement'], type: 'resource', holds: 'statement' }],
  'AWS::Serverless::Api': [{ path: ['Auth', 'ResourcePolicy', 'CustomStatements'], type: 'resource', holds: 'statements' }],
  // An endpoint policy filters what passes the endpoint and grants nothing: Allow * to * is its default.
  'AWS::EC2::VPCEndpoint': [{ path: ['PolicyDocument'], type: 'resource', quiet: ['public-principal', 'full-admin', 'action-star', 'resource-star', 'service-wildcard'] }],
  'AWS::ApiGateway::RestApi': [resource('Policy')],
  'AWS::Backup::BackupVault': [resource('AccessPolicy')],
  'AWS::Lambda::LayerVersionPermission': [],
  'AWS::CodeArtifact::Domain': [resource('PermissionsPolicyDocument')],
  'AWS::CodeArtifact::Repository': [resource('PermissionsPolicyDocument')],
  'AWS::Glue::ResourcePolicy': [resource('PolicyInJson')],
  'AWS::EFS::FileSystem': [resource('FileSystemPolicy')],
  'AWS::Organizations::ResourcePolicy': [resource('Content')],
  'AWS::Organizations::Policy': [
    {
      path: ['Content'],
      type: (properties) => {
        const kind = scalarText(properties.get('Type', true) as YamlNode | undefined);
        return kind === 'SERVICE_CONTROL_POLICY' ? 'scp' : kind === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
      },
    },
  ],
  'AWS::Serverless::Function': [trust('AssumeRolePolicyDocument'), { path: ['Policies'], type: 'identity', sam: true }],
  'AWS::Serverless::StateMachine': [{ path: ['Policies'], type: 'identity', sam: true }],
  'AWS::Serverless::Connector': [],
};

/** Why a template is not read, when it is refused for its size (it says it is one near its start). */
export function templateRefused(text: string): string | undefined {
  if (text.length <= MAX_TEMPLATE || !/AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::/.test(text.slice(0, 65536))) return undefined;
  return 'a template larger than 1 MB, the most CloudFormation takes: its policies are not read';
}

/**
 * The policies of a template, or undefined when the text is not a CloudFormation, SAM or
 * Serverless template (an ordinary YAML or JSON file stays untouched).
 */
export function findTemplatePolicies(text: string): TemplateHost | undefined {
  if (text.length > MAX_TEMPLATE || !TEMPLATE_HINT.test(text) || flowDeeperThan(text, MAX_NESTING)) return undefined;
  return readInParts(text) ?? readWhole(text);
}

/** The template read as one YAML document. */
function readWhole(text: string): TemplateHost | undefined {
  let root: YamlNode | null;
  let errors = 0;
  try {
    const doc = parseYaml(text);
    root = doc.contents as YamlNode | null;
    errors = doc.errors.length;
  } catch {
    return undefined; // a text the YAML parser cannot take is no template to us
  }
  if (!isMap(root)) return undefined;
  const json = /^\s*\{/.test(text);
  const reader = new TemplateReader(new Source(text), json);
  reader.rereadable = errors === 0;
  const resources = root.get('Resources', true) as YamlNode | undefined;
  const isServerless = root.has('provider') && root.has('service');
  const isTemplate =
    templateHead(root) ||
    (isMap(resources) && resources.items.some((p) => typedResource(p.value as YamlNode | null)));
  // A single resource in a file of its own (a Serverless `${file(role.yml)}` fragment): `Type` and `Properties` at the root.
  const fragment = !isTemplate && !isServerless && /^AWS::/.test(scalarText(root.get('Type', true) as YamlNode | undefined) ?? '') && isMap(root.get('Properties', true));
  if (!isTemplate && !isServerless && !fragment) return undefined;
  if (fragment) reader.resource('(this file)', root);
  if (isMap(resources)) reader.resources(resources);
  if (isServerless) {
    const nested = root.getIn(['resources', 'Resources'], true) as YamlNode | undefined;
    if (isMap(nested)) reader.resources(nested);
    const provider = root.get('provider', true) as YamlNode | undefined;
    if (isMap(provider)) {
      const statements = [provider.getIn(['iam', 'role', 'statements'], true), provider.get('iamRoleStatements', true)];
      for (const list of statements) if (isSeq(list)) reader.statements(list as YamlNode, 'provider statements', 'identity');
    }
  }
  return { policies: reader.policies, samTemplates: reader.samTemplates, resources: reader.declared };
}

/** A resource with a CloudFormation type (`AWS::...` or `Custom::...`). */
function typedResource(value: YamlNode | null): boolean {
  return /^(AWS|Custom)::/.test(scalarText(isMap(value) ? (value.get('Type', true) as YamlNode) : undefined) ?? '');
}

/** A root mapping that says it is a CloudFormation or SAM template. */
function templateHead(root: YAMLMap): boolean {
  return root.has('AWSTemplateFormatVersion') || /AWS::Serverless/.test(scalarText(root.get('Transform', true) as YamlNode | undefined) ?? '');
}

/** A block YAML template's `Resources:` line (at the left margin, nothing after it but a comment). */
const RESOURCES_LINE = /^Resources:[ \t]*(#[^\r\n]*)?\r?$/gm;
/** An anchor (`&name`): an alias in another resource would not find it in a part read alone. */
const ANCHOR = /(^|[\s[{,])&[^\s,[\]{}]/m;
/** Below this size a template is read whole: its parts would save nothing. */
const READ_IN_PARTS_FROM = 64 * 1024;

/**
 * A large block YAML template read as its parts: the text around `Resources`, then each
 * resource on its own lines as a document of its own. The YAML parser's time grows with
 * the tree it holds (its garbage collection walks it), so many small documents read in
 * about half the time of one large one. Each part starts where a line holds a key at the
 * resources' indentation; as no value can go on at that indentation, a part is the same
 * YAML as in the whole text. Undefined (the template is then read whole) unless every part
 * reads without error as one key and its value, and the text around them as a template
 * that is no Serverless file; a template with anchors or document markers is read whole.
 */
function readInParts(text: string): TemplateHost | undefined {
  if (text.length < READ_IN_PARTS_FROM || /^\s*[{[]/.test(text) || /^(---|\.\.\.)(\s|$)/m.test(text) || ANCHOR.test(text)) return undefined;
  const lines = [...text.matchAll(RESOURCES_LINE)];
  if (lines.length !== 1) return undefined;
  const bodyStart = text.indexOf('\n', lines[0].index) + 1;
  if (bodyStart === 0) return undefined;
  // The resources end at the next line that starts at the left margin (a comment there does not end them).
  const after = /^[^\s#]/m.exec(text.slice(bodyStart));
  const bodyEnd = after ? bodyStart + after.index : text.length;
  const body = text.slice(bodyStart, bodyEnd);
  const first = /^( +)[^\s#]/m.exec(body);
  if (!first || /^\t/m.test(body)) return undefined;
  const indent = first[1].length;
  const starts: number[] = [];
  for (const line of body.matchAll(/^( *)([^\s#])/gm)) {
    if (line[1].length < indent) return undefined; // a value less indented than the resources' keys: not block YAML as expected
    if (line[1].length === indent) starts.push(bodyStart + line.index);
  }
  let head: YamlNode | null;
  try {
    const doc = parseYaml(text.slice(0, bodyStart) + text.slice(bodyEnd));
    if (doc.errors.length > 0) return undefined;
    head = doc.contents as YamlNode | null;
  } catch {
    return undefined;
  }
  if (!isMap(head) || head.has('provider')) return undefined;
  const parts: { name: string; value: YamlNode | null; src: Source }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const src = new Source(text.slice(starts[i], starts[i + 1] ?? bodyEnd), starts[i], text);
    let root: YamlNode | null;
    try {
      const doc = parseYaml(src.text);
      if (doc.errors.length > 0) return undefined;
      root = doc.contents as YamlNode | null;
    } catch {
      return undefined;
    }
    if (!isMap(root) || root.items.length !== 1) return undefined;
    const pair = root.items[0];
    parts.push({ name: scalarText(pair.key as YamlNode) ?? '?', value: pair.value as YamlNode | null, src });
  }
  if (!templateHead(head) && !parts.some((p) => typedResource(p.value))) return undefined;
  const reader = new TemplateReader(new Source(text), false);
  for (const part of parts) {
    reader.readFrom(part.src);
    reader.resource(part.name, part.value);
  }
  return { policies: reader.policies, samTemplates: reader.samTemplates, resources: reader.declared };
}

function scalarText(node: YamlNode | undefined | null): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : undefined;
}

/** A mapping that is a policy: `Statement` and a valid `Version`, or `Statement` holding statements with `Effect`. */
function policyShaped(node: YAMLMap): boolean {
  const statement = node.get('Statement', true) as YamlNode | undefined;
  if (!statement) return false;
  const version = scalarText(node.get('Version', true) as YamlNode | undefined);
  if (version === '2012-10-17' || version === '2008-10-17') return true;
  const statements = isSeq(statement) ? (statement.items as YamlNode[]) : [statement];
  return statements.some((s) => isMap(s) && s.has('Effect'));
}

/** An intrinsic function call in either form: `!Sub x` or `{ "Fn::Sub": x }` / `{ "Ref": x }`. */
function intrinsic(node: YamlNode | null | undefined): { name: string; arg: YamlNode | null } | undefined {
  if (!node) return undefined;
  if (node.tag?.startsWith('!') && node.tag !== '!') {
    const name = node.tag.slice(1);
    // The tagged node is the argument: `!Sub 'x'` a scalar, `!Join [',', [...]]` a list.
    return { name, arg: isScalar(node) || isSeq(node) || isMap(node) ? node : null };
  }
  if (isMap(node) && node.items.length === 1) {
    const key = scalarText(node.items[0].key as YamlNode);
    if (key === 'Ref' || key === 'Condition' || key?.startsWith('Fn::')) return { name: key === 'Ref' || key === 'Condition' ? key : key.slice(4), arg: node.items[0].value as YamlNode | null };
  }
  return undefined;
}

const isNoValue = (node: YamlNode | null | undefined) => {
  const fn = intrinsic(node);
  return fn?.name === 'Ref' && scalarText(fn.arg ?? undefined) === 'AWS::NoValue';
};

/** The key that owns a value, and where it is. */
interface Owner {
  readonly key: string;
  readonly keyStart: number;
  readonly afterKey: number;
}

/** Keys whose value may be a list: an `!If` of two values there is checked as both. */
const LISTABLE = /^(Action|NotAction|Resource|NotResource|AWS|Service|Federated|CanonicalUser)$|:/;

/** A dynamic reference, `{{resolve:ssm:/name}}`: CloudFormation puts the parameter's or secret's value there. */
const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/g;

/** A string with its dynamic references as computed values. */
function withDynamicReferences(text: MappedText): MappedText {
  const parts: MappedText[] = [];
  let last = 0;
  for (const m of text.text.matchAll(DYNAMIC_REFERENCE)) {
    parts.push(text.slice(last, m.index));
    const ref = text.slice(m.index, m.index + m[0].length);
    const first = ref.runs[0];
    const end = ref.runs[ref.runs.length - 1];
    parts.push(MappedText.opaque(UNKNOWN, first?.host ?? 0, end ? end.host + end.hostLength : 0));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last, text.text.length));
  return MappedText.concat(parts);
}

/**
 * `${AWS::Partition}`-like names in a `!Sub`: the stack's own values, unknown to the analysis.
 * A name holds no `$`, `{` or `}`, so the scan from an unclosed `${` stops at the next one
 * (with `[^}]*`, a string of unclosed `${` cost quadratic time: minutes for 800 KB).
 */
const SUB_REFERENCE = /\$\{([^${}]*)\}/g;

class TemplateReader {
  readonly policies: TemplatePolicy[] = [];
  /** Rules off for the policies being read (see PolicyProperty.quiet). */
  private quiet: readonly string[] | undefined;

  quietRules(quiet: readonly string[] | undefined): void {
    this.quiet = quiet;
  }

  /** False when the template had parse errors: its policies are then read in full after every edit. */
  rereadable = true;
  /** Nodes read by their property, not to be found again by shape. */
  private readonly handled = new Set<YamlNode>();
  readonly samTemplates: SamTemplateUse[] = [];
  readonly declared: TemplateResource[] = [];
  private findings: HostFinding[] = [];

  constructor(
    private src: Source,
    private readonly json: boolean,
  ) {}

  /** The text the nodes read next come from (a template read in parts: the part's). */
  readFrom(src: Source): void {
    this.src = src;
  }

  resources(resources: YAMLMap): void {
    for (const pair of resources.items) this.resource(scalarText(pair.key as YamlNode) ?? '?', pair.value as YamlNode | null);
  }

  /** One resource: its policy-holding properties, then policy-shaped values under other properties. */
  resource(name: string, res: YamlNode | null): void {
    if (!isMap(res)) return;
    const type = scalarText(res.get('Type', true) as YamlNode | undefined);
    if (type) this.declared.push({ name, type });
    const properties = res.get('Properties', true) as YamlNode | undefined;
    if (!type || !isMap(properties)) return;
    for (const property of POLICY_PROPERTIES[type] ?? []) {
      const policyType = typeof property.type === 'function' ? property.type(properties) : property.type;
      if (!policyType) continue;
      for (const { node, where } of this.walk(properties, property.path, '')) {
        const label = `${name} (${type}) ${where}`;
        this.handled.add(node);
        this.quiet = property.quiet;
        const before = this.policies.length;
        if (property.sam) this.samPolicies(node, label, policyType);
        else if (property.holds === 'statement' && isMap(node)) this.statementsPolicy([node], label, policyType);
        else if (property.holds === 'statements' && isSeq(node)) this.statementsPolicy(null, label, policyType, node);
        else if (!property.holds) this.policyValue(node, label, policyType);
        this.quiet = undefined;
        if (property.kind) for (let i = before; i < this.policies.length; i++) this.policies[i] = storedAs(this.policies[i], property.kind);
      }
    }
    // Other properties that hold a policy (a resource type not listed above): found by shape, typed by content.
    this.byShape(properties, `${name} (${type})`);
  }

  /** Property values shaped like a policy (`Statement` with a `Version` or with statements), not read above. */
  private byShape(properties: YAMLMap, label: string): void {
    const stack: { node: YamlNode; where: string; depth: number }[] = [{ node: properties, where: '', depth: 0 }];
    while (stack.length > 0 && this.policies.length < MAX_POLICIES) {
      const { node, where, depth } = stack.pop()!;
      if (this.handled.has(node) || depth > MAX_NESTING) continue;
      if (isMap(node)) {
        if (depth > 0 && !intrinsic(node) && policyShaped(node)) {
          this.objectPolicy(node, `${label} ${where}`, undefined, 'shape');
          continue;
        }
        for (let i = node.items.length - 1; i >= 0; i--) {
          const pair = node.items[i];
          const key = scalarText(pair.key as YamlNode) ?? '?';
          if (isMap(pair.value) || isSeq(pair.value)) stack.push({ node: pair.value as YamlNode, where: where ? `${where}.${key}` : key, depth: depth + 1 });
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i] as YamlNode;
          if (isMap(item) || isSeq(item)) stack.push({ node: item, where: `${where}[${i}]`, depth: depth + 1 });
        }
      }
    }
  }

  /** Nodes at a path below `from`, with the path as written (`Policies[0].PolicyDocument`). */
  private *walk(from: YamlNode, path: readonly string[], where: Where): Generator<{ node: YamlNode; where: Where }> {
    if (path.length === 0) {
      yield { node: from, where };
      return;
    }
    const [step, ...rest] = path;
    if (step === '*') {
      for (const { node, index } of this.items(from)) yield* this.walk(node, rest, `${where}[${index}]`);
      return;
    }
    for (const branch of this.branches(from)) {
      if (!isMap(branch)) continue;
      const next = branch.get(step, true) as YamlNode | undefined;
      if (next) yield* this.walk(next, rest, where ? `${where}.${step}` : step);
    }
  }

  /** The items of a list, both branches of an `!If` item, without `AWS::NoValue`. */
  private items(node: YamlNode): { node: YamlNode; index: number }[] {
    const out: { node: YamlNode; index: number }[] = [];
    for (const list of this.branches(node)) {
      if (!isSeq(list)) continue;
      list.items.forEach((item, index) => {
        for (const b of this.branches(item as YamlNode)) if (!isNoValue(b)) out.push({ node: b, index });
      });
    }
    return out;
  }

  /** A value, or both branches of an `!If`. */
  private branches(node: YamlNode | null | undefined, depth = 0): YamlNode[] {
    const fn = intrinsic(node);
    if (fn?.name === 'If' && isSeq(fn.arg) && depth < 8) {
      return fn.arg.items.slice(1, 3).flatMap((b) => this.branches(b as YamlNode, depth + 1));
    }
    return node ? [node] : [];
  }

  /** A policy document: a mapping, a JSON string, or a `!Sub` of a JSON string. */
  private policyValue(node: YamlNode, label: string, policyType: PolicyType): void {
    for (const branch of this.branches(node)) {
      if (this.policies.length >= MAX_POLICIES || isNoValue(branch)) continue;
      if (isMap(branch) && !intrinsic(branch)) this.objectPolicy(branch, label, policyType);
      else this.stringPolicy(branch, label, policyType);
    }
  }

  /** SAM `Policies`: a managed policy name, a document, a SAM policy template, or a list of those (and statements). */
  private samPolicies(node: YamlNode, label: string, policyType: PolicyType): void {
    const one = (item: YamlNode, where: string) => {
      if (!isMap(item) || intrinsic(item)) return; // a managed policy name or ARN
      if (item.has('Statement')) this.objectPolicy(item, where, policyType, 'statement');
      else if (item.has('Effect')) this.statementsPolicy([item], where, policyType);
      else if (item.items.length === 1) this.samTemplate(item.items[0]);
    };
    if (isSeq(node)) for (const { node: item, index } of this.items(node)) one(item, `${label}[${index}]`);
    else for (const b of this.branches(node)) one(b, label);
  }

  private samTemplate(pair: Pair): void {
    const key = pair.key as YamlNode;
    const name = scalarText(key);
    if (!name || !key.range) return;
    const [keyStart, keyEnd] = this.src.range(key);
    const parameters = isMap(pair.value) ? pair.value.items.map((p) => scalarText(p.key as YamlNode) ?? '') : [];
    this.samTemplates.push({ name, start: keyStart, end: keyEnd, parameters, description: samPolicyTemplate(name) });
  }

  /** Serverless statements (a list with no `Version`, which is fine there). */
  statements(list: YamlNode, label: string, policyType: PolicyType): void {
    this.statementsPolicy(null, label, policyType, list);
  }

  /** Statements as a policy of their own: a Serverless list, or one SAM statement (`items`). */
  statementsPolicy(items: YamlNode[] | null, label: string, policyType: PolicyType | undefined, list?: YamlNode): void {
    this.findings = [];
    let value: HostValue;
    if (list) value = this.value(list, undefined);
    else {
      const first = items![0];
      const [start, end] = this.src.range(first);
      value = { kind: 'array', start, end, slot: this.slot(first, undefined), items: items!.map((i) => this.value(i, undefined)) };
    }
    const { text, map, projection } = Projection.of(value, { prefix: '{"Version": "2012-10-17", "Statement": ', suffix: '}' }, this.src);
    this.push(text, map, projection, label, policyType, list ? 'statements' : 'statement');
  }

  objectPolicy(node: YAMLMap, label: string, policyType: PolicyType | undefined, requires?: Requirement): void {
    this.findings = [];
    if (this.json && !hasIntrinsic(node)) {
      // Plain JSON: the policy is the host's own text, so every edit applies as it is.
      const [start, end] = this.src.range(node);
      const { quiet } = this;
      const reread = this.rereadable ? (newText: string, from: number, to: number) => rereadPolicy(newText, 'object', from, to, label, policyType, quiet, requires, true) : undefined;
      if (this.policies.length < MAX_POLICIES) this.policies.push({ ...jsonSlicePolicy(this.src.host, start, end - start, []), policyType, label, findings: this.findings, quiet, reread });
      return;
    }
    const value = this.value(node, undefined);
    const { text, map, projection } = Projection.of(value, undefined, this.src);
    this.push(text, map, projection, label, policyType, 'object', requires);
  }

  private push(text: string, map: OffsetMap, projection: Projection, label: string, policyType: PolicyType | undefined, shape: Shape, requires?: Requirement): void {
    if (this.policies.length >= MAX_POLICIES) return;
    const { json } = this;
    const { quiet } = this;
    this.policies.push({
      syntax: json ? 'json' : 'yaml',
      quiet,
      // Read again after an edit only from a template the parser read without error: else the
      // policy's span may have taken in the broken text, and a repair inside it would not be seen.
      reread: !this.rereadable ? undefined : (newText, start, end) => rereadPolicy(newText, shape, start, end, label, policyType, quiet, requires, json),
      kind: 'object',
      text,
      map,
      path: [],
      policyType,
      label,
      findings: this.findings,
      write: (t) => t,
      hostEdit: (start, end, newText) => projection.hostEdit(start, end, newText),
    });
  }

  /** A policy held as JSON in a string (`PolicyText: '{"Version": ...}'`, `!Sub |` with JSON). */
  private stringPolicy(node: YamlNode, label: string, policyType: PolicyType): void {
    this.findings = [];
    const mapped = this.stringValue(node);
    if (!mapped || !/^\s*\{/.test(mapped.text)) return;
    const [start, end] = this.src.range(node);
    const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    const indent = block ? blockIndent(this.src, node as Scalar) : '';
    const style = isScalar(node) ? node.type : undefined;
    const write = (inserted: string): string | undefined => {
      if (this.json || style === 'QUOTE_DOUBLE') return JSON.stringify(inserted).slice(1, -1);
      if (style === 'BLOCK_LITERAL') return inserted.replace(/\n/g, '\n' + indent);
      if (style === 'QUOTE_SINGLE') return /[\n\r]/.test(inserted) ? undefined : inserted.replace(/'/g, "''");
      return /^[^\n\r'"#:]*$/.test(inserted) ? inserted : undefined;
    };
    this.policies.push({ ...stringPolicy(mapped, start, end, write), policyType, label, findings: this.findings });
  }

  /** A string value with its map to the host: a scalar, a `!Sub`, a `!Join`; unknown parts as UNKNOWN. */
  private stringValue(node: YamlNode | null | undefined, depth = 0): MappedText | undefined {
    if (!node || depth > 16) return undefined;
    const fn = intrinsic(node);
    const [start, end] = this.src.range(node);
    if (!fn) return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? this.scalar(node) : undefined;
    switch (fn.name) {
      case 'Sub': {
        const template = isSeq(fn.arg) ? (fn.arg.items[0] as YamlNode) : fn.arg;
        if (!isScalar(template) || typeof template.value !== 'string') return MappedText.opaque(UNKNOWN, start, end);
        return this.sub(this.scalar(template as Scalar));
      }
      case 'Join': {
        if (!isSeq(fn.arg)) return MappedText.opaque(UNKNOWN, start, end);
        const [delimiter, list] = fn.arg.items as YamlNode[];
        const sep = scalarText(delimiter) ?? '';
        if (!isSeq(list)) return MappedText.opaque(UNKNOWN, start, end);
        const parts: MappedText[] = [];
        list.items.forEach((item, i) => {
          if (i > 0) parts.push(MappedText.opaque(sep, this.src.range(item as YamlNode)[0], this.src.range(item as YamlNode)[0]));
          parts.push(this.stringValue(item as YamlNode, depth + 1) ?? MappedText.opaque(UNKNOWN, ...this.src.range(item as YamlNode)));
        });
        return MappedText.concat(parts);
      }
      default:
        return MappedText.opaque(UNKNOWN, start, end);
    }
  }

  /** A scalar's text: verbatim where the host has it so, else standing for the whole scalar. */
  private scalar(node: Scalar): MappedText {
    const text = this.scalarText(node);
    return text.text.includes('{{resolve:') ? withDynamicReferences(text) : text;
  }

  private scalarText(node: Scalar): MappedText {
    const value = String(node.value);
    const [start, end] = this.src.range(node);
    const source = this.src.slice(start, end);
    if (node.type === 'PLAIN' && source === value) return MappedText.exact(value, start);
    if ((node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') && source.slice(1, -1) === value) return MappedText.exact(value, start + 1);
    if (node.type === 'QUOTE_DOUBLE') {
      // JSON's escapes (a JSON template, a policy's JSON in a string) map character by character.
      const decoded = OffsetMap.jsonStringRuns(source.slice(1, -1), start + 1);
      if (decoded.text === value) return MappedText.of(decoded.text, decoded.runs);
    }
    if (node.type === 'BLOCK_LITERAL') {
      const lines = blockLines(this.src, node);
      if (lines && lines.text === value) return lines;
    }
    return MappedText.opaque(value, start, end);
  }

  /** A `!Sub` template: `${AWS::...}`, `${Param}`, `${Res.Attr}` unknown; `${!x}` the literal `${x}`. */
  private sub(template: MappedText): MappedText {
    const parts: MappedText[] = [];
    const { text } = template;
    let last = 0;
    for (const m of text.matchAll(SUB_REFERENCE)) {
      const at = m.index;
      parts.push(template.slice(last, at));
      const inner = m[1];
      const host = template.slice(at, at + m[0].length);
      const hostStart = host.runs[0]?.host ?? 0;
      const hostEnd = host.runs.length > 0 ? host.runs[host.runs.length - 1].host + host.runs[host.runs.length - 1].hostLength : hostStart;
      if (inner.startsWith('!')) parts.push(MappedText.opaque('${' + inner.slice(1) + '}', hostStart, hostEnd));
      else if (/^aws:|^[a-z0-9-]+:[A-Za-z]/.test(inner) && !inner.includes('::')) {
        // An IAM policy variable: CloudFormation would try to resolve it and fail the stack.
        if (this.findings.length < MAX_HOST_FINDINGS) this.findings.push({
          code: 'unescaped-sub-variable',
          start: hostStart,
          end: hostEnd,
          message: `CloudFormation reads '\${${inner}}' in !Sub as a parameter or resource and fails; write '\${!${inner}}' for the IAM policy variable.`,
          replacement: { title: `Escape as '\${!${inner}}'`, newText: '${!' + inner + '}' },
        });
        parts.push(host);
      } else parts.push(MappedText.opaque(UNKNOWN, hostStart, hostEnd));
      last = at + m[0].length;
    }
    parts.push(template.slice(last, text.length));
    return MappedText.concat(parts);
  }

  private slot(node: YamlNode, owner: Owner | undefined, flow = false): Slot {
    const [start] = this.src.range(node);
    const lineStart = this.src.lineStart(owner?.keyStart ?? start);
    const style = isScalar(node) ? (node.type === 'PLAIN' ? 'plain' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'QUOTE_DOUBLE' ? 'double' : 'block') : 'other';
    const column = owner ? owner.keyStart - lineStart : Math.max(0, start - lineStart - 2);
    return { json: this.json, flow: flow || this.json, indent: column, afterKey: owner && !flow ? owner.afterKey : undefined, style };
  }

  /** A template value as a host tree for the projection. */
  private value(node: YamlNode | null | undefined, owner: Owner | undefined, flow = false, depth = 0): HostValue {
    const [nodeStart, end] = node ? this.src.range(node) : [owner?.afterKey ?? 0, owner?.afterKey ?? 0];
    let start = nodeStart;
    const slot = node ? this.slot(node, owner, flow) : { json: this.json, flow, indent: 0, afterKey: owner?.afterKey, style: 'plain' as const };
    if (!node || isAlias(node) || depth > MAX_NESTING) return { kind: 'string', start, end, slot, text: MappedText.opaque(UNKNOWN, start, end) };
    const fn = intrinsic(node);
    if (fn) {
      // A short-form intrinsic's value starts at its tag: replacing it replaces `!GetAtt X.Arn` whole.
      if (node.tag?.startsWith('!')) start = this.src.tagStart(start);
      if (fn.name === 'If') {
        const branches = this.branches(node).filter((b) => !isNoValue(b));
        if (branches.length === 0) return { kind: 'string', start, end, slot, text: MappedText.opaque(UNKNOWN, start, end) };
        // A value of either branch: both checked when both are strings (as a list where lists are allowed).
        if (branches.length === 2 && owner && LISTABLE.test(owner.key) && branches.every((b) => isScalar(b) || intrinsic(b))) {
          return { kind: 'array', start, end, slot, items: branches.map((b) => this.value(b, undefined, true, depth + 1)), synthetic: true };
        }
        return this.value(branches[0], owner, flow, depth + 1);
      }
      return { kind: 'string', start, end, slot, text: this.stringValue(node) ?? MappedText.opaque(UNKNOWN, start, end) };
    }
    const inFlow = flow || ((isMap(node) || isSeq(node)) && (node as { flow?: boolean }).flow === true);
    if (isMap(node)) {
      const entries: HostEntry[] = [];
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (!isScalar(key) || isNoValue(pair.value as YamlNode)) continue;
        const [keyStart, keyEnd] = this.src.range(key);
        const keyText = this.scalar(key as Scalar);
        const keyNode: HostString = { kind: 'string', start: keyStart, end: keyEnd, slot: this.slot(key, undefined, inFlow), text: keyText };
        const colon = this.src.indexOf(':', keyEnd);
        const afterKey = colon >= 0 && colon < keyEnd + 64 ? colon + 1 : keyEnd;
        entries.push({ key: keyNode, value: this.value(pair.value as YamlNode | null, { key: keyText.text, keyStart, afterKey }, inFlow, depth + 1) });
      }
      return { kind: 'object', start, end, slot, entries };
    }
    if (isSeq(node)) {
      const items: HostValue[] = [];
      let branched = false;
      for (const item of node.items as YamlNode[]) {
        if (isNoValue(item)) continue;
        const fnItem = intrinsic(item);
        if (fnItem?.name === 'If') for (const b of this.branches(item)) if (!isNoValue(b)) items.push(this.value(b, undefined, inFlow, depth + 1));
        if (fnItem?.name !== 'If') items.push(this.value(item, undefined, inFlow, depth + 1));
        branched ||= fnItem?.name === 'If';
      }
      return { kind: 'array', start, end, slot, items, synthetic: branched };
    }
    if (isScalar(node)) {
      if (node.value === null) {
        // `Action:` with nothing yet: an empty string where the cursor would be (after the space), so that completion has a place.
        if (start === end) {
          const spaces = /^[ \t]*/.exec(this.src.slice(start, start + 64))?.[0].length ?? 0;
          const at = start + spaces;
          // `Effect:` and the cursor right after the colon: a value written there needs a space first.
          return { kind: 'string', start: at, end: at, slot: spaces === 0 && this.src.charAt(start - 1) === ':' ? { ...slot, spaceFirst: true } : slot, text: MappedText.exact('', at) };
        }
        return { kind: 'literal', start, end, slot, json: 'null' };
      }
      if (this.json && typeof node.value !== 'string') return { kind: 'literal', start, end, slot, json: JSON.stringify(node.value) };
      // CloudFormation passes YAML numbers and booleans to IAM as the text written.
      const mapped = typeof node.value === 'string' ? this.scalar(node as Scalar) : MappedText.exact(this.src.slice(start, end), start);
      return { kind: 'string', start, end, slot, text: mapped };
    }
    return { kind: 'string', start, end, slot, text: MappedText.opaque(UNKNOWN, start, end) };
  }
}

/** Whether a value holds an intrinsic function anywhere (bounded: deeper means yes). */
function hasIntrinsic(root: YamlNode): boolean {
  const stack: { node: YamlNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_NESTING || intrinsic(node) || isAlias(node)) return true;
    if (isMap(node)) for (const p of node.items) if (isScalar(p.value) || isMap(p.value) || isSeq(p.value)) stack.push({ node: p.value as YamlNode, depth: depth + 1 });
    if (isSeq(node)) for (const i of node.items) if (isScalar(i) || isMap(i) || isSeq(i)) stack.push({ node: i as YamlNode, depth: depth + 1 });
    if (isScalar(node) && node.tag) return true;
  }
  return false;
}

/** How a policy sits in the template: a mapping, a Serverless statement list, one SAM statement. */
type Shape = 'object' | 'statements' | 'statement';
/** What a policy read again must still be to stay one, as the full read required: a SAM item's `Statement`, a policy's shape. */
type Requirement = 'statement' | 'shape' | undefined;

const PARSE_OPTIONS = { keepSourceTokens: false, uniqueKeys: false, strict: false, prettyErrors: false, customTags: INTRINSIC_TAGS } as const;

/**
 * The YAML parser's warnings and errors are Error objects: without stack traces (V8's
 * `Error.stackTraceLimit`, ignored elsewhere) they cost little, and a broken template makes
 * thousands of them.
 */
function parseYaml(text: string): ReturnType<typeof parseDocument> {
  const errors = Error as { stackTraceLimit?: number };
  const limit = errors.stackTraceLimit;
  try {
    errors.stackTraceLimit = 0;
    return parseDocument(text, PARSE_OPTIONS);
  } finally {
    errors.stackTraceLimit = limit;
  }
}

/**
 * A policy read again from the lines it spans in the new text (from `start` to `end`), the
 * text before it on its first line blanked so that columns stay. Undefined unless those lines
 * are still one mapping or list of the same shape, read without error to their end.
 */
function rereadPolicy(
  newText: string,
  shape: Shape,
  start: number,
  end: number,
  label: string,
  policyType: PolicyType | undefined,
  quiet: readonly string[] | undefined,
  requires: Requirement,
  json = false,
): TemplatePolicy | undefined {
  const base = newText.lastIndexOf('\n', start - 1) + 1;
  const lines = ' '.repeat(start - base) + newText.slice(start, end);
  let doc;
  try {
    doc = parseYaml(lines);
  } catch {
    return undefined;
  }
  const root = doc.contents as YamlNode | null;
  if (doc.errors.length > 0 || !root?.range || root.range[0] !== start - base || lines.slice(root.range[1]).trim() !== '') return undefined;
  const reader = new TemplateReader(new Source(lines, base, newText), json);
  reader.quietRules(quiet);
  if (shape === 'object' && isMap(root) && !intrinsic(root)) {
    if ((requires === 'statement' && !root.has('Statement')) || (requires === 'shape' && !policyShaped(root))) return undefined;
    reader.objectPolicy(root, label, policyType, requires);
  }
  else if (shape === 'statements' && isSeq(root)) reader.statementsPolicy(null, label, policyType, root);
  else if (shape === 'statement' && isMap(root) && root.has('Effect')) reader.statementsPolicy([root], label, policyType);
  return reader.policies[0];
}

/**
 * The text the YAML parser read, and where it starts in the host: the whole template, or the
 * lines of one policy read again after an edit inside it.
 */
class Source {
  private lines: LineStarts | undefined;

  constructor(
    readonly text: string,
    readonly base = 0,
    /** The whole host text (`text` is a part of it, from `base`). */
    readonly host: string = text,
  ) {}

  /**
   * A node's host span, from its start to the end of its last character: the parser's end of
   * a block mapping or list takes in the line break after it (and blank lines), which a value
   * replacing it must leave to the next line.
   */
  range(node: YamlNode): [number, number] {
    const r = node.range;
    if (!r) return [this.base, this.base];
    let end = r[1];
    if (isMap(node) || isSeq(node)) while (end > r[0] && /\s/.test(this.text.charAt(end - 1))) end--;
    return [r[0] + this.base, end + this.base];
  }

  /** Where the `!Tag` of a short-form intrinsic starts, when one is written just before `start` on its line. */
  tagStart(start: number): number {
    const before = this.text.slice(Math.max(0, start - this.base - 64), start - this.base);
    const tag = /![A-Za-z]+[ \t]*$/.exec(before);
    return tag ? start - (before.length - tag.index) : start;
  }

  slice(start: number, end: number): string {
    return this.text.slice(Math.max(0, start - this.base), Math.max(0, end - this.base));
  }

  indexOf(search: string, from: number): number {
    const i = this.text.indexOf(search, from - this.base);
    return i < 0 ? -1 : i + this.base;
  }

  /** The start of the line holding a host offset. */
  lineStart(offset: number): number {
    this.lines ??= new LineStarts(this.text);
    return this.lines.lineStart(offset - this.base) + this.base;
  }

  charAt(offset: number): string {
    return this.text.charAt(offset - this.base);
  }
}

/** The indentation of a block scalar's content lines. */
function blockIndent(src: Source, node: Scalar): string {
  const [start, end] = src.range(node);
  const body = src.slice(src.indexOf('\n', start) + 1, end);
  return /^[ \t]*(?=\S)/m.exec(body)?.[0] ?? '';
}

/** A literal block scalar's lines with their host offsets (the indentation left out). */
function blockLines(src: Source, node: Scalar): MappedText | undefined {
  const [start, end] = src.range(node);
  const bodyStart = src.indexOf('\n', start) + 1;
  if (bodyStart <= 0 || bodyStart > end) return undefined;
  const indent = blockIndent(src, node).length;
  const parts: MappedText[] = [];
  let at = bodyStart;
  while (at < end) {
    let lineEnd = src.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = src.slice(at, lineEnd);
    const content = line.length > indent ? line.slice(indent) : '';
    parts.push(MappedText.exact(content, at + Math.min(indent, line.length)));
    if (lineEnd < end || src.charAt(lineEnd) === '\n') parts.push(MappedText.exact('\n', lineEnd));
    at = lineEnd + 1;
  }
  const all = MappedText.concat(parts);
  // Chomping keeps one final newline (clip), none (strip) or all (keep): compare without them.
  const value = String(node.value);
  const trimmed = value.replace(/\n+$/, '');
  if (all.text.replace(/\n+$/, '') !== trimmed) return undefined;
  return all.slice(0, trimmed.length).text === trimmed ? MappedText.concat([all.slice(0, trimmed.length), MappedText.opaque(value.slice(trimmed.length), end, end)]) : undefined;
}
