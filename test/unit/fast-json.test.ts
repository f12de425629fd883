// The strict-JSON fast path must build exactly jsonc-parser's tree, or give way to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import { parseStrictJson } from '../../server/src/core/util/fastJson';
import { latestDocuments } from '../helpers/managedPolicies';

const OPTIONS = { allowTrailingComma: true, disallowComments: false };

/** Every field of every node in key order, with parent links checked. */
function dump(node: Node | undefined, parent?: Node): unknown {
  if (!node) return node;
  assert.equal(node.parent, parent);
  assert.equal('parent' in node, parent !== undefined, 'the root has no parent key');
  return Object.entries(node).map(([k, v]) => (k === 'parent' ? [k] : k === 'children' ? [k, (v as Node[]).map((c) => dump(c, node))] : [k, v]));
}

/** The fast path gives jsonc-parser's tree, or nothing when jsonc-parser reports errors. */
function check(text: string): boolean {
  const errors: ParseError[] = [];
  const expected = parseTree(text, errors, OPTIONS);
  const fast = parseStrictJson(text);
  if (fast === undefined) return false;
  assert.deepEqual(errors, [], `fast path taken on text with errors: ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(dump(fast), dump(expected), JSON.stringify(text.slice(0, 200)));
  return true;
}

/** A small deterministic PRNG, so a failure is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('strict JSON fast path', () => {
  it('builds the same tree as jsonc-parser for every AWS managed policy, pretty and compact', () => {
    for (const { document } of latestDocuments) {
      assert.ok(check(JSON.stringify(document, null, 2)));
      assert.ok(check(`${JSON.stringify(document, null, '\t')}\r\n`));
      assert.ok(check(JSON.stringify(document)));
    }
  });

  it('handles every JSON value shape and escape as jsonc-parser does', () => {
    const samples = [
      '{}', '[]', '""', '0', '-0', '1.5e+3', '-12.25E-2', '1E5', 'true', 'false', 'null', ' { "a" : [ 1 , { } , [ ] ] } ',
      '{"a":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\u002F"}', '{"k\\u0041y":{"x":null,"y":true}}', '["é", "𝄞", "\u2028"]',
      '{"a":1,"a":2}', '[[[[[[1]]]]]]', '{"Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*"}]}',
    ];
    for (const text of samples) assert.ok(check(text), text);
  });

  it('gives way to jsonc-parser on comments, trailing commas, odd white space and every syntax error', () => {
    const samples = [
      '', '   ', '{', '}', '{"a":1,}', '[1,]', '// c\n{}', '{/* c */}', '{"a":1}/', '{"a" 1}', '{a:1}', "{'a':1}", '[01]', '[1.]', '[1e]',
      '[-]', '[+1]', '[.5]', '[1a]', '[truex]', '[nul]', '["a\nb"]', '["\\x"]', '["\\u12"]', '["a"', '{"a":1}{}', '\uFEFF{}',
      '{\u00a0}', '{\v}', '{"a":1 "b":2}', '[1 2]', '[,]', '{,}', '"\u0001"', '{"a":[}', '[NaN]', '[Infinity]', '[1}',
    ];
    for (const text of samples) assert.equal(check(text), false, JSON.stringify(text));
  });

  it('agrees with jsonc-parser on thousands of random edits of real policies', () => {
    const next = random(42);
    const pieces = ['', ' ', '\n', '"', ',', ':', '{', '}', '[', ']', '\\', '\\u00', '/', '*', '-', '0', '1', '.', 'e', 'true', 'null', 'x', '\t', '\r'];
    const texts = latestDocuments.slice(0, 200).map(({ document }) => JSON.stringify(document, null, 2));
    let fast = 0;
    for (let round = 0; round < 4000; round++) {
      let text = texts[Math.floor(next() * texts.length)];
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * text.length);
        const cut = Math.floor(next() * 3);
        text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + cut);
      }
      if (check(text)) fast++;
    }
    // Some edits keep the JSON strict (inside strings, digits), so both paths get exercised.
    assert.ok(fast > 100 && fast < 3900, `fast path taken ${fast} times`);
  });
});
