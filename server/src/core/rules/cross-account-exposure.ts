import type { Catalog } from '../catalog/types';
import { type ExposureAction, exposureActions } from '../data/crossAccountExposure';
import type { StatementModel, ValueItem } from '../policy';
import { ActionPatternIndex, effectOf, starResource } from '../semantics/actionPatterns';
import { isOpen } from '../semantics/arn';
import { templatesOf } from '../semantics/arnTemplates';
import { conditionEntries } from '../semantics/conditionItems';
import { grantsPermissions } from '../semantics/policyKinds';
import { coversEveryResource, ResourcePattern } from '../semantics/resourcePatterns';
import type { Rule } from './rule';

/** `*` and `*:*` are full-admin's and action-star's findings. */
const EVERY_ACTION = /^\*+(:\*+)?$/;
/** A whole service (`s3:*`): service-wildcard already warns of it, and says it includes these. */
const WHOLE_SERVICE = /^[^:*?]+:\*$/;

/**
 * Whether the statement requires one of `keys` to named values (not `*`, not `true`) under a
 * non-negated operator: `"StringEquals": {"lambda:Principal": "s3.amazonaws.com"}`,
 * `"ArnLike": {"secretsmanager:SecretId": "arn:aws:secretsmanager:*:*:secret:app-*"}` or
 * `"Bool": {"ram:RequestedAllowsExternalPrincipals": "false"}`.
 */
function limitedByCondition(statement: StatementModel, keys: readonly string[]): boolean {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return conditionEntries(statement).some(
    (e) =>
      wanted.has(e.key.toLowerCase()) &&
      e.parsed !== undefined &&
      !e.parsed.base.negated &&
      e.parsed.base.family !== 'Null' &&
      e.values.length > 0 &&
      e.values.every((v) => !/^\*+$/.test(v.text) && v.text.toLowerCase() !== 'true'),
  );
}

const SAMPLE_VALUES: Readonly<Record<string, string>> = { Region: 'us-east-1', Account: '111122223333' };
const samples = new WeakMap<Catalog, Map<string, ResourcePattern | null>>();

/**
 * One resource of the action in the partition, every placeholder of its first ARN template
 * filled in; undefined when the action takes no resource type (only `"*"` names its
 * resources then) or the data does not describe it.
 */
function sampleResource(catalog: Catalog, action: string, partition: string): ResourcePattern | undefined {
  let cache = samples.get(catalog);
  if (!cache) samples.set(catalog, (cache = new Map()));
  const key = `${action}\u0000${partition}`;
  let sample = cache.get(key);
  if (sample === undefined) {
    const info = catalog.getAction(action);
    const type = info?.resourceTypes[0];
    const arn = type && catalog.getService(info.service)?.getResourceType(type.name)?.arn;
    const template = arn && templatesOf(arn)[0];
    sample = template ? new ResourcePattern(template.replace(/\$\{([^}]*)\}/g, (_, name: string) => (name === 'Partition' ? partition : (SAMPLE_VALUES[name] ?? 'x')))) : null;
    cache.set(key, sample);
  }
  return sample ?? undefined;
}

/** A Resource pattern with a `*`, prepared once for the coverage tests of every action. */
interface Candidate {
  readonly item: ValueItem;
  readonly pattern: ResourcePattern;
  /** Its partition, or `aws` when that part is open: where its sample resources are made up. */
  readonly partition: string;
}

function candidatesOf(statement: StatementModel): Candidate[] {
  const out: Candidate[] = [];
  for (const item of statement.resource?.items ?? []) {
    if (!item.value.includes('*')) continue;
    const field = item.value.split(':', 2)[1] ?? '';
    out.push({ item, pattern: new ResourcePattern(item.value), partition: field && !isOpen(field) ? field : 'aws' });
  }
  return out;
}

/** `"Resource": "*"` or `'arn:aws:s3:::*' (every resource of the action)`. */
const onText = (star: ValueItem): string => (star.value === '*' ? '"Resource": "*"' : `'${star.value}' (every resource of the action)`);

