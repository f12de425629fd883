import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LanguageSettings } from '../../server/src/core/types';
import { applyAction, codeActions, doc, findings, service } from '../helpers/core';
import { grantedPairs } from '../helpers/grants';

/** Applies the action with exactly this title at the `|` marker; fails with the offered titles otherwise. */
function refactor(marked: string, title: string, settings?: LanguageSettings): string {
  const { actions, document } = codeActions(marked, settings);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'refactor.rewrite');
  const after = applyAction(document, action);
  const policy = service.parsePolicy(doc(after));
  assert.deepEqual(policy.syntaxErrors, [], `the result is not valid JSON:\n${after}`);
  assert.ok(policy.isPolicy);
  return after;
}

const titles = (marked: string, settings?: LanguageSettings) => codeActions(marked, settings).actions.map((a) => a.title);

describe('narrow Resource "*"', () => {
  it('is not offered in a role trust policy, which may have no Resource at all', () => {
    const trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "|*"}]}';
    assert.ok(!titles(trust).some((t) => t.startsWith('Narrow Resource')), titles(trust).join(' | '));
    assert.ok(titles(trust, { policyType: 'identity' }).some((t) => t.startsWith('Narrow Resource')));
  });

  it('replaces a string "*" with the template of the action\'s resource type, account from settings', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "sqs:SendMessage",
    "Resource": "|*"
  }
}`;
    const after = refactor(before, "Narrow Resource '*' to ARN templates of sqs:queue", { defaultAccountId: '123456789012' });
    assert.equal(
      after,
      `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "sqs:SendMessage",
    "Resource": "arn:\${Partition}:sqs:\${Region}:123456789012:\${QueueName}"
  }
}`,
    );
    assert.deepEqual(grantedPairs(after), ['sqs:SendMessage queue']);
    assert.equal(
      refactor(before, "Narrow Resource '*' to ARN patterns (any name) of sqs:queue", { defaultAccountId: '123456789012' }),
      before.replace('|*', 'arn:*:sqs:*:123456789012:*'),
    );
  });

  it('expands wildcards, takes partition, region and account from another ARN of the document, keeps a multi-line array', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:Send*", "sqs:Receive*"],
      "Resource": [
        "*|"
      ]
    },
    {
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "arn:aws-cn:sns:cn-north-1:111122223333:alerts"
    }
  ]
}`;
    const after = refactor(before, "Narrow Resource '*' to ARN templates of sqs:queue");
    assert.equal(after, before.replace('"*|"', '"arn:aws-cn:sqs:cn-north-1:111122223333:${QueueName}"'));
    assert.deepEqual(grantedPairs(after).filter((p) => p.startsWith('sqs:')), [
      'sqs:ReceiveMessage queue',
      'sqs:SendMessage queue',
    ]);
  });

  it('lists every resource type of every action, a string Resource becoming an array laid out like its statement', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:ListBucket"
      ],
      "Resource": "*"|
    }
  ]
}`;
    const title = "Narrow Resource '*' to ARN templates of s3:accesspointobject, s3:object, s3:accesspoint and 1 more";
    const after = refactor(before, title, { defaultPartition: 'aws' });
    assert.equal(
      after,
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:ListBucket"
      ],
      "Resource": [
        "arn:aws:s3:\${Region}:\${Account}:accesspoint/\${AccessPointName}/object/\${ObjectName}",
        "arn:aws:s3:::\${BucketName}/\${ObjectName}",
        "arn:aws:s3:\${Region}:\${Account}:accesspoint/\${AccessPointName}",
        "arn:aws:s3:::\${BucketName}"
      ]
    }
  ]
}`,
    );
    // Every pair the "*" granted is still granted: nothing silently narrowed.
    assert.deepEqual(grantedPairs(after), grantedPairs(before.replace('|', '')));
    assert.ok(!findings(after).some((f) => f.startsWith('resource-mismatch')));
  });

  it('replaces only the "*" item of a one-line array and keeps tabs and CRLF', () => {
    const before =
      '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [{\r\n\t\t"Effect": "Allow",\r\n\t\t"Action": "sqs:DeleteMessage",\r\n\t\t"Resource": [ "arn:aws:sqs:us-east-1:444455556666:jobs", "|*" ]\r\n\t}]\r\n}';
    const after = refactor(before, "Narrow Resource '*' to ARN templates of sqs:queue");
    assert.equal(
      after,
      '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [{\r\n\t\t"Effect": "Allow",\r\n\t\t"Action": "sqs:DeleteMessage",\r\n\t\t"Resource": [ "arn:aws:sqs:us-east-1:444455556666:jobs", "arn:aws:sqs:us-east-1:444455556666:${QueueName}" ]\r\n\t}]\r\n}',
    );
  });

  it('turns a one-line statement\'s string into a one-line array', () => {
    const before = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*|"}]}';
    assert.equal(
      refactor(before, "Narrow Resource '*' to ARN patterns (any name) of s3:accesspointobject, s3:object"),
      '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:*:s3:*:*:accesspoint/*/object/*", "arn:*:s3:::*/*"]}]}',
    );
  });

  it('is not offered where narrowing would change the meaning or cannot be known', () => {
    const narrow = (t: string) => titles(t).filter((x) => x.startsWith('Narrow Resource'));
    // An action that only accepts "*" would lose its grant: the split is offered instead.
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ListQueues"], "Resource": "*|"}]}'), []);
    // Narrowing a Deny widens what is allowed.
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Deny", "Action": "sqs:SendMessage", "Resource": "*|"}]}'), []);
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "NotAction": "sqs:SendMessage", "Resource": "*|"}]}'), []);
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "*|"}]}'), []);
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*|"}]}'), []);
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", 5], "Resource": "*|"}]}'), []);
    // The cursor must be on the statement's Action or Resource.
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Al|low", "Action": "sqs:SendMessage", "Resource": "*"}]}'), []);
    assert.deepEqual(narrow('{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:*:q|"}]}'), []);
  });

  it('never throws on broken statements', () => {
    for (const text of [
      '{"Statement": [{"Effect": "Allow", "Action": |',
      '{"Statement": [{"Effect": "Allow", "Action": null, "Resource": "*|"}]}',
      '{"Statement": [{"Effect": "Allow", "Action": [["s3:GetObject"]], "Resource": ["*", {}]|}]}',
      '{"Statement": {"Effect": "Allow", "Action": "s3:", "Resource": "*|"}}',
    ]) {
      assert.doesNotThrow(() => titles(text), text);
    }
  });
});

