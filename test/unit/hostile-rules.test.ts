// Hostile input to single rules: a rule's check is one validation step, and its fix runs once per
// finding in a code-action request (its quick fixes, then "fix all of this kind"); neither holds
// the server for long on a document under the 3 MB limit. Each case is the shape that froze,
// through the core facade; the bounds are generous (the freezes took 5 to 65 s).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { contained, MAX_DOCUMENT, open as openHostile, policyText, service, timed } from '../helpers/hostile';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/core/validation';

const open = (text: string) => openHostile(text, 'rule');

/** `head`, then as many `unit(i)` (comma-separated) as fit in about 2.8 MB, then `findings` and `tail`. */
function fill(head: string, unit: (i: number) => string, tail: string, findings: string[] = []): string {
  const parts: string[] = [];
  let length = head.length + tail.length + findings.join(',').length + 1;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (length + u.length + 1 > 2_800_000) break;
    parts.push(u);
    length += u.length + 1;
  }
  return head + [...parts, ...findings].join(',') + tail;
}

/** Validation one rule per step, each step bounded; the findings. */
function validateInSteps(label: string, text: string): { document: TextDocument; policy: ReturnType<typeof service.parsePolicy>; diagnostics: Diagnostic[] } {
  assert.ok(text.length < MAX_DOCUMENT, `${label}: ${text.length} characters, under the size limit`);
  const { document, policy } = open(text);
  const steps = service.doValidationSteps(document, policy);
  for (;;) {
    const step = timed(`${label}: a validation step`, () => steps.next());
    if (step.done) return { document, policy, diagnostics: step.value };
  }
}

/** The code actions of the whole document for the findings of one code: quick fixes, then fix-all of the kind. */
function fixesOf(label: string, code: string, text: string): { found: Diagnostic[]; actions: CodeAction[] } {
  const { document, policy, diagnostics } = validateInSteps(label, text);
  const found = diagnostics.filter((d) => d.code === code);
  const range = { start: document.positionAt(0), end: document.positionAt(text.length) };
  const actions = timed(`${label}: code actions`, () => service.getCodeActions(document, range, { diagnostics: found }, policy));
  assert.deepEqual(contained, []);
  return { found, actions };
}

const conditionHead = (effect = 'Allow') => `{"Version":"2012-10-17","Statement":[{"Effect":"${effect}","Action":"s3:GetObject","Resource":"*","Condition":{`;

describe('hostile rules: unknown-operator', () => {
  it('checks 70,000 unknown operators at once, a did-you-mean for the first 200 (5 to 7 s before)', () => {
    const text = fill(conditionHead(), (i) => `"StringEqual${i}":{"aws:SourceIp":"x"}`, '}}]}');
    const { found, actions } = fixesOf('unknown operators', 'unknown-operator', text);
    assert.equal(found.length, MAX_FINDINGS_PER_RULE, 'the first findings, up to the cap');
    const messages = found.map((d) => String(d.message));
    assert.ok(messages.every((m) => m.startsWith("Unknown condition operator 'StringEqual")));
    assert.equal(messages.filter((m) => m.includes('Did you mean')).length, 200);
    assert.match(messages[0], /Did you mean 'StringEquals'\?$/);
    assert.ok(!messages[messages.length - 1].includes('Did you mean'));
    assert.ok(actions.some((a) => a.title === "Did you mean 'StringEquals'?"));
  });

  it('fixes a finding after 80,000 valid operators at once (25 s with fix-all of the kind before)', () => {
    const text = fill(conditionHead(), () => '"StringEquals":{"aws:username":"a"}', '}}]}', Array(1000).fill('"StringEqual":{"aws:username":"a"}'));
    const { found, actions } = fixesOf('unknown operators at the end', 'unknown-operator', text);
    assert.equal(found.length, 1000);
    assert.ok(actions.some((a) => a.title === "Did you mean 'StringEquals'?"));
    assert.ok(actions.some((a) => a.title === "Fix all 'unknown-operator' problems in this file"));
  });
});

