import type { Node } from 'jsonc-parser';
import { escalationPaths, type EscalationPath, passRoleAction } from '../data/privilegeEscalation';
import type { StatementModel, ValueItem } from '../policy';
import { conditionEntries } from '../semantics/conditionItems';
import { ActionPatternIndex, effectOf, starResource } from '../semantics/actionPatterns';
import type { Rule } from './rule';
import { grantsPermissions } from '../semantics/policyKinds';

/**
 * Services a role is passed to on each path, beyond the path's own service prefixes: Auto
 * Scaling and Data Pipeline launch EC2/EMR instances, CodeStar deploys through CloudFormation.
 */
const PASSED_TO_EXTRA: Readonly<Record<string, readonly string[]>> = {
  autoscaling: ['ec2'],
  datapipeline: ['elasticmapreduce', 'ec2'],
  codestar: ['cloudformation'],
};

/**
 * The values a statement requires for a condition key (lowercase) under the operators `skip`
 * does not name (negated operators never restrict to a list), or undefined.
 */
function positiveConditionValues(statement: StatementModel, wanted: string, skip = /Not|Null|IfExists/i): string[] | undefined {
  const entries = conditionEntries(statement).filter((e) => e.key.toLowerCase() === wanted && !skip.test(e.operator));
  if (entries.length === 0) return undefined;
  return entries.flatMap(({ valueNode: v }) =>
    (v?.type === 'array' ? (v.children ?? []) : v ? [v] : []).map((n) => (n.type === 'string' ? String(n.value) : '*')),
  );
}

/**
 * A statement that pins the policy or boundary an IAM action may use to named ARNs (AWS's
 * documented delegation pattern: `iam:PermissionsBoundary` or `iam:PolicyARN` equal to a
 * fixed policy) cannot be used to attach an arbitrary policy.
 */