/**
 * `cross-account-exposure`: an Allow of an action that writes a resource-based policy or ACL,
 * or shares a resource (`s3:PutBucketPolicy`, `lambda:AddPermission`, `kms:PutKeyPolicy`,
 * `ram:CreateResourceShare`, ... listed in `data/crossAccountExposure.ts`), on every resource:
 * `"*"` or a pattern that matches every resource of the action (`arn:aws:s3:::*` for
 * `s3:PutBucketPolicy`). The principal can then open any bucket, queue, key, secret ... to
 * another AWS account, or to everyone. Wildcards that cover an action count (`s3:Put*`,
 * `s3:*`), as in privilege-escalation; `Action: "*"` is left to `full-admin`/`action-star`,
 * and `NotAction`/`NotResource` to `allow-not-action`/`allow-not-resource`. One finding per
 * Action entry, naming every such action it covers. Silent in resource policies (there `"*"`
 * is the resource the policy is attached to, as in the default KMS key policy), when an
 * unconditional Deny on `"*"` covers the action, and when a condition the table names for the
 * action restricts whom the written policy may name (`lambda:Principal`, RAM's
 * external-principal keys) or names the resources (`secretsmanager:SecretId`).
 */
export const crossAccountExposure: Rule = {
  code: 'cross-account-exposure',
  defaultSeverity: 'warning',
  description: 'Allow of an action that writes a resource policy or ACL, or shares a resource (s3:PutBucketPolicy, lambda:AddPermission, kms:PutKeyPolicy, ...), on every resource lets the principal open any of them to other AWS accounts.',
  example: {
    bad: '{ "Effect": "Allow", "Action": ["s3:PutBucketPolicy", "sqs:SetQueueAttributes"], "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::my-app-bucket" }',
  },
  check({ policy, catalog }, report) {
    if (!grantsPermissions(policy) || policy.policyType === 'resource') return;
    const owner = new Map<ValueItem, StatementModel>();
    const denyItems: ValueItem[] = [];
    for (const statement of policy.statements) {
      const effect = effectOf(statement);
      if (effect === 'Allow' && !statement.notResource) {
        for (const item of statement.action?.items ?? []) if (!EVERY_ACTION.test(item.value) && !WHOLE_SERVICE.test(item.value)) owner.set(item, statement);
      } else if (effect === 'Deny' && !statement.condition && starResource(statement)) denyItems.push(...(statement.action?.items ?? []));
    }
    if (owner.size === 0) return;
    const allowIndex = new ActionPatternIndex(owner.keys());
    const denyIndex = new ActionPatternIndex(denyItems);
    // A pattern that matches every resource of an action matches each one: one made-up resource
    // per action rejects most patterns cheaply, so a statement of 50,000 ARNs is not compared
    // in full 40 times over (the full comparison decides for the few left).
    const candidates = new Map<StatementModel, Candidate[]>();
    const everyResource = (statement: StatementModel, action: string): ValueItem | undefined => {
      const star = statement.resource?.items.find((r) => /^\*+$/.test(r.value));
      if (star) return star;
      let list = candidates.get(statement);
      if (!list) candidates.set(statement, (list = candidatesOf(statement)));
      let partition = '';
      let sample: ResourcePattern | undefined;
      return list.find((c) => {
        if (c.partition !== partition) sample = sampleResource(catalog, action, (partition = c.partition));
        return sample !== undefined && c.pattern.covers(sample) && coversEveryResource(catalog, action, c.item.value);
      })?.item;
    };
    const found = new Map<ValueItem, { star: ValueItem; actions: ExposureAction[] }>();
    for (const exposure of exposureActions) {
      const items = allowIndex.covering(exposure.action);
      if (items.length === 0 || denyIndex.covering(exposure.action).length > 0) continue;
      for (const item of items) {
        const statement = owner.get(item)!;
        if (exposure.limitedBy && limitedByCondition(statement, exposure.limitedBy)) continue;
        const star = everyResource(statement, exposure.action);
        if (!star) continue;
        const entry = found.get(item);
        if (entry) entry.actions.push(exposure);
        else found.set(item, { star, actions: [exposure] });
      }
    }
    // In the order of the document, not of the table.
    const ordered = [...found].sort(([a], [b]) => a.node.offset - b.node.offset);
    for (const [item, { star, actions }] of ordered) {
      const [first] = actions;
      const message =
        actions.length === 1
          ? `'${item.value}' on ${onText(star)} lets the principal ${first.does}; name the resources.`
          : `'${item.value}' on ${onText(star)} allows ${actions.length} actions that open resources to other accounts (${actions.map((a) => a.action).join(', ')}): with ${first.action} the principal can ${first.does}; name the resources.`;
      const related = star.value === '*' ? '"Resource": "*"' : `'${star.value}' matches every resource of the action`;
      report(item.node, message, undefined, { related: [{ target: star.node, message: related }] });
    }
  },
};
