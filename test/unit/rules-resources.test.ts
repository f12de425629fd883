import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findings, fixOf, foundInTemplate, validate } from '../helpers/core';

const only = (code: string, text: string) => findings(text).filter((f) => f.startsWith(`${code}: `));
const policy = (action: string, resource: string, effect = 'Allow') =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ${action}, "Resource": ${resource}}]}`;
const message = (code: string, text: string) => {
  const m = validate(text).find((d) => d.code === code)?.message;
  return typeof m === 'string' ? m : m?.value;
};

describe('invalid-arn', () => {
  it('reports malformed ARNs, unknown partitions and bad accounts', () => {
    const resources = '["my-bucket", "arn:aws:s3::my-bucket/*", "arn:amazon:s3:::b", "arn:aws:iam::12345:role/x", "ARN:aws:s3:::b", "arn:aws:s3:::", "arn:aws:s3:::b/${aws:username", 7]';
    assert.deepEqual(only('invalid-arn', policy('"s3:GetObject"', resources)), [
      'invalid-arn: 7',
      'invalid-arn: "my-bucket"',
      'invalid-arn: "arn:aws:s3::my-bucket/*"',
      'invalid-arn: "arn:amazon:s3:::b"',
      'invalid-arn: "arn:aws:iam::12345:role/x"',
      'invalid-arn: "ARN:aws:s3:::b"',
      'invalid-arn: "arn:aws:s3:::"',
      'invalid-arn: "arn:aws:s3:::b/${aws:username"',
    ]);
    assert.match(message('invalid-arn', policy('"s3:GetObject"', '"arn:amazon:s3:::b"')) ?? '', /Unknown partition 'amazon'/);
  });

  it('reports a Region numbered past where its prefix ends, in ARNs and condition values, and accepts the next one (a Region newer than the list)', () => {
    const arns = ['arn:aws:sqs:us-east-7:111122223333:q', 'arn:aws:sqs:ap-southeast-9:111122223333:q', 'arn:aws:sqs:us-east-3:111122223333:q', 'arn:aws:sqs:ap-southeast-8:111122223333:q', 'arn:aws:sqs:xx-north-5:111122223333:q'];
    assert.deepEqual(only('invalid-arn', policy('"sqs:SendMessage"', JSON.stringify(arns))), ['invalid-arn: us-east-7', 'invalid-arn: ap-southeast-9']);
    assert.equal(message('invalid-arn', policy('"sqs:SendMessage"', JSON.stringify(arns[0]))), "'us-east-7' is not an AWS Region: the us-east Regions end at us-east-2.");
    const condition = (region: string) =>
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "${region}"}}}]}`;
    assert.deepEqual(only('condition-key-value-format', condition('eu-west-9')).length, 1);
    assert.deepEqual(only('condition-key-value-format', condition('eu-west-4')), []);
  });

  it('accepts wildcards, policy variables, the aws account and every partition', () => {
    const resources = [
      '*',
      'arn:aws:s3:::b/${aws:username}/*',
      'arn:aws-cn:s3:::b',
      'arn:aws-us-gov:iam::111122223333:role/x',
      'arn:aws-iso-b:s3:::b',
      'arn:aws-eusc:s3:::b',
      'arn:*:iam::*:role/*',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::${aws:PrincipalAccount}:role/x',
      'arn:aws:organizations::*:',
      'arn:aws:*',
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/x:*',
    ];
    assert.deepEqual(only('invalid-arn', policy('"s3:GetObject"', JSON.stringify(resources))), []);
  });
});

describe('resource-mismatch', () => {
  it('reports ARNs that none of the actions can use', () => {
    assert.deepEqual(only('resource-mismatch', policy('"s3:ListAllMyBuckets"', '"arn:aws:s3:::my-bucket"')), ['resource-mismatch: "arn:aws:s3:::my-bucket"']);
    assert.equal(message('resource-mismatch', policy('"s3:ListAllMyBuckets"', '"arn:aws:s3:::my-bucket"')), `'s3:ListAllMyBuckets' only supports "Resource": "*"; this ARN grants nothing.`);
    // An object action on a bucket ARN.
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "s3:PutObject"]', '"arn:aws:s3:::my-bucket"')), ['resource-mismatch: "arn:aws:s3:::my-bucket"']);
    // An ARN that fits no resource type of its namespace at all, wildcards or not.
    assert.deepEqual(only('resource-mismatch', policy('"logs:GetLogEvents"', '"arn:aws:logs:us-east-1:111122223333:/aws-glue/x"')), [
      'resource-mismatch: "arn:aws:logs:us-east-1:111122223333:/aws-glue/x"',
    ]);
  });

  it('is conservative: any fitting action, wildcards that may match, other services and action wildcards clear it', () => {
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "s3:ListBucket"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('"s3:GetObject"', '"arn:aws:s3:::my-*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('"logs:GetLogEvents"', '"arn:aws:logs:*:*:/aws-glue/*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('["s3:GetObject", "iam:GetRole"]', '["arn:aws:s3:::b/k", "arn:aws:iam::111122223333:role/r"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('"*"', '"arn:aws:s3:::b"')), []);
    // API Gateway V1 and V2 share the apigateway namespace.
    assert.deepEqual(only('resource-mismatch', policy('"apigateway:GET"', '"arn:aws:apigateway:us-east-1::/apis"')), []);
  });
});

