// Completion and hover in request-test files (`*.iam-tests.yaml`, see requestTests.ts): keys of
// the format, actions, ARN templates of the action's resource types, condition keys, policy
// types and expectations; hover on an action, a context key, or a test (its result).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeLens, type Command, type CompletionItem, CompletionItemKind, type CompletionList, type Diagnostic, DiagnosticSeverity, type Hover, InsertTextFormat, MarkupKind, TextEdit } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Catalog } from '../catalog/types';
import { actionHover } from '../hover/actionHover';
import { conditionKeyHover } from '../hover/conditionHover';
import { code, md } from '../hover/format';
import { DIAGNOSTIC_SOURCE, ruleDocUrl } from '../docs';
import { type LanguageSettings, POLICY_TYPES } from '../types';
import type { StatementResult } from './evaluate';
import { EXPECTATIONS, type RequestTestFile, type RequestTestOutcome, TEST_KEYS, type TestPolicy } from './requestTests';

type Path = readonly (string | number)[];

/** Where the cursor is in a test file: on a key of a mapping (or where one may be written), or in a value. */
type Place =
  | { readonly kind: 'key'; readonly path: Path; readonly map: YamlNode | undefined; readonly start: number; readonly end: number }
  | { readonly kind: 'value'; readonly path: Path; readonly text: string; readonly start: number; readonly end: number };

const contains = (range: readonly number[] | null | undefined, offset: number) => !!range && offset >= range[0] && offset <= range[1];

