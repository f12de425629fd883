import type { Node } from 'jsonc-parser';
import type { Catalog } from '../catalog/types';
import { elementDocs, statementElements, topLevelElements } from '../data/elementDocs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, type PolicyDocument, propertiesOf, type StatementModel, type ValueList, valueOf } from '../policy';
import { accessLevelLines, byAccessLevel } from './actionHover';
import { bullets, code, compose, cut, md, plural } from './format';
import { statementActions } from './statementActions';
import { evaluateAccess, type StatementResult } from '../evaluation/evaluate';
import { principalItems } from '../semantics/principalItems';

const MAX_VALUES = 5;

/** Strings of a value that may be a string or an array of strings (other shapes are skipped). */
function strings(node: Node | undefined): string[] {
  if (node?.type === 'string') return [node.value as string];
  if (node?.type === 'array') return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
  return [];
}

const codes = (values: readonly string[]) => cut(values.map(code), MAX_VALUES);

/** What a statement grants or denies: actions by access level, resources, principals, conditions, and a sample request's decision. */
export function statementSummary(statement: StatementModel, catalog: Catalog, withEffectDoc: boolean, policy?: PolicyDocument): string {
  const effect = statement.effect?.value;
  const verb = effect === 'Allow' ? 'Allows' : effect === 'Deny' ? 'Denies' : 'Has no valid `Effect`; would apply to';
  const title = `**Statement${statement.sid ? ` ${code(statement.sid.value)}` : statement.index !== undefined ? ` ${statement.index + 1}` : ''}**${effect === 'Allow' || effect === 'Deny' ? ` · ${effect}` : ''}`;
  return compose(catalog, [
    title,
    actionsBlock(statement, verb, catalog),
    resourcesBlock(statement),
    principalsBlock(statement),
    conditionsBlock(statement),
    traps(statement),
    policy && tryIt(statement, policy, catalog),
    withEffectDoc && elementDocs.Effect,
  ]);
}

function actionsBlock(statement: StatementModel, verb: string, catalog: Catalog): string {
  if (statement.notAction) {
    const listed = statement.notAction.items.map((i) => i.value);
    return `${verb} **every action except** ${listed.length > 0 ? codes(listed) : 'none'}.`;
  }
  const listed = statement.action?.items ?? [];
  if (listed.length === 0) return `${verb} no action: the statement has no \`Action\`.`;
  const actions = statementActions(statement, catalog);
  const unknown = listed.filter((i) => catalog.matchActions(i.value).length === 0).map((i) => i.value);
  const lines = [`${verb} **${plural(actions.length, 'action')}**${actions.length > 0 ? ':' : '.'}`, ...accessLevelLines(byAccessLevel(actions), false)];
  if (unknown.length > 0) lines.push(`- unknown: ${codes(unknown)}`);
  return lines.join('\n');
}

function listBlock(label: string, list: ValueList | undefined, except: boolean): string | undefined {
  if (!list) return undefined;
  const values = list.items.map((i) => i.value);
  if (values.length === 0) return `**${label}**: none`;
  return `**${label}**: ${except ? 'every resource except ' : ''}${values.length === 1 && values[0] === '*' && !except ? '`*` (every resource)' : codes(values)}`;
}

function resourcesBlock(statement: StatementModel): string | undefined {
  return listBlock('Resources', statement.resource, false) ?? listBlock('Resources', statement.notResource, true);
}

function principalsBlock(statement: StatementModel): string | undefined {
  const node = statement.principal ?? statement.notPrincipal;
  if (!node) return undefined;
  const except = statement.principal ? '' : 'everyone except ';
  if (node.type === 'string') return `**Principals**: ${except}${node.value === '*' ? '`*` (everyone)' : code(String(node.value))}`;
  const parts: string[] = [];
  for (const [type, prop] of propertiesOf(node)) {
    const values = strings(valueOf(prop));
    if (values.length > 0) parts.push(`${md(type)} ${codes(values)}`);
  }
  return `**Principals**: ${except}${parts.length > 0 ? parts.join('; ') : 'none'}`;
}

function conditionsBlock(statement: StatementModel): string | undefined {
  if (!statement.condition) return undefined;
  const tests: string[] = [];
  for (const [operator, prop] of propertiesOf(statement.condition)) {
    for (const [key, keyProp] of propertiesOf(valueOf(prop))) {
      tests.push(`${code(operator)} ${code(key)} ${codes(strings(valueOf(keyProp)))}`.trimEnd());
    }
  }
  if (tests.length === 0) return '**Conditions**: none';
  return ['**Conditions** (all must hold):', ...bullets(tests, MAX_VALUES)].join('\n');
}

/** A value for each placeholder of a sample request (a wildcard, a variable, an ARN template's part). */
const SAMPLE = 'example';

/**
 * "Try it": a request built from the statement (its first action, its first resource with
 * wildcards and variables filled in, its first principal) evaluated against the whole policy,
 * so the hover shows what the statement comes to, including a Deny elsewhere or a condition the
 * request would have to meet. Undefined where no such request can be built (NotAction).
 */