describe('hostile rules: duplicate-sid', () => {
  it('names a free Sid for each of 50,000 repeats at once, each linked to the first use (26 s before)', () => {
    const text = fill('{"Version":"2012-10-17","Statement":[', () => '{"Sid":"Same","Effect":"Deny","Action":"*","Resource":"*"}', ']}');
    const { found, actions } = fixesOf('many Sids', 'duplicate-sid', text);
    assert.equal(found.length, MAX_FINDINGS_PER_RULE, 'the first findings, up to the cap');
    assert.deepEqual(
      found.slice(0, 3).map((d) => (d.data as { replacement: string }).replacement),
      ['Same2', 'Same3', 'Same4'],
    );
    assert.equal(new Set(found.map((d) => (d.data as { replacement: string }).replacement)).size, found.length);
    assert.ok(found.every((d) => d.relatedInformation?.length === 1));
    assert.ok(actions.some((a) => a.title === "Rename Sid to 'Same2'"));
  });

  it('skips the Sids already taken, as before', () => {
    const text = policyText(['A', 'A2', 'A', 'A3', 'A'].map((Sid) => ({ Sid, Effect: 'Deny', Action: '*', Resource: '*' })));
    const { document, policy } = open(text);
    const found = service.doValidation(document, policy).filter((d) => d.code === 'duplicate-sid');
    assert.deepEqual(found.map((d) => (d.data as { replacement: string }).replacement), ['A4', 'A5']);
  });
});

describe('hostile rules: a rule with hundreds of thousands of findings', () => {
  it(`reports the first ${MAX_FINDINGS_PER_RULE} in document order, in one short step (750,000 one-digit account IDs took 1.8 s)`, () => {
    const text = fill(`${conditionHead()}"StringEquals":{"aws:SourceAccount":[`, (i) => `"${i % 10}"`, ']}}}]}');
    const { document, diagnostics } = validateInSteps('one-digit account IDs', text);
    const found = diagnostics.filter((d) => d.code === 'condition-key-value-format');
    assert.equal(found.length, MAX_FINDINGS_PER_RULE);
    const first = text.indexOf('"0"');
    // Each value is three characters and a comma: the findings are the first values, in order.
    assert.deepEqual(
      [found[0], found[found.length - 1]].map((d) => document.offsetAt(d.range.start)),
      [first, first + 4 * (MAX_FINDINGS_PER_RULE - 1)],
    );
    assert.ok(found.every((d, i) => i === 0 || document.offsetAt(d.range.start) > document.offsetAt(found[i - 1].range.start)));
  });
});

