import type { ActionInfo, Catalog } from '../catalog/types';
import { type ArnParts, isOpen, MAX_ARN_LENGTH, splitArn } from './arn';
import { fitsTemplatePartwise, mayFitTemplate, templatesOf } from './arnTemplates';
import { unknownAsWildcard } from './unknown';

/**
 * The ARN formats an ARN pattern may still name when its Region or account wildcard spans
 * colons into the resource part, as IAM's `*` may: the template with its resource part cut
 * after each of its own colons (`log-group:${LogGroupName}` gives `${LogGroupName}`). Real
 * Regions and accounts hold no colon, so a spanning `*` ends at one of the resource's colons.
 */
function shiftedTemplates(template: string): readonly string[] {
  let shifted = shiftedCache.get(template);
  if (!shifted) {
    const parts = splitArn(template);
    const out: string[] = [];
    if (parts) {
      const head = template.slice(0, parts.offsets[5]);
      const resource = parts.resource;
      let depth = 0;
      for (let i = 0; i < resource.length; i++) {
        if (resource.startsWith('${', i)) depth++;
        else if (resource[i] === '}' && depth > 0) depth--;
        else if (resource[i] === ':' && depth === 0) out.push(head + resource.slice(i + 1));
      }
    }
    shiftedCache.set(template, (shifted = out));
  }
  return shifted;
}

const shiftedCache = new Map<string, readonly string[]>();

/**
 * Whether an ARN pattern may name a resource of the template's form, read as its author means
 * it: each part against the template's part (`arn:aws:ec2:*:*:volume/*` names no instance),
 * except that a wildcard or variable in the Region or account may reach into the resource part
 * up to one of the template's own colons (`arn:aws:logs:*:*:/aws-glue/*`, as AWS's policies
 * write log groups). Stricter than `mayFitTemplate`, whose `*` may also span the colons of an
 * identifier: there every wildcard Region fits every type of its service. Values the host
 * computes count as wildcards; an ARN too long to be a resource gets the benefit of the doubt.
 */
export function mayNameResourceOf(arn: string, template: string): boolean {
  if (arn.length > MAX_ARN_LENGTH) return true;
  // Policies name the same few ARNs against the same templates over and over: each answer is kept.
  const key = `${arn}\u0000${template}`;
  let answer = named.get(key);
  if (answer === undefined) {
    if (named.size >= 50_000) named.clear();
    named.set(key, (answer = computeMayNameResourceOf(arn, template)));
  }
  return answer;
}

const named = new Map<string, boolean>();

function computeMayNameResourceOf(arn: string, template: string): boolean {
  const value = unknownAsWildcard(arn);
  if (fitsTemplatePartwise(value, template)) return true;
  const parts = splitArn(value);
  if (!parts || !(isOpen(parts.region) || isOpen(parts.account))) return false;
  return shiftedTemplates(template).some((t) => fitsTemplatePartwise(value, t));
}

/** Stands for a template whose namespace is a placeholder (AWS Backup's `${Vendor}` recovery points): any namespace. */
export const ANY_NAMESPACE = '*';

const namespacesByAction = new WeakMap<ActionInfo, ReadonlySet<string> | null>();

/**
 * The ARN namespaces of the resource types an action takes (lower case; `ANY_NAMESPACE` for a
 * placeholder), or null when one of its types is not described (then it may take anything).
 * Empty for an action that only takes `"*"`. Namespaces and action prefixes differ now and
 * then: `ssm:SendCommand` takes `ec2` instances, `sts:AssumeRole` `iam` roles.
 */
export function resourceNamespaces(catalog: Catalog, action: ActionInfo): ReadonlySet<string> | null {
  let found = namespacesByAction.get(action);
  if (found === undefined) {
    const service = catalog.getService(action.service);
    const set = new Set<string>();
    found = set;
    for (const rt of action.resourceTypes) {
      const arn = service?.getResourceType(rt.name)?.arn;
      if (!arn) {
        found = null;
        break;
      }
      for (const template of templatesOf(arn)) {
        const namespace = splitArn(template)?.service.toLowerCase() ?? ANY_NAMESPACE;
        set.add(isOpen(namespace) ? ANY_NAMESPACE : namespace);
      }
    }
    namespacesByAction.set(action, found);
  }
  return found;
}

/**
 * The work one check may spend comparing policy ARNs with ARN templates: about a quarter of the
 * cells of each comparison's table (policy ARN by template), plus a fixed cost per comparison
 * and one per lookup. A 6 KB policy of 150 ARNs that fit none of the 109 `ec2` templates spends
 * a third of it; a 3 MB statement of 60,000 such ARNs against `ec2:*` would spend a hundred
 * times more (70 s). Past the budget the remaining resources get the benefit of the doubt: no
 * finding rather than a frozen server.
 */
const BUDGET = 30_000_000;
const COMPARISON_COST = 100;

/** A resource of a statement with what has been found out about it, each fact once. */
export interface Judged {
  readonly value: string;
  readonly arn: ArnParts;
  /** Compared by IAM's matching, a `*` spanning colons anywhere (merged namespaces, S3 buckets and objects), rather than as its author means it. */
  readonly loose: boolean;
  /** Per resource type (`service/name`): whether the ARN may name one. */
  readonly fits: Map<string, boolean>;
  /** Per ARN template (loose comparisons with a NUL before it): whether the ARN may fit it (types and namespaces share templates). */
  readonly templates: Map<string, boolean>;
}

/**
 * Whether actions accept a resource, each resource compared once with each template it meets
 * (not once per action: `ec2:*` lists its 114 resource types 1,085 times), within the budget.
 */
export class ArnJudge {
  private spent = 0;
  private readonly templates = new Map<string, readonly string[] | null>();

  constructor(private readonly catalog: Catalog) {}

  get exhausted(): boolean {
    return this.spent >= BUDGET;
  }

  /**
   * Whether the ARN may name a resource of the template's form: as its author means it
   * (`mayNameResourceOf`), or `loose`ly, as IAM's `*` may span colons (`mayFitTemplate`).
   */
  fits(resource: Judged, template: string, loose = resource.loose): boolean {
    const key = loose ? `\u0000${template}` : template;
    let fit = resource.templates.get(key);
    if (fit === undefined) {
      // An open Region or account also tries the template cut at its colons: about twice the work.
      const tries = !loose && (isOpen(resource.arn.region) || isOpen(resource.arn.account)) ? 2 : 1;
      this.spent += COMPARISON_COST + tries * Math.ceil((resource.value.length * template.length) / 4);
      fit = loose ? mayFitTemplate(resource.value, template) : mayNameResourceOf(resource.value, template);
      resource.templates.set(key, fit);
    }
    return fit;
  }

  /** As `actionAcceptsArn`: some listed resource type fits; unknown type names get the benefit of the doubt. */
  accepts(action: ActionInfo, resource: Judged): boolean {
    for (const rt of action.resourceTypes) {
      this.spent++;
      const key = `${action.service}/${rt.name}`;
      let fit = resource.fits.get(key);
      if (fit === undefined) {
        const templates = this.templatesOf(action.service, rt.name, key);
        fit = !templates || templates.some((t) => this.fits(resource, t));
        resource.fits.set(key, fit);
      }
      if (fit) return true;
    }
    return false;
  }

  private templatesOf(service: string, type: string, key: string): readonly string[] | null {
    let templates = this.templates.get(key);
    if (templates === undefined) {
      const arn = this.catalog.getService(service)?.getResourceType(type)?.arn;
      this.templates.set(key, (templates = arn ? templatesOf(arn) : null));
    }
    return templates;
  }
}
