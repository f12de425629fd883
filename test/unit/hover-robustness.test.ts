// Hover never throws on broken input, raises no false alarm on AWS's own managed policies, and
// finds the right statement in a 1 MB policy (its latency is measured by `npm run bench`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Node } from 'jsonc-parser';
import { catalog, doc, service } from '../helpers/core';
import { latestDocuments as managed } from '../helpers/managedPolicies';

const FOOTER = `<sub>IAM data: ${catalog.source.package}`;

/** Every string token of a parsed tree. */
function strings(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node);
  for (const child of node.children ?? []) strings(child, out);
  return out;
}

/** A line with its code spans removed, as CommonMark reads them; undefined when a span is not closed. */
function outsideCode(line: string): string | undefined {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++; // an escaped character is plain text, and cannot open a span or a bold marker
      continue;
    }
    if (line[i] !== '`') {
      out += line[i];
      continue;
    }
    let run = 1;
    while (line[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let close = line.indexOf(fence, i + run);
    while (close >= 0 && line[close + run] === '`') close = line.indexOf(fence, close + run + 1);
    if (close < 0) return undefined;
    i = close + run - 1;
  }
  return out;
}

/** A light well-formedness check: outside code fences, code spans close and bold markers pair up on every line. */
function assertWellFormed(markdown: string): void {
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || line.startsWith('```')) continue;
    const outside = outsideCode(line);
    assert.ok(outside !== undefined, `unclosed code span in: ${line}`);
    assert.equal((outside.match(/\*\*/g) ?? []).length % 2, 0, `unpaired ** in: ${line}`);
  }
}

/** Hover markdown at an offset of a text (parsed once per text by the caller). */
function hoverAll(text: string, offsets: Iterable<number>): string[] {
  const document = doc(text);
  const policy = service.parsePolicy(document);
  const out: string[] = [];
  for (const offset of offsets) {
    const result = service.doHover(document, document.positionAt(offset), policy);
    if (result) {
      const markdown = (result.contents as { value: string }).value;
      assertWellFormed(markdown);
      out.push(markdown);
    }
  }
  return out;
}

