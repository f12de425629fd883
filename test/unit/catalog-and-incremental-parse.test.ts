import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getBundledCatalog } from '../../server/src/core/catalog/bundled';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { parsedIncrementally, parsePolicy, type PolicyDocument, type StatementModel } from '../../server/src/core/policy';

/** A catalogue text in the generated format 3: a header line, then the services' details back to back. */
function catalogueText(details: Record<string, unknown>): string {
  const services: Record<string, { n: string; o: number; l: number }> = {};
  let body = '';
  for (const [prefix, detail] of Object.entries(details)) {
    const json = JSON.stringify(detail);
    services[prefix] = { n: `Service ${prefix}`, o: body.length, l: json.length };
    body += json;
  }
  const header = {
    format: 3,
    source: { package: 'test', version: '1.0.0', updatedAt: '' },
    counts: { services: 2, actions: 3, resourceTypes: 1, conditionKeys: 1, globalConditionKeys: 0 },
    services,
    globalKeys: [],
    keyPrefixes: {},
    arnTemplates: { alpha: ['arn:${Partition}:alpha:::${Name}'] },
  };
  return `${JSON.stringify(header)}\n${body}`;
}

describe('catalogue loading (format 3)', () => {
  const text = catalogueText({
    alpha: { a: [['GetThing', 1, 'Grants permission to get a thing', [['thing', 1, [], []]], [], []]], r: [['thing', 'arn:${Partition}:alpha:::${Name}', []]], c: [] },
    beta: { a: [['ListÜber', 0, 'Non-ASCII text shifts no offsets', [], [], []], ['PutItem', 2, 'Put', [], ['beta:Colour'], []]], r: [], c: [['beta:Colour', 'String', 'A colour']] },
  });

  it('reads each service detail at its offset, after non-ASCII text in an earlier service', () => {
    const catalog = loadCatalog(text);
    assert.deepEqual(catalog.servicePrefixes, ['alpha', 'beta']);
    assert.equal(catalog.serviceName('beta'), 'Service beta');
    assert.equal(catalog.getAction('alpha:getthing')?.accessLevel, 'Read');
    assert.equal(catalog.getService('alpha')?.getResourceType('thing')?.arn, 'arn:${Partition}:alpha:::${Name}');
    assert.deepEqual(catalog.matchActions('beta:*').map((a) => a.fullName), ['beta:ListÜber', 'beta:PutItem']);
    assert.equal(catalog.findConditionKey('beta:colour')?.description, 'A colour');
    assert.deepEqual(catalog.templatesForNamespace('ALPHA'), ['arn:${Partition}:alpha:::${Name}']);
    assert.deepEqual(catalog.templatesForNamespace('beta'), []);
    assert.deepEqual(catalog.templatesForNamespace('constructor'), []);
  });

  it('indexes at build time the same ARN templates by namespace as the services list', () => {
    const catalog = getBundledCatalog();
    const expected = new Map<string, Set<string>>();
    for (const prefix of catalog.servicePrefixes) {
      for (const type of catalog.getService(prefix)!.resourceTypes) {
        for (const template of type.arn.split(/,\s*/)) {
          const ns = template.split(':')[2]?.toLowerCase() ?? '';
          if (!expected.has(ns)) expected.set(ns, new Set());
          expected.get(ns)!.add(template);
        }
      }
    }
    assert.ok(expected.size > 300);
    for (const [ns, templates] of expected) assert.deepEqual(new Set(catalog.templatesForNamespace(ns)), templates, ns);
    assert.deepEqual(catalog.templatesForNamespace('no-such-namespace'), []);
  });

  it('matches plain names, prefix wildcards, inner wildcards and service wildcards, case-insensitively', () => {
    const catalog = loadCatalog(text);
    const names = (pattern: string) => catalog.matchActions(pattern).map((a) => a.fullName);
    assert.deepEqual(names('BETA:putitem'), ['beta:PutItem']);
    assert.deepEqual(names('beta:p*'), ['beta:PutItem']);
    assert.deepEqual(names('beta:*t*'), ['beta:ListÜber', 'beta:PutItem']);
    assert.deepEqual(names('beta:?utItem'), ['beta:PutItem']);
    assert.deepEqual(names('*a:Get*'), ['alpha:GetThing']);
    assert.deepEqual(names('?eta:List*'), ['beta:ListÜber']);
    assert.deepEqual(names('gamma:Get*'), []);
    assert.deepEqual(names('beta:Put'), []);
  });

  it('refuses another format instead of misreading it', () => {
    assert.throws(() => loadCatalog(JSON.stringify({ format: 1, services: {} })), /unsupported IAM catalogue format 1/);
    assert.throws(() => loadCatalog(text.replace('"format":3', '"format":2')), /unsupported IAM catalogue format 2/);
    assert.throws(() => loadCatalog(text.replace('"format":3', '"format":4')), /unsupported IAM catalogue format 4/);
  });
});