describe('resource-mismatch on S3 buckets and objects', () => {
  const mismatches = (action: string, resource: string, effect = 'Allow') => only('resource-mismatch', policy(action, resource, effect));
  const text = (action: string, resource: string) => message('resource-mismatch', policy(action, resource));

  it('reports s3:ListBucket on objects, with wildcards too, naming the bucket it takes', () => {
    assert.deepEqual(mismatches('"s3:ListBucket"', '"arn:aws:s3:::my-bucket/*"'), ['resource-mismatch: "arn:aws:s3:::my-bucket/*"']);
    assert.equal(
      text('"s3:ListBucket"', '"arn:aws:s3:::my-bucket/*"'),
      "'arn:aws:s3:::my-bucket/*' names objects, but 's3:ListBucket' takes the bucket 'arn:aws:s3:::my-bucket'; this ARN grants nothing.",
    );
    // A literal key, a prefix, a wildcard bucket, a variable in the key: all objects.
    for (const arn of ['arn:aws:s3:::my-bucket/key.txt', 'arn:aws:s3:::my-bucket/home/${aws:username}/*', 'arn:aws:s3:::logs-*/*', 'arn:aws:s3:::${aws:username}-logs/*']) {
      assert.deepEqual(mismatches('"s3:ListBucket"', JSON.stringify(arn)), [`resource-mismatch: ${JSON.stringify(arn)}`], arn);
    }
    assert.deepEqual(mismatches('"s3:ListBucket"', '"arn:aws:s3:::my-bucket/*"', 'Deny'), ['resource-mismatch: "arn:aws:s3:::my-bucket/*"']);
    assert.match(message('resource-mismatch', policy('"s3:ListBucket"', '"arn:aws:s3:::my-bucket/*"', 'Deny')) ?? '', /denies nothing/);
  });

  it('reports object actions on a bucket, also when a variable names the bucket', () => {
    assert.deepEqual(mismatches('"s3:GetObject"', '"arn:aws:s3:::my-bucket"'), ['resource-mismatch: "arn:aws:s3:::my-bucket"']);
    assert.equal(
      text('"s3:GetObject"', '"arn:aws:s3:::my-bucket"'),
      "'arn:aws:s3:::my-bucket' names the bucket, but 's3:GetObject' takes its objects, e.g. 'arn:aws:s3:::my-bucket/*'; this ARN grants nothing.",
    );
    // User names and account ids hold no `/`, so these are buckets.
    assert.deepEqual(mismatches('"s3:GetObject"', '"arn:aws:s3:::${aws:username}-bucket"'), ['resource-mismatch: "arn:aws:s3:::${aws:username}-bucket"']);
    assert.deepEqual(mismatches('"s3:PutObject"', '"arn:aws:s3:::logs-${aws:PrincipalAccount}"'), ['resource-mismatch: "arn:aws:s3:::logs-${aws:PrincipalAccount}"']);
  });

  it('accepts the bucket-and-objects pattern and ARNs that may be either', () => {
    assert.deepEqual(mismatches('["s3:ListBucket", "s3:GetObject"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]'), []);
    assert.deepEqual(mismatches('["s3:ListBucket", "s3:GetObject"]', '["arn:aws:s3:::${aws:username}-bucket", "arn:aws:s3:::${aws:username}-bucket/*"]'), []);
    // A `*` or a tag value may hold a `/`: bucket or object, so nothing is claimed.
    for (const action of ['"s3:ListBucket"', '"s3:GetObject"', '["s3:ListBucket", "s3:GetObject"]']) {
      assert.deepEqual(mismatches(action, '"arn:aws:s3:::${aws:PrincipalTag/team}-*"'), [], action);
      assert.deepEqual(mismatches(action, '"arn:aws:s3:::my-bucket*"'), [], action);
      assert.deepEqual(mismatches(action, '"arn:aws:s3:::${aws:PrincipalTag/team}"'), [], action);
      assert.deepEqual(mismatches(action, '"arn:aws:s3:::*"'), [], action);
    }
    assert.deepEqual(mismatches('["s3:ListBucket", "s3:GetObject", "s3:*Object*"]', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]'), []);
  });

  it('reports an action that can use none of the resources while another can', () => {
    const statement = policy('["s3:ListBucket", "s3:GetObject"]', '"arn:aws:s3:::my-bucket/*"');
    assert.deepEqual(only('resource-mismatch', statement), ['resource-mismatch: "s3:ListBucket"']);
    assert.equal(message('resource-mismatch', statement), "'s3:ListBucket' takes the bucket, e.g. 'arn:aws:s3:::my-bucket', but this statement names only objects; here it grants nothing.");
    assert.deepEqual(only('resource-mismatch', policy('["s3:List*", "s3:GetObject"]', '"arn:aws:s3:::my-bucket/*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('["s3:ListBucket*", "s3:GetObject"]', '"arn:aws:s3:::my-bucket/*"')), ['resource-mismatch: "s3:ListBucket*"']);
    const onBucket = policy('["s3:ListBucket", "s3:GetObject"]', '"arn:aws:s3:::my-bucket"');
    assert.deepEqual(only('resource-mismatch', onBucket), ['resource-mismatch: "s3:GetObject"']);
    assert.match(message('resource-mismatch', onBucket) ?? '', /'s3:GetObject' takes objects, e\.g\. 'arn:aws:s3:::my-bucket\/\*'/);
  });

  it('judges actions only when every resource is judged, of one service, and the action takes some resource type', () => {
    // `*` or a resource the data does not decide for: nothing to say about the actions.
    assert.deepEqual(only('resource-mismatch', policy('["s3:ListBucket", "s3:GetObject"]', '["arn:aws:s3:::my-bucket/*", "*"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('["s3:ListBucket", "s3:GetObject"]', '["arn:aws:s3:::my-bucket/*", "arn:aws:s3:*:*:accesspoint/*"]')), []);
    // Another service's resource in the statement.
    assert.deepEqual(only('resource-mismatch', policy('["s3:ListBucket", "s3:GetObject", "iam:GetRole"]', '["arn:aws:s3:::my-bucket/*", "arn:aws:iam::111122223333:role/r"]')), []);
    // An action that only takes "*" (the data has gaps there).
    assert.deepEqual(only('resource-mismatch', policy('["s3:ListAllMyBuckets", "s3:GetObject"]', '"arn:aws:s3:::my-bucket/*"')), []);
    // NotResource is not judged.
    const notResource = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "NotResource": "arn:aws:s3:::my-bucket/*"}]}';
    assert.deepEqual(only('resource-mismatch', notResource), []);
  });

  it('leaves names that may hold a slash open: IAM role paths, log groups', () => {
    assert.deepEqual(only('resource-mismatch', policy('["iam:GetRole", "iam:PassRole"]', '["arn:aws:iam::111122223333:role/service-role/app/*", "arn:aws:iam::111122223333:role/a/b/c"]')), []);
    assert.deepEqual(only('resource-mismatch', policy('"iam:GetRole"', '"arn:aws:iam::*:role/${aws:PrincipalTag/path}/*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('["logs:CreateLogStream", "logs:PutLogEvents"]', '"arn:aws:logs:*:*:log-group:/aws/lambda/*:*"')), []);
    assert.deepEqual(only('resource-mismatch', policy('"s3:GetObject"', '"arn:aws:s3:::my-bucket/a/b/${aws:username}/*"')), []);
  });
});

describe('resource-mismatch: an ARN of a service no action takes', () => {
  const mismatches = (action: string, resource: string) => only('resource-mismatch', policy(action, resource));

  it('reports the ARN, naming the services of the statement, with actions that only take "*" too', () => {
    assert.deepEqual(mismatches('"s3:GetObject"', '"arn:aws:sqs:us-east-1:111122223333:q"'), ['resource-mismatch: "arn:aws:sqs:us-east-1:111122223333:q"']);
    assert.equal(
      message('resource-mismatch', policy('"s3:GetObject"', '"arn:aws:sqs:us-east-1:111122223333:q"')),
      "This statement's actions ('s3') take no 'sqs' resource; this ARN grants nothing.",
    );
    assert.equal(
      message('resource-mismatch', policy('["s3:Get*", "iam:GetRole"]', '["arn:aws:s3:::b/*", "arn:aws:sns:us-east-1:111122223333:t"]')),
      "This statement's actions ('s3' and 'iam') take no 'sns' resource; this ARN grants nothing.",
    );
    // An action without resource types takes no ARN at all; nor does a wildcard of another service's ARNs.
    assert.deepEqual(mismatches('"s3:ListAllMyBuckets"', '"arn:aws:sqs:us-east-1:111122223333:q"'), ['resource-mismatch: "arn:aws:sqs:us-east-1:111122223333:q"']);
    assert.deepEqual(mismatches('"s3:GetObject"', '"arn:aws:sqs:*:*:*"'), ['resource-mismatch: "arn:aws:sqs:*:*:*"']);
  });

  it('accepts mixed statements and actions that take another service\'s ARNs, by their resource types', () => {
    assert.deepEqual(mismatches('["s3:GetObject", "sqs:SendMessage"]', '["arn:aws:s3:::b/*", "arn:aws:sqs:us-east-1:111122223333:q"]'), []);
    assert.deepEqual(mismatches('"iam:PassRole"', '"arn:aws:iam::111122223333:role/app"'), []);
    assert.deepEqual(mismatches('["ec2:RunInstances", "iam:PassRole"]', '["arn:aws:ec2:*:*:instance/*", "arn:aws:iam::111122223333:role/app"]'), []);
    // Namespaces and prefixes differ: sts takes iam roles, ssm takes ec2 instances.
    assert.deepEqual(mismatches('"sts:AssumeRole"', '"arn:aws:iam::111122223333:role/app"'), []);
    assert.deepEqual(mismatches('"ssm:SendCommand"', '["arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"]'), []);
    // Session Manager's channels are scoped to ssm sessions, which the reference does not list.
    assert.deepEqual(mismatches('"ssmmessages:OpenDataChannel"', '"arn:aws:ssm:*:*:session/${aws:userid}-*"'), []);
    // NotAction and "*" are not judged.
    assert.deepEqual(mismatches('"*"', '"arn:aws:sqs:us-east-1:111122223333:q"'), []);
    const notAction = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}]}';
    assert.deepEqual(only('resource-mismatch', notAction), []);
  });
});

describe('resource-mismatch: wildcard ARNs of no resource type of the actions', () => {
  const mismatches = (action: string, resource: string) => only('resource-mismatch', policy(action, resource));

  it('reports a pattern whose fixed part rules out every resource type of the actions, as a literal ARN is', () => {
    assert.deepEqual(mismatches('"ec2:StartInstances"', '"arn:aws:ec2:*:*:volume/*"'), ['resource-mismatch: "arn:aws:ec2:*:*:volume/*"']);
    assert.deepEqual(mismatches('"ec2:StartInstances"', '"arn:aws:ec2:us-east-1:111122223333:volume/vol-1"'), ['resource-mismatch: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"']);
    assert.deepEqual(mismatches('"iam:GetRole"', '"arn:aws:iam::*:user/*"'), ['resource-mismatch: "arn:aws:iam::*:user/*"']);
    assert.equal(message('resource-mismatch', policy('"iam:GetRole"', '"arn:aws:iam::*:user/*"')), "This ARN matches no resource type of 'iam:GetRole'; it grants nothing.");
    assert.deepEqual(mismatches('["iam:GetRole", "iam:PassRole"]', '["arn:aws:iam::*:user/*", "arn:aws:iam::*:instance-profile/*"]').length, 2);
  });

  it('accepts patterns that may name a resource of the actions, and keeps to the statement as a whole', () => {
    for (const arn of ['arn:aws:ec2:*:*:*', 'arn:aws:ec2:*:*:instance*', 'arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-*:${aws:PrincipalAccount}:instance/*', 'arn:aws:ec2:*:*:*/i-1']) {
      assert.deepEqual(mismatches('"ec2:StartInstances"', JSON.stringify(arn)), [], arn);
    }
    // A `*` in the Region or account may reach into the resource part at the format's own colons.
    assert.deepEqual(mismatches('"logs:GetLogEvents"', '"arn:aws:logs:*:*:/aws-glue/*"'), []);
    // Beside a resource the actions use, a pattern of another type is read as listing what the call touches.
    assert.deepEqual(mismatches('"ec2:StartInstances"', '["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*"]'), []);
    assert.deepEqual(mismatches('"s3:GetObject"', '["arn:aws:s3:::b/*", "arn:aws:sqs:*:*:q"]'), []);
    // Actions that only take "*", and tagging actions, have gaps in the reference for patterns.
    assert.deepEqual(mismatches('"sqs:ListQueues"', '"arn:aws:sqs:*:*:q*"'), []);
    assert.deepEqual(mismatches('["aws-marketplace:TagResource", "aws-marketplace:ListTagsForResource"]', '"arn:aws:aws-marketplace:*:*:AWSMarketplace/SaaSProduct/*"'), []);
    // A pattern of no resource type part by part, which IAM's `*` spanning colons still lets fit one, is not judged.
    assert.deepEqual(mismatches('"kms:DescribeKey"', '"arn:aws:kms:*:*:nonexistent-type/*"'), []);
  });
});

describe('resource-star', () => {
  it('reports Resource "*" with actions that could be scoped, counting them', () => {
    const text = policy('["s3:GetObject", "s3:PutObject", "s3:ListAllMyBuckets"]', '"*"');
    assert.deepEqual(only('resource-star', text), ['resource-star: "*"']);
    assert.equal(message('resource-star', text), '"Resource": "*" while 2 of the 3 actions support resource-level permissions; consider naming the resources.');
    const scopable = (actions: string) => (message('resource-star', policy(actions, '"*"')) ?? '').replace(/^"Resource": "\*" while | resource-level.*$/g, '');
    assert.equal(scopable('"s3:GetObject"'), "'s3:GetObject' supports");
    assert.equal(scopable('["s3:GetObject", "s3:PutObject"]'), 'both actions support');
    assert.equal(scopable('["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]'), 'all 3 actions support');
    assert.equal(scopable('["s3:GetObject", "s3:ListAllMyBuckets"]'), "'s3:GetObject' (1 of the 2 actions) supports");
  });

  it('never reports actions that only take "*", Deny, or specific resources', () => {
    assert.deepEqual(only('resource-star', policy('["ecr:GetAuthorizationToken", "s3:ListAllMyBuckets"]', '"*"')), []);
    assert.deepEqual(only('resource-star', policy('"s3:GetObject"', '"*"', 'Deny')), []);
    assert.deepEqual(only('resource-star', policy('"s3:GetObject"', '"arn:aws:s3:::b/*"')), []);
  });
});

// Appended: the Region part of resource ARNs.
import { applyAction, codeActions } from '../helpers/core';

describe('invalid-arn: the Region part', () => {
  /** Applies the invalid-arn fix titled `title` at the marker and returns the whole text. */
  const applyArnFix = (marked: string, title: string) => {
    const { actions, document } = codeActions(marked);
    const action = actions.find((a) => a.title === title && a.diagnostics?.some((d) => d.code === 'invalid-arn'));
    assert.ok(action, `no '${title}' among: ${actions.map((a) => a.title).join(', ')}`);
    return applyAction(document, action);
  };
  const arnFixes = (marked: string) =>
    codeActions(marked)
      .actions.filter((a) => a.diagnostics?.some((d) => d.code === 'invalid-arn'))
      .map((a) => a.title);

  it('reports a malformed Region at the Region part, near misses with a did-you-mean', () => {
    const resources = '["arn:aws:s3:us-east1:123456789012:accesspoint/ap", "arn:aws:ec2:useast-1:123456789012:instance/*", "arn:aws:ec2:US-EAST-1:123456789012:instance/*", "arn:aws:ec2:europe-1:123456789012:instance/*"]';
    assert.deepEqual(only('invalid-arn', policy('"ec2:StartInstances"', resources)), ['invalid-arn: us-east1', 'invalid-arn: useast-1', 'invalid-arn: US-EAST-1', 'invalid-arn: europe-1']);
    assert.equal(message('invalid-arn', policy('"ec2:StartInstances"', '"arn:aws:ec2:useast-1:123456789012:instance/*"')), "'useast-1' is not a Region code: did you mean 'us-east-1'?");
    assert.match(message('invalid-arn', policy('"ec2:StartInstances"', '"arn:aws:ec2:europe-1:123456789012:instance/*"')) ?? '', /'europe-1' is not a Region code such as 'us-east-1'/);
    // Reported by invalid-arn only: resource-mismatch leaves malformed ARNs alone.
    assert.deepEqual(only('resource-mismatch', policy('"s3:GetObject"', '"arn:aws:s3:us-east1:123456789012:accesspoint/ap/object/k"')), []);
  });

  it('fixes near misses of a known Region, and offers nothing for other malformed Regions', () => {
    const ec2 = (region: string) => policy('"ec2:StartInstances"', `"arn:aws:ec2:${region}:123456789012:instance/*"`);
    assert.equal(applyArnFix(ec2('us-|east1'), "Change the Region to 'us-east-1'"), ec2('us-east-1'));
    assert.equal(applyArnFix(ec2('|useast-1'), "Change the Region to 'us-east-1'"), ec2('us-east-1'));
    assert.equal(applyArnFix(ec2('EU-WEST-1|'), "Change the Region to 'eu-west-1'"), ec2('eu-west-1'));
    assert.deepEqual(only('invalid-arn', ec2('eu-west-1')), []);
    assert.deepEqual(arnFixes(ec2('euro|pe-1')), []);
    // An escape inside the string: the whole string is reported and rewritten.
    const escaped = policy('"ec2:StartInstances"', '"arn:aws:ec2:us\\u002deast1:123456789012:instance/|*"');
    assert.equal(applyArnFix(escaped, "Change the Region to 'us-east-1'"), ec2('us-east-1'));
  });

  it('accepts empty Regions, wildcards, variables, new Regions of the right shape and the Health global events', () => {
    const resources = [
      'arn:aws:s3:::b/*',
      'arn:aws:iam::111122223333:role/x',
      'arn:aws:cloudfront::111122223333:distribution/E1',
      'arn:aws:route53:::hostedzone/Z1',
      'arn:aws:ec2:*:111122223333:instance/*',
      'arn:aws:ec2:us-*:111122223333:instance/*',
      'arn:aws:ec2:eu-west-?:111122223333:instance/*',
      'arn:aws:ec2:${aws:RequestedRegion}:111122223333:instance/*',
      'arn:aws:ec2:ap-southeast-8:111122223333:instance/*',
      'arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/*',
      'arn:aws-iso-b:ec2:us-isob-east-1:111122223333:instance/*',
      'arn:aws-eusc:ec2:eusc-de-east-1:111122223333:instance/*',
      'arn:aws-cn:ec2:cn-northwest-1:111122223333:instance/*',
      'arn:aws:s3:us-west-2:111122223333:async-request/mrap/*',
      'arn:aws:health:global::event/*',
    ];
    assert.deepEqual(only('invalid-arn', policy('"*"', JSON.stringify(resources))), []);
  });
});

describe('invalid-arn: an empty Region where the resource type needs one', () => {
  const found = (resources: readonly string[]) => only('invalid-arn', policy('"*"', JSON.stringify(resources)));

  it('reports it by the formats the resource part fits, though other types of the service are global', () => {
    const resources = ['arn:aws:ec2::111122223333:instance/i-123', 'arn:aws:dynamodb::111122223333:table/t', 'arn:aws:ec2::111122223333:volume/*', 'arn:aws:ec2:::image/ami-1'];
    assert.deepEqual(found(resources), resources.map((r) => `invalid-arn: "${r}"`));
    assert.equal(
      message('invalid-arn', policy('"ec2:StartInstances"', '"arn:aws:ec2::111122223333:instance/i-123"')),
      "This ARN fits 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}' only with a Region: with an empty Region it matches nothing. Name the Region (or '*').",
    );
    // A service whose every type has a Region, as before; and resource-mismatch leaves these ARNs alone.
    assert.deepEqual(found(['arn:aws:lambda::111122223333:function:f', 'arn:aws:sqs::111122223333:q']).length, 2);
    assert.deepEqual(only('resource-mismatch', policy('"ec2:StartInstances"', '"arn:aws:ec2::111122223333:instance/i-123"')), []);
  });

  it('accepts global types, patterns that may fit one, and Regions that are not written empty', () => {
    const resources = [
      'arn:aws:dynamodb::111122223333:global-table/t',
      'arn:aws:ec2::111122223333:ipam-pool/ipam-pool-1',
      'arn:aws:ec2::111122223333:*',
      'arn:aws:ec2::111122223333:ipam*',
      'arn:aws:s3:::b/*',
      'arn:aws:ec2:*:111122223333:instance/*',
      'arn:aws:ec2:${aws:RequestedRegion}:111122223333:instance/*',
      'arn:*:ec2::111122223333:instance/*',
      'arn:aws:braket:::device/quantum-simulator/amazon/sv1',
    ];
    assert.deepEqual(found(resources), []);
  });

  it('judges templates by their written parts: a computed partition counts, a computed Region never', () => {
    const inTemplate = (resources: readonly string[]) => foundInTemplate('invalid-arn', { action: 'ec2:StartInstances', resource: resources });
    const resources = ["!Sub 'arn:${AWS::Partition}:ec2::${AWS::AccountId}:instance/*'", "!Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'"];
    assert.deepEqual(inTemplate(resources), [`invalid-arn: ${resources[0]}`]);
  });
});

describe('invalid-arn: a Region or account the service never has', () => {
  const found = (resources: readonly string[], action = '"iam:GetRole"') => only('invalid-arn', policy(action, JSON.stringify(resources)));
  const inTemplate = (code: string, resources: readonly string[]) => foundInTemplate(code, { action: 's3:GetObject', resource: resources });

  it('reports an account at its characters where no ARN of the service has one, whatever the actions', () => {
    assert.deepEqual(found(['arn:aws:route53::111122223333:hostedzone/Z1', 'arn:aws:health:us-east-1:111122223333:event/*']), ['invalid-arn: 111122223333', 'invalid-arn: 111122223333']);
    assert.equal(
      message('invalid-arn', policy('"iam:GetRole"', '"arn:aws:route53::111122223333:hostedzone/Z1"')),
      "No 'route53' ARN has an account: with '111122223333' this ARN matches nothing. Leave the account empty.",
    );
  });

  it('reports an account on an S3 bucket or object, though access points have one, in every partition and in NotResource', () => {
    const resources = ['arn:aws:s3::123456789012:my-bucket', 'arn:aws-cn:s3::123456789012:my-bucket/*', 'arn:aws-us-gov:s3::123456789012:logs-*/*'];
    assert.deepEqual(found(resources), ['invalid-arn: 123456789012', 'invalid-arn: 123456789012', 'invalid-arn: 123456789012']);
    assert.equal(
      message('invalid-arn', policy('"s3:GetObject"', '"arn:aws:s3::123456789012:my-bucket/*"')),
      "This ARN fits 'arn:${Partition}:s3:::${BucketName}/${ObjectName}' only without its account: with '123456789012' it matches nothing. Leave the account empty.",
    );
    const notResource = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3::123456789012:my-bucket/*"}]}';
    assert.deepEqual(only('invalid-arn', notResource), ['invalid-arn: 123456789012']);
    // Image ARNs have a Region and no account, although most EC2 ARNs have both.
    assert.deepEqual(found(['arn:aws:ec2:us-east-1:123456789012:image/ami-1']), ['invalid-arn: 123456789012']);
  });

  it('reports a Region where no ARN of the service has one, or the ARN fits only a form without', () => {
    const resources = [
      'arn:aws:iam:us-east-1:111122223333:role/app',
      'arn:aws-us-gov:iam:us-gov-west-1:111122223333:role/app',
      'arn:aws:cloudfront:us-east-1:111122223333:distribution/E1',
      'arn:aws:route53:us-east-1::hostedzone/Z1',
      'arn:aws:s3:eu-west-1::my-bucket/*',
      'arn:aws:dynamodb:us-east-1:111122223333:global-table/Orders',
    ];
    assert.deepEqual(found(resources), ['invalid-arn: us-east-1', 'invalid-arn: us-gov-west-1', 'invalid-arn: us-east-1', 'invalid-arn: us-east-1', 'invalid-arn: eu-west-1', 'invalid-arn: us-east-1']);
    assert.equal(message('invalid-arn', policy('"iam:GetRole"', '"arn:aws:iam:us-east-1:111122223333:role/app"')), "No 'iam' ARN has a Region: with 'us-east-1' this ARN matches nothing. Leave the Region empty.");
    // Both parts on a bucket: each is reported.
    assert.deepEqual(found(['arn:aws:s3:us-east-1:123456789012:my-bucket']), ['invalid-arn: us-east-1', 'invalid-arn: 123456789012']);
    assert.deepEqual(found(['arn:aws:route53:us-east-1:111122223333:hostedzone/Z1']), ['invalid-arn: us-east-1', 'invalid-arn: 111122223333']);
  });

  it('accepts S3 access points, Multi-Region Access Points, Express and Outposts ARNs, and formats with a Region or account of their own', () => {
    const resources = [
      'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
      'arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/*',
      'arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap',
      'arn:aws:s3:us-west-2:123456789012:async-request/mrap/*',
      'arn:aws:s3:us-east-1:123456789012:job/*',
      'arn:aws:s3:us-east-1:123456789012:storage-lens/default',
      'arn:aws:s3express:us-east-1:123456789012:bucket/logs--use1-az4--x-s3',
      'arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01ac5d28a6a232904/bucket/b',
      'arn:aws:s3:::my-bucket/*',
      'arn:aws-cn:s3:::my-bucket',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::111122223333:role/app',
      'arn:aws:ec2:us-east-1::image/ami-1',
      'arn:aws:ec2:us-east-1:111122223333:instance/*',
      'arn:aws:dynamodb::111122223333:global-table/Orders',
      'arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
      'arn:aws:health:us-east-1::event/*',
      'arn:aws:health:global::event/*',
      'arn:aws:madeup:us-east-1:111122223333:thing/x',
    ];
    assert.deepEqual(found(resources, '"*"'), []);
  });

  it('judges literal parts only: wildcards, policy variables and open services never count', () => {
    const resources = [
      'arn:aws:iam:*:111122223333:role/app',
      'arn:aws:iam:${aws:RequestedRegion}:111122223333:role/app',
      'arn:aws:route53::*:hostedzone/*',
      'arn:aws:s3::${aws:PrincipalAccount}:my-bucket',
      'arn:aws:s3:*:*:my-bucket/*',
      'arn:aws:s3:us-*::my-bucket',
      'arn:aws:*:us-east-1:111122223333:*',
      'arn:*:iam::111122223333:role/*',
    ];
    assert.deepEqual(found(resources, '"*"'), []);
  });

  it('leaves the ARN to invalid-arn: resource-mismatch says nothing about it', () => {
    const text = policy('["s3:GetObject", "s3:ListBucket"]', '["arn:aws:s3::123456789012:my-bucket", "arn:aws:s3::123456789012:my-bucket/*"]');
    assert.deepEqual(only('resource-mismatch', text), []);
    assert.deepEqual(only('invalid-arn', text), ['invalid-arn: 123456789012', 'invalid-arn: 123456789012']);
    assert.deepEqual(only('resource-mismatch', policy('"iam:GetRole"', '"arn:aws:iam:us-east-1:111122223333:role/app"')), []);
  });

  it('fixes by emptying the part', () => {
    const s3 = (arn: string) => policy('"s3:GetObject"', JSON.stringify(arn));
    assert.equal(fixOf('invalid-arn', s3('arn:aws:s3::1234|56789012:my-bucket/*'), "Remove the account '123456789012'"), s3('arn:aws:s3:::my-bucket/*'));
    const iam = (arn: string) => policy('"iam:GetRole"', JSON.stringify(arn));
    assert.equal(fixOf('invalid-arn', iam('arn:aws:iam:us-e|ast-1:111122223333:role/app'), "Remove the Region 'us-east-1'"), iam('arn:aws:iam::111122223333:role/app'));
  });

  it('judges the written parts of values a template computes, never the computed ones', () => {
    const resources = [
      "!Sub 'arn:${AWS::Partition}:iam:us-east-1:${AWS::AccountId}:role/app'",
      "!Sub 'arn:${AWS::Partition}:s3::123456789012:my-bucket/${Prefix}/*'",
      // A computed resource part may be anything, a Multi-Region Access Point (which has an account) too.
      "!Sub 'arn:${AWS::Partition}:s3::123456789012:${Bucket}/*'",
      "!Sub 'arn:${AWS::Partition}:s3::${AWS::AccountId}:${Bucket}/*'",
      "!Sub 'arn:${AWS::Partition}:iam:${AWS::Region}:${AWS::AccountId}:role/app'",
      "!Sub 'arn:${AWS::Partition}:s3:${AWS::Region}:${AWS::AccountId}:accesspoint/${Name}'",
      "!Join [':', ['arn:aws:s3', !Ref Region, !Ref Account, 'my-bucket/*']]",
    ];
    assert.deepEqual(inTemplate('invalid-arn', resources), ['invalid-arn: us-east-1', 'invalid-arn: 123456789012']);
    assert.deepEqual(inTemplate('resource-mismatch', resources), []);
  });
});

describe('wildcard-in-arn-service', () => {
  const found = (resources: readonly string[]) => only('wildcard-in-arn-service', policy('"*"', JSON.stringify(resources)));

  it('reports a wildcard in part of the service, at the service part, in Resource and NotResource', () => {
    assert.deepEqual(found(['arn:aws:*code*::111122223333:*', 'arn:aws:s3*:::my-bucket', 'arn:aws-cn:ec?:us-east-1:111122223333:instance/*']), [
      'wildcard-in-arn-service: *code*',
      'wildcard-in-arn-service: s3*',
      'wildcard-in-arn-service: ec?',
    ]);
    assert.match(message('wildcard-in-arn-service', policy('"*"', '"arn:aws:s3*:::my-bucket"')) ?? '', /^The wildcard in the service part 's3\*' matches 's3', 's3-object-lambda', 's3-outposts' and \d+ more, and any service added later/);
    assert.match(message('wildcard-in-arn-service', policy('"*"', '"arn:aws:zz*:::x"')) ?? '', /matches no known service today/);
    const notResource = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:iam*::111122223333:*"}]}';
    assert.deepEqual(only('wildcard-in-arn-service', notResource), ['wildcard-in-arn-service: iam*']);
  });

  it('accepts a service that is only a wildcard (any service), wildcards elsewhere, variables and computed services', () => {
    const resources = ['arn:aws:*:*:111122223333:*', 'arn:*:*:*:*:*', 'arn:aws:*', 'arn:aws:s3:::my-bucket*', 'arn:aws:iam::*:role/*', '*'];
    assert.deepEqual(found(resources), []);
    assert.deepEqual(foundInTemplate('wildcard-in-arn-service', { action: 's3:GetObject', resource: "!Sub 'arn:${AWS::Partition}:${Service}*:::b'" }), []);
  });

  it('leaves a malformed ARN to invalid-arn', () => {
    assert.deepEqual(found(['arn:aws:s3*::12345:b']), []);
  });
});
