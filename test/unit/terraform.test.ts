// Policies inside Terraform files, through the core facade with the HCL parser the server and
// the CLI load (tree-sitter's HCL grammar in WebAssembly): jsonencode objects, heredoc and
// string JSON with ${...} as computed parts, aws_iam_policy_document blocks in their own words,
// types from the resource and attribute, edits written as HCL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { loadHclParser } from '../../server/src/common/hcl';
import { getBundledCatalog, getIamLanguageService, type HclParser } from '../../server/src/core';

let hcl: HclParser | undefined;
const service = getIamLanguageService({
  catalog: getBundledCatalog(),
  hcl: () => hcl,
  onError: (where, error) => {
    throw new Error(`contained error in ${where}: ${String(error)}`);
  },
});

function open(name: string, text = readFileSync(`test/fixtures/terraform/${name}`, 'utf8')) {
  const document = TextDocument.create(`file:///tf/${name}`, 'terraform', 1, text);
  const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
  const diagnostics = embedded.doValidation();
  const textOf = (d: { range: Diagnostic['range'] }) => text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
  const fixes = (d: Diagnostic): CodeAction[] => embedded.getCodeActions(d.range, { diagnostics: [d] });
  const apply = (action: CodeAction) => TextDocument.applyEdits(document, Object.values(action.edit?.changes ?? {})[0] ?? []);
  return { document, text, embedded, diagnostics, textOf, fixes, apply, found: diagnostics.map((d) => `${d.code}: ${textOf(d)}`) };
}

