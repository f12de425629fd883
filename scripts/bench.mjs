// Performance benchmark with budgets: `npm run bench` (production build first).
// Prints a table and writes .bench/results.json. BUILD_OUT selects the build folder (default dist).
//   node scripts/bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractManagedPolicies } from './bench/corpus.mjs';
import { featureLatency, loadCore, validationTime } from './bench/facade.mjs';
import { catalogueSweepPolicy } from './bench/generate.mjs';
import { checkAccessLatency, evaluationTimes } from './bench/evaluation.mjs';
import { accessTimes } from './bench/access.mjs';
import { templateTimes } from './bench/template.mjs';
import { terraformTimes } from './bench/terraform.mjs';
import { ruleCosts } from './bench/rules.mjs';
import { catalogueMemory, coldStart, latency } from './bench/server.mjs';
import { median, ms, round, table } from './bench/stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = process.env.BUILD_OUT || 'dist';
const quick = process.argv.includes('--quick');
const serverPath = join(root, distDir, 'server/node.js');
const cliPath = join(root, distDir, 'cli.js');
const SIZES = [10 * 1024, 100 * 1024, 1024 * 1024];
const KB = (n) => `${Math.round(n / 1024)} KB`;
const log = (s) => process.stderr.write(`${s}\n`);

if (!existsSync(serverPath)) {
  console.error(`no build in ${distDir}; run node scripts/build.mjs --production first`);
  process.exit(2);
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg()[0],
};
const results = { date: new Date().toISOString(), machine, build: distDir };
const busy = () => loadavg()[0] > machine.cpus;

// 1. Server cold start.
log('cold start...');
results.coldStart = await coldStart(serverPath, quick ? 3 : 9);

// 2. Validation, completion and hover in the core facade.
log('core facade...');
const { core, service, catalogLoadMs } = loadCore(root, distDir);
results.catalogLoadMs = catalogLoadMs;
results.validation = SIZES.map((b) => validationTime(service, b, quick ? 3 : 7));
results.facade = SIZES.map((b) => featureLatency(service, b, quick ? 10 : 40));

// 2a. The offline evaluator: 10,000 requests against a policy of 100 statements.
log('evaluator...');
results.evaluation = evaluationTimes(core, service, 10_000, quick ? 3 : 7);

// 2a'. The effective-access view of a 1 MB policy (docs/access.md).
log('effective access...');
results.access = accessTimes(core, service, 1024 * 1024, quick ? 5 : 11);

// 2b. CloudFormation templates in YAML: finding, projecting and checking their policies.
log('templates...');
results.templates = [50 * 1000, 1000 * 1000].map((b) => templateTimes(service, b, quick ? 2 : 5));

// 3. The same features through the server over stdio.
log('server latency...');
results.server = [];
for (const b of SIZES) results.server.push(await latency(serverPath, b, quick ? 8 : 24));

// 3a. The editor's Check Access through the server (iamPolicy/checkAccess).
log('check access over the server...');
results.checkAccess = await checkAccessLatency(serverPath, quick ? 30 : 100);

// 3b. Terraform files through the server (the HCL parser is loaded on the first .tf file).
log('terraform...');
results.terraform = [];
for (const b of [50 * 1000, 1000 * 1000]) results.terraform.push(await terraformTimes(serverPath, b, quick ? 10 : 30));

// 4. Server memory with the whole catalogue loaded.
log('catalogue memory...');
const sweep = service.catalog.servicePrefixes.flatMap((prefix) => {
  const first = service.catalog.getService(prefix)?.actions[0];
  return first ? [first.fullName] : [];
});
results.catalogueMemory = { services: sweep.length, ...(await catalogueMemory(serverPath, catalogueSweepPolicy(sweep))) };

