// Benchmarks of the core facade in this process (dist/core.js), without the LSP round trip:
// parse and validation time by size, completion and hover with and without a cached parse.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatePolicy } from './generate.mjs';
import { cursorPlaces } from './places.mjs';
import { median, percentile, time } from './stats.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

export function loadCore(root, distDir) {
  const core = require(join(root, distDir, 'core.js'));
  const catalog = time(() => core.getBundledCatalog());
  const service = core.getIamLanguageService({ catalog: catalog.result, onError: (where, e) => console.error(`contained error in ${where}:`, e) });
  return { core, service, catalogLoadMs: catalog.ms };
}

/** Parse and validation time (medians of `runs`) of a generated policy. */
export function validationTime(service, bytes, runs) {
  const text = generatePolicy(bytes);
  const parse = [];
  const validate = [];
  const cpu = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    // A new version each run, as after an edit: nothing may be reused from the previous run's parse.
    const document = TextDocument.create(`file:///bench/validate-${bytes}.json`, 'json', i + 1, text);
    const cpuStart = process.cpuUsage();
    const p = time(() => service.parsePolicy(document));
    const v = time(() => service.doValidation(document, p.result));
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    parse.push(p.ms);
    validate.push(v.ms);
    count = v.result.length;
  }
  return { bytes: text.length, parseMs: median(parse), validateMs: median(validate), totalMs: median(parse.map((p, i) => p + validate[i])), cpuMs: median(cpu), diagnostics: count };
}

/** Completion and hover at the cursor places: with the parse cached (p50/p95) and with a fresh parse. */
export function featureLatency(service, bytes, iterations) {
  const text = generatePolicy(bytes);
  const document = TextDocument.create(`file:///bench/features-${bytes}.json`, 'json', 1, text);
  const policy = service.parsePolicy(document);
  const cached = { completion: [], hover: [] };
  const fresh = { completion: [], hover: [] };
  for (const place of cursorPlaces(text)) {
    const position = document.positionAt(place.offset);
    for (let i = 0; i < iterations; i++) {
      cached.completion.push(time(() => service.doComplete(document, position, policy)).ms);
      cached.hover.push(time(() => service.doHover(document, position, policy)).ms);
    }
    for (let i = 0; i < Math.min(iterations, 5); i++) {
      fresh.completion.push(time(() => service.doComplete(document, position, service.parsePolicy(document))).ms);
      fresh.hover.push(time(() => service.doHover(document, position, service.parsePolicy(document))).ms);
    }
  }
  const s = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });
  return {
    bytes: text.length,
    completionCached: s(cached.completion),
    hoverCached: s(cached.hover),
    completionFreshParse: s(fresh.completion),
    hoverFreshParse: s(fresh.hover),
  };
}
