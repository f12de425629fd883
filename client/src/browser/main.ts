import * as vscode from 'vscode';
import { type BaseLanguageClient } from 'vscode-languageclient';
import { LanguageClient } from 'vscode-languageclient/browser';
import { startClient } from '../client';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/server/browser.js');
  client = await startClient(context, (id, name, options) => new LanguageClient(id, name, new Worker(serverMain.toString(true)), options));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
