import type { ActionInfo, Catalog } from '../catalog/types';
import { type ArnParts, isOpen, splitArn } from '../semantics/arn';
import { arnProblem } from '../semantics/arnProblems';
import { ANY_NAMESPACE, ArnJudge, type Judged, resourceNamespaces } from '../semantics/arnFit';
import { extraArnParts, missingRegion } from '../semantics/arnScope';
import { mayFitTemplate, templatesForNamespace } from '../semantics/arnTemplates';
import { distinctActions, effectOf, expandedActions } from '../semantics/actionPatterns';
import type { StatementModel, ValueItem } from '../policy';
import type { Rule } from './rule';

/**
 * HACK: the reference merges API Gateway V1 and V2 under `apigateway`, and its `GET`, `POST`,
 * ... list only the V1 resource types, although V2 (`/apis`) takes the same actions. Likewise
 * Elastic Load Balancing V1 and V2 share `elasticloadbalancing`, and actions of both
 * (`AddTags`, `CreateLoadBalancer`) list only the V1 load balancer. There only the
 * namespace-level check applies.
 */
const MERGED_NAMESPACES = ['apigateway', 'elasticloadbalancing'];

/**
 * HACK: ARN namespaces whose resources a service's actions take although the reference lists
 * no resource type for them. Session Manager's `ssmmessages:` channel actions are scoped to
 * `ssm` session ARNs (AWS's Session Manager policies do so), and CodeConnections, renamed from
 * CodeStar Connections, takes either prefix in policies for connections of either ARN. Such
 * ARNs are not judged.
 */
const UNLISTED_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
  ssmmessages: ['ssm'],
  'codestar-connections': ['codeconnections'],
  codeconnections: ['codestar-connections'],
};

/**
 * `arn:...:s3:::...`, an S3 bucket or object. The reference lists which actions take a bucket
 * and which an object completely, and bucket names cannot hold a `/`, so such ARNs are judged
 * action by action even with wildcards or variables: `s3:ListBucket` on `my-bucket/*`.
 */
const isBucketOrObject = (arn: ArnParts): boolean => arn.service.toLowerCase() === 's3' && arn.region === '' && arn.account === '';

/** Whether the ARN names resources definitely enough to judge the actions by it (a literal ARN, or an S3 bucket or object). */
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

/** An action that tags resources or lists their tags: `TagResource`, `ec2:CreateTags`, `ListTagsForResource`. */
const isTagging = (a: ActionInfo): boolean => a.accessLevel === 'Tagging' || a.name.includes('Tag');

