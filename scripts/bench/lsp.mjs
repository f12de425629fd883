// A minimal LSP client over stdio for the benchmark: the same messages an editor sends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

export class BenchClient {
  constructor(serverPath) {
    this.startedAt = performance.now();
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.process.stderr.on('data', (c) => (this.stderr += c));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.waiters = [];
    this.version = 0;
    this.published = new Map();
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.published.set(params.uri, { params, at: performance.now() });
      const ready = this.waiters.filter((w) => w.uri === params.uri && (w.version === undefined || params.version === undefined || params.version >= w.version));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(params);
    });
    this.connection.onNotification('window/logMessage', () => {});
    // Answer as VS Code does: settings from the client, capability registration accepted.
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize() {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      // What VS Code declares for completion: documentation on resolve, shared item defaults.
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: {
            completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
          },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the diagnostics for `uri` at `version` or later (already published or the next). */
  diagnostics(uri, version, timeoutMs = 120000) {
    const last = this.published.get(uri);
    if (last && version !== undefined && last.params.version >= version) return Promise.resolve(last.params);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  open(uri, text, languageId = 'json') {
    const version = ++this.version;
    const published = this.diagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return published;
  }

  /** An incremental edit, as typed: inserts `text` at a position. Returns the new version. */
  insert(uri, position, text) {
    const version = ++this.version;
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text }],
    });
    return version;
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  /** CPU time (user + system) the server process has used so far, in ms (Linux /proc, 10 ms ticks). */
  cpuMs() {
    try {
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return NaN;
    }
  }

  /** Resident set size of the server process now and at its peak, in MB (Linux /proc). */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMB: kb('VmRSS') / 1024, peakRssMB: kb('VmHWM') / 1024 };
    } catch {
      return { rssMB: NaN, peakRssMB: NaN };
    }
  }

  async stop() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
