// Hostile input never freezes, crashes or blinds the analysis. A policy in a repository is
// attacker-controlled in an untrusted workspace: wildcard storms, huge ARNs, deep nesting with
// comments, rules that throw. Each class has the example that froze or crashed it and variants;
// the fuzz stage at the end mutates AWS's managed policies the same ways and bounds the time
// every document takes through every verb of the facade.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Glob, matchGlobMap } from '../../server/src/common/glob';
import { getIamLanguageService } from '../../server/src/core/languageService';
import { readRequestTests } from '../../server/src/core/evaluation/requestTests';
import { parsePolicy } from '../../server/src/core/policy';
import { allRules } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rules/rule';
import { WildcardPattern } from '../../server/src/core/semantics/wildcard';
import { validate as runRules } from '../../server/src/core/validation';
import { catalog } from '../helpers/core';
import { latestDocuments } from '../helpers/managedPolicies';

const contained: string[] = [];
const service = getIamLanguageService({ catalog, onError: (where, error) => contained.push(`${where}: ${String(error)}`) });

let counter = 0;
const policyText = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 1);

/** Every verb of the facade on a text, timed; findings by code with the text they cover. */
function analyse(text: string, uri = `file:///hostile/p${++counter}.json`) {
  const start = performance.now();
  const document = TextDocument.create(uri, 'json', 1, text);
  const policy = service.parsePolicy(document);
  const diagnostics = service.doValidation(document, policy);
  for (const at of [0.1, 0.5, 0.9]) {
    const position = document.positionAt(Math.floor(text.length * at));
    service.doHover(document, position, policy);
    service.doComplete(document, position, policy);
  }
  service.getCodeActions(document, { start: document.positionAt(0), end: document.positionAt(Math.min(text.length, 20000)) }, { diagnostics }, policy);
  const ms = performance.now() - start;
  return { ms, policy, findings: diagnostics.map((d) => ({ code: String(d.code), text: document.getText(d.range), severity: d.severity })) };
}

/** Bound for one document through every verb: the freezes were 10 s to minutes; a normal policy takes milliseconds. */
const BOUND_MS = 2500;

