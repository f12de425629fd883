import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { narrowWildcardAction } from '../../server/src/core/actions/narrowAction';
import { getIamLanguageService } from '../../server/src/core/languageService';
import { applyAction, catalog, codeActions, doc, findings, service, withCursor } from '../helpers/core';

const codes = (text: string) => new Set(findings(text).map((f) => f.slice(0, f.indexOf(':'))));

/** Applies the action with exactly this title at the `|` marker; the result must parse and bring no new kind of finding. */
function refactor(marked: string, title: string): string {
  const { actions, document } = codeActions(marked);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no '${title}' among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'refactor.rewrite');
  const after = applyAction(document, action);
  assert.deepEqual(service.parsePolicy(doc(after)).syntaxErrors, [], `the result is not valid JSON:\n${after}`);
  const known = codes(document.getText());
  assert.deepEqual([...codes(after)].filter((c) => !known.has(c)), [], `new findings in:\n${after}`);
  return after;
}

/** Titles of the wildcard refactorings (expand, narrow to levels, collapse) at the marker. */
const titles = (marked: string) =>
  codeActions(marked).actions.map((a) => a.title).filter((t) => /^(Expand|Narrow '|Collapse)/.test(t));

describe('narrow a wildcard action', () => {
  it('expands a string value into a multi-line array laid out like its statement', () => {
    const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sqs:G|et*",
      "Resource": "*"
    }
  ]
}`;
    assert.equal(
      refactor(before, "Expand 'sqs:Get*' to its 2 actions"),
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl"
      ],
      "Resource": "*"
    }
  ]
}`,
    );
  });

  it('expands inside a multi-line CRLF array, leaving out actions the array already lists', () => {
    const before = '{\r\n "Statement": [{\r\n  "Effect": "Allow",\r\n  "Action": [\r\n   "sqs:List*|",\r\n   "sqs:ListQueues"\r\n  ],\r\n  "Resource": "*"\r\n }]\r\n}';
    assert.equal(
      refactor(before, "Expand 'sqs:List*' to its 4 actions"),
      '{\r\n "Statement": [{\r\n  "Effect": "Allow",\r\n  "Action": [\r\n   "sqs:ListDeadLetterSourceQueues",\r\n   "sqs:ListMessageMoveTasks",\r\n   "sqs:ListQueueTags",\r\n   "sqs:ListQueues"\r\n  ],\r\n  "Resource": "*"\r\n }]\r\n}',
    );
  });

  it('offers the read-only and the read-and-list variants when they differ', () => {
    const before = '{"Statement": {"Effect": "Allow", "Action": ["sqs:*Message*|", "sns:Publish"], "Resource": "*"}}';
    assert.deepEqual(titles(before), [
      "Expand 'sqs:*Message*' to its 7 actions",
      "Narrow 'sqs:*Message*' to its 2 actions (read-only)",
      "Narrow 'sqs:*Message*' to chosen access levels…",
    ]);
    assert.equal(
      refactor(before, "Narrow 'sqs:*Message*' to its 2 actions (read-only)"),
      '{"Statement": {"Effect": "Allow", "Action": ["sqs:ListMessageMoveTasks", "sqs:ReceiveMessage", "sns:Publish"], "Resource": "*"}}',
    );
    const kms = '{"Statement": {"Effect": "Allow", "Action": "kms:*Alias*|", "Resource": "*"}}';
    assert.equal(refactor(kms, "Narrow 'kms:*Alias*' to its 1 action (read and list)"), kms.replace('kms:*Alias*|', 'kms:ListAliases'));
  });

  it('offers the command only to a client that runs it; other editors get the plain edits', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": "sns:*Topic", "Resource": "*"}]}';
    const document = TextDocument.create('file:///plain-client.json', 'json', 1, text);
    const at = document.positionAt(text.indexOf('sns:*') + 3);
    const plain = getIamLanguageService({ catalog });
    const titlesOf = (ls: typeof plain) => ls.getCodeActions(document, { start: at, end: at }, { diagnostics: [] }).map((a) => a.title);
    assert.ok(!titlesOf(plain).some((t) => t.endsWith('chosen access levels…')), titlesOf(plain).join(' | '));
    assert.ok(titlesOf(plain).includes("Expand 'sns:*Topic' to its 3 actions"), titlesOf(plain).join(' | '));
    assert.ok(titlesOf(service).includes("Narrow 'sns:*Topic' to chosen access levels…"));
    // The facade's verb is what the server's request handler calls.
    const edit = plain.narrowWildcardAction(document, at, ['Write']);
    assert.ok(edit);
    assert.equal(TextDocument.applyEdits(document, [edit]), text.replace('"sns:*Topic"', '["sns:CreateTopic", "sns:DeleteTopic"]'));
  });

  it('hands the levels and their counts to the command, which narrows to the chosen levels', () => {
    const marked = '{"Statement": [{"Effect": "Allow", "Action": "sns:*To|pic", "Resource": "*"}]}';
    const action = codeActions(marked).actions.find((a) => a.title === "Narrow 'sns:*Topic' to chosen access levels…");
    assert.ok(action?.command);
    assert.equal(action.command.command, 'iamPolicy.narrowWildcardAction');
    const args = action.command.arguments?.[0];
    assert.deepEqual(args.levels, [
      { level: 'List', count: 1 },
      { level: 'Write', count: 2 },
    ]);
    assert.deepEqual(args.position, { line: 0, character: 45 });
    const { text } = withCursor(marked);
    const document = TextDocument.create('file:///narrow.json', 'json', 1, text);
    const policy = service.parsePolicy(document);
    const edit = narrowWildcardAction(document, policy, catalog, args.position, ['Write']);
    assert.ok(edit);
    assert.equal(
      TextDocument.applyEdits(document, [edit]),
      '{"Statement": [{"Effect": "Allow", "Action": ["sns:CreateTopic", "sns:DeleteTopic"], "Resource": "*"}]}',
    );
    assert.equal(narrowWildcardAction(document, policy, catalog, args.position, ['Read']), undefined, 'nothing would remain');
    assert.equal(narrowWildcardAction(document, policy, catalog, { line: 0, character: 2 }, ['Write']), undefined, 'no wildcard there');
  });

  it('offers only the full expansion in NotAction, where dropping actions would widen the grant', () => {
    assert.deepEqual(titles('{"Statement": [{"Effect": "Deny", "NotAction": ["sqs:*Message*|"], "Resource": "*"}]}'), [
      "Expand 'sqs:*Message*' to its 7 actions",
    ]);
  });

  it('offers nothing per item when a selection spans more than five wildcards', () => {
    const items = ['sqs:Get*', 'sqs:List*', 'sns:*Topic', 'kms:*Alias*', 'ssm:*Parameter', 'sqs:*Message*'];
    const text = (n: number) => `{"Statement": [{"Effect": "Allow", "Action": [${items.slice(0, n).map((i) => JSON.stringify(i)).join(', ')}], "Resource": "*"}]}`;
    const selection = (n: number) => {
      const document = doc(text(n));
      const start = text(n).indexOf('[');
      const range = { start: document.positionAt(start), end: document.positionAt(text(n).indexOf(']') + 1) };
      return service.getCodeActions(document, range, { diagnostics: [] }).filter((a) => a.title.startsWith('Expand')).length;
    };
    assert.equal(selection(5), 5);
    assert.equal(selection(6), 0);
  });

  it('leaves service wildcards, unknown patterns and plain actions alone', () => {
    for (const action of ['"*|"', '"s*:Get*|"', '"sqs:Nope*|"', '"sqs:SendMessage|"']) {
      assert.deepEqual(titles(`{"Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": "arn:aws:sqs:*:*:q"}]}`), [], action);
    }
  });
});

