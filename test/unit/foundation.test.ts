import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, applyCompletion, catalog, codeActions, complete, doc, findings, hover, service } from '../helpers/core';

describe('catalogue', () => {
  it('holds the whole IAM data set', () => {
    assert.ok(catalog.counts.services >= 400, `services: ${catalog.counts.services}`);
    assert.ok(catalog.counts.actions >= 20000, `actions: ${catalog.counts.actions}`);
    assert.equal(catalog.getAction('s3:getobject')?.fullName, 's3:GetObject');
    assert.match(catalog.source.version, /^\d+\.\d+\.\d+/);
  });

  it('matches wildcards as IAM does, including mid-name wildcards', () => {
    assert.ok(catalog.matchActions('iam:List*Tags').some((a) => a.name === 'ListRoleTags'));
    assert.ok(catalog.matchActions('S3:get*').every((a) => a.name.startsWith('Get')));
    assert.equal(catalog.matchActions('s3:Nope*').length, 0);
  });

  it('never resolves prototype keys or path-like prefixes as services', () => {
    for (const prefix of ['__proto__', 'constructor', '../../etc', 'hasOwnProperty', '']) {
      assert.equal(catalog.getService(prefix), undefined, prefix);
      assert.equal(catalog.getAction(`${prefix}:GetObject`), undefined, prefix);
    }
  });

  it('finds condition keys with tag suffixes', () => {
    assert.equal(catalog.findConditionKey('aws:RequestTag/team')?.key, 'aws:RequestTag/${TagKey}');
    assert.equal(catalog.findConditionKey('s3:prefix')?.type, 'String');
    assert.equal(catalog.findConditionKey('s3:ExistingObjectTag/team')?.key, 's3:ExistingObjectTag/<key>');
    assert.equal(catalog.findConditionKey('s3:ExistingObjectTag'), undefined);
  });
});

describe('policy detection', () => {
  it('ignores JSON that is not a policy', () => {
    for (const text of ['{"name": "x", "version": "1.0.0"}', '[1,2]', '', '\u0000\u0001garbage', '{"Version": "1.0"}']) {
      const document = doc(text);
      const policy = service.parsePolicy(document);
      assert.equal(policy.isPolicy, false, text);
      assert.deepEqual(service.doValidation(document, policy), []);
    }
  });

  it('infers identity, resource and trust policies from content', () => {
    const type = (text: string) => service.parsePolicy(doc(text)).policyType;
    assert.equal(type('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'), 'identity');
    assert.equal(type('{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"}}'), 'resource');
    assert.equal(type('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'), 'trust');
    assert.equal(service.parsePolicy(doc('{"Statement": []}'), { policyType: 'scp' }).policyType, 'scp');
  });
});

describe('first slice', () => {
  it('completes service prefixes and actions after svc:', () => {
    const prefixes = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s|"}]}').items;
    assert.ok(prefixes.some((i) => i.label === 's3' && i.detail === 'Amazon S3'));
    const { items, document } = complete('{"Statement": [{"Effect": "Allow", "Action": "s3:Get|"}]}');
    const item = items.find((i) => i.label === 's3:GetObject');
    assert.ok(item, 'offers s3:GetObject');
    assert.equal(applyCompletion(document, item), '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}');
    assert.ok(items.some((i) => i.label === 's3:Get*'), 'offers the wildcard of the typed prefix');
  });

  it('does not offer actions already listed in the same array', () => {
    const { items } = complete('{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get|"]}]}');
    assert.equal(items.some((i) => i.label === 's3:GetObject'), false);
  });

  it('hovers an action with its description, access level, resource types and condition keys', () => {
    const { markdown } = hover('{"Statement": [{"Effect": "Allow", "Action": ["s3:Get|Object"]}]}');
    assert.ok(markdown);
    assert.match(markdown, /\*\*s3:GetObject\*\* · Read/);
    assert.match(markdown, /- `object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
    assert.match(hover('{"Statement": {"Effect": "Allow", "Action": "s3:PutBucketPolic|y"}}').markdown ?? '', /- `bucket` \(required\)/);
    assert.match(markdown, /s3:ExistingObjectTag/);
    assert.match(markdown, /IAM data: @cloud-copilot\/iam-data/);
  });

  it('reports unknown actions and services on exactly the string, wildcards that match nothing included', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s4:GetObject", "s3:Nope*", "iam:List*Tags", "s3:*"], "Resource": "*"}]}';
    assert.deepEqual(
      findings(text).filter((f) => f.startsWith('unknown-')),
      ['unknown-service: "s4:GetObject"', 'unknown-action: "s3:GetObjekt"', 'unknown-action: "s3:Nope*"'],
    );
  });

  it('offers did-you-mean fixes that re-validate clean', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjek|t", "Resource": "arn:aws:s3:::b/*"}]}';
    const { actions, document } = codeActions(text);
    const fix = actions.find((a) => a.title === "Did you mean 's3:GetObject'?");
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const fixed = applyAction(document, fix);
    assert.equal(fixed, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}');
    assert.deepEqual(findings(fixed), []);
    const svc = codeActions('{"Statement": [{"Effect": "Allow", "Action": "s4:Get|Object", "Resource": "*"}]}');
    assert.equal(applyAction(svc.document, svc.actions[0]), '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  });

  it('respects severity overrides', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}]}';
    assert.deepEqual(findings(text), ['unknown-action: "s3:GetObjekt"']);
    assert.deepEqual(findings(text, { severity: { 'unknown-action': 'off' } }), []);
  });
});