describe('hostile rules: fixes that look up their target in a large Condition or Principal', () => {
  // Findings after tens of thousands of plain items: a fix that scanned from the start (or
  // copied every operator) for each of the 600 fixes of one request took 15 to 65 s.
  const plain = () => '"StringEquals":{"aws:username":"a"}';
  const cases: [code: string, text: () => string, title: string][] = [
    ['null-with-ifexists', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"NullIfExists":{"aws:username":"true"}')), "Change to 'Null'"],
    ['operator-type-mismatch', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"StringEquals":{"aws:SourceIp":"10.0.0.1"}')), "Change the operator to 'IpAddress'"],
    ['missing-set-operator-on-multivalued-key', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"StringEquals":{"aws:TagKeys":"a"}')), "Change to 'ForAllValues:StringEquals'"],
    ['wildcard-without-like', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"StringEquals":{"aws:username":"a*"}')), "Change 'StringEquals' to 'StringLike'"],
    ['empty-condition', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"StringLike":{}')), "Remove the empty 'StringLike'"],
    ['malformed-condition', () => fill(conditionHead(), plain, '}}]}', Array(1000).fill('"StringLike":[{"aws:username":"a"}]')), "Take 'StringLike' out of its array"],
    [
      'malformed-condition',
      () => fill(`${conditionHead()}"StringEquals":{`, (i) => `"aws:PrincipalTag/k${i}":"a"`, '}}}]}', Array.from({ length: 1000 }, (_, i) => `"aws:PrincipalTag/e${i}":[["a"]]`)),
      "Flatten the nested array of 'aws:PrincipalTag/e0'",
    ],
    ['mfa-anti-pattern', () => fill(conditionHead('Deny'), plain, '}}]}', Array(1000).fill('"Bool":{"aws:MultiFactorAuthPresent":"false"}')), "Change 'Bool' to 'BoolIfExists'"],
    [
      'invalid-principal',
      () => fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Principal":{', () => '"AWS":"arn:aws:iam::123456789012:root"', '}}]}', Array(1000).fill('"aws":"arn:aws:iam::123456789012:root"')),
      "Change to 'AWS'",
    ],
  ];
  for (const [code, text, title] of cases) {
    it(`${code}: ${title}, at once`, () => {
      const { found, actions } = fixesOf(code, code, text());
      assert.ok(found.length >= 1000, `${found.length} findings`);
      assert.ok(actions.some((a) => a.title === title), actions.map((a) => a.title).slice(0, 5).join(', '));
    });
  }
});

describe('hostile rules: fix data sent back by the client', () => {
  const statement = (s: Record<string, unknown>) => policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...s }]);
  const trust = (s: Record<string, unknown>) => policyText([{ Effect: 'Allow', ...s }]);
  const federated = { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' };
  const cases: Record<string, string> = {
    'unknown-action': statement({ Action: 's3:GetObjekt' }),
    'unknown-service': statement({ Action: 's4:GetObject' }),
    'unknown-operator': statement({ Condition: { StringEqual: { 'aws:username': 'a' } } }),
    'mfa-anti-pattern': statement({ Effect: 'Deny', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }),
    'action-format': statement({ Action: 's3: GetObject' }),
    'duplicate-sid': policyText(['A', 'A'].map((Sid) => ({ Sid, Effect: 'Deny', Action: '*', Resource: '*' }))),
    'invalid-arn': statement({ Resource: 'arn:aws:ec2:us-east1:123456789012:instance/i-1' }),
    'ip-range-host-bits': statement({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5/24' } } }),
    'unknown-element': statement({ Actions: 's3:GetObject' }),
    'invalid-effect': statement({ Effect: 'allow' }),
    'invalid-sid': statement({ Sid: 'read-objects' }),
    'wildcard-without-like': statement({ Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/x-*' } } }),
    'invalid-policy-variable': statement({ Resource: 'arn:aws:s3:::b/${aws:usernam}/*' }),
    'condition-key-value-format': statement({ Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east1' } } }),
    'operator-type-mismatch': statement({ Condition: { StringEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }),
    'unknown-condition-key': statement({ Condition: { StringEquals: { 'aws:SorceIp': '203.0.113.1' } } }),
    'oidc-trust-without-sub': trust({ Principal: federated, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }),
    'trust-action-mismatch': trust({ Principal: federated, Action: 'sts:AssumeRole' }),
    'invalid-principal': trust({ Principal: { Aws: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }),
  };
  const malformed: unknown[] = [
    null,
    5,
    'text',
    true,
    [],
    { suggestions: 5, pattern: 5, replacement: 5, edit: 5, title: 5, range: 5, suggestion: 5, provider: 5, meant: 5, trimmed: 5 },
    { suggestions: [5, null], pattern: 'allow-false', replacement: ['x'], edit: {}, title: [], range: null, suggestion: {}, provider: {} },
  ];

  for (const [code, text] of Object.entries(cases)) {
    it(`${code}: a fix from its own data, none and no exception from malformed data`, () => {
      const { document, policy } = open(text);
      const found = service.doValidation(document, policy).filter((d) => d.code === code);
      assert.ok(found.length > 0, `the example triggers ${code}`);
      const fixes = (diagnostics: Diagnostic[]) => service.getCodeActions(document, found[0].range, { diagnostics }, policy).filter((a) => a.kind === 'quickfix');
      assert.ok(fixes(found).length > 0, 'a fix from the data as sent');
      for (const data of malformed) {
        assert.deepEqual(fixes(found.map((d) => ({ ...d, data }))), [], JSON.stringify(data));
      }
      assert.deepEqual(contained, []);
    });
  }

  it('invalid-effect and invalid-sid: no fix from a string that is no Effect or no valid Sid', () => {
    for (const [code, data] of [
      ['invalid-effect', { suggestion: 'allow' }],
      ['invalid-effect', { suggestion: '' }],
      ['invalid-sid', { replacement: 'read-objects' }],
      ['invalid-sid', { replacement: '' }],
    ] as const) {
      const { document, policy } = open(cases[code]);
      const [found] = service.doValidation(document, policy).filter((d) => d.code === code);
      const fixes = service.getCodeActions(document, found.range, { diagnostics: [{ ...found, data }] }, policy).filter((a) => a.kind === 'quickfix');
      assert.deepEqual(fixes, [], `${code} ${JSON.stringify(data)}`);
    }
  });
});
