import { type CompletionItem, type CompletionList, InsertTextFormat } from 'vscode-languageserver';

/** What the client lets a long completion list leave out. */
export interface CompletionCapabilities {
  /** Documentation may wait for completionItem/resolve. */
  readonly resolveDocumentation: boolean;
  /** `itemDefaults.editRange` with `textEditText` per item. */
  readonly editRangeDefault: boolean;
  readonly formatDefault: boolean;
}

// Lists this long (the 800 actions of EC2) are slimmed: 400 KB of JSON went to the client for each `ec2:`.
export const LONG_LIST = 100;

/**
 * Moves what every item repeats into `itemDefaults` (the replaced range, the text format) and holds the documentation
 * back for completionItem/resolve, as far as the client supports each. Items are copied, not `delete`d from: objects
 * with deleted properties fall into V8's slow mode and take twice as long to serialize.
 */
export function slimList(list: CompletionList, caps: CompletionCapabilities, held: HeldDocumentation): CompletionList {
  const { items } = list;
  const first = items[0].textEdit;
  const range = first && 'range' in first ? first.range : undefined;
  const same = (edit: CompletionItem['textEdit']) =>
    !!edit && 'range' in edit && !!range && edit.range.start.line === range.start.line && edit.range.start.character === range.start.character &&
    edit.range.end.line === range.end.line && edit.range.end.character === range.end.character;
  const shareRange = caps.editRangeDefault && items.every((item) => same(item.textEdit));
  const plain = items.filter((item) => item.insertTextFormat === InsertTextFormat.PlainText).length;
  const format = shareRange && caps.formatDefault ? (plain * 2 >= items.length ? InsertTextFormat.PlainText : InsertTextFormat.Snippet) : undefined;
  const slim = items.map((item, i) => {
    const { documentation, textEdit, insertTextFormat, ...rest } = item;
    const out: CompletionItem = rest;
    if (shareRange) out.textEditText = textEdit!.newText;
    else if (textEdit) out.textEdit = textEdit;
    if (insertTextFormat !== undefined && insertTextFormat !== format) out.insertTextFormat = insertTextFormat;
    if (documentation !== undefined) {
      if (caps.resolveDocumentation) {
        held.docs[i] = documentation;
        out.data = [held.id, i];
      } else out.documentation = documentation;
    }
    return out;
  });
  const itemDefaults: CompletionList['itemDefaults'] = shareRange ? { editRange: range } : undefined;
  if (itemDefaults && format !== undefined) itemDefaults.insertTextFormat = format;
  return itemDefaults ? { isIncomplete: list.isIncomplete, itemDefaults, items: slim } : { isIncomplete: list.isIncomplete, items: slim };
}

/** The documentation held back from the last long completion list, for completionItem/resolve. */
export interface HeldDocumentation {
  readonly id: number;
  readonly docs: CompletionItem['documentation'][];
}

/** The completion list features the client declares; a malformed declaration counts as absent. */
export function completionCapabilities(completion: unknown): CompletionCapabilities {
  const c = (typeof completion === 'object' && completion !== null ? completion : {}) as {
    completionItem?: { resolveSupport?: { properties?: unknown } };
    completionList?: { itemDefaults?: unknown };
  };
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const defaults = listOf(c.completionList?.itemDefaults);
  return {
    resolveDocumentation: listOf(c.completionItem?.resolveSupport?.properties).includes('documentation'),
    editRangeDefault: defaults.includes('editRange'),
    formatDefault: defaults.includes('insertTextFormat'),
  };
}

/** The item with the documentation `slimList` held back for it, when it is from the last list. */
export function resolveItem(item: CompletionItem, held: HeldDocumentation): CompletionItem {
  const ref = item.data as unknown;
  if (Array.isArray(ref) && ref[0] === held.id && typeof ref[1] === 'number' && held.docs[ref[1]]) {
    return { ...item, documentation: held.docs[ref[1]] };
  }
  return item;
}