describe('collapse actions into a wildcard', () => {
  it('collapses the listed actions that a verb wildcard matches exactly, keeping the other items', () => {
    const before = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:GetQueueAttributes"|], "Resource": "*"}]}';
    assert.deepEqual(titles(before), ["Collapse 2 actions into 'sqs:Get*'"]);
    assert.equal(
      refactor(before, "Collapse 2 actions into 'sqs:Get*'"),
      '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:Get*", "sqs:SendMessage"], "Resource": "*"}]}',
    );
  });

  it('removes the collapsed items with their separators in a multi-line CRLF array', () => {
    const before =
      '{\r\n  "Statement": {\r\n    "Effect": "Allow",\r\n    "Action": [\r\n      "sqs:SendMessage",\r\n      "sqs:ListQueues",\r\n      "sqs:ListQueueTags",\r\n      "sqs:ListMessageMoveTasks",|\r\n      "sqs:ListDeadLetterSourceQueues"\r\n    ],\r\n    "Resource": "*"\r\n  }\r\n}';
    assert.equal(
      refactor(before, "Collapse 4 actions into 'sqs:List*'"),
      '{\r\n  "Statement": {\r\n    "Effect": "Allow",\r\n    "Action": [\r\n      "sqs:SendMessage",\r\n      "sqs:List*"\r\n    ],\r\n    "Resource": "*"\r\n  }\r\n}',
    );
  });

  it('offers one verb wildcard per verb for a complete service list, never the service wildcard', () => {
    const all = catalog.matchActions('sqs:*').map((a) => JSON.stringify(a.fullName));
    const before = `{"Statement": [{"Effect": "Allow", "Action": [${all.join(', ')}|], "Resource": "*"}]}`;
    assert.deepEqual(titles(before), [
      "Collapse 2 actions into 'sqs:Delete*'",
      "Collapse 2 actions into 'sqs:Get*'",
      "Collapse 4 actions into 'sqs:List*'",
    ]);
  });

  it('is not offered when an action of the wildcard is missing, the wildcard is already listed, or the value is a string', () => {
    assert.deepEqual(titles('{"Statement": [{"Effect": "Allow", "Action": ["sqs:ListQueues", "sqs:ListQueueTags"|], "Resource": "*"}]}'), []);
    assert.deepEqual(titles('{"Statement": [{"Effect": "Allow", "Action": ["sqs:Get*", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"|], "Resource": "*"}]}'), []);
    assert.deepEqual(titles('{"Statement": [{"Effect": "Allow", "Action": "sqs:GetQueueUrl|", "Resource": "*"}]}'), []);
  });
});
