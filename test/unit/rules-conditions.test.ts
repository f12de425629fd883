import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeActions, fixOf, foundOf, validate } from '../helpers/core';

const found = foundOf;
const fix = fixOf;

/** No quick fix for `code` at the marker. */
function noFix(code: string, marked: string): void {
  const { actions } = codeActions(marked);
  assert.deepEqual(actions.filter((a) => a.diagnostics?.some((d) => d.code === code)).map((a) => a.title), []);
}

const policy = (condition: string, action = '"s3:GetObject"', effect = 'Allow', resource = '"*"') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}, "Condition": ${condition}}]}`;

describe('unknown-operator', () => {
  it('reports misspelt and wrongly cased operators, with did-you-mean fixes', () => {
    assert.deepEqual(found('unknown-operator', policy('{"StringEqual": {"aws:PrincipalTag/team": "blue"}, "stringLike": {"s3:prefix": "a*"}}')), [
      'unknown-operator: "StringEqual"',
      'unknown-operator: "stringLike"',
    ]);
    assert.equal(fix('unknown-operator', policy('{"|stringequalsifexists": {"aws:PrincipalTag/team": "blue"}}'), "Did you mean 'StringEqualsIfExists'?"), policy('{"StringEqualsIfExists": {"aws:PrincipalTag/team": "blue"}}'));
    assert.equal(fix('unknown-operator', policy('{"|ForAnyValue:StringEqual": {"aws:TagKeys": "a"}}'), "Did you mean 'ForAnyValue:StringEquals'?"), policy('{"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}'));
  });
  it('accepts every valid spelling, and leaves NullIfExists to its own code', () => {
    assert.deepEqual(found('unknown-operator', policy('{"ForAllValues:StringLikeIfExists": {"aws:TagKeys": "a*"}, "ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}, "Null": {"aws:TokenIssueTime": "true"}, "NullIfExists": {"aws:SourceIp": "true"}}')), []);
  });
});

describe('null-with-ifexists', () => {
  it('reports NullIfExists and drops the suffix', () => {
    assert.deepEqual(found('null-with-ifexists', policy('{"NullIfExists": {"aws:TokenIssueTime": "true"}}')), ['null-with-ifexists: "NullIfExists"']);
    assert.equal(fix('null-with-ifexists', policy('{"|NullIfExists": {"aws:TokenIssueTime": "true"}}'), "Change to 'Null'"), policy('{"Null": {"aws:TokenIssueTime": "true"}}'));
    assert.deepEqual(found('null-with-ifexists', policy('{"Null": {"aws:TokenIssueTime": "true"}}')), []);
  });
});

describe('unknown-condition-key', () => {
  it('reports unknown global keys and unknown keys of known services, with did-you-mean', () => {
    assert.deepEqual(found('unknown-condition-key', policy('{"IpAddress": {"aws:SorceIp": "203.0.113.0/24"}, "StringEquals": {"s3:prefx": "home/", "SourceIp": "x"}}')), [
      'unknown-condition-key: "aws:SorceIp"',
      'unknown-condition-key: "s3:prefx"',
      'unknown-condition-key: "SourceIp"',
    ]);
    assert.equal(fix('unknown-condition-key', policy('{"IpAddress": {"|aws:SorceIp": "203.0.113.0/24"}}'), "Did you mean 'aws:SourceIp'?"), policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'));
    assert.equal(fix('unknown-condition-key', policy('{"StringEquals": {"|aws:PrincipalTags/team": "a"}}'), "Did you mean 'aws:PrincipalTag/team'?"), policy('{"StringEquals": {"aws:PrincipalTag/team": "a"}}'));
  });
  it('accepts tag keys, any case, and provider keys', () => {
    const text = policy(
      '{"StringEquals": {"aws:principaltag/team": "a", "s3:ExistingObjectTag/owner": "me", "secretsmanager:ResourceTag/app": "x", "token.actions.githubusercontent.com:sub": "repo:o/r:*", "accounts.google.com:aud": "x", "saml:aud": "x", "cognito-identity.amazonaws.com:amr": "authenticated"}}',
    );
    assert.deepEqual(found('unknown-condition-key', text), []);
  });
});

describe('condition-key-not-applicable', () => {
  it('reports a key of another service that no action supports', () => {
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '["s3:GetObject", "s3:PutObject"]')), [
      'condition-key-not-applicable: "ec2:InstanceType"',
    ]);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/*"}}', '"s3:GetObject"')), ['condition-key-not-applicable: "s3:prefix"']);
  });
  it('is silent when an action, a wildcard match or NotAction may carry the key', () => {
    // ec2:RunInstances carries the key; s3:GetObject never does, so the statement never grants it (named, see rules-conditions-gaps).
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '["ec2:RunInstances", "ec2:StartInstances"]')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringLike": {"s3:prefix": "home/*"}}', '"s3:List*"')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '"*"')), []);
    assert.deepEqual(found('condition-key-not-applicable', policy('{"StringEquals": {"ec2:InstanceType": "t3.micro"}}', '"s3:GetObject"').replace('"Action"', '"NotAction"')), []);
  });
});

describe('operator-type-mismatch', () => {
  it('reports String operators on date, IP and number keys, with the matching operator as fix', () => {
    assert.deepEqual(found('operator-type-mismatch', policy('{"StringLike": {"aws:SourceIp": "203.0.113.*"}, "StringEquals": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}')), [
      'operator-type-mismatch: "aws:SourceIp"',
      'operator-type-mismatch: "aws:CurrentTime"',
    ]);
    assert.equal(fix('operator-type-mismatch', policy('{"StringNotEquals": {"|aws:SourceIp": "203.0.113.0/24"}}'), "Change the operator to 'NotIpAddress'"), policy('{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'));
    assert.equal(
      fix('operator-type-mismatch', policy('{"NumericLessThanIfExists": {"|aws:CurrentTime": "2026-01-01T00:00:00Z"}}'), "Change the operator to 'DateLessThanIfExists'"),
      policy('{"DateLessThanIfExists": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}'),
    );
  });
  it('offers no fix when other keys share the operator', () => {
    noFix('operator-type-mismatch', policy('{"StringEquals": {"|aws:SourceIp": "203.0.113.0/24", "aws:PrincipalTag/team": "a"}}'));
  });
  it('accepts String and Arn operators on ARN keys, Null on any key, Numeric on aws:EpochTime', () => {
    const text = policy(
      '{"StringLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:t"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}, "Null": {"aws:SourceIp": "true"}, "NumericLessThan": {"aws:EpochTime": "1700000000"}, "Bool": {"aws:SecureTransport": "true"}, "DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}}',
    );
    assert.deepEqual(found('operator-type-mismatch', text), []);
  });
  it('reports Arn operators on keys that hold no ARNs, and on values that are no ARN', () => {
    const text = policy(
      '{"ArnEquals": {"aws:SourceAccount": "111122223333"}, "ArnLike": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "ForAnyValue:ArnLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*"}, "ArnNotEquals": {"aws:RequestedRegion": "arn:aws:*:eu-west-1:*:*"}}',
    );
    assert.deepEqual(found('operator-type-mismatch', text), [
      'operator-type-mismatch: "aws:SourceAccount"',
      'operator-type-mismatch: "aws:PrincipalOrgID"',
      'operator-type-mismatch: "aws:PrincipalOrgPaths"',
      'operator-type-mismatch: "aws:RequestedRegion"',
    ]);
    // A String key that may hold ARNs, compared with a value that is no ARN.
    assert.deepEqual(found('operator-type-mismatch', policy('{"ArnLike": {"sns:Endpoint": "https://example.com/*"}}', '"sns:Subscribe"')), ['operator-type-mismatch: "sns:Endpoint"']);
    const message = validate(policy('{"ArnEquals": {"aws:SourceAccount": "111122223333"}}')).find((d) => d.code === 'operator-type-mismatch')?.message;
    assert.equal(message, "'aws:SourceAccount' holds no ARNs, but 'ArnEquals' compares ARNs component by component. Use 'StringEquals'.");
  });
  it('fixes Arn operators on non-ARN keys with the String operator, Like when a value has a wildcard', () => {
    assert.equal(fix('operator-type-mismatch', policy('{"ArnEquals": {"|aws:SourceAccount": "111122223333"}}'), "Change the operator to 'StringEquals'"), policy('{"StringEquals": {"aws:SourceAccount": "111122223333"}}'));
    assert.equal(fix('operator-type-mismatch', policy('{"ArnEquals": {"|aws:SourceAccount": ["111122223333", "4444*"]}}'), "Change the operator to 'StringLike'"), policy('{"StringLike": {"aws:SourceAccount": ["111122223333", "4444*"]}}'));
    assert.equal(fix('operator-type-mismatch', policy('{"ArnNotLikeIfExists": {"|aws:SourceVpc": "vpc-1a2b3c4d"}}'), "Change the operator to 'StringNotLikeIfExists'"), policy('{"StringNotLikeIfExists": {"aws:SourceVpc": "vpc-1a2b3c4d"}}'));
    assert.equal(
      fix('operator-type-mismatch', policy('{"ForAnyValue:ArnNotEquals": {"|aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}'), "Change the operator to 'ForAnyValue:StringNotEquals'"),
      policy('{"ForAnyValue:StringNotEquals": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}'),
    );
    noFix('operator-type-mismatch', policy('{"ArnEquals": {"|aws:SourceAccount": "111122223333", "aws:SourceArn": "arn:aws:sns:*:*:t"}}'));
  });
  it('accepts Arn operators on String keys that hold ARNs: tags, encryption context, aws:SourceVpcArn', () => {
    const text = policy(
      '{"ArnLike": {"aws:RequestTag/AmazonECSCreated": "arn:aws:ecs:*:*:task/*", "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "aws:SourceVpcArn": "arn:aws:ec2:*:*:vpc/*", "aws:ResourceTag/owner": "${aws:PrincipalArn}"}, "ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}, "ArnNotLike": {"aws:PrincipalArn": "*"}, "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}',
      '"kms:Decrypt"',
    );
    assert.deepEqual(found('operator-type-mismatch', text), []);
  });
});

describe('malformed-condition', () => {
  it('reports null, object and nested-array values, on the value', () => {
    const text = policy(
      '{"StringEquals": {"aws:SourceAccount": null, "aws:PrincipalOrgID": {"id": "o-a1b2c3d4e5"}, "aws:SourceVpc": ["vpc-1", null, ["vpc-2"], {}]}}',
    );
    assert.deepEqual(found('malformed-condition', text), [
      'malformed-condition: null',
      'malformed-condition: {"id": "o-a1b2c3d4e5"}',
      'malformed-condition: null',
      'malformed-condition: ["vpc-2"]',
      'malformed-condition: {}',
    ]);
  });
  it('reports a Condition or an operator block that is not an object', () => {
    assert.deepEqual(found('malformed-condition', policy('[{"StringEquals": {"aws:SourceAccount": "111122223333"}}]')), ['malformed-condition: [{"StringEquals": {"aws:SourceAccount": "111122223333"}}]']);
    assert.deepEqual(found('malformed-condition', policy('null')), ['malformed-condition: null']);
    assert.deepEqual(found('malformed-condition', policy('{"StringEquals": "aws:SourceAccount", "Bool": ["aws:SecureTransport"]}')), [
      'malformed-condition: "aws:SourceAccount"',
      'malformed-condition: ["aws:SecureTransport"]',
    ]);
  });
  it('accepts strings, numbers and booleans, alone or in arrays', () => {
    const text = policy(
      '{"Bool": {"aws:MultiFactorAuthPresent": true, "aws:SecureTransport": [true]}, "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "StringEquals": {"aws:SourceAccount": [111122223333, 444455556666], "s3:prefix": ["", "home/"]}}',
    );
    assert.deepEqual(found('malformed-condition', text), []);
  });
});

describe('empty-condition', () => {
  it('reports an empty Condition, an empty operator block and a key without values, on the {} or []', () => {
    assert.deepEqual(found('empty-condition', policy('{}')), ['empty-condition: {}']);
    const text = policy('{"StringEquals": {}, "StringLike": {"aws:SourceAccount": [], "aws:PrincipalOrgID": "o-a1b2c3d4e5"}}');
    assert.deepEqual(found('empty-condition', text), ['empty-condition: {}', 'empty-condition: []']);
    assert.deepEqual(
      validate(text).filter((d) => d.code === 'empty-condition').map((d) => d.message),
      ["'StringEquals' has no condition keys, so it restricts nothing. Add a key or remove the operator.", "'aws:SourceAccount' has no values to compare with. Add the values or remove the key."],
    );
    // Not also an empty-value error.
    assert.deepEqual(found('empty-value', text), []);
  });
  it('is silent on filled blocks and on the empty-string s3:prefix of the bucket root', () => {
    assert.deepEqual(found('empty-condition', policy('{"StringEquals": {"s3:prefix": ["", "home/"], "aws:SourceAccount": "111122223333"}}', '"s3:ListBucket"')), []);
  });
});

describe('duplicate-condition-key', () => {
  it('reports a key repeated in different casing in one operator block, linked to the first', () => {
    const text = policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24"}}');
    assert.deepEqual(found('duplicate-condition-key', text), ['duplicate-condition-key: "aws:sourceip"']);
    const d = validate(text).find((x) => x.code === 'duplicate-condition-key');
    assert.equal(d?.relatedInformation?.[0].message, "First 'aws:SourceIp'");
  });
  it('leaves identical repeats to duplicate-key, and is silent across operator blocks', () => {
    const same = policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:SourceIp": "198.51.100.0/24"}}');
    assert.deepEqual(found('duplicate-condition-key', same), []);
    assert.deepEqual(found('duplicate-key', same), ['duplicate-key: "aws:SourceIp"']);
    const blocks = policy('{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "NotIpAddress": {"aws:sourceip": "203.0.113.7"}, "StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalTag/Team2": "b"}}');
    assert.deepEqual(found('duplicate-condition-key', blocks), []);
  });
});

describe('invalid-condition-value', () => {
  it('reports bad IP ranges, dates, numbers and booleans', () => {
    const text = policy(
      '{"IpAddress": {"aws:SourceIp": ["203.0.113.0/33", "10.0.0.256", "2001:db8::/129", "203.0.113.0/24", "2001:DB8::/32", "10.1.2.3", ":::", "::", "::ffff:192.0.2.1"]}, "DateLessThan": {"aws:CurrentTime": ["tomorrow", "2026-02-30T00:00:00Z", "1700000000"]}, "NumericLessThan": {"aws:MultiFactorAuthAge": "one"}, "Bool": {"aws:SecureTransport": ["yes", true]}}',
    );
    assert.deepEqual(found('invalid-condition-value', text), [
      'invalid-condition-value: "203.0.113.0/33"',
      'invalid-condition-value: "10.0.0.256"',
      'invalid-condition-value: "2001:db8::/129"',
      'invalid-condition-value: ":::"',
      'invalid-condition-value: "tomorrow"',
      'invalid-condition-value: "one"',
      'invalid-condition-value: "yes"',
    ]);
  });
  it('leaves policy variables alone', () => {
    assert.deepEqual(found('invalid-condition-value', policy('{"Bool": {"aws:SecureTransport": "${aws:SecureTransport}"}}')), []);
  });
});

describe('wildcard-without-like', () => {
  it('reports wildcards under StringEquals and switches to StringLike', () => {
    assert.deepEqual(found('wildcard-without-like', policy('{"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::123456789012:role/deploy-*", "arn:aws:iam::123456789012:role/x"]}}')), [
      'wildcard-without-like: "arn:aws:iam::123456789012:role/deploy-*"',
    ]);
    assert.equal(
      fix('wildcard-without-like', policy('{"ForAnyValue:StringNotEqualsIfExists": {"aws:TagKeys": "|temp-*"}}'), "Change 'ForAnyValue:StringNotEqualsIfExists' to 'ForAnyValue:StringNotLikeIfExists'"),
      policy('{"ForAnyValue:StringNotLikeIfExists": {"aws:TagKeys": "temp-*"}}'),
    );
  });
  it('is silent for StringLike and for ${*}, and has no fix for IgnoreCase', () => {
    assert.deepEqual(found('wildcard-without-like', policy('{"StringLike": {"s3:prefix": "home/*"}, "StringEquals": {"s3:prefix": "literal${*}"}}')), []);
    noFix('wildcard-without-like', policy('{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "|a*"}}'));
  });
});

describe('invalid-policy-variable', () => {
  it('reports unknown and multivalued variables in Resource and condition values', () => {
    const text = policy('{"StringEquals": {"s3:prefix": "${aws:TagKeys}/"}}', '"s3:ListBucket"', 'Allow', '"arn:aws:s3:::b/home/${aws:usrname}/*"');
    assert.deepEqual(found('invalid-policy-variable', text), ['invalid-policy-variable: aws:usrname', 'invalid-policy-variable: aws:TagKeys']);
    const marked = policy('{}', '"s3:GetObject"', 'Allow', '"arn:aws:s3:::b/home/${|aws:usrname}/*"');
    assert.equal(fix('invalid-policy-variable', marked, "Did you mean '${aws:username}'?"), policy('{}', '"s3:GetObject"', 'Allow', '"arn:aws:s3:::b/home/${aws:username}/*"'));
  });
  it('accepts documented variables, tags, defaults, service and provider keys', () => {
    const text = policy(
      '{"StringEquals": {"s3:prefix": ["${aws:PrincipalTag/team}", "${s3:prefix}", "${www.amazon.com:user_id}", "${*}"]}}',
      '"s3:ListBucket"',
      'Allow',
      '"arn:aws:s3:::b/${aws:username, \'anonymous\'}/${aws:PrincipalAccount}"',
    );
    assert.deepEqual(found('invalid-policy-variable', text), []);
  });
});

describe('set operators', () => {
  it('reports set operators on single-valued global keys', () => {
    assert.deepEqual(found('set-operator-on-single-valued-key', policy('{"ForAllValues:StringEquals": {"aws:PrincipalTag/team": "blue", "aws:TagKeys": "team"}}')), [
      'set-operator-on-single-valued-key: "aws:PrincipalTag/team"',
    ]);
  });
  it('reports multivalued keys without a set operator and offers both prefixes', () => {
    assert.deepEqual(found('missing-set-operator-on-multivalued-key', policy('{"StringEquals": {"aws:TagKeys": "team"}, "Null": {"aws:TagKeys": "false"}}')), [
      'missing-set-operator-on-multivalued-key: "aws:TagKeys"',
    ]);
    assert.equal(
      fix('missing-set-operator-on-multivalued-key', policy('{"StringEquals": {"|aws:TagKeys": "team"}}'), "Change to 'ForAllValues:StringEquals'"),
      policy('{"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}'),
    );
    assert.equal(
      fix('missing-set-operator-on-multivalued-key', policy('{"StringEquals": {"|aws:TagKeys": "team"}}'), "Change to 'ForAnyValue:StringEquals'"),
      policy('{"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}'),
    );
  });
});

describe('mfa-anti-pattern', () => {
  it('reports a Deny with Bool false and fixes it with BoolIfExists', () => {
    const deny = (op: string) => policy(`{"${op}": {"aws:MultiFactorAuthPresent": "false"}}`, '"*"', 'Deny');
    assert.deepEqual(found('mfa-anti-pattern', deny('Bool')), ['mfa-anti-pattern: "aws:MultiFactorAuthPresent"']);
    assert.deepEqual(found('mfa-anti-pattern', deny('BoolIfExists')), []);
    assert.equal(fix('mfa-anti-pattern', deny('Bool').replace('"aws:Multi', '"|aws:Multi'), "Change 'Bool' to 'BoolIfExists'"), deny('BoolIfExists'));
  });
  it('reports an Allow with BoolIfExists true, and an Allow on false', () => {
    const allow = (op: string, value: string) => policy(`{"${op}": {"aws:MultiFactorAuthPresent": ${value}}}`);
    assert.deepEqual(found('mfa-anti-pattern', allow('BoolIfExists', '"true"')), ['mfa-anti-pattern: "aws:MultiFactorAuthPresent"']);
    assert.deepEqual(found('mfa-anti-pattern', allow('Bool', 'false')), ['mfa-anti-pattern: "aws:MultiFactorAuthPresent"']);
    assert.deepEqual(found('mfa-anti-pattern', allow('Bool', '"true"')), []);
    assert.equal(fix('mfa-anti-pattern', allow('Bool', 'false').replace('"aws:Multi', '"|aws:Multi'), 'Require MFA ("true")'), allow('Bool', 'true'));
  });
});

describe('invalid-policy-variable: malformed ${...}', () => {
  const listBucket = (condition: string, resource = '"arn:aws:s3:::b"') => policy(condition, '"s3:ListBucket"', 'Allow', resource);

  it('reports spaces around the name at the name, and removes them', () => {
    const text = listBucket('{"StringLike": {"s3:prefix": "home/${ aws:username}/*"}}', '"arn:aws:s3:::b/${aws:username }/*"');
    assert.deepEqual(found('invalid-policy-variable', text), ['invalid-policy-variable: aws:username ', 'invalid-policy-variable:  aws:username']);
    assert.equal(
      fix('invalid-policy-variable', listBucket('{}', '"arn:aws:s3:::b/${aws:user|name }/*"'), "Remove the spaces: '${aws:username}'"),
      listBucket('{}', '"arn:aws:s3:::b/${aws:username}/*"'),
    );
    assert.equal(
      fix('invalid-policy-variable', listBucket('{"StringLike": {"s3:prefix": "home/${ aws:PrincipalTag/te|am }/*"}}'), "Remove the spaces: '${aws:PrincipalTag/team}'"),
      listBucket('{"StringLike": {"s3:prefix": "home/${aws:PrincipalTag/team}/*"}}'),
    );
  });

  it('reports an empty ${} whole, with no fix', () => {
    const marked = listBucket('{"StringLike": {"s3:prefix": "home/${|}/*"}}');
    assert.deepEqual(found('invalid-policy-variable', marked.replace('|', '')), ['invalid-policy-variable: ${}']);
    assert.deepEqual(found('invalid-policy-variable', listBucket('{}', '"arn:aws:s3:::b/${ }/*"')), ['invalid-policy-variable: ${ }']);
    noFix('invalid-policy-variable', marked);
  });

  it('reports an unclosed ${ in condition values at the ${ and its name; in a Resource invalid-arn does', () => {
    const text = listBucket('{"StringLike": {"s3:prefix": ["home/${aws:username/*", "${aws:PrincipalTag/team"]}}');
    assert.deepEqual(found('invalid-policy-variable', text), ['invalid-policy-variable: ${aws:username', 'invalid-policy-variable: ${aws:PrincipalTag/team']);
    const resource = listBucket('{}', '"arn:aws:s3:::b/${aws:username/*"');
    assert.deepEqual(found('invalid-policy-variable', resource), []);
    assert.deepEqual(found('invalid-arn', resource), ['invalid-arn: "arn:aws:s3:::b/${aws:username/*"']);
  });

  it('reports unknown keys in Resource and condition values, and tag families without a tag key', () => {
    const text = listBucket('{"StringLike": {"s3:prefix": ["${aws:usernme}/*", "${aws:PrincipalTag/}/*"]}}', '"arn:aws:s3:::b/${aws:PrincipalTag}/*"');
    assert.deepEqual(found('invalid-policy-variable', text), ['invalid-policy-variable: aws:PrincipalTag', 'invalid-policy-variable: aws:usernme', 'invalid-policy-variable: aws:PrincipalTag/']);
    const messages = validate(text).filter((d) => d.code === 'invalid-policy-variable').map((d) => String(d.message));
    assert.match(messages[0], /^'aws:PrincipalTag' needs a tag key after the slash, as in 'aws:PrincipalTag\/team'/);
    assert.match(messages[2], /^'aws:PrincipalTag\/' needs a tag key after the slash/);
    assert.equal(
      fix('invalid-policy-variable', listBucket('{"StringLike": {"s3:prefix": "${aws:user|nme}/*"}}'), "Did you mean '${aws:username}'?"),
      listBucket('{"StringLike": {"s3:prefix": "${aws:username}/*"}}'),
    );
  });

  it('stays silent on every legal form', () => {
    const values = [
      '${aws:username}',
      '${aws:PrincipalTag/team}',
      '${aws:PrincipalTag/cost center}',
      '${s3:prefix}',
      '${aws:PrincipalAccount}',
      '${*}',
      '${?}',
      '${$}',
      "${aws:username, 'anonymous'}",
      "${aws:PrincipalTag/team, 'company-wide'}",
      '${saml:sub}',
      '${aws:PrincipalOrgMasterAccountId}',
      'a$b{c}',
    ];
    const text = listBucket(`{"StringLike": {"s3:prefix": ${JSON.stringify(values)}}}`, JSON.stringify(values.map((v) => `arn:aws:s3:::b/${v}/*`)));
    assert.deepEqual(found('invalid-policy-variable', text), []);
  });
});

describe('unknown-condition-key: key families without their variable part', () => {
  it('says a tag key is missing instead of guessing another key', () => {
    const text = policy('{"StringEquals": {"aws:RequestTag/": "a", "aws:ResourceTag/": "b", "aws:PrincipalTag/": "c", "aws:ResourceTag": "d", "s3:ExistingObjectTag/": "e"}}');
    assert.deepEqual(found('unknown-condition-key', text), [
      'unknown-condition-key: "aws:RequestTag/"',
      'unknown-condition-key: "aws:ResourceTag/"',
      'unknown-condition-key: "aws:PrincipalTag/"',
      'unknown-condition-key: "aws:ResourceTag"',
      'unknown-condition-key: "s3:ExistingObjectTag/"',
    ]);
    const messages = validate(text).filter((d) => d.code === 'unknown-condition-key').map((d) => String(d.message));
    assert.equal(messages[1], "'aws:ResourceTag/' needs a tag key after the slash, as in 'aws:ResourceTag/team': as written, no request carries the key.");
    assert.equal(messages[3], "'aws:ResourceTag' needs a tag key after the slash, as in 'aws:ResourceTag/team': as written, no request carries the key.");
    assert.ok(!messages.some((m) => m.includes('Did you mean')), messages.join('\n'));
    assert.match(
      String(validate(policy('{"StringEquals": {"kms:EncryptionContext:": "x"}}', '"kms:Decrypt"')).find((d) => d.code === 'unknown-condition-key')?.message),
      /^'kms:EncryptionContext:' needs an encryption context key after the colon/,
    );
    noFix('unknown-condition-key', policy('{"StringEquals": {"|aws:ResourceTag/": "b"}}'));
  });

  it('accepts the keys with a tag key, and the keys only AWS managed policies document', () => {
    const text = policy(
      '{"StringEquals": {"aws:RequestTag/team": "a", "aws:ResourceTag/team": "b", "aws:PrincipalTag/cost center": "c", "s3:ExistingObjectTag/team": "e", "aws:PrincipalOrgMasterAccountId": "${aws:PrincipalAccount}"}, "Null": {"lakeformation:GlueARN": "true"}}',
    );
    assert.deepEqual(found('unknown-condition-key', text), []);
  });
});
