import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exposureActions } from '../../server/src/core/data/crossAccountExposure';
import { catalog, findings, validate } from '../helpers/core';

const only = (code: string, text: string, settings?: Parameters<typeof findings>[1]) => findings(text, settings).filter((f) => f.startsWith(`${code}: `));
const wrap = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;
const stmt = (effect: string, action: string, resource = '"*"', extra = '') => `{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}${extra}}`;
const message = (code: string, text: string): string => {
  const d = validate(text).find((x) => x.code === code);
  assert.ok(d, `no ${code} finding in ${text}`);
  return typeof d.message === 'string' ? d.message : d.message.value;
};

/** One concrete ARN of the action's first resource type: every placeholder filled in. */
function namedResource(action: string): string | undefined {
  const info = catalog.getAction(action);
  const type = info?.resourceTypes[0];
  const arn = type && catalog.getService(info.service)?.getResourceType(type.name)?.arn.split(/,\s*/)[0];
  if (!arn) return undefined;
  const values: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '111122223333' };
  return arn.replace(/\$\{([^}]*)\}/g, (_, name: string) => values[name] ?? 'example');
}

describe('cross-account-exposure', () => {
  it('knows every action of its table', () => {
    for (const { action } of exposureActions) assert.ok(catalog.getAction(action), `${action} is not in the catalogue`);
  });

  it('reports each resource-policy setter allowed on "*", saying what the principal can do', () => {
    for (const { action, does } of exposureActions) {
      const text = wrap(stmt('Allow', `"${action}"`));
      assert.deepEqual(only('cross-account-exposure', text), [`cross-account-exposure: "${action}"`], action);
      assert.equal(message('cross-account-exposure', text), `'${action}' on "Resource": "*" lets the principal ${does}; name the resources.`);
    }
  });

  it('names what the brief example can do with a bucket, a queue and a key', () => {
    const text = wrap(stmt('Allow', '["s3:PutBucketPolicy", "sqs:SetQueueAttributes", "kms:PutKeyPolicy"]'));
    assert.match(message('cross-account-exposure', text), /bucket policy of any S3 bucket, making its objects readable or writable by any AWS account or by everyone/);
    assert.equal(only('cross-account-exposure', text).length, 3);
  });

  it('is silent on a named resource of each setter', () => {
    for (const { action } of exposureActions) {
      const arn = namedResource(action);
      if (!arn) continue; // the action takes only "*"
      assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', `"${action}"`, `"${arn}"`))), [], `${action} on ${arn}`);
    }
  });

  it('counts a pattern that matches every resource of the action as "*", one account\'s resources not', () => {
    const every = wrap(stmt('Allow', '"sqs:SetQueueAttributes"', '"arn:aws:sqs:*:*:*"'));
    assert.deepEqual(only('cross-account-exposure', every), ['cross-account-exposure: "sqs:SetQueueAttributes"']);
    assert.match(message('cross-account-exposure', every), /^'sqs:SetQueueAttributes' on 'arn:aws:sqs:\*:\*:\*' \(every resource of the action\)/);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"sqs:SetQueueAttributes"', '"arn:aws:sqs:us-east-1:111122223333:*"'))), []);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"s3:PutBucketPolicy"', '"arn:aws:s3:::*"'))), ['cross-account-exposure: "s3:PutBucketPolicy"']);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"s3:PutBucketPolicy"', '"arn:aws:s3:::app-*"'))), []);
  });

  it('counts wildcards that cover a setter, once per entry; leaves a whole service to service-wildcard and Action "*" to full-admin', () => {
    const put = wrap(stmt('Allow', '["s3:GetObject", "s3:Put*"]'));
    assert.deepEqual(only('cross-account-exposure', put), ['cross-account-exposure: "s3:Put*"']);
    assert.match(message('cross-account-exposure', put), /^'s3:Put\*' on "Resource": "\*" allows 6 actions that open resources to other accounts \(s3:PutBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl, /);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"sqs:*"'))), []);
    assert.deepEqual(only('service-wildcard', wrap(stmt('Allow', '"sqs:*"'))), ['service-wildcard: "sqs:*"']);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"sqs:Set*"'))), ['cross-account-exposure: "sqs:Set*"']);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"s3:Get*"'))), []);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"*"'))), []);
  });

  it('is silent on Deny, and when an unconditional Deny on "*" takes the action away', () => {
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Deny', '"s3:PutBucketPolicy"'))), []);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"s3:PutBucketPolicy"'), stmt('Deny', '"s3:PutBucket*"'))), []);
    const conditional = wrap(stmt('Allow', '"s3:PutBucketPolicy"'), stmt('Deny', '"s3:PutBucket*"', '"*"', ', "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}'));
    assert.deepEqual(only('cross-account-exposure', conditional), ['cross-account-exposure: "s3:PutBucketPolicy"']);
  });

  it('is silent when a condition limits whom the policy may name, not when it only excludes someone', () => {
    const limited = (operator: string, key: string, value: string) => wrap(stmt('Allow', '"lambda:AddPermission"', '"*"', `, "Condition": {"${operator}": {"${key}": ${value}}}`));
    assert.deepEqual(only('cross-account-exposure', limited('StringEquals', 'lambda:Principal', '"s3.amazonaws.com"')), []);
    assert.deepEqual(only('cross-account-exposure', limited('StringNotEquals', 'lambda:Principal', '"*"')).length, 1);
    assert.deepEqual(only('cross-account-exposure', limited('StringLike', 'lambda:Principal', '"*"')).length, 1);
    const ram = wrap(stmt('Allow', '"ram:CreateResourceShare"', '"*"', ', "Condition": {"Bool": {"ram:RequestedAllowsExternalPrincipals": "false"}}'));
    assert.deepEqual(only('cross-account-exposure', ram), []);
    assert.equal(only('cross-account-exposure', ram.replace('"false"', '"true"')).length, 1);
    // A condition that names the resources, as AWS's KafkaServiceRolePolicy does.
    const secrets = wrap(stmt('Allow', '"secretsmanager:PutResourcePolicy"', '"*"', ', "Condition": {"ArnLike": {"secretsmanager:SecretId": "arn:*:secretsmanager:*:*:secret:AmazonMSK_*"}}'));
    assert.deepEqual(only('cross-account-exposure', secrets), []);
  });

  it('is silent in resource policies (there "*" is the resource itself) and ceiling policies', () => {
    const keyPolicy = wrap('{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}');
    assert.deepEqual(only('cross-account-exposure', keyPolicy), []);
    assert.deepEqual(only('cross-account-exposure', wrap(stmt('Allow', '"s3:PutBucketPolicy"')), { policyType: 'scp' }), []);
  });
});

