import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionContext, CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import type { Catalog } from './catalog/types';
import { getCodeActions } from './codeActions';
import { doComplete } from './completion';
import { doHover } from './hover';
import { parsePolicy, type PolicyDocument } from './policy';
import type { LanguageServiceOptions, LanguageSettings } from './types';
import { validate, validateSteps } from './validation';

/** The IAM policy analysis, one verb per editor feature. Pure: no I/O, never throws on user input. */
export interface IamLanguageService {
  readonly catalog: Catalog;
  /** Parses once; pass the result to the other verbs (the server caches it by uri and version). */
  parsePolicy(document: TextDocument, settings?: LanguageSettings): PolicyDocument;
  doComplete(document: TextDocument, position: Position, policy?: PolicyDocument): CompletionList;
  doHover(document: TextDocument, position: Position, policy?: PolicyDocument): Hover | null;
  doValidation(document: TextDocument, policy?: PolicyDocument): Diagnostic[];
  /**
   * The same diagnostics as `doValidation`, computed one rule per step: each `next()` does a
   * bounded piece of work, and the generator returns the full list when done. A server pauses
   * between steps so that a long validation never keeps other requests waiting.
   */
  doValidationSteps(document: TextDocument, policy?: PolicyDocument): Generator<void, Diagnostic[], void>;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext, policy?: PolicyDocument): CodeAction[];
}

/** Creates the language service over a catalogue. `onError` hears about internal failures that were contained. */
export function getIamLanguageService(
  options: LanguageServiceOptions & { onError?: (where: string, error: unknown) => void },
): IamLanguageService {
  const { catalog, onError } = options;
  const parsed = (document: TextDocument, policy?: PolicyDocument) => policy ?? parsePolicy(document);
  return {
    catalog,
    parsePolicy,
    doComplete: (document, position, policy) => doComplete(document, position, parsed(document, policy), catalog),
    doHover: (document, position, policy) => doHover(document, position, parsed(document, policy), catalog),
    doValidation: (document, policy) => validate(document, parsed(document, policy), catalog, undefined, onError),
    doValidationSteps: (document, policy) => validateSteps(document, parsed(document, policy), catalog, undefined, onError),
    getCodeActions: (document, range, context, policy) =>
      getCodeActions(document, range, context, parsed(document, policy), catalog, onError),
  };
}

export type { Catalog } from './catalog/types';
export type { PolicyDocument } from './policy';
export * from './types';
