import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/types';
import type { PolicyDocument } from '../policy';
import type { ClientCommands } from '../types';

/** What a refactoring sees: the policy, the selected range and the request's context. */
export interface RefactoringContext {
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
  readonly catalog: Catalog;
  readonly range: Range;
  readonly context: CodeActionContext;
  /** Hears about a rule or fix that threw and was skipped, so it is logged rather than hidden. */
  readonly onError?: (where: string, error: unknown) => void;
  /** Client commands a code action may call (see `LanguageServiceOptions.clientCommands`). */
  readonly clientCommands?: ClientCommands;
}

/** A code action offered without a diagnostic (narrowing, splitting, collapsing). */
export interface Refactoring {
  readonly id: string;
  provide(ctx: RefactoringContext): CodeAction[];
}
