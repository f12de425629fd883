import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findings } from '../helpers/core';

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('must-not-grant', () => {
  const forbidden = { mustNotGrant: [{ action: 'iam:CreateUser' }, { action: 's3:Delete*', resource: 'arn:aws:s3:::prod-*' }] };
  const found = (text: string, settings: object = forbidden) => findings(text, settings).filter((f) => f.startsWith('must-not-grant: '));

  it('reports the Action item that grants forbidden access, wildcards and NotAction included', () => {
    assert.deepEqual(found(policy([{ Effect: 'Allow', Action: ['iam:Get*', 'iam:Create*'], Resource: '*' }])), ['must-not-grant: "iam:Create*"']);
    assert.deepEqual(found(policy([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }])), ['must-not-grant: "s3:*"']);
    assert.deepEqual(found(policy([{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::*/*' }])), ['must-not-grant: "s3:DeleteObject"']);
  });

  it('is silent on other resources, on Deny, on policies that only limit, and without the setting', () => {
    assert.deepEqual(found(policy([{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::test-bucket/*' }])), []);
    assert.deepEqual(found(policy([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }])), []);
    assert.deepEqual(found(policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]), { ...forbidden, policyType: 'scp' }), []);
    assert.deepEqual(found(policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]), {}), []);
  });
});
