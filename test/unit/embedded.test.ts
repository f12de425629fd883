// A policy inside another document is analysed as the same policy on its own: the same findings,
// hover, completion and code actions, at the host's positions and in the host's syntax. Each
// policy of examples/ (and a few with mistakes) is embedded twice in a larger JSON document: as
// an object nested at an offset, and as a JSON string value (CloudFormation and Terraform
// users write both), and every verb is compared with the standalone answer.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Node, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { service } from '../helpers/core';

const examplesDir = join(process.cwd(), 'examples');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'api')
  .flatMap((d) => readdirSync(join(examplesDir, d.name)).filter((f) => f.endsWith('.json')).map((f) => [`${d.name}/${f}`, readFileSync(join(examplesDir, d.name, f), 'utf8').trimEnd()] as const));
const mistakes: (readonly [string, string])[] = [
  ['typos', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "A", "Effect": "allow", "Action": ["s3:GetObjekt", "s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:us-east1::b/*" },\n    { "Sid": "A", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": { "StringEquals": { "aws:SorceIp": "10.0.0.0/8" } } }\n  ]\n}'],
  ['no version', '{ "Statement": { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" } }'],
];
const policies = [...examples, ...mistakes];

interface Host {
  readonly kind: 'object' | 'string';
  readonly text: string;
  /** The policy's text as it stands in the host after edits. */
  extract(hostText: string): string;
  /** Host offset of a standalone offset. */
  at(offset: number, policy: string): number;
}

/** The policy as the value of a property deep inside a CloudFormation-like JSON document. */
function asObject(policy: string): Host {
  const head = '{\n  "Resources": {\n    "Role": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "PolicyDocument": ';
  const text = `${head}${policy},\n        "RoleName": "x"\n      }\n    }\n  }\n}`;
  return {
    kind: 'object',
    text,
    extract: (host) => JSON.stringify(JSON.parse(host).Resources.Role.Properties.PolicyDocument),
    at: (offset) => head.length + offset,
  };
}

/** The policy's JSON in a string property (escaped quotes and line breaks). */
function asString(policy: string): Host {
  const head = '{"name": "deploy", "policy": ';
  const text = `${head}${JSON.stringify(policy)}}`;
  return {
    kind: 'string',
    text,
    extract: (host) => JSON.stringify(JSON.parse(JSON.parse(host).policy)),
    // The escaped length of the text before the offset, after the opening quote.
    at: (offset, p) => head.length + 1 + JSON.stringify(p.slice(0, offset)).length - 2,
  };
}

const hostDoc = (text: string) => TextDocument.create('file:///host/template.json', 'json', 1, text);
const standaloneDoc = (text: string) => TextDocument.create('file:///host/template.json', 'json', 1, text);
const normalise = (json: string) => JSON.stringify(JSON.parse(json));
/** What the comparisons covered, so that a test that compares nothing fails. */
const compared = { findings: 0, hovers: 0, completions: 0, fixes: 0 };
const covered = (document: TextDocument, d: Diagnostic) => document.getText(d.range);

/** String nodes of a policy: where hover and completion are asked. */
function strings(text: string): Node[] {
  const out: Node[] = [];
  const visit = (n: Node | undefined) => {
    if (!n) return;
    if (n.type === 'string') out.push(n);
    n.children?.forEach(visit);
  };
  visit(parseTree(text));
  return out;
}

function applied(document: TextDocument, action: CodeAction): string | undefined {
  const edits: TextEdit[] | undefined = action.edit?.changes?.[document.uri];
  return edits ? TextDocument.applyEdits(document, edits) : undefined;
}

for (const [name, policy] of policies) {
  describe(`embedded policy: ${name}`, () => {
    const alone = standaloneDoc(policy);
    const parsed = service.parsePolicy(alone);
    const findings = service.doValidation(alone, parsed);
    for (const make of [asObject, asString]) {
      const host = make(policy);
      const document = hostDoc(host.text);
      const embedded = service.parseEmbeddedPolicies(document);

      it(`${host.kind}: is found once, and the host itself is no policy`, () => {
        assert.equal(service.parsePolicy(document).isPolicy, false);
        assert.equal(embedded.parts.length, 1);
      });

      it(`${host.kind}: has the same findings at the same text`, () => {
        const inHost = embedded.doValidation();
        assert.deepEqual(
          inHost.map((d) => [d.code, d.message]),
          findings.map((d) => [d.code, d.message]),
        );
        inHost.forEach((d, i) => {
          const expected = covered(alone, findings[i]);
          const text = covered(document, d);
          assert.equal(host.kind === 'object' ? text : JSON.parse(`"${text}"`), expected, `${d.code} covers ${text}`);
          assert.equal(document.offsetAt(d.range.start), host.at(alone.offsetAt(findings[i].range.start), policy));
          compared.findings++;
        });
      });

      it(`${host.kind}: has the same hover on every string`, () => {
        for (const node of strings(policy)) {
          const offset = node.offset + 1 + Math.floor((node.length - 2) / 2);
          const expected = service.doHover(alone, alone.positionAt(offset), parsed);
          const actual = embedded.doHover(document.positionAt(host.at(offset, policy)));
          assert.deepEqual(actual?.contents, expected?.contents, `hover at ${node.value}`);
          if (expected) compared.hovers++;
          if (expected?.range && actual?.range) assert.equal(document.offsetAt(actual.range.start), host.at(alone.offsetAt(expected.range.start), policy));
        }
      });

      it(`${host.kind}: offers the same completion inside strings, with edits at the host's text`, () => {
        for (const node of strings(policy).slice(0, 12)) {
          const offset = node.offset + 1;
          const expected = service.doComplete(alone, alone.positionAt(offset), parsed).items;
          const actual = embedded.doComplete(document.positionAt(host.at(offset, policy))).items;
          assert.deepEqual(actual.map((i) => i.label), expected.map((i) => i.label), `completion at ${node.value}`);
          if (expected.length > 0) compared.completions++;
          const edit = actual[0]?.textEdit;
          if (edit && 'range' in edit && host.kind === 'object') assert.equal(document.offsetAt(edit.range.start), host.at(alone.offsetAt((expected[0].textEdit as TextEdit).range.start), policy));
        }
      });

      it(`${host.kind}: fixes to the same policy, written in the host's syntax`, () => {
        for (const finding of findings) {
          const standalone = service.getCodeActions(alone, finding.range, { diagnostics: [finding] }, parsed).filter((a) => a.edit && !a.command);
          const start = document.positionAt(host.at(alone.offsetAt(finding.range.start), policy));
          const end = document.positionAt(host.at(alone.offsetAt(finding.range.end), policy));
          const hostFinding = embedded.doValidation().find((d) => d.code === finding.code && d.message === finding.message)!;
          const inHost = embedded.getCodeActions({ start, end }, { diagnostics: [hostFinding] });
          assert.deepEqual(inHost.map((a) => a.title), standalone.map((a) => a.title), `actions for ${finding.code}`);
          standalone.forEach((action, i) => {
            const want = applied(alone, action);
            const got = applied(document, inHost[i]);
            if (want === undefined || got === undefined) return;
            let wantJson: string;
            try {
              wantJson = normalise(want);
            } catch {
              return; // a standalone edit that leaves invalid JSON (json-syntax fixes) is compared no further
            }
            assert.equal(host.extract(got), wantJson, `${action.title} in the ${host.kind} host`);
            compared.fixes++;
          });
        }
      });
    }
  });
}

describe('embedded policies: coverage of the comparisons', () => {
  it('compared findings, hovers, completions and fixes in both hosts', () => {
    assert.ok(compared.findings >= 30 && compared.hovers >= 200 && compared.completions >= 100 && compared.fixes >= 20, JSON.stringify(compared));
  });

  it('leaves JSON without a policy alone, and a policy document itself to the standalone verbs', () => {
    const plain = hostDoc('{"name": "x", "scripts": {"Statement": "not a policy"}, "list": ["{\\"Statement\\": 1}"]}');
    assert.deepEqual(service.parseEmbeddedPolicies(plain).parts, []);
    const standalone = hostDoc('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Null": {"x": "{\\"Statement\\": []}"}}}}');
    assert.deepEqual(service.parseEmbeddedPolicies(standalone).parts, []);
  });

  it('finds several policies in one host, each with its own findings', () => {
    const text = JSON.stringify({ a: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' } }, b: [{ p: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeInstancez', Resource: '*' }] }) }] }, null, 2);
    const document = hostDoc(text);
    const embedded = service.parseEmbeddedPolicies(document);
    assert.deepEqual(embedded.parts.map((p) => p.embedded.path), [['a'], ['b', 0, 'p']]);
    const unknown = embedded.doValidation().filter((d) => d.code === 'unknown-action').map((d) => document.getText(d.range));
    assert.deepEqual(unknown, ['"s3:GetObjekt"', '\\"ec2:DescribeInstancez\\"']);
  });
});
