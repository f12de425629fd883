import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionContext, CompletionList, Diagnostic, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { narrowWildcardAction } from './actions/narrowAction';
import { embeddedCodeActions, embeddedCompletion, type EmbeddedHost, embeddedHover, type EmbeddedParse, embeddedValidation, embeddedValidationSteps, parseEmbedded } from './embedded/hostService';
import type { SamTemplateUse } from './embedded/templateHost';
import type { PolicyFileReference } from './embedded/terraformHost';
import type { Catalog } from './catalog/types';
import { getCodeActions } from './codeActions';
import { doComplete } from './completion';
import { doHover } from './hover';
import { parsePolicy, type PolicyDocument } from './policy';
import { ruleDocUrl } from './docs';
import { allRules } from './rules';
import type { LanguageServiceOptions, LanguageSettings, RuleInfo } from './types';
import { applyPathSuppressions, applySuppressions, suppressed, suppressionActions, wantsQuickFixes } from './suppressions';
import { validate, validateSteps } from './validation';

/** The IAM policy analysis, one verb per editor feature. Pure: no I/O, never throws on user input. */
export interface IamLanguageService {
  readonly catalog: Catalog;
  /**
   * Parses once; pass the result to the other verbs (the server caches it by uri and version).
   * With `previous`, the parse of an earlier version of the same document, an edit inside one
   * statement re-parses only that statement; `previous` is left as it was. With `handOver`, the
   * caller gives `previous` up (nothing reads it again): its tree is then moved in place instead
   * of copied, which on a megabyte of policy saves tens of milliseconds a keystroke.
   */
  parsePolicy(document: TextDocument, settings?: LanguageSettings, previous?: PolicyDocument, handOver?: boolean): PolicyDocument;
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
  /**
   * The edit that replaces the wildcard action at `position` with its actions of the given access
   * levels (what the client's narrow command asks for once the user picked them), or undefined.
   */
  narrowWildcardAction(document: TextDocument, position: Position, levels: readonly string[], policy?: PolicyDocument): TextEdit | undefined;
  /** Every rule: its stable code, default severity, one-line description and documentation link. */
  getRules(): readonly RuleInfo[];
  /**
   * The policies inside a JSON document that is not a policy itself (a policy object nested in
   * it, or a policy's JSON in one of its strings), with the verbs answering in the document's
   * own positions and edits written in its syntax. `parsed` is the document's `parsePolicy`.
   */
  parseEmbeddedPolicies(document: TextDocument, settings?: LanguageSettings, parsed?: PolicyDocument, previous?: EmbeddedPolicies): EmbeddedPolicies;
}

/** The policies inside a host document, and the editor verbs on them in host positions. */
export interface EmbeddedPolicies {
  /** The document they were read from. Pass them as `previous` when reading its next version: an edit inside one policy then reads only that policy again. */
  readonly uri: string;
  readonly parts: readonly EmbeddedParse[];
  /** Why the document's policies are not read at all (a template or Terraform file over 1 MB), if they are not. */
  readonly refused: string | undefined;
  /**
   * Policy files a Terraform file's policy attributes read (`file("policy.json")`,
   * `templatefile("trust.json.tftpl", ...)`), with the type the attribute gives them: a linter
   * of the folder reads them as such policies.
   */
  readonly references: readonly PolicyFileReference[];
  /** SAM policy templates of a SAM template (hover describes them; they are not analysed). */
  readonly samTemplates: readonly SamTemplateUse[];
  /** Where the policy at a position is, in the host's terms (`MyRole (AWS::IAM::Role) AssumeRolePolicyDocument`). */
  labelAt(position: Position): string | undefined;
  doValidation(): Diagnostic[];
  /** `doValidation` one rule of one policy per step (see `doValidationSteps`). */
  doValidationSteps(): Generator<void, Diagnostic[], void>;
  doHover(position: Position): Hover | null;
  doComplete(position: Position): CompletionList;
  getCodeActions(range: Range, context: CodeActionContext): CodeAction[];
}

const ruleInfos: readonly RuleInfo[] = allRules.map((r) => ({ code: r.code, defaultSeverity: r.defaultSeverity, description: r.description, docUrl: ruleDocUrl(r.code) }));

/** Every rule's code, default severity, description and documentation link (also the facade's `getRules`), without a catalogue. */
export function listRules(): readonly RuleInfo[] {
  return ruleInfos;
}

