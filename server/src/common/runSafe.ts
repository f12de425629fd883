import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

/** Logs a contained failure with its stack, once per message. */
export type ErrorLogger = (message: string) => void;

export function formatError(message: string, error: unknown): string {
  if (error instanceof Error) return `${message}: ${error.message}\n${error.stack ?? ''}`;
  return `${message}: ${String(error)}`;
}

/**
 * Runs a request handler so that an exception is logged and answered with `errorValue`,
 * and a cancelled request is answered as cancelled. The server never crashes on a handler.
 */
export function runSafe<T>(
  log: ErrorLogger,
  name: string,
  errorValue: T,
  token: CancellationToken | undefined,
  func: () => T,
): T | ResponseError<undefined> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return func();
  } catch (error) {
    log(formatError(`Error while handling ${name}`, error));
    return errorValue;
  }
}