/** A scalar's token without its quotes. */
function token(node: YamlNode, text: string): { text: string; start: number; end: number } {
  const [start, end] = node.range!;
  const quoted = end - start >= 2 && /^["']/.test(text[start]) && text[end - 1] === text[start];
  return quoted ? { text: text.slice(start + 1, end - 1), start: start + 1, end: end - 1 } : { text: text.slice(start, end), start, end };
}

/** Places that hold mappings: a test and its context (a number is any index). */
const MAPPINGS: readonly Path[] = [['tests', 0, 'context'], ['tests', 0]];
const samePath = (pattern: Path, path: Path) => pattern.length === path.length && pattern.every((p, i) => (typeof p === 'number' ? typeof path[i] === 'number' : p === path[i]));

const keyName = (key: unknown) => (isScalar(key) ? String(key.value) : '');

/** The place of an offset in the parsed tree, or on a line that only starts a key, the mapping whose keys sit at that column. */
function locate(root: YamlNode | null | undefined, text: string, offset: number): Place | undefined {
  const visit = (node: YamlNode, path: Path): Place | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        if (isScalar(key) && contains(key.range, offset)) return { kind: 'key', path, map: node, ...token(key, text) };
        if (value && contains(value.range, offset)) {
          const inner = [...path, keyName(key)];
          if (isScalar(value)) return { kind: 'value', path: inner, ...token(value, text) };
          const found = visit(value, inner);
          if (found) return found;
        }
      }
      if (node.flow && node.range && offset > node.range[0] && offset < node.range[1]) return { kind: 'key', path, map: node, start: offset, end: offset };
    } else if (isSeq(node)) {
      for (const [i, item] of (node.items as (YamlNode | null)[]).entries()) {
        if (!item || !contains(item.range, offset)) continue;
        if (isScalar(item)) return item.value === null ? { kind: 'key', path: [...path, i], map: undefined, start: offset, end: offset } : { kind: 'value', path: [...path, i], ...token(item, text) };
        const found = visit(item, [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = root ? visit(root, []) : undefined;
  // A word where a mapping belongs (`context:` then `aws:Sou` on the next line) is its first key being typed.
  if (found?.kind === 'value' && MAPPINGS.some((m) => samePath(m, found.path))) return { kind: 'key', path: found.path, map: undefined, start: found.start, end: found.end };
  if (found) return found;
  // A blank line, or a key being typed on its own line: the block mapping whose keys start at its column.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = /^(\s*)(-\s+)?([\w-]*)$/.exec(text.slice(lineStart, offset));
  if (!line) return undefined;
  const word = { start: offset - line[3].length, end: offset };
  const column = line[1].length + (line[2]?.length ?? 0);
  let best: { path: Path; map: YamlNode } | undefined;
  const walk = (node: YamlNode | null, path: Path) => {
    if (!node?.range || node.range[0] > offset) return;
    if (isMap(node) && !node.flow && node.items.length > 0) {
      const first = (node.items[0].key as YamlNode | null)?.range?.[0];
      if (first !== undefined && first - (text.lastIndexOf('\n', first - 1) + 1) === column && !line[2]) best = { path, map: node };
      for (const pair of node.items) walk(pair.value as YamlNode | null, [...path, keyName(pair.key)]);
    } else if (isSeq(node)) {
      const start = node.range[0];
      // `- ` at the list's column starts a new item of it.
      if (line[2] && start - (text.lastIndexOf('\n', start - 1) + 1) === line[1].length) best = { path: [...path, node.items.length], map: undefined as unknown as YamlNode };
      (node.items as (YamlNode | null)[]).forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(root ?? null, []);
  if (best) return { kind: 'key', path: best.path, map: best.map, ...word };
  // An empty document, or a top-level key being typed.
  return column === 0 && !line[2] ? { kind: 'key', path: [], map: root ?? undefined, ...word } : undefined;
}

const POLICY_KEYS = ['file', 'type', 'policy'];
const TOP_KEYS = ['policies', 'tests'];

/** What the shell knows beyond the file: the labels of the policies an entry's file holds. */
export interface RequestTestEditorContext {
  policyLabels?(entry: number): readonly string[];
}

/** Completion in a request-test file. */
export function completeRequestTest(document: TextDocument, file: RequestTestFile, offset: number, catalog: Catalog, context: RequestTestEditorContext = {}): CompletionList {
  const text = document.getText();
  const place = locate(file.root, text, offset);
  const items: CompletionItem[] = [];
  if (!place) return { isIncomplete: false, items };
  const range = { start: document.positionAt(place.start), end: document.positionAt(place.end) };
  const json = /\.json$/i.test(document.uri);
  const value = (label: string, kind: CompletionItemKind, detail?: string, documentation?: string, sort?: string): CompletionItem => ({
    label,
    kind,
    ...(detail ? { detail } : {}),
    ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}),
    ...(sort ? { sortText: sort } : {}),
    textEdit: TextEdit.replace(range, label),
  });
  const path = place.path;
  const testAt = (i: unknown) => (typeof i === 'number' ? file.tests.find((t) => t.start <= offset && offset <= t.end) : undefined);
  if (place.kind === 'key') {
    const present = new Set(place.map && isMap(place.map) ? place.map.items.map((p) => keyName(p.key)) : []);
    const keys = (names: readonly string[], kind = CompletionItemKind.Property) => {
      for (const name of names) {
        if (present.has(name) && !(text.slice(place.start, place.end) === name)) continue;
        items.push({ label: name, kind, textEdit: TextEdit.replace(range, json ? `"${name}": ` : `${name}: `), filterText: name });
      }
    };
    if (path.length === 0) keys(TOP_KEYS);
    else if (path.length === 2 && path[0] === 'tests') keys(TEST_KEYS);
    else if (path.length === 2 && path[0] === 'policies') keys(POLICY_KEYS);
    else if (path.length === 3 && path[0] === 'tests' && path[2] === 'context') {
      const action = testAt(path[1])?.action?.value;
      for (const key of conditionKeysFor(action, catalog)) {
        const info = catalog.findConditionKey(key);
        items.push({
          label: key,
          kind: CompletionItemKind.Field,
          detail: info ? `${info.type}${info.service === 'aws' ? ' · global key' : ''}` : undefined,
          sortText: `${info?.service === 'aws' ? 1 : 0}${key}`,
          filterText: key,
          textEdit: TextEdit.replace(range, json ? `"${key}": ` : `${key}: `),
        });
      }
    }
    return { isIncomplete: false, items };
  }
  const field = path.length === 3 ? path[2] : undefined;
  if (path[0] === 'tests' && field === 'expect') EXPECTATIONS.forEach((e, i) => items.push(value(e, CompletionItemKind.EnumMember, undefined, EXPECTATION_DOCS[e], String(i))));
  else if (path[0] === 'policies' && field === 'type') POLICY_TYPES.forEach((t) => items.push(value(t, CompletionItemKind.EnumMember)));
  else if (path[0] === 'policies' && field === 'policy' && typeof path[1] === 'number') {
    for (const label of context.policyLabels?.(path[1]) ?? []) items.push(value(label, CompletionItemKind.Reference));
  } else if (path[0] === 'tests' && field === 'action') {
    const typed = text.slice(place.start, Math.max(place.start, Math.min(offset, place.end)));
    const colon = typed.indexOf(':');
    if (colon < 0) {
      for (const prefix of catalog.servicePrefixes) {
        items.push({ ...value(`${prefix}:`, CompletionItemKind.Module, catalog.serviceName(prefix)), command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } });
      }
    } else {
      for (const action of catalog.getService(typed.slice(0, colon))?.actions ?? []) {
        items.push(value(action.fullName, CompletionItemKind.Function, action.accessLevel, md(action.description)));
      }
    }
  } else if (path[0] === 'tests' && field === 'resource') {
    const action = testAt(path[1])?.action?.value;
    const info = action ? catalog.getAction(action) : undefined;
    const service = info ? catalog.getService(info.service) : undefined;
    for (const type of info?.resourceTypes ?? []) {
      const arn = service?.getResourceType(type.name)?.arn;
      if (!arn) continue;
      let n = 0;
      const snippet = arn.replace(/\$\{(\w+)\}/g, (_, part: string) => (part === 'Partition' ? 'aws' : `\${${++n}:${part}}`)).replace(/\$(?![{\d])/g, '\\$');
      items.push({
        label: arn.replace(/\$\{Partition\}/g, 'aws'),
        kind: CompletionItemKind.Value,
        detail: `${type.name}${type.required ? ' (required)' : ''}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: TextEdit.replace(range, snippet),
      });
    }
  }
  return { isIncomplete: false, items };
}

const EXPECTATION_DOCS: Record<(typeof EXPECTATIONS)[number], string> = {
  Allow: 'The request is allowed: a statement allows it, no statement denies it, and every gate (SCP, RCP, boundary, session policy) allows it too.',
  ExplicitDeny: 'A Deny statement applies to the request.',
  ImplicitDeny: 'No statement allows the request (or a gate does not), and none denies it.',
  Depends: 'The answer depends on a context key the test does not give (give it, or give it as null for absent).',
  Deny: 'Either deny, explicit or implicit.',
};

/** The condition keys a request for the action may carry: the action's, its resource types', and the global keys. */
function conditionKeysFor(action: string | undefined, catalog: Catalog): string[] {
  const info = action ? catalog.getAction(action) : undefined;
  const service = info ? catalog.getService(info.service) : undefined;
  const keys = new Set<string>(info?.conditionKeys ?? []);
  for (const type of info?.resourceTypes ?? []) for (const key of service?.getResourceType(type.name)?.conditionKeys ?? []) keys.add(key);
  for (const key of catalog.globalConditionKeys) keys.add(key.key);
  return [...keys];
}

/** How an editor names a statement of a result (its file and line). */
export type StatementNamer = (statement: StatementResult) => string;

/** A test's outcome in markdown: passed or failed, the deciding statements, and why each statement applied or not. */
export function outcomeMarkdown(outcome: RequestTestOutcome, name: StatementNamer): string {
  const { test, result } = outcome;
  if (!result) return `**Cannot run** ${code(test.name)}: ${md(outcome.error ?? 'unknown reason')}`;
  const expect = test.expect!.value;
  const lines = [outcome.passed ? `**Passed**: ${result.decision}${expect === 'Deny' ? ' (expected Deny)' : ''}` : `**Failed**: expected ${expect}, got ${result.decision}`];
  if (result.missingContextKeys.length > 0) lines.push('', `Depends on ${result.missingContextKeys.map(code).join(', ')}: give ${result.missingContextKeys.length === 1 ? 'it' : 'them'} in \`context\` (null for absent).`);
  if (result.deciding.length > 0) lines.push('', `${result.decision === 'Depends' ? 'Would be decided by' : 'Decided by'} ${result.deciding.map(name).join(', ')}`);
  for (const note of result.notes) lines.push('', md(note));
  if (result.statements.length > 0) {
    lines.push('', '**Statements**', '');
    for (const s of result.statements.slice(0, 30)) lines.push(`- ${name(s)}: ${s.applies === 'yes' ? 'applies' : s.applies === 'depends' ? 'depends' : 'does not apply'}${s.applies === 'yes' ? '' : ` (${md(s.reason)})`}`);
    if (result.statements.length > 30) lines.push(`- … and ${result.statements.length - 30} more`);
  }
  return lines.join('\n');
}

/** Hover in a request-test file: an action, a context key, or a test (its outcome, from the shell). */
export function hoverRequestTest(document: TextDocument, file: RequestTestFile, offset: number, catalog: Catalog, outcomeAt: (testIndex: number) => string | undefined): Hover | null {
  const place = locate(file.root, document.getText(), offset);
  if (!place) return null;
  const range = { start: document.positionAt(place.start), end: document.positionAt(place.end) };
  const answer = (value: string | undefined): Hover | null => (value ? { contents: { kind: MarkupKind.Markdown, value }, range } : null);
  const { path } = place;
  if (place.kind === 'value' && path[0] === 'tests' && path[2] === 'action') {
    const action = catalog.getAction(place.text);
    return answer(action ? actionHover(action, catalog) : undefined);
  }
  if (place.kind === 'key' && path[0] === 'tests' && path[2] === 'context') return answer(conditionKeyHover(document.getText().slice(place.start, place.end), undefined, undefined, catalog));
  if (path[0] === 'tests' && typeof path[1] === 'number' && (path.length === 2 || path[2] === 'name' || path[2] === 'expect')) {
    const index = file.tests.findIndex((t) => t.start <= offset && offset <= t.end);
    return index < 0 ? null : answer(outcomeAt(index));
  }
  return null;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** A decision in words for a failing test's message: who decided, or on what it depends, or why nothing allowed. */
function decisionWords(result: NonNullable<RequestTestOutcome['result']>, name: StatementNamer): string {
  if (result.decision === 'Depends') return `it depends on ${result.missingContextKeys.join(', ')}`;
  if (result.deciding.length > 0) return `${result.decision === 'Allow' ? 'allowed' : 'denied'} by ${result.deciding.map(name).join(', ')}`;
  const why = result.statements.slice(0, 3).map((s) => `${name(s)}: ${s.reason}`);
  return [...result.notes, ...why].join('; ') || 'no statement allows it';
}

/**
 * The diagnostics of a request-test file: what cannot be read or run (`invalid-request-test`),
 * each failing expectation on its `expect` (`request-test-failed`), and an action no service
 * has (`unknown-action`: such a test passes or fails for a typo).
 */
export function requestTestDiagnostics(
  document: TextDocument,
  file: RequestTestFile,
  entries: readonly (TestPolicy | string)[],
  outcomes: readonly RequestTestOutcome[] | undefined,
  catalog: Catalog,
  settings: LanguageSettings,
  name: StatementNamer,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (code: string, fallback: keyof typeof SEVERITY, start: number, end: number, message: string) => {
    const level = settings.severity?.[code] ?? fallback;
    if (level === 'off') return;
    out.push({ range: { start: document.positionAt(start), end: document.positionAt(Math.max(start, end)) }, severity: SEVERITY[level], code, codeDescription: { href: ruleDocUrl(code) }, source: DIAGNOSTIC_SOURCE, message });
  };
  for (const p of file.problems) add('invalid-request-test', 'error', p.start, p.end, p.message);
  file.policies.forEach((reference, i) => {
    const entry = entries[i];
    if (typeof entry === 'string') add('invalid-request-test', 'error', reference.file.start, reference.file.end, entry);
  });
  for (const test of file.tests) {
    if (test.action && !test.action.value.includes('*') && !catalog.getAction(test.action.value)) {
      const service = catalog.getService(test.action.value.split(':')[0]);
      add('unknown-action', 'warning', test.action.start, test.action.end, service ? `${service.prefix} has no action '${test.action.value.split(':').slice(1).join(':')}': this test evaluates a request that cannot happen.` : `No service has the prefix of '${test.action.value}': this test evaluates a request that cannot happen.`);
    }
    if ('error' in test.request) add('invalid-request-test', 'error', test.request.start, test.request.end, test.request.error);
  }
  for (const outcome of outcomes ?? []) {
    const { test, result } = outcome;
    if (outcome.passed || !result || !test.expect) continue;
    add('request-test-failed', 'error', test.expect.start, test.expect.end, `"${test.name}" expects ${test.expect.value} but gets ${result.decision}: ${decisionWords(result, name)}.`);
  }
  return out;
}

/** A code lens per test: its result, and (with the client's command) a click that reveals the deciding statement. */
export function requestTestLenses(document: TextDocument, outcomes: readonly RequestTestOutcome[], name: StatementNamer, reveal?: (statement: StatementResult) => Command | undefined): CodeLens[] {
  return outcomes.map((outcome) => {
    const { test, result } = outcome;
    const at = document.positionAt(test.start);
    const range = { start: at, end: at };
    if (!result) return { range, command: { title: `✗ cannot run: ${outcome.error ?? ''}`, command: '' } };
    const by = result.deciding.length > 0 ? ` by ${result.deciding.map(name).join(', ')}` : result.decision === 'Depends' ? ` on ${result.missingContextKeys.join(', ')}` : '';
    const title = outcome.passed ? `✓ ${result.decision}${by}` : `✗ ${result.decision}${by}, expected ${test.expect!.value}`;
    const command = result.deciding.length > 0 ? reveal?.(result.deciding[0]) : undefined;
    return { range, command: command ? { ...command, title } : { title, command: '' } };
  });
}
