import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, codeActions, validate } from '../helpers/core';

/** The findings of one code, in report order: the exact text each covers, and its message. */
function reports(code: string, text: string): { text: string; message: string }[] {
  return validate(text)
    .filter((d) => d.code === code)
    .map((d) => ({ text: d.text, message: String(d.message) }));
}

const found = (code: string, text: string): string[] => reports(code, text).map((r) => r.text);
const messages = (code: string, text: string): string[] => reports(code, text).map((r) => r.message);

/** Every quick fix for `code` at the `|` marker, with the whole text after it; a fix must clear the finding. */
function fixes(code: string, marked: string): { title: string; after: string }[] {
  const { actions, document } = codeActions(marked);
  return actions
    .filter((a) => a.diagnostics?.some((d) => d.code === code))
    .map((a) => {
      const after = applyAction(document, a);
      assert.deepEqual(found(code, after), [], `still reported after '${a.title}':\n${after}`);
      return { title: a.title, after };
    });
}

/** The marker's only fix for `code` is `title`, and it turns the text into `expected`. */
function assertFix(code: string, marked: string, title: string, expected: string): void {
  assert.deepEqual(fixes(code, marked), [{ title, after: expected }]);
}

const policy = (condition: string, action = '"s3:GetObject"', effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": "*", "Condition": ${condition}}]}`;

const trust = (principal: string, action: string, condition = '') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": ${action}${condition}}]}`;

const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const OKTA = 'arn:aws:iam::123456789012:saml-provider/Okta';

describe('several values for Bool', () => {
  it('reports the values after the first, with what both values mean', () => {
    const text = policy('{"Bool": {"aws:SecureTransport": ["true", "false"], "aws:MultiFactorAuthPresent": ["true", "true"]}}');
    assert.deepEqual(found('invalid-condition-value', text), ['"false"', '"true"']);
    const [both, repeated] = messages('invalid-condition-value', text);
    assert.match(both, /only tests that the key is present/);
    assert.match(repeated, /repeated value adds nothing/);
  });
  it('is silent for one value, set operators, and leaves non-booleans to the value check', () => {
    assert.deepEqual(found('invalid-condition-value', policy('{"Bool": {"aws:SecureTransport": "false"}, "ForAnyValue:Bool": {"ec2:Attribute/x": ["true", "false"]}}')), []);
    assert.deepEqual(found('invalid-condition-value', policy('{"Bool": {"aws:SecureTransport": ["yes", true]}}')), ['"yes"']);
  });
});

describe('private-source-ip', () => {
  it('reports private, carrier-grade NAT, loopback and link-local ranges on aws:SourceIp', () => {
    const text = policy(
      '{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "172.16.5.0/24", "192.168.1.1", "100.64.0.0/10", "127.0.0.1", "169.254.169.254", "fd00::/8", "fe80::1", "::1", "203.0.113.0/24", "0.0.0.0/0", "10.0.0.0/7", "172.32.0.0/16", "2001:db8::/32"]}}',
    );
    assert.deepEqual(found('private-source-ip', text), [
      '"10.0.0.0/8"',
      '"172.16.5.0/24"',
      '"192.168.1.1"',
      '"100.64.0.0/10"',
      '"127.0.0.1"',
      '"169.254.169.254"',
      '"fd00::/8"',
      '"fe80::1"',
      '"::1"',
    ]);
    assert.match(messages('private-source-ip', text)[0], /never matches.*aws:VpcSourceIp/);
  });
  it('says what NotIpAddress does with a private range, also under IfExists and any key case', () => {
    const text = policy('{"NotIpAddressIfExists": {"AWS:SourceIP": "10.0.0.0/16"}}', '"*"', 'Deny');
    assert.deepEqual(found('private-source-ip', text), ['"10.0.0.0/16"']);
    assert.match(messages('private-source-ip', text)[0], /true for every request/);
  });
  it('is silent for aws:VpcSourceIp, public ranges, malformed values and policy variables', () => {
    assert.deepEqual(found('private-source-ip', policy('{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8", "aws:SourceIp": ["198.51.100.0/24", "10.0.0.300", "${aws:SourceIp}"]}}')), []);
  });
});

describe('ip-range-host-bits', () => {
  it('reports a range with bits after its prefix and writes the block it means', () => {
    const text = policy('{"IpAddress": {"aws:SourceIp": ["203.0.113.5/24", "2001:db8::1/32", "198.51.100.7/0", "203.0.113.0/24", "10.1.2.3", "2001:db8::/32", "192.0.2.1/32"]}}');
    assert.deepEqual(found('ip-range-host-bits', text), [
      '"203.0.113.5/24"',
      '"2001:db8::1/32"',
      '"198.51.100.7/0"',
    ]);
    assert.match(messages('ip-range-host-bits', text)[0], /matches all of 203\.0\.113\.0\/24/);
    assertFix('ip-range-host-bits', policy('{"NotIpAddress": {"aws:SourceIp": "|203.0.113.5/24"}}'), "Change to '203.0.113.0/24'", policy('{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}'));
    assertFix('ip-range-host-bits', policy('{"IpAddress": {"aws:SourceIp": "|2001:DB8:0:0:1::5/64"}}'), "Change to '2001:db8::/64'", policy('{"IpAddress": {"aws:SourceIp": "2001:db8::/64"}}'));
    assertFix('ip-range-host-bits', policy('{"IpAddress": {"aws:SourceIp": "|2001:db8:1:2:3:4:5:6/112"}}'), "Change to '2001:db8:1:2:3:4:5:0/112'", policy('{"IpAddress": {"aws:SourceIp": "2001:db8:1:2:3:4:5:0/112"}}'));
  });
  it('leaves other operators and malformed values alone', () => {
    assert.deepEqual(found('ip-range-host-bits', policy('{"StringEquals": {"aws:PrincipalTag/cidr": "203.0.113.5/24"}, "IpAddress": {"aws:SourceIp": "203.0.113.5/33"}}')), []);
  });
});

describe('condition-key-value-format', () => {
  it('reports account IDs, organization IDs and paths, VPC and endpoint IDs of the wrong form', () => {
    const text = policy(
      '{"StringEquals": {"aws:SourceAccount": ["12345", "111122223333"], "aws:ResourceAccount": "1234567890123", "aws:PrincipalOrgID": ["org-123", "o-a1b2c3d4e5"], "aws:SourceVpce": ["vpc-1a2b3c4d", "vpce-0a1b2c3d4e5f67890"], "aws:SourceVpc": ["vpce-1a2b3c4d", "vpc-1a2b3c4d"], "aws:PrincipalOrgPaths": ["ou-ab12-11111111", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"], "kms:CallerAccount": 111122223333}}',
    );
    assert.deepEqual(found('condition-key-value-format', text), [
      '"12345"',
      '"1234567890123"',
      '"org-123"',
      '"vpc-1a2b3c4d"',
      '"vpce-1a2b3c4d"',
      '"ou-ab12-11111111"',
    ]);
  });
  it("reports malformed Regions (a well-formed code such as ap-southeast-8 may be a new Region), principal types and service names without their domain or Region", () => {
    const text = policy(
      '{"StringNotEquals": {"aws:RequestedRegion": ["us-east1", "europe-west1", "EU-WEST-1", "eu-central-2", "cn-north-1", "us-gov-west-1", "ap-southeast-8"]}, "StringEquals": {"aws:PrincipalType": ["Role", "AssumedRole"], "kms:ViaService": ["s3.amazonaws.com", "s3.eu-west-1.amazonaws.com"], "aws:CalledViaFirst": ["cloudformation", "cloudformation.amazonaws.com"]}}',
      '"*"',
      'Deny',
    );
    assert.deepEqual(found('condition-key-value-format', text), [
      '"us-east1"',
      '"europe-west1"',
      '"EU-WEST-1"',
      '"Role"',
      '"s3.amazonaws.com"',
      '"cloudformation"',
    ]);
    const [typo] = messages('condition-key-value-format', text);
    assert.match(typo, /'StringNotEquals' is true for every request\. Did you mean 'us-east-1'\?/);
  });
  it('judges Like patterns by whether any value could match them', () => {
    const text = policy(
      '{"StringLike": {"aws:RequestedRegion": ["eu-*", "us-east1*"], "aws:PrincipalOrgID": ["o-*", "org-*"], "aws:SourceVpce": "vpc-*", "kms:ViaService": "s3.*.amazonaws.com", "aws:SourceAccount": "1111*", "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", "*/ou-ab12-11111111/*", "ou-ab12-*"], "aws:PrincipalType": "Assumed*"}}',
    );
    assert.deepEqual(found('condition-key-value-format', text), [
      '"us-east1*"',
      '"org-*"',
      '"vpc-*"',
      '"ou-ab12-*"',
    ]);
  });
  it('is silent for policy variables, IgnoreCase spelling, Null checks, wildcards under StringEquals and other keys', () => {
    const text = policy(
      '{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}", "aws:RequestedRegion": "${aws:PrincipalTag/TargetRegion}", "aws:SourceVpce": "vpce-*", "aws:PrincipalTag/account": "12345"}, "StringEqualsIgnoreCase": {"aws:RequestedRegion": "EU-WEST-1", "aws:PrincipalType": "assumedrole"}, "Null": {"aws:SourceAccount": "false", "kms:ViaService": "true"}}',
    );
    assert.deepEqual(found('condition-key-value-format', text), []);
  });
  it('offers the value meant when it is unambiguous', () => {
    assertFix('condition-key-value-format', policy('{"StringEquals": {"aws:RequestedRegion": "|us-east1"}}'), "Change to 'us-east-1'", policy('{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}'));
    assertFix('condition-key-value-format', policy('{"StringEquals": {"aws:PrincipalType": "|assumedRole"}}'), "Change to 'AssumedRole'", policy('{"StringEquals": {"aws:PrincipalType": "AssumedRole"}}'));
    assertFix('condition-key-value-format', policy('{"StringEquals": {"aws:SourceVpce": "|VPCE-1A2B3C4D"}}'), "Change to 'vpce-1a2b3c4d'", policy('{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}'));
    assert.deepEqual(fixes('condition-key-value-format', policy('{"StringEquals": {"aws:RequestedRegion": "|europe-west1"}}')), []);
    assert.deepEqual(fixes('condition-key-value-format', policy('{"StringEquals": {"kms:ViaService": "|s3.amazonaws.com"}}')), []);
  });
});

describe('trust-action-mismatch', () => {
  it('reports an assume action that does not fit the principal and swaps it', () => {
    assert.deepEqual(found('trust-action-mismatch', trust(`{"Federated": "${GITHUB}"}`, '"sts:AssumeRole"')), ['"sts:AssumeRole"']);
    assert.deepEqual(found('trust-action-mismatch', trust(`{"Federated": "${OKTA}"}`, '["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]')), ['"sts:AssumeRoleWithWebIdentity"']);
    assert.deepEqual(found('trust-action-mismatch', trust('{"AWS": "arn:aws:iam::123456789012:root"}', '"sts:AssumeRoleWithWebIdentity"')), ['"sts:AssumeRoleWithWebIdentity"']);
    assert.deepEqual(found('trust-action-mismatch', trust('{"Service": "lambda.amazonaws.com"}', '"sts:AssumeRoleWithSAML"')), ['"sts:AssumeRoleWithSAML"']);
    assertFix('trust-action-mismatch', trust(`{"Federated": "${GITHUB}"}`, '"|sts:AssumeRole"'), "Change the action to 'sts:AssumeRoleWithWebIdentity'", trust(`{"Federated": "${GITHUB}"}`, '"sts:AssumeRoleWithWebIdentity"'));
    assertFix('trust-action-mismatch', trust(`{"Federated": ["${OKTA}"]}`, '["|sts:AssumeRoleWithWebIdentity", "sts:TagSession"]'), "Change the action to 'sts:AssumeRoleWithSAML'", trust(`{"Federated": ["${OKTA}"]}`, '["sts:AssumeRoleWithSAML", "sts:TagSession"]'));
  });
  it('reports a principal left without its action when the other actions serve other principals', () => {
    const text = trust(`{"AWS": "arn:aws:iam::123456789012:root", "Federated": "${GITHUB}"}`, '"sts:AssumeRole"');
    assert.deepEqual(found('trust-action-mismatch', text), [`"${GITHUB}"`]);
    assert.deepEqual(fixes('trust-action-mismatch', trust(`{"AWS": "arn:aws:iam::123456789012:root", "Federated": "|${GITHUB}"}`, '"sts:AssumeRole"')), []);
  });
  it('has no single fix when the principals need different actions', () => {
    const marked = trust(`{"Service": "ec2.amazonaws.com", "Federated": "${GITHUB}"}`, '"|sts:AssumeRoleWithSAML"');
    assert.deepEqual(found('trust-action-mismatch', marked.replace('|', '')), ['"sts:AssumeRoleWithSAML"']);
    assert.deepEqual(fixes('trust-action-mismatch', marked), []);
  });
  it('is silent for fitting actions, wildcards, everyone, NotPrincipal and Deny', () => {
    const silent = [
      trust(`{"Federated": "${GITHUB}"}`, '["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]'),
      trust('{"Federated": "cognito-identity.amazonaws.com"}', '"sts:AssumeRoleWithWebIdentity"'),
      trust(`{"Federated": "${OKTA}"}`, '["sts:AssumeRoleWithSAML", "sts:SetSourceIdentity"]'),
      trust('{"AWS": ["111122223333", "arn:aws:iam::123456789012:role/deploy"], "Service": "ec2.amazonaws.com"}', '["sts:AssumeRole", "sts:TagSession"]'),
      trust(`{"AWS": "111122223333", "Federated": "${GITHUB}"}`, '["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]'),
      trust(`{"Federated": "${GITHUB}"}`, '["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"]'),
      trust(`{"Federated": "${GITHUB}"}`, '"sts:AssumeRole*"'),
      trust('"*"', '"sts:AssumeRoleWithWebIdentity"'),
      trust('{"AWS": "*"}', '"sts:AssumeRoleWithSAML"'),
      trust('{"Service": "lambda.amazonaws.com"}', '"sts:TagSession"'),
    ];
    for (const text of silent) assert.deepEqual(found('trust-action-mismatch', text), [], text);
    assert.deepEqual(found('trust-action-mismatch', trust(`{"Federated": "${GITHUB}"}`, '"sts:AssumeRole"').replace('"Allow"', '"Deny"')), []);
    assert.deepEqual(found('trust-action-mismatch', trust(`{"Federated": "${GITHUB}"}`, '"sts:AssumeRole"').replace('"Principal"', '"NotPrincipal"')), []);
  });
});

describe('condition-key-value-format: other partitions and newer Regions', () => {
  it('accepts kms:ViaService endpoints of every partition and Region patterns a newer Region could match', () => {
    const text = policy(
      '{"StringEquals": {"kms:ViaService": ["s3.us-iso-east-1.c2s.ic.gov", "s3.cn-north-1.amazonaws.com.cn", "s3.eusc-de-east-1.amazonaws.eu"]}, "StringLike": {"aws:RequestedRegion": ["xx-new-*", "ap-southeast-*"]}}',
    );
    assert.deepEqual(found('condition-key-value-format', text), []);
    assert.deepEqual(found('condition-key-value-format', policy('{"StringLike": {"aws:RequestedRegion": ["useast*", "us-east1*"], "kms:ViaService": "s3.amazonaws.com"}}')), [
      '"useast*"',
      '"us-east1*"',
      '"s3.amazonaws.com"',
    ]);
  });
});
