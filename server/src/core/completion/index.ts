import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, type CompletionList, type Position, TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import type { PolicyDocument } from '../policy';
import { completeActions } from './actions';
import { completeConditionKeys, completeConditionValues, completeOperators } from './conditions';
import { cursorContext, elementSubPath, statementElement } from './context';
import type { CompletionRequest } from './items';
import { completePrincipalTypeValue, completePrincipalValue } from './principals';
import { completeResources } from './resources';
import {
  completeEnumValue,
  completePrincipalKeys,
  completeSkeleton,
  completeStatementKeys,
  completeStatementSnippet,
  completeTopLevelKeys,
} from './structure';

/** Completion at a position; an empty list outside policies or outside known contexts. */
export function doComplete(document: TextDocument, position: Position, policy: PolicyDocument, catalog: Catalog): CompletionList {
  return { isIncomplete: false, items: completionItems(document, position, policy, catalog) };
}

function completionItems(document: TextDocument, position: Position, policy: PolicyDocument, catalog: Catalog): CompletionItem[] {
  const text = document.getText();
  const offset = document.offsetAt(position);
  if (text.trim() === '' && policy.root === undefined) {
    const ctx = { node: undefined, path: [], statement: undefined, isKey: false, typed: '', replace: { offset, length: 0 }, quoted: false, hasColon: false, offset };
    return completeSkeleton({ document, text, policy, catalog, ctx }, true);
  }
  const ctx = cursorContext(policy, text, offset);
  if (!ctx) return [];
  const req: CompletionRequest = { document, text, policy, catalog, ctx };
  if (!policy.isPolicy) {
    // A JSON object whose first key is being typed may become a policy; any other JSON is left alone.
    const onlyKey = policy.root?.type === 'object' && (policy.root.children ?? []).every((p) => p === ctx.node?.parent);
    return onlyKey && ctx.isKey && ctx.path.length === 1 ? preferPrefixMatches(req, [...completeSkeleton(req, false), ...completeTopLevelKeys(req)]) : [];
  }
  const items = preferPrefixMatches(req, policyItems(req));
  // The item completes the next element; the commas that separate it (or the object it is typed in) from
  // the previous one come with it. A comma between two tokens that touch (`}{`) gets a space too.
  const commas = [...new Set([ctx.containerComma, ctx.missingComma])].filter((c): c is number => c !== undefined);
  if (commas.length > 0) {
    const edits = commas.map((c) => TextEdit.insert(document.positionAt(c), /\s/.test(text[c] ?? ' ') ? ',' : ', '));
    for (const item of items) item.additionalTextEdits = [...edits];
  }
  return items;
}

/**
 * Items whose filter text starts with what was typed (ignoring case) sort before those that only contain it
 * (`dynamodb` before `codedeploy-commands-secure` for `dyn`), for clients that order by sortText alone. Within
 * each group the order of the context module stays (ARN templates by relevance, fitting operators first).
 */
function preferPrefixMatches(req: CompletionRequest, items: CompletionItem[]): CompletionItem[] {
  const { document, text, ctx } = req;
  // What was typed, once per start offset: items share one or two, and slicing and lowering a
  // 3 MB value for each of 180 items took seconds.
  const typedFrom = new Map<number, string>();
  for (const item of items) {
    const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
    const start = edit ? document.offsetAt(edit.range.start) : ctx.replace.offset;
    let typed = typedFrom.get(start);
    if (typed === undefined) typedFrom.set(start, (typed = text.slice(start, ctx.offset).replace(/^"/, '').toLowerCase()));
    if (typed === '') continue;
    const filter = (item.filterText ?? item.label).replace(/^"/, '').toLowerCase();
    item.sortText = `${filter.startsWith(typed) ? 0 : 1}${item.sortText ?? ''}`;
  }
  return items;
}

function policyItems(req: CompletionRequest): CompletionItem[] {
  const { path, isKey } = req.ctx;
  if (path.length === 1) {
    if (isKey) return completeTopLevelKeys(req);
    if (path[0] === 'Version') return completeEnumValue(req, 'Version');
    return path[0] === 'Statement' ? completeStatementSnippet(req, false) : [];
  }
  if (path[0] !== 'Statement') return [];
  if (path.length === 2 && typeof path[1] === 'number' && !isKey) return completeStatementSnippet(req);
  const element = statementElement(path);
  const sub = elementSubPath(path);
  if (isKey && sub.length === 0) return completeStatementKeys(req);
  if (element === undefined) return [];
  const listValue = !isKey && (sub.length === 0 || (sub.length === 1 && typeof sub[0] === 'number'));
  switch (element) {
    case 'Effect':
      return !isKey && sub.length === 0 ? completeEnumValue(req, 'Effect') : [];
    case 'Action':
    case 'NotAction':
      return listValue ? completeActions(req, element) : [];
    case 'Resource':
    case 'NotResource':
      return listValue ? completeResources(req) : [];
    case 'Principal':
    case 'NotPrincipal':
      if (isKey) return sub.length === 1 ? completePrincipalKeys(req) : [];
      if (sub.length === 0) return completePrincipalValue(req);
      return typeof sub[0] === 'string' && (sub.length === 1 || (sub.length === 2 && typeof sub[1] === 'number'))
        ? completePrincipalTypeValue(req, sub[0])
        : [];
    case 'Condition':
      if (isKey && sub.length === 1) return completeOperators(req);
      if (isKey && sub.length === 2) return completeConditionKeys(req, String(sub[0]));
      if (!isKey && (sub.length === 2 || (sub.length === 3 && typeof sub[2] === 'number'))) {
        return completeConditionValues(req, String(sub[0]), String(sub[1]));
      }
      return [];
    default:
      return [];
  }
}
