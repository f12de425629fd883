import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { Commands, type InitializationOptions, SETTINGS_SECTION } from '../../server/src/common/protocol';
import { registerAccessView } from './accessView';
import { registerCommands } from './commands';
import type { AccessViewResult } from '../../server/src/common/commands';

/** Creates the platform's language client (node: IPC process; browser: web worker). */
type LanguageClientConstructor = (id: string, name: string, options: LanguageClientOptions) => BaseLanguageClient;

const SECTION = SETTINGS_SECTION;

/** What the extension's `activate` returns to other extensions (and to the real-editor tests). */
export interface ExtensionApi {
  /** Computes the IAM Access view for the active editor and returns what it shows. */
  accessView(): Promise<AccessViewResult | null>;
}

/** Starts the client shared by the desktop and web entries and returns it, with the extension's API. */
export async function startClient(
  context: vscode.ExtensionContext,
  createLanguageClient: LanguageClientConstructor,
): Promise<{ client: BaseLanguageClient; api: ExtensionApi }> {
  const output = vscode.window.createOutputChannel('IAM Policy', { log: true });
  context.subscriptions.push(output);
  const options: LanguageClientOptions = {
    // JSON policies; CloudFormation, SAM and Serverless templates (YAML or JSON); Terraform files
    // (language `terraform` or `hcl` with an HCL extension, file patterns without one) and the
    // template files their templatefile() calls read.
    documentSelector: [
      { language: 'json' },
      { language: 'jsonc' },
      { language: 'yaml' },
      { language: 'terraform' },
      { language: 'hcl', pattern: '**/*.tf' },
      { pattern: '**/*.template' },
      { pattern: '**/*.tf' },
      { pattern: '**/*.tftpl' },
      { pattern: '**/*.json.tpl' },
    ],
    outputChannel: output,
    // A plain copy: the configuration object carries methods, which a web worker's
    // postMessage cannot clone (the browser server would never start).
    initializationOptions: {
      settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION))),
      // The commands this client runs, so that the server offers the code actions that call them.
      commands: [Commands.narrowWildcardAction, Commands.revealRange],
      // Where the browser server fetches the HCL parser (a web worker's own URL may be a blob).
      serverFolder: vscode.Uri.joinPath(context.extensionUri, 'dist/server/').toString(true),
    } satisfies InitializationOptions,
    synchronize: { configurationSection: SECTION },
  };
  const client = createLanguageClient('iamPolicy', 'IAM Policy Language Server', options);
  registerCommands(context, client);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.info('Restarting the IAM policy language server');
      await client.stop();
      await client.start();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
  );
  output.info(`Starting the IAM policy language server (${vscode.env.uiKind === vscode.UIKind.Web ? 'web worker' : 'node'})`);
  await client.start();
  const accessView = registerAccessView(context, client);
  const api: ExtensionApi = {
    accessView: async () => {
      await accessView.refresh();
      return accessView.last;
    },
  };
  return { client, api };
}
