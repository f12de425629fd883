import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Command, type CompletionItem, type CompletionItemKind, InsertTextFormat, MarkupKind, TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import type { PolicyDocument } from '../policy';
import { rangeOf } from '../util/edits';
import { type CursorContext, nextSignificant } from './context';

/** Everything a context module needs to answer. */
export interface CompletionRequest {
  readonly document: TextDocument;
  readonly text: string;
  readonly policy: PolicyDocument;
  readonly catalog: Catalog;
  readonly ctx: CursorContext;
}

/** What a completion item shows, apart from its edit. */
interface ItemSpec {
  readonly label: string;
  readonly kind: CompletionItemKind;
  /** Sorts within the list: lower first. Give a group digit and a rank. */
  readonly sortText: string;
  readonly detail?: string;
  readonly description?: string;
  readonly documentation?: string;
  /** Re-open the suggestions after inserting (after `s3:`, `ForAllValues:`, a new key). */
  readonly retrigger?: boolean;
}

const RETRIGGER: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Escapes literal text for a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Escapes text for the inside of a JSON string. */
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function base(spec: ItemSpec): CompletionItem {
  const item: CompletionItem = { label: spec.label, kind: spec.kind, sortText: spec.sortText };
  if (spec.description) item.labelDetails = { description: spec.description };
  if (spec.detail) item.detail = spec.detail;
  if (spec.documentation) item.documentation = { kind: MarkupKind.Markdown, value: spec.documentation };
  if (spec.retrigger) item.command = RETRIGGER;
  return item;
}

/**
 * A string value that replaces the whole token under the cursor. `snippet` is the snippet body between the
 * quotes when the value has tab stops; otherwise `value` is inserted as plain text.
 */
export function valueItem(req: CompletionRequest, spec: ItemSpec, value: string, snippet?: string): CompletionItem {
  const item = base(spec);
  const { ctx } = req;
  item.filterText = (ctx.quoted ? '"' : '') + value;
  const newText = leadingSpace(req) + (snippet !== undefined ? `"${snippet}"` : `"${escapeJson(value)}"`);
  item.textEdit = TextEdit.replace(rangeOf(req.document, ctx.replace), newText);
  item.insertTextFormat = snippet !== undefined ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
  return item;
}

/** A value that is not a string (`{...}` snippets for `Principal`); replaces the token under the cursor. */
export function rawValueItem(req: CompletionRequest, spec: ItemSpec, filter: string, snippet: string): CompletionItem {
  const item = base(spec);
  item.filterText = filter;
  item.textEdit = TextEdit.replace(rangeOf(req.document, req.ctx.replace), leadingSpace(req) + snippet);
  item.insertTextFormat = InsertTextFormat.Snippet;
  return item;
}

/**
 * A property key. When no colon follows yet, inserts the whole property `"Key": <valueSnippet>`, and a comma
 * when another property follows; otherwise replaces only the key token.
 */
export function keyItem(req: CompletionRequest, spec: ItemSpec, key: string, valueSnippet: string, keySnippet?: string): CompletionItem {
  const item = base(spec);
  const { ctx, text } = req;
  item.filterText = (ctx.quoted ? '"' : '') + key;
  const keyText = keySnippet ?? escapeSnippet(escapeJson(key));
  const range = rangeOf(req.document, ctx.replace);
  if (ctx.hasColon) {
    // The value is already there: rename the key only.
    item.textEdit = TextEdit.replace(range, `"${keyText}"`);
    item.insertTextFormat = InsertTextFormat.Snippet;
    delete item.command;
    return item;
  }
  const end = ctx.replace.offset + ctx.replace.length;
  // Another key follows: separate it with a comma, and a space when it touches the range (`|"Statement"`).
  const comma = nextSignificant(text, end) !== '"' ? '' : /\s/.test(text[end]) || compact(text, ctx.replace.offset) ? ',' : ', ';
  item.textEdit = TextEdit.replace(range, `${leadingSpace(req)}"${keyText}": ${valueSnippet}${comma}`);
  item.insertTextFormat = InsertTextFormat.Snippet;
  return item;
}

/**
 * Whether the line up to an offset is written in compact JSON (`{"Effect":"Allow","Action":`): a separator
 * with no space after it and none with one.
 */
function compact(text: string, offset: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /"[:,]["{[]/.test(line) && !/[:,] /.test(line);
}

/** A space before a token typed right after a comma (`"s3:GetObject",|`), unless the line is written without any. */
function leadingSpace(req: CompletionRequest): string {
  const { text, ctx } = req;
  return text[ctx.replace.offset - 1] === ',' && !compact(text, ctx.replace.offset) ? ' ' : '';
}

/** A zero-padded rank for sortText. */
export function rank(n: number): string {
  return String(n).padStart(5, '0');
}
