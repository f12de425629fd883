// Shared by the hostile-input tests: a service that records contained errors instead of
// throwing, documents opened and parsed through it, and a generous time bound per request.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getIamLanguageService } from '../../server/src/core/languageService';
import { catalog } from './core';

/** Internal failures the service contained (a test asserts there are none). */
export const contained: string[] = [];
export const service = getIamLanguageService({ catalog, onError: (where, error) => contained.push(`${where}: ${String(error)}`) });

let counter = 0;
export function open(text: string, name = 'hostile') {
  const document = TextDocument.create(`file:///hostile/${name}-${++counter}.json`, 'json', 1, text);
  return { document, policy: service.parsePolicy(document) };
}

export const policyText = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const MAX_DOCUMENT = 3 * 1024 * 1024;

/** Bound for one request or validation step: the freezes took 5 s to minutes; a normal policy takes milliseconds. */
export const BOUND_MS = 2500;

export function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  assert.ok(ms < BOUND_MS, `${label} took ${ms.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  return result;
}
