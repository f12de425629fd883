// Catalogue actions as small numbers, so that sorting a policy's actions into classes works on
// typed arrays instead of maps keyed by objects. Numbers are given per catalogue, once, and the
// numbers of an array the catalogue returns for a pattern (it caches them) are kept with it.
import type { ActionInfo, Catalog } from '../catalog/types';

interface Numbering {
  readonly ids: Map<ActionInfo, number>;
  readonly actions: ActionInfo[];
  readonly arrays: WeakMap<readonly ActionInfo[], Int32Array>;
}

const numberings = new WeakMap<Catalog, Numbering>();

export class ActionIds {
  private readonly numbering: Numbering;
  /** Marks per action number: the last pass that saw it (for de-duplication without a Set). */
  private marks = new Int32Array(0);
  private pass = 0;

  constructor(private readonly catalog: Catalog) {
    let numbering = numberings.get(catalog);
    if (!numbering) numberings.set(catalog, (numbering = { ids: new Map(), actions: [], arrays: new WeakMap() }));
    this.numbering = numbering;
  }

  /** How many actions have numbers. */
  get count(): number {
    return this.numbering.actions.length;
  }

  action(id: number): ActionInfo {
    return this.numbering.actions[id];
  }

  /** The numbers of an array of actions (cached for the arrays the catalogue keeps). */
  of(list: readonly ActionInfo[]): Int32Array {
    const { ids, actions, arrays } = this.numbering;
    let numbers = arrays.get(list);
    if (!numbers) {
      numbers = new Int32Array(list.length);
      list.forEach((a, i) => {
        let id = ids.get(a);
        if (id === undefined) {
          ids.set(a, (id = actions.length));
          actions.push(a);
        }
        numbers![i] = id;
      });
      arrays.set(list, numbers);
    }
    return numbers;
  }

  /** The distinct numbers of several arrays; with `exclude`, every action of the catalogue but those. */
  union(lists: readonly (readonly ActionInfo[])[], exclude: boolean): Int32Array {
    if (!exclude && lists.length === 1) return this.of(lists[0]);
    const all = exclude ? this.of(this.catalog.matchActions('*')) : undefined;
    const numbered = lists.map((l) => this.of(l));
    if (this.marks.length < this.count) {
      const grown = new Int32Array(Math.max(this.count, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    const pass = ++this.pass;
    const marks = this.marks;
    const out: number[] = [];
    for (const numbers of numbered) {
      for (const id of numbers) {
        if (marks[id] === pass) continue;
        marks[id] = pass;
        if (!exclude) out.push(id);
      }
    }
    if (all) for (const id of all) if (marks[id] !== pass) out.push(id);
    return Int32Array.from(out);
  }
}
