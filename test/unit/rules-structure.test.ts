import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionRules } from '../../server/src/core/rules/groups/actions';
import { resourceRules } from '../../server/src/core/rules/groups/resources';
import { structureRules } from '../../server/src/core/rules/groups/structure';
import { wildcardRules } from '../../server/src/core/rules/groups/wildcards';
import { principalRules } from '../../server/src/core/rules/groups/principals';
import { conditionRules } from '../../server/src/core/rules/groups/conditions';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getBundledCatalog, getIamLanguageService } from '../../server/src/core';
import type { LanguageSettings } from '../../server/src/core/types';
import { applyAction, codeActions, findings, validate } from '../helpers/core';

/** Findings of one rule only, as `code: covered text`. */
const only = (code: string, text: string, settings?: LanguageSettings) => findings(text, settings).filter((f) => f.startsWith(`${code}: `));

/** Messages of one rule's findings. */
const messages = (code: string, text: string, settings?: LanguageSettings) =>
  validate(text, settings)
    .filter((d) => d.code === code)
    .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));

/** Applies the quick fix titled `title` at the `|` marker and checks the result no longer has the finding. */
function fix(code: string, marked: string, title: string, settings?: LanguageSettings): string {
  const { actions, document } = codeActions(marked, settings);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(action.diagnostics?.[0]?.code, code);
  const after = applyAction(document, action);
  assert.deepEqual(only(code, after, settings), [], `the fix leaves a ${code} finding:\n${after}`);
  return after;
}

/** A statement no other rule has anything to say about. */
const QUIET = '"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"';

describe('json-syntax', () => {
  it('reports parse errors at their place, comments and trailing commas included', () => {
    assert.deepEqual(only('json-syntax', `{"Version": "2012-10-17" "Statement": [{${QUIET}}]}`), ['json-syntax: "Statement"']);
    assert.deepEqual(only('json-syntax', `{"Version": "2012-10-17", "Statement": [{${QUIET},}]}`), ['json-syntax: ,']);
    assert.deepEqual(only('json-syntax', `{"Version": "2012-10-17", /* note */ "Statement": [{${QUIET}}]}`), ['json-syntax: /* note */']);
    assert.match(messages('json-syntax', `{"Version": "2012-10-17", "Statement": [{${QUIET},}]}`)[0], /Trailing comma/);
  });

  it('is silent on valid JSON', () => {
    assert.deepEqual(only('json-syntax', `{"Version": "2012-10-17", "Statement": [{${QUIET}}]}`), []);
  });
});

describe('unknown-element', () => {
  it('reports misspelt and wrongly cased keys with a did-you-mean fix', () => {
    const text = `{"Version": "2012-10-17", "Statment": [], "Statement": [{"effect": "Allow", "Actions": "s3:ListAllMyBuckets", "Resource": "*", "Foo": 1}]}`;
    assert.deepEqual(only('unknown-element', text), [
      'unknown-element: "Statment"',
      'unknown-element: "effect"',
      'unknown-element: "Actions"',
      'unknown-element: "Foo"',
    ]);
    const found = messages('unknown-element', text);
    assert.equal(found[1], "Unknown element 'effect' in a statement. Did you mean 'Effect'?");
    assert.match(found[3], /Expected one of Sid, Effect/);
    // A wrongly cased Effect is not also reported as missing.
    assert.deepEqual(only('missing-effect', text), []);
  });

  it('fixes the key', () => {
    assert.equal(
      fix('unknown-element', '{"Version": "2012-10-17", "Statement": [{"eff|ect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}', "Change to 'Effect'"),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}',
    );
  });

  it('accepts every documented element', () => {
    const text = `{"Version": "2012-10-17", "Id": "x", "Statement": [{"Sid": "A", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b", "Condition": {}}]}`;
    assert.deepEqual(only('unknown-element', text), []);
  });
});

