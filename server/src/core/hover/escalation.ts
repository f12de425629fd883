import type { ActionInfo } from '../catalog/types';
import { type EscalationPath, escalationPaths } from '../data/privilegeEscalation';
import { cut, md } from './format';

const MAX_PATHS = 2;
let index: Map<string, EscalationPath[]> | undefined;

/** Known escalation paths by lower-case action, built on first use. */
function pathsOf(fullName: string): readonly EscalationPath[] {
  if (!index) {
    index = new Map();
    for (const path of escalationPaths) {
      for (const action of path.actions) {
        const key = action.toLowerCase();
        index.set(key, [...(index.get(key) ?? []), path]);
      }
    }
  }
  return index.get(fullName.toLowerCase()) ?? [];
}

/** For an action hover: the privilege-escalation paths it takes part in, with their partner actions. */
export function escalationNote(action: ActionInfo): string | undefined {
  const paths = pathsOf(action.fullName);
  if (paths.length === 0) return undefined;
  const lines = paths.slice(0, MAX_PATHS).map((p) => {
    const others = p.actions.filter((a) => a.toLowerCase() !== action.fullName.toLowerCase());
    const together = others.length > 0 ? ` with ${others.map((a) => `\`${a}\``).join(' + ')}` : '';
    return `- ${together ? `${together.slice(1)}: ` : ''}${md(p.description)} ([source](${p.source}))`;
  });
  if (paths.length > MAX_PATHS) lines.push(`- … and ${paths.length - MAX_PATHS} more`);
  return [`⚠ **Privilege escalation**: known ${paths.length === 1 ? 'path' : 'paths'} using this action`, ...lines].join('\n');
}

/** For a wildcard hover: which matched actions appear in escalation paths. */
export function escalationActions(actions: readonly ActionInfo[]): string | undefined {
  const risky = actions.filter((a) => pathsOf(a.fullName).length > 0).map((a) => `\`${a.fullName}\``);
  return risky.length > 0 ? `⚠ Includes privilege-escalation actions: ${cut(risky, 6)}` : undefined;
}
