// Drives the built server over stdio exactly as an editor does.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createMessageConnection,
  type Message,
  type MessageConnection,
  type MessageReader,
  type ResponseMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = resolve(process.env.BUILD_OUT || 'dist', 'server/node.js');

/** Options of `LspClient.start` beyond capabilities and settings. */
export interface StartOptions {
  /** The client answers workspace/configuration only once this settles (a slow or silent client). */
  readonly configurationAnswered?: Promise<unknown>;
  readonly initializationOptions?: unknown;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  /** Resolves with the server's exit code when its process ends, however it ends. */
  readonly exited: Promise<number | null>;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; resolve: (d: Diagnostic[]) => void }[] = [];
  private readonly rawAnswers = new Map<string, (message: ResponseMessage) => void>();
  private readonly writer: StreamMessageWriter;
  private version = 0;
  private rawId = 0;
  configurationAnswered: Promise<unknown> | undefined;

  private constructor(readonly process: ChildProcess) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    this.writer = new StreamMessageWriter(process.stdin!);
    this.connection = createMessageConnection(this.answersToRawRequests(new StreamMessageReader(process.stdout!)), this.writer);
    process.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const w of this.waiters.filter((w) => w.uri === params.uri)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(params.diagnostics);
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', async (params: { items: unknown[] }) => {
      await this.configurationAnswered;
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      for (const waiter of this.refreshWaiters.splice(0)) waiter();
      return null;
    });
    this.connection.listen();
  }

  settings: Record<string, unknown> = {};

  /** How many times the server asked to pull diagnostics again (after late settings, say). */
  refreshes = 0;
  private readonly refreshWaiters: (() => void)[] = [];

  /** Resolves at the server's next `workspace/diagnostic/refresh` request. */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.refreshWaiters.push(resolve));
  }

  /** Spawns the server with --stdio and initializes it. */
  static async start(
    capabilities: ClientCapabilities = {},
    settings: Record<string, unknown> = {},
    options: StartOptions = {},
  ): Promise<{ client: LspClient; init: InitializeResult }> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    client.settings = settings;
    client.configurationAnswered = options.configurationAnswered;
    const init = (await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, ...capabilities },
      initializationOptions: options.initializationOptions,
    })) as InitializeResult;
    await client.connection.sendNotification('initialized', {});
    return { client, init };
  }

  /** Opens a document; resolves with the first diagnostics published for it (push mode). */
  open(uri: string, text: string, languageId = 'json'): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: ++this.version, text } });
    return published;
  }

  change(uri: string, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++this.version },
      contentChanges: [{ text }],
    });
    return published;
  }

  /** The last diagnostics published for the uri, with the version they are for. */
  published(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri);
  }

  nextDiagnostics(uri: string, timeoutMs = 10000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /**
   * Sends a request exactly as given, params the connection would refuse to send (null, a
   * number) included; resolves with the server's whole response message.
   */
  rawRequest(method: string, params: unknown): Promise<ResponseMessage> {
    const id = `raw-${++this.rawId}`;
    const answered = new Promise<ResponseMessage>((resolve) => this.rawAnswers.set(id, resolve));
    void this.writer.write({ jsonrpc: '2.0', id, method, params } as Message);
    return answered;
  }

  /** Sends a notification exactly as given (malformed params included). */
  rawNotification(method: string, params: unknown): Promise<void> {
    return this.writer.write({ jsonrpc: '2.0', method, params } as Message);
  }

  /** Writes bytes to the server's stdin as they are, frames or not. */
  writeBytes(data: string): void {
    this.process.stdin!.write(data);
  }

  /** The reader, with answers to `rawRequest` taken out before the connection sees ids it never sent. */
  private answersToRawRequests(reader: StreamMessageReader): MessageReader {
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback) =>
        reader.listen((message) => {
          const id = (message as ResponseMessage).id;
          const answer = typeof id === 'string' ? this.rawAnswers.get(id) : undefined;
          if (!answer) return callback(message);
          this.rawAnswers.delete(id as string);
          answer(message as ResponseMessage);
        }),
      dispose: () => reader.dispose(),
    };
  }

  /** Shuts down politely and waits for the process to exit; returns its exit code. */
  async stop(): Promise<number | null> {
    const exited = this.exited;
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** Position of the `|` marker and the text without it. */
export function marker(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('expected exactly one | marker');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The position of the first `needle` in `text`, moved `delta` characters on; fails when it is not there. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`not in the text: ${needle}`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** A CloudFormation role with a trust policy and one inline policy (statement `Queue` on line 17): the template the embedded-policy requests are tried on. */
export const ROLE_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Queue
                Effect: Allow
                Action: sqs:SendMessage
                Resource: arn:aws:sqs:eu-west-1:111122223333:orders
`;
