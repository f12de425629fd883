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
import { InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { changedSpan, isTerraformDocument, isTerraformJson, isTerraformTemplate, type PolicyDocument } from '../policy';
import type { LanguageSettings } from '../types';
import { UNKNOWN } from '../semantics/unknown';
import { append, hostRuleDiagnostics, type HostRuleFinding } from '../validation';
import { type EmbeddedPolicy, findJsonEmbeddedPolicies } from './jsonHost';
import type { HclParser } from './hcl';
import { hclSnippet } from './projection';
import { type TemplateResource, templateResourceItems } from './templateCompletion';
import { terraformArnItems, terraformNameCompletion } from './terraformCompletion';
import { findTemplateFilePolicy, findTerraformJsonPolicies, findTerraformPolicies, type PolicyFileReference, type TerraformPolicy, terraformRefused } from './terraformHost';
import { findTemplatePolicies, type HostFinding, type SamTemplateUse, type TemplatePolicy, templateRefused } from './templateHost';

/** One policy of a host document, parsed: the policy text as a document of its own, and where it sits in the host. */
export interface EmbeddedParse {
  readonly embedded: EmbeddedPolicy;
  readonly document: TextDocument;
  readonly policy: PolicyDocument;
  /** Findings about the host's syntax around the policy (an unescaped `${aws:...}` in a `!Sub`), in policy offsets. */
  readonly findings: readonly Diagnostic[];
}

/** What a host holds: its policies, and SAM policy templates (recognised, never analysed). */
export interface EmbeddedHost {
  /** The host text they were read from. */
  readonly text: string;
  /** The resources a template declares (for `!GetAtt` completion). */
  readonly resources: readonly TemplateResource[];
  readonly parts: EmbeddedParse[];
  readonly samTemplates: readonly SamTemplateUse[];
  /** Why the host's policies are not read at all (a template over CloudFormation's 1 MB), if they are not. */
  readonly refused?: string;
  /** A Terraform file's parser, for completion where the HCL is not readable yet. */
  readonly hcl?: HclParser;
  /** Policy files a Terraform file's policy attributes read with file() or templatefile(). */
  readonly references?: readonly PolicyFileReference[];
  /** A Terraform file's blocks whose parse was given up (see TerraformRead), for the next read. */
  readonly givenUp?: readonly string[];
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
export function parseEmbedded(
  verbs: PolicyVerbs,
  host: TextDocument,
  root: PolicyDocument['root'],
  settings?: LanguageSettings,
  previous?: EmbeddedHost,
  hcl?: HclParser,
): EmbeddedHost {
  const text = host.getText();
  const again = previous && rereadEdited(verbs, host, text, previous, settings);
  if (again) return again;
  // A Terraform file (HCL): its policies in jsonencode, heredocs and aws_iam_policy_document blocks.
  if (isTerraformDocument(host)) {
    if (isTerraformTemplate(host)) {
      // A template file a templatefile() call reads: one policy, `${...}` computed.
      const { policy, givenUp } = hcl ? findTemplateFilePolicy(text, hcl, previous?.givenUp) : { policy: undefined, givenUp: [] };
      return { text, parts: policy ? [parsePart(verbs, host, policy, settings)] : [], samTemplates: [], resources: [], givenUp };
    }
    const references: PolicyFileReference[] = [];
    const { found, givenUp } = hcl ? findTerraformPolicies(text, hcl, references, previous?.givenUp) : { found: [], givenUp: [] };
    const parts = typeof found === 'string' ? [] : found.map((embedded) => parsePart(verbs, host, embedded, settings));
    return { text, parts, samTemplates: [], resources: [], refused: typeof found === 'string' ? terraformRefused(text, found) : undefined, hcl, references, givenUp };
  }
  // A Terraform JSON file: its policy strings read as Terraform templates, typed by their resource.
  if (isTerraformJson(host)) {
    const { policies, givenUp } = hcl ? findTerraformJsonPolicies(text, root, hcl, previous?.givenUp) : { policies: [], givenUp: [] };
    return { text, parts: policies.map((embedded) => parsePart(verbs, host, embedded, settings)), samTemplates: [], resources: [], givenUp };
  }
  // A CloudFormation/SAM/Serverless template (YAML, or JSON with a template's keys) is read by its properties.
  const templateKeys = root?.type === 'object' && (root.children ?? []).some((p) => /^(AWSTemplateFormatVersion|Resources|Transform|provider)$/.test(p.children?.[0]?.value));
  const template = !root || root.type !== 'object' || templateKeys ? findTemplatePolicies(text) : undefined;
  const found: readonly EmbeddedPolicy[] = template ? template.policies : findJsonEmbeddedPolicies(text, root);
  const parts = found.map((embedded) => parsePart(verbs, host, embedded, settings));
  return { text, parts, samTemplates: template?.samTemplates ?? [], resources: template?.resources ?? [], refused: parts.length === 0 ? templateRefused(text) : undefined };
}

/** One policy of the host parsed as a document of its own. */
function parsePart(verbs: PolicyVerbs, host: TextDocument, embedded: EmbeddedPolicy, settings?: LanguageSettings): EmbeddedParse {
  const document = TextDocument.create(host.uri, 'json', host.version, embedded.text);
  let own = embedded.policyType ? { ...settings, policyType: embedded.policyType } : settings;
  if (embedded.identityKind) own = { ...own, identityPolicyKind: embedded.identityKind };
  const quiet = (embedded as TemplatePolicy).quiet;
  // Rules that do not apply where the policy sits (a VPC endpoint policy grants nothing) are off there.
  if (quiet) own = { ...own, severity: { ...own?.severity, ...Object.fromEntries(quiet.map((code) => [code, 'off' as const])) } };
  const policy = verbs.parsePolicy(document, own);
  // Findings about the host's text around the policy, in the policy's offsets, stamped as their rule's.
  const found = 'findings' in embedded ? (embedded as { findings: readonly HostFinding[] }).findings : [];
  const inPolicy = found.flatMap((f): HostRuleFinding[] => {
    const start = embedded.map.toVirtual(f.start);
    const end = embedded.map.toVirtual(f.end);
    return start === undefined || end === undefined ? [] : [{ code: f.code, offset: start, length: end - start, message: f.message, data: f.replacement }];
  });
  return { embedded, document, policy, findings: hostRuleDiagnostics(document, policy, inPolicy) };
}

/**
 * After an edit inside one policy of a template (typing in it), that policy read again from
 * its own lines and the others moved: a keystroke in a large template costs one policy, not
 * the whole template. Undefined when the edit reaches outside one policy, or the policy's
 * lines no longer read as one (then the whole template is read again).
 */
function rereadEdited(verbs: PolicyVerbs, host: TextDocument, text: string, previous: EmbeddedHost, settings?: LanguageSettings): EmbeddedHost | undefined {
  const old = previous.text;
  if (old === text) return previous;
  // The edited span: what the old and new texts do not share at their start and end.
  const { start, oldEnd } = changedSpan(old, text);
  const delta = text.length - old.length;
  let edited: EmbeddedParse | undefined;
  for (const part of previous.parts) {
    const span = part.embedded.map.hostSpan;
    if (span.start < start && oldEnd <= span.end) edited = part;
    else if (span.start < oldEnd && start < span.end) return undefined; // the edit reaches into another policy
  }
  const reread = edited?.embedded.reread;
  if (!edited || !reread || previous.samTemplates.some((t) => t.start < oldEnd && start <= t.end)) return undefined;
  const span = edited.embedded.map.hostSpan;
  const fresh = reread(text, span.start, span.end + delta);
  if (!fresh) return undefined;
  const parts = previous.parts.map((part) => {
    if (part === edited) return parsePart(verbs, host, fresh, settings);
    return part.embedded.map.hostSpan.start >= oldEnd ? { ...part, embedded: shiftedPolicy(part.embedded, delta) } : part;
  });
  const samTemplates = previous.samTemplates.map((t) => (t.start >= oldEnd ? { ...t, start: t.start + delta, end: t.end + delta } : t));
  return { ...previous, text, parts, samTemplates };
}

/** A policy `delta` characters further on in its host. */
function shiftedPolicy(embedded: EmbeddedPolicy, delta: number): EmbeddedPolicy {
  const { hostEdit } = embedded;
  return {
    ...embedded,
    map: embedded.map.shifted(delta),
    hostEdit:
      hostEdit &&
      ((start, end, newText) => {
        const edit = hostEdit.call(embedded, start, end, newText);
        return edit && { start: edit.start + delta, end: edit.end + delta, newText: edit.newText };
      }),
  };
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
  const start = part.embedded.map.toVirtualNear(host.offsetAt(range.start));
  const end = part.embedded.map.toVirtualNear(host.offsetAt(range.end));
  if (start === undefined || end === undefined) return undefined;
  return { start: part.document.positionAt(start), end: part.document.positionAt(end) };
}

/** The part whose text holds the host position. */
function partAt(host: TextDocument, parts: readonly EmbeddedParse[], position: Position): EmbeddedParse | undefined {
  const offset = host.offsetAt(position);
  return parts.find((p) => p.embedded.map.containsHost(offset));
}

/** An edit of the policy text in the host's positions and syntax, or undefined when the host cannot take it. */
function hostEdit(host: TextDocument, part: EmbeddedParse, edit: TextEdit): TextEdit | undefined {
  const { embedded, document } = part;
  if (!embedded.hostEdit) return { range: toHostRange(host, part, edit.range), newText: embedded.write(edit.newText) };
  const mapped = embedded.hostEdit(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end), edit.newText);
  return mapped && { range: { start: host.positionAt(mapped.start), end: host.positionAt(mapped.end) }, newText: mapped.newText };
}

/** Every edit in host form, or undefined when one of them has none. */
function hostEdits(host: TextDocument, part: EmbeddedParse, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const mapped = hostEdit(host, part, edit);
    if (!mapped) return undefined;
    out.push(mapped);
  }
  return out;
}

