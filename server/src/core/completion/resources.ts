import { type CompletionItem, CompletionItemKind } from 'vscode-languageserver-types';
import type { ActionInfo, ResourceTypeInfo } from '../catalog/types';
import type { StatementModel } from '../policy';
import { arnDefaults, type ArnDefaults } from '../semantics/arnDefaults';
import { type CompletionRequest, escapeSnippet, rank, valueItem } from './items';
import { completePolicyVariables, inPolicyVariable } from './variables';


// A wildcard such as `*` or `s3:*` matches too many actions to say which resource types are meant.
const MAX_ACTIONS = 300;


/** The actions a statement's `Action` names, wildcards expanded (bounded). */
export function statementActions(req: CompletionRequest, statement: StatementModel | undefined): ActionInfo[] {
  const out = new Map<string, ActionInfo>();
  for (const item of statement?.action?.items ?? []) {
    if (!item.value.includes(':')) continue;
    const matched = req.catalog.matchActions(item.value);
    if (matched.length > MAX_ACTIONS) continue;
    for (const a of matched) out.set(a.fullName, a);
    if (out.size > MAX_ACTIONS) break;
  }
  return [...out.values()];
}

/** An ARN template as a snippet: partition filled in, Region, account and names as tab stops. */
function arnSnippet(template: string, defaults: ArnDefaults): { label: string; snippet: string } {
  let stop = 0;
  const label = template
    .replace('${Partition}', defaults.partition ?? 'aws')
    .replace('${Region}', defaults.region ?? '${Region}')
    .replace('${Account}', defaults.account ?? '${Account}');
  const snippet = template
    .split(/(\$\{[^}]*\})/)
    .map((part) => {
      const m = /^\$\{([^}]*)\}$/.exec(part);
      if (!m) return escapeSnippet(part);
      if (m[1] === 'Partition') return escapeSnippet(defaults.partition ?? 'aws');
      const value = m[1] === 'Region' ? (defaults.region ?? 'region') : m[1] === 'Account' ? (defaults.account ?? 'account-id') : m[1];
      return `\${${++stop}:${escapeSnippet(value)}}`;
    })
    .join('');
  return { label, snippet };
}

interface TypeUse {
  readonly type: ResourceTypeInfo;
  readonly actions: string[];
}

/** Resource types of the statement's actions in first-seen order; of one service when the ARN names it. */
function resourceTypes(req: CompletionRequest, actions: readonly ActionInfo[], service: string | undefined): TypeUse[] {
  const uses = new Map<string, TypeUse>();
  for (const action of actions) {
    if (service && action.service !== service) continue;
    const info = req.catalog.getService(action.service);
    for (const rt of action.resourceTypes) {
      const type = info?.getResourceType(rt.name);
      if (!type) continue;
      const key = `${type.service}:${type.name}`;
      const use = uses.get(key) ?? { type, actions: [] };
      use.actions.push(action.fullName);
      uses.set(key, use);
    }
  }
  if (service) {
    for (const type of req.catalog.getService(service)?.resourceTypes ?? []) {
      const key = `${type.service}:${type.name}`;
      if (!uses.has(key)) uses.set(key, { type, actions: [] });
    }
  }
  return byRelevance([...uses.values()]);
}

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Services stay in the order their actions are written; within a service the type an action is named after
 * comes first (`object` for `s3:GetObject`, not `accesspointobject`), then the plainer ARN (fewer placeholders).
 */
function byRelevance(uses: TypeUse[]): TypeUse[] {
  const serviceOrder = new Map<string, number>();
  for (const use of uses) if (!serviceOrder.has(use.type.service)) serviceOrder.set(use.type.service, serviceOrder.size);
  const named = (use: TypeUse) => {
    const type = normalized(use.type.name);
    return use.actions.some((a) => normalized(a.slice(a.indexOf(':') + 1)).includes(type)) ? 0 : 1;
  };
  const placeholders = (use: TypeUse) => use.type.arn.split('${').length;
  const keyed = uses.map((use, i) => ({ use, i, used: use.actions.length > 0 ? 0 : 1, named: named(use), holes: placeholders(use) }));
  keyed.sort(
    (a, b) =>
      a.used - b.used ||
      serviceOrder.get(a.use.type.service)! - serviceOrder.get(b.use.type.service)! ||
      a.named - b.named ||
      a.holes - b.holes ||
      a.i - b.i,
  );
  return keyed.map((k) => k.use);
}

/**
 * The ARN parts typed so far, as far as they are complete (followed by a colon): they override the defaults,
 * so that templates keep fitting the typed text (`arn:aws-cn:`, `arn:aws:sqs:eu-west-1:`), which the client filters on.
 */