function tryIt(statement: StatementModel, policy: PolicyDocument, catalog: Catalog): string | undefined {
  const first = statement.action?.items[0]?.value;
  if (!first || first.includes('\uE000')) return undefined;
  const action = /[*?]/.test(first) ? catalog.matchActions(first)[0]?.fullName : first;
  if (!action) return undefined;
  const context: Record<string, string> = {};
  // Wildcards become the sample; a variable becomes the sample too, with its key given that value (`${*}` stays a literal `*`).
  const fill = (text: string) =>
    text
      .replace(/[*?]+(?![^${]*\})/g, SAMPLE)
      .replace(/\$\{([^${}]*)\}/g, (_, inner: string) => {
        const key = inner.split(',')[0].trim();
        if (key === '*' || key === '?' || key === '$') return key;
        context[key] = SAMPLE;
        return SAMPLE;
      });
  const listed = statement.resource?.items[0]?.value;
  let resource = '*';
  if (listed && !listed.includes('\uE000') && listed !== '*') resource = fill(listed);
  else if (listed === '*' || (!statement.resource && !statement.notResource)) {
    // Every resource: a sample ARN of the action's first resource type.
    const info = catalog.getAction(action);
    const arn = info?.resourceTypes[0] && catalog.getService(info.service)?.getResourceType(info.resourceTypes[0].name)?.arn;
    if (arn) resource = arn.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{Region\}/g, 'us-east-1').replace(/\$\{Account\}/g, '111122223333').replace(/\$\{[^}]*\}/g, SAMPLE);
  } else if (!listed) return undefined;
  const principals = statement.principal ? principalItems(statement).filter((i) => i.element === 'Principal' && !i.value.includes('\uE000')) : [];
  // Everyone (`*`): a sample caller of some account.
  const principalValue = principals.find((i) => i.value !== '*')?.value ?? (principals.length > 0 ? 'arn:aws:iam::111122223333:role/example' : undefined);
  const resourceBased = policy.policyType === 'resource' || policy.policyType === 'trust';
  const principalAccount = principalValue && /^(?:arn:[^:]+:[^:]+::)?(\d{12})(?::|$)/.exec(principalValue)?.[1];
  // An S3 ARN names no account: the sample resource is in the caller's.
  const resourceAccount = principalAccount && /^arn:[^:]*:[^:]*:[^:]*::/.test(resource) ? principalAccount : undefined;
  const request = { action, resource, ...(principalValue ? { principal: principalValue } : {}), ...(resourceAccount ? { resourceAccount } : {}), context };
  // A resource-based policy is tried with the caller's own policies allowing the request, as across accounts they must.
  const policies = [{ policy, type: policy.policyType, name: 'policy' }, ...(resourceBased ? [{ policy: callerAllowsAll(), type: 'identity' as const, name: 'caller' }] : [])];
  const result = evaluateAccess(policies, request);
  const name = (r: StatementResult) => (r.offset === statement.node.offset ? 'this statement' : r.sid ? `statement ${code(r.sid)}` : r.index !== undefined ? `statement ${r.index + 1}` : 'the statement');
  const mine = result.deciding.filter((r) => r.policy !== 'caller');
  const by = mine.length > 0 ? ` by ${[...new Set(mine.map(name))].join(', ')}` : '';
  const given = Object.keys(context).length > 0 ? ` with ${Object.entries(context).map(([k, v]) => `${code(k)} = ${code(v)}`).join(', ')}` : '';
  const depends = result.decision === 'Depends' ? ` on ${result.missingContextKeys.map(code).join(', ')}` : '';
  const caller = resourceBased && principalAccount ? ', the caller\'s own policies allowing it' : '';
  return `**Try it**: ${code(action)} on ${code(resource)}${principalValue ? ` by ${code(principalValue)}` : ''}${given}${caller} → **${result.decision}**${depends}${by}`;
}

let allowAll: PolicyDocument | undefined;
/** An identity policy that allows everything: the caller's side of a resource-based policy's sample request. */
function callerAllowsAll(): PolicyDocument {
  allowAll ??= parsePolicy(TextDocument.create('caller:allow-all', 'json', 1, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'), { policyType: 'identity' });
  return allowAll;
}

/** The combinations that grant far more than they seem to. */
function traps(statement: StatementModel): string | undefined {
  if (statement.effect?.value !== 'Allow') return undefined;
  const warnings: string[] = [];
  if (statement.notAction) warnings.push('⚠ `Allow` + `NotAction` grants every other action, including those of services added later.');
  if (statement.notResource) warnings.push('⚠ `Allow` + `NotResource` grants the actions on every other resource.');
  if (statement.notPrincipal) warnings.push('⚠ `Allow` + `NotPrincipal` grants access to every other principal, possibly anonymous ones.');
  return warnings.length > 0 ? warnings.join('\n\n') : undefined;
}

const POLICY_TYPE_NAMES: Readonly<Record<PolicyDocument['policyType'], string>> = {
  identity: 'an identity policy',
  resource: 'a resource-based policy',
  trust: 'a role trust policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
};

/** Documentation of an element key, with a reminder when this statement falls into its trap. */
export function elementHover(element: string, statement: StatementModel | undefined, policy: PolicyDocument, catalog: Catalog): string | undefined {
  const allowed = statement ? statementElements : topLevelElements;
  if (!allowed.includes(element)) return undefined;
  const docs = elementDocs[element];
  let context: string | undefined;
  if (statement && statement.effect?.value === 'Allow' && element.startsWith('Not')) {
    context = `⚠ This statement is \`Allow\` + \`${element}\`.`;
  }
  if ((element === 'Statement' || element === 'Version') && !statement) {
    const how = policy.policyTypeSource === 'setting' ? 'set by the `iamPolicy.policyTypes` setting or `--policy-type`' : 'inferred from its content';
    const type = `Checked as ${POLICY_TYPE_NAMES[policy.policyType]} (${how}).`;
    context = element === 'Statement' ? `This policy has ${plural(policy.statements.length, 'statement')}. ${type}` : type;
  }
  return compose(catalog, [docs, context]);
}