/** A message as the host says it: a computed value (UNKNOWN in the policy text) as an ellipsis, elements in the host's words. */
function hostWords(message: Diagnostic['message'], inHostWords: ((message: string) => string) | undefined): Diagnostic['message'] {
  if (typeof message !== 'string') return message;
  const out = message.includes(UNKNOWN) ? message.replace(/\uE000+/g, '…') : message;
  return inHostWords ? inHostWords(out) : out;
}

/** A policy's findings in host positions. */
function toHostDiagnostics(host: TextDocument, part: EmbeddedParse, found: readonly Diagnostic[]): Diagnostic[] {
  const { inHostWords } = part.embedded as TerraformPolicy;
  return found.map((d) => ({
    ...d,
    message: hostWords(d.message, inHostWords),
    range: toHostRange(host, part, d.range),
    relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { uri: host.uri, range: toHostRange(host, part, r.location.range) } })),
  }));
}

/**
 * A part's findings in its own positions by their host form: a host range may stand for more
 * than one policy range (a YAML scalar for a JSON string with its quotes), so the diagnostics
 * a client sends back with a code-action request are looked up here, not mapped back.
 */
const ownFindings = new WeakMap<EmbeddedParse, Map<string, Diagnostic>>();
const hostKey = (d: Diagnostic) => `${String(d.code)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}`;