/** `'s3'`, `'s3' and 'iam'`, `'s3', 'iam' and 'ec2'`, or `5 services`. */
function serviceList(services: readonly string[]): string {
  if (services.length > 4) return `${services.length} services`;
  const quoted = services.map((s) => `'${s}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * For each ARN namespace, the actions of other services that take its resources, indexed once
 * per statement (a statement may name thousands of ARNs of as many namespaces).
 */
function takersByNamespace(catalog: Catalog, actions: readonly ActionInfo[]): (namespace: string) => readonly ActionInfo[] {
  const byNamespace = new Map<string, ActionInfo[]>();
  const anywhere: ActionInfo[] = [];
  for (const a of actions) {
    const namespaces = resourceNamespaces(catalog, a);
    if (namespaces === null || namespaces.has(ANY_NAMESPACE)) anywhere.push(a);
    else {
      for (const namespace of namespaces) {
        if (namespace === a.service) continue;
        const list = byNamespace.get(namespace);
        if (list) list.push(a);
        else byNamespace.set(namespace, [a]);
      }
    }
  }
  const combined = new Map<string, readonly ActionInfo[]>();
  return (namespace) => {
    const listed = byNamespace.get(namespace) ?? [];
    if (anywhere.length === 0) return listed;
    let all = combined.get(namespace);
    if (!all) combined.set(namespace, (all = [...listed, ...anywhere.filter((a) => a.service !== namespace)]));
    return all;
  };
}

/** What an Action list takes: its actions by service, the other namespaces they take resources of. */
interface ListFacts {
  readonly actions: readonly ActionInfo[];
  readonly byService: Map<string, ActionInfo[]>;
  readonly othersOf: (namespace: string) => readonly ActionInfo[];
  readonly unlisted: ReadonlySet<string>;
}

/** The facts of a statement's Action list; undefined when the rule stays silent on it (`*`, an unknown action). */
function listFacts(catalog: Catalog, statement: StatementModel): ListFacts | undefined {
  if ((statement.action?.items ?? []).some((i) => i.value === '*' || catalog.matchActions(i.value).length === 0)) return undefined;
  const actions = distinctActions(statement, catalog);
  const byService = new Map<string, ActionInfo[]>();
  for (const a of actions) {
    const list = byService.get(a.service);
    if (list) list.push(a);
    else byService.set(a.service, [a]);
  }
  const unlisted = new Set([...byService.keys()].flatMap((service) => UNLISTED_NAMESPACES[service] ?? []));
  return { actions, byService, othersOf: takersByNamespace(catalog, actions), unlisted };
}

/** What one statement's resources are judged against. */
interface StatementContext {
  readonly catalog: Catalog;
  readonly judge: ArnJudge;
  /** The statement's actions by service prefix. */
  readonly byService: ReadonlyMap<string, readonly ActionInfo[]>;
  /** The actions of other services that take resources of the namespace. */
  othersOf(namespace: string): readonly ActionInfo[];
  /** Namespaces the actions take although the reference says nothing of it: not judged. */
  readonly unlisted: ReadonlySet<string>;
  readonly verb: 'grants' | 'denies';
}

/** What was found out about one resource; undefined when it is not judged. */
interface Verdict {
  /** The resource, when it names resources definitely enough to judge each action by it. */
  readonly entry?: Judged;
  /** Some action of the statement can use it. */
  readonly used: boolean;
  readonly message?: string;
  /** A pattern's finding: held back while the statement names a resource its actions can use. */
  readonly held?: boolean;
}

/**
 * Judges one resource of a statement. Literal ARNs (and S3 buckets and objects) are judged by
 * the resource types of the actions. So are patterns, read part by part, but a pattern that
 * fits a resource type of its namespace is reported only when no resource of the statement is
 * of use to its actions: beside resources they use, it is read as the author listing what the
 * call touches (AWS's own policies name subnets for `ec2:CreateFleet`, instance profiles for
 * `iam:PassRole`), whereas a statement whose every resource fits nothing grants nothing at all.
 */
function judgeResource(context: StatementContext, value: string): Verdict | undefined {
  const { catalog, judge, verb } = context;
  // Malformed ARNs, ARNs without the Region their type needs, and ARNs with a Region or account their service never has, are invalid-arn's.
  if (arnProblem(value) || extraArnParts(catalog, value).length > 0 || missingRegion(catalog, value)) return undefined;
  const arn = splitArn(value);
  if (!arn || isOpen(arn.service)) return undefined;
  const namespace = arn.service.toLowerCase();
  if (context.unlisted.has(namespace)) return undefined;
  const own = context.byService.get(namespace) ?? [];
  const other = context.othersOf(namespace);
  const precise = judgedPrecisely(value, arn);
  if (own.length === 0 && other.length === 0) {
    const services = serviceList([...context.byService.keys()]);
    return { used: false, held: !precise, message: `This statement's actions (${services}) take no '${namespace}' resource; this ARN ${verb} nothing.` };
  }
  // `arn:aws:s3:::*`-style resources of a service the actions take are left alone.
  if (/^[*]+$/.test(arn.resource)) return undefined;
  const candidates = other.length === 0 ? own : [...own, ...other];
  const merged = MERGED_NAMESPACES.includes(namespace);
  // S3 buckets and objects keep IAM's reading: their Region and account are empty, and a computed part of a bucket name holds no `/`.
  const entry: Judged = { value, arn, loose: merged || isBucketOrObject(arn), fits: new Map(), templates: new Map() };
  const judged = precise ? entry : undefined;
  if (candidates.some((a) => judge.accepts(a, entry))) return { entry: judged, used: true };
  const templates = templatesForNamespace(catalog, arn.service);
  const fitsService = templates.length === 0 || templates.some((t) => judge.fits(entry, t));
  if (!precise && !fitsService && templates.some((t) => judge.fits(entry, t, true))) {
    // A pattern of no resource type read part by part, which IAM's `*` spanning colons still
    // lets fit one, keeps the benefit of the doubt: AWS's policies write log groups so.
    return { used: false };
  }
  // Where the actions' resource types have gaps, only an ARN that fits no resource type of its
  // namespace at all is reported: merged namespaces; and for patterns, actions that only take
  // "*" and tagging actions, whose lists lag behind the resources they tag (`aws-marketplace:TagResource`).
  const gaps = merged || (!precise && candidates.some((a) => a.resourceTypes.length === 0 || isTagging(a)));
  if (fitsService && gaps) return { entry: judged, used: false };
  const names =
    candidates.length === 1
      ? `'${candidates[0].fullName}'`
      : other.length === 0
        ? `any of the ${own.length} ${arn.service} actions`
        : `any of the ${candidates.length} actions that take '${namespace}' resources`;
  const onlyStar = candidates.every((a) => a.resourceTypes.length === 0);
  const message = !fitsService
    ? `This ARN matches no resource type of the '${arn.service}' namespace; it ${verb} nothing.`
    : onlyStar
      ? `${names} only ${candidates.length === 1 ? 'supports' : 'support'} "Resource": "*"; this ARN ${verb} nothing.`
      : (s3Message(catalog, value, arn, own, verb) ?? `This ARN matches no resource type of ${names}; it ${verb} nothing.`);
  return { entry: judged, used: false, message, held: !precise && fitsService };
}

