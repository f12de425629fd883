// The access diff: what one version of a policy grants that the other does not, as (action,
// resource, condition[, principal]) entries. An entry of the newer policy is "not new" only when
// one grant of the older policy is shown to cover it on every count: the same action, a resource
// pattern that contains its resource, the principal, a condition that is implied by its own (the
// older's tests are a subset), and every Deny that limited the older grant still limiting at
// least as much. Anything else, a changed condition included, is reported as added.
import type { AccessLevel } from '../catalog/types';
import { resourceCovers, resourcesOverlap } from './containment';
import type { AccessCondition, AccessDiff, AccessEntry, ConditionTest, DenyLimit, EffectiveAccess, Grant } from './types';

interface Granted {
  readonly action: string;
  readonly accessLevel?: AccessLevel;
  readonly grants: readonly Grant[];
}

/** The grants of a view by action (lower case; `pattern:` before an unmatched Action pattern). */
function grantsByAction(access: EffectiveAccess): Map<string, Granted> {
  const map = new Map<string, Granted>();
  // Actions named by the same statements share one array of grants: kept shared.
  for (const s of access.services) for (const l of s.levels) for (const a of l.actions) map.set(a.action.toLowerCase(), { action: a.action, accessLevel: a.accessLevel, grants: a.grants });
  for (const u of access.unmatched) {
    const key = `pattern:${u.pattern.toLowerCase()}`;
    const found = map.get(key);
    map.set(key, { action: found?.action ?? u.pattern, grants: [...(found?.grants ?? []), u.grant] });
  }
  return map;
}

/** One (resource, principal) of a grant. */
interface Part {
  readonly resource: string;
  readonly exceptResources?: readonly string[];
  readonly principal?: string;
  readonly exceptPrincipals?: readonly string[];
}

function partsOf(grant: Grant): Part[] {
  const resources: Pick<Part, 'resource' | 'exceptResources'>[] = grant.notResources ? [{ resource: '*', exceptResources: grant.notResources }] : grant.resources.map((resource) => ({ resource }));
  const principals: Pick<Part, 'principal' | 'exceptPrincipals'>[] = grant.notPrincipals
    ? [{ principal: '*', exceptPrincipals: grant.notPrincipals }]
    : grant.principals
      ? grant.principals.map((principal) => ({ principal }))
      : [{}];
  return resources.flatMap((r) => principals.map((p) => ({ ...r, ...p })));
}

/** Whether the part's resources are all within the older grant's. */
function resourceWithin(part: Part, variables: boolean, older: Grant): boolean {
  if (part.exceptResources) {
    // "All but X" within "all but Y" when every Y is inside some X; within a pattern covering everything.
    if (older.notResources) return older.notResources.every((y) => part.exceptResources!.some((x) => resourceCovers(x, y, variables, older.variables)));
    return older.resources.some((r) => resourceCovers(r, '*', older.variables, false));
  }
  if (older.notResources) return older.notResources.every((y) => !resourcesOverlap(y, part.resource, older.variables, variables));
  return older.resources.some((r) => resourceCovers(r, part.resource, older.variables, variables));
}

/** Whether the part's principal is among the older grant's (by name; `*` covers everyone). */
function principalWithin(part: Part, older: Grant): boolean {
  if (part.principal === undefined) return true;
  if (older.notPrincipals) {
    if (part.principal === '*') return !!part.exceptPrincipals && older.notPrincipals.every((p) => part.exceptPrincipals!.includes(p));
    return false;
  }
  return !!older.principals && (older.principals.includes('*') || (!part.exceptPrincipals && older.principals.includes(part.principal)));
}

const testKey = (t: ConditionTest) => `${t.operator}\u0000${t.key.toLowerCase()}\u0000${[...t.values].sort().join('\u0001')}`;

/**
 * Whether condition `strong` implies `weak` (undefined: none, always holds): both readable and
 * every test of `weak` also in `strong`. Values with `${...}` mean the same only under the same Version.
 */
function implies(strong: AccessCondition | undefined, weak: AccessCondition | undefined, sameVersion: boolean): boolean {
  if (!weak) return true;
  if (!strong || !strong.readable || !weak.readable) return false;
  if (!sameVersion && weak.tests.some((t) => t.values.some((v) => v.includes('${')))) return false;
  const have = new Set(strong.tests.map(testKey));
  return weak.tests.every((t) => have.has(testKey(t)));
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).length === (b ?? []).length && (a ?? []).every((x) => (b ?? []).includes(x));

/** Whether Deny `newer` denies at least what `older` did: as many resources and principals, a condition implied by the older's. */
function atLeast(newer: DenyLimit, older: DenyLimit, newerVariables: boolean, olderVariables: boolean): boolean {
  if (!sameList(newer.notResources, older.notResources) || !sameList(newer.notPrincipals, older.notPrincipals)) return false;
  if (!older.resources.every((r) => newer.resources.some((n) => resourceCovers(n, r, newerVariables, olderVariables)))) return false;
  // Principals undefined: the Deny applies to everyone.
  if (newer.principals && (!older.principals || !older.principals.every((p) => newer.principals!.includes(p)))) return false;
  return implies(older.condition, newer.condition, newerVariables === olderVariables);
}

