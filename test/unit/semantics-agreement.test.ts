// Hover, completion, the refactorings and the rules ask one semantics layer (core/semantics) about
// ARNs, so they cannot disagree: each case here is a disagreement users met when each feature
// had its own helper.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, codeActions, complete, findings, hover } from '../helpers/core';

describe('one semantics layer: hover, completion, refactorings and rules agree', () => {
  it('hover accepts a log-stream pattern under a log group for logs:PutLogEvents, as the rules do', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/|x:*"}}';
    const { markdown } = hover(text);
    assert.ok(markdown?.includes('✓ **Accepted by** 1 action: `logs:PutLogEvents`'), markdown);
    assert.ok(!markdown?.includes('Not accepted'), markdown);
    assert.deepEqual(findings(text.replace('|', '')).filter((f) => f.startsWith('resource-mismatch')), []);
  });

  it('hover shows a policy variable with a colon as one account part', () => {
    const { markdown } = hover('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:role/|x"}}');
    assert.ok(markdown?.includes('**Account** `${aws:PrincipalAccount}` · **Resource** `role/x`'), markdown);
    assert.ok(markdown?.includes('✓ **Accepted by** 1 action: `iam:PassRole`'), markdown);
  });

  it('completion and Narrow Resource fill the Region of the document, eusc-de-east-1 included', () => {
    const statements = (resource: string) => `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws-eusc:sqs:eusc-de-east-1:123456789012:orders"},
  {"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": ${resource}}
]}`;
    const { items } = complete(statements('"|"'));
    assert.ok(items.some((i) => i.label === 'arn:aws-eusc:sqs:eusc-de-east-1:123456789012:${QueueName}'), items.map((i) => i.label).join('\n'));
    const { actions, document } = codeActions(statements('"|*"'));
    const narrow = actions.find((a) => a.title.startsWith("Narrow Resource '*' to ARN templates"));
    assert.ok(narrow, actions.map((a) => a.title).join('\n'));
    assert.match(applyAction(document, narrow), /"Resource": "arn:aws-eusc:sqs:eusc-de-east-1:123456789012:\$\{QueueName\}"/);
  });
});