describe('missing-statement, missing-version, invalid-version', () => {
  it('reports a policy without Statement on its Version key', () => {
    assert.deepEqual(only('missing-statement', '{"Version": "2012-10-17"}'), ['missing-statement: "Version"']);
    assert.deepEqual(only('missing-statement', `{"Version": "2012-10-17", "Statement": {${QUIET}}}`), []);
  });

  it('reports a missing Version on the Statement key and adds it, keeping the layout', () => {
    const text = `{\n  "Statement": [{${QUIET}}]\n}`;
    assert.deepEqual(only('missing-version', text), ['missing-version: "Statement"']);
    assert.equal(fix('missing-version', `{\n  "State|ment": [{${QUIET}}]\n}`, 'Add "Version": "2012-10-17"'), `{\n  "Version": "2012-10-17",\n  "Statement": [{${QUIET}}]\n}`);
    assert.equal(
      fix('missing-version', `{"State|ment": {${QUIET}}}`, 'Add "Version": "2012-10-17"'),
      `{"Version": "2012-10-17", "Statement": {${QUIET}}}`,
    );
    // CRLF files keep CRLF.
    assert.equal(fix('missing-version', `{\r\n\t"State|ment": []\r\n}`, 'Add "Version": "2012-10-17"'), '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": []\r\n}');
    assert.deepEqual(only('missing-version', `{"Version": "2008-10-17", "Statement": [{${QUIET}}]}`), []);
  });

  it('reports an invalid Version value and replaces it', () => {
    assert.deepEqual(only('invalid-version', `{"Version": "2012-10-18", "Statement": [{${QUIET}}]}`), ['invalid-version: "2012-10-18"']);
    assert.deepEqual(only('invalid-version', `{"Version": 2012, "Statement": [{${QUIET}}]}`), ['invalid-version: 2012']);
    assert.deepEqual(only('invalid-version', `{"Version": "2008-10-17", "Statement": [{${QUIET}}]}`), []);
    assert.equal(
      fix('invalid-version', `{"Version": "2012-1|0-18", "Statement": [{${QUIET}}]}`, 'Set "Version" to "2012-10-17"'),
      `{"Version": "2012-10-17", "Statement": [{${QUIET}}]}`,
    );
  });
});

describe('old-version-with-variables', () => {
  const statement = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}';
  it('reports variables under 2008-10-17 or without Version', () => {
    assert.deepEqual(only('old-version-with-variables', `{"Version": "2008-10-17", "Statement": [${statement}]}`), [
      'old-version-with-variables: "arn:aws:s3:::b/${aws:username}/*"',
    ]);
    assert.deepEqual(only('old-version-with-variables', `{"Statement": ${statement}}`), ['old-version-with-variables: "arn:aws:s3:::b/${aws:username}/*"']);
  });

  it('is silent under 2012-10-17 and fixes the Version', () => {
    assert.deepEqual(only('old-version-with-variables', `{"Version": "2012-10-17", "Statement": [${statement}]}`), []);
    assert.equal(
      fix('old-version-with-variables', `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "|arn:aws:s3:::b/\${aws:username}/*"}]}`, 'Set "Version" to "2012-10-17"'),
      `{"Version": "2012-10-17", "Statement": [${statement}]}`,
    );
  });
});

describe('invalid-effect and missing-effect', () => {
  it('reports Effect values that are not exactly Allow or Deny, and fixes the casing', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Effect": "Permit", "Action": "s3:ListAllMyBuckets", "Resource": "*"}, {"Effect": true, "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}';
    assert.deepEqual(only('invalid-effect', text), ['invalid-effect: "allow"', 'invalid-effect: "Permit"', 'invalid-effect: true']);
    assert.equal(
      fix('invalid-effect', '{"Version": "2012-10-17", "Statement": {"Effect": "DE|NY", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}', "Change to 'Deny'"),
      '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}',
    );
    assert.deepEqual(codeActions('{"Version": "2012-10-17", "Statement": {"Effect": "Per|mit", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}').actions, []);
  });

  it('reports a statement without Effect on its opening brace', () => {
    assert.deepEqual(only('missing-effect', '{"Version": "2012-10-17", "Statement": [{"Action": "s3:ListAllMyBuckets", "Resource": "*"}]}'), ['missing-effect: {']);
    assert.deepEqual(only('invalid-effect', `{"Version": "2012-10-17", "Statement": [{${QUIET}}, {"Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}`), []);
    assert.deepEqual(only('missing-effect', `{"Version": "2012-10-17", "Statement": [{${QUIET}}]}`), []);
  });
});

describe('missing-action and missing-resource', () => {
  it('reports statements without Action/NotAction', () => {
    assert.deepEqual(only('missing-action', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}'), ['missing-action: {']);
    assert.deepEqual(only('missing-action', '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}'), []);
  });

  it('reports statements without Resource/NotResource, except in trust policies', () => {
    assert.deepEqual(only('missing-resource', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets"}]}'), ['missing-resource: {']);
    const trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    assert.deepEqual(only('missing-resource', trust), []);
    assert.deepEqual(only('missing-resource', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "NotResource": "arn:aws:s3:::b"}]}'), []);
  });
});

describe('element-conflict', () => {
  it('reports the later of the two elements, linked to the first', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "NotAction": "s3:GetObject", "Resource": "*", "NotResource": "arn:aws:s3:::b"}]}';
    assert.deepEqual(only('element-conflict', text), ['element-conflict: "NotAction"', 'element-conflict: "NotResource"']);
    const d = validate(text).find((x) => x.code === 'element-conflict');
    assert.equal(d?.relatedInformation?.[0].message, '"Action" is here');
  });

  it('is silent with only one of each pair', () => {
    assert.deepEqual(only('element-conflict', '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "s3:GetObject", "NotResource": "arn:aws:s3:::b"}]}'), []);
  });
});

