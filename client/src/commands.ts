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

/** Registers the commands that need the language client (called once from `startClient`). */
export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NARROW_COMMAND, (args?: NarrowCommandArgs) => narrowWildcardAction(client, args)),
  );
}
