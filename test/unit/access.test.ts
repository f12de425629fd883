// Effective access, the access diff and the two custom checks, through the core facade: what a
// policy grants (wildcards and NotAction expanded, Denies subtracted or noted, conditions kept),
// what a change adds, and resource containment, checked against brute force.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessNotGranted,
  type AccessEntry,
  diffAccess,
  type EffectiveAccess,
  effectiveAccess,
  noPublicAccess,
  type PolicyType,
  resourceCovers,
  resourcesOverlap,
  WildcardPattern,
} from '../../server/src/core';
import { ACCESS_LEVELS } from '../../server/src/core/catalog/types';
import { catalog, doc, service } from '../helpers/core';

type Statement = Record<string, unknown>;

/** The policy's text, its parse and its access. */
function view(statements: Statement[], type?: PolicyType, version = '2012-10-17') {
  const text = JSON.stringify({ Version: version, Statement: statements }, null, 2);
  const document = doc(text);
  const policy = service.parsePolicy(document, type ? { policyType: type } : {});
  return { text, document, policy, access: effectiveAccess(policy, catalog) };
}

const accessOf = (statements: Statement[], type?: PolicyType, version?: string) => view(statements, type, version).access;

/** Every granted action, by name. */
const actionNames = (access: EffectiveAccess) => access.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => a.action)));

function actionOf(access: EffectiveAccess, name: string) {
  return access.services.flatMap((s) => s.levels.flatMap((l) => l.actions)).find((a) => a.action === name);
}

/** Entries as `action resource [if condition]: reason`. */
const entries = (list: readonly AccessEntry[]) => list.map((e) => `${e.action} ${e.exceptResources ? `* except ${e.exceptResources.join(',')}` : e.resource}${e.principal ? ` for ${e.principal}` : ''}${e.condition ? ` if ${e.condition}` : ''}: ${e.reason}`);

const diff = (before: Statement[], after: Statement[], type?: PolicyType) => {
  const d = diffAccess(accessOf(before, type), accessOf(after, type));
  return { added: entries(d.added), removed: entries(d.removed) };
};

const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

