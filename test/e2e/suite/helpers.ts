// Waits and document helpers for the extension suite. Every wait is on an event with a
// deadline; nothing sleeps for a fixed time.
import * as vscode from 'vscode';
import { assert } from './harness';

export const EXTENSION_ID = 'iam-policy-tools.iam-policy-language-tools';
export const DEFAULT_DEADLINE_MS = 30_000;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert(folder, 'the suite needs a workspace folder (the runner opens one)');
  return folder.uri;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Opens a fixture (copied into the workspace by the runner) in an editor. */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(`fixtures/${name}`));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Writes `textWithCursor` (one `|` marks the cursor) to a new file in the workspace, opens it,
 * and returns the document and the cursor position. Fails loudly on a malformed marker.
 */
export async function openPolicy(name: string, textWithCursor: string): Promise<{ doc: vscode.TextDocument; cursor: vscode.Position }> {
  const offset = textWithCursor.indexOf('|');
  assert(offset >= 0 && textWithCursor.indexOf('|', offset + 1) < 0, `${name}: the text needs exactly one | cursor marker`);
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const uri = fileUri(`scratch/${name}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return { doc, cursor: doc.positionAt(offset) };
}

/** The range of the `occurrence`-th (0-based) match of `needle` in the document. */
export function rangeOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = doc.getText().indexOf(needle, offset + 1);
    assert(offset >= 0, `"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.path}`);
  }
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + needle.length));
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) {
    return undefined;
  }
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function withCode(diagnostics: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => codeOf(d) === code);
}

function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  return all.length === 0 ? '(none)' : all.map((d) => `${codeOf(d) ?? '-'} "${d.message}" at ${d.range.start.line + 1}:${d.range.start.character + 1}`).join('; ');
}

/**
 * Resolves with the document's diagnostics once `predicate` holds for them: at once if it
 * holds now (unless `onlyNew`), otherwise on the first diagnostics change that makes it hold.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  { deadlineMs = DEFAULT_DEADLINE_MS, onlyNew = false } = {},
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const current = vscode.languages.getDiagnostics(uri);
    if (!onlyNew && predicate(current)) {
      resolve(current);
      return;
    }
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`waiting for ${what} in ${uri.path}: not seen after ${deadlineMs} ms; diagnostics now: ${describeDiagnostics(uri)}`));
    }, deadlineMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) {
        return;
      }
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (predicate(diagnostics)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(diagnostics);
      }
    });
  });
}

/** The text a diagnostic covers, without the JSON string quotes. */
export function coveredText(doc: vscode.TextDocument, range: vscode.Range): string {
  return doc.getText(range).replace(/^"(.*)"$/s, '$1');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Expands a snippet to the text it inserts when every placeholder keeps its default. */
function snippetText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/**
 * The document text after accepting `item` at `cursor` the way the editor does by default
 * (`editor.suggest.insertMode: insert`).
 */
export function textAfterCompletion(doc: vscode.TextDocument, cursor: vscode.Position, item: vscode.CompletionItem): string {
  let range: vscode.Range;
  if (item.range === undefined) {
    const word = doc.getWordRangeAtPosition(cursor);
    range = word ? new vscode.Range(word.start, cursor) : new vscode.Range(cursor, cursor);
  } else if ('inserting' in item.range) {
    range = item.range.inserting;
  } else {
    range = item.range;
  }
  const insert = item.insertText instanceof vscode.SnippetString
    ? snippetText(item.insertText.value)
    : item.insertText ?? labelOf(item);
  const text = doc.getText();
  return text.slice(0, doc.offsetAt(range.start)) + insert + text.slice(doc.offsetAt(range.end));
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function getCodeActions(uri: vscode.Uri, range: vscode.Range): Thenable<(vscode.CodeAction | vscode.Command)[]> {
  // The last argument asks VS Code to resolve lazily computed edits of the first 20 actions.
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, undefined, 20);
}

/** Applies a code action as the lightbulb would: its edit first, then its command. */
export async function applyCodeAction(action: vscode.CodeAction | vscode.Command): Promise<void> {
  if (typeof action.command === 'string') {
    // A bare command (the older form of a code action).
    const command = action as vscode.Command;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    return;
  }
  const codeAction = action as vscode.CodeAction;
  if (codeAction.edit) {
    assert(await vscode.workspace.applyEdit(codeAction.edit), `the edit of "${codeAction.title}" was not applied`);
  }
  if (codeAction.command) {
    await vscode.commands.executeCommand(codeAction.command.command, ...(codeAction.command.arguments ?? []));
  }
}

/** Normalises line ends so fixtures checked out with CRLF compare equal. */
export function lf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
