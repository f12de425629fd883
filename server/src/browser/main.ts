import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../common/server';

// The DOM lib has no worker-scope type; a dedicated worker scope posts and receives messages like a Worker.
declare const self: Worker;

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, {
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
