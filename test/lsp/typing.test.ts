// A user typing policies into the real server over stdio, one keystroke per incremental
// didChange, with completion, hover and pulled diagnostics along the way, typos and their
// backspaces, a pasted statement, a cut and its undo, and an undo back to the empty file. At
// the end the diagnostics must be those of the same text opened fresh, the server must have
// logged no exception, and it must still answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Diagnostic, Hover, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lsp';

const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GitHubDeploy🚀",
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        "StringLike": { "token.actions.githubusercontent.com:sub": "repo:org/app:*" }
      }
    }
  ]
}
`;

// Typed with Windows line endings: positions after a CRLF must line up on both sides.
const IDENTITY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Allow",',
  '      "Action": ["s3:GetObject", "s3:ListBuckt"],',
  '      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],',
  '      "Condition": { "Bool": { "aws:SecureTransport": "true" } }',
  '    }',
  '  ]',
  '}',
].join('\r\n');

// Pasted into the identity policy's Statement array, before its first statement.
const PASTED = `{ "Sid": "Deny", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } },\r\n    `;

/** The server's view of one open document, mirrored on this side to compute ranges and check answers. */
class TypedDocument {
  private document: TextDocument;
  private version = 1;
  cursor = 0;
  readonly stats = { changes: 0, completions: 0, hovers: 0, pulls: 0, compared: 0 };

  constructor(
    readonly client: LspClient,
    readonly uri: string,
  ) {
    this.document = TextDocument.create(uri, 'json', 1, '');
  }

  get text(): string {
    return this.document.getText();
  }

  async open(text = ''): Promise<void> {
    this.document = TextDocument.create(this.uri, 'json', ++this.version, text);
    await this.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'json', version: this.version, text } });
  }

  async close(): Promise<void> {
    await this.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri } });
  }

  /** Replaces [start, end) with `text` as one incremental change and leaves the cursor after it. */
  async edit(start: number, end: number, text: string): Promise<void> {
    const change: TextDocumentContentChangeEvent = { range: this.range(start, end), text };
    this.document = TextDocument.update(this.document, [change], ++this.version);
    this.cursor = start + text.length;
    this.stats.changes++;
    await this.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: this.version }, contentChanges: [change] });
  }

  type = (text: string) => this.edit(this.cursor, this.cursor, text);
  backspace = (n = 1) => this.edit(this.cursor - n, this.cursor, '');

  range(start: number, end: number): Range {
    return { start: this.document.positionAt(start), end: this.document.positionAt(end) };
  }

  position(offset = this.cursor): Position {
    return this.document.positionAt(offset);
  }

  /** Completion at the cursor: labelled items whose edits lie inside the document. */
  async complete(): Promise<CompletionList | null> {
    this.stats.completions++;
    const list = await this.client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: this.uri }, position: this.position() });
    for (const item of list?.items ?? []) {
      assert.ok(typeof item.label === 'string' && item.label.length > 0, `unlabelled item at ${this.cursor}`);
      const edit = item.textEdit;
      if (edit && 'range' in edit) this.assertInside(edit.range, `completion '${item.label}'`);
      else if (edit) this.assertInside(edit.replace, `completion '${item.label}'`);
    }
    return list;
  }

  async hover(offset = Math.max(0, this.cursor - 1)): Promise<Hover | null> {
    this.stats.hovers++;
    const hover = await this.client.request<Hover | null>('textDocument/hover', { textDocument: { uri: this.uri }, position: this.position(offset) });
    if (hover?.range) this.assertInside(hover.range, 'hover');
    return hover;
  }

  /** Pulled diagnostics, each inside the document. */
  async diagnostics(): Promise<Diagnostic[]> {
    this.stats.pulls++;
    const report = await this.client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: this.uri } });
    assert.equal(report.kind, 'full');
    for (const d of report.items) this.assertInside(d.range, `diagnostic ${d.code}`);
    return report.items;
  }

  private assertInside(range: Range, what: string): void {
    const lines = this.text.split(/\r\n|\r|\n/);
    for (const p of [range.start, range.end]) {
      const ok = p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
      if (!ok) assert.fail(`${what}: ${JSON.stringify(range)} outside the document (version ${this.version}):\n${this.text}`);
    }
  }
}

/** Types `text` at the cursor one keystroke at a time (a CRLF or an emoji is one keystroke), with a typo now and then. */
async function typeOut(doc: TypedDocument, text: string): Promise<void> {
  const keys = text.match(/\r\n|[\ud800-\udbff][\udc00-\udfff]|[^]/g) ?? [];
  for (const [i, key] of keys.entries()) {
    if (i % 29 === 5) {
      await doc.type('x"');
      await doc.backspace(2);
    }
    await doc.type(key);
    if (i % 7 === 3) await doc.complete();
    if (i % 11 === 6) await doc.hover();
    if (i % 17 === 9) await assertLikeFresh(doc, await doc.diagnostics());
  }
}

/** Pulled diagnostics equal those of a second document opened with the same text (no incremental state). */
async function assertLikeFresh(doc: TypedDocument, diagnostics: Diagnostic[]): Promise<void> {
  const shadow = new TypedDocument(doc.client, `${doc.uri}.fresh.json`);
  await shadow.open(doc.text);
  const fresh = JSON.parse(JSON.stringify(await shadow.diagnostics()).replaceAll(shadow.uri, doc.uri)) as Diagnostic[];
  await shadow.close();
  assert.deepEqual(diagnostics, fresh, `after typing up to ${doc.cursor}:\n${doc.text}`);
  doc.stats.compared++;
}

/** Diagnostics of the current text, opened anew so no incremental state is involved. */
async function freshDiagnostics(doc: TypedDocument): Promise<Diagnostic[]> {
  const text = doc.text;
  await doc.close();
  await doc.open(text);
  return doc.diagnostics();
}

/** Whether anything the server logged or printed looks like an exception. */
const EXCEPTION = /error|exception|\n\s+at /i;

describe('language server: a user typing policies keystroke by keystroke', () => {
  let client: LspClient;
  const docs: TypedDocument[] = [];

  before(async () => {
    ({ client } = await LspClient.start({ textDocument: { diagnostic: { dynamicRegistration: false } } }));
  });
  after(async () => {
    const stats = docs.map((d) => `${d.uri.split('/').pop()}: ${d.stats.changes} changes, ${d.stats.completions} completions, ${d.stats.hovers} hovers, ${d.stats.pulls} diagnostic pulls, ${d.stats.compared} compared with a fresh open`);
    console.log(stats.join('\n'));
    assert.equal(await client.stop(), 0);
  });

  /** Opens an empty document, types `text` into it and pulls the diagnostics of the result. */
  const typeNew = async (name: string, text: string) => {
    const doc = new TypedDocument(client, `file:///work/typing/${name}`);
    docs.push(doc);
    await doc.open();
    await typeOut(doc, text);
    assert.equal(doc.text, text);
    return { doc, typed: await doc.diagnostics() };
  };

  it('types a trust policy with typos, then undoes it to empty and pastes it back', async () => {
    const { doc, typed } = await typeNew('trust.json', TRUST);
    assert.ok(!typed.some((d) => d.code === 'oidc-trust-without-sub'), JSON.stringify(typed));
    assert.deepEqual(typed, await freshDiagnostics(doc));

    // Undo to the empty file (one change), then paste the policy back in one go.
    await doc.edit(0, doc.text.length, '');
    assert.deepEqual(await doc.diagnostics(), []);
    await doc.complete();
    await doc.hover(0);
    await doc.type(TRUST);
    assert.deepEqual(await doc.diagnostics(), typed);
  });

  it('types an identity policy with CRLFs, pastes a statement, cuts a line and undoes the cut', async () => {
    const { doc, typed } = await typeNew('identity.json', IDENTITY);
    assert.deepEqual(typed.map((d) => d.code), ['unknown-action'], 's3:ListBuckt is the one mistake');

    // Paste a whole statement before the first one.
    const at = doc.text.indexOf('{', doc.text.indexOf('"Statement"'));
    await doc.edit(at, at, PASTED);
    const pasted = await doc.diagnostics();
    assert.ok(pasted.some((d) => d.code === 'unknown-action'), JSON.stringify(pasted));
    await doc.hover(at + 10);

    // Cut the Condition line (the statement keeps a trailing comma before `}`), then undo the cut.
    const line = doc.text.indexOf('      "Condition": { "Bool"');
    const end = doc.text.indexOf('\r\n', line) + 2;
    const cut = doc.text.slice(line, end);
    await doc.edit(line, end, '');
    await doc.complete();
    await doc.diagnostics();
    await doc.edit(line, line, cut);
    assert.deepEqual(await doc.diagnostics(), pasted);

    // Delete characters one by one from the middle of an action, then type them back.
    const word = doc.text.indexOf('s3:GetObject') + 's3:GetObject'.length;
    doc.cursor = word;
    for (let i = 0; i < 6; i++) {
      await doc.backspace();
      await doc.complete();
      await doc.diagnostics();
    }
    await typeOut(doc, 'Object');
    assert.deepEqual(await doc.diagnostics(), pasted);
    assert.deepEqual(pasted, await freshDiagnostics(doc));
  });

  it('answers malformed requests (a client bug, not user input) with InvalidParams or nothing, never an exception', async () => {
    const uri = docs[1].uri;
    const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    const rejected = async (method: string, params: unknown) => {
      await assert.rejects(client.request(method, params), (e: { code?: number }) => e.code === -32602, `${method} ${JSON.stringify(params)}`);
    };
    await rejected('textDocument/hover', { textDocument: { uri } });
    await rejected('textDocument/hover', { textDocument: {}, position: { line: 0, character: 0 } });
    await rejected('textDocument/completion', { textDocument: { uri }, position: null });
    await rejected('textDocument/completion', { textDocument: { uri }, position: { line: 'a', character: {} } });
    await rejected('textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [] } });
    await rejected('iamPolicy/narrowWildcardAction', { textDocument: { uri, version: 1 }, levels: ['Read'] });
    // A context that is missing or half-formed is read as far as it makes sense.
    const contexts = [undefined, { diagnostics: null }, { diagnostics: [null, { code: 'unknown-action', source: 'iam-policy', range: null }] }, { diagnostics: [], only: 'quickfix' }];
    for (const context of contexts) {
      assert.ok(Array.isArray(await client.request('textDocument/codeAction', { textDocument: { uri }, range, context })), JSON.stringify(context));
    }
    const report = await client.request<{ kind: string; items: unknown[] }>('textDocument/diagnostic', {});
    assert.deepEqual(report, { kind: 'full', items: [] });
  });

  it('logged no exception and still answers', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: docs[0].uri }, position: { line: 7, character: 26 } });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /AssumeRoleWithWebIdentity/);
    assert.deepEqual(client.logs.filter((m) => EXCEPTION.test(m)), []);
    assert.equal(client.stderr.join(''), '');
  });
});
