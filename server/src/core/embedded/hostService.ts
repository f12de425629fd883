import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeActionContext,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  InsertReplaceEdit,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { PolicyDocument } from '../policy';
import type { LanguageSettings } from '../types';
import { append } from '../validation';
import { type EmbeddedPolicy, findJsonEmbeddedPolicies } from './jsonHost';

/** One policy of a host document, parsed: the policy text as a document of its own, and where it sits in the host. */
export interface EmbeddedParse {
  readonly embedded: EmbeddedPolicy;
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
}

/** The verbs of the language service that the host mapping wraps. */
interface PolicyVerbs {
  parsePolicy(document: TextDocument, settings?: LanguageSettings): PolicyDocument;
  doComplete(document: TextDocument, position: Position, policy?: PolicyDocument): CompletionList;
  doHover(document: TextDocument, position: Position, policy?: PolicyDocument): Hover | null;
  doValidation(document: TextDocument, policy?: PolicyDocument): Diagnostic[];
  doValidationSteps(document: TextDocument, policy?: PolicyDocument): Generator<void, Diagnostic[], void>;
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext, policy?: PolicyDocument): CodeAction[];
}

/**
 * Every policy inside a JSON host (see findJsonEmbeddedPolicies), each parsed as a document of
 * its own under the host's uri and version. The verbs below answer in host positions.
 */
export function parseEmbedded(verbs: PolicyVerbs, host: TextDocument, root: PolicyDocument['root'], settings?: LanguageSettings): EmbeddedParse[] {
  return findJsonEmbeddedPolicies(host.getText(), root).map((embedded) => {
    const document = TextDocument.create(host.uri, host.languageId, host.version, embedded.text);
    return { embedded, document, policy: verbs.parsePolicy(document, settings) };
  });
}

/** Host range of a range of the policy document. */
function toHostRange(host: TextDocument, part: EmbeddedParse, range: Range): Range {
  const { document, embedded } = part;
  return {
    start: host.positionAt(embedded.map.toHost(document.offsetAt(range.start))),
    end: host.positionAt(embedded.map.toHost(document.offsetAt(range.end))),
  };
}

/** Policy range of a host range, or undefined when it does not lie inside the policy. */
function toPolicyRange(host: TextDocument, part: EmbeddedParse, range: Range): Range | undefined {
  const start = part.embedded.map.toVirtual(host.offsetAt(range.start));
  const end = part.embedded.map.toVirtual(host.offsetAt(range.end));
  if (start === undefined || end === undefined) return undefined;
  return { start: part.document.positionAt(start), end: part.document.positionAt(end) };
}

/** The part whose text holds the host position. */
function partAt(host: TextDocument, parts: readonly EmbeddedParse[], position: Position): EmbeddedParse | undefined {
  const offset = host.offsetAt(position);
  return parts.find((p) => p.embedded.map.containsHost(offset));
}

const hostEdit = (host: TextDocument, part: EmbeddedParse, edit: TextEdit): TextEdit => ({
  range: toHostRange(host, part, edit.range),
  newText: part.embedded.write(edit.newText),
});

/** A policy's findings in host positions. */
function toHostDiagnostics(host: TextDocument, part: EmbeddedParse, found: readonly Diagnostic[]): Diagnostic[] {
  return found.map((d) => ({
    ...d,
    range: toHostRange(host, part, d.range),
    relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { uri: host.uri, range: toHostRange(host, part, r.location.range) } })),
  }));
}

/** The findings of every embedded policy, in host positions. */
export function embeddedValidation(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[]): Diagnostic[] {
  return parts.flatMap((part) => toHostDiagnostics(host, part, verbs.doValidation(part.document, part.policy)));
}

/** The same findings one rule of one policy per step, so that a server can pause between steps. */
export function* embeddedValidationSteps(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[]): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  for (const part of parts) {
    const steps = verbs.doValidationSteps(part.document, part.policy);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        append(out, toHostDiagnostics(host, part, step.value));
        break;
      }
      yield;
    }
  }
  return out;
}

/** Hover inside an embedded policy, its range in host positions. */
export function embeddedHover(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[], position: Position): Hover | null {
  const part = partAt(host, parts, position);
  const at = part && part.embedded.map.toVirtual(host.offsetAt(position));
  if (!part || at === undefined) return null;
  const hover = verbs.doHover(part.document, part.document.positionAt(at), part.policy);
  if (hover?.range) hover.range = toHostRange(host, part, hover.range);
  return hover;
}

/** Completion inside an embedded policy: edits in host positions and host spelling. */
export function embeddedCompletion(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[], position: Position): CompletionList {
  const part = partAt(host, parts, position);
  const at = part && part.embedded.map.toVirtual(host.offsetAt(position));
  if (!part || at === undefined) return { isIncomplete: false, items: [] };
  const list = verbs.doComplete(part.document, part.document.positionAt(at), part.policy);
  const mapItem = (item: CompletionItem): CompletionItem => {
    const out = { ...item };
    const edit = item.textEdit;
    if (edit && 'range' in edit) out.textEdit = hostEdit(host, part, edit);
    else if (edit) {
      const replace = edit as InsertReplaceEdit;
      out.textEdit = {
        newText: part.embedded.write(replace.newText),
        insert: toHostRange(host, part, replace.insert),
        replace: toHostRange(host, part, replace.replace),
      };
    }
    if (item.additionalTextEdits) out.additionalTextEdits = item.additionalTextEdits.map((e) => hostEdit(host, part, e));
    return out;
  };
  return { ...list, items: list.items.map(mapItem) };
}

/**
 * Code actions inside an embedded policy: the host's diagnostics and range taken into the
 * policy, the edits brought back. Actions that call a client command are left out: their
 * arguments name positions of the policy text, which the client would apply to the host.
 */
export function embeddedCodeActions(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[], range: Range, context: CodeActionContext): CodeAction[] {
  const part = partAt(host, parts, range.start);
  const inner = part && toPolicyRange(host, part, range);
  if (!part || !inner) return [];
  const diagnostics = context.diagnostics.flatMap((d) => {
    const mapped = toPolicyRange(host, part, d.range);
    return mapped ? [{ ...d, range: mapped }] : [];
  });
  return verbs
    .getCodeActions(part.document, inner, { ...context, diagnostics }, part.policy)
    .filter((action) => !action.command)
    .map((action) => {
      const edits = action.edit?.changes?.[part.document.uri];
      const out: CodeAction = { ...action, diagnostics: action.diagnostics?.map((d) => ({ ...d, range: toHostRange(host, part, d.range) })) };
      if (edits) out.edit = { changes: { [host.uri]: edits.map((e) => hostEdit(host, part, e)) } };
      return out;
    });
}