/** A policy's findings in host positions, remembered by their host form. */
function hostFindings(host: TextDocument, part: EmbeddedParse, found: readonly Diagnostic[]): Diagnostic[] {
  const mapped = toHostDiagnostics(host, part, found);
  let own = ownFindings.get(part);
  if (!own) ownFindings.set(part, (own = new Map()));
  for (let i = 0; i < mapped.length; i++) own.set(hostKey(mapped[i]), found[i]);
  return mapped;
}

/** The findings of every embedded policy, in host positions. */
export function embeddedValidation(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[]): Diagnostic[] {
  return parts.flatMap((part) => hostFindings(host, part, [...part.findings, ...verbs.doValidation(part.document, part.policy)]));
}

/** The same findings one rule of one policy per step, so that a server can pause between steps. */
export function* embeddedValidationSteps(verbs: PolicyVerbs, host: TextDocument, parts: readonly EmbeddedParse[]): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  for (const part of parts) {
    append(out, hostFindings(host, part, part.findings));
    const steps = verbs.doValidationSteps(part.document, part.policy);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        append(out, hostFindings(host, part, step.value));
        break;
      }
      yield;
    }
  }
  return out;
}

/** Hover inside an embedded policy, its range in host positions. */
export function embeddedHover(verbs: PolicyVerbs, host: TextDocument, found: EmbeddedHost, position: Position): Hover | null {
  const offset = host.offsetAt(position);
  const sam = found.samTemplates.find((t) => offset >= t.start && offset <= t.end);
  if (sam) return samHover(host, sam);
  const { parts } = found;
  const part = partAt(host, parts, position);
  const at = part && part.embedded.map.toVirtual(host.offsetAt(position));
  if (!part || at === undefined) return null;
  const hover = verbs.doHover(part.document, part.document.positionAt(at), part.policy);
  if (hover?.range) hover.range = toHostRange(host, part, hover.range);
  return hover;
}

