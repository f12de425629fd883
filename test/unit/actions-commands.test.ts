import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type NarrowWildcardActionParams, registerCommands } from '../../server/src/common/commands';
import { service } from '../helpers/core';

/** Registers the commands on a stand-in connection and returns the request handler for the method. */
function narrowHandler(document: TextDocument, logs: string[]) {
  let handler: ((params: NarrowWildcardActionParams, token: undefined) => WorkspaceEdit | null) | undefined;
  const connection = {
    onRequest(type: { method: string }, h: typeof handler) {
      if (type.method === 'iamPolicy/narrowWildcardAction') handler = h;
      else assert.ok(['iamPolicy/checkAccess', 'iamPolicy/access', 'iamPolicy/accessSuggestions'].includes(type.method), type.method);
    },
  } as unknown as Connection;
  registerCommands(connection, {
    documents: { get: (uri: string) => (uri === document.uri ? document : undefined) } as unknown as TextDocuments<TextDocument>,
    languageService: () => service,
    policyOf: (d) => (d ? service.parsePolicy(d) : undefined),
    embeddedOf: () => undefined,
    settingsOf: () => ({}),
    log: (m) => logs.push(m),
  });
  assert.ok(handler);
  return handler;
}

describe('iamPolicy/narrowWildcardAction request', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": ["kms:*Alias*", "s3:GetObject"], "Resource": "*"}]}';
  const document = TextDocument.create('file:///cmd.json', 'json', 3, text);
  const position = document.positionAt(text.indexOf('"kms'));

  it('answers the edit that keeps the chosen access levels', () => {
    const logs: string[] = [];
    const edit = narrowHandler(document, logs)({ textDocument: { uri: document.uri, version: 3 }, position, levels: ['Write'] }, undefined);
    assert.ok(edit?.changes);
    assert.equal(
      TextDocument.applyEdits(document, edit.changes[document.uri]),
      '{"Statement": [{"Effect": "Allow", "Action": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "s3:GetObject"], "Resource": "*"}]}',
    );
    assert.deepEqual(logs, []);
  });

  it('answers null for a stale version, an unknown document, bad levels, or nothing left', () => {
    const handler = narrowHandler(document, []);
    assert.equal(handler({ textDocument: { uri: document.uri, version: 2 }, position, levels: ['Write'] }, undefined), null);
    assert.equal(handler({ textDocument: { uri: 'file:///other.json', version: 3 }, position, levels: ['Write'] }, undefined), null);
    assert.equal(handler({ textDocument: { uri: document.uri, version: 3 }, position, levels: 'Write' as unknown as string[] }, undefined), null);
    assert.equal(handler({ textDocument: { uri: document.uri, version: 3 }, position, levels: ['Read'] }, undefined), null);
  });
});