/** Creates the language service over a catalogue. `onError` hears about internal failures that were contained. */
export function getIamLanguageService(
  options: LanguageServiceOptions & { onError?: (where: string, error: unknown) => void },
): IamLanguageService {
  const { catalog, onError, clientCommands } = options;
  const parsed = (document: TextDocument, policy?: PolicyDocument) => policy ?? parsePolicy(document);
  /** What each result of parseEmbeddedPolicies was read from, for the next read after an edit. */
  const read = new WeakMap<EmbeddedPolicies, EmbeddedHost>();
  const service: IamLanguageService = {
    catalog,
    parsePolicy,
    doComplete: (document, position, policy) => doComplete(document, position, parsed(document, policy), catalog),
    doHover: (document, position, policy) => doHover(document, position, parsed(document, policy), catalog),
    doValidation: (document, policy) => {
      const parse = parsed(document, policy);
      return applySuppressions(document, validate(document, parse, catalog, undefined, onError), parse.settings, parse.root);
    },
    doValidationSteps: (document, policy) => {
      const parse = parsed(document, policy);
      return suppressed(document, validateSteps(document, parse, catalog, undefined, onError), parse.settings, parse.root);
    },
    getCodeActions: (document, range, context, policy) => {
      const parse = parsed(document, policy);
      const actions = getCodeActions(document, range, context, parse, catalog, onError, clientCommands);
      return parse.isPolicy && wantsQuickFixes(context) ? [...actions, ...suppressionActions(document, context.diagnostics)] : actions;
    },
    narrowWildcardAction: (document, position, levels, policy) => narrowWildcardAction(document, parsed(document, policy), catalog, position, levels),
    getRules: listRules,
    parseEmbeddedPolicies: (document, settings, hostParse, previous) => {
      const host = hostParse ?? parsePolicy(document, settings);
      const before = previous && previous.uri === document.uri ? read.get(previous) : undefined;
      const found: EmbeddedHost = host.isPolicy ? { text: '', parts: [], samTemplates: [], resources: [] } : parseEmbedded(verbs, document, host.root, settings, before, options.hcl?.());
      const { parts } = found;
      const out: EmbeddedPolicies = {
        uri: document.uri,
        parts,
        samTemplates: found.samTemplates,
        refused: found.refused,
        references: found.references ?? [],
        labelAt: (position) => {
          const offset = document.offsetAt(position);
          return parts.find((p) => p.embedded.map.containsHost(offset))?.embedded.label;
        },
        doValidation: () => applySuppressions(document, embeddedValidation(verbs, document, parts), settings),
        doValidationSteps: () => suppressed(document, embeddedValidationSteps(verbs, document, parts), settings),
        doHover: (position) => embeddedHover(verbs, document, found, position),
        doComplete: (position) => embeddedCompletion(verbs, document, found, position),
        getCodeActions: (range, context) => {
          const actions = embeddedCodeActions(verbs, document, parts, range, context);
          if (!wantsQuickFixes(context)) return actions;
          // A comment line goes above a finding in the host's own structure, never inside a string that holds the policy's JSON (a heredoc, a !Sub).
          const structural = context.diagnostics.filter((d) => parts.find((p) => p.embedded.map.containsHost(document.offsetAt(d.range.start)))?.embedded.kind === 'object');
          return [...actions, ...suppressionActions(document, structural)];
        },
      };
      read.set(out, found);
      return out;
    },
  };
  // The verbs an embedded policy's virtual document is read with: suppressions are comments of the host, applied to the host's findings.
  const verbs: IamLanguageService = {
    ...service,
    // Path suppressions of the configuration are read from each policy's root.
    doValidation: (document, policy) => {
      const parse = parsed(document, policy);
      return applyPathSuppressions(validate(document, parse, catalog, undefined, onError), parse.settings, parse.root);
    },
    doValidationSteps: (document, policy) => {
      const parse = parsed(document, policy);
      return suppressed(undefined, validateSteps(document, parse, catalog, undefined, onError), parse.settings, parse.root);
    },
    getCodeActions: (document, range, context, policy) => getCodeActions(document, range, context, parsed(document, policy), catalog, onError, clientCommands),
  };
  return service;
}

export type { Catalog } from './catalog/types';
export type { PolicyDocument } from './policy';
export * from './types';