describe('empty-value', () => {
  it('reports empty strings, arrays and objects', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": ["arn:aws:s3:::b", ""], "Principal": {"AWS": []}}]}';
    assert.deepEqual(only('empty-value', text), ['empty-value: []', 'empty-value: ""', 'empty-value: []']);
    assert.deepEqual(only('empty-value', '{"Version": "2012-10-17", "Statement": []}'), ['empty-value: []']);
  });

  it('is silent on filled values and an empty Condition', () => {
    assert.deepEqual(only('empty-value', `{"Version": "2012-10-17", "Statement": [{${QUIET}, "Condition": {}}]}`), []);
  });
});

describe('invalid-sid', () => {
  it('reports non-alphanumeric Sids in identity policies and offers a clean one', () => {
    assert.deepEqual(only('invalid-sid', `{"Version": "2012-10-17", "Statement": [{"Sid": "read-all buckets", ${QUIET}}]}`), ['invalid-sid: "read-all buckets"']);
    assert.equal(
      fix('invalid-sid', `{"Version": "2012-10-17", "Statement": [{"Sid": "read-|all buckets", ${QUIET}}]}`, "Change Sid to 'ReadAllBuckets'"),
      `{"Version": "2012-10-17", "Statement": [{"Sid": "ReadAllBuckets", ${QUIET}}]}`,
    );
  });

  it('allows other characters in resource policies', () => {
    const bucket = '{"Version": "2012-10-17", "Statement": [{"Sid": "Allow read-only access", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
    assert.deepEqual(only('invalid-sid', bucket), []);
    assert.deepEqual(only('invalid-sid', `{"Version": "2012-10-17", "Statement": [{"Sid": "ReadAll2", ${QUIET}}]}`), []);
  });
});

describe('duplicate-sid', () => {
  const text = (second: string) => `{"Version": "2012-10-17", "Statement": [{"Sid": "Read", ${QUIET}}, {"Sid": "Read2", ${QUIET}}, {"Sid": "${second}", ${QUIET}}]}`;
  it('reports the repeat, linked to the first, and renames it to a free Sid', () => {
    assert.deepEqual(only('duplicate-sid', text('Read')), ['duplicate-sid: "Read"']);
    const d = validate(text('Read')).find((x) => x.code === 'duplicate-sid');
    assert.equal(d?.range.start.character, text('Read').lastIndexOf('"Read"'));
    assert.equal(d?.relatedInformation?.[0].location.range.start.character, text('Read').indexOf('"Read"'));
    const marked = `{"Version": "2012-10-17", "Statement": [{"Sid": "Read", ${QUIET}}, {"Sid": "Read2", ${QUIET}}, {"Sid": "Re|ad", ${QUIET}}]}`;
    assert.equal(fix('duplicate-sid', marked, "Rename Sid to 'Read3'"), text('Read3'));
  });

  it('is silent on distinct Sids', () => {
    assert.deepEqual(only('duplicate-sid', text('Write')), []);
  });
});