describe('Terraform', () => {
  before(async () => {
    hcl = await loadHclParser(readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm'), readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  });

  it('finds jsonencode, heredoc and aws_iam_policy_document policies with the type their resource gives', () => {
    const { embedded } = open('main.tf');
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      ['aws_iam_role.lambda.assume_role_policy → trust', 'aws_iam_role_policy.app.policy → identity', 'aws_s3_bucket_policy.b.policy → resource', 'data.aws_iam_policy_document.doc → identity'],
    );
  });

  it('measures each policy against the size quota of the resource that stores it', () => {
    const statements = Array.from({ length: 90 }, (_, i) => `{ Sid = "S${i}", Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }`).join(',\n    ');
    const policy = `jsonencode({\n  Version = "2012-10-17"\n  Statement = [\n    ${statements}\n  ]\n})`;
    const blocks = Array.from({ length: 90 }, (_, i) => `  statement {\n    sid       = "S${i}"\n    actions   = ["s3:ListAllMyBuckets"]\n    resources = ["*"]\n  }`).join('\n');
    const text = [
      `resource "aws_iam_policy" "managed" {\n  policy = ${policy}\n}`,
      `resource "aws_iam_role_policy" "inline" {\n  role   = "r"\n  policy = ${policy}\n}`,
      `resource "aws_iam_group_policy" "group" {\n  group  = "g"\n  policy = ${policy}\n}`,
      `data "aws_iam_policy_document" "doc" {\n${blocks}\n}`,
      `resource "aws_iam_policy" "from_doc" {\n  policy = data.aws_iam_policy_document.doc.json\n}`,
    ].join('\n\n');
    const t = open('sizes.tf', text);
    const sized = t.diagnostics.filter((d) => d.code === 'policy-size').map((d) => `${t.embedded.labelAt(d.range.start)}: ${String(d.message).replace(/.*the quota for /, '')}`);
    assert.deepEqual(sized, [
      'aws_iam_policy.managed.policy: a managed policy is 6,144.',
      "aws_iam_group_policy.group.policy: a group's inline policies (all of them together) is 5,120.",
      'data.aws_iam_policy_document.doc: a managed policy is 6,144.',
    ]);
  });

  it('reports planted mistakes at their tokens, with interpolations as computed values', () => {
    const { found } = open('main.tf');
    assert.deepEqual(found, [
      'unknown-service-principal: "lamda.amazonaws.com"',
      'unknown-action: "s3:GetObjekt"',
      'unknown-action: "s3:GetObjekt"',
      'public-principal: "*"',
      'unknown-action: "sqs:SendMesage"',
      'resource-star: "*"',
    ]);
  });

  it('gives a correct configuration no finding (inline_policy, $${} escapes, policy_document with principals and condition, an SCP in a heredoc)', () => {
    const { found, embedded } = open('clean.tf');
    assert.deepEqual(found, []);
    assert.deepEqual(
      embedded.parts.map((p) => p.policy.policyType),
      ['trust', 'identity', 'resource', 'scp'],
    );
  });

  it('fixes an action in jsonencode, in a heredoc and in a policy_document, writing HCL', () => {
    const t = open('main.tf');
    const typos = t.diagnostics.filter((d) => d.code === 'unknown-action');
    const after = typos.map((d) => t.apply(t.fixes(d)[0]));
    assert.match(after[0], /Action {3}= \["s3:GetObject", "s3:ListBucket"\]/);
    assert.match(after[1], /"Action": "s3:GetObject",/);
    assert.match(after[2], /actions {3}= \["sqs:SendMessage", "sqs:GetQueueUrl"\]/);
  });

  it('reads what real modules write without false alarms: dynamic statements of lookup(..., null), principals type "*", ${jsonencode(...)} as a JSON value, a document typed by the resource that uses it, condition keys of a provider named by a variable', () => {
    const { found, embedded } = open('modules.tf');
    assert.deepEqual(found, ['unknown-action: "kms:Decrypted"']);
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      [
        'data.aws_iam_policy_document.dynamic → resource',
        'data.aws_iam_policy_document.public_read → resource',
        'data.aws_iam_policy_document.guardrail → scp',
        'aws_iam_policy.decrypt.policy → identity',
        'aws_iam_role.oidc.assume_role_policy → trust',
      ],
    );
  });

  it('never reads a Terraform file as a JSON policy of its own', () => {
    const text = 'locals {\n  "Statement" = 1\n}\n';
    const { diagnostics, embedded } = open('json-like.tf', text);
    assert.deepEqual(diagnostics, []);
    assert.equal(embedded.parts.length, 0);
  });

  it('speaks in the policy_document block’s words', () => {
    const text = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"]\n  }\n}\n';
    const { diagnostics } = open('words.tf', text);
    const missing = diagnostics.find((d) => d.code === 'missing-resource');
    assert.ok(missing, JSON.stringify(diagnostics));
    assert.match(String(missing.message), /`resources`/);
    assert.doesNotMatch(String(missing.message), /"Resource"/);
  });

  it('suggests the service principal a misspelt one is close to, and fixes it in place', () => {
    const t = open('main.tf');
    const d = t.diagnostics.find((x) => x.code === 'unknown-service-principal')!;
    assert.match(String(d.message), /Did you mean 'lambda\.amazonaws\.com'\?/);
    const [fix] = t.fixes(d);
    assert.equal(t.apply(fix), t.text.replace('"lamda.amazonaws.com"', '"lambda.amazonaws.com"'));
    // A principal that is close to nothing gets no suggestion.
    const far = open('far.tf', 'resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "zzqqxx.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n');
    const unknown = far.diagnostics.find((x) => x.code === 'unknown-service-principal')!;
    assert.doesNotMatch(String(unknown.message), /Did you mean/);
    // No fix but the suppression, which goes above the line in HCL's own comment form.
    const [suppress, ...others] = far.fixes(unknown);
    assert.deepEqual([suppress?.title, others], ["Suppress 'unknown-service-principal' on this line with a reason", []]);
    const written = far.apply(suppress).replace('<reason>', 'a partner service in preview');
    assert.equal(written.split('\n')[1], '  # iam-policy-lint-disable-next-line unknown-service-principal -- a partner service in preview');
    assert.deepEqual(open('far.tf', written).found, []);
  });

  it('writes fixes that add an entry or remove a tuple item in HCL, in the object’s own manner', () => {
    const bare = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["s3:GetObject", "s3:Get*"]\n      Resource = "arn:aws:s3:::b/*"\n    }]\n  })\n}\n';
    const t = open('bare.tf', bare);
    const fix = (code: string, tf: ReturnType<typeof open>) => {
      const d = tf.diagnostics.find((x) => x.code === code);
      assert.ok(d, code);
      const [action] = tf.fixes(d);
      assert.ok(action, `${code}: no fix`);
      return tf.apply(action);
    };
    assert.equal(fix('missing-version', t), bare.replace('    Statement = [{', '    Version = "2012-10-17"\n    Statement = [{'));
    assert.equal(fix('redundant-action', t), bare.replace('["s3:GetObject", "s3:Get*"]', '["s3:Get*"]'));
    // JSON-style keys and commas: the new entry is written the same way.
    const quoted = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    "Statement": [{\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::b/*"\n    }]\n  })\n}\n';
    assert.equal(fix('missing-version', open('quoted.tf', quoted)), quoted.replace('    "Statement": [{', '    "Version": "2012-10-17",\n    "Statement": [{'));
  });

  it('writes a literal ${ in HCL as $${ when a fix inserts an ARN template', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }]\n  })\n}\n';
    const t = open('narrow.tf', text);
    const star = t.document.positionAt(text.indexOf('"*"') + 1);
    const narrow = t.embedded.getCodeActions({ start: star, end: star }, { diagnostics: t.diagnostics }).find((a) => a.title.startsWith('Narrow Resource'));
    assert.ok(narrow);
    const edit = (Object.values(narrow.edit!.changes!)[0] as TextEdit[])[0];
    assert.match(edit.newText, /\$\$\{/);
    assert.doesNotMatch(edit.newText.replace(/\$\$\{/g, ''), /\$\{/);
  });

  it('reads a templatefile() template as its policy: interpolations computed, an if as its first branch, a for body once', () => {
    const text = readFileSync('test/fixtures/terraform/files/templates/deploy.json.tftpl', 'utf8');
    const { found, embedded } = open('deploy.json.tftpl', text);
    assert.equal(embedded.parts.length, 1);
    assert.deepEqual(found, ['unknown-action: "s3:ListBuckett"']);
    const loop = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [%{ for a in actions }"${a}", %{ endfor }], "Resource": "arn:aws:s3:::${bucket}/*"},\n  {"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}\n';
    assert.deepEqual(open('loop.json.tftpl', loop).found, ['invalid-effect: "Alow"']);
    // Not a policy: nothing.
    assert.equal(open('user-data.tftpl', '#!/bin/bash\necho ${name}\n').embedded.parts.length, 0);
  });

  it('reads a .tf.json file’s policy strings as Terraform templates, typed by their resource, and fixes them in place', () => {
    const text = readFileSync('test/fixtures/terraform/main.tf.json', 'utf8');
    const document = TextDocument.create('file:///tf/main.tf.json', 'json', 1, text);
    const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
    assert.deepEqual(
      embedded.parts.map((p) => `${p.embedded.label} → ${p.policy.policyType}`),
      ['aws_iam_role.ci.assume_role_policy → trust', 'aws_iam_role_policy.ci.policy → identity', 'aws_s3_bucket_policy.artifacts.policy → resource'],
    );
    const diagnostics = embedded.doValidation();
    const textOf = (d: Diagnostic) => text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end));
    // ${...} is computed and $${aws:username} a literal policy variable: neither is an error.
    assert.deepEqual(diagnostics.map((d) => `${d.code}: ${textOf(d)}`), ['unknown-action: \\"s3:GetObjekt\\"', 'missing-principal: \\"Effect\\": \\"Deny\\"']);
    const fix = embedded.getCodeActions(diagnostics[0].range, { diagnostics: [diagnostics[0]] }).find((a) => a.title.includes("'s3:GetObject'"));
    const fixed = TextDocument.applyEdits(document, Object.values(fix!.edit!.changes!)[0]);
    assert.equal(fixed, text.replace('s3:GetObjekt', 's3:GetObject'));
  });

  it('reads a block-by-block file with CRLF lines too, and keeps positions after a $${ escape', () => {
    const text = 'resource "aws_iam_policy" "a" {\r\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjec", Resource = "*" }] })\r\n}\r\nresource "x" "y" {\r\n  name = \r\n}\r\n';
    assert.deepEqual(open('crlf.tf', text).found, ['unknown-action: "s3:GetObjec"']);
    const heredoc = 'resource "aws_iam_policy" "a" {\n  policy = <<EOT\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/$${aws:username}/*"}, {"Effect": "Allow", "Action": "s3:GetObjec", "Resource": "*"}]}\nEOT\n}\n';
    assert.deepEqual(open('escape.tf', heredoc).found, ['unknown-action: "s3:GetObjec"']);
    const template = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/$${aws:username}/*"},\n    {"Effect": "Allow", "Action": "s3:ListBuckett", "Resource": "*"}\n  ]\n}\n';
    assert.deepEqual(open('escape.json.tftpl', template).found, ['unknown-action: "s3:ListBuckett"']);
  });

  it('still reads the other blocks’ policies while one block does not parse (a name half typed)', () => {
    const text = readFileSync('test/fixtures/terraform/main.tf', 'utf8').replace('    sid       = "Read"\n', '    sid       = "Read"\n    res\n');
    const { found, embedded } = open('typing.tf', text);
    assert.deepEqual(embedded.parts.map((p) => p.embedded.label), ['aws_iam_role.lambda.assume_role_policy', 'aws_iam_role_policy.app.policy', 'aws_s3_bucket_policy.b.policy']);
    assert.deepEqual(found, ['unknown-service-principal: "lamda.amazonaws.com"', 'unknown-action: "s3:GetObjekt"', 'unknown-action: "s3:GetObjekt"', 'public-principal: "*"']);
  });

  it('takes broken and hostile HCL without an exception', () => {
    const texts = [
      'resource "aws_iam_policy" "p" { policy = jsonencode({ Statement = [{ Effect = ',
      '{'.repeat(100000), // an error tree of 100,000 nodes took 38 s when children were read one index at a time
      'resource "x" "y" {\n' + '  a = jsonencode({ b = '.repeat(5000),
      `resource "aws_iam_policy" "p" {\n${'  policy = 1\n'.repeat(50000)}}`,
      `data "aws_iam_policy_document" "d" {\n${'  statement {\n    actions = ["s3:GetObjekt"]\n    resources = ["*"]\n  }\n'.repeat(8000)}}`,
      '\u0000\u0001',
    ];
    for (const text of texts) {
      const started = performance.now();
      const t = open('hostile.tf', text);
      assert.ok(Array.isArray(t.diagnostics));
      assert.ok(performance.now() - started < 10_000, `${text.slice(0, 30)}: ${performance.now() - started} ms`);
    }
  });

  it('gives up a parse that takes too long and says why, instead of freezing (unclosed ${ took the parser 40 s a megabyte)', () => {
    const unclosed = '${'.repeat(400000);
    const files: [string, string][] = [
      ['heredoc.tf', `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement": [{"Action": "${unclosed}"}]}\nEOF\n}\n`],
      ['string.tf', `data "aws_iam_policy_document" "d" {\n  statement {\n    resources = ["${unclosed}"]\n  }\n}\n`],
      ['policy.json.tftpl', `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${unclosed}"}]}`],
    ];
    for (const [name, text] of files) {
      const started = performance.now();
      const t = open(name, text);
      const ms = performance.now() - started;
      assert.ok(ms < 10_000, `${name}: ${ms} ms`);
      assert.equal(t.embedded.parts.length, 0, name);
      if (name.endsWith('.tf')) assert.match(t.embedded.refused ?? '', /took too long to parse/, name);
    }
    // The parser is reset after giving up: the next file reads as usual.
    assert.ok(open('main.tf').embedded.parts.length > 0);
  });

  it('leaves out the block that takes too long and reads the others; while that block stays about the same, an edit elsewhere does not parse it again', () => {
    const hostile = `resource "aws_iam_policy" "slow" {\n  policy = <<EOF\n{"Statement": [{"Action": "${'${'.repeat(200000)}"}]}\nEOF\n}\n`;
    const good = (action: string) => `resource "aws_iam_policy" "good" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }]\n  })\n}\n`;
    const parsed: number[] = [];
    const counting: HclParser = { read: (text, use, range) => (parsed.push(range ? range.end - range.start : text.length), hcl!.read(text, use, range)) };
    const watched = getIamLanguageService({ catalog: getBundledCatalog(), hcl: () => counting });
    const read = (text: string, version: number, previous?: ReturnType<typeof watched.parseEmbeddedPolicies>) => {
      const document = TextDocument.create('file:///tf/slow.tf', 'terraform', version, text);
      parsed.length = 0;
      const found = watched.parseEmbeddedPolicies(document, {}, watched.parsePolicy(document), previous);
      const codes = found.doValidation().map((d) => `${d.code}: ${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}`);
      return { found, codes, largest: Math.max(0, ...parsed) };
    };
    const first = read(`${hostile}\n${good('s3:GetObjekt')}`, 1);
    assert.deepEqual(first.codes, ['unknown-action: "s3:GetObjekt"']);
    assert.deepEqual(first.found.parts.map((p) => p.embedded.label), ['aws_iam_policy.good.policy']);
    // Typing in the good block: the slow one is not parsed again.
    const second = read(`${hostile}\n${good('s3:GetObjec')}`, 2, first.found);
    assert.deepEqual(second.codes, ['unknown-action: "s3:GetObjec"']);
    assert.ok(second.largest < 1000, `parsed ${second.largest} characters`);
    // Typing inside the slow block (a few characters) leaves it out too.
    const third = read(`${hostile.replace('"slow" {', '"slow" { # x')}\n${good('s3:GetObject')}`, 3, second.found);
    assert.deepEqual(third.codes, ['resource-star: "*"']);
    assert.ok(third.largest < 1000, `parsed ${third.largest} characters`);
    // Replaced by an ordinary block, it is read again.
    const fixed = read(`${good('s3:GetObjekt').replace('"good"', '"fixed"')}\n${good('s3:GetObject')}`, 4, third.found);
    assert.deepEqual(fixed.found.parts.map((p) => p.embedded.label), ['aws_iam_policy.fixed.policy', 'aws_iam_policy.good.policy']);
  });

  it('does not parse a template file or a .tf.json policy string again while it stays about the same as one given up', () => {
    const unclosed = '${'.repeat(200000);
    let parses = 0;
    const counting: HclParser = { read: (text, use, range) => (parses++, hcl!.read(text, use, range)) };
    const watched = getIamLanguageService({ catalog: getBundledCatalog(), hcl: () => counting });
    const cases: [string, (s: string) => string][] = [
      ['policy.json.tftpl', (s) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${s}${unclosed}"}]}`],
      ['main.tf.json', (s) => JSON.stringify({ resource: { aws_iam_policy: { p: { policy: `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${s}${unclosed}"}]}` } } } })],
    ];
    for (const [name, text] of cases) {
      let previous: ReturnType<typeof watched.parseEmbeddedPolicies> | undefined;
      const counts: number[] = [];
      for (const [version, typed] of ['', 'b', 'bu'].entries()) {
        const document = TextDocument.create(`file:///tf/${name}`, name.endsWith('.json') ? 'json' : 'plaintext', version + 1, text(typed));
        parses = 0;
        previous = watched.parseEmbeddedPolicies(document, {}, watched.parsePolicy(document), previous);
        counts.push(parses);
        assert.equal(previous.parts.length, 0, name);
      }
      assert.deepEqual(counts, [1, 0, 0], name);
    }
  });
});

describe('Terraform: an edit inside one policy reads only its block again', () => {
  before(async () => {
    hcl ??= await loadHclParser(readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm'), readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  });

  it('gives the same policies, findings and fixes as reading the whole file, after every kind of edit', () => {
    const text = readFileSync('test/fixtures/terraform/main.tf', 'utf8');
    // [from, to, whether the policies before the edited one are kept as they were]
    const edits: [string, string, boolean][] = [
      ['"s3:GetObjekt", "s3:ListBucket"', '"s3:GetObjektX", "s3:ListBucket"', true], // typing in a jsonencode
      ['lamda', 'lambda', true], // in the first policy
      ['"sqs:SendMesage"', '"sqs:SendMessage"', true], // in a policy_document block
      ['resources = ["*"]', 'resources = ["*"]\n    effect = "Deny"', true], // a new attribute in a statement
      ['"Principal": "*",', '"Principal": {"AWS": "*"},', true], // in a heredoc
      ['Action   = "dynamodb:GetItem"', 'Action   = "dynamodb:GetItem" }', false], // a brace that breaks the block: read in full
      ['name = "app"', 'name = "app2"', false], // outside every policy
    ];
    const first = TextDocument.create('file:///tf/edit.tf', 'terraform', 1, text);
    const before = service.parseEmbeddedPolicies(first, {}, service.parsePolicy(first));
    before.doValidation();
    let version = 2;
    for (const [from, to, kept] of edits) {
      assert.ok(text.includes(from), from);
      const next = TextDocument.create(first.uri, 'terraform', version++, text.replace(from, to));
      const again = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next), before);
      const whole = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next));
      const view = (e: typeof whole) => ({
        parts: e.parts.map((p) => [p.embedded.label, p.embedded.text, p.policy.policyType, p.embedded.map.hostSpan]),
        findings: e.doValidation().map((d) => [d.code, d.range, d.message]),
      });
      assert.deepEqual(view(again), view(whole), `${from} -> ${to}`);
      for (const d of whole.doValidation()) {
        const a = again.getCodeActions(d.range, { diagnostics: [d] }).map((x) => JSON.stringify(x.edit));
        const w = whole.getCodeActions(d.range, { diagnostics: [d] }).map((x) => JSON.stringify(x.edit));
        assert.deepEqual(a, w, `${from} -> ${to}: ${d.code}`);
      }
      // Only the edited block was read again: the policies before it are the same parses.
      const edited = text.indexOf(from);
      const earlier = before.parts.filter((p) => p.embedded.map.hostSpan.end < edited);
      if (kept) assert.ok(earlier.every((p, i) => again.parts[i] === p), `${from}: earlier policies kept`);
      else assert.ok(again.parts.every((p) => !before.parts.includes(p)), `${from}: read in full`);
    }
  });
});

describe('Terraform completion', () => {
  before(async () => {
    hcl ??= await loadHclParser(readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm'), readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  });

  /** Completion where `|` is in the text. */
  function complete(withCursor: string) {
    const at = withCursor.indexOf('|');
    const text = withCursor.slice(0, at) + withCursor.slice(at + 1);
    const document = TextDocument.create('file:///tf/complete.tf', 'terraform', 1, text);
    const list = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document)).doComplete(document.positionAt(at));
    const edited = (label: string) => {
      const item = list.items.find((i) => i.label === label);
      assert.ok(item?.textEdit && 'range' in item.textEdit, `${label} offered`);
      return TextDocument.applyEdits(document, [item.textEdit]);
    };
    return { labels: list.items.map((i) => i.label), edited, items: list.items };
  }

  it('offers a policy document’s attribute and block names where a line starts, while the name is half typed', () => {
    const statement = complete('data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"]\n    res|\n  }\n}\n');
    assert.deepEqual(statement.labels, ['sid', 'effect', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition']);
    assert.equal(statement.edited('resources'), 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:GetObject"]\n    resources = ["$1"]\n  }\n}\n');
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  statement {\n    principals {\n      type = "Service"\n      |\n    }\n  }\n}\n').labels, ['identifiers']);
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  statement {\n    condition {\n      |\n    }\n  }\n}\n').labels, ['test', 'variable', 'values']);
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  |\n}\n').labels, ['statement', 'version', 'policy_id', 'source_policy_documents', 'override_policy_documents']);
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  dynamic "statement" {\n    for_each = var.s\n    content {\n      effect = "Allow"\n      a|\n    }\n  }\n}\n').labels, ['sid', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition']);
  });

  it('offers a jsonencode policy’s keys in HCL', () => {
    const { labels, edited } = complete('resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Ac|\n    }]\n  })\n}\n');
    assert.deepEqual(labels, ['Sid', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
    assert.match(edited('Action'), /\n {6}Action = \["\$1"\]\n/);
    assert.deepEqual(complete('resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({\n    Statement = [{\n      Principal = {\n        |\n      }\n    }]\n  })\n}\n').labels, ['AWS', 'Service', 'Federated', 'CanonicalUser']);
  });

  it('offers no name where one would break the HCL or the cursor is not at a name (review findings)', () => {
    // A file that starts with an empty line once made the search for the enclosing block loop forever.
    assert.deepEqual(complete('\nres|').labels, []);
    assert.deepEqual(complete('\n# c\n  x|').labels, []);
    // In front of `= value` the line has its name: choosing one would write `actions = [""] = [...]`.
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  statement {\n    act|ions = ["s3:GetObject"]\n  }\n}\n').labels, []);
    // In a comment.
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\n  /* |\n  */\n  statement {\n    actions = ["s3:GetObject"]\n  }\n}\n').labels, []);
    // CRLF lines.
    assert.deepEqual(complete('data "aws_iam_policy_document" "d" {\r\n  statement {\r\n    actions = ["s3:GetObject"]\r\n    res|\r\n  }\r\n}\r\n').labels, ['sid', 'effect', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition']);
  });

  it('offers no name outside policies', () => {
    assert.deepEqual(complete('resource "aws_s3_bucket" "b" {\n  buck|\n}\n').labels, []);
    assert.deepEqual(complete('locals {\n  tags = jsonencode({\n    Team = "a"\n    |\n  })\n}\n').labels, []);
  });

  it('completes ARNs in an empty string with snippet placeholders, and with the file’s own partition and account data sources', () => {
    const { items } = complete('data "aws_partition" "current" {}\ndata "aws_caller_identity" "me" {}\ndata "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["sqs:SendMessage"]\n    resources = ["|"]\n  }\n}\n');
    const texts = items.map((i) => (i.textEdit as TextEdit).newText);
    assert.ok(texts.includes('"arn:aws:sqs:${1:region}:${2:account-id}:${3:QueueName}"'), texts.join('\n'));
    assert.ok(texts.includes('"arn:\\${data.aws_partition.current.partition}:sqs:${1:region}:\\${data.aws_caller_identity.me.account_id}:${3:QueueName}"'), texts.join('\n'));
  });
});

