import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { type CodeActionContext, type Diagnostic, Position, Range } from 'vscode-languageserver-types';

/** What a request's params must carry before the core sees them. */
type Need = 'uri' | 'position' | 'range';

const CHECKS: Record<Need, [string, (params: Record<string, unknown>) => boolean]> = {
  uri: ['textDocument.uri', (p) => typeof (p.textDocument as { uri?: unknown } | undefined)?.uri === 'string'],
  position: ['position', (p) => Position.is(p.position)],
  range: ['range', (p) => Range.is(p.range)],
};

/**
 * An InvalidParams answer when a request's params break the protocol (a client bug, not user
 * input), so the handler neither throws on them nor logs a stack trace; undefined when fine.
 */
export function invalidParams(params: unknown, needs: readonly Need[]): ResponseError<undefined> | undefined {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const missing = needs.filter((need) => !CHECKS[need][1](p)).map((need) => CHECKS[need][0]);
  return missing.length > 0 ? new ResponseError(ErrorCodes.InvalidParams, `Missing or malformed ${missing.join(', ')}`) : undefined;
}

/**
 * A code action context the core can read: diagnostics with a range, `only` as a list of kinds
 * or absent. Fixes read `data`, which we sent and the client sends back; data that is not an
 * object (null, a number...) is dropped, so the core recomputes the finding from the document
 * as it does for a client that drops data. Each fix still checks the fields it reads.
 */
export function codeActionContext(context: unknown): CodeActionContext {
  const c = (typeof context === 'object' && context !== null ? context : {}) as Partial<Record<keyof CodeActionContext, unknown>>;
  const diagnostics = Array.isArray(c.diagnostics)
    ? (c.diagnostics as unknown[])
        .filter((d): d is Diagnostic => typeof d === 'object' && d !== null && Range.is((d as Diagnostic).range))
        .map((d) => (d.data === undefined || isRecord(d.data) ? d : withoutData(d)))
    : [];
  const only = Array.isArray(c.only) ? (c.only as unknown[]).filter((k): k is string => typeof k === 'string') : undefined;
  return { ...(c as CodeActionContext), diagnostics, only };
}

const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutData(diagnostic: Diagnostic): Diagnostic {
  const { data: _dropped, ...rest } = diagnostic;
  return rest;
}
