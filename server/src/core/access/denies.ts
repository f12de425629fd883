// Denies against grants, for the access view. A Deny that holds for every request of every
// caller (no condition, everyone, listed resources) takes away each resource pattern of a grant
// it contains; any other Deny that may touch a granted resource is noted on the grant, never
// applied. What a Deny does to an Allow depends on their resources alone, so statements that
// list the same resources share the answer.
import { PatternTable } from './containment';
import type { ReadStatement } from './statements';
import type { DenyLimit, Grant } from './types';

/** What one Deny does to one Allow statement's resources. */
interface DenyEffect {
  /** Indexes of the Allow's resources the Deny covers. */
  readonly removes: readonly number[];
  /** Indexes of the resources it may touch without covering them (noted). */
  readonly touches: readonly number[];
  /** Takes the whole grant (a NotResource grant under a Deny of every resource). */
  readonly all: boolean;
}

const NOTHING: DenyEffect = { removes: [], touches: [], all: false };

/** A statement's resource patterns, numbered in the view's table. */
interface Numbered {
  readonly resources: readonly number[];
  readonly notResources: readonly number[] | undefined;
}

/** What becomes of an Allow under a set of Denies. */
interface Outcome {
  readonly gone: boolean;
  readonly removed: ReadonlySet<number>;
  /** The Denies to note: each touches a resource that is still granted. */
  readonly noted: readonly number[];
}

function denyLimit(deny: ReadStatement): DenyLimit {
  return {
    statement: deny.ref,
    resources: deny.resources,
    ...(deny.notResources ? { notResources: deny.notResources } : {}),
    ...(deny.condition ? { condition: deny.condition } : {}),
    ...(!deny.everyone && deny.principals ? { principals: deny.principals } : {}),
    ...(deny.notPrincipals ? { notPrincipals: deny.notPrincipals } : {}),
  };
}

/** Reads one Deny against one Allow statement's resources. */
function denyEffect(allow: Numbered, deny: Numbered, subtracts: boolean, table: PatternTable, everything: number): DenyEffect {
  if (allow.notResources) {
    // "Every resource but X": only a Deny of every resource takes it all; any other Deny may touch it.
    if (subtracts && deny.resources.some((d) => table.covers(d, everything))) return { removes: [], touches: [], all: true };
    return { removes: [], touches: [0], all: false };
  }
  const removes: number[] = [];
  const touches: number[] = [];
  allow.resources.forEach((r, i) => {
    if (deny.notResources) {
      // Denies everything but its NotResource: no effect on a resource inside one of them.
      if (!deny.notResources.some((x) => table.covers(x, r))) touches.push(i);
      return;
    }
    if (subtracts && deny.resources.some((d) => table.covers(d, r))) removes.push(i);
    else if (deny.resources.some((d) => table.overlaps(d, r))) touches.push(i);
  });
  return removes.length === 0 && touches.length === 0 ? NOTHING : { removes, touches, all: false };
}

/** The Denies of one policy applied to the grants of its Allows (indexes into both lists). */
export class DenyApplier {
  private readonly table = new PatternTable();
  private readonly everything = this.table.id('*', false);
  private readonly limits: readonly DenyLimit[];
  private readonly subtracts: readonly boolean[];
  private readonly allowNumbers: readonly Numbered[];
  private readonly denyNumbers: readonly Numbered[];
  private readonly allowShapes: readonly number[];
  private readonly denyShapes: readonly number[];
  /** Effects by allow shape, then deny shape, as an index into `effectList` plus one (0: not yet read). */
  private readonly effectRows: (Int32Array | undefined)[] = [];
  private readonly effectList: DenyEffect[] = [];
  private readonly denyShapeCount: number;
  /** By the list of Denies ("d1,d2,..."): outcomes by Allow shape, grants by Allow. */
  private readonly under = new Map<string, { outcomes: Map<number, Outcome>; grants: Map<number, Grant | null> }>();