/** Everything a feature can read from a parse, with parent links checked on the way. */
function snapshot(policy: PolicyDocument) {
  const tree = (node: Node | undefined, parent?: Node): unknown => {
    if (!node) return undefined;
    assert.equal(node.parent, parent, `parent link of the node at ${node.offset}`);
    return [node.type, node.offset, node.length, node.value, node.colonOffset, node.children?.map((c) => tree(c, node))];
  };
  const at = (node: Node | undefined) => node && [node.offset, node.length];
  const list = (l: StatementModel['action']) => l && [at(l.property), l.items.map((i) => [i.value, at(i.node)]), l.invalid.map(at)];
  return {
    root: tree(policy.root),
    errors: policy.syntaxErrors,
    isPolicy: policy.isPolicy,
    policyType: policy.policyType,
    statements: policy.statements.map((s) => [
      s.index,
      at(s.node),
      [...s.properties].map(([k, n]) => [k, at(n)]),
      s.sid?.value,
      s.effect?.value,
      ...[s.action, s.notAction, s.resource, s.notResource].map(list),
      ...[s.principal, s.notPrincipal, s.condition].map(at),
    ]),
  };
}

/** Seeded PRNG (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::bucket/*" },
    {
      "Effect": "Deny",
      "NotAction": "iam:*",
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } } // no MFA
    },
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "sts:AssumeRole" }
  ]
}`;

/**
 * 2,000 random edits of BASE, each parsed from the previous parse and compared with a full
 * parse of the same text. Without `handOver`, the previous parse must come out unchanged (someone
 * may still hold it: a validation paused between rules); with it, the previous parse is moved in
 * place and is no source for a second parse. Returns how often the incremental path ran.
 */
function randomEdits(seed: number, snippets: readonly string[], handOver: boolean): number {
  const rnd = random(seed);
  let document = TextDocument.create(`file:///incremental-${seed}.json`, 'json', 1, BASE);
  let policy = parsePolicy(document);
  let incremental = 0;
  for (let i = 0; i < 2000; i++) {
    const text = document.getText();
    // Start again from a clean policy now and then, so edits keep landing in real statements.
    if (text.length > 2 * BASE.length || rnd() < 0.1) {
      document = TextDocument.create(document.uri, 'json', document.version + 1, BASE);
      policy = parsePolicy(document, {}, policy, handOver);
      continue;
    }
    const offset = Math.floor(rnd() * text.length);
    const remove = rnd() < 0.4 ? Math.floor(rnd() * 3) + 1 : 0;
    const insert = remove > 0 && rnd() < 0.5 ? '' : snippets[Math.floor(rnd() * snippets.length)];
    const range = { start: document.positionAt(offset), end: document.positionAt(Math.min(text.length, offset + remove)) };
    document = TextDocument.update(document, [{ range, text: insert }], document.version + 1);
    const before = handOver ? undefined : snapshot(policy);
    const next = parsePolicy(document, {}, policy, handOver);
    const full = parsePolicy(TextDocument.create(document.uri, 'json', document.version, document.getText()));
    assert.deepEqual(snapshot(next), snapshot(full), `edit ${i}: ${remove} removed, ${JSON.stringify(insert)} inserted at ${offset}`);
    if (!handOver) assert.deepEqual(snapshot(policy), before, `edit ${i} changed the previous parse`);
    // A handed-over parse is not a source again: passing it a second time parses in full.
    else if (i === 0) assert.equal(parsedIncrementally(parsePolicy(document, {}, policy, true)), false);
    if (parsedIncrementally(next)) incremental++;
    policy = next;
  }
  return incremental;
}

describe('incremental parse', () => {
  it('gives exactly the full parse after every one of 2,000 random edits, and leaves the previous parse as it was', () => {
    const reused = randomEdits(7, ['a', '"', ',', '{', '}', '[', ']', ':', ' ', '\n', '*', '/', '"s3:PutObject", ', '"Effect": "Allow",', '/* c */'], false);
    assert.ok(reused > 200, `the incremental path ran only ${reused} times`);
  });

  it('gives exactly the full parse after 2,000 random edits when each previous parse is handed over and moved in place', () => {
    const moved = randomEdits(11, ['a', '"', ',', '{', '}', ' ', '\n', '*', '"s3:PutObject", ', '"Effect": "Allow",'], true);
    assert.ok(moved > 200, `the in-place path ran only ${moved} times`);
  });

  it('keeps the settings of the new parse, not those of the previous one', () => {
    const first = parsePolicy(TextDocument.create('file:///s.json', 'json', 1, BASE));
    const edited = BASE.replace('"s3:List*"', '"s3:Lis*"');
    const next = parsePolicy(TextDocument.create('file:///s.json', 'json', 2, edited), { policyType: 'scp' }, first);
    assert.equal(next.policyType, 'scp');
    assert.equal(next.policyTypeSource, 'setting');
    assert.equal(next.version, 2);
    assert.equal(next.statements[0].action?.items[1].value, 's3:Lis*');
  });
});
