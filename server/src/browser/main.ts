import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { HCL_WASM } from '../common/hcl';
import { startServer } from '../common/server';

// The DOM lib has no worker-scope type; a dedicated worker scope posts and receives messages like a Worker.
declare const self: Worker;

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
/** A module of the server's build folder (the client says where it is; else next to this script), as bytes. */
async function sibling(name: string, folder: string | undefined): Promise<Uint8Array> {
  const response = await fetch(new URL(name, folder ?? (self as unknown as { location: { href: string } }).location.href));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

startServer(connection, {
  hclModules: async (folder) => ({ runtime: await sibling(HCL_WASM.runtime, folder), grammar: await sibling(HCL_WASM.grammar, folder) }),
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    // A worker has no setImmediate; a 0 ms timeout also lets queued messages in first.
    setImmediate(callback) {
      const handle = setTimeout(callback, 0);
      return { dispose: () => clearTimeout(handle) };
    },
  },
});