function pinsPolicies(statement: StatementModel): boolean {
  return ['iam:permissionsboundary', 'iam:policyarn'].some((key) => {
    const values = positiveConditionValues(statement, key);
    return values !== undefined && values.length > 0 && values.every((v) => !/[*?]|\$\{/.test(v));
  });
}

const NAMED_ROLE = /^arn:[^:]+:iam::[^:]*:role\/[^*?$]+$/;

/** A PassRole statement whose resources name individual roles passes only those roles, on purpose. */
function passesNamedRolesOnly(statement: StatementModel): boolean {
  const items = statement.resource?.items ?? [];
  return !statement.notResource && items.length > 0 && items.every((i) => NAMED_ROLE.test(i.value));
}

/**
 * Actions whose path takes over *another* IAM user's credentials. On the caller's own user
 * (`user/${aws:username}`, AWS's documented self-service credential policy) they grant
 * nothing the caller does not already have.
 */
const OTHER_USERS_CREDENTIALS = new Set(['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile']);
const OWN_USER = /^arn:[^:]+:iam::[^:]*:user\/(?:[^*?$]*\/)?\$\{aws:username\}$/i;

/** A statement whose resources are only the caller's own IAM user. */
function onlyOwnUser(statement: StatementModel): boolean {
  const items = statement.resource?.items ?? [];
  return !statement.notResource && items.length > 0 && items.every((i) => OWN_USER.test(i.value));
}

/** Whether a PassRole statement's `iam:PassedToService` (if any) lets the role reach the path's services. */
function passReaches(statement: StatementModel, path: EscalationPath): boolean {
  if (passesNamedRolesOnly(statement)) return false;
  const allowed = positiveConditionValues(statement, 'iam:passedtoservice', /Not|Null/i);
  if (!allowed) return true;
  const services = path.actions.filter((a) => a !== passRoleAction).map((a) => a.split(':')[0]);
  const hints = services.flatMap((svc) => [svc, ...(PASSED_TO_EXTRA[svc] ?? [])]);
  return allowed.some((v) => /[*?]/.test(v) || hints.some((h) => v.toLowerCase().includes(h)));
}

/** Finds the Allow entry that grants an action on a path, unless an unconditional Deny on `*` takes it away. */
function granter(allows: readonly StatementModel[], denies: readonly StatementModel[]) {
  const owner = new Map<ValueItem, StatementModel>();
  for (const s of allows) for (const i of s.action?.items ?? []) if (i.value !== '*') owner.set(i, s);
  const allowIndex = new ActionPatternIndex(owner.keys());
  const denyIndex = new ActionPatternIndex(denies.filter((d) => !d.condition && starResource(d)).flatMap((d) => d.action?.items ?? []));
  // Many paths share actions (iam:PassRole above all): match each action against the patterns once.
  const covering = new Map<string, readonly ValueItem[]>();
  const coveringAllows = (action: string): readonly ValueItem[] => {
    let items = covering.get(action);
    if (!items) {
      items = denyIndex.covering(action).length > 0 ? [] : allowIndex.covering(action);
      covering.set(action, items);
    }
    return items;
  };
  // Per statement, what its conditions and resources say (many paths ask about the same statement).
  const pins = new Map<StatementModel, boolean>();
  const ownUser = new Map<StatementModel, boolean>();
  const memo = <T>(map: Map<StatementModel, T>, statement: StatementModel, compute: (s: StatementModel) => T): T => {
    let value = map.get(statement);
    if (value === undefined && !map.has(statement)) map.set(statement, (value = compute(statement)));
    return value as T;
  };
  return (action: string, path: EscalationPath): ValueItem | undefined =>
    coveringAllows(action).find((i) => {
      const statement = owner.get(i)!;
      if (action === passRoleAction) return passReaches(statement, path);
      if (OTHER_USERS_CREDENTIALS.has(action) && memo(ownUser, statement, onlyOwnUser)) return false;
      return !(/^iam:/i.test(action) && memo(pins, statement, pinsPolicies));
    });
}

/**
 * `privilege-escalation`: the policy allows every action of a known escalation path (single
 * actions such as `iam:CreatePolicyVersion`, or combinations such as `iam:PassRole` +
 * `lambda:CreateFunction` + `lambda:InvokeFunction`), across all its Allow statements.
 * Wildcards that cover an action count. Paths are data with sources in
 * `data/privilegeEscalation.ts`. One finding per anchoring entry (the first non-PassRole
 * action of each path), linked to every contributing entry. `Action: "*"` is left to
 * `full-admin`/`action-star`, and an unconditional Deny on `*` removes a path, as does an
 * `iam:PassedToService` condition on the PassRole statement that names none of the path's services,
 * a PassRole limited to named roles, IAM actions pinned to fixed policies by an
 * `iam:PermissionsBoundary` / `iam:PolicyARN` condition, and access keys or console passwords
 * limited to the caller's own user (`user/${aws:username}`).
 */
export const privilegeEscalation: Rule = {
  code: 'privilege-escalation',
  defaultSeverity: 'warning',
  description: 'The policy allows actions that together let a principal raise its own privileges.',
  example: {
    bad: '{ "Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*" }',
    good: '{ "Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "arn:aws:lambda:us-east-1:111122223333:function:my-function" }',
  },
  check({ policy }, report) {
    if (!grantsPermissions(policy)) return;
    const allows = policy.statements.filter((s) => effectOf(s) === 'Allow');
    const denies = policy.statements.filter((s) => effectOf(s) === 'Deny');
    const grantingItem = granter(allows, denies);
    const byAnchor = new Map<Node, { paths: EscalationPath[]; items: Map<Node, string[]> }>();
    for (const path of escalationPaths) {
      // Stops at the first action not granted (most paths, in most policies).
      const granted: { action: string; item: ValueItem | undefined }[] = [];
      for (const action of path.actions) {
        const item = grantingItem(action, path);
        if (!item) break;
        granted.push({ action, item });
      }
      if (granted.length < path.actions.length) continue;
      const anchor = (granted.find((g) => g.action !== passRoleAction) ?? granted[0]).item!;
      const entry = byAnchor.get(anchor.node) ?? { paths: [], items: new Map<Node, string[]>() };
      entry.paths.push(path);
      for (const g of granted) {
        const list = entry.items.get(g.item!.node) ?? [];
        if (!list.includes(g.action)) list.push(g.action);
        entry.items.set(g.item!.node, list);
      }
      byAnchor.set(anchor.node, entry);
    }
    for (const [anchor, { paths, items }] of byAnchor) {
      const names = paths.map((p) => p.actions.join(' + '));
      const message =
        paths.length === 1
          ? `Allows privilege escalation with ${names[0]}: ${paths[0].description}`
          : `Allows ${paths.length} privilege-escalation paths: ${names.join('; ')}.`;
      const related = [...items].filter(([node]) => node !== anchor).map(([node, actions]) => ({ target: node, message: `grants ${actions.join(', ')}` }));
      report(anchor, message, undefined, { related });
    }
  },
};
