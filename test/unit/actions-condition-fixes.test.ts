import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Range } from 'vscode-languageserver-types';
import { applyAction, doc, findings, service } from '../helpers/core';

/** Findings of one code, as `code: covered text`. */
function found(code: string, text: string): string[] {
  return findings(text).filter((f) => f.startsWith(`${code}: `));
}

/** The quick fixes of the `index`-th finding of `code`, asked for that diagnostic alone. */
function fixesOf(text: string, code: string, index = 0) {
  const document = doc(text);
  const policy = service.parsePolicy(document);
  const diagnostic = service.doValidation(document, policy).filter((d) => d.code === code)[index];
  assert.ok(diagnostic, `no ${code} finding #${index} in:\n${text}`);
  const actions = service.getCodeActions(document, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] }, policy);
  return { document, actions: actions.filter((a) => a.diagnostics?.some((d) => d.code === code)) };
}

/** Titles of the quick fixes of a finding, a preferred one marked with `*`. */
function titles(text: string, code: string, index = 0): string[] {
  return fixesOf(text, code, index).actions.map((a) => `${a.isPreferred ? '*' : ''}${a.title}`);
}

/**
 * Applies the quick fix titled `title` of the `index`-th finding of `code` and returns the new
 * text, after checking it parses cleanly and that this finding went away (one fewer of its code).
 */
