// Condition checks of IAM Access Analyzer that the condition rules first missed (issue 15):
// variables under operators that take none, Null with a set operator, unknown service prefixes
// in keys, mixed value types, String operators on boolean keys, paired keys, badly quoted
// variable defaults, and global tag keys on actions that never carry them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeActions, fixOf, foundOf, validate } from '../helpers/core';

const found = foundOf;
const fix = fixOf;

/** The titles of the quick fixes for `code` at the marker. */
function fixTitles(code: string, marked: string): string[] {
  return codeActions(marked).actions.filter((a) => a.diagnostics?.some((d) => d.code === code)).map((a) => a.title);
}

const policy = (condition: string, action = '"s3:GetObject"', effect = 'Allow', resource = '"*"') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}, "Condition": ${condition}}]}`;

describe('variable-with-unsupported-operator', () => {
  it('reports a variable under Numeric, Date, Bool, IP address, Binary and Null operators, whatever the prefix or suffix', () => {
    const text = policy(
      '{"NumericLessThanIfExists": {"s3:max-keys": "${aws:PrincipalTag/max}"}, "DateGreaterThan": {"aws:CurrentTime": ["2026-01-01", "${aws:PrincipalTag/start}"]}, "Bool": {"aws:SecureTransport": "${aws:PrincipalTag/tls}"}, "NotIpAddress": {"aws:SourceIp": "${aws:PrincipalTag/ip}"}, "BinaryEquals": {"s3:x-amz-server-side-encryption-customer-key-MD5": "${aws:username}"}, "Null": {"aws:TokenIssueTime": "${aws:PrincipalTag/null}"}}',
    );
    assert.deepEqual(found('variable-with-unsupported-operator', text), [
      'variable-with-unsupported-operator: "${aws:PrincipalTag/max}"',
      'variable-with-unsupported-operator: "${aws:PrincipalTag/start}"',
      'variable-with-unsupported-operator: "${aws:PrincipalTag/tls}"',
      'variable-with-unsupported-operator: "${aws:PrincipalTag/ip}"',
      'variable-with-unsupported-operator: "${aws:username}"',
      'variable-with-unsupported-operator: "${aws:PrincipalTag/null}"',
    ]);
    assert.deepEqual(fixTitles('variable-with-unsupported-operator', policy('{"NumericLessThan": {"s3:max-keys": "|${aws:PrincipalTag/max}"}}')), []);
  });
  it('accepts variables under String and ARN operators, and plain values elsewhere', () => {
    const text = policy(
      '{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}, "ForAnyValue:StringLike": {"aws:TagKeys": "${aws:username}-*"}, "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:t"}, "NumericLessThan": {"s3:max-keys": "100"}, "Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}',
    );
    assert.deepEqual(found('variable-with-unsupported-operator', text), []);
  });
});

describe('null-with-set-operator', () => {
  it('reports ForAllValues:Null and ForAnyValue:Null, and offers plain Null', () => {
    assert.deepEqual(found('null-with-set-operator', policy('{"ForAllValues:Null": {"aws:TagKeys": "false"}, "ForAnyValue:Null": {"aws:RequestTag/team": "true"}}')), [
      'null-with-set-operator: "ForAllValues:Null"',
      'null-with-set-operator: "ForAnyValue:Null"',
    ]);
    assert.equal(fix('null-with-set-operator', policy('{"|ForAllValues:Null": {"aws:TagKeys": "false"}}'), "Change to 'Null'"), policy('{"Null": {"aws:TagKeys": "false"}}'));
  });
  it('offers no fix when the Condition already has a Null block, and accepts plain Null', () => {
    assert.deepEqual(fixTitles('null-with-set-operator', policy('{"|ForAnyValue:Null": {"aws:TagKeys": "false"}, "Null": {"aws:SourceIp": "true"}}')), []);
    assert.deepEqual(found('null-with-set-operator', policy('{"Null": {"aws:TagKeys": "false"}, "ForAllValues:StringEquals": {"aws:TagKeys": "team"}}')), []);
  });
});

describe('unknown-condition-key: unknown service prefixes', () => {
  it('reports a key whose prefix is no service, with a did-you-mean to a known key', () => {
    assert.deepEqual(found('unknown-condition-key', policy('{"StringEquals": {"foo:Bar": "x", "s4:prefix": "home/", "deeplens:Thing": "x"}}')), [
      'unknown-condition-key: "foo:Bar"',
      'unknown-condition-key: "s4:prefix"',
      'unknown-condition-key: "deeplens:Thing"',
    ]);
    assert.equal(fix('unknown-condition-key', policy('{"StringEquals": {"|s4:prefix": "home/"}}'), "Did you mean 's3:prefix'?"), policy('{"StringEquals": {"s3:prefix": "home/"}}'));
  });
  it('accepts identity-provider keys, keys a service defines under another prefix, and prefixes the statement acts on', () => {
    const text = policy(
      '{"StringEquals": {"saml:aud": "x", "accounts.google.com:aud": "x", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub": "system:serviceaccount:a:b", "www.amazon.com:app_id": "x", "catalog:ChangeType": "AddRevision"}}',
      '"aws-marketplace:StartChangeSet"',
    );
    assert.deepEqual(found('unknown-condition-key', text), []);
    // The prefix of the statement's own (unknown) actions: unknown-service reports those.
    assert.deepEqual(found('unknown-condition-key', policy('{"StringEquals": {"deepracer:UserToken": "true"}}', '"deepracer:GetModel"')), []);
  });
});

describe('malformed-condition: mixed value types', () => {
  it('reports a list mixing JSON types once, on its first odd value, and writes all values as strings', () => {
    assert.deepEqual(found('malformed-condition', policy('{"StringEquals": {"aws:SourceAccount": ["111122223333", 444455556666, true]}}')), ['malformed-condition: 444455556666']);
    assert.deepEqual(found('malformed-condition', policy('{"NumericLessThan": {"s3:max-keys": [10, "20"]}}')), ['malformed-condition: "20"']);
    assert.equal(
      fix('malformed-condition', policy('{"StringEquals": {"aws:SourceAccount": ["111122223333", |444455556666, true]}}'), "Write the values of 'aws:SourceAccount' as strings"),
      policy('{"StringEquals": {"aws:SourceAccount": ["111122223333", "444455556666", "true"]}}'),
    );
  });
  it('accepts lists of one type, scalars, and leaves null items to the shape check', () => {
    const text = policy('{"StringEquals": {"aws:SourceAccount": ["111122223333", "444455556666"], "s3:prefix": "home/"}, "NumericLessThan": {"s3:max-keys": [10, 20]}, "Bool": {"aws:SecureTransport": [true]}}');
    assert.deepEqual(found('malformed-condition', text), []);
    assert.deepEqual(found('malformed-condition', policy('{"StringEquals": {"aws:SourceAccount": ["111122223333", null]}}')), ['malformed-condition: null']);
  });
});

describe('operator-type-mismatch: String operators on boolean keys', () => {
  it('reports StringEquals on a boolean key and offers Bool', () => {
    assert.deepEqual(found('operator-type-mismatch', policy('{"StringEquals": {"aws:MultiFactorAuthPresent": "true"}, "StringLike": {"aws:SecureTransport": "t*"}}')), [
      'operator-type-mismatch: "aws:MultiFactorAuthPresent"',
      'operator-type-mismatch: "aws:SecureTransport"',
    ]);
    assert.equal(fix('operator-type-mismatch', policy('{"StringEquals": {"|aws:MultiFactorAuthPresent": "true"}}'), "Change the operator to 'Bool'"), policy('{"Bool": {"aws:MultiFactorAuthPresent": "true"}}'));
  });
  it('still accepts Bool on boolean keys and String operators on ARN keys', () => {
    assert.deepEqual(found('operator-type-mismatch', policy('{"Bool": {"aws:MultiFactorAuthPresent": "true"}, "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}')), []);
  });
});

describe('missing-paired-condition-key', () => {
  it('reports aws:VpcSourceIp without aws:SourceVpc or aws:SourceVpce, in an Allow or under a negated operator in a Deny', () => {
    assert.deepEqual(found('missing-paired-condition-key', policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}')), ['missing-paired-condition-key: "aws:VpcSourceIp"']);
    assert.deepEqual(found('missing-paired-condition-key', policy('{"NotIpAddress": {"aws:vpcsourceip": "10.0.0.0/16"}}', '"s3:*"', 'Deny')), ['missing-paired-condition-key: "aws:vpcsourceip"']);
  });
  it('accepts the key next to any partner, under any operator, and a Deny that only gets broader', () => {
    assert.deepEqual(found('missing-paired-condition-key', policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}')), []);
    assert.deepEqual(found('missing-paired-condition-key', policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEqualsIfExists": {"AWS:SOURCEVPCE": "vpce-1a2b3c4d"}}')), []);
    assert.deepEqual(found('missing-paired-condition-key', policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}', '"s3:*"', 'Deny')), []);
    assert.deepEqual(found('missing-paired-condition-key', policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}')), []);
  });
});

describe('invalid-policy-variable: default values', () => {
  it('reports a default value without single quotes, or in double quotes, and quotes it', () => {
    const text = policy('{"StringEquals": {"aws:PrincipalTag/a": "${aws:username, anonymous}", "aws:PrincipalTag/b": "${aws:username, \'anonymous}", "aws:PrincipalTag/c": "${aws:username, \\"anonymous\\"}"}}');
    assert.deepEqual(found('invalid-policy-variable', text), [
      'invalid-policy-variable: anonymous',
      "invalid-policy-variable: 'anonymous",
      'invalid-policy-variable: \\"anonymous\\"',
    ]);
    assert.equal(
      fix('invalid-policy-variable', policy('{"StringEquals": {"aws:PrincipalTag/a": "${aws:username, |anonymous}"}}'), "Write the default value as 'anonymous'"),
      policy('{"StringEquals": {"aws:PrincipalTag/a": "${aws:username, \'anonymous\'}"}}'),
    );
    assert.equal(
      fix('invalid-policy-variable', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team, \\"|none\\"}/*"}]}', "Write the default value as 'none'"),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team, \'none\'}/*"}]}',
    );
  });
  it('accepts single-quoted defaults, with or without the space, and variables without a default', () => {
    const text = policy('{"StringEquals": {"aws:PrincipalTag/a": "${aws:username, \'anonymous\'}", "aws:PrincipalTag/b": "${aws:username,\'x\'}", "aws:PrincipalTag/c": "${aws:username}"}}');
    assert.deepEqual(found('invalid-policy-variable', text), []);
  });
});

describe('condition-key-not-applicable: global tag keys', () => {
  it('reports a tag key that no action of the statement carries, in an Allow and in a Deny', () => {
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}', '"s3:ListAllMyBuckets"')), [
      'condition-key-not-applicable: "aws:ResourceTag/team"',
    ]);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}', '"kms:DescribeKey"', 'Deny')), [
      'condition-key-not-applicable: "aws:TagKeys"',
    ]);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"Null": {"aws:RequestTag/team": "false"}}', '"ec2:DescribeInstances"')), [
      'condition-key-not-applicable: "aws:RequestTag/team"',
    ]);
  });
  it('names the services none of whose actions carry the key, and offers no fix', () => {
    const text = policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}', '["ec2:TerminateInstances", "s3:ListAllMyBuckets"]', 'Deny');
    const reported = validate(text).filter((d) => d.code === 'condition-key-not-applicable');
    assert.deepEqual(reported.map((d) => d.text), ['"aws:ResourceTag/team"']);
    assert.match(String(reported[0].message), /the 's3' actions of this statement, so this Deny never denies them/);
    // Which statement the actions belong in is the author's choice.
    assert.deepEqual(fixTitles('condition-key-not-applicable', policy('{"StringEquals": {"|aws:ResourceTag/team": "blue"}}', '"s3:ListAllMyBuckets"')), []);
  });
  it('reports a tag condition with NotAction, which always covers actions without tags', () => {
    const text = policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}', '"iam:*"', 'Deny').replace('"Action"', '"NotAction"');
    assert.deepEqual(found('condition-key-not-applicable', text), ['condition-key-not-applicable: "aws:ResourceTag/team"']);
  });
  it('is silent when every service of the statement carries the key, or when absence makes the condition hold', () => {
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}', '["ec2:TerminateInstances", "ec2:DescribeInstances"]')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"aws:RequestTag/team": "blue"}, "ForAllValues:StringEquals": {"aws:TagKeys": "team"}}', '"ec2:RunInstances"')), []);
    const tolerant = '{"StringNotEquals": {"aws:ResourceTag/team": "blue"}, "StringEqualsIfExists": {"aws:ResourceTag/env": "dev"}, "ForAllValues:StringEquals": {"aws:TagKeys": "team"}, "Null": {"aws:RequestTag/team": "true"}}';
    assert.deepEqual(found('condition-key-not-applicable', policy(tolerant, '"s3:ListAllMyBuckets"')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"aws:ResourceTag/team": "blue"}}', '"*"')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"aws:PrincipalTag/team": "blue"}}', '"s3:ListAllMyBuckets"')), []);
  });
});

describe('condition-key-not-applicable: keys that only some actions support', () => {
  const reported = (text: string) => validate(text).filter((d) => d.code === 'condition-key-not-applicable');

  it('names the actions that never carry the key, in an Allow and in a Deny', () => {
    const allow = reported(policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:ListBucket", "s3:GetObject"]', 'Allow', '["arn:aws:s3:::b", "arn:aws:s3:::b/*"]'));
    assert.deepEqual(allow.map((d) => d.text), ['"s3:prefix"']);
    assert.match(String(allow[0].message), /never in the request for 's3:GetObject', so this Allow never grants it/);
    const deny = reported(policy('{"StringEquals": {"ec2:ResourceTag/team": "blue"}}', '["ec2:TerminateInstances", "ec2:DescribeInstances"]', 'Deny'));
    assert.deepEqual(deny.map((d) => d.text), ['"ec2:ResourceTag/team"']);
    assert.match(String(deny[0].message), /'ec2:DescribeInstances', so this Deny never denies it/);
  });
  it('judges actions of another service, and names a few of many', () => {
    const text = policy('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '["ec2:RunInstances", "s3:GetObject", "s3:PutObject", "sqs:SendMessage", "sns:Publish"]');
    assert.match(String(reported(text)[0]?.message), /'s3:GetObject', 's3:PutObject', 'sqs:SendMessage' and 1 more, so this Allow never grants them/);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}', '["iam:PassRole", "iam:GetRole"]')), [
      'condition-key-not-applicable: "iam:PassedToService"',
    ]);
  });
  it('counts a wildcard as one item, named only when none of its actions carries the key', () => {
    assert.match(String(reported(policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:ListBucket", "s3:Get*"]'))[0]?.message), /for 's3:Get\*', so/);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:List*", "s3:GetObject*"]')), [
      'condition-key-not-applicable: "s3:prefix"',
    ]);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/"}}', '"s3:List*"')), []);
    // ec2:*Instances holds TerminateInstances, which carries the key, and DescribeInstances, which does not.
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:ResourceTag/team": "blue"}}', '"ec2:*Instances"')), []);
  });
  it('is silent when absence makes the condition hold', () => {
    const tolerant = '{"StringLikeIfExists": {"s3:prefix": "home/"}, "StringNotLike": {"s3:prefix": "tmp/"}, "ForAllValues:StringLike": {"s3:prefix": "home/"}, "Null": {"s3:prefix": "true"}}';
    assert.deepEqual(found('condition-key-not-applicable', policy(tolerant, '["s3:ListBucket", "s3:GetObject"]')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"Null": {"s3:prefix": "false"}}', '["s3:ListBucket", "s3:GetObject"]')), [
      'condition-key-not-applicable: "s3:prefix"',
    ]);
  });
  it('is silent when every action carries the key', () => {
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:ListBucket", "s3:ListBucketVersions"]')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:ResourceTag/team": "blue"}}', '["ec2:TerminateInstances", "ec2:StopInstances"]', 'Deny')), []);
  });
  it('does not judge request keys the catalogue may miss, nor actions it lists no key of the service for', () => {
    // redshift-data keys are request parameters; AWS's own policies test them on DescribeStatement.
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"redshift-data:glue-catalog-arn": "arn:aws:glue:*:*:catalog/*"}}', '["redshift-data:ExecuteStatement", "redshift-data:DescribeStatement", "redshift-serverless:GetManagedWorkgroup"]')), []);
    // deadline:SearchWorkers lists neither keys nor resource types.
    assert.deepEqual(found('condition-key-not-applicable', policy('{"ForAnyValue:StringEquals": {"deadline:FarmMembershipLevels": "OWNER"}}', '["deadline:ListWorkers", "deadline:SearchWorkers"]')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:ListBucket", "s3:GetObject"]').replace('"Action"', '"NotAction"')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/"}}', '["s3:ListBucket", "s3:NoSuchAction"]')), []);
  });
});

describe('date-not-iso', () => {
  it('reports epoch seconds under a Date operator, with a fix to the same instant in ISO 8601', () => {
    assert.deepEqual(found('date-not-iso', policy('{"DateLessThan": {"aws:CurrentTime": ["1735689600", 1767225600]}}')), ['date-not-iso: "1735689600"', 'date-not-iso: 1767225600']);
    assert.equal(fix('date-not-iso', policy('{"DateLessThan": {"aws:CurrentTime": "|1735689600"}}'), "Write it as '2025-01-01T00:00:00Z'"), policy('{"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}}'));
    assert.equal(fix('date-not-iso', policy('{"DateGreaterThan": {"aws:TokenIssueTime": |1767225600}}'), "Write it as '2026-01-01T00:00:00Z'"), policy('{"DateGreaterThan": {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}}'));
  });
  it('accepts ISO 8601 dates and numbers under other operators', () => {
    assert.deepEqual(found('date-not-iso', policy('{"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}, "NumericLessThan": {"s3:max-keys": "1735689600"}}')), []);
  });
});

describe('redundant-condition-value', () => {
  it('reports the values of a Numeric bound that the widest one implies, with a removal fix', () => {
    assert.deepEqual(found('redundant-condition-value', policy('{"NumericLessThanEquals": {"s3:max-keys": ["10", "100", "50"]}}')), ['redundant-condition-value: "10"', 'redundant-condition-value: "50"']);
    assert.deepEqual(found('redundant-condition-value', policy('{"NumericGreaterThan": {"s3:max-keys": [5, 1]}}')), ['redundant-condition-value: 5']);
    assert.equal(fix('redundant-condition-value', policy('{"NumericLessThan": {"s3:max-keys": ["|10", "100"]}}'), 'Remove the redundant value'), policy('{"NumericLessThan": {"s3:max-keys": ["100"]}}'));
  });
  it('leaves equality, negated and set operators, single values and values that are no number alone', () => {
    for (const condition of [
      '{"NumericEquals": {"s3:max-keys": ["10", "100"]}}',
      '{"NumericNotEquals": {"s3:max-keys": ["10", "100"]}}',
      '{"ForAnyValue:NumericLessThan": {"s3:max-keys": ["10", "100"]}}',
      '{"NumericLessThan": {"s3:max-keys": "10"}}',
      '{"NumericLessThan": {"s3:max-keys": ["10", "${aws:PrincipalTag/limit}"]}}',
    ]) {
      assert.deepEqual(found('redundant-condition-value', policy(condition)), [], condition);
    }
  });
  it('reports a value listed twice (without case under IgnoreCase), a StringLike match and an address range another value takes in', () => {
    assert.deepEqual(found('redundant-condition-value', policy('{"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-9f8e7d6c", "vpce-1a2b3c4d"]}}')), ['redundant-condition-value: "vpce-1a2b3c4d"']);
    assert.deepEqual(found('redundant-condition-value', policy('{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": ["Blue", "blue"]}}')), ['redundant-condition-value: "blue"']);
    assert.deepEqual(found('redundant-condition-value', policy('{"StringLike": {"s3:prefix": ["home/docs/*", "home/*", "shared/a?c", "shared/abc"]}}')), [
      'redundant-condition-value: "home/docs/*"',
      'redundant-condition-value: "shared/abc"',
    ]);
    assert.deepEqual(found('redundant-condition-value', policy('{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/24", "10.0.0.5/32", "192.0.2.0/24"]}}')), ['redundant-condition-value: "10.0.0.5/32"']);
    assert.match(String(validate(policy('{"StringLike": {"s3:prefix": ["home/*", "home/docs/*"]}}')).find((d) => d.code === 'redundant-condition-value')?.message), /'home\/docs\/\*' adds nothing: StringLike 'home\/\*' already takes it in/);
    assert.equal(fix('redundant-condition-value', policy('{"IpAddress": {"aws:SourceIp": ["10.0.0.0/16", "|10.0.1.0/24"]}}'), 'Remove the redundant value'), policy('{"IpAddress": {"aws:SourceIp": ["10.0.0.0/16"]}}'));
  });
  it('keeps distinct values, the first of two ranges or patterns that take each other in, case under StringEquals, and ARN patterns', () => {
    for (const condition of [
      '{"StringEquals": {"aws:PrincipalTag/team": ["Blue", "blue"]}}',
      '{"StringLike": {"s3:prefix": ["home/*", "shared/*"]}}',
      '{"StringLike": {"s3:prefix": ["home/${aws:username}/*", "home/bob/*"]}}',
      '{"ArnLike": {"aws:SourceArn": ["arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:t"]}}',
      '{"IpAddress": {"aws:SourceIp": ["10.0.0.0/24", "10.0.1.0/24"]}}',
    ]) {
      assert.deepEqual(found('redundant-condition-value', policy(condition)), [], condition);
    }
    assert.deepEqual(found('redundant-condition-value', policy('{"IpAddress": {"aws:SourceIp": ["10.0.0.0/24", "10.0.0.1/24"]}}')), ['redundant-condition-value: "10.0.0.1/24"']);
  });
});
