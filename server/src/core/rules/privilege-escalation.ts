import type { Node } from 'jsonc-parser';
import { escalationPaths, type EscalationPath } from '../data/privilegeEscalation';
import type { StatementModel, ValueItem } from '../policy';
import { ActionPatternIndex, effectOf, globCovers, starResource } from './glob';
import type { Rule } from './rule';

/** Finds the Allow entry that grants an action, unless an unconditional Deny on `*` takes it away. */
function granter(allows: readonly StatementModel[], denies: readonly StatementModel[]): (action: string) => ValueItem | undefined {
  const allowIndex = new ActionPatternIndex(allows.flatMap((s) => (s.action?.items ?? []).filter((i) => i.value !== '*')));
  const denyIndex = new ActionPatternIndex(denies.filter((d) => !d.condition && starResource(d)).flatMap((d) => d.action?.items ?? []));
  return (action) => {
    if (denyIndex.candidates(action).some((i) => globCovers(i.value, action))) return undefined;
    return allowIndex.candidates(action).find((i) => globCovers(i.value, action));
  };
}

/**
 * `privilege-escalation`: the policy allows every action of a known escalation path (single
 * actions such as `iam:CreatePolicyVersion`, or combinations such as `iam:PassRole` +
 * `lambda:CreateFunction` + `lambda:InvokeFunction`), across all its Allow statements.
 * Wildcards that cover an action count. Paths are data with sources in
 * `data/privilegeEscalation.ts`. One finding per anchoring entry (the first non-PassRole
 * action of each path), linked to every contributing entry. `Action: "*"` is left to
 * `full-admin`/`action-star`, and an unconditional Deny on `*` removes a path.
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
    const allows = policy.statements.filter((s) => effectOf(s) === 'Allow');
    const denies = policy.statements.filter((s) => effectOf(s) === 'Deny');
    const grantingItem = granter(allows, denies);
    const byAnchor = new Map<Node, { paths: EscalationPath[]; items: Map<Node, string[]> }>();
    for (const path of escalationPaths) {
      const granted = path.actions.map((a) => ({ action: a, item: grantingItem(a) }));
      if (granted.some((g) => !g.item)) continue;
      const anchor = (granted.find((g) => g.action !== 'iam:PassRole') ?? granted[0]).item!;
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