describe('catalogue additions: CloudFormation transforms', () => {
  const changeSet = (arn: string, action = 'cloudformation:CreateChangeSet') => wrap(stmt('Allow', `"${action}"`, `"${arn}"`));
  const SAM = 'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31';

  it('has the transform resource type, taken by cloudformation:CreateChangeSet', () => {
    assert.equal(catalog.getService('cloudformation')?.getResourceType('transform')?.arn, 'arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}');
    const types = catalog.getAction('cloudformation:CreateChangeSet')?.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`);
    assert.deepEqual(types, ['stack*', 'transform']);
  });

  it('accepts the SAM transform ARN of the CloudFormation user guide', () => {
    assert.deepEqual(findings(changeSet(SAM)), []);
    assert.deepEqual(findings(changeSet('arn:aws:cloudformation:*:aws:transform/Serverless-2016-10-31')), []);
    // Stack and transform in one statement, as SAM deployment policies write them.
    assert.deepEqual(only('resource-mismatch', changeSet(SAM).replace(`"${SAM}"`, `["arn:aws:cloudformation:us-east-1:111122223333:stack/app/*", "${SAM}"]`)), []);
  });

  it('still judges other transform ARNs: any name fits, another action or a wrong path does not', () => {
    assert.deepEqual(only('resource-mismatch', changeSet('arn:aws:cloudformation:us-east-1:aws:transform/MyCompanyMacro')), []);
    assert.deepEqual(only('resource-mismatch', changeSet(SAM, 'cloudformation:CreateStack')), [`resource-mismatch: "${SAM}"`]);
    assert.deepEqual(only('resource-mismatch', changeSet('arn:aws:cloudformation:us-east-1:aws:transforms/Serverless-2016-10-31')), [
      'resource-mismatch: "arn:aws:cloudformation:us-east-1:aws:transforms/Serverless-2016-10-31"',
    ]);
  });
});