describe('effective access: actions', () => {
  it('expands wildcards against the catalogue, without regard to case, grouped by service and access level', () => {
    const access = accessOf([allow(['S3:get*', 'iam:PassRole'])]);
    const expected = catalog.matchActions('s3:Get*').map((a) => a.fullName);
    assert.ok(expected.length > 20);
    assert.deepEqual(actionNames(access).filter((a) => a.startsWith('s3:')).sort(), [...expected].sort());
    assert.deepEqual(access.services.map((s) => s.prefix), ['iam', 's3']);
    const s3 = access.services[1];
    const levels = new Set(catalog.matchActions('s3:Get*').map((a) => a.accessLevel));
    assert.deepEqual(s3.levels.map((l) => l.level), ACCESS_LEVELS.filter((l) => levels.has(l)));
    assert.equal(access.total, expected.length + 1);
    assert.equal(access.counts.Read, catalog.matchActions('s3:Get*').filter((a) => a.accessLevel === 'Read').length);
    assert.deepEqual(access.writeActions, ['iam:PassRole']);
  });

  it('expands NotAction to every other action of the catalogue', () => {
    const access = accessOf([{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }]);
    const all = catalog.matchActions('*');
    const excluded = catalog.matchActions('iam:*').length + catalog.matchActions('organizations:*').length;
    assert.equal(access.total, all.length - excluded);
    assert.ok(!access.services.some((s) => s.prefix === 'iam' || s.prefix === 'organizations'));
    assert.ok(actionOf(access, 's3:GetObject'));
  });

  it('lists Action patterns that match no catalogue action apart, and counts only catalogue actions', () => {
    const access = accessOf([allow(['s3:GetObject', 'foo:Bar', 's3:GetObjekt'])]);
    assert.deepEqual(actionNames(access), ['s3:GetObject']);
    assert.deepEqual(access.unmatched.map((u) => u.pattern), ['foo:Bar', 's3:GetObjekt']);
  });

  it('counts Permissions management and Write actions and calls them out', () => {
    const access = accessOf([allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy', 's3:PutObject', 's3:GetObject', 's3:ListBucket'])]);
    assert.deepEqual(access.permissionsManagementActions, ['iam:AttachRolePolicy', 'iam:PutRolePolicy']);
    assert.deepEqual(access.writeActions, ['s3:PutObject']);
    assert.deepEqual(access.counts, { List: 1, Read: 1, Write: 1, 'Permissions management': 2, Tagging: 0 });
  });

  it('names the statements that grant an action, with offsets that cover their text', () => {
    const { text, access } = view([allow('s3:GetObject', 'arn:aws:s3:::a/*', { Sid: 'A' }), allow('s3:Get*', 'arn:aws:s3:::b/*')]);
    const grants = actionOf(access, 's3:GetObject')!.grants;
    assert.deepEqual(grants.map((g) => [g.statement.index, g.statement.sid, g.resources]), [
      [0, 'A', ['arn:aws:s3:::a/*']],
      [1, undefined, ['arn:aws:s3:::b/*']],
    ]);
    const first = grants[0].statement;
    assert.deepEqual(JSON.parse(text.slice(first.offset, first.offset + first.length)), allow('s3:GetObject', 'arn:aws:s3:::a/*', { Sid: 'A' }));
  });

  it('grants nothing for statements AWS would not apply, and says why', () => {
    const access = accessOf([{ Effect: 'Allow', Action: 's3:GetObject' }, { Effect: 'allow', Action: 's3:PutObject', Resource: '*' }]);
    assert.equal(access.total, 0);
    assert.deepEqual(access.notes.map((n) => n.message), [
      'statement 0 has no Resource: it grants and denies nothing',
      'statement 1 has no valid Effect ("Allow" or "Deny"): it grants and denies nothing (AWS rejects the policy)',
    ]);
    const resource = accessOf([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }], 'resource');
    assert.equal(resource.total, 0);
    assert.match(resource.notes[0].message, /has no Principal/);
  });
});

describe('effective access: conditions and principals', () => {
  it('marks conditional grants with the condition, in words and as tests', () => {
    const access = accessOf([
      allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] }, Bool: { 'aws:SecureTransport': true } } }),
      allow('s3:ListBucket', 'arn:aws:s3:::b'),
    ]);
    const get = actionOf(access, 's3:GetObject')!;
    assert.equal(get.conditional, true);
    assert.equal(get.grants[0].condition!.text, 'StringEquals aws:PrincipalTag/team ["red","blue"]; Bool aws:SecureTransport "true"');
    assert.deepEqual(get.grants[0].condition!.tests, [
      { operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['red', 'blue'] },
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
    ]);
    assert.equal(actionOf(access, 's3:ListBucket')!.conditional, false);
    assert.equal(actionOf(access, 's3:ListBucket')!.grants[0].condition, undefined);
  });

  it('reads an empty Condition as none and an unreadable one as a condition', () => {
    assert.equal(actionOf(accessOf([allow('s3:GetObject', '*', { Condition: {} })]), 's3:GetObject')!.conditional, false);
    const unreadable = accessOf([allow('s3:GetObject', '*', { Condition: { StringEqualz: { 'aws:username': 'x' } } })]);
    assert.equal(actionOf(unreadable, 's3:GetObject')!.grants[0].condition!.readable, false);
    assert.match(unreadable.notes[0].message, /Condition AWS cannot read/);
  });

  it('keeps the principals of a resource-based policy, and NotPrincipal as everyone but those', () => {
    const access = accessOf(
      [
        allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: ['arn:aws:iam::111122223333:root'], Service: 'cloudfront.amazonaws.com' } }),
        allow('s3:PutObject', 'arn:aws:s3:::b/*', { NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/R' } }),
      ],
      'resource',
    );
    assert.deepEqual(actionOf(access, 's3:GetObject')!.grants[0].principals, ['AWS:arn:aws:iam::111122223333:root', 'Service:cloudfront.amazonaws.com']);
    const put = actionOf(access, 's3:PutObject')!.grants[0];
    assert.deepEqual([put.principals, put.notPrincipals], [['*'], ['AWS:arn:aws:iam::111122223333:role/R']]);
  });
});

