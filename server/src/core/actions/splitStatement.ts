import { CodeAction, CodeActionKind, TextEdit } from 'vscode-languageserver-types';
import type { ResourceTypeInfo } from '../catalog/types';
import type { StatementModel } from '../policy';
import { rangeOf } from '../util/edits';
import { arnDefaults } from '../semantics/arnDefaults';
import { expandActionItem, fillTemplate, resourceTypesOf, typeLabel } from './arnTemplates';
import { applyOffsetEdits, eolOf, indentUnit, isMultiLine, lineIndent, renderValues, touches } from './format';
import { MAX_TEMPLATES } from './narrowResource';
import type { Refactoring, RefactoringContext } from './refactoring';

/** One new statement: the actions that accept exactly these resource types (none: only `*`). */
interface Group {
  readonly types: readonly ResourceTypeInfo[];
  readonly actions: string[];
}

const MAX_GROUPS = 20;

/**
 * Groups a statement's actions by the exact set of resource types each accepts. An item whose
 * actions all fall in one group moves as written (`s3:Get*` stays a wildcard); an item that
 * spans groups is expanded into its actions, so every (action, resource type) pair of the
 * original statement is granted by exactly one new statement: nothing widens, nothing is lost.
 */
function groupByResourceType(ctx: RefactoringContext, statement: StatementModel): Group[] | undefined {
  const groups = new Map<string, Group>();
  const groupOf = (types: ResourceTypeInfo[]) => {
    const key = types.map(typeLabel).join(',');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { types, actions: [] }));
    return group;
  };
  const add = (group: Group, value: string) => {
    if (!group.actions.some((a) => a.toLowerCase() === value.toLowerCase())) group.actions.push(value);
  };
  for (const item of statement.action?.items ?? []) {
    const actions = expandActionItem(ctx.catalog, item.value);
    if (!actions) return undefined;
    const placed = actions.map((a) => ({ action: a, group: groupOf(resourceTypesOf(ctx.catalog, a)) }));
    if (placed.every((p) => p.group === placed[0].group)) add(placed[0].group, item.value);
    else for (const p of placed) add(p.group, p.action.fullName);
    if (groups.size > MAX_GROUPS) return undefined; // Give up early on policies like ReadOnlyAccess.
  }
  const result = [...groups.values()];
  if (result.length > MAX_GROUPS || result.some((g) => g.types.length > MAX_TEMPLATES)) return undefined;
  return result;
}

const pascal = (name: string) => name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');

function sidSuffix(group: Group): string {
  if (group.types.length === 0) return 'AnyResource';
  const names = group.types.map((t) => pascal(t.name));
  return names.length <= 3 ? names.join('') : `${names[0]}Etc`;
}

/** The text of one new statement: the original with its Action, Resource and Sid values replaced. */
function statementText(ctx: RefactoringContext, statement: StatementModel, group: Group, sid: string | undefined): string {
  const text = ctx.document.getText();
  const base = statement.node.offset;
  const defaults = arnDefaults(ctx.policy);
  const arns = group.types.length === 0 ? ['*'] : [...new Set(group.types.map((t) => fillTemplate(t.arn, defaults)))];
  const action = statement.action!;
  const resource = statement.resource!;
  const edits = [
    { offset: action.valueNode.offset - base, length: action.valueNode.length, text: renderValues(text, action, group.actions) },
    { offset: resource.valueNode.offset - base, length: resource.valueNode.length, text: renderValues(text, resource, arns) },
  ];
  if (statement.sid && sid !== undefined) {
    edits.push({ offset: statement.sid.node.offset - base, length: statement.sid.node.length, text: JSON.stringify(sid) });
  }
  return applyOffsetEdits(text.slice(base, base + statement.node.length), edits);
}

/** Sids for the new statements: the old Sid with a suffix naming the resource types, unique in the document. */
function newSids(statement: StatementModel, groups: readonly Group[], sidsInUse: () => Set<string>): (string | undefined)[] {
  const sid = statement.sid?.value;
  if (sid === undefined) return groups.map(() => undefined);
  const taken = new Set(sidsInUse());
  return groups.map((group) => {
    const stem = `${sid}${sidSuffix(group)}`;
    let candidate = stem;
    for (let n = 2; taken.has(candidate); n++) candidate = `${stem}${n}`;
    taken.add(candidate);
    return candidate;
  });
}

/** Whether only spaces and tabs stand between the start of the line and `offset` (read backwards, not a regex over all the text before). */
function onlyBlanksBefore(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** Replaces the statement with the new ones, wrapping them in an array when `Statement` was a single object. */
function splitEdit(ctx: RefactoringContext, statement: StatementModel, texts: string[]): TextEdit {
  const text = ctx.document.getText();
  const eol = eolOf(text);
  const multi = isMultiLine(text, statement.node);
  if (statement.index !== undefined) {
    // `[{ ... }, { ... }]` style: the statement does not start its own line, so neither do the new ones.
    const startsLine = onlyBlanksBefore(text, statement.node.offset);
    const separator = multi && startsLine ? `,${eol}${lineIndent(text, statement.node.offset)}` : ', ';
    return TextEdit.replace(rangeOf(ctx.document, statement.node), texts.join(separator));
  }
  if (!multi) return TextEdit.replace(rangeOf(ctx.document, statement.node), `[${texts.join(', ')}]`);
  // The statements move one level deeper inside the new array: indent their inner lines once more.
  const indent = lineIndent(text, statement.node.offset);
  const unit = indentUnit(text);
  const nested = texts.map((t) => indent + unit + t.split(eol).join(eol + unit));
  return TextEdit.replace(rangeOf(ctx.document, statement.node), `[${eol}${nested.join(`,${eol}`)}${eol}${indent}]`);
}

/**
 * Split statement by resource type: one Allow statement per group of actions with the ARN
 * templates of the group's resource types; actions that only accept `*` keep `"Resource": "*"`.
 */
export const splitStatement: Refactoring = {
  id: 'split-statement',
  provide(ctx) {
    const out: CodeAction[] = [];
    // The Sids of the document, gathered once for all the statements of the range.
    let sids: Set<string> | undefined;
    const sidsInUse = () => (sids ??= new Set(ctx.policy.statements.map((s) => s.sid?.value).filter((s): s is string => s !== undefined)));
    for (const statement of ctx.policy.statements) {
      const { action, resource } = statement;
      if (statement.effect?.value !== 'Allow' || !action || !resource || statement.notAction || statement.notResource) continue;
      if (action.invalid.length > 0 || resource.invalid.length > 0) continue;
      if (resource.items.length !== 1 || resource.items[0].value !== '*') continue;
      if (!touches(ctx.document, ctx.range, resource.property) && !touches(ctx.document, ctx.range, action.property)) continue;
      const groups = groupByResourceType(ctx, statement);
      if (!groups || groups.length < 2) continue;
      const newIds = newSids(statement, groups, sidsInUse);
      const texts = groups.map((g, i) => statementText(ctx, statement, g, newIds[i]));
      out.push(
        CodeAction.create(
          `Split statement into ${groups.length} statements by resource type`,
          { changes: { [ctx.document.uri]: [splitEdit(ctx, statement, texts)] } },
          CodeActionKind.RefactorRewrite,
        ),
      );
    }
    return out;
  },
};
