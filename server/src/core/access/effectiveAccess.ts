// What a policy grants: every catalogue action its Allow statements match, with the resources,
// condition and principals of each grant, after the Denies (denies.ts): the view errs on the
// side of showing access. docs/access.md states the semantics.
//
// Speed (a 1 MB policy with `NotAction` names every action of the catalogue): actions are
// matched once per statement (the catalogue caches each pattern), then sorted into classes of
// actions named by the same statements, one statement at a time (partition refinement). The
// grants are computed once per class, so the work grows with the statements and the classes,
// not with statements x actions.
import { ACCESS_LEVELS, type AccessLevel, type Catalog } from '../catalog/types';
import { ActionIds } from './actionIds';
import type { PolicyDocument } from '../policy';
import { DenyApplier } from './denies';
import { readStatement, type ReadStatement } from './statements';
import type { AccessNote, ActionAccess, EffectiveAccess, Grant, ServiceAccess, UnmatchedGrant } from './types';

/** A class of actions: those of its parent class that the statement also names. */
interface ActionClass {
  readonly parent: number;
  /** An Allow's index, or a Deny's as `~index` (negative). */
  readonly statement: number;
}

/**
 * The classes of actions named by the same statements: `classOf` gives each action's class (by
 * action number, 0 for none), `classes` each class's parent and last statement, `named` the
 * numbers of the actions some Allow names, in the order first named.
 */
function classify(allows: readonly ReadStatement[], denies: readonly ReadStatement[], ids: ActionIds) {
  const lists = [...allows, ...denies].map((s) => ids.union(s.actionLists, s.notAction));
  const classOf = new Int32Array(ids.count);
  const named: number[] = [];
  const classes: ActionClass[] = [{ parent: -1, statement: 0 }];
  // Within one statement, the actions of one class all move to the same new class: `movedTo`
  // holds it, valid while `movedIn` says this statement.
  let movedTo = new Int32Array(64);
  let movedIn = new Int32Array(64).fill(-1);
  lists.forEach((list, n) => {
    const allow = n < allows.length;
    const statement = allow ? n : ~(n - allows.length);
    for (const k of list) {
      const from = classOf[k];
      if (from === 0) {
        // A Deny matters only for actions some Allow names.
        if (!allow) continue;
        named.push(k);
      }
      if (from >= movedIn.length) {
        const size = Math.max(classes.length, movedIn.length * 2);
        const to = new Int32Array(size);
        to.set(movedTo);
        movedTo = to;
        const seen = new Int32Array(size).fill(-1);
        seen.set(movedIn);
        movedIn = seen;
      }
      if (movedIn[from] !== n) {
        movedIn[from] = n;
        movedTo[from] = classes.length;
        classes.push({ parent: from, statement });
      }
      classOf[k] = movedTo[from];
    }
  });
  return { named, classOf, classes };
}

/** The Allows and Denies that name the actions of a class, in statement order. */
function statementsOf(classes: readonly ActionClass[], id: number): { allows: number[]; denies: number[] } {
  const allows: number[] = [];
  const denies: number[] = [];
  for (let c = id; c > 0; c = classes[c].parent) {
    const s = classes[c].statement;
    if (s >= 0) allows.push(s);
    else denies.push(~s);
  }
  return { allows: allows.reverse(), denies: denies.reverse() };
}

/** Computes what a policy grants; see the module comment. Never throws on a policy it can parse. */
export function effectiveAccess(policy: PolicyDocument, catalog: Catalog): EffectiveAccess {
  const notes: AccessNote[] = [];
  const variables = policy.policyVersion?.value === '2012-10-17';
  const read: ReadStatement[] = [];
  for (const statement of policy.statements) {
    const r = readStatement(statement, policy, catalog, notes);
    if (r) read.push(r);
  }
  const allows = read.filter((s) => s.ref.effect === 'Allow');
  const denies = read.filter((s) => s.ref.effect === 'Deny');
  // The grant of each Allow statement before any Deny: shared by all its actions.
  const baseGrants = allows.map(
    (s): Grant => ({
      statement: s.ref,
      resources: s.resources,
      ...(s.notResources ? { notResources: s.notResources } : {}),
      ...(s.condition ? { condition: s.condition } : {}),
      ...(s.principals ? { principals: s.principals } : {}),
      ...(s.notPrincipals ? { notPrincipals: s.notPrincipals } : {}),
      variables,
    }),
  );
  const ids = new ActionIds(catalog);
  const { named, classOf, classes } = classify(allows, denies, ids);
  const applier = new DenyApplier(allows, denies, baseGrants, variables);
  const classGrants: ({ grants: readonly Grant[]; conditional: boolean } | undefined)[] = [];
  const byService = new Map<string, Map<AccessLevel, ActionAccess[]>>();
  for (const k of named) {
    const action = ids.action(k);
    const id = classOf[k];
    let granted = classGrants[id];
    if (!granted) {
      const by = statementsOf(classes, id);
      const grants = by.denies.length === 0 ? by.allows.map((i) => baseGrants[i]) : applier.grantsUnder(by.allows, by.denies);
      classGrants[id] = granted = { grants, conditional: grants.every((g) => g.condition !== undefined) };
    }
    if (granted.grants.length === 0) continue;
    let levels = byService.get(action.service);
    if (!levels) byService.set(action.service, (levels = new Map()));
    const entry: ActionAccess = { action: action.fullName, accessLevel: action.accessLevel, grants: granted.grants, conditional: granted.conditional };
    const list = levels.get(action.accessLevel);
    if (list) list.push(entry);
    else levels.set(action.accessLevel, [entry]);
  }
  const counts = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, 0])) as Record<AccessLevel, number>;
  const services: ServiceAccess[] = [];
  for (const prefix of [...byService.keys()].sort()) {
    const levels = byService.get(prefix)!;
    const ordered = ACCESS_LEVELS.filter((l) => levels.has(l)).map((level) => {
      const list = levels.get(level)!.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
      counts[level] += list.length;
      return { level, actions: list };
    });
    services.push({ prefix, name: catalog.serviceName(prefix) ?? prefix, levels: ordered, count: ordered.reduce((n, l) => n + l.actions.length, 0) });
  }
  const actionsAt = (level: AccessLevel) => services.flatMap((s) => s.levels.filter((l) => l.level === level).flatMap((l) => l.actions.map((a) => a.action)));
  const unmatched: UnmatchedGrant[] = allows.flatMap((s, i) => s.unmatched.map((pattern) => ({ pattern, grant: baseGrants[i] })));
  for (const u of unmatched) {
    notes.push({ statement: u.grant.statement, message: `${u.pattern} matches no action of the catalogue: shown as granted as written, Denies not applied` });
  }
  return {
    policyType: policy.policyType,
    services,
    counts,
    total: services.reduce((n, s) => n + s.count, 0),
    writeActions: actionsAt('Write'),
    permissionsManagementActions: actionsAt('Permissions management'),
    unmatched,
    notes,
  };
}
