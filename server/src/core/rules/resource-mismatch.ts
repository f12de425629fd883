import type { ActionInfo, Catalog } from '../catalog/types';
import { type ArnParts, isOpen, splitArn } from '../semantics/arn';
import { arnProblem } from '../semantics/arnProblems';
import { extraArnParts } from '../semantics/arnScope';
import { mayFitTemplate, templatesForNamespace, templatesOf } from '../semantics/arnTemplates';
import { distinctActions, effectOf, expandedActions } from '../semantics/actionPatterns';
import type { Rule } from './rule';

/**
 * HACK: the reference merges API Gateway V1 and V2 under `apigateway`, and its `GET`, `POST`,
 * ... list only the V1 resource types, although V2 (`/apis`) takes the same actions. There only
 * the namespace-level check applies.
 */
const MERGED_NAMESPACES = ['apigateway'];

/**
 * `arn:...:s3:::...`, an S3 bucket or object. The reference lists which actions take a bucket
 * and which an object completely, and bucket names cannot hold a `/`, so such ARNs are judged
 * action by action even with wildcards or variables: `s3:ListBucket` on `my-bucket/*`.
 */
const isBucketOrObject = (arn: ArnParts): boolean => arn.service.toLowerCase() === 's3' && arn.region === '' && arn.account === '';

/** Whether the actions' own resource types decide for this ARN (elsewhere the data has gaps for patterns). */
const judgedPrecisely = (value: string, arn: ArnParts): boolean =>
  !MERGED_NAMESPACES.includes(arn.service.toLowerCase()) && (!isOpen(value) || isBucketOrObject(arn));

/** `'a:B'`, `'a:B' and 'a:C'`, or `3 of the actions`. */
function actionList(actions: readonly ActionInfo[]): string {
  if (actions.length > 2) return `${actions.length} of the actions`;
  return actions.map((a) => `'${a.fullName}'`).join(' and ');
}

/** The bucket part of an S3 object ARN: up to the first `/` outside a policy variable. */
function bucketOf(value: string, arn: ArnParts): string {
  const start = arn.offsets[5];
  for (let i = start; i < value.length; i++) {
    if (value.startsWith('${', i)) {
      const close = value.indexOf('}', i);
      // An unclosed variable runs to the end: searching again from every later `${` was quadratic.
      if (close < 0) return value;
      i = close;
    } else if (value[i] === '/') return value.slice(0, i);
  }
  return value;
}

/** What an S3 `arn:...:s3:::` ARN may name, by the bucket and object templates. */
function s3Kind(catalog: Catalog, value: string): 'bucket' | 'object' | undefined {
  const s3 = catalog.getService('s3');
  const bucket = s3?.getResourceType('bucket')?.arn;
  const object = s3?.getResourceType('object')?.arn;
  if (!bucket || !object) return undefined;
  const fitsBucket = mayFitTemplate(value, bucket);
  const fitsObject = mayFitTemplate(value, object);
  return fitsBucket === fitsObject ? undefined : fitsBucket ? 'bucket' : 'object';
}

const takes = (type: string) => (a: ActionInfo) => a.resourceTypes.some((rt) => rt.name === type);

