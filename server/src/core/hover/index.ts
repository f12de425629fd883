import type { JSONPath, Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import { elementDocs, principalTypes } from '../data/elementDocs';
import type { PolicyDocument, StatementModel } from '../policy';
import { actionHover, serviceHover, unknownActionHover, wildcardHover } from './actionHover';
import { conditionKeyHover, operatorHover } from './conditionHover';
import { hoverContext } from './context';
import { compose } from './format';
import { principalHover } from './principalHover';
import { resourceHover } from './resourceHover';
import { elementHover, statementSummary } from './statementHover';
import { variableAt, variableHover } from './variableHover';

/** Markdown and the document span it explains. */
interface Found {
  readonly markdown: string;
  readonly offset: number;
  readonly length: number;
}

/** Hover at a position; null outside policies or where there is nothing to explain. */
export function doHover(document: TextDocument, position: Position, policy: PolicyDocument, catalog: Catalog): Hover | null {
  if (!policy.isPolicy) return null;
  const text = document.getText();
  const offset = document.offsetAt(position);
  const ctx = hoverContext(policy, offset);
  if (!ctx) return null;
  const found = explain(ctx.node, ctx.path, ctx.isKey, ctx.statement, text, offset, policy, catalog);
  if (!found) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.markdown },
    range: { start: document.positionAt(found.offset), end: document.positionAt(found.offset + found.length) },
  };
}

/** The path below the statement (`['Action', 2]`), or undefined outside statements. */
function inStatement(path: JSONPath): JSONPath | undefined {
  if (path[0] !== 'Statement') return undefined;
  const start = typeof path[1] === 'number' ? 2 : 1;
  return path.length > start ? path.slice(start) : undefined;
}

function explain(
  node: Node,
  path: JSONPath,
  isKey: boolean,
  statement: StatementModel | undefined,
  text: string,
  offset: number,
  policy: PolicyDocument,
  catalog: Catalog,
): Found | undefined {
  const whole = (markdown: string | undefined): Found | undefined => (markdown ? { markdown, offset: node.offset, length: node.length } : undefined);
  const rel = inStatement(path);
  if (!rel || !statement) {
    // Top level: `Version`, `Id`, `Statement` keys, and the Version value.
    if (path.length !== 1 || typeof path[0] !== 'string') return undefined;
    if (isKey || path[0] === 'Version') return whole(elementHover(path[0], undefined, policy, catalog));
    return undefined;
  }
  const element = rel[0];
  if (typeof element !== 'string') return undefined;
  if (isKey) return whole(keyHover(rel, statement, policy, catalog));
  const value = typeof node.value === 'string' ? node.value : '';
  // The raw token text maps document offsets to characters; escapes would shift them, so only use it when it agrees.
  const raw = text.slice(node.offset + 1, node.offset + node.length - (text[node.offset + node.length - 1] === '"' ? 1 : 0));
  const exact = raw === value;
  if (exact && value.includes('${')) {
    const span = variableAt(raw, node.offset + 1, offset);
    if (span) {
      const before = raw.slice(0, span.offset - node.offset - 1);
      return { markdown: variableHover(span, element, before, policy, catalog), offset: span.offset, length: span.length };
    }
  }
  switch (element) {
    case 'Sid':
      return rel.length === 1 ? whole(statementSummary(statement, catalog, false, policy)) : undefined;
    case 'Effect':
      return rel.length === 1 ? whole(statementSummary(statement, catalog, true, policy)) : undefined;
    case 'Action':
    case 'NotAction':
      return listItem(rel) ? actionValue(value, exact, node, offset, catalog) : undefined;
    case 'Resource':
    case 'NotResource':
      return listItem(rel) ? whole(resourceHover(value, element, statement, catalog)) : undefined;
    case 'Principal':
    case 'NotPrincipal':
      return whole(principalValue(rel, value, element === 'NotPrincipal', catalog));
    case 'Condition':
      // A value explains its key: `"aws:SecureTransport": "false"` is read from the key's meaning.
      return (rel.length === 4 && typeof rel[3] === 'number') || rel.length === 3
        ? whole(conditionKeyHover(String(rel[2]), String(rel[1]), statement, catalog))
        : undefined;
    default:
      return undefined;
  }
}

/** `['Action']` (a string value) or `['Action', n]` (an array item), not deeper. */
function listItem(rel: JSONPath): boolean {
  return rel.length === 1 || (rel.length === 2 && typeof rel[1] === 'number');
}

function keyHover(rel: JSONPath, statement: StatementModel, policy: PolicyDocument, catalog: Catalog): string | undefined {
  const [element, second, third] = rel;
  if (rel.length === 1) {
    if (element === 'Sid') return statementSummary(statement, catalog, false, policy);
    if (element === 'Effect') return statementSummary(statement, catalog, true, policy);
    return elementHover(String(element), statement, policy, catalog);
  }
  if ((element === 'Principal' || element === 'NotPrincipal') && rel.length === 2 && principalTypes.includes(String(second))) {
    return compose(catalog, [elementDocs[String(second)]]);
  }
  if (element === 'Condition' && rel.length === 2) return operatorHover(String(second), catalog);
  if (element === 'Condition' && rel.length === 3) return conditionKeyHover(String(third), String(second), statement, catalog);
  return undefined;
}

/** Service prefix part, wildcard pattern, or single action. */
function actionValue(value: string, exact: boolean, node: Node, offset: number, catalog: Catalog): Found | undefined {
  const colon = value.indexOf(':');
  const prefixEnd = node.offset + 1 + colon;
  if (exact && colon > 0 && offset < prefixEnd && !/[*?]/.test(value.slice(0, colon))) {
    const markdown = serviceHover(value.slice(0, colon), catalog);
    // An unknown prefix is explained with the whole value, as the diagnostic does.
    if (markdown) return { markdown, offset: node.offset + 1, length: colon };
  }
  // `"s3:"`, the prefix and its colon with no action yet: the service, on the whole value.
  if (colon > 0 && colon === value.length - 1) {
    const markdown = serviceHover(value.slice(0, colon), catalog);
    if (markdown) return { markdown, offset: node.offset, length: node.length };
  }
  const action = catalog.getAction(value);
  const markdown = action
    ? actionHover(action, catalog)
    : (unknownActionHover(value, catalog) ?? (/[*?]/.test(value) ? wildcardHover(value, catalog) : undefined));
  return markdown ? { markdown, offset: node.offset, length: node.length } : undefined;
}

/** `"Principal": "*"`, `{"AWS": "..."}` or `{"AWS": ["...", ...]}`. */
function principalValue(rel: JSONPath, value: string, negated: boolean, catalog: Catalog): string | undefined {
  if (rel.length === 1) return principalHover(value, undefined, negated, catalog);
  const type = rel[1];
  if (typeof type !== 'string' || rel.length > 3 || (rel.length === 3 && typeof rel[2] !== 'number')) return undefined;
  return principalHover(value, type, negated, catalog);
}
