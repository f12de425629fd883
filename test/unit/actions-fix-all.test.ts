import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeActionContext, Range, TextEdit } from 'vscode-languageserver-types';
import { mergeFixes } from '../../server/src/core/actions/fixAll';
import { applyAction, codeActions, doc, findings, service } from '../helpers/core';

/** The code actions the whole document gets for a request with `only`. */
function sourceActions(text: string, only?: string[]) {
  const document = doc(text);
  const policy = service.parsePolicy(document);
  const context: CodeActionContext = { diagnostics: service.doValidation(document, policy), only };
  const range = Range.create(document.positionAt(0), document.positionAt(0));
  return { document, actions: service.getCodeActions(document, range, context, policy) };
}

function fixAll(text: string): string {
  const { document, actions } = sourceActions(text, ['source.fixAll']);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all auto-fixable IAM policy problems', 'source.fixAll.iamPolicy']]);
  return applyAction(document, actions[0]);
}

describe('source.fixAll', () => {
  it('applies the preferred fix of every diagnostic at once', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:PutObjekt", "sqs:SendMesage"],
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}`;
    assert.deepEqual(findings(before), [
      'unknown-action: "s3:GetObjekt"',
      'unknown-action: "s3:PutObjekt"',
      'unknown-action: "sqs:SendMesage"',
    ]);
    const after = fixAll(before);
    assert.equal(after, before.replace('GetObjekt', 'GetObject').replace('PutObjekt', 'PutObject').replace('SendMesage', 'SendMessage'));
    assert.deepEqual(findings(after), []);
  });

  it('fixes every finding that has one preferred fix, repeating while fixes reveal new ones', () => {
    const before =
      '{"Statement": [{"Sid": "A", "Effect": "allow", "Action": ["s3:GetObjekt", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}, ' +
      '{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}}]}';
    const document = doc(before);
    const policy = service.parsePolicy(document);
    const diagnostics = service.doValidation(document, policy);
    const fixable = diagnostics.filter((d) => {
      const fixes = service.getCodeActions(document, d.range, { diagnostics: [d], only: ['quickfix'] }, policy);
      return fixes.filter((f) => f.isPreferred).length === 1;
    });
    assert.ok(fixable.length >= 2, `fixable: ${fixable.map((d) => d.code).join(', ')}`);
    const after = fixAll(before);
    assert.deepEqual(service.parsePolicy(doc(after)).syntaxErrors, []);
    const fixedCodes = new Set(fixable.map((d) => String(d.code)));
    assert.deepEqual(findings(after).filter((f) => fixedCodes.has(f.slice(0, f.indexOf(':')))), [], after);
  });

  it('is offered only when the client asks for source or fix-all actions, and only with something to fix', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const kinds = (only?: string[]) => sourceActions(text, only).actions.filter((a) => a.kind === 'source.fixAll.iamPolicy').length;
    assert.equal(kinds(['source.fixAll']), 1);
    assert.equal(kinds(['source']), 1);
    assert.equal(kinds(['source.fixAll.iamPolicy']), 1);
    assert.equal(kinds(), 0, 'not in the light bulb');
    assert.equal(kinds(['quickfix']), 0);
    assert.equal(kinds(['refactor']), 0);
    assert.deepEqual(sourceActions(text.replace('Objekt', 'Object'), ['source.fixAll']).actions, []);
  });
});

describe('fix all of this kind', () => {
  it('is offered next to a quick fix when the document has several findings of its code', () => {
    const marked = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObj|ekt", "s3:PutObjekt"], "NotAction": "sqs:SendMesage", "Resource": "arn:aws:s3:::b/*"}]}';
    const { actions, document } = codeActions(marked);
    const all = actions.find((a) => a.title === "Fix all 'unknown-action' problems in this file");
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    assert.equal(all.kind, 'quickfix');
    assert.equal(
      applyAction(document, all),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "NotAction": "sqs:SendMessage", "Resource": "arn:aws:s3:::b/*"}]}',
    );
  });

  it('is not offered for a lone finding', () => {
    const { actions } = codeActions('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObj|ekt", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}');
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Fix all')), []);
  });
});

describe('merging fixes', () => {
  const document = TextDocument.create('file:///m.json', 'json', 1, '0123456789');
  const edit = (from: number, to: number, text: string) => TextEdit.replace(Range.create(document.positionAt(from), document.positionAt(to)), text);

  it('keeps fixes in order, drops a fix that overlaps an accepted one, sorts the edits', () => {
    const merged = mergeFixes(document, [[edit(6, 8, 'b')], [edit(1, 3, 'a')], [edit(2, 4, 'x')], [edit(8, 9, 'c'), edit(0, 1, 'd')]]);
    assert.equal(TextDocument.applyEdits(document, merged), 'da345bc9');
  });

  it('drops insertions at the same place or inside another edit, and fixes whose own edits overlap', () => {
    const merged = mergeFixes(document, [[edit(5, 5, 'x')], [edit(5, 5, 'y')], [edit(4, 6, 'z')], [edit(1, 3, 'p'), edit(2, 4, 'q')], [edit(9, 10, 'e')]]);
    assert.equal(TextDocument.applyEdits(document, merged), '01234x5678e');
  });
});

describe('source.fixAll never changes who is allowed or denied', () => {
  it('leaves fixes that make a never-matching condition or trust match to the author', () => {
    const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`;
    const scp = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west1"]}}}]}`;
    const arn = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnEquals": {"aws:SourceAccount": "123456789012"}}}]}`;
    for (const [text, code, title] of [
      [trust, 'trust-action-mismatch', "Change the action to 'sts:AssumeRoleWithWebIdentity'"],
      [scp, 'condition-key-value-format', "Change to 'eu-west-1'"],
      [arn, 'operator-type-mismatch', "Change the operator to 'StringEquals'"],
    ]) {
      assert.ok(findings(text).some((f) => f.startsWith(`${code}: `)), `${code} reports`);
      const { actions } = codeActions(text);
      const offered = actions.find((a) => a.title === title);
      assert.ok(offered, `${title} is offered among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.notEqual(offered.isPreferred, true, `${title} is not preferred`);
      const fixAllActions = sourceActions(text, ['source.fixAll']).actions;
      for (const action of fixAllActions) assert.ok(!findings(applyAction(doc(text), action)).every((f) => !f.startsWith(`${code}: `)), `fix-all removes ${code}`);
    }
  });
});
