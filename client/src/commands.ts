import * as vscode from 'vscode';
import type { BaseLanguageClient, WorkspaceEdit } from 'vscode-languageclient';
import type { NarrowCommandArgs } from '../../server/src/core';
import { Commands, Requests } from '../../server/src/common/protocol';

const NARROW_COMMAND = Commands.narrowWildcardAction;
const NARROW_REQUEST = Requests.narrowWildcardAction;

/** Levels pre-selected in the picker: the usual least-privilege starting point. */
const PRESELECTED = new Set(['Read', 'List']);

/**
 * The arguments of the server's "Narrow … to chosen access levels…" code action at the
 * cursor, for a run from the command palette (the light bulb passes them directly).
 */
async function argsAtCursor(): Promise<NarrowCommandArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    editor.selection,
    vscode.CodeActionKind.RefactorRewrite.value,
  );
  for (const action of actions ?? []) {
    const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
    if (command?.command === NARROW_COMMAND) return command.arguments?.[0] as NarrowCommandArgs;
  }
  return undefined;
}

async function narrowWildcardAction(client: BaseLanguageClient, given?: NarrowCommandArgs): Promise<void> {
  const args = given ?? (await argsAtCursor());
  if (!args) {
    void vscode.window.showInformationMessage('Place the cursor on a wildcard action such as "s3:*" in an IAM policy.');
    return;
  }
  const items = args.levels.map((l) => ({
    label: l.level,
    description: l.count === 1 ? '1 action' : `${l.count} actions`,
    picked: PRESELECTED.has(l.level),
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: `Narrow '${args.pattern}'`,
    placeHolder: 'Access levels to keep',
  });
  if (!chosen || chosen.length === 0) return;
  const edit = await client.sendRequest<WorkspaceEdit | null>(NARROW_REQUEST, {
    textDocument: { uri: args.uri, version: args.version },
    position: args.position,
    levels: chosen.map((c) => c.label),
  });
  if (!edit) {
    void vscode.window.showWarningMessage(`Could not narrow '${args.pattern}': the document changed. Run the action again.`);
    return;
  }
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
}

/** What `iamPolicy/checkAccess` answers (see server/src/common/commands.ts). */
interface CheckAccessAnswer {
  readonly decision: string;
  readonly deciding: readonly { readonly range: { start: { line: number; character: number }; end: { line: number; character: number } }; readonly sid?: string; readonly effect: string }[];
  readonly missingContextKeys: readonly string[];
  readonly notes: readonly string[];
}

/** `key=value` pairs separated by commas or spaces; a key given twice has a list. */
function contextOf(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
    const had = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    out[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return out;
}

/**
 * IAM Policy: Check Access…: asks for an action, a resource and context keys, evaluates the
 * policy under the cursor offline, says the decision and selects the statement that decides.
 */
async function checkAccess(client: BaseLanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const position = client.code2ProtocolConverter.asPosition(editor.selection.active);
  const textDocument = { uri: editor.document.uri.toString() };
  const suggest = (action?: string) => client.sendRequest<AccessSuggestions | null>(Requests.accessSuggestions, { textDocument, position, action }).then((s) => s, () => null);
  const offered = await suggest();
  const action = await pickOrType({
    title: 'Check access (1/3): the action of the request',
    placeholder: 's3:GetObject',
    items: (offered?.actions ?? []).map((a) => ({ label: a.action, description: a.accessLevel, detail: a.description })),
    validate: (v) => (/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(v) && !/[*?]/.test(v) ? undefined : 'An action such as s3:GetObject'),
  });
  if (!action) return;
  const resources = (await suggest(action.trim()))?.resources ?? [];
  const resource = await pickOrType({
    title: 'Check access (2/3): the resource ARN of the request',
    placeholder: resources[0] ?? '*',
    items: resources.map((r) => ({ label: r, description: /[*?]|\$\{/.test(r) ? 'fill in the parts' : undefined })),
    validate: (v) => (v.trim() === '' ? 'A resource ARN, or *' : undefined),
    // A pattern or ARN format is a start: picking it puts it in the box to finish.
    editable: (label) => /[*?]|\$\{/.test(label) && label !== '*',
  });
  if (resource === undefined) return;
  const context = await vscode.window.showInputBox({ title: 'Check access (3/3)', prompt: 'Context keys, if any: key=value, separated by commas (principal=ARN sets the caller)', placeHolder: 'aws:username=alice, aws:SourceIp=203.0.113.7' });
  if (context === undefined) return;
  const keys = contextOf(context);
  const principal = typeof keys.principal === 'string' ? keys.principal : undefined;
  delete keys.principal;
  const answer = await client.sendRequest<CheckAccessAnswer | null>(Requests.checkAccess, {
    textDocument,
    position,
    request: { action: action.trim(), resource: resource.trim(), principal, context: keys },
  });
  if (!answer) {
    void vscode.window.showInformationMessage('Place the cursor in an IAM policy (a policy file, or a policy in a template or Terraform file).');
    return;
  }
  const first = answer.deciding[0];
  if (first) {
    const range = client.protocol2CodeConverter.asRange(first.range);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  const by = answer.deciding.map((d) => `${d.effect}${d.sid ? ` "${d.sid}"` : ''} (line ${d.range.start.line + 1})`).join(', ');
  const depends = answer.missingContextKeys.length > 0 ? ` It depends on ${answer.missingContextKeys.join(', ')}.` : '';
  const message = `${answer.decision}: ${action.trim()} on ${resource.trim()}${by ? `, decided by ${by}` : ''}.${depends}${answer.notes.length > 0 ? ` (${answer.notes.join('; ')})` : ''}`;
  void (answer.decision === 'Allow' ? vscode.window.showInformationMessage(message) : vscode.window.showWarningMessage(message));
}

/** A request test's code lens: opens the policy file at the statement that decided. */
async function revealRange(client: BaseLanguageClient, uri: unknown, range: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof range !== 'object' || range === null) return;
  const target = client.protocol2CodeConverter.asRange(range as Parameters<typeof client.protocol2CodeConverter.asRange>[0]);
  if (!target) return;
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: target, preview: true });
  editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** What `iamPolicy/accessSuggestions` answers (see server/src/common/commands.ts). */
interface AccessSuggestions {
  readonly actions: readonly { readonly action: string; readonly accessLevel: string; readonly description: string }[];
  readonly resources: readonly string[];
}

/**
 * A quick pick that offers items and takes any text typed: the value accepted is the picked
 * item's label, or what was typed. Picking an item `editable` says is a start (a pattern to
 * fill in) puts it in the box instead. Undefined when dismissed.
 */
function pickOrType(options: { title: string; placeholder: string; items: vscode.QuickPickItem[]; validate(value: string): string | undefined; editable?(label: string): boolean }): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.items = options.items;
    pick.matchOnDescription = true;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    // The problem with what is typed shows in the title (QuickPick has no validation message in this API version).
    const say = (problem: string | undefined) => (pick.title = problem ? `${options.title} — ${problem}` : options.title);
    pick.onDidChangeValue((value) => say(value === '' ? undefined : options.validate(value.trim())));
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label;
      const typed = pick.value.trim();
      let value: string;
      if (chosen !== undefined && options.editable?.(chosen)) {
        // A format to fill in: picked from an empty box, it goes into the box; typed text wins over it.
        if (typed === '') {
          pick.value = chosen;
          return;
        }
        value = typed;
      } else value = chosen ?? typed;
      const problem = options.validate(value);
      if (problem) say(problem);
      else finish(value);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

/** Registers the commands that need the language client (called once from `startClient`). */
export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NARROW_COMMAND, (args?: NarrowCommandArgs) => narrowWildcardAction(client, args)),
    vscode.commands.registerCommand(Commands.checkAccess, () => checkAccess(client)),
    vscode.commands.registerCommand(Commands.revealRange, (uri?: unknown, range?: unknown) => revealRange(client, uri, range)),
  );
}