/**
 * `resource-mismatch`: a resource ARN that none of the statement's actions can use, e.g. an
 * SQS queue ARN with only `s3:` actions, `s3:ListBucket` on `arn:aws:s3:::my-bucket/*`,
 * `ec2:StartInstances` on `arn:aws:ec2:*:*:volume/*`, or any ARN with `s3:ListAllMyBuckets`
 * (which only takes `*`). The entry then grants nothing. Likewise an action that can use none
 * of the statement's resources while others can (`s3:ListBucket` beside `s3:GetObject` on
 * objects only). An ARN is compared with the formats of the resource types the actions take,
 * whatever their service (`sts:AssumeRole` takes `iam` roles, `ssm:SendCommand` `ec2`
 * instances), so another service's ARN in a mixed statement is fine, and one whose service no
 * action takes is reported. Wildcards are read part by part, as the author means them, but a
 * `*` in the Region or account may reach into the resource part (`arn:aws:logs:*:*:/aws-glue/*`).
 * Conservative: any action that accepts the ARN (through any of its listed resource types)
 * clears it, and `Action: "*"`, `NotAction`, `NotResource` and unknown actions are not judged.
 * ARNs that invalid-arn reports (malformed, without the Region their type needs, or with a
 * Region or account their service never has, such as an S3 bucket with an account) are left
 * to it: one finding per mistake.
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
    // What an Action list takes, worked out once per list: a large policy repeats a few lists in many statements.
    const lists = new Map<string, ListFacts | undefined>();
    for (const statement of policy.statements) {
      if (judge.exhausted) return;
      const items = statement.action?.items ?? [];
      const resources = (statement.resource?.items ?? []).filter((r) => r.value !== '*' && r.value !== '');
      if (resources.length === 0 || items.length === 0) continue;
      const key = items.map((i) => i.value).join('\u0000');
      let facts = lists.get(key);
      if (!lists.has(key)) lists.set(key, (facts = listFacts(catalog, statement)));
      if (!facts) continue;
      const context: StatementContext = { catalog, judge, ...facts, verb: effectOf(statement) === 'Deny' ? 'denies' : 'grants' };
      const { verb } = context;
      // The resources that the actions' resource types judge, for the check of each action below.
      const judged: Judged[] = [];
      let used = false;
      // Findings on patterns, reported only if no resource of the statement is of use (see judgeResource).
      const held: { node: ValueItem['node']; message: string }[] = [];
      let mismatched = 0;
      for (const resource of resources) {
        if (judge.exhausted) return;
        const verdict = judgeResource(context, resource.value);
        if (!verdict) continue;
        if (verdict.entry) judged.push(verdict.entry);
        if (verdict.used) used = true;
        if (verdict.message === undefined) continue;
        mismatched++;
        if (verdict.held) held.push({ node: resource.node, message: verdict.message });
        else report(resource.node, verdict.message);
      }
      const listed = (statement.resource?.items.length ?? 0) + (statement.resource?.invalid.length ?? 0);
      if (mismatched === listed) for (const { node, message } of held) report(node, message);
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
