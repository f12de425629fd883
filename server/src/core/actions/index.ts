import type { Refactoring } from './refactoring';

/** Code actions offered from the cursor position rather than from a diagnostic, in menu order. */
export const allRefactorings: readonly Refactoring[] = [];
