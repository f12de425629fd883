import type { ActionInfo, Catalog, ResourceTypeInfo } from '../catalog/types';
import type { StatementModel } from '../policy';
import { matchingResourceTypes, parseArn } from './arn';
import { bullets, code, compose, cut, plural } from './format';
import { statementActions } from './statementActions';

const MAX_TYPES = 6;
const MAX_ACTIONS = 8;

const names = (actions: readonly ActionInfo[]) => cut(actions.map((a) => `\`${a.fullName}\``), MAX_ACTIONS);

/** Markdown for one `Resource` / `NotResource` value: its parts, the resource types it matches, the actions that take it. */
export function resourceHover(value: string, element: 'Resource' | 'NotResource', statement: StatementModel | undefined, catalog: Catalog): string {
  const actions = statementActions(statement, catalog);
  const negated = element === 'NotResource';
  if (value === '*') return compose(catalog, starBlocks(actions, negated, statement));
  const arn = parseArn(value);
  if (!arn) {
    return compose(catalog, [
      `${code(value)} is not an ARN.`,
      'A resource is `*` or `arn:partition:service:region:account:resource`, where `*` and `?` may appear inside each part.',
    ]);
  }
  const part = (label: string, text: string) => `**${label}** ${text ? code(text) : '—'}`;
  const types = matchingResourceTypes(value, new Set(actions.map((a) => a.service)), catalog);
  const typeLines = types.map((t) => `\`${t.service}:${t.name}\` \`${t.arn}\``);
  const typesBlock = [`**Matches resource ${types.length === 1 ? 'type' : 'types'}**`, ...bullets(typeLines, MAX_TYPES)].join('\n');
  return compose(catalog, [
    `**${negated ? 'NotResource' : 'Resource'}** ${code(value)}`,
    [part('Partition', arn.partition), part('Service', arn.service), part('Region', arn.region), part('Account', arn.account), part('Resource', arn.resource)].join(' · '),
    types.length > 0
      ? typesBlock
      : `Matches no known resource type${actions.length > 0 ? ' of these actions' : ''} of ${code(arn.service)}.`,
    negated ? 'With `NotResource` the statement covers every resource **except** this one.' : acceptance(actions, types, statement, arn.service),
  ]);
}

/** Which of the statement's actions accept a resource of the matched types. */
function acceptance(
  actions: readonly ActionInfo[],
  types: readonly ResourceTypeInfo[],
  statement: StatementModel | undefined,
  arnService: string,
): string | undefined {
  if (statement?.notAction) return 'The statement uses `NotAction`: it applies to every other action on this resource.';
  if (actions.length === 0) return undefined;
  const matched = new Set(types.map((t) => `${t.service}:${t.name.toLowerCase()}`));
  const accepting: ActionInfo[] = [];
  const rejecting: ActionInfo[] = [];
  // Actions of other services never take this ARN: counted by service, not listed one by one (`ec2:*` is 800 names).
  const elsewhere = new Map<string, number>();
  const wildService = /[*?]/.test(arnService);
  for (const a of actions) {
    const takes = a.resourceTypes.some((rt) => matched.has(`${a.service}:${rt.name.toLowerCase()}`));
    if (takes) accepting.push(a);
    else if (!wildService && a.service !== arnService.toLowerCase()) elsewhere.set(a.service, (elsewhere.get(a.service) ?? 0) + 1);
    else rejecting.push(a);
  }
  const lines: string[] = [];
  if (accepting.length > 0) lines.push(`✓ **Accepted by** ${plural(accepting.length, 'action')}: ${names(accepting)}`);
  if (rejecting.length > 0) {
    const why = rejecting.length === 1 ? rejectionReason(rejecting[0]) : '';
    lines.push(`✗ **Not accepted by** ${plural(rejecting.length, 'action')}: ${names(rejecting)}${why}`);
  }
  if (elsewhere.size > 0) {
    const total = [...elsewhere.values()].reduce((sum, n) => sum + n, 0);
    const counts = [...elsewhere].map(([service, n]) => `\`${service}\` (${n})`);
    lines.push(`Does not apply to the ${plural(total, 'action')} of other services: ${cut(counts, MAX_TYPES)}`);
  }
  return lines.join('\n\n');
}

function rejectionReason(action: ActionInfo): string {
  if (action.resourceTypes.length === 0) return ' (it takes only `"Resource": "*"`)';
  return ` (it takes ${action.resourceTypes.map((rt) => `\`${rt.name}\``).join(', ')})`;
}

/** What `*` means for the statement's actions. */
function starBlocks(actions: readonly ActionInfo[], negated: boolean, statement: StatementModel | undefined): string[] {
  if (negated) return ['`"NotResource": "*"` excludes every resource, so this statement never applies.'];
  const blocks = ['**Resource** `*` · every resource, in every account and Region the actions reach.'];
  if (statement?.notAction) blocks.push('With `NotAction`, that is every resource for every action not listed.');
  else if (actions.length > 0) {
    const scoped = actions.filter((a) => a.resourceTypes.length > 0);
    const global = actions.filter((a) => a.resourceTypes.length === 0);
    if (scoped.length > 0) {
      blocks.push(`${plural(scoped.length, 'action')} could be limited to specific ARNs: ${names(scoped)}`);
    }
    if (global.length > 0) {
      blocks.push(`${plural(global.length, 'action')} ${global.length === 1 ? 'supports' : 'support'} no resource-level permissions and ${global.length === 1 ? 'needs' : 'need'} \`*\`: ${names(global)}`);
    }
  }
  return blocks;
}
