import * as vscode from 'vscode';
import { type BaseLanguageClient } from 'vscode-languageclient';
import { LanguageClient } from 'vscode-languageclient/browser';
import { type ExtensionApi, startClient } from '../client';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/server/browser.js');
  const started = await startClient(context, (id, name, options) => new LanguageClient(id, name, new Worker(serverMain.toString(true)), options));
  client = started.client;
  return started.api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