function assertBounded(label: string, ms: number) {
  assert.ok(ms < BOUND_MS, `${label} took ${ms.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
}

describe('hostile input: wildcard storms', () => {
  it('answers at once on the 97-byte action with stars that froze the CLI, and reports it unknown', () => {
    for (const stars of [8, 12, 40, 92]) {
      const value = `s3:${'*'.repeat(stars)}Q`;
      const { ms, findings } = analyse(policyText([{ Effect: 'Allow', Action: value, Resource: '*' }]));
      assertBounded(`${stars} stars`, ms);
      assert.ok(findings.some((f) => f.code === 'unknown-action' && f.text === `"${value}"`), `unknown-action on ${value}`);
    }
  });

  it('keeps matching what real wildcards match: s3:*Object, s3:Get*Tagging, ?', () => {
    const { findings } = analyse(policyText([{ Effect: 'Allow', Action: ['s3:*Object', 's3:Get*Tagging', 's3:GetObjec?', 'S3:GET*ACL'], Resource: '*' }]));
    assert.deepEqual(findings.filter((f) => f.code === 'unknown-action'), []);
  });

  it('does not lose unknown-action on other statements when one action is a 400 KB wildcard', () => {
    const huge = `s3:Get${'*x'.repeat(200_000)}`;
    const { ms, findings } = analyse(policyText([
      { Effect: 'Allow', Action: huge, Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' },
    ]));
    assertBounded('400 KB action', ms);
    assert.ok(findings.some((f) => f.code === 'unknown-action' && f.text === '"s3:GetObjekt"'));
    assert.ok(findings.some((f) => f.code === 'unknown-action' && f.text.startsWith('"s3:Get*x*x')));
    assert.ok(findings.some((f) => f.severity === 1), 'an error-level finding, so the CLI exits 1');
    assert.deepEqual(contained, []);
  });

  it('bounds StringLike condition values made of wildcards against known value lists', () => {
    const { ms } = analyse(policyText([{
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*',
      Condition: { StringLike: {
        'aws:PrincipalType': `${'*?'.repeat(5000)}Q`,
        'aws:RequestedRegion': `${'*1'.repeat(20000)}2`,
        'aws:PrincipalAccount': '*'.repeat(50_000),
        'aws:SourceVpc': ['*v*p*c*'.repeat(2000)],
      } },
    }]));
    assertBounded('condition storm', ms);
    assert.deepEqual(contained, []);
  });

  it('matches like the RegExp it replaced, on random patterns and texts', () => {
    const alphabet = ['a', 'b', 'A', '*', '?', ':', '.'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const word = (max: number) => Array.from({ length: rnd(max) }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let n = 0; n < 5000; n++) {
      const pattern = word(8);
      const text = word(10).replace(/[*?]/g, 'a');
      const reference = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
      assert.equal(new WildcardPattern(pattern).test(text), reference.test(text), `${pattern} ~ ${text}`);
      assert.equal(new WildcardPattern(pattern, false).test(text), new RegExp(reference.source).test(text), `${pattern} ~ ${text} (case)`);
    }
  });
});

describe('hostile input: long ARNs', () => {
  const cases: [string, string][] = [
    ['90 KB of repeated ab:', 'ab:'.repeat(30_000)],
    ['ARN of 20,000 stars', `arn:aws:s3:::${'*'.repeat(20_000)}`],
    ['20 KB wildcard ARN', `arn:aws:s3:::${'a*'.repeat(10_000)}`],
    ['wildcards in every part', `arn:*:${'*a?'.repeat(7000)}`],
    ['30,000 unclosed variables', `arn:aws:s3:::${'${'.repeat(30_000)}`],
    ['colons and variables', `arn:aws:logs:${'${aws:username}:'.repeat(5000)}`],
    ['1 MB of colons', `arn:aws:iam::${':'.repeat(1_000_000)}`],
  ];
  for (const [label, resource] of cases) {
    it(`${label}: bounded, no contained failure`, () => {
      const { ms, findings } = analyse(policyText([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 'logs:PutLogEvents', 'iam:PassRole'], Resource: resource }]));
      assertBounded(label, ms);
      assert.deepEqual(findings.filter((f) => f.code === 'analysis-incomplete'), []);
      assert.deepEqual(contained, []);
    });
  }

  it('still checks the known parts of a long wildcard ARN', () => {
    const { findings } = analyse(policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:dynamodb:us-east1:123456789012:table/${'a*'.repeat(1500)}` }]));
    assert.ok(findings.some((f) => f.code === 'invalid-arn' && f.text === 'us-east1'), JSON.stringify(findings.map((f) => f.code)));
  });

  it('reports an ARN longer than any resource ARN once, with a short message', () => {
    const { findings } = analyse(policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'a*'.repeat(10_000)}` }]));
    const invalid = findings.filter((f) => f.code === 'invalid-arn');
    assert.equal(invalid.length, 1);
    assert.ok(invalid[0].text.length > 20_000, 'on the whole value');
    assert.deepEqual(findings.filter((f) => f.code === 'resource-mismatch' || f.code === 'analysis-incomplete'), []);
  });
});

describe('hostile input: nesting', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const cases: [string, string][] = [
    ['a quote inside a line comment', `{"Version": "2012-10-17", "Statement": [ // don't "\n${deep(100_000)}]}`],
    ['a quote inside a block comment', `{"Version": "2012-10-17", "Statement": [ /* " */ ${deep(100_000)}]}`],
    ['an unterminated string before the brackets', `{"Version": "2012-10-17", "Statement": "oops\n${deep(100_000)}}`],
    ['brackets inside a string that a line break ends', `{"Version": "2012-10-17", "Statement": ["\n${'{"a":'.repeat(50_000)}`],
    ['plain deep nesting', `{"Version": "2012-10-17", "Statement": ${deep(300)}}`],
  ];
  for (const [label, text] of cases) {
    it(`${label}: one json-syntax error, no crash`, () => {
      const { ms, findings, policy } = analyse(text);
      assertBounded(label, ms);
      assert.equal(policy.isPolicy, true, 'a policy that nests too deep is still a policy with an error');
      assert.ok(findings.some((f) => f.code === 'json-syntax' && f.severity === 1), JSON.stringify(findings));
      assert.deepEqual(contained, []);
    });
  }

  it('leaves deep JSON that names no policy element alone', () => {
    const { findings, policy } = analyse(`{"data": ${deep(1000)}}`);
    assert.equal(policy.isPolicy, false);
    assert.deepEqual(findings, []);
  });

  it('reads 200 levels as before', () => {
    const { findings } = analyse(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/x": ${deep(150)}}}}]}`);
    assert.ok(!findings.some((f) => f.code === 'json-syntax'));
  });
});

describe('hostile input: a rule that throws', () => {
  const text = policyText([
    { Sid: 'One', Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' },
    { Sid: 'Boom', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    { Sid: 'Three', Effect: 'Allow', Action: 'ec2:DescribeInstancez', Resource: '*' },
  ]);
  // A rule of our own that fails on one statement, as a rule with a bug would on hostile input.
  const unknownAction = allRules.find((r) => r.code === 'unknown-action')!;
  const flaky: Rule = {
    ...unknownAction,
    check(ctx, report) {
      for (const statement of ctx.policy.statements) if (statement.sid?.value === 'Boom') throw new RangeError('Maximum call stack size exceeded');
      unknownAction.check(ctx, report);
    },
  };

  it('keeps its findings on the other statements and reports the failing statement instead of silence', () => {
    const document = TextDocument.create('file:///hostile/throws.json', 'json', 1, text);
    const errors: string[] = [];
    const found = runRules(document, parsePolicy(document), catalog, [flaky, ...allRules.filter((r) => r.code === 'analysis-incomplete')], (rule) => errors.push(rule));
    const byCode = found.map((d) => `${d.code} ${document.getText(d.range)}`);
    assert.ok(byCode.includes('unknown-action "s3:GetObjekt"'), byCode.join('\n'));
    assert.ok(byCode.includes('unknown-action "ec2:DescribeInstancez"'), byCode.join('\n'));
    const incomplete = found.filter((d) => d.code === 'analysis-incomplete');
    assert.equal(incomplete.length, 1);
    assert.equal(incomplete[0].severity, 1);
    assert.equal(incomplete[0].range.start.line, document.positionAt(text.indexOf('"Boom"')).line - 1, 'on the failing statement');
    assert.match(String(incomplete[0].message), /unknown-action/);
    assert.deepEqual(errors, ['unknown-action'], 'the failure still reaches onError');
  });

  it('gives the same steps as doValidation, one rule at a time', () => {
    const document = TextDocument.create('file:///hostile/steps.json', 'json', 1, text);
    const policy = service.parsePolicy(document);
    const steps = service.doValidationSteps(document, policy);
    let count = 0;
    let step = steps.next();
    while (!step.done) {
      count++;
      step = steps.next();
    }
    assert.ok(count > 10, `${count} steps`);
    assert.deepEqual(step.value, service.doValidation(document, policy));
  });
});

describe('hostile input: file globs from settings', () => {
  /** The RegExp form the globs had, as the reference for ordinary globs. */
  function reference(glob: string): RegExp {
    let pattern = glob;
    if (!pattern.includes('/')) pattern = `**/${pattern}`;
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '*' && pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else if (c === '{') re += '(?:';
      else if (c === '}') re += ')';
      else if (c === ',' && re.includes('(?:')) re += '|';
      else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`(?:^|/)${re}$`);
  }
  const globs = ['*.json', 'trust/*.json', '**/trust/*.json', '**/*-trust.json', 'policies/**/scp-?.json', '{a,b}/*.json', '/work/x/*.json', 'x/**/y/**/z.json', '**', 'a*b*c.json'];
  const paths = ['/work/x/a.json', '/work/x/trust/role.json', '/repo/trust/deep/role.json', '/r/app-trust.json', '/r/policies/org/scp-1.json', '/r/policies/scp-12.json', '/r/a/p.json', '/r/b/q.json', '/r/c/p.json', '/x/1/y/2/3/z.json', '/x/y/z.json', '/q/aXbYc.json', '/q/abc.json', '/q/a/b/c.json'];

  it('match as the RegExp form did', () => {
    for (const glob of globs) for (const path of paths) assert.equal(new Glob(glob).test(path), reference(glob).test(path), `${glob} ~ ${path}`);
  });

  it('answer at once on a glob of alternating stars against a long file name', () => {
    const start = performance.now();
    const glob = `${'*a'.repeat(5000)}*b`;
    const path = `/repo/${'a'.repeat(4000)}.json`;
    assert.equal(matchGlobMap({ [glob]: 'trust', [`{${'x,'.repeat(500)}y}/${'{a,b}'.repeat(200)}`]: 'scp' }, path), undefined);
    assertBounded('glob storm', performance.now() - start);
  });
});

describe('hostile input: policies embedded in a JSON document', () => {
  const cases: [string, () => string][] = [
    ['a string holding a policy nested 200,000 levels deep', () => `{"a": ${JSON.stringify(`{"Statement": ${'['.repeat(200_000)}`)}}`],
    ['a thousand policies after a 2 MB line', () => `{"pad": "${'x'.repeat(2_000_000)}", "a": [${Array(1000).fill('{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}').join(',')}]}`],
    ['600,000 values 195 levels deep', () => `${'{"a":'.repeat(195)}[${Array(600_000).fill('1').join(',')}]${'}'.repeat(195)}`],
    ['a thousand policies in strings', () => `{"a": [${Array(1000).fill(JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }))).join(',')}]}`],
  ];
  for (const [label, make] of cases) {
    it(`${label}: bounded, no exception`, () => {
      const text = make();
      const start = performance.now();
      const document = TextDocument.create(`file:///hostile/embedded-${++counter}.json`, 'json', 1, text);
      const embedded = service.parseEmbeddedPolicies(document);
      const diagnostics = embedded.doValidation();
      const middle = document.positionAt(text.length >> 1);
      embedded.doHover(middle);
      embedded.doComplete(middle);
      embedded.getCodeActions({ start: document.positionAt(0), end: document.positionAt(text.length) }, { diagnostics });
      assertBounded(label, performance.now() - start);
      assert.deepEqual(contained, []);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Fuzz stage: AWS's managed policies with hostile mutations, each bounded in time.
// ---------------------------------------------------------------------------------------------

/** xorshift32 with a fixed seed: the same documents on every run. */
function prng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  return { below: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] };
}

type Statement = Record<string, unknown>;
const MUTATIONS: [string, (s: Statement, r: ReturnType<typeof prng>) => void][] = [
  ['wildcard storm action', (s, r) => (s.Action = `${r.pick(['s3', 'ec2', '*', 'iam'])}:${'*'.repeat(5 + r.below(60))}${r.pick(['Q', 'x', '?', 'Get'])}`)],
  ['alternating wildcard action', (s, r) => (s.Action = [`s3:${'*a'.repeat(100 + r.below(20_000))}`, 's3:GetObject'])],
  ['long ARN', (s, r) => (s.Resource = `arn:aws:${r.pick(['s3', 'logs', 'iam', '*'])}:${r.pick(['', 'us-east-1', '*'])}:${r.pick(['', '123456789012'])}:${r.pick(['ab:', 'a*', '*?', '${aws:username}/', '/'])}`.repeat(1) + r.pick(['ab:', 'a*', '*?', '${', ':', '/*']).repeat(2000 + r.below(20_000)))],
  ['huge value', (s, r) => (s.Sid = 'x'.repeat(50_000 + r.below(200_000)))],
  ['condition storm', (s, r) => (s.Condition = { [r.pick(['StringLike', 'ForAnyValue:StringLike', 'ArnLike'])]: { [r.pick(['aws:PrincipalType', 'aws:RequestedRegion', 'aws:SourceArn', 'aws:PrincipalAccount'])]: `${'*?'.repeat(1000 + r.below(10_000))}z` } })],
  ['many values', (s, r) => (s.Action = Array.from({ length: 2000 + r.below(3000) }, (_, i) => `s3:Get${'*'.repeat(i % 7)}${i}`))],
  ['principal storm', (s, r) => (s.Principal = { AWS: `arn:aws:iam::${'*'.repeat(1000 + r.below(20_000))}:root` })],
];

/** A text nested too deep, with comments and strings that must not fool the depth check. */
function deepText(text: string, r: ReturnType<typeof prng>): string {
  const cut = text.indexOf('"Statement"');
  const trap = r.pick(['// "\n', '/* " */', '"\n', '"unterminated\n']);
  return `${text.slice(0, cut)}"Statement": [${trap}${'['.repeat(500 + r.below(50_000))}]}`;
}

describe('hostile input: fuzz stage over the managed policies', () => {
  it('bounds every mutated managed policy through every verb, with no contained failure', (t) => {
    const r = prng(12);
    const sample = latestDocuments.filter((_, i) => i % 16 === 0);
    let slowest = 0;
    for (const { arn, document } of sample) {
      const doc = JSON.parse(JSON.stringify(document)) as { Statement: Statement | Statement[] };
      const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      const [name, mutate] = r.pick(MUTATIONS);
      if (statements.length > 0) mutate(statements[r.below(statements.length)], r);
      let text = JSON.stringify(doc, null, 2);
      if (r.below(8) === 0) text = deepText(text, r);
      const { ms } = analyse(text);
      slowest = Math.max(slowest, ms);
      assertBounded(`${arn} with ${name}`, ms);
      assert.deepEqual(contained, [], `${arn} with ${name}`);
    }
    assert.ok(sample.length > 90, `${sample.length} documents`);
    t.diagnostic(`${sample.length} mutated documents, the slowest took ${slowest.toFixed(0)} ms`);
  });
});

describe('hostile request-test files', () => {
  it('reads deep, aliased, binary and long test files at once, with a problem or nothing, never an exception', () => {
    const texts = [
      `policies: []\ntests: ${'['.repeat(200_000)}`,
      `policies: []\ntests:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}- a:`).join('\n')}`,
      'a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\npolicies: []\ntests:\n  - {action: s3:GetObject, resource: "*", context: {k: *c}, expect: Allow}\n',
      `policies: []\ntests: []\n${String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => i % 256))}`,
      `policies: [${'x'.repeat(900_000)}]\ntests: []`,
    ];
    for (const text of texts) {
      const start = performance.now();
      const file = readRequestTests(text);
      // A freeze guard, not a speed goal: before the nesting check, the deep one took seconds and grew with its size.
      assert.ok(performance.now() - start < 10_000, `took ${performance.now() - start} ms`);
      assert.ok(Array.isArray(file.problems) && Array.isArray(file.tests));
    }
    assert.match(readRequestTests(texts[0]).problems[0].message, /deeper than 100 levels/);
  });
});
