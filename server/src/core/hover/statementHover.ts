import type { Node } from 'jsonc-parser';
import type { Catalog } from '../catalog/types';
import { elementDocs, statementElements, topLevelElements } from '../data/elementDocs';
import { type PolicyDocument, propertiesOf, type StatementModel, type ValueList, valueOf } from '../policy';
import { accessLevelLines, byAccessLevel } from './actionHover';
import { bullets, code, compose, cut, md, plural } from './format';
import { statementActions } from './statementActions';

const MAX_VALUES = 5;

/** Strings of a value that may be a string or an array of strings (other shapes are skipped). */
function strings(node: Node | undefined): string[] {
  if (node?.type === 'string') return [node.value as string];
  if (node?.type === 'array') return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
  return [];
}

const codes = (values: readonly string[]) => cut(values.map(code), MAX_VALUES);

/** What a statement grants or denies: actions by access level, resources, principals, conditions. */
export function statementSummary(statement: StatementModel, catalog: Catalog, withEffectDoc: boolean): string {
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