describe('Terraform and template fixtures: every place answers', () => {
  before(async () => {
    hcl ??= await loadHclParser(readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm'), readFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  });

  it('answers completion, hover and code actions at every fourth offset, and reads again after a stray character typed anywhere, without an error', () => {
    const files: [string, string][] = [
      ['test/fixtures/terraform/main.tf', 'terraform'],
      ['test/fixtures/terraform/modules.tf', 'terraform'],
      ['test/fixtures/terraform/main.tf.json', 'json'],
      ['test/fixtures/terraform/files/templates/deploy.json.tftpl', 'plaintext'],
      ['test/fixtures/templates/role-and-function.yaml', 'yaml'],
      ['test/fixtures/templates/template.json', 'json'],
    ];
    let answered = 0;
    for (const [file, languageId] of files) {
      const text = readFileSync(file, 'utf8');
      const document = TextDocument.create(`file:///sweep/${file.split('/').pop()}`, languageId, 1, text);
      const embedded = service.parseEmbeddedPolicies(document, {}, service.parsePolicy(document));
      assert.ok(embedded.parts.length > 0, file);
      for (let offset = 0; offset <= text.length; offset += 4) {
        const position = document.positionAt(offset);
        embedded.doComplete(position);
        embedded.doHover(position);
        embedded.getCodeActions({ start: position, end: position }, { diagnostics: [] });
        answered++;
      }
      // The service's onError throws here: a contained error fails the test too.
      for (let offset = 0; offset <= text.length; offset += 29) {
        for (const typed of ['"', '{', '}', '\n', '$']) {
          const next = TextDocument.create(document.uri, languageId, 2, text.slice(0, offset) + typed + text.slice(offset));
          const again = service.parseEmbeddedPolicies(next, {}, service.parsePolicy(next), embedded);
          again.doValidation();
          again.doComplete(next.positionAt(offset + 1));
        }
      }
    }
    assert.ok(answered > 2000);
  });
});
