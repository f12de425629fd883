import { collapseActions } from './collapseActions';
import { fixAll, fixAllOfKind } from './fixAll';
import { narrowAction } from './narrowAction';
import { narrowResource } from './narrowResource';
import type { Refactoring } from './refactoring';
import { splitStatement } from './splitStatement';

/** Code actions offered from the cursor position rather than from a diagnostic, in menu order. */
export const allRefactorings: readonly Refactoring[] = [narrowResource, splitStatement, narrowAction, collapseActions, fixAllOfKind, fixAll];
