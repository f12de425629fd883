// Deterministic IAM policies of a target size for the benchmark. The same seed and size give
// the same text on every machine (no catalogue lookups, no clock), so figures stay comparable.

/** Small, fast, seeded PRNG (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real actions from many services, so analysis touches many catalogue entries as real policies do.
const ACTIONS = [
  's3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketPolicy', 's3:Get*', 's3:List*',
  'ec2:DescribeInstances', 'ec2:StartInstances', 'ec2:StopInstances', 'ec2:RunInstances', 'ec2:Describe*', 'ec2:CreateTags',
  'iam:GetRole', 'iam:PassRole', 'iam:ListRoles', 'iam:CreateRole', 'iam:List*', 'iam:GetPolicyVersion',
  'lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:UpdateFunctionCode', 'lambda:List*',
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem',
  'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
  'sns:Publish', 'sns:Subscribe', 'sns:ListTopics',
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey',
  'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:Describe*',
  'cloudwatch:PutMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:Describe*',
  'sts:AssumeRole', 'sts:GetCallerIdentity',
  'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret',
  'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath',
  'ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer',
  'ecs:RunTask', 'ecs:DescribeTasks', 'eks:DescribeCluster',
  'cloudformation:DescribeStacks', 'cloudformation:CreateStack',
  'route53:ChangeResourceRecordSets', 'route53:ListHostedZones',
  'elasticloadbalancing:DescribeLoadBalancers', 'autoscaling:DescribeAutoScalingGroups',
  'kinesis:PutRecord', 'kinesis:GetRecords', 'firehose:PutRecordBatch',
  'athena:StartQueryExecution', 'glue:GetTable', 'glue:GetDatabase',
  'states:StartExecution', 'events:PutEvents', 'apigateway:GET', 'cognito-idp:AdminGetUser',
  'codebuild:StartBuild', 'codepipeline:StartPipelineExecution', 'xray:PutTraceSegments',
];
// A few misspellings, so validation reports (and suggests) like on a policy being written.
const TYPOS = ['s3:GetObjekt', 'ec2:DescribeInstance', 'dynamodb:Querry', 'lambda:InvokeFunctions'];
const RESOURCES = [
  '*', 'arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*', 'arn:aws:iam::123456789012:role/app-${aws:username}',
  'arn:aws:dynamodb:us-east-1:123456789012:table/Orders', 'arn:aws:sqs:eu-west-1:123456789012:jobs',
  'arn:aws:lambda:us-east-1:123456789012:function:worker', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:logs:*:123456789012:log-group:/aws/lambda/*', 'arn:aws:ec2:*:*:instance/*',
];
const CONDITIONS = [
  { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
  { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } },
  { StringEquals: { 'aws:ResourceTag/team': 'payments' } },
  { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:*' } },
];

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

function statement(rnd, i) {
  const actionCount = 1 + Math.floor(rnd() * 6);
  const actions = Array.from({ length: actionCount }, () => (rnd() < 0.02 ? pick(rnd, TYPOS) : pick(rnd, ACTIONS)));
  const s = { Sid: `Stmt${i}`, Effect: rnd() < 0.85 ? 'Allow' : 'Deny', Action: actions.length === 1 ? actions[0] : actions };
  const resourceCount = 1 + Math.floor(rnd() * 3);
  s.Resource = resourceCount === 1 ? pick(rnd, RESOURCES) : Array.from({ length: resourceCount }, () => pick(rnd, RESOURCES));
  if (rnd() < 0.4) s.Condition = pick(rnd, CONDITIONS);
  return s;
}

/**
 * An identity policy of about `bytes` characters (pretty-printed JSON, as people write them).
 * Statements are appended until the size is reached.
 */
export function generatePolicy(bytes, seed = 42) {
  const rnd = random(seed);
  const statements = [];
  let size = 60;
  while (size < bytes) {
    const s = statement(rnd, statements.length);
    const json = JSON.stringify(s, null, 4);
    // Each line is indented two more levels inside the document, plus ",\n" between statements.
    size += json.length + 8 * json.split('\n').length + 2;
    statements.push(s);
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4) + '\n';
}

/** Offset of the n-th occurrence (0-based; negative counts from the end) of `needle`, or -1. */
export function nthIndexOf(text, needle, n) {
  const all = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) all.push(i);
  return all.length === 0 ? -1 : all[(n < 0 ? all.length + n : Math.min(n, all.length - 1))];
}

/** A policy naming one action of every service prefix given, so the whole catalogue is loaded. */
export function catalogueSweepPolicy(actionNames) {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actionNames, Resource: '*' }] }, null, 2);
}