function fix(text: string, code: string, title: string, index = 0): string {
  const { document, actions } = fixesOf(text, code, index);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among: ${actions.map((a) => a.title).join(', ')}`);
  const after = applyAction(document, action);
  assert.deepEqual(service.parsePolicy(doc(after)).syntaxErrors, [], after);
  assert.equal(found(code, after).length, found(code, text).length - 1, `still reported after the fix:\n${after}`);
  return after;
}

/** The text after `source.fixAll` (unchanged when it offers nothing). */
function fixAll(text: string): string {
  const document = doc(text);
  const policy = service.parsePolicy(document);
  const context = { diagnostics: service.doValidation(document, policy), only: ['source.fixAll'] };
  const actions = service.getCodeActions(document, Range.create(0, 0, 0, 0), context, policy);
  return actions.length === 0 ? text : applyAction(document, actions[0]);
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** A one-line policy: `statement` is the statement's text, put in an array unless `object`. */
const oneLine = (statement: string, object = false) => `{"Version": "2012-10-17", "Statement": ${object ? statement : `[${statement}]`}}`;
const GET = '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"';

/**
 * A pretty-printed policy of one statement (`Statement` an object, or an array with `array`),
 * indented by `unit`; `condition`, written from column 0, becomes the statement's last property.
 */
function pretty(condition: string | undefined, { effect = 'Allow', action = 's3:GetObject', array = false, unit = '  ' } = {}): string {
  const depth = array ? 3 : 2;
  const pad = unit.repeat(depth);
  const properties = [`"Effect": "${effect}"`, `"Action": "${action}"`, '"Resource": "arn:aws:s3:::reports/*"'];
  if (condition !== undefined) properties.push(`"Condition": ${condition.replace(/\n/g, `\n${pad}`)}`);
  const statement = `{\n${properties.map((p) => pad + p).join(',\n')}\n${unit.repeat(depth - 1)}}`;
  return `{\n${unit}"Version": "2012-10-17",\n${unit}"Statement": ${array ? `[\n${unit.repeat(2)}${statement}\n${unit}]` : statement}\n}`;
}

describe('empty-condition fixes', () => {
  it('removes an empty Condition, the last property of a single-object Statement, with the comma before it', () => {
    const before = pretty('{}');
    assert.deepEqual(titles(before, 'empty-condition'), ['*Remove the empty Condition']);
    const after = pretty(undefined);
    assert.ok(after.endsWith('"Resource": "arn:aws:s3:::reports/*"\n  }\n}'), after);
    assert.equal(fix(before, 'empty-condition', 'Remove the empty Condition'), after);
    assert.deepEqual(findings(after), []);
    assert.equal(fixAll(before), after);
  });

  it('removes an empty operator block that is not the last one, keeping CRLF and a 4-space indentation', () => {
    const layout = { array: true, unit: '    ' };
    const orgPaths = '"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}';
    const before = crlf(pretty(`{\n    "StringEquals": {},\n    ${orgPaths}\n}`, layout));
    assert.ok(before.includes('\r\n                "StringEquals": {},\r\n                "ForAnyValue'), before);
    const after = fix(before, 'empty-condition', "Remove the empty 'StringEquals'");
    assert.equal(after, crlf(pretty(`{\n    ${orgPaths}\n}`, layout)));
    assert.deepEqual(findings(after), []);
  });

  it('removes the last empty operator block inline, and the whole Condition when it was the only one', () => {
    const last = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {}}}`);
    assert.equal(
      fix(last, 'empty-condition', "Remove the empty 'StringEquals'"),
      oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`),
    );
    // Condition not last in the statement: the comma after it goes with it.
    const only = oneLine(`{"Effect": "Allow", "Condition": {"StringEquals": {}}, ${GET}}`);
    assert.equal(fix(only, 'empty-condition', "Remove the empty 'StringEquals'"), oneLine(`{"Effect": "Allow", ${GET}}`));
  });

  it('offers no fix for a key without values in an Allow: removing it would grant what matched nothing', () => {
    const allow = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": {"aws:SourceAccount": [], "aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`);
    assert.deepEqual(found('empty-condition', allow), ['empty-condition: []']);
    assert.deepEqual(titles(allow, 'empty-condition'), []);
    assert.equal(fixAll(allow), allow);
    // Nor without a valid Effect.
    assert.deepEqual(titles(allow.replace('"Allow"', '"allow"'), 'empty-condition'), []);
  });

  it('offers to remove a key without values in a Deny, not preferred and not in fix-all', () => {
    const layout = { effect: 'Deny', action: 's3:*', array: true };
    const deny = pretty('{\n  "StringNotEquals": {\n    "aws:PrincipalOrgID": "o-a1b2c3d4e5",\n    "aws:SourceAccount": []\n  }\n}', layout);
    const title = "Remove 'aws:SourceAccount' (the Deny then applies whatever its value)";
    assert.deepEqual(titles(deny, 'empty-condition'), [title]);
    assert.equal(fix(deny, 'empty-condition', title), pretty('{\n  "StringNotEquals": {\n    "aws:PrincipalOrgID": "o-a1b2c3d4e5"\n  }\n}', layout));
    assert.equal(fixAll(deny), deny);
    // The only key: its operator and the Condition go too (Condition is the last property).
    const alone = oneLine(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}}`, true);
    assert.equal(
      fix(alone, 'empty-condition', "Remove 'aws:TagKeys' (the Deny then applies whatever its value)"),
      oneLine(`{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}`, true),
    );
  });

  it('fix-all removes every empty block, also when one removal leaves the Condition empty', () => {
    const before = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": {}, "StringLike": {}}}, {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": {}}`);
    assert.deepEqual(found('empty-condition', before), ['empty-condition: {}', 'empty-condition: {}', 'empty-condition: {}']);
    const after = oneLine(`{"Effect": "Allow", ${GET}}, {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"}`);
    assert.equal(fixAll(before), after);
    assert.deepEqual(findings(after), []);
  });
});