  constructor(
    allows: readonly ReadStatement[],
    denies: readonly ReadStatement[],
    private readonly baseGrants: readonly Grant[],
    variables: boolean,
  ) {
    this.limits = denies.map(denyLimit);
    this.subtracts = denies.map((d) => !d.condition && d.everyone && !d.notResources && !d.partial);
    const numbered = (s: ReadStatement): Numbered => ({
      resources: s.resources.map((r) => this.table.id(r, variables)),
      notResources: s.notResources?.map((r) => this.table.id(r, variables)),
    });
    this.allowNumbers = allows.map(numbered);
    this.denyNumbers = denies.map(numbered);
    const shapesOf = (list: readonly Numbered[], kind: (i: number) => string) => {
      const shapes = new Map<string, number>();
      const ids = list.map((n, i) => {
        const key = `${kind(i)}${n.notResources ? `!${n.notResources.join(',')}` : n.resources.join(',')}`;
        let id = shapes.get(key);
        if (id === undefined) shapes.set(key, (id = shapes.size));
        return id;
      });
      return { ids, count: shapes.size };
    };
    this.allowShapes = shapesOf(this.allowNumbers, () => '').ids;
    const denyShapes = shapesOf(this.denyNumbers, (i) => (this.subtracts[i] ? 'D' : 'd'));
    this.denyShapes = denyShapes.ids;
    this.denyShapeCount = denyShapes.count;
  }

  /** The grants of the Allows under the Denies, in order; an Allow the Denies take wholly is left out. */
  grantsUnder(allowList: readonly number[], denyList: readonly number[]): Grant[] {
    const key = denyList.join(',');
    let cache = this.under.get(key);
    if (!cache) this.under.set(key, (cache = { outcomes: new Map(), grants: new Map() }));
    const out: Grant[] = [];
    for (const allow of allowList) {
      let grant = cache.grants.get(allow);
      if (grant === undefined) cache.grants.set(allow, (grant = this.grantUnder(allow, denyList, cache.outcomes)));
      if (grant) out.push(grant);
    }
    return out;
  }

  private effectOf(allow: number, deny: number): DenyEffect {
    // A row per Allow shape that meets a Deny at all: most meet none.
    const row = (this.effectRows[this.allowShapes[allow]] ??= new Int32Array(this.denyShapeCount));
    const known = row[this.denyShapes[deny]];
    if (known > 0) return this.effectList[known - 1];
    const effect = denyEffect(this.allowNumbers[allow], this.denyNumbers[deny], this.subtracts[deny], this.table, this.everything);
    this.effectList.push(effect);
    row[this.denyShapes[deny]] = this.effectList.length;
    return effect;
  }

  private grantUnder(allow: number, denyList: readonly number[], outcomes: Map<number, Outcome>): Grant | null {
    const base = this.baseGrants[allow];
    let outcome = outcomes.get(this.allowShapes[allow]);
    if (!outcome) {
      const removed = new Set<number>();
      let touching: [number, DenyEffect][] | undefined;
      let gone = false;
      for (const d of denyList) {
        const effect = this.effectOf(allow, d);
        if (effect === NOTHING) continue;
        if (effect.all) gone = true;
        for (const i of effect.removes) removed.add(i);
        if (effect.touches.length > 0) (touching ??= []).push([d, effect]);
      }
      gone ||= removed.size > 0 && removed.size === base.resources.length;
      const noted = touching?.filter(([, e]) => e.touches.some((i) => !removed.has(i))).map(([d]) => d) ?? [];
      outcomes.set(this.allowShapes[allow], (outcome = { gone, removed, noted }));
    }
    const { gone, removed, noted } = outcome;
    if (gone) return null;
    if (removed.size === 0 && noted.length === 0) return base;
    return {
      ...base,
      resources: base.resources.filter((_, i) => !removed.has(i)),
      ...(removed.size > 0 ? { deniedResources: base.resources.filter((_, i) => removed.has(i)) } : {}),
      ...(noted.length > 0 ? { limitedBy: noted.map((d) => this.limits[d]) } : {}),
    };
  }
}
