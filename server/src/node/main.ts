import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { getBundledCatalog } from '../core/catalog/bundled';
import { startServer } from '../common/server';

declare const PACKAGE_VERSION: string;

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
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, {
    timer: {
      setTimeout(callback, ms) {
        const handle = setTimeout(callback, ms);
        return { dispose: () => clearTimeout(handle) };
      },
    },
  });
}