describe('duplicate-condition-key fixes', () => {
  const policy = (effect: string, condition: string) =>
    oneLine(`{"Effect": "${effect}", ${GET}, "Condition": ${condition}}`);

  it('in an Allow with a positive operator, merges two strings into an array, but only as a fix that says it ORs them', () => {
    const before = policy('Allow', '{"IpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24"}}');
    const title = "Merge the values of 'aws:sourceip' into 'aws:SourceIp' (either value then matches: check that this is meant)";
    assert.deepEqual(titles(before, 'duplicate-condition-key'), [title]);
    const after = fix(before, 'duplicate-condition-key', title);
    assert.equal(after, policy('Allow', '{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}}'));
    assert.deepEqual(findings(after), []);
    assert.equal(fixAll(before), before, 'not in fix-all: it may widen the Allow');
  });

  it('in a Deny with a positive operator, appends to a multi-line array on lines of their own, dropping repeats; preferred and in fix-all', () => {
    const layout = { effect: 'Deny', action: 's3:*' };
    const condition = (regions: string) => `{\n  "StringEquals": {\n    "aws:RequestedRegion": [\n${regions}\n    ],\n    $LATER"aws:PrincipalTag/team": "ops"\n  }\n}`;
    const regions = ['      "ap-east-1",', '      "me-south-1"'];
    const later = '"aws:requestedregion": ["me-south-1", "af-south-1", "af-south-1"],\n    ';
    const before = crlf(pretty(condition(regions.join('\n')).replace('$LATER', later), layout));
    const title = "Merge the values of 'aws:requestedregion' into 'aws:RequestedRegion'";
    assert.deepEqual(titles(before, 'duplicate-condition-key'), [`*${title}`]);
    const after = crlf(pretty(condition([...regions.map((r) => r.replace(/"$/, '",')), '      "af-south-1"'].join('\n')).replace('$LATER', ''), layout));
    assert.ok(after.includes('"me-south-1",\r\n          "af-south-1"\r\n        ],\r\n        "aws:PrincipalTag/team"'), after);
    assert.equal(fix(before, 'duplicate-condition-key', title), after);
    assert.equal(fixAll(before), after);
    assert.deepEqual(found('duplicate-condition-key', after), []);
  });

  it('in an Allow with a negated operator, merging is the same as testing both keys: preferred; in a Deny it is not', () => {
    const allow = policy('Allow', '{"StringNotEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d"], "aws:SOURCEVPC": "vpc-5e6f7a8b"}, "Bool": {"aws:SecureTransport": "true"}}');
    const title = "Merge the values of 'aws:SOURCEVPC' into 'aws:SourceVpc'";
    assert.deepEqual(titles(allow, 'duplicate-condition-key'), [`*${title}`]);
    const merged = policy('Allow', '{"StringNotEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-5e6f7a8b"]}, "Bool": {"aws:SecureTransport": "true"}}');
    assert.equal(fix(allow, 'duplicate-condition-key', title), merged);
    assert.equal(fixAll(allow), merged);
    const deny = allow.replace('"Allow"', '"Deny"');
    assert.deepEqual(titles(deny, 'duplicate-condition-key'), [`${title} (a value then has to differ from all of them: check that this is meant)`]);
    assert.equal(fixAll(deny), deny);
  });

  it('only deletes the later key when its values are already there, and merges numbers and booleans as written', () => {
    const same = policy('Deny', '{"Bool": {"aws:SecureTransport": "false", "aws:securetransport": false}}');
    assert.equal(fix(same, 'duplicate-condition-key', "Merge the values of 'aws:securetransport' into 'aws:SecureTransport'"), policy('Deny', '{"Bool": {"aws:SecureTransport": "false"}}'));
    const numbers = policy('Deny', '{"NumericGreaterThan": {"s3:max-keys": 100, "S3:max-keys": [1000]}}');
    assert.equal(
      fix(numbers, 'duplicate-condition-key', "Merge the values of 'S3:max-keys' into 's3:max-keys'"),
      policy('Deny', '{"NumericGreaterThan": {"s3:max-keys": [100, 1000]}}'),
    );
  });

  it('offers no merge when a value is not a scalar or a list of scalars, or the operator is unknown', () => {
    assert.deepEqual(titles(policy('Deny', '{"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d", "aws:sourcevpc": null}}'), 'duplicate-condition-key'), []);
    assert.deepEqual(titles(policy('Deny', '{"StringEquals": {"aws:SourceVpc": {"id": "vpc-1a2b3c4d"}, "aws:sourcevpc": "vpc-5e6f7a8b"}}'), 'duplicate-condition-key'), []);
    assert.deepEqual(titles(policy('Deny', '{"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d", "aws:sourcevpc": ["vpc-5e6f7a8b", ["vpc-9c0d1e2f"]]}}'), 'duplicate-condition-key'), []);
    assert.deepEqual(titles(policy('Allow', '{"StringEqualz": {"aws:SourceVpc": "vpc-1a2b3c4d", "aws:sourcevpc": "vpc-5e6f7a8b"}}'), 'duplicate-condition-key'), [
      "Merge the values of 'aws:sourcevpc' into 'aws:SourceVpc' (either value then matches: check that this is meant)",
    ]);
  });
});

describe('malformed-condition fixes', () => {
  it('flattens a nested array of values into the list around it', () => {
    const before = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", ["vpc-5e6f7a8b", "vpc-9c0d1e2f"]]}}}`);
    assert.deepEqual(titles(before, 'malformed-condition'), ["*Flatten the nested array of 'aws:SourceVpc'"]);
    const after = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-5e6f7a8b", "vpc-9c0d1e2f"]}}}`);
    assert.equal(fix(before, 'malformed-condition', "Flatten the nested array of 'aws:SourceVpc'"), after);
    assert.deepEqual(findings(after), []);
    assert.equal(fixAll(before), after);
  });

  it('flattens a multi-line templated list one level out, keeping CRLF', () => {
    const values = (list: string) => `{\n  "StringEquals": {\n    "aws:SourceVpc": [\n${list}\n    ]\n  }\n}`;
    const before = crlf(pretty(values('      [\n        "vpc-1a2b3c4d",\n        "vpc-5e6f7a8b"\n      ]')));
    const after = crlf(pretty(values('      "vpc-1a2b3c4d",\n      "vpc-5e6f7a8b"')));
    assert.equal(fix(before, 'malformed-condition', "Flatten the nested array of 'aws:SourceVpc'"), after);
    assert.deepEqual(findings(after), []);
  });

  it('takes a Condition or an operator block that is an array of one object out of its array', () => {
    const before = pretty('[\n  {\n    "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}\n  }\n]', { array: true });
    assert.deepEqual(titles(before, 'malformed-condition'), ['*Take the Condition out of its array']);
    const after = pretty('{\n  "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}\n}', { array: true });
    assert.equal(fix(before, 'malformed-condition', 'Take the Condition out of its array'), after);
    assert.deepEqual(findings(after), []);
    const block = oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": [{"aws:PrincipalOrgID": "o-a1b2c3d4e5"}]}}`, true);
    assert.equal(
      fix(block, 'malformed-condition', "Take 'StringEquals' out of its array"),
      oneLine(`{"Effect": "Allow", ${GET}, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`, true),
    );
  });

  it('offers nothing for null or object values, deeper nesting, scalar blocks or several objects', () => {
    const policy = (condition: string) => oneLine(`{"Effect": "Allow", ${GET}, "Condition": ${condition}}`);
    const text = policy('{"StringEquals": {"aws:SourceAccount": null, "aws:PrincipalOrgID": {"id": "o-a1b2c3d4e5"}, "aws:SourceVpc": ["vpc-1a2b3c4d", null, [["vpc-5e6f7a8b"]], [], {}]}}');
    assert.equal(found('malformed-condition', text).length, 6);
    for (let i = 0; i < 6; i++) assert.deepEqual(titles(text, 'malformed-condition', i), [], found('malformed-condition', text)[i]);
    assert.equal(fixAll(text), text);
    for (const condition of ['null', '"StringEquals"', '[{"StringEquals": {"aws:SourceAccount": "1"}}, {"Bool": {"aws:SecureTransport": "true"}}]', '{"StringEquals": "aws:SourceAccount"}']) {
      assert.deepEqual(titles(policy(condition), 'malformed-condition'), [], condition);
    }
  });
});
