import { type Connection, createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HCL_WASM } from '../common/hcl';
import { getBundledCatalog } from '../core';
import { type RuntimeEnvironment, startServer } from '../common/server';

declare const PACKAGE_VERSION: string;

const runtime: RuntimeEnvironment = {
  hclModules: async () => ({ runtime: await readFile(join(__dirname, HCL_WASM.runtime)), grammar: await readFile(join(__dirname, HCL_WASM.grammar)) }),
  readFile(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    setImmediate(callback) {
      const handle = setImmediate(callback);
      return { dispose: () => clearImmediate(handle) };
    },
  },
};

/**
 * The connection over stdin and stdout. Built here rather than by `createConnection` from
 * `--stdio` so that the reader's errors are heard: after a frame with a missing or malformed
 * Content-Length the reader is out of step with the stream for good, and a server that stays
 * up would be deaf to every later message. It exits instead, so the editor restarts it.
 */
function stdioConnection(): Connection {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    // A well-framed body that is not JSON loses one message, not the stream.
    if (error instanceof SyntaxError) {
      process.stderr.write(`iam-policy-language-server: ignoring a message that is not JSON: ${error.message}\n`);
      return;
    }
    process.stderr.write(`iam-policy-language-server: unreadable message, exiting: ${error.message}\n`);
    process.exit(1);
  });
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  // What `createConnection` does for `--stdio` itself: exit when the editor closes the pipe (an
  // error unless it asked for a shutdown first), and keep stray console output off stdout.
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdown ? 0 : 1));
  console.log = console.info = console.debug = console.error;
  return connection;
}

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  const { source, counts } = getBundledCatalog();
  process.stdout.write(
    `iam-policy-language-server ${PACKAGE_VERSION}\nIAM data: ${source.package} ${source.version} (${source.updatedAt.slice(0, 10)}), ` +
      `${counts.services} services, ${counts.actions} actions\n`,
  );
  process.exit(0);
} else if (args.includes('--help') || args.includes('-h') || args.length === 0) {
  process.stdout.write(
    'Usage: iam-policy-language-server --stdio | --node-ipc | --socket=<port>\n' +
      'Language server for AWS IAM policies (completion, hover, diagnostics, code actions).\n',
  );
  process.exit(args.length === 0 ? 2 : 0);
} else {
  startServer(args.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all), runtime);
}
