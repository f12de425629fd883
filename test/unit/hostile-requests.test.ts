// Hostile input, one request at a time: no single request (a validation step, a code-action
// request, a completion, a hover) holds the server for long on a document under the 3 MB limit,
// and data a client sends back never makes a fix throw. Each case is the example that froze or
// threw, through the core facade; the bounds are generous (the freezes took 10 s to minutes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionContext } from '../../server/src/common/params';
import { catalog } from '../helpers/core';
import { BOUND_MS, contained, MAX_DOCUMENT, open as openHostile, policyText, service, timed } from '../helpers/hostile';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/core/validation';

const open = (text: string) => openHostile(text, 'request');

/** Validation one rule per step, each step bounded (the server answers other requests in between); the findings by code. */
function validateInSteps(label: string, text: string) {
  assert.ok(text.length < MAX_DOCUMENT, `${label}: ${text.length} characters, under the size limit`);
  const { document, policy } = open(text);
  const steps = service.doValidationSteps(document, policy);
  let slowest = 0;
  for (;;) {
    const start = performance.now();
    const step = steps.next();
    slowest = Math.max(slowest, performance.now() - start);
    if (step.done) {
      assert.ok(slowest < BOUND_MS, `${label}: a validation step took ${slowest.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
      return { document, policy, diagnostics: step.value, count: (code: string) => step.value.filter((d) => d.code === code).length };
    }
  }
}

/** As many items as fit in about 2.8 MB of the statement. */
function fill(make: (i: number) => string, each = make(99_999).length + 3): string[] {
  return Array.from({ length: Math.floor(2_800_000 / each) }, (_, i) => make(i));
}

describe('hostile requests: long lists', () => {
  it('offers the collapse refactoring at once on 60,000 copies of one action (163 s before)', () => {
    const text = policyText([{ Effect: 'Allow', Action: Array(60_000).fill('s3:GetObject'), Resource: '*' }]);
    const { document, policy } = open(text);
    const actions = timed('refactorings', () =>
      service.getCodeActions(document, { start: document.positionAt(0), end: document.positionAt(text.length) }, { diagnostics: [], only: ['refactor'] }, policy),
    );
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Collapse')), []);
    assert.deepEqual(contained, []);
  });

  it('collapses every action of s3:Get* listed again and again into one wildcard, with one edit per removed item', () => {
    const gets = catalog.matchActions('s3:Get*').map((a) => a.fullName);
    const list = fill((i) => gets[i % gets.length], 28);
    const text = policyText([{ Effect: 'Allow', Action: list, Resource: '*' }]);
    const { document, policy } = open(text);
    const actions = timed('refactorings', () =>
      service.getCodeActions(document, { start: document.positionAt(0), end: document.positionAt(text.length) }, { diagnostics: [], only: ['refactor'] }, policy),
    );
    const collapse = actions.find((a) => a.title === `Collapse ${list.length} actions into 's3:Get*'`);
    assert.ok(collapse, actions.map((a) => a.title).join('\n'));
    assert.equal(collapse.edit?.changes?.[document.uri].length, list.length);
  });
});

describe('hostile requests: source.fixAll on a large document', () => {
  it('fixes the first 500 of 48,000 lowercase Effects at once, without passes over 2.8 MB again (5 to 7 s before)', () => {
    const text = `{"Version":"2012-10-17","Statement":[${fill(() => '{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}').join(',')}]}`;
    const { document, policy, count } = validateInSteps('lowercase Effects', text);
    assert.equal(count('invalid-effect'), MAX_FINDINGS_PER_RULE);
    const actions = timed('source.fixAll', () => service.getCodeActions(document, { start: document.positionAt(0), end: document.positionAt(0) }, { diagnostics: [], only: ['source.fixAll'] }, policy));
    assert.equal(actions.length, 1);
    const after = TextDocument.applyEdits(document, actions[0].edit?.changes?.[document.uri] ?? []);
    assert.equal(after.split('"Effect":"Allow"').length - 1, 500, 'the first pass; the next fix-all goes on');
    assert.ok(after.startsWith(`{"Version":"2012-10-17","Statement":[${'{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},'.repeat(500)}{"Effect":"allow"`));
    assert.deepEqual(contained, []);
  });
});

describe('hostile requests: resource-mismatch on many ARNs', () => {
  const actions = ['s3:*', 'ec2:*', 'iam:*'];
  const shapes: [string, (i: number) => string][] = [
    ['ARNs of no ec2 resource type (70 s before)', (i) => `arn:aws:ec2:us-east-1:123456789012:nothing/i-${i}`],
    ['S3 ARNs with a Region and account (9.6 s before)', (i) => `arn:aws:s3:us-east-1:123456789012:bucket${i}/*`],
    ['IAM ARNs of no type (13.5 s before)', (i) => `arn:aws:iam::123456789012:zzz/r${i}`],
    ['ec2 instances, all fine', (i) => `arn:aws:ec2:us-east-1:123456789012:instance/i-${i}`],
    ['wildcard ec2 ARNs', (i) => `arn:aws:ec2:*:*:*nothing${i}/*`],
  ];
  for (const [label, make] of shapes) {
    it(`${label}: bounded, and the first ARNs still judged`, () => {
      const resources = fill(make);
      const { diagnostics } = validateInSteps(label, policyText([{ Effect: 'Allow', Action: actions, Resource: resources }]));
      // An S3 ARN with a Region and account is invalid-arn's (its Region and account are never S3's); the others resource-mismatch's.
      const mismatch = diagnostics.filter((d) => d.code === (label.startsWith('S3') ? 'invalid-arn' : 'resource-mismatch'));
      if (label.endsWith('all fine')) assert.equal(mismatch.length, 0);
      else if (!label.startsWith('wildcard')) assert.ok(mismatch.length >= 100, `${mismatch.length} findings`);
      assert.deepEqual(contained, []);
    });
  }

  it('reports every mismatched ARN of a large but normal policy', () => {
    const resources = Array.from({ length: 150 }, (_, i) => `arn:aws:ec2:us-east-1:123456789012:nothing/i-${i}`);
    const { count } = validateInSteps('150 ARNs', policyText([{ Effect: 'Allow', Action: actions, Resource: resources }]));
    assert.equal(count('resource-mismatch'), 150);
  });

  it('still names the idle action among 2,000 object ARNs', () => {
    const resources = Array.from({ length: 2000 }, (_, i) => `arn:aws:s3:::bucket/${i}/*`);
    const { diagnostics, document } = validateInSteps('idle action', policyText([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: resources }]));
    const idle = diagnostics.filter((d) => d.code === 'resource-mismatch').map((d) => document.getText(d.range));
    assert.deepEqual(idle, ['"s3:ListBucket"']);
  });
});

describe('hostile requests: condition keys', () => {
  it('condition-key-not-applicable on 30,000 operator blocks and on 18,000 statements: bounded, findings kept up to the cap', () => {
    // Known operators written again and again (duplicate keys), as a generated document may.
    const blocks = Array.from({ length: 30_000 }, (_, i) => `"StringEquals${i % 2 ? 'IfExists' : ''}": {"ec2:ResourceTag/k${i}": "v", "s3:prefix": "p"}`);
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*", "Condition": {${blocks.join(', ')}}}]}`;
    const one = validateInSteps('operator blocks', text);
    assert.ok(one.count('condition-key-not-applicable') >= 15_000, `${one.count('condition-key-not-applicable')} findings`);
    const statements = Array.from({ length: 18_000 }, (_, i) => ({
      Effect: 'Allow',
      Action: ['s3:*', i % 2 ? 'iam:*' : 'sqs:*'],
      Resource: '*',
      Condition: { StringEquals: { [`ec2:ResourceTag/k${i}`]: 'a', 'lambda:FunctionArn': 'x' } },
    }));
    const many = validateInSteps('statements', policyText(statements));
    assert.equal(many.count('condition-key-not-applicable'), Math.min(2 * statements.length, MAX_FINDINGS_PER_RULE));
  });

  it('unknown-condition-key on 140,000 keys: bounded, each reported up to the cap', () => {
    for (const prefix of ['aws', 'ec2']) {
      const keys = Array.from({ length: 140_000 }, (_, i) => `${prefix}:Zz${i}`);
      const text = policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: Object.fromEntries(keys.map((k) => [k, 'a'])) } }]);
      const { count } = validateInSteps(`${prefix} keys`, text);
      assert.equal(count('unknown-condition-key'), Math.min(keys.length, MAX_FINDINGS_PER_RULE));
    }
    assert.deepEqual(contained, []);
  });
});

describe('hostile requests: completion and hover on megabyte values', () => {
  it('completes at the end of a 3 MB typed action or condition key at once (2.7 s before)', () => {
    for (const typed of [`s3:${'G'.repeat(2_900_000)}`, `aws:${'x'.repeat(2_900_000)}`]) {
      const text = typed.startsWith('s3:')
        ? policyText([{ Effect: 'Allow', Action: typed, Resource: '*' }])
        : policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { [typed]: 'a' } } }]);
      const { document, policy } = open(text);
      const list = timed('completion', () => service.doComplete(document, document.positionAt(text.indexOf(typed) + typed.length), policy));
      assert.ok(list, 'an answer');
    }
  });

  it('clips a long condition key in its hover (5.6 MB of hover before)', () => {
    for (const key of [`aws:PrincipalTag/${'x'.repeat(2_900_000)}`, `oidc.eks.us-east-1.amazonaws.com/id/${'A'.repeat(2_900_000)}:sub`]) {
      const text = policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { [key]: 'a' } } }]);
      const { document, policy } = open(text);
      const hover = timed('hover', () => service.doHover(document, document.positionAt(text.indexOf(key) + 10), policy));
      const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.ok(value.length > 100 && value.length < 3000, `a hover of ${value.length} characters`);
      assert.match(value, /…\*\*/, 'the key is clipped');
    }
  });
});

describe('hostile requests: fix data sent back by the client', () => {
  // Each rule's fix against malformed data: hostile-rules.test.ts.
  it('the server drops data that is not an object, so the core recomputes the finding instead of failing', () => {
    const diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', code: 'x', data: { keep: true } };
    const context = codeActionContext({ diagnostics: [diagnostic, { ...diagnostic, data: null }, { ...diagnostic, data: 7 }, { ...diagnostic, data: [] }, { ...diagnostic, data: undefined }] });
    assert.deepEqual(
      context.diagnostics.map((d) => ('data' in d ? d.data : 'absent')),
      [{ keep: true }, 'absent', 'absent', 'absent', undefined],
    );
    // With the data dropped, the fix is the one the document's own finding carries.
    const { document, policy } = open(policyText([{ Effect: 'Allow', Principal: { Aws: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }]));
    const [found] = service.doValidation(document, policy).filter((d) => d.code === 'invalid-principal');
    const { diagnostics } = codeActionContext({ diagnostics: [{ ...found, data: null }] });
    const titles = service.getCodeActions(document, found.range, { diagnostics }, policy).filter((a) => a.kind === 'quickfix').map((a) => a.title);
    assert.deepEqual(titles, ["Change to 'AWS'"]);
  });
});