/** Whether the older grant covers the part of the newer on every count. */
function covers(older: Grant, part: Part, grant: Grant): boolean {
  return (
    resourceWithin(part, grant.variables, older) &&
    principalWithin(part, older) &&
    implies(grant.condition, older.condition, older.variables === grant.variables) &&
    keepsDenies(older, part, grant)
  );
}

/** Whether a Deny noted on a grant may reach the part's resource at all. */
const reaches = (limit: DenyLimit, part: Part, variables: boolean, partVariables: boolean) =>
  !!limit.notResources || !!part.exceptResources || limit.resources.some((d) => resourcesOverlap(d, part.resource, variables, partVariables));

/** Whether every Deny that limited the older grant where the part lies limits the newer at least as much. */
function keepsDenies(older: Grant, part: Part, grant: Grant): boolean {
  return (older.limitedBy ?? []).every(
    (l) => !reaches(l, part, older.variables, grant.variables) || (grant.limitedBy ?? []).some((n) => atLeast(n, l, grant.variables, older.variables)),
  );
}

/** Why `part` of `grant` is not covered by any of `others`, or undefined when one covers it. */
function uncovered(part: Part, grant: Grant, others: readonly Grant[] | undefined, words: Words): string | undefined {
  if (!others || others.length === 0) return words.action;
  if (others.some((o) => covers(o, part, grant))) return undefined;
  const byResource = others.filter((o) => resourceWithin(part, grant.variables, o));
  if (byResource.length === 0) return words.resource;
  const byPrincipal = byResource.filter((o) => principalWithin(part, o));
  if (byPrincipal.length === 0) return words.principal;
  const byCondition = byPrincipal.filter((o) => implies(grant.condition, o.condition, o.variables === grant.variables));
  if (byCondition.length === 0) return grant.condition ? words.conditionChanged : words.conditionRemoved;
  return words.deny;
}

/**
 * A grant's content as text: grants with equal signatures grant the same (most of a policy is
 * unchanged between two versions, and is matched by this before any containment test).
 */
const signatures = new WeakMap<Grant, string>();
function signature(grant: Grant): string {
  let text = signatures.get(grant);
  if (text === undefined) {
    const { statement: _, ...content } = grant;
    text = JSON.stringify(content);
    signatures.set(grant, text);
  }
  return text;
}

interface Words {
  readonly action: string;
  readonly resource: string;
  readonly principal: string;
  readonly conditionChanged: string;
  readonly conditionRemoved: string;
  readonly deny: string;
}

const ADDED: Words = {
  action: 'action not granted before',
  resource: 'resource not granted before',
  principal: 'principal not granted before',
  conditionChanged: 'condition changed',
  conditionRemoved: 'condition removed',
  deny: 'a Deny that limited it is gone or narrower',
};

const REMOVED: Words = {
  action: 'action no longer granted',
  resource: 'resource no longer granted',
  principal: 'principal no longer granted',
  conditionChanged: 'condition changed',
  conditionRemoved: 'condition added',
  deny: 'a Deny now limits it',
};

/** The entries of `from` that `to` does not cover. */
function missing(from: Map<string, Granted>, to: Map<string, Granted>, words: Words): AccessEntry[] {
  const out: AccessEntry[] = [];
  const signed = new Map<readonly Grant[], Set<string>>();
  for (const [key, { action, accessLevel, grants }] of from) {
    const others = to.get(key)?.grants;
    let same: Set<string> | undefined;
    if (others) {
      same = signed.get(others);
      if (!same) signed.set(others, (same = new Set(others.map(signature))));
    }
    for (const grant of grants) {
      if (same?.has(signature(grant))) continue;
      for (const part of partsOf(grant)) {
        const reason = uncovered(part, grant, others, words);
        if (reason === undefined) continue;
        out.push({
          action,
          ...(accessLevel ? { accessLevel } : {}),
          ...part,
          ...(grant.condition ? { condition: grant.condition.text } : {}),
          statement: grant.statement,
          reason,
        });
      }
    }
  }
  const order = (e: AccessEntry) => `${e.action.toLowerCase()}\u0000${e.resource}\u0000${e.principal ?? ''}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * Access `after` grants that `before` does not (`added`: an offline check-no-new-access fails
 * when it is not empty), and access `before` granted that `after` does not (`removed`).
 */
export function diffAccess(before: EffectiveAccess, after: EffectiveAccess): AccessDiff {
  const older = grantsByAction(before);
  const newer = grantsByAction(after);
  return { added: missing(newer, older, ADDED), removed: missing(older, newer, REMOVED) };
}