describe('policy-size', () => {
  const statements = (n: number) => Array.from({ length: n }, (_, i) => `{"Sid": "S${i}", ${QUIET}}`).join(',\n    ');
  it('reports a policy over its quota on the Statement key, whitespace not counted', () => {
    const big = `{"Version": "2012-10-17", "Statement": [\n    ${statements(150)}\n]}`;
    assert.deepEqual(only('policy-size', big), ['policy-size: "Statement"']);
    assert.match(messages('policy-size', big)[0], /has 1\d,\d{3} characters \(whitespace not counted\); the quota for any customer identity policy .* is 10,240/);
    // Over the managed-policy quota but within a role's inline quota: valid as an inline policy.
    assert.deepEqual(only('policy-size', `{"Version": "2012-10-17", "Statement": [\n    ${statements(90)}\n]}`), []);
  });

  it('does not count indentation, and uses the quota of the policy type', () => {
    const padded = `{"Version": "2012-10-17", "Statement": [\n${' '.repeat(8000)}${statements(30)}\n]}`;
    assert.deepEqual(only('policy-size', padded), []);
    assert.deepEqual(only('policy-size', padded, { policyType: 'trust' }), ['policy-size: "Statement"']);
  });

  it('uses the quota of where an identity policy is stored, as the setting says', () => {
    const mid = `{"Version": "2012-10-17", "Statement": [\n    ${statements(90)}\n]}`;
    assert.match(messages('policy-size', mid, { identityPolicyKind: 'managed' })[0], /the quota for a managed policy is 6,144\.$/);
    assert.match(messages('policy-size', mid, { identityPolicyKind: 'user-inline' })[0], /the quota for a user's inline policies \(all of them together\) is 2,048/);
    assert.deepEqual(only('policy-size', mid, { identityPolicyKind: 'inline' }), []);
    assert.deepEqual(only('policy-size', `{"Version": "2012-10-17", "Statement": [\n    ${statements(400)}\n]}`, { identityPolicyKind: 'permission-set' }), []);
    // Only identity policies: a resource policy keeps its own quota.
    assert.deepEqual(only('policy-size', mid, { identityPolicyKind: 'managed', policyType: 'resource' }), []);
  });
});

/** The codes found in a YAML template whose role grants s3:GetObject on the given `Resource: ...` line. */
function templateCodes(resourceLine: string): string[] {
  const text = [
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      Policies:',
    '        - PolicyName: p',
    '          PolicyDocument:',
    "            Version: '2012-10-17'",
    '            Statement:',
    '              - Effect: Allow',
    '                Action: s3:GetObject',
    `                ${resourceLine}`,
  ].join('\n');
  const service = getIamLanguageService({ catalog: getBundledCatalog() });
  const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
  return service.parseEmbeddedPolicies(document).doValidation().map((d) => String(d.code));
}

describe('documented examples', () => {
  /**
   * An example as a whole policy and the policy type it is meant for. Statements become policies;
   * a property (`"Condition": {...}`, `"Resource": "..."`) goes into an Allow statement; a closing
   * `// in a trust policy` names the type. The policy-size and analysis-incomplete examples are prose.
   */
  const asPolicy = (example: string): { text: string; settings: LanguageSettings } | undefined => {
    const note = /\s*\/\/ (?:as|in) an? (\w+) policy$/.exec(example);
    const settings: LanguageSettings = note ? { policyType: note[1] as LanguageSettings['policyType'] } : {};
    const text = note ? example.slice(0, note.index) : example;
    let value: unknown;
    try {
      value = JSON.parse(text.startsWith('"') ? `{${text}}` : text);
    } catch {
      return undefined;
    }
    if (text.startsWith('"')) {
      const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...(value as object) };
      return { text: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), settings };
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && ('Statement' in value || 'Version' in value)) return { text, settings };
    return { text: `{"Version": "2012-10-17", "Statement": ${Array.isArray(value) ? text : `[${text}]`}}`, settings };
  };

  it('every bad example of every group triggers its rule and every good one does not', () => {
    const rules = [...structureRules, ...actionRules, ...resourceRules, ...wildcardRules, ...principalRules, ...conditionRules];
    let checked = 0;
    for (const rule of rules) {
      assert.ok(rule.example, `${rule.code} has no example`);
      if (rule.code === 'unescaped-sub-variable') {
        // A template's text, not a policy's: checked in a role of a YAML template.
        const codes = (line: string) => templateCodes(line);
        assert.ok(codes(rule.example.bad).includes(rule.code), `${rule.code}: bad example does not trigger it`);
        assert.ok(!codes(rule.example.good).includes(rule.code), `${rule.code}: good example triggers it`);
        checked++;
        continue;
      }
      // Suppression comments, and json-syntax's broken text, are checked as written.
      const asWritten = rule.code === 'json-syntax' || rule.code.endsWith('-suppression');
      const bad = asWritten ? { text: rule.example.bad, settings: {} } : asPolicy(rule.example.bad);
      const good = rule.code.endsWith('-suppression') ? { text: rule.example.good, settings: {} } : asPolicy(rule.example.good);
      if (!bad || !good) continue;
      const codes = (example: { text: string; settings: LanguageSettings }, settings = example.settings) => validate(example.text, settings).map((d) => d.code);
      assert.ok(codes(bad).includes(rule.code), `${rule.code}: bad example does not trigger it`);
      assert.ok(!codes(good, bad.settings).includes(rule.code), `${rule.code}: good example triggers it`);
      checked++;
    }
    assert.equal(checked, rules.length - 2); // all but policy-size and analysis-incomplete (prose examples)
  });
});

describe('robustness', () => {
  it('never throws on half-typed or wrongly typed policies (the test service rethrows contained errors)', () => {
    const texts = [
      '{"Statement": null}',
      '{"Statement": [null, 5, "x", [], {}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": null, "Action": 5, "Resource": {"a": 1}, "Sid": ["x"], "NotAction": [[["s3:*"]]]}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", null, "s3:"], "Resource": ["arn:", "arn:aws", "${", "arn:aws:s3:::${"]}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": null, "Principal": 3}]}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": 5}}]}',
      '{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:", "Resource": "arn:aws:s3:::b', // unterminated
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["?:*", "*:*", ":", "s3:?"], "Resource": ["arn:*:*:*:*:*", "arn:aws:s3:::?"]}]}',
    ];
    for (const text of texts) assert.doesNotThrow(() => validate(text), text);
    assert.deepEqual(only('action-format', texts[2]), ['action-format: 5', 'action-format: [["s3:*"]]']);
  });
});