describe('effective access: Denies', () => {
  it('takes away an action denied on every resource without a condition', () => {
    const access = accessOf([allow('s3:*'), deny(['s3:DeleteBucket', 's3:PutBucketPolicy'])]);
    assert.equal(actionOf(access, 's3:DeleteBucket'), undefined);
    assert.equal(actionOf(access, 's3:PutBucketPolicy'), undefined);
    assert.equal(access.total, catalog.matchActions('s3:*').length - 2);
    // A Deny by NotAction denies everything else.
    const only = accessOf([allow(['s3:GetObject', 's3:PutObject']), { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }]);
    assert.deepEqual(actionNames(only), ['s3:GetObject']);
  });

  it('takes away the resource patterns a Deny contains and notes one it only touches', () => {
    const access = accessOf([allow('s3:GetObject', ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*', '*']), deny('s3:GetObject', 'arn:aws:s3:::b*')]);
    const grant = actionOf(access, 's3:GetObject')!.grants[0];
    assert.deepEqual(grant.resources, ['arn:aws:s3:::a/*', '*']);
    assert.deepEqual(grant.deniedResources, ['arn:aws:s3:::b/*']);
    assert.deepEqual(grant.limitedBy!.map((l) => [l.statement.index, l.resources]), [[1, ['arn:aws:s3:::b*']]]);
    // Every resource of the grant inside the Deny: the grant is gone.
    assert.equal(actionOf(accessOf([allow('s3:GetObject', 'arn:aws:s3:::b/x/*'), deny('s3:GetObject', 'arn:aws:s3:::b/*')]), 's3:GetObject'), undefined);
  });

  it('never subtracts a conditional Deny, a NotResource Deny or a Deny for some principals: it notes them', () => {
    const conditional = actionOf(accessOf([allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]), 's3:GetObject')!;
    assert.deepEqual(conditional.grants[0].resources, ['*']);
    assert.equal(conditional.grants[0].limitedBy![0].condition!.text, 'Bool aws:SecureTransport "false"');
    const notResource = actionOf(accessOf([allow('s3:GetObject', 'arn:aws:s3:::b/*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::a/*' }]), 's3:GetObject')!;
    assert.deepEqual(notResource.grants[0].limitedBy![0].notResources, ['arn:aws:s3:::a/*']);
    // NotResource that holds the grant's resource: the Deny does not reach it.
    assert.equal(actionOf(accessOf([allow('s3:GetObject', 'arn:aws:s3:::a/x'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::a/*' }]), 's3:GetObject')!.grants[0].limitedBy, undefined);
    const someone = actionOf(
      accessOf([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: '*' }), deny('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })], 'resource'),
      's3:GetObject',
    )!;
    assert.deepEqual(someone.grants[0].limitedBy![0].principals, ['AWS:arn:aws:iam::111122223333:root']);
    const everyone = accessOf([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: '*' }), deny('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: '*' })], 'resource');
    assert.equal(everyone.total, 0);
  });

  it('notes nothing for a Deny on resources the grant cannot reach', () => {
    const access = accessOf([allow('s3:GetObject', 'arn:aws:s3:::a/*'), deny('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    assert.equal(actionOf(access, 's3:GetObject')!.grants[0].limitedBy, undefined);
  });

  it('subtracts a NotResource grant only under a Deny of every resource', () => {
    const grant = { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' };
    assert.equal(accessOf([grant, deny('s3:GetObject')]).total, 0);
    assert.deepEqual(actionOf(accessOf([grant, deny('s3:GetObject', 'arn:aws:s3:::x/*')]), 's3:GetObject')!.grants[0].notResources, ['arn:aws:s3:::secret/*']);
  });
});

/** Every string over `letters` of length up to `max`. */
function strings(letters: string, max: number): string[] {
  const out = [''];
  for (let i = 0, level = ['']; i < max; i++) {
    level = level.flatMap((s) => [...letters].map((c) => s + c));
    out.push(...level);
  }
  return out;
}

describe('resource containment', () => {
  it('decides the cases of IAM patterns', () => {
    const cases: [string, string, boolean][] = [
      ['*', 'arn:aws:s3:::b/*', true],
      ['arn:aws:s3:::*', 'arn:aws:s3:::b/*', true],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::*', false],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*', true],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', true],
      ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/*', false],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
      ['arn:aws:s3:::b*', 'arn:aws:s3:::b', true],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::B/x', false], // ARNs are case-sensitive
      ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/x', true],
      ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/?', true],
      ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
      ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', true],
      ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:111122223333:instance/*', true],
      ['arn:aws:ec2:*:111122223333:instance/*', 'arn:aws:ec2:*:*:instance/*', false],
      ['?*', '*?', true], // both at least one character: beyond a left-to-right match
      ['*?', '?*', true],
      ['*a*', '*?a*', true],
      ['*ab*', '*a*b*', false],
      ['a*b', 'a*c*b', true],
    ];
    for (const [outer, inner, expected] of cases) assert.equal(resourceCovers(outer, inner), expected, `${outer} contains ${inner}`);
  });

  it('reads policy variables as one value per request, of any length', () => {
    assert.equal(resourceCovers('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${aws:username}/x'), true);
    assert.equal(resourceCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/x'), true);
    assert.equal(resourceCovers('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/*'), false);
    assert.equal(resourceCovers('arn:aws:s3:::b/?/x', 'arn:aws:s3:::b/${aws:username}/x'), false);
    assert.equal(resourceCovers('arn:aws:s3:::b/${aws:userid}/*', 'arn:aws:s3:::b/${aws:username}/x'), false);
    // ${*} is a star character, not a wildcard.
    assert.equal(resourceCovers('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x'), false);
    assert.equal(resourceCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/${*}'), true);
    // Under Version 2008-10-17 the text is literal.
    assert.equal(resourceCovers('arn:aws:s3:::b/$*', 'arn:aws:s3:::b/${aws:username}', true, false), true);
    assert.equal(resourceCovers('arn:aws:s3:::b/$*', 'arn:aws:s3:::b/${aws:username}', true, true), false);
  });

  it('agrees with brute force on random patterns: containment and overlap', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const alphabet = ['a', 'b', '*', '?'];
    const pattern = () => Array.from({ length: Math.floor(next() * 4) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    // Patterns of up to 3 tokens: a counterexample, when there is one, is at most 7 characters long.
    const texts = strings('abc', 7);
    for (let n = 0; n < 400; n++) {
      const outer = pattern();
      const inner = pattern();
      const o = new WildcardPattern(outer, false);
      const i = new WildcardPattern(inner, false);
      const innerTexts = texts.filter((t) => i.test(t));
      const contained = innerTexts.every((t) => o.test(t));
      assert.equal(resourceCovers(outer, inner), contained, `${outer} contains ${inner}`);
      assert.equal(resourcesOverlap(outer, inner), innerTexts.some((t) => o.test(t)), `${outer} overlaps ${inner}`);
    }
  });

  it('tells apart patterns no resource matches both of', () => {
    assert.equal(resourcesOverlap('arn:aws:s3:::a*', 'arn:aws:s3:::b*'), false);
    assert.equal(resourcesOverlap('arn:aws:s3:::a*', 'arn:aws:s3:::*/x'), true);
    assert.equal(resourcesOverlap('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice'), true);
  });
});

describe('access diff', () => {
  const base = [allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/q/*'], { Sid: 'Read' })];

  it('finds nothing between a policy and itself, or one whose statements are merely reordered or split', () => {
    assert.deepEqual(diff(base, base), { added: [], removed: [] });
    const split = [allow('s3:ListBucket', ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/q/*']), allow('s3:GetObject', ['arn:aws:s3:::reports/q/*', 'arn:aws:s3:::reports'])];
    assert.deepEqual(diff(base, split), { added: [], removed: [] });
  });

  it('reports an added action', () => {
    const after = [allow(['s3:GetObject', 's3:ListBucket', 's3:PutObject'], ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/q/*'])];
    assert.deepEqual(diff(base, after), {
      added: ['s3:PutObject arn:aws:s3:::reports: action not granted before', 's3:PutObject arn:aws:s3:::reports/q/*: action not granted before'],
      removed: [],
    });
  });

  it('reports a widened resource as added, a narrowed one as removed only', () => {
    const wider = [allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'])];
    assert.deepEqual(diff(base, wider).added, ['s3:GetObject arn:aws:s3:::reports/*: resource not granted before', 's3:ListBucket arn:aws:s3:::reports/*: resource not granted before']);
    assert.deepEqual(diff(wider, base), {
      added: [],
      removed: ['s3:GetObject arn:aws:s3:::reports/*: resource no longer granted', 's3:ListBucket arn:aws:s3:::reports/*: resource no longer granted'],
    });
  });

  it('reports a removed or changed condition as added, an added or narrowed one as removed', () => {
    const guarded = [allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })];
    const open = [allow('s3:GetObject', 'arn:aws:s3:::b/*')];
    assert.deepEqual(diff(guarded, open), { added: ['s3:GetObject arn:aws:s3:::b/*: condition removed'], removed: [] });
    assert.deepEqual(diff(open, guarded), { added: [], removed: ['s3:GetObject arn:aws:s3:::b/*: condition added'] });
    const changed = [allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })];
    assert.deepEqual(diff(guarded, changed).added, ['s3:GetObject arn:aws:s3:::b/* if Bool aws:SecureTransport "false": condition changed']);
    // A further test ANDed to the same condition narrows it: nothing added.
    const narrower = [allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'red' } } })];
    assert.deepEqual(diff(guarded, narrower).added, []);
    // Fewer values of a negated operator widen it: reported.
    const notIn = (values: string[]) => [allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': values } } })];
    assert.equal(diff(notIn(['red', 'blue']), notIn(['red'])).added.length, 1);
  });

  it('reports an added Deny as removed access, and a dropped one as added', () => {
    const open = [allow('s3:*', 'arn:aws:s3:::b/*')];
    const guarded = [...open, deny('s3:DeleteObject'), deny('s3:GetObject', 'arn:aws:s3:::b/secret/*')];
    const d = diff(open, guarded);
    assert.deepEqual(d.added, []);
    assert.deepEqual(d.removed, ['s3:DeleteObject arn:aws:s3:::b/*: action no longer granted', 's3:GetObject arn:aws:s3:::b/*: a Deny now limits it']);
    assert.deepEqual(diff(guarded, open).added, ['s3:DeleteObject arn:aws:s3:::b/*: action not granted before', 's3:GetObject arn:aws:s3:::b/*: a Deny that limited it is gone or narrower']);
    // A Deny made unconditional limits at least as much as it did: nothing added.
    const conditional = [...open, deny('s3:GetObject', 'arn:aws:s3:::b/secret/*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })];
    assert.deepEqual(diff(conditional, [...open, deny('s3:GetObject', 'arn:aws:s3:::b/secret/*')]).added, []);
    assert.equal(diff([...open, deny('s3:GetObject', 'arn:aws:s3:::b/secret/*')], conditional).added.length, 1);
  });

  it('compares NotResource grants by what they leave out', () => {
    const except = (list: string[]) => [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: list }];
    assert.deepEqual(diff(except(['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']), except(['arn:aws:s3:::a/*'])).added, ['s3:GetObject * except arn:aws:s3:::a/*: resource not granted before']);
    assert.deepEqual(diff(except(['arn:aws:s3:::a/*']), except(['arn:aws:s3:::*'])).added, []);
    assert.deepEqual(diff([allow('s3:GetObject', 'arn:aws:s3:::c/*')], except(['arn:aws:s3:::a/*'])).added.length, 1);
    assert.deepEqual(diff(except(['arn:aws:s3:::a/*']), [allow('s3:GetObject', 'arn:aws:s3:::c/*')]).added, []);
  });

  it('reports a new principal of a resource-based policy', () => {
    const to = (principal: unknown) => [allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: principal })];
    const account = { AWS: 'arn:aws:iam::111122223333:root' };
    assert.deepEqual(diff(to(account), to({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] }), 'resource').added, [
      's3:GetObject arn:aws:s3:::b/* for AWS:arn:aws:iam::444455556666:root: principal not granted before',
    ]);
    assert.deepEqual(diff(to('*'), to(account), 'resource').added, []);
    assert.equal(diff(to(account), to('*'), 'resource').added.length, 1);
  });

  it('keeps unmatched Action patterns in the comparison', () => {
    assert.deepEqual(diff([allow('s3:GetObject')], [allow(['s3:GetObject', 's3:NewActionOfNextYear'])]).added, ['s3:NewActionOfNextYear *: action not granted before']);
  });
});

describe('access not granted and no public access', () => {
  it('finds the grants that reach an action pattern, a resource, or both; conditional ones included', () => {
    const access = accessOf([allow('iam:PassRole', 'arn:aws:iam::111122223333:role/app-*'), allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })]);
    assert.equal(accessNotGranted(access, [{ action: 'iam:*' }]).pass, false);
    assert.equal(accessNotGranted(access, [{ action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/admin' }]).pass, true);
    assert.equal(accessNotGranted(access, [{ action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/app-web' }]).pass, false);
    const s3 = accessNotGranted(access, [{ resource: 'arn:aws:s3:::b/payroll.csv' }]);
    assert.deepEqual(s3.violations.map((v) => v.action), ['s3:GetObject']);
    assert.equal(accessNotGranted(access, [{ action: 's3:PutObject' }, { resource: 'arn:aws:s3:::c/*' }]).pass, true);
    const except = accessOf([{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::public/*' }]);
    assert.equal(accessNotGranted(except, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::public/x' }]).pass, true);
    assert.equal(accessNotGranted(except, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::payroll/x' }]).pass, false);
  });

  it('finds public access in resource-based policies only, as the public-principal rule judges it', () => {
    const check = (statements: Statement[], type: PolicyType = 'resource') => {
      const { document, policy } = view(statements, type);
      return noPublicAccess(document, policy, catalog);
    };
    const open = check([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Sid: 'Public', Principal: '*' })]);
    assert.deepEqual([open.applies, open.pass, open.findings.map((f) => [f.statement.sid, f.actions])], [true, false, [['Public', ['s3:GetObject']]]]);
    assert.equal(check([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })]).pass, true);
    assert.equal(check([allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })]).pass, true);
    assert.equal(check([allow('s3:GetObject', 'arn:aws:s3:::b/*', { NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })]).pass, false);
    assert.equal(check([allow('s3:GetObject', 'arn:aws:s3:::b/*')], 'identity').applies, false);
  });
});
