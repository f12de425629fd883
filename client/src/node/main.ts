import type * as vscode from 'vscode';
import { type BaseLanguageClient } from 'vscode-languageclient';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { type ExtensionApi, startClient } from '../client';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const module = context.asAbsolutePath('dist/server/node.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const started = await startClient(context, (id, name, options) => new LanguageClient(id, name, serverOptions, options));
  client = started.client;
  return started.api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
