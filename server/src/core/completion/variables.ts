import { type CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, TextEdit } from 'vscode-languageserver-types';
import { policyVariablePlacementDoc, policyVariables } from '../data/policyVariables';
import { rangeOf } from '../util/edits';
import { type CompletionRequest, escapeSnippet, rank } from './items';

/** Whether the cursor is inside an unfinished `${...` of the string being typed. */
export function inPolicyVariable(req: CompletionRequest): boolean {
  const open = req.ctx.typed.lastIndexOf('${');
  return open >= 0 && !req.ctx.typed.slice(open).includes('}');
}

/**
 * Policy variables, replacing the `${...` under the cursor (up to its closing brace, if any) rather than
 * the whole string: the rest of the ARN or value stays as written.
 */
export function completePolicyVariables(req: CompletionRequest): CompletionItem[] {
  const { ctx, text } = req;
  const tokenStart = ctx.replace.offset + (ctx.quoted ? 1 : 0);
  const start = tokenStart + ctx.typed.lastIndexOf('${');
  const tokenEnd = ctx.replace.offset + ctx.replace.length;
  let end = ctx.offset;
  const close = text.indexOf('}', ctx.offset);
  if (close >= 0 && close < tokenEnd && !/["\s]/.test(text.slice(ctx.offset, close))) end = close + 1;
  const range = rangeOf(req.document, { offset: start, length: end - start });
  // IoT variables only resolve in AWS IoT Core policies, not in IAM.
  return policyVariables
    .filter((v) => !v.name.startsWith('iot:'))
    .map((v, i) => {
      const special = v.name.length === 1;
      // Pattern variables end in a placeholder (`aws:PrincipalTag/tag-key`): make it a tab stop.
      const snippet = v.pattern
        ? `\\\${${escapeSnippet(v.name.replace(/(tag-key|\[attribute\])$/, ''))}\${1:${v.name.match(/(tag-key|attribute)\]?$/)?.[1] ?? 'name'}}\\}`
        : escapeSnippet(`\${${v.name}}`);
      return {
        label: `\${${v.name}}`,
        kind: CompletionItemKind.Variable,
        sortText: `${special ? 9 : 1}${rank(i)}`,
        detail: 'Policy variable',
        documentation: { kind: MarkupKind.Markdown, value: `${v.description}\n\n${policyVariablePlacementDoc}` },
        filterText: `\${${v.name}}`,
        textEdit: TextEdit.replace(range, snippet),
        insertTextFormat: InsertTextFormat.Snippet,
      };
    });
}
