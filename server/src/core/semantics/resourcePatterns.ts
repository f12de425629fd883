import type { Catalog } from '../catalog/types';
import { globCovers } from './actionPatterns';
import { isOpen, splitArn } from './arn';
import { templatesOf } from './arnTemplates';
import { hasUnknown } from './unknown';

/** First of the private-use code points that stand for uppercase ASCII letters in `resourceCovers`. */
const UPPER_BASE = 0xe100;

/**
 * The pattern with each uppercase ASCII letter replaced by a code point of its own that
 * lower-casing leaves alone, so that the case-insensitive `globCovers` compares it exactly.
 * Undefined when the pattern has another letter that lower-casing would change (not worth a
 * second matcher: such ARNs are then compared only for equality).
 */
function caseKept(pattern: string): string | undefined {
  let out = '';
  for (const ch of pattern) {
    const code = ch.charCodeAt(0);
    if (code >= 65 && code <= 90) out += String.fromCharCode(UPPER_BASE + code);
    else if (code > 127 && ch.toLowerCase() !== ch) return undefined;
    else out += ch;
  }
  return out;
}

/**
 * A resource pattern prepared for coverage tests: its case-kept form is computed once, and its
 * literal head and tail (before the first and after the last wildcard) reject most patterns it
 * cannot cover without walking them.
 */
export class ResourcePattern {
  private keptForm: string | undefined | null = null;
  private readonly all: boolean;
  private readonly head: string;
  private readonly tail: string;
  private readonly computed: boolean;

  constructor(readonly value: string) {
    this.all = /^\*+$/.test(value);
    this.computed = hasUnknown(value);
    const first = value.search(/[*?]/);
    this.head = first < 0 ? value : value.slice(0, first);
    const last = Math.max(value.lastIndexOf('*'), value.lastIndexOf('?'));
    this.tail = last < 0 ? value : value.slice(last + 1);
  }

  /**
   * Whether every ARN that `inner` matches is also matched by this pattern (`*` any run, `?`
   * one character). Unlike action names, resource ARNs are compared case-sensitively, so
   * `arn:aws:s3:::Logs` is not covered by `arn:aws:s3:::logs`. Values the host computes in part
   * are covered only by a pattern that is all wildcard.
   */
  /** The case-kept form, computed the first time a coverage test gets that far. */
  private get kept(): string | undefined {
    if (this.keptForm === null) this.keptForm = this.computed ? undefined : caseKept(this.value);
    return this.keptForm;
  }

  covers(inner: ResourcePattern): boolean {
    if (this.all || this.value === inner.value) return true;
    // A literal head or tail of this pattern must start or end every ARN that `inner` matches.
    if (!inner.value.startsWith(this.head) || !inner.value.endsWith(this.tail)) return false;
    return this.kept !== undefined && inner.kept !== undefined && globCovers(this.kept, inner.kept);
  }
}

/** `ResourcePattern.covers` for two patterns compared once. */
export function resourceCovers(outer: string, inner: string): boolean {
  return new ResourcePattern(outer).covers(new ResourcePattern(inner));
}

/**
 * An ARN template of the reference as a pattern: every `${Placeholder}` any run, the partition
 * the one the policy's pattern names (a policy applies in one partition, so `arn:aws:iam::*:role/*`
 * reaches every role there).
 */
function templatePattern(template: string, partition: string | undefined): string {
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => (name === 'Partition' && partition ? partition : '*'));
}

/**
 * Whether the resource pattern matches every resource of the types `action` takes, as `"*"`
 * would (Access Analyzer's "star in resource" checks count `arn:aws:iam::*:role/*` for
 * `iam:PassRole` as `*`). `templates` narrows the resources to some ARN forms when only those
 * matter (service-linked roles for `iam:CreateServiceLinkedRole`). False for an action that
 * takes no resource type (only `"*"` then names its resources) and for unknown actions.
 */
export function coversEveryResource(catalog: Catalog, action: string, pattern: string, templates?: readonly string[]): boolean {
  if (/^\*+$/.test(pattern)) return true;
  // A policy repeats the same few patterns in many statements: each answer is kept (per catalogue, action and forms).
  let cache = coverageByCatalog.get(catalog);
  if (!cache) coverageByCatalog.set(catalog, (cache = new Map()));
  const key = `${action}\u0000${templates ? templates.join('\u0001') : ''}\u0000${pattern}`;
  let answer = cache.get(key);
  if (answer === undefined) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, (answer = computeCoversEveryResource(catalog, action, pattern, templates)));
  }
  return answer;
}

const coverageByCatalog = new WeakMap<Catalog, Map<string, boolean>>();

function computeCoversEveryResource(catalog: Catalog, action: string, pattern: string, templates?: readonly string[]): boolean {
  const parts = splitArn(pattern);
  if (!parts || hasUnknown(pattern)) return false;
  const partition = isOpen(parts.partition) ? undefined : parts.partition;
  let forms = templates;
  if (!forms) {
    const info = catalog.getAction(action);
    const service = info && catalog.getService(info.service);
    if (!info || !service || info.resourceTypes.length === 0) return false;
    const found: string[] = [];
    for (const rt of info.resourceTypes) {
      const arn = service.getResourceType(rt.name)?.arn;
      if (!arn) return false; // a type the data does not describe: not judged
      found.push(...templatesOf(arn));
    }
    forms = found;
  }
  return forms.length > 0 && forms.every((t) => resourceCovers(pattern, templatePattern(t, partition)));
}

const regionsByCatalog = new WeakMap<Catalog, Map<string, boolean>>();

/**
 * Whether every resource type of the ARN namespace (`sqs`, `lambda`) has a Region in its ARN:
 * then an ARN of that namespace with an empty Region names nothing. False for namespaces with
 * global resources (`iam`, `s3` buckets, `cloudfront`) and for namespaces the data does not know.
 */
export function regionRequired(catalog: Catalog, namespace: string): boolean {
  let cache = regionsByCatalog.get(catalog);
  if (!cache) regionsByCatalog.set(catalog, (cache = new Map()));
  const key = namespace.toLowerCase();
  let required = cache.get(key);
  if (required === undefined) {
    const templates = catalog.templatesForNamespace(key);
    required = templates.length > 0 && templates.every((t) => splitArn(t)?.region === '${Region}');
    cache.set(key, required);
  }
  return required;
}
