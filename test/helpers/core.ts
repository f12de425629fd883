// Test helpers that call the core facade the way the server does.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-types';
import { getBundledCatalog } from '../../server/src/core/catalog/bundled';
import { getIamLanguageService } from '../../server/src/core/languageService';
import type { LanguageSettings } from '../../server/src/core/types';

export const catalog = getBundledCatalog();
/** The service as the VS Code client gets it: with the client's narrow command. */
export const service = getIamLanguageService({
  catalog,
  clientCommands: { narrowWildcardAction: 'iamPolicy.narrowWildcardAction' },
  onError: (where, error) => {
    throw new Error(`contained error in ${where}: ${String(error)}`);
  },
});

let counter = 0;

/** A text document; the uri ends in .json. */
export function doc(text: string, uri = `file:///test/policy-${++counter}.json`): TextDocument {
  return TextDocument.create(uri, 'json', 1, text);
}

/** Splits a text with exactly one `|` cursor marker into the text and the offset. Fails loudly otherwise. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error(`no | cursor marker in:\n${marked}`);
  if (marked.indexOf('|', offset + 1) >= 0) throw new Error(`more than one | cursor marker in:\n${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Completion items at the `|` marker. */
export function complete(marked: string, settings?: LanguageSettings): { items: CompletionItem[]; document: TextDocument } {
  const { text, offset } = withCursor(marked);
  const document = doc(text);
  const policy = service.parsePolicy(document, settings);
  return { items: service.doComplete(document, document.positionAt(offset), policy).items, document };
}

/** Applies a completion item's text edit and returns the whole new text. */
export function applyCompletion(document: TextDocument, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit | undefined;
  if (!edit || !('range' in edit)) throw new Error(`item ${item.label} has no textEdit`);
  return TextDocument.applyEdits(document, [edit]);
}

/** Hover markdown at the `|` marker, or undefined. */
export function hover(marked: string, settings?: LanguageSettings): { hover: Hover | null; markdown: string | undefined; document: TextDocument } {
  const { text, offset } = withCursor(marked);
  const document = doc(text);
  const result = service.doHover(document, document.positionAt(offset), service.parsePolicy(document, settings));
  const contents = result?.contents as { value?: string } | undefined;
  return { hover: result, markdown: contents?.value, document };
}

/** Diagnostics with the exact text each covers. */
export function validate(text: string, settings?: LanguageSettings): (Diagnostic & { text: string })[] {
  const document = doc(text);
  return service
    .doValidation(document, service.parsePolicy(document, settings))
    .map((d) => ({ ...d, text: document.getText(d.range) }));
}

/** `code: covered text` pairs, handy for deepStrictEqual. */
export function findings(text: string, settings?: LanguageSettings): string[] {
  return validate(text, settings).map((d) => `${d.code}: ${d.text}`);
}

/** Code actions for all diagnostics overlapping the `|` marker (or the whole document without a marker). */
export function codeActions(markedOrText: string, settings?: LanguageSettings): { actions: CodeAction[]; document: TextDocument } {
  const hasMarker = markedOrText.includes('|');
  const { text, offset } = hasMarker ? withCursor(markedOrText) : { text: markedOrText, offset: -1 };
  const document = doc(text);
  const policy = service.parsePolicy(document, settings);
  const diagnostics = service.doValidation(document, policy);
  const range = hasMarker
    ? { start: document.positionAt(offset), end: document.positionAt(offset) }
    : { start: document.positionAt(0), end: document.positionAt(text.length) };
  const inRange = diagnostics.filter(
    (d) => document.offsetAt(d.range.start) <= document.offsetAt(range.end) && document.offsetAt(d.range.end) >= document.offsetAt(range.start),
  );
  return { actions: service.getCodeActions(document, range, { diagnostics: inRange }, policy), document };
}

/** Applies a code action's edit for this document and returns the whole new text. */
export function applyAction(document: TextDocument, action: CodeAction): string {
  const edits = action.edit?.changes?.[document.uri];
  if (!edits) throw new Error(`action '${action.title}' has no edit for ${document.uri}`);
  return TextDocument.applyEdits(document, edits);
}

/** Findings of one code, as `code: covered text`: the rule tests look at their rule only, as the others evolve on their own. */
export function foundOf(code: string, text: string, settings?: LanguageSettings): string[] {
  return findings(text, settings).filter((f) => f.startsWith(`${code}: `));
}

/** Applies the quick fix titled `title` for `code` at the `|` marker; checks the finding is gone after it, and returns the text. */
export function fixOf(code: string, marked: string, title: string, settings?: LanguageSettings): string {
  const { actions, document } = codeActions(marked, settings);
  const action = actions.find((a) => a.title === title && a.diagnostics?.some((d) => d.code === code));
  if (!action) throw new Error(`no '${title}' among: ${actions.map((a) => a.title).join(', ')}`);
  const after = applyAction(document, action);
  const left = foundOf(code, after, settings);
  if (left.length > 0) throw new Error(`still reported after the fix (${left.join(', ')}):\n${after}`);
  return after;
}

/**
 * The findings of `code` in a CloudFormation template holding one managed policy whose one
 * statement allows `action` on `resource` (a YAML value, or a list of items), as
 * `code: covered text` at the template's tokens.
 */
export function foundInTemplate(code: string, statement: { readonly action: string; readonly resource: string | readonly string[] }): string[] {
  const resource = typeof statement.resource === 'string' ? [`            Resource: ${statement.resource}`] : ['            Resource:', ...statement.resource.map((r) => `              - ${r}`)];
  const head = ['Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:', '          - Effect: Allow'];
  const text = [...head, `            Action: ${statement.action}`, ...resource].join('\n');
  const document = TextDocument.create(`file:///templates/policy-${++counter}.yaml`, 'yaml', 1, text);
  const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  return embedded
    .doValidation()
    .filter((d) => d.code === code)
    .map((d) => `${d.code}: ${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}`);
}

/** The lines of a CloudFormation template up to a role's trust policy statements (a statement list follows). */
export const TRUST_TEMPLATE_HEAD: readonly string[] = ['Resources:', '  Role:', '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', "        Version: '2012-10-17'", '        Statement:'];