describe('hover robustness', () => {
  it('never throws on half-typed or wrongly typed policies, at any offset', () => {
    const texts = [
      '{"Statement": [{"Effect": "Allow", "Action": 5, "Resource": null, "Principal": true}]}',
      '{"Statement": [{"Effect": "Allow", "Action": [["s3:*"]], "Resource": [["*"], {"a": 1}]}]}',
      '{"Statement": {"Sid": 5, "Effect": ["Allow"], "Principal": {"AWS": [["1"]], "Service": {"x": 1}}, "NotPrincipal": 3}}',
      '{"Statement": [{"Condition": {"StringEquals": 5, "Bool": {"aws:SecureTransport": {"x": 1}}, "ForAnyValue:": {"": ""}}}]}',
      '{"Statement": [{"Effect": "Allow", "Action": "s3:Get',
      '{"Version": "2012-10-17", "Statement": [{"Resource": "arn:aws:s3:::${aws:username", "Action": "${", "Sid": "${}"}]}',
      '{"Statement": [{"__proto__": "x", "constructor": {"constructor": "x"}, "Condition": {"constructor": {"toString": "x"}, "StringEquals": {"constructor:x": "${constructor}"}}, "Principal": {"Federated": "constructor", "toString": "x"}}]}',
      '{"Statement": [{"Effect": "Allow", "Action": "s3:Get\\u004fbject", "Resource": "arn:\\u0061ws:s3:::b/${aws:user\\u006eame}"}]}',
      '{"Statement": [{"Effect": "Allow", "Action": ":", "Resource": "arn:::::"}, {"Action": "*:*", "Resource": "arn:*:*:*:*:*"}, {"Action": "?", "Resource": "arn"}]}',
      '{"Statement": [], "Version": 2012}',
      '{"Statement": [{"Sid": "a`b**", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:user/a`b", "arn:aws:sts::1:assumed-role/`r/**s"], "Fed`*": "x"}, "Action": "s3:`*", "Resource": "arn:`:s3:::b*`", "Condition": {"String`Like": {"s3:pre`fix": "`${aws:user`name}`"}}}]}',
      '{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/${aws:PrincipalTag/x, \'d\'}"}]}',
    ];
    for (const text of texts) {
      for (const markdown of hoverAll(text, Array.from({ length: text.length + 1 }, (_, i) => i))) {
        assert.ok(markdown.includes(FOOTER), `footer missing in:\n${markdown}`);
      }
    }
  });

  it('raises no false alarm on any string of the AWS managed policies', () => {
    const alarms = /is not a condition operator|is not an ARN|is not a known condition key|Not a recognised|Not a valid principal|not allowed inside principal|is not a known condition key, so it resolves to nothing|matches no known action/;
    const found = new Map<string, string>();
    let hovers = 0;
    const seen = new Set<string>();
    for (const { arn, document } of managed) {
      const text = JSON.stringify(document, null, 2);
      const tree = service.parsePolicy(doc(text)).root;
      // Alarms depend on the token, not on its neighbours: hover each distinct key or value once.
      const fresh = strings(tree).filter((n) => {
        const id = `${n.parent?.type}:${n.value}`;
        return !seen.has(id) && seen.add(id);
      });
      for (const markdown of hoverAll(text, fresh.map((n) => n.offset + 1))) {
        hovers++;
        const alarm = alarms.exec(markdown);
        if (alarm && !found.has(markdown.split('\n')[0])) found.set(markdown.split('\n')[0], arn);
      }
    }
    assert.ok(hovers > 10000, `hovers: ${hovers}`);
    assert.deepEqual([...found].map(([line, arn]) => `${arn}: ${line}`), []);
  });
});

describe('hover on a 1 MB policy', () => {
  it('documents every action entry of a 1 MB policy of real statements, wherever it sits', () => {
    // A realistic 1 MB policy: statements of the managed policies, pretty-printed. (Latency is
    // the benchmark's business, `npm run bench`; here the statement lookup must find the right
    // statement in a long document.)
    const statements: unknown[] = [];
    let size = 0;
    for (const { document } of managed) {
      const { Statement } = document as { Statement?: unknown };
      for (const s of Array.isArray(Statement) ? Statement : [Statement]) {
        statements.push(s);
        size += JSON.stringify(s, null, 2).length;
      }
      if (size > 1_100_000) break;
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    assert.ok(text.length >= 1_000_000, `size ${text.length}`);
    const document = doc(text);
    const policy = service.parsePolicy(document);
    const actionKey = (n: Node | undefined) => n?.type === 'property' && n.children?.[0]?.value === 'Action';
    const actions = strings(policy.root).filter((t) => actionKey(t.parent) || (t.parent?.type === 'array' && actionKey(t.parent.parent)));
    const known = actions.filter((t) => catalog.matchActions(String(t.value)).length > 0);
    assert.ok(known.length > 1000, `${known.length} known action entries`);
    const step = Math.max(1, Math.floor(known.length / 2000));
    const missing: string[] = [];
    for (let i = 0; i < known.length; i += step) {
      const token = known[i];
      // The middle of the entry: the service prefix or the action name, each has its hover.
      const cursor = token.offset + 1 + Math.floor(token.length / 2);
      const hover = service.doHover(document, document.positionAt(cursor), policy);
      const markdown = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      const range = hover?.range && { start: document.offsetAt(hover.range.start), end: document.offsetAt(hover.range.end) };
      const inside = range && range.start >= token.offset && range.start <= cursor && range.end >= cursor && range.end <= token.offset + token.length;
      if (!markdown.includes(FOOTER) || !inside) missing.push(String(token.value));
    }
    assert.deepEqual(missing.slice(0, 10), []);
  });
});
