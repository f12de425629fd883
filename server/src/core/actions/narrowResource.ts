import { CodeAction, CodeActionKind, type TextEdit } from 'vscode-languageserver-types';
import type { ResourceTypeInfo } from '../catalog/types';
import type { StatementModel } from '../policy';
import { arnDefaults } from '../semantics/arnDefaults';
import { expandActionItem, fillTemplate, resourceTypesOf, typeList } from './arnTemplates';
import { replaceItem, replaceValues, touches } from './format';
import type { Refactoring, RefactoringContext } from './refactoring';

/** More ARNs than this in one Resource is no longer a readable narrowing; splitting is the better tool. */
export const MAX_TEMPLATES = 20;

/**
 * The resource types every action of an Allow statement accepts, in order of appearance, or
 * undefined when narrowing would change the grant's meaning: unknown actions, NotAction,
 * Deny (narrowing a deny widens access), or an action that only accepts `*` (it would lose
 * its grant; the split refactoring keeps it under `*`).
 */
function narrowableTypes(ctx: RefactoringContext, statement: StatementModel): ResourceTypeInfo[] | undefined {
  const { action, resource } = statement;
  if (statement.effect?.value !== 'Allow' || !action || statement.notAction || !resource) return undefined;
  if (action.items.length === 0 || action.invalid.length > 0 || resource.invalid.length > 0) return undefined;
  const types: ResourceTypeInfo[] = [];
  for (const item of action.items) {
    const actions = expandActionItem(ctx.catalog, item.value);
    if (!actions) return undefined;
    for (const info of actions) {
      const accepted = resourceTypesOf(ctx.catalog, info);
      if (accepted.length === 0) return undefined;
      for (const type of accepted) if (!types.includes(type)) types.push(type);
      if (types.length > MAX_TEMPLATES) return undefined;
    }
  }
  return types.length > 0 && types.length <= MAX_TEMPLATES ? types : undefined;
}

function narrowEdit(ctx: RefactoringContext, statement: StatementModel, arns: string[]): TextEdit {
  const resource = statement.resource!;
  const star = resource.items.find((i) => i.value === '*')!;
  if (resource.items.length === 1) return replaceValues(ctx.document, resource, arns);
  const existing = new Set(resource.items.map((i) => i.value));
  const added = arns.filter((a) => !existing.has(a));
  return replaceItem(ctx.document, resource, star.node, added.length > 0 ? added : arns.slice(0, 1));
}

/**
 * Narrow `"Resource": "*"`: replaces `*` with the ARN templates of the resource types the
 * statement's actions accept (wildcards expanded). Two variants, because a WorkspaceEdit
 * cannot carry snippet tab stops in every LSP client: readable `${BucketName}` placeholders
 * to fill in, or `*` for the names (valid at once, still limited to the resource types).
 * Partition, region and account come from other ARNs in the document or from the settings.
 * Unfilled placeholders are flagged by `invalid-policy-variable` until the user replaces them:
 * on purpose, since a literal name like `BUCKET_NAME` would silently match nothing.
 */
export const narrowResource: Refactoring = {
  id: 'narrow-resource',
  provide(ctx) {
    const out: CodeAction[] = [];
    // A role trust policy may have no Resource at all (trust-policy-element): nothing to narrow.
    if (ctx.policy.policyType === 'trust') return out;
    for (const statement of ctx.policy.statements) {
      const resource = statement.resource;
      if (!resource?.items.some((i) => i.value === '*')) continue;
      if (!touches(ctx.document, ctx.range, resource.property) && !touches(ctx.document, ctx.range, statement.action?.property)) continue;
      const types = narrowableTypes(ctx, statement);
      if (!types) continue;
      const defaults = arnDefaults(ctx.policy);
      const templates = [...new Set(types.map((t) => fillTemplate(t.arn, defaults)))];
      const patterns = [...new Set(types.map((t) => fillTemplate(t.arn, defaults, true)))];
      const list = typeList(types);
      const withPlaceholders = CodeAction.create(
        `Narrow Resource '*' to ARN templates of ${list}`,
        { changes: { [ctx.document.uri]: [narrowEdit(ctx, statement, templates)] } },
        CodeActionKind.RefactorRewrite,
      );
      out.push(withPlaceholders);
      if (patterns.join('\n') !== templates.join('\n')) {
        out.push(
          CodeAction.create(
            `Narrow Resource '*' to ARN patterns (any name) of ${list}`,
            { changes: { [ctx.document.uri]: [narrowEdit(ctx, statement, patterns)] } },
            CodeActionKind.RefactorRewrite,
          ),
        );
      }
    }
    return out;
  },
};