function samHover(host: TextDocument, sam: SamTemplateUse): Hover {
  const what = sam.description ? `grants ${sam.description}` : 'is not one of the SAM policy templates this tool knows; SAM rejects a name it does not define';
  const parameters = sam.parameters.length > 0 ? `\n\nParameters: ${sam.parameters.map((p) => `\`${p}\``).join(', ')}.` : '';
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: `**SAM policy template \`${sam.name}\`**\n\nAWS SAM expands it into policy statements when it deploys the stack; it ${what}. Its statements are AWS's, so they are not checked here.${parameters}`,
    },
    range: { start: host.positionAt(sam.start), end: host.positionAt(sam.end) },
  };
}

/** Completion inside an embedded policy: edits in host positions and host spelling. */
export function embeddedCompletion(verbs: PolicyVerbs, host: TextDocument, found: EmbeddedHost, position: Position): CompletionList {
  // A name being written in a Terraform policy (`actions`, `Effect`): the HCL around it is read with the name completed.
  const names = found.hcl && terraformNameCompletion(host, host.offsetAt(position), found.hcl);
  if (names) return names;
  const { parts } = found;
  const part = partAt(host, parts, position);
  const at = part && part.embedded.map.toVirtual(host.offsetAt(position));
  if (!part || at === undefined) return { isIncomplete: false, items: [] };
  const list = verbs.doComplete(part.document, part.document.positionAt(at), part.policy);
  const hcl = (part.embedded as TerraformPolicy).syntax === 'hcl';
  const mapItem = (item: CompletionItem): CompletionItem | undefined => {
    const out = { ...item };
    const edit = item.textEdit;
    if (edit && 'range' in edit) {
      const mapped = hostEdit(host, part, edit);
      if (!mapped) return undefined;
      out.textEdit = mapped;
    } else if (edit) {
      const replace = edit as InsertReplaceEdit;
      const mapped = hostEdit(host, part, { range: replace.replace, newText: replace.newText });
      if (!mapped) return undefined;
      if (part.embedded.hostEdit) out.textEdit = mapped;
      else out.textEdit = { newText: mapped.newText, insert: toHostRange(host, part, replace.insert), replace: mapped.range };
    }
    // In HCL a snippet's placeholders are the snippet's, not literal `${` to escape.
    const snippet = (item.insertTextFormat ?? list.itemDefaults?.insertTextFormat) === InsertTextFormat.Snippet;
    if (snippet && hcl && out.textEdit) out.textEdit = { ...out.textEdit, newText: hclSnippet(out.textEdit.newText) };
    if (item.additionalTextEdits) {
      const extra = hostEdits(host, part, item.additionalTextEdits);
      if (!extra) return undefined;
      out.additionalTextEdits = extra;
    }
    if (part.embedded.hostEdit && out.textEdit && 'range' in out.textEdit) {
      // The host writes the value its own way (no quotes in YAML): filter by what it writes,
      // with the quote the host has at the start of the replaced text, if any.
      const quote = /^['"]/.exec(host.getText(out.textEdit.range))?.[0] ?? '';
      out.filterText = quote + (item.filterText ?? item.label).replace(/^"/, '');
    }
    return out;
  };
  const items = list.items.flatMap((item) => mapItem(item) ?? []);
  // In a Terraform file with partition, Region or account data sources, ARN templates that use them.
  if (hcl) items.push(...terraformArnItems(host.getText(), items, list.itemDefaults?.insertTextFormat));
  // In a YAML template, a Resource can also be a !Sub of the stack's partition, Region and account, or a resource of the template.
  if ((part.embedded as TemplatePolicy).syntax === 'yaml') items.push(...templateResourceItems(host, items, found.resources));
  return { ...list, items };
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
  let own = ownFindings.get(part);
  if (!own && context.diagnostics.length > 0) {
    hostFindings(host, part, [...part.findings, ...verbs.doValidation(part.document, part.policy)]);
    own = ownFindings.get(part);
  }
  const diagnostics = context.diagnostics.flatMap((d) => {
    const known = own?.get(hostKey(d));
    if (known) return [known];
    const mapped = toPolicyRange(host, part, d.range);
    return mapped ? [{ ...d, range: mapped }] : [];
  });
  return verbs
    .getCodeActions(part.document, inner, { ...context, diagnostics }, part.policy)
    .filter((action) => !action.command)
    .flatMap((action) => {
      const edits = action.edit?.changes?.[part.document.uri];
      const out: CodeAction = { ...action, diagnostics: action.diagnostics?.map((d) => ({ ...d, range: toHostRange(host, part, d.range) })) };
      if (edits) {
        const mapped = hostEdits(host, part, edits);
        if (!mapped) return [];
        out.edit = { changes: { [host.uri]: mapped } };
      }
      return [out];
    });
}