function split(marked: string, title: string): string {
  const { actions, document } = codeActions(marked);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among: ${actions.map((a) => a.title).join(' | ')}`);
  const after = applyAction(document, action);
  const policy = service.parsePolicy(doc(after));
  assert.deepEqual(policy.syntaxErrors, [], `the result is not valid JSON:\n${after}`);
  assert.ok(policy.isPolicy);
  // The grant neither widens nor silently narrows.
  assert.deepEqual(grantedPairs(after), grantedPairs(marked.replace('|', '')));
  return after;
}

const offered = (marked: string) => codeActions(marked).actions.some((a) => a.title.startsWith('Split statement'));

describe('split statement by resource type', () => {
  it('makes one statement per group of actions, the "*"-only actions keeping "*", Sids suffixed', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket", "s3:ListAllMyBuckets"],
      "Resource": "*|",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }
  ]
}`;
    assert.equal(
      split(before, 'Split statement into 3 statements by resource type'),
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadAccesspointobjectObject",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": [
        "arn:\${Partition}:s3:\${Region}:\${Account}:accesspoint/\${AccessPointName}/object/\${ObjectName}",
        "arn:\${Partition}:s3:::\${BucketName}/\${ObjectName}"
      ],
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {
      "Sid": "ReadAccesspointBucket",
      "Effect": "Allow",
      "Action": ["s3:ListBucket"],
      "Resource": [
        "arn:\${Partition}:s3:\${Region}:\${Account}:accesspoint/\${AccessPointName}",
        "arn:\${Partition}:s3:::\${BucketName}"
      ],
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {
      "Sid": "ReadAnyResource",
      "Effect": "Allow",
      "Action": ["s3:ListAllMyBuckets"],
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }
  ]
}`,
    );
  });

  it('wraps a single statement object in an array, one level deeper, with CRLF kept; wildcards stay when they fit one group', () => {
    const before =
      '{\r\n  "Version": "2012-10-17",\r\n  "Statement": {\r\n    "Effect": "Allow",\r\n    "Action": "sqs:Send*",\r\n    "Resource": "*|"\r\n  }\r\n}';
    const withList = before.replace('"sqs:Send*"', '[\r\n      "sqs:Send*",\r\n      "sqs:ListQueues"\r\n    ]');
    assert.equal(
      split(withList, 'Split statement into 2 statements by resource type'),
      '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n' +
        '    {\r\n      "Effect": "Allow",\r\n      "Action": [\r\n        "sqs:Send*"\r\n      ],\r\n      "Resource": "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"\r\n    },\r\n' +
        '    {\r\n      "Effect": "Allow",\r\n      "Action": [\r\n        "sqs:ListQueues"\r\n      ],\r\n      "Resource": "*"\r\n    }\r\n' +
        '  ]\r\n}',
    );
    // One group only: nothing to split.
    assert.equal(offered(before), false);
  });

  it('splits a one-line statement object into a one-line array, filling partition and account from the document', () => {
    const before = '{"Statement": {"Effect": "Allow", "Action": ["sns:Publish", "sns:ListTopics"], "Resource": "*|", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}}';
    assert.equal(
      split(before, 'Split statement into 2 statements by resource type'),
      '{"Statement": [{"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "arn:aws:sns:${Region}:111122223333:${TopicName}", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}, ' +
        '{"Effect": "Allow", "Action": ["sns:ListTopics"], "Resource": "*", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}',
    );
  });

  it('keeps the "[{ ... }, { ... }]" style of a statement that does not start its own line, with tabs', () => {
    const before = '{\n\t"Statement": [{\n\t\t"Effect": "Allow",\n\t\t"Action": ["sqs:SendMessage", "sqs:ListQueues"],\n\t\t"Resource": "*|"\n\t}]\n}';
    assert.equal(
      split(before, 'Split statement into 2 statements by resource type'),
      '{\n\t"Statement": [{\n\t\t"Effect": "Allow",\n\t\t"Action": ["sqs:SendMessage"],\n\t\t"Resource": "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"\n\t}, ' +
        '{\n\t\t"Effect": "Allow",\n\t\t"Action": ["sqs:ListQueues"],\n\t\t"Resource": "*"\n\t}]\n}',
    );
  });

  it('expands a wildcard that spans groups into its actions, and keeps every pair', () => {
    const before = '{"Statement": [{"Sid": "S3", "Effect": "Allow", "Action": ["s3:Get*", "s3:PutObject"], "Resource": "|*"}, {"Sid": "S3AnyResource", "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]}';
    const after = split(before, 'Split statement into 14 statements by resource type');
    const statements = service.parsePolicy(doc(after)).statements;
    assert.equal(statements.length, 15);
    assert.ok(statements.every((s) => !s.action?.items.some((i) => i.value === 's3:Get*')));
    const sids = statements.map((s) => s.sid?.value);
    assert.equal(new Set(sids).size, sids.length, `Sids are unique: ${sids.join(', ')}`);
    assert.ok(sids.includes('S3AnyResource2'));
  });

  it('is not offered for Deny, NotAction, NotResource, a Resource other than "*", or outside Action and Resource', () => {
    const base = '{"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ListQueues"], "Resource": "*|"}]}';
    assert.equal(offered(base), true);
    assert.equal(offered(base.replace('Allow', 'Deny')), false);
    assert.equal(offered(base.replace('"Action"', '"NotAction"')), false);
    assert.equal(offered(base.replace('"Resource": "*|"', '"NotResource": "*|"')), false);
    assert.equal(offered(base.replace('"*|"', '["*", "arn:aws:sqs:*:*:q|"]')), false);
    assert.equal(offered(base.replace('"*|"', '"*"').replace('"Effect"', '"Eff|ect"')), false);
  });
});
