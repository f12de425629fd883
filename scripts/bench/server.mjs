// Benchmarks that drive the real language server over stdio, as an editor does.
import { BenchClient } from './lsp.mjs';
import { generatePolicy } from './generate.mjs';
import { cursorPlaces, positionAt } from './places.mjs';
import { median, percentile, sleep } from './stats.mjs';

const SMALL_POLICY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjekt'], Resource: 'arn:aws:s3:::example-bucket/*' }] },
  null,
  2,
);

/** Process start to the first diagnostics of a small policy, several fresh processes. */
export async function coldStart(serverPath, runs) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const client = new BenchClient(serverPath);
    await client.initialize();
    await client.open('file:///bench/small.json', SMALL_POLICY);
    times.push(performance.now() - client.startedAt);
    cpu.push(client.cpuMs());
    await client.stop();
  }
  // CPU time shows the work itself when other processes compete for the cores.
  return { runs: times, median: median(times), serverCpuMsMedian: median(cpu) };
}

/** Pause between keystrokes: a fast typist, faster than the validation delay. */
const KEYSTROKE_GAP_MS = 40;

/**
 * Completion and hover latency on one generated policy, measured at the client:
 * - after a keystroke: didChange then the request, as VS Code sends them while typing;
 * - at rest: the request on an unchanged document (hovering with the mouse).
 */
export async function latency(serverPath, bytes, iterations) {
  const client = new BenchClient(serverPath);
  await client.initialize();
  const uri = `file:///bench/policy-${bytes}.json`;
  const text = generatePolicy(bytes);
  let start = performance.now();
  const firstDiagnostics = await client.open(uri, text);
  const openToDiagnosticsMs = performance.now() - start;
  const samples = { completionTyping: [], completionAtRest: [], hoverAtRest: [], hoverTyping: [] };
  const emptyAnswers = { completion: 0, hover: 0 };
  let lastChangeAt = 0;
  const keystrokeToDiagnostics = [];
  for (const place of cursorPlaces(text)) {
    const position = positionAt(text, place.offset);
    const after = { line: position.line, character: position.character + 1 };
    for (let i = 0; i < iterations; i++) {
      // Type one character, then take it back on the next keystroke: the document keeps its size.
      const typed = i % 2 === 0;
      start = performance.now();
      if (typed) client.insert(uri, position, 'x');
      else client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++client.version },
        contentChanges: [{ range: { start: position, end: after }, text: '' }],
      });
      lastChangeAt = performance.now();
      const at = typed ? after : position;
      const kind = i % 4 < 2 ? 'completion' : 'hover';
      const answer = await client.request(`textDocument/${kind}`, { textDocument: { uri }, position: at });
      samples[kind === 'completion' ? 'completionTyping' : 'hoverTyping'].push(performance.now() - start);
      await sleep(KEYSTROKE_GAP_MS);
    }
    // Typing stopped: the debounced validation publishes for the last version. At rest then
    // means after it, as when the mouse hovers once the diagnostics are shown.
    await client.diagnostics(uri, client.version);
    keystrokeToDiagnostics.push(client.published.get(uri).at - lastChangeAt);
    // The document is back to its original text (an even number of keystrokes).
    for (let i = 0; i < iterations; i++) {
      start = performance.now();
      const list = await client.request('textDocument/completion', { textDocument: { uri }, position });
      samples.completionAtRest.push(performance.now() - start);
      if (!list || list.items?.length === 0) emptyAnswers.completion++;
      start = performance.now();
      const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
      samples.hoverAtRest.push(performance.now() - start);
      if (!hover) emptyAnswers.hover++;
    }
  }
  const diagnostics = await client.diagnostics(uri, client.version);
  const lastKeystrokeToDiagnosticsMs = median(keystrokeToDiagnostics);
  await client.stop();
  const summary = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });
  return {
    bytes: text.length,
    openToDiagnosticsMs,
    diagnosticsCount: firstDiagnostics.diagnostics.length,
    lastKeystrokeToDiagnosticsMs,
    finalDiagnosticsCount: diagnostics.diagnostics.length,
    completionTyping: summary(samples.completionTyping),
    hoverTyping: summary(samples.hoverTyping),
    completionAtRest: summary(samples.completionAtRest),
    hoverAtRest: summary(samples.hoverAtRest),
    emptyAnswers,
  };
}

/** Server memory once every service of the catalogue has been loaded (one action of each named). */
export async function catalogueMemory(serverPath, sweepPolicy) {
  const client = new BenchClient(serverPath);
  await client.initialize();
  const before = client.memory();
  const published = await client.open('file:///bench/catalogue.json', sweepPolicy);
  // Completion of service prefixes and a hover, so the features' own indexes are built too.
  await client.request('textDocument/completion', { textDocument: { uri: 'file:///bench/catalogue.json' }, position: { line: 5, character: 8 } });
  await client.request('textDocument/hover', { textDocument: { uri: 'file:///bench/catalogue.json' }, position: { line: 5, character: 8 } });
  const after = client.memory();
  await client.stop();
  return { idleRssMB: before.rssMB, rssMB: after.rssMB, peakRssMB: after.peakRssMB, diagnostics: published.diagnostics.length };
}