/** The specific message for S3 buckets and objects, when it applies. */
function s3Message(catalog: Catalog, value: string, arn: ArnParts, own: readonly ActionInfo[], verb: string): string | undefined {
  if (!isBucketOrObject(arn)) return undefined;
  const kind = s3Kind(catalog, value);
  const bucketActions = own.filter(takes('bucket'));
  const objectActions = own.filter(takes('object'));
  const take = (list: readonly ActionInfo[]) => (list.length === 1 ? 'takes' : 'take');
  if (kind === 'object' && bucketActions.length > 0) {
    return `'${value}' names objects, but ${actionList(bucketActions)} ${take(bucketActions)} the bucket '${bucketOf(value, arn)}'; this ARN ${verb} nothing.`;
  }
  if (kind === 'bucket' && objectActions.length > 0) {
    return `'${value}' names the bucket, but ${actionList(objectActions)} ${take(objectActions)} its objects, e.g. '${value}/*'; this ARN ${verb} nothing.`;
  }
  return undefined;
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

/** A resource of the statement with what has been found out about it, each fact once. */
interface Judged {
  readonly value: string;
  readonly arn: ArnParts;
  /** Per resource type (`service/name`): whether the ARN may name one. */
  readonly fits: Map<string, boolean>;
  /** Per ARN template: whether the ARN may fit it (types and namespaces share templates). */
  readonly templates: Map<string, boolean>;
}

/**
 * Whether actions accept a resource, each resource compared once with each template it meets
 * (not once per action: `ec2:*` lists its 114 resource types 1,085 times), within the budget.
 */
class ArnJudge {
  private spent = 0;
  private readonly templates = new Map<string, readonly string[] | null>();

  constructor(private readonly catalog: Catalog) {}

  get exhausted(): boolean {
    return this.spent >= BUDGET;
  }

  /** Whether the ARN may name a resource of the template's form. */
  fits(resource: Judged, template: string): boolean {
    let fit = resource.templates.get(template);
    if (fit === undefined) {
      this.spent += COMPARISON_COST + Math.ceil((resource.value.length * template.length) / 4);
      resource.templates.set(template, (fit = mayFitTemplate(resource.value, template)));
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

/**
 * `resource-mismatch`: a resource ARN that none of the statement's actions can use, e.g. an
 * S3 object ARN with only `iam:` actions, `s3:ListBucket` on `arn:aws:s3:::my-bucket/*`, or
 * any ARN with `s3:ListAllMyBuckets` (which only takes `*`). The entry then grants nothing.
 * Likewise an action that can use none of the statement's resources while others can
 * (`s3:ListBucket` beside `s3:GetObject` on objects only). Conservative: any action that
 * accepts the ARN (through any of its listed resource types) clears it, wildcards in the ARN
 * may match, and `Action: "*"`, `NotAction`, `NotResource` and unknown actions are not judged.
 * ARNs that invalid-arn reports (malformed, or with a Region or account their service never
 * has, such as an S3 bucket with an account) are left to it: one finding per mistake.
 */
export const resourceMismatch: Rule = {
  code: 'resource-mismatch',
  defaultSeverity: 'warning',
  description: "A resource ARN fits none of the resource types of the statement's actions, or an action fits none of its resources.",
  example: {
    bad: '{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket/*" }',
    good: '{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket" }',
  },
  check({ policy, catalog }, report) {
    const judge = new ArnJudge(catalog);
    for (const statement of policy.statements) {
      if (judge.exhausted) return;
      const items = statement.action?.items ?? [];
      const resources = (statement.resource?.items ?? []).filter((r) => r.value !== '*' && r.value !== '');
      if (resources.length === 0 || items.length === 0 || items.some((i) => i.value === '*' || catalog.matchActions(i.value).length === 0)) continue;
      const actions = distinctActions(statement, catalog);
      const byService = new Map<string, ActionInfo[]>();
      for (const a of actions) {
        const list = byService.get(a.service);
        if (list) list.push(a);
        else byService.set(a.service, [a]);
      }
      const verb = effectOf(statement) === 'Deny' ? 'denies' : 'grants';
      // The resources that the actions' resource types judge, for the check of each action below.
      const judged: Judged[] = [];
      let used = false;
      for (const resource of resources) {
        if (judge.exhausted) return;
        // Malformed ARNs, and ARNs with a Region or account their service never has, are invalid-arn's.
        if (arnProblem(resource.value) || extraArnParts(catalog, resource.value).length > 0) continue;
        const arn = splitArn(resource.value);
        // Only actions of the ARN's own service are judged: service prefixes and ARN namespaces
        // differ now and then (ssmmessages and ssm sessions), and another service's ARN in a
        // mixed statement is normal. `arn:aws:s3:::*`-style resources are left alone too.
        if (!arn || isOpen(arn.service) || /^[*]+$/.test(arn.resource)) continue;
        const own = byService.get(arn.service.toLowerCase()) ?? [];
        if (own.length === 0) continue;
        const precise = judgedPrecisely(resource.value, arn);
        const entry: Judged = { value: resource.value, arn, fits: new Map(), templates: new Map() };
        if (precise) judged.push(entry);
        if (own.some((a) => judge.accepts(a, entry))) {
          used = true;
          continue;
        }
        // Elsewhere, with wildcards or variables the data decides alone, and AWS's own policies
        // show it has gaps; then only an ARN that fits no resource type of its service at all is reported.
        const templates = templatesForNamespace(catalog, arn.service);
        const fitsService = templates.length === 0 || templates.some((t) => judge.fits(entry, t));
        if (!precise && fitsService) continue;
        const names = own.length === 1 ? `'${own[0].fullName}'` : `any of the ${own.length} ${arn.service} actions`;
        const onlyStar = own.every((a) => a.resourceTypes.length === 0);
        const message = !fitsService
          ? `This ARN matches no resource type of the '${arn.service}' namespace; it ${verb} nothing.`
          : onlyStar
            ? `${names} only ${own.length === 1 ? 'supports' : 'support'} "Resource": "*"; this ARN ${verb} nothing.`
            : (s3Message(catalog, resource.value, arn, own, verb) ?? `This ARN matches no resource type of ${names}; it ${verb} nothing.`);
        report(resource.node, message);
      }
      // An action that can use none of the resources, while another action uses some (else the
      // findings above say it all). Only when every resource is judged and of one service.
      const service = judged[0]?.arn.service.toLowerCase();
      const allJudged = judged.length === statement.resource?.items.length;
      if (!used || !allJudged || statement.notResource || statement.resource?.invalid.length || judged.some((r) => r.arn.service.toLowerCase() !== service)) continue;
      // Each action is judged once, however often the list names it.
      const idle = new Map<ActionInfo, boolean>();
      const isIdle = (a: ActionInfo) => {
        let result = idle.get(a);
        if (result === undefined) idle.set(a, (result = !judged.some((r) => !judge.exhausted && judge.accepts(a, r))));
        return result;
      };
      for (const { item, actions: matched } of expandedActions(statement, catalog)) {
        // Actions that only take "*" have gaps in the data; another service's actions are not ours.
        if (matched.some((a) => a.service !== service || a.resourceTypes.length === 0)) continue;
        if (!matched.every(isIdle) || judge.exhausted) continue;
        report(item.node, idleActionMessage(catalog, item.value, matched, judged, verb));
      }
    }
  },
};

/** The message for an action that can use none of the statement's resources. */
function idleActionMessage(catalog: Catalog, name: string, matched: readonly ActionInfo[], judged: readonly { value: string; arn: ArnParts }[], verb: string): string {
  const kinds = new Set(judged.map((r) => (isBucketOrObject(r.arn) ? s3Kind(catalog, r.value) : undefined)));
  if (kinds.size === 1 && kinds.has('object') && matched.every(takes('bucket'))) {
    return `'${name}' takes the bucket, e.g. '${bucketOf(judged[0].value, judged[0].arn)}', but this statement names only objects; here it ${verb} nothing.`;
  }
  if (kinds.size === 1 && kinds.has('bucket') && matched.every(takes('object'))) {
    return `'${name}' takes objects, e.g. '${judged[0].value}/*', but this statement names only buckets; here it ${verb} nothing.`;
  }
  const types = [...new Set(matched.flatMap((a) => a.resourceTypes.map((rt) => rt.name)))].join(', ');
  return `'${name}' can use none of this statement's resources (it takes: ${types}); here it ${verb} nothing.`;
}
