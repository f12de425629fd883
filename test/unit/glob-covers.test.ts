// globCovers decides redundant-action, passrole-star and privilege-escalation findings: the
// iterative version must agree with the plain recursive definition on every pair.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionPatternIndex, globCovers } from '../../server/src/core/semantics/actionPatterns';

/** The definition: `*` of outer takes any run, `?` one character but `*`, a literal itself (never a wildcard). */
function reference(outer: string, inner: string): boolean {
  const o = outer.toLowerCase();
  const i = inner.toLowerCase();
  const go = (p: number, q: number): boolean => {
    if (p === o.length) return q === i.length;
    if (o[p] === '*') return go(p + 1, q) || (q < i.length && go(p, q + 1));
    if (q === i.length) return false;
    if (o[p] === '?') return i[q] !== '*' && go(p + 1, q + 1);
    return i[q] !== '*' && i[q] !== '?' && o[p] === i[q] && go(p + 1, q + 1);
  };
  return go(0, 0);
}

describe('globCovers', () => {
  it('agrees with the recursive definition on random patterns', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const alphabet = ['a', 'b', 'A', ':', '*', '*', '?'];
    const pattern = () => Array.from({ length: Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let n = 0; n < 50000; n++) {
      const outer = pattern();
      const inner = pattern();
      assert.equal(globCovers(outer, inner), reference(outer, inner), `${outer} covers ${inner}`);
    }
  });

  it('covers actions as IAM matches them', () => {
    assert.equal(globCovers('s3:Get*', 's3:GetObject'), true);
    assert.equal(globCovers('S3:get*', 's3:GetObject*'), true);
    assert.equal(globCovers('s3:Get?bject', 's3:Get*'), false);
    assert.equal(globCovers('iam:*Policy*', 'iam:PutRolePolicy'), true);
    assert.equal(globCovers('iam:Pass*', 'iam:PassRole'), true);
    assert.equal(globCovers('iam:PassRole', 'iam:passrole'), true);
    assert.equal(globCovers('iam:PassRole', 'iam:Pass*'), false);
  });

  it('lists the entries covering a pattern in candidate order', () => {
    const items = ['*:Get*', 's3:*', 'iam:*', 's3:Get*', 's?:GetObject', 'S3:GETOBJECT'].map((value) => ({ value }));
    const index = new ActionPatternIndex(items);
    for (const pattern of ['s3:GetObject', 'iam:PassRole', 's3:Put*', '*:GetObject', 'ec2:GetX']) {
      assert.deepEqual(index.covering(pattern), index.candidates(pattern).filter((i) => globCovers(i.value, pattern)), pattern);
    }
  });
});