// 5. CLI over the AWS managed policies, one process per run.
log('managed policies through the CLI...');
const corpus = extractManagedPolicies();
const rssFile = join(tmpdir(), `iam-bench-rss-${process.pid}`);
const cliRuns = [];
let cliReport;
for (let i = 0; i < (quick ? 1 : 3); i++) {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--require', join(root, 'scripts/bench/rss-report.cjs'), cliPath, '--format', 'json', corpus.dir], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (run.status === 2 || run.error) throw new Error(`CLI failed (${run.status}): ${run.error ?? run.stderr}`);
  const [rssKB, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  cliRuns.push({ wallMs, cpuMs: cpuMicros / 1000, peakRssMB: rssKB / 1024 });
  cliReport = JSON.parse(run.stdout);
}
rmSync(rssFile, { force: true });
log('CPU time per rule...');
results.ruleCosts = await ruleCosts(root, corpus.dir);
rmSync(corpus.dir, { recursive: true, force: true });
const byCode = {};
for (const file of cliReport) for (const d of file.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
const cliWall = median(cliRuns.map((r) => r.wallMs));
results.cli = {
  policies: corpus.count,
  bytes: corpus.bytes,
  wallMs: cliWall,
  cpuMs: median(cliRuns.map((r) => r.cpuMs)),
  policiesPerSecond: corpus.count / (cliWall / 1000),
  peakRssMB: Math.max(...cliRuns.map((r) => r.peakRssMB)),
  runs: cliRuns,
  findingsByCode: byCode,
};

// 6. Bundle sizes.
const bundles = ['server/node.js', 'server/browser.js', 'client/node.js', 'client/browser.js', 'cli.js', 'iam-policy-language-tools.vsix'];
results.bundles = Object.fromEntries(bundles.filter((f) => existsSync(join(root, distDir, f))).map((f) => [f, statSync(join(root, distDir, f)).size]));

machine.loadAverageAtEnd = loadavg()[0];

// Budgets.
const oneMB = (list) => list[list.length - 1];
const v100 = results.validation[1];
const v1m = oneMB(results.validation);
const growth = v1m.totalMs / v100.totalMs / (v1m.bytes / v100.bytes);
const budget = (name, value, limit, unit, pass = value < limit) => ({ name, value: round(value, 1), limit, unit, pass });
results.budgets = [
  budget('cold start to first diagnostics (median)', results.coldStart.median, 300, 'ms'),
  budget('completion p95 after a keystroke, 1 MB (server)', oneMB(results.server).completionTyping.p95, 20, 'ms'),
  budget('hover p95 at rest, 1 MB (server)', oneMB(results.server).hoverAtRest.p95, 10, 'ms'),
  budget('parse + validation, 1 MB', v1m.totalMs, 150, 'ms'),
  budget('evaluator: 10,000 requests, 100-statement policy', results.evaluation.ms, 1000, 'ms'),
  budget('editor Check Access p95, 1 MB policy (server)', round(results.checkAccess['1 MB'].p95), 50, 'ms'),
  budget('effective access of a 1 MB policy', results.access.ms, 200, 'ms'),
  budget('validation growth 100 KB -> 1 MB, relative to size', growth, 1.5, 'x (1 = linear)'),
  budget('managed policies through the CLI, wall time', cliWall, 1000, 'ms'),
  budget('template 1 MB (~270 roles): first diagnostics', oneMB(results.templates).firstDiagnosticsMs, 300, 'ms'),
  budget('template 50 KB: completion p95 after a keystroke (re-read)', results.templates[0].completionAfterEditP95, 20, 'ms'),
  budget('Terraform 1 MB: open to first diagnostics (server)', oneMB(results.terraform).openToDiagnosticsMs, 300, 'ms'),
  budget('Terraform 1 MB: completion p95 after a keystroke (server)', oneMB(results.terraform).completionTypingP95, 20, 'ms'),
  budget('server RSS with the whole catalogue (peak)', results.catalogueMemory.peakRssMB, 120, 'MB'),
  budget('server browser bundle', (results.bundles['server/browser.js'] ?? NaN) / 1024 / 1024, 10, 'MB'),
];

// Report.
const out = [];
out.push(`Machine: ${machine.cpus} CPUs, ${machine.cpuModel}, node ${machine.node}, ${machine.platform}; ` +
  `load average ${machine.loadAverageAtStart.toFixed(1)} at start, ${machine.loadAverageAtEnd.toFixed(1)} at end`);
if (busy() || machine.loadAverageAtStart > machine.cpus) {
  out.push(`WARNING: other processes compete for the ${machine.cpus} CPUs: wall times are inflated; CPU times show the work itself.`);
}
out.push('', `Server cold start to first diagnostics: median ${ms(results.coldStart.median)} over ${results.coldStart.runs.length} runs ` +
  `(${results.coldStart.runs.map((r) => Math.round(r)).join(', ')}); server CPU time ${ms(results.coldStart.serverCpuMsMedian)}; catalogue load in-process ${ms(catalogLoadMs)}`);
out.push('', 'Validation (core facade, median):');
out.push(table([['size', 'parse', 'rules', 'total', 'CPU', 'per 100 KB', 'findings'], ...results.validation.map((v) => [KB(v.bytes), ms(v.parseMs), ms(v.validateMs), ms(v.totalMs), ms(v.cpuMs), ms((v.totalMs / v.bytes) * 102400), v.diagnostics])]));
out.push('', 'Completion and hover (core facade; cached = parse reused, fresh = parse included):');
out.push(table([['size', 'compl. cached p50/p95', 'hover cached p50/p95', 'compl. fresh p50/p95', 'hover fresh p50/p95'],
  ...results.facade.map((f) => [KB(f.bytes), ...[f.completionCached, f.hoverCached, f.completionFreshParse, f.hoverFreshParse].map((s) => `${ms(s.p50)} / ${ms(s.p95)}`)])]));
out.push('', 'YAML templates (core facade, median; a keystroke re-reads the template):');
out.push(table([['size', 'roles', 'policies', 'read + project', 'rules', 'first diagnostics', 'completion cached p95', 'completion after edit p95'],
  ...results.templates.map((t) => [KB(t.bytes), t.roles, t.policies, ms(t.readMs), ms(t.validateMs), ms(t.firstDiagnosticsMs), ms(t.completionCachedP95), ms(t.completionAfterEditP95)])]));
out.push('', 'Completion and hover over stdio (client round trip; typing = didChange + request):');
out.push(table([['size', 'compl. typing p50/p95', 'hover typing p50/p95', 'compl. at rest p50/p95', 'hover at rest p50/p95', 'open->diags', 'last key->diags'],
  ...results.server.map((s) => [KB(s.bytes), ...[s.completionTyping, s.hoverTyping, s.completionAtRest, s.hoverAtRest].map((x) => `${ms(x.p50)} / ${ms(x.p95)}`), ms(s.openToDiagnosticsMs), ms(s.lastKeystrokeToDiagnosticsMs)])]));
out.push('', 'Terraform files over stdio (typing = didChange + completion in the middle policy document; the reader takes the first 1,000 policies):');
out.push(table([['size', 'policies', 'first .tf file (parser load)', 'open->diags', 'findings', 'compl. typing p50/p95'],
  ...results.terraform.map((t) => [KB(t.bytes), t.policies, ms(t.firstTfFileMs), ms(t.openToDiagnosticsMs), t.diagnosticsCount, `${ms(t.completionTypingP50)} / ${ms(t.completionTypingP95)}`])]));
out.push('', `Server with the whole catalogue (${results.catalogueMemory.services} services): RSS ${results.catalogueMemory.rssMB.toFixed(0)} MB, ` +
  `peak ${results.catalogueMemory.peakRssMB.toFixed(0)} MB (idle after start ${results.catalogueMemory.idleRssMB.toFixed(0)} MB)`);
out.push(`CLI on ${results.cli.policies} AWS managed policies (${KB(results.cli.bytes)}): ${ms(cliWall)} wall, ${ms(results.cli.cpuMs)} CPU (all threads), ` +
  `${Math.round(results.cli.policiesPerSecond)} policies/s, peak RSS ${results.cli.peakRssMB.toFixed(0)} MB; findings: ${JSON.stringify(byCode)}`);
for (const [set, costs] of Object.entries(results.ruleCosts)) {
  const total = costs.reduce((sum, c) => sum + c.ms, 0);
  out.push(`Rules on the ${set} (warm caches): ${ms(total)} CPU in all; slowest: ${costs.slice(0, 6).map((c) => `${c.code} ${ms(c.ms)}`).join(', ')}`);
}
out.push(`Evaluator: ${results.evaluation.requests} requests against a policy of ${results.evaluation.statements} statements in ${ms(results.evaluation.ms)} (${results.evaluation.perRequestUs.toFixed(1)} µs a request); decisions: ${JSON.stringify(results.evaluation.tally)}`);
out.push(`Effective access: ${results.access.actions} actions of ${results.access.services} services from a policy of ${results.access.statements} statements (${KB(results.access.bytes)}) in ${ms(results.access.ms)} ` +
  `(first run, loading every service of the catalogue: ${ms(results.access.firstMs)}); diff of the policy with itself ${ms(results.access.diffSelfMs)}`);
out.push(`Check Access over the server: ${Object.entries(results.checkAccess).map(([name, r]) => `${name} p50 ${ms(r.p50)}, p95 ${ms(r.p95)}`).join('; ')}`);
out.push('Bundles: ' + Object.entries(results.bundles).map(([f, b]) => `${f} ${(b / 1024 / 1024).toFixed(2)} MB`).join(', '));
out.push('', 'Budgets:');
out.push(table([['budget', 'value', 'limit', 'result'], ...results.budgets.map((b) => [b.name, `${b.value} ${b.unit}`, `< ${b.limit}`, b.pass ? 'PASS' : 'FAIL'])]));
console.log(out.join('\n'));

mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench/results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote .bench/results.json`);
process.exitCode = results.budgets.every((b) => b.pass) ? 0 : 1;