function typedDefaults(defaults: ArnDefaults, parts: readonly string[]): ArnDefaults {
  const part = (index: number, fallback: string | undefined) => (parts.length > index + 1 && parts[index] !== '' ? parts[index] : fallback);
  return { partition: part(1, defaults.partition), region: part(3, defaults.region), account: part(4, defaults.account) };
}

// Enough service namespaces that start with the typed text (`ec2`, `ec2-instance-connect`, `ec2messages`) to offer all their templates.
const MAX_TEMPLATE_NAMESPACES = 3;

/** What the client compares the typed text with: whether a value starts with it (ignoring case). */
const fits = (value: string, typed: string) => value.toLowerCase().startsWith(typed.toLowerCase());

/** `Resource` / `NotResource` values: ARN templates of the statement's resource types, service prefixes, `*`. */
export function completeResources(req: CompletionRequest): CompletionItem[] {
  if (inPolicyVariable(req)) return completePolicyVariables(req);
  const { ctx, catalog, policy } = req;
  const listed = new Set<string>();
  const statement = ctx.statement;
  for (const item of [...(statement?.resource?.items ?? []), ...(statement?.notResource?.items ?? [])]) {
    if (item.node !== ctx.node) listed.add(item.value);
  }
  const typedParts = ctx.typed.split(':');
  const isArn = typedParts[0] === 'arn';
  const defaults = isArn ? typedDefaults(arnDefaults(policy, statement), typedParts) : arnDefaults(policy, statement);
  const typedService = typedParts.length >= 4 && isArn ? typedParts[2].toLowerCase() : undefined;
  const service = typedService && catalog.getService(typedService) ? typedService : undefined;
  const actions = statement?.notAction ? [] : statementActions(req, statement);
  const items: CompletionItem[] = [];
  const addTemplate = (use: TypeUse, sortText: string) => {
    const { label, snippet } = arnSnippet(use.type.arn, defaults);
    if (listed.has(label)) return;
    const usedBy = use.actions.length > 0 ? `\n\nUsed by ${use.actions.map((a) => `\`${a}\``).join(', ')}` : '';
    items.push(
      valueItem(
        req,
        {
          label,
          kind: CompletionItemKind.Reference,
          sortText,
          description: `${use.type.service} ${use.type.name}`,
          detail: `Resource type ${use.type.name} of ${catalog.serviceName(use.type.service) ?? use.type.service}`,
          documentation: `\`${use.type.arn}\`${usedBy}`,
        },
        label,
        snippet,
      ),
    );
  };
  const addNamespace = (prefix: string, i: number) => {
    const value = `arn:${defaults.partition ?? 'aws'}:${prefix}:`;
    items.push(
      valueItem(
        req,
        { label: value, kind: CompletionItemKind.Module, sortText: `3${rank(i)}`, detail: catalog.serviceName(prefix), retrigger: true },
        value,
        `${escapeSnippet(value)}$0`,
      ),
    );
  };
  resourceTypes(req, actions, service).forEach((use, i) => addTemplate(use, `${use.actions.length > 0 ? 1 : 2}${rank(i)}`));
  if (items.length === 0 && !service) {
    // No actions yet (or none with resource types): offer the ARN prefix of each service.
    catalog.servicePrefixes.forEach(addNamespace);
  } else if (isArn && typedParts.length === 3 && typedParts[2] !== '') {
    // The service part is being typed and may name another service than the actions' (`arn:aws:dyn`):
    // its templates and namespace come after the statement's own templates.
    const own = new Set(actions.map((a) => a.service));
    const typedPrefix = typedParts[2].toLowerCase();
    const others = catalog.servicePrefixes.filter((p) => p.startsWith(typedPrefix) && !own.has(p));
    let rankOffset = items.length;
    for (const prefix of others.length <= MAX_TEMPLATE_NAMESPACES ? others : others.filter((p) => p === typedPrefix)) {
      for (const use of resourceTypes(req, [], prefix)) {
        if (fits(arnSnippet(use.type.arn, defaults).label, ctx.typed)) addTemplate(use, `2${rank(rankOffset++)}`);
      }
    }
    others.forEach(addNamespace);
  }
  if (!listed.has('*')) {
    items.push(
      valueItem(
        req,
        { label: '*', kind: CompletionItemKind.Constant, sortText: '4', documentation: 'Every resource. Required by actions that support no resource-level permissions.' },
        '*',
      ),
    );
  }
  return items;
}
