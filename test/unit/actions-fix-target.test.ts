// A quick fix works on the node its diagnostic was reported on, carried in the diagnostic's
// data as a path of child indices, not on whatever the document holds at the diagnostic's
// position when the fix is asked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { applyAction, doc, service } from '../helpers/core';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetObjekt"], "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalTag/team": "a" }, "StringEqualz": { "aws:username": "b" } } }
  ]
}`;

const nodeAt = (root: Node | undefined, path: unknown) => (path as number[]).reduce<Node | undefined>((n, i) => n?.children?.[i], root);

function quickFixes(document: TextDocument, diagnostic: Diagnostic) {
  return service.getCodeActions(document, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] }).filter((a) => a.diagnostics?.[0]?.code === diagnostic.code);
}

describe('quick fixes find their node by the path the diagnostic carries', () => {
  it('stamps every finding on a node with the path of that node', () => {
    const document = doc(POLICY);
    const policy = service.parsePolicy(document);
    const diagnostics = service.doValidation(document, policy);
    for (const code of ['unknown-action', 'unknown-operator']) {
      const diagnostic = diagnostics.find((d) => d.code === code)!;
      const path = (diagnostic.data as { nodePath: unknown }).nodePath;
      assert.ok(Array.isArray(path) && path.every(Number.isInteger), `${code}: ${JSON.stringify(diagnostic.data)}`);
      const node = nodeAt(policy.root, path)!;
      assert.deepEqual([node.offset, node.offset + node.length], [document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end)], code);
    }
    assert.equal(applyAction(document, quickFixes(document, diagnostics.find((d) => d.code === 'unknown-operator')!)[0]).includes('"StringEquals": { "aws:username"'), true);
  });

  it('offers nothing for a diagnostic of an older text whose node is no longer where it was, instead of editing another node', () => {
    const before = doc(POLICY);
    const diagnostic = service.doValidation(before, service.parsePolicy(before)).find((d) => d.code === 'unknown-action')!;
    assert.equal(quickFixes(before, diagnostic)[0]?.title, "Did you mean 's3:GetObject'?");
    // The list gained an element in front: the path now leads to "s3:ListBucket", which starts where the old finding did.
    const after = doc(POLICY.replace('["s3:GetObjekt"]', '["s3:ListBucket", "s3:GetObjekt"]'));
    assert.deepEqual(quickFixes(after, diagnostic), []);
    // Data without a path (or with a path that leads nowhere) gets no fix either, and no exception.
    for (const data of [{ suggestions: ['s3:GetObject'] }, { suggestions: ['s3:GetObject'], nodePath: [9, 9, 9] }, { suggestions: ['s3:GetObject'], nodePath: 'x' }]) {
      assert.deepEqual(quickFixes(before, { ...diagnostic, data }), []);
    }
  });

  it('leaves the previous text\'s findings and fixes to the same node after an edit elsewhere', () => {
    const document = doc(POLICY);
    const diagnostic = service.doValidation(document, service.parsePolicy(document)).find((d) => d.code === 'unknown-action')!;
    // An edit after the finding leaves its node, its path and its range as they were.
    const edited = TextDocument.update(document, [{ range: { start: document.positionAt(POLICY.indexOf('"a"')), end: document.positionAt(POLICY.indexOf('"a"') + 3) }, text: '"team-a"' }], 2);
    const fixes = quickFixes(edited, diagnostic);
    assert.equal(fixes.length > 0 && applyAction(edited, fixes[0]).includes('["s3:GetObject"]'), true);
  });
});
