import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import type { LanguageSettings } from '../../server/src/core/types';
import { applyCompletion, complete } from '../helpers/core';

/** Labels in the order the editor shows them before filtering (by sortText). */
function labels(marked: string, settings?: LanguageSettings): string[] {
  return sorted(complete(marked, settings).items).map((i) => String(i.label));
}

function sorted(items: CompletionItem[]): CompletionItem[] {
  return [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '') || String(a.label).localeCompare(String(b.label)));
}

/** Expands a snippet as an editor would, every placeholder keeping its default (choices their first). */
function expand(snippet: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    const rest = snippet.slice(i);
    const choice = /^\$\{\d+\|([^,|]*)[^}]*\}/.exec(rest);
    const placeholder = /^\$\{\d+:/.exec(rest);
    const tabStop = /^\$\d+/.exec(rest);
    if (c === '\\' && i + 1 < snippet.length) out += snippet[++i];
    else if (choice) {
      out += choice[1];
      i += choice[0].length - 1;
    } else if (placeholder) {
      depth++;
      i += placeholder[0].length - 1;
    } else if (tabStop) i += tabStop[0].length - 1;
    else if (c === '}' && depth > 0) depth--;
    else out += c;
  }
  return out;
}

/** The whole text after picking the item with this label (snippets expanded). */
function pick(marked: string, label: string, settings?: LanguageSettings): string {
  const { items, document } = complete(marked, settings);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} among ${items.slice(0, 30).map((i) => i.label).join(', ')}`);
  const edited = applyCompletion(document, { ...item, textEdit: { ...(item.textEdit as { range: never; newText: string }), newText: expand((item.textEdit as { newText: string }).newText) } });
  return edited;
}

const stmt = (body: string) => `{"Version": "2012-10-17", "Statement": [{${body}}]}`;

describe('completion: structure keys', () => {
  it('offers the top-level keys not yet present, inserting the whole property', () => {
    assert.deepEqual(labels('{"Version": "2012-10-17", |"Statement": []}'), ['Id']);
    assert.equal(pick('{"Statement": [], "V|"}', 'Version'), '{"Statement": [], "Version": "2012-10-17"}');
  });

  it('offers statement keys not present, never the twin of a present one', () => {
    assert.deepEqual(labels(stmt('"Effect": "Allow", "Action": "s3:GetObject", "|"')), ['Resource', 'Sid', 'Principal', 'Condition', 'NotResource', 'NotPrincipal']);
  });

  it('replaces a partly typed key: quoted, unterminated or bare; only the key when a colon follows', () => {
    assert.equal(pick(stmt('"Ef|'), 'Effect'), stmt('"Effect": "Allow"'));
    assert.equal(pick(stmt('"Action": "*", Ef|'), 'Effect'), stmt('"Action": "*", "Effect": "Allow"'));
    assert.equal(pick(stmt('"Ac|": "s3:GetObject"'), 'Action'), stmt('"Action": "s3:GetObject"'));
    assert.equal(pick(stmt('Re| "Action": "x"'), 'Resource'), stmt('"Resource": "", "Action": "x"'));
  });

  it('inserts a statement in the Statement array and a skeleton in an empty document or object', () => {
    assert.deepEqual(labels('{"Version": "2012-10-17", "Statement": [|]}'), ['New statement']);
    assert.equal(
      pick('{"Statement": [|]}', 'New statement'),
      '{"Statement": [{\n\t"Sid": "",\n\t"Effect": "Allow",\n\t"Action": "",\n\t"Resource": ""\n}]}',
    );
    assert.equal(pick('|', 'IAM policy'), '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{\n\t\t\t"Sid": "",\n\t\t\t"Effect": "Allow",\n\t\t\t"Action": "",\n\t\t\t"Resource": ""\n\t\t}\n\t]\n}');
    assert.deepEqual(labels('{|}'), ['IAM policy', 'Version', 'Id', 'Statement']);
    assert.equal(
      pick('{"Version": "2012-10-17", "Statement": |}', 'New statement'),
      '{"Version": "2012-10-17", "Statement": [\n\t{\n\t\t"Sid": "",\n\t\t"Effect": "Allow",\n\t\t"Action": "",\n\t\t"Resource": ""\n\t}\n]}',
    );
    assert.deepEqual(labels('{"name": "x", |}'), [], 'other JSON is left alone');
  });
});

describe('completion: Effect and Version', () => {
  it('offers Allow/Deny and the two versions, quoted or not', () => {
    assert.deepEqual(labels(stmt('"Effect": "|"')), ['Allow', 'Deny']);
    assert.equal(pick(stmt('"Effect": D|'), 'Deny'), stmt('"Effect": "Deny"'));
    assert.deepEqual(labels('{"Version": "|", "Statement": []}'), ['2012-10-17', '2008-10-17']);
    assert.equal(pick('{"Version": "20|", "Statement": []}', '2012-10-17'), '{"Version": "2012-10-17", "Statement": []}');
  });
});

describe('completion: actions', () => {
  it('offers service prefixes that re-open the list, and *', () => {
    const l = labels(stmt('"Action": "|"'));
    assert.ok(l.includes('s3') && l.includes('ec2') && l.at(-1) === '*');
    const { items } = complete(stmt('"Action": |'));
    const s3 = items.find((i) => i.label === 's3')!;
    assert.equal(s3.detail, 'Amazon S3');
    assert.equal(s3.command?.command, 'editor.action.triggerSuggest');
    assert.equal(pick(stmt('"Action": |'), 's3'), stmt('"Action": "s3:"'));
  });

  it('offers the actions of the typed service with access level, description and wildcard counts', () => {
    const { items } = complete(stmt('"Action": "s3:GetObj|"'));
    const top = sorted(items).slice(0, 3).map((i) => i.label);
    assert.deepEqual(top, ['s3:GetObj*', 's3:GetObject', 's3:GetObjectAcl']);
    const getObject = items.find((i) => i.label === 's3:GetObject')!;
    assert.deepEqual(getObject.labelDetails, { description: 'Read' });
    assert.match((getObject.documentation as { value: string }).value, /retrieve objects/);
    const star = items.find((i) => i.label === 's3:*')!;
    assert.match(star.labelDetails?.description ?? '', /^\d+ actions$/);
  });

  it('replaces the whole token, with or without quotes, in strings and arrays, single statement objects too', () => {
    assert.equal(pick(stmt('"Action": "s3:GetOb|ject"'), 's3:GetObjectAcl'), stmt('"Action": "s3:GetObjectAcl"'));
    assert.equal(pick(stmt('"Action": s3:GetOb|'), 's3:GetObject'), stmt('"Action": "s3:GetObject"'));
    assert.equal(pick(stmt('"Action":s3:GetOb|'), 's3:GetObject'), stmt('"Action":"s3:GetObject"'));
    assert.equal(pick(stmt('"Action": ["s3:ListBucket", s3:GetOb|]'), 's3:GetObject'), stmt('"Action": ["s3:ListBucket", "s3:GetObject"]'));
    assert.equal(pick(stmt('"Action": ["s3:ListBucket", "s3:GetOb|]'), 's3:GetObject'), stmt('"Action": ["s3:ListBucket", "s3:GetObject"]'));
    assert.equal(pick(stmt('"Action": ["s3:ListBucket", |,]'), 's3'), stmt('"Action": ["s3:ListBucket", "s3:",]'));
    assert.equal(
      pick('{"Statement": {"Effect": "Allow", "Action": s3:GetObj|}}', 's3:GetObject'),
      '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}',
    );
  });

  it('keeps CRLF line ends and comments, and works in a later statement', () => {
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    assert.equal(
      pick(crlf('{\n  "Statement": [\n    {\n      "Action": [\n        s3:GetOb|\n      ]\n    }\n  ]\n}'), 's3:GetObject'),
      crlf('{\n  "Statement": [\n    {\n      "Action": [\n        "s3:GetObject"\n      ]\n    }\n  ]\n}'),
    );
    assert.equal(
      pick('{\n  // ours\n  "Statement": [{"Effect": "Allow", /* c */ "Action": "s3:|"}]}', 's3:*'),
      '{\n  // ours\n  "Statement": [{"Effect": "Allow", /* c */ "Action": "s3:*"}]}',
    );
    assert.equal(pick('{"Statement": [{"Effect": "Deny", "Action": "*"}, {"Action": "sqs:Send|"}]}', 'sqs:SendMessage'), '{"Statement": [{"Effect": "Deny", "Action": "*"}, {"Action": "sqs:SendMessage"}]}');
  });

  it('matches case-insensitively, spells wildcards as AWS does, and skips actions already listed', () => {
    const l = labels(stmt('"Action": ["s3:GetObject", S3:get|]'));
    assert.equal(l[0], 's3:Get*');
    assert.ok(!l.includes('s3:GetObject'));
    assert.ok(l.includes('s3:GetObjectAcl'));
    assert.deepEqual(labels(stmt('"Action": "nosuchservice:|"')), []);
  });

  it('completes NotAction like Action', () => {
    assert.equal(pick(stmt('"Effect": "Deny", "NotAction": ["iam:*", sts:GetCallerId|]'), 'sts:GetCallerIdentity'), stmt('"Effect": "Deny", "NotAction": ["iam:*", "sts:GetCallerIdentity"]'));
    assert.ok(!labels(stmt('"NotAction": ["iam:*", "iam:|"]')).includes('iam:*'));
  });
});

describe('completion: resources', () => {
  it('offers the ARN templates of the statement actions\' resource types, then *', () => {
    assert.deepEqual(labels(stmt('"Action": "s3:GetObject", "Resource": "|"')), [
      'arn:aws:s3:::${BucketName}/${ObjectName}',
      'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}',
      '*',
    ]);
    assert.equal(
      pick(stmt('"Action": "s3:GetObject", "Resource": [|]'), 'arn:aws:s3:::${BucketName}/${ObjectName}'),
      stmt('"Action": "s3:GetObject", "Resource": ["arn:aws:s3:::BucketName/ObjectName"]'),
    );
    const { items } = complete(stmt('"Action": "s3:GetObject", "Resource": "|"'));
    assert.equal((items[0].textEdit as { newText: string }).newText, '"arn:aws:s3:::${1:BucketName}/${2:ObjectName}"');
  });

  it('prefills partition, Region and account from the document, else from settings', () => {
    const { items } = complete(
      `{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "|"},
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws-cn:sns:cn-north-1:111122223333:topic"}]}`,
    );
    assert.equal(items[0].label, 'arn:aws-cn:sqs:cn-north-1:111122223333:${QueueName}');
    assert.equal((items[0].textEdit as { newText: string }).newText, '"arn:aws-cn:sqs:${1:cn-north-1}:${2:111122223333}:${3:QueueName}"');
    const settings = { defaultPartition: 'aws-us-gov', defaultRegion: 'us-gov-west-1', defaultAccountId: '444455556666' };
    assert.equal(labels(stmt('"Action": "sqs:SendMessage", "Resource": |'), settings)[0], 'arn:aws-us-gov:sqs:us-gov-west-1:444455556666:${QueueName}');
  });

  it('completes NotResource, skipping values already listed, and leaves NotAction statements to the prefixes', () => {
    assert.deepEqual(labels(stmt('"Action": "sqs:SendMessage", "NotResource": ["*", |]')), ['arn:aws:sqs:${Region}:${Account}:${QueueName}']);
    assert.ok(labels(stmt('"NotAction": "sqs:SendMessage", "Resource": |')).includes('arn:aws:sqs:'));
  });

  it('offers ARN service prefixes without actions, and that service\'s templates once named', () => {
    const l = labels(stmt('"Effect": "Allow", "Resource": "|"'));
    assert.ok(l.includes('arn:aws:s3:') && l.at(-1) === '*');
    assert.deepEqual(labels(stmt('"Resource": "arn:aws:sqs:|"')), ['arn:aws:sqs:${Region}:${Account}:${QueueName}', '*']);
  });

  it('offers policy variables inside a Resource string, replacing only the variable', () => {
    const l = labels(stmt('"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:us|"'));
    assert.equal(l[0], '${aws:username}');
    assert.equal(
      pick(stmt('"Resource": "arn:aws:s3:::b/${aws:us|}/*"'), '${aws:username}'),
      stmt('"Resource": "arn:aws:s3:::b/${aws:username}/*"'),
    );
    assert.equal(
      pick(stmt('"Resource": "arn:aws:s3:::b/${aws:Pri|"'), '${aws:PrincipalTag/tag-key}'),
      stmt('"Resource": "arn:aws:s3:::b/${aws:PrincipalTag/tag-key}"'),
    );
  });
});

describe('completion: conditions', () => {
  it('offers operators, IfExists forms and set prefixes, as whole properties', () => {
    const l = labels(stmt('"Action": "s3:GetObject", "Condition": {"|"}'));
    assert.equal(l.length, 27 + 26 + 2);
    assert.deepEqual(l.slice(0, 2), ['StringEquals', 'StringNotEquals']);
    assert.ok(l.includes('StringLikeIfExists') && l.includes('ForAnyValue:') && !l.includes('NullIfExists'));
    assert.equal(pick(stmt('"Condition": {Str|}'), 'StringLike'), stmt('"Condition": {"StringLike": {\n\t"": ""\n}}'));
    assert.equal(pick(stmt('"Condition": {"ForA|"}'), 'ForAnyValue:'), stmt('"Condition": {"ForAnyValue:"}'));
    assert.deepEqual(labels(stmt('"Condition": {"ForAllValues:|"}')).slice(0, 2), ['ForAllValues:StringEquals', 'ForAllValues:StringNotEquals']);
  });

  it('ranks the set prefixes first for a multivalued key', () => {
    assert.deepEqual(labels(stmt('"Condition": {"|": {"aws:TagKeys": ["team"]}}')).slice(0, 3), ['ForAllValues:', 'ForAnyValue:', 'StringEquals']);
  });

  it('ranks the operators that fit a known key first', () => {
    assert.deepEqual(labels(stmt('"Condition": {"|": {"aws:SecureTransport": "true"}}')).slice(0, 2), ['Bool', 'BoolIfExists']);
    assert.deepEqual(labels(stmt('"Condition": {"|": {"aws:SourceIp": "10.0.0.0/8"}}')).slice(0, 4), ['IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists']);
    assert.equal(pick(stmt('"Condition": {"Str|": {"aws:SourceIp": "x"}}'), 'IpAddress'), stmt('"Condition": {"IpAddress": {"aws:SourceIp": "x"}}'));
  });

  it('offers the actions\' keys, then their resource types\' keys, then global keys, with type and description', () => {
    const { items } = complete(stmt('"Action": "s3:GetObject", "Condition": {"StringEquals": {"|"}}'));
    const l = sorted(items).map((i) => i.label);
    assert.equal(l[0], 's3:AccessGrantsInstanceArn');
    assert.ok(l.indexOf('s3:ExistingObjectTag/<key>') < l.indexOf('aws:SourceIp'));
    const sourceIp = items.find((i) => i.label === 'aws:SourceIp')!;
    assert.equal(sourceIp.labelDetails?.description, 'IPAddress');
    assert.ok(String((sourceIp.documentation as { value: string }).value).length > 20);
    assert.equal(labels(stmt('"Condition": {"Bool": {"|"}}'))[0].startsWith('aws:'), true);
  });

  it('inserts tag-suffix keys as snippets and skips keys already present', () => {
    assert.equal(
      pick(stmt('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:Req|"}}'), 'aws:RequestTag/${TagKey}'),
      stmt('"Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:RequestTag/TagKey": ""}}'),
    );
    const { items } = complete(stmt('"Condition": {"StringEquals": {"aws:Req|"}}'));
    assert.equal((items.find((i) => i.label === 'aws:RequestTag/${TagKey}')!.textEdit as { newText: string }).newText, '"aws:RequestTag/${1:TagKey}": "$2"');
    assert.ok(!labels(stmt('"Condition": {"StringEquals": {"aws:SourceVpc": "v", |}}')).includes('aws:SourceVpc'));
  });

  it('offers true/false for Bool keys, known values, service principals and policy variables', () => {
    assert.deepEqual(labels(stmt('"Condition": {"Bool": {"aws:SecureTransport": |}}')), ['true', 'false']);
    assert.equal(pick(stmt('"Condition": {"Bool": {"aws:SecureTransport": "f|"}}'), 'false'), stmt('"Condition": {"Bool": {"aws:SecureTransport": "false"}}'));
    assert.deepEqual(labels(stmt('"Condition": {"StringEquals": {"aws:PrincipalType": ["User", |]}}')).slice(0, 2), ['Account', 'User']);
    assert.ok(labels(stmt('"Condition": {"StringEquals": {"iam:PassedToService": "|"}}')).includes('ec2.amazonaws.com'));
    assert.deepEqual(labels(stmt('"Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Condition": {"StringEquals": {"aws:SourceAccount": |}}')), ['111122223333']);
    assert.deepEqual(labels(stmt('"Condition": {"StringEquals": {"aws:RequestedRegion": |}}'), { defaultRegion: 'eu-central-1' }), ['eu-central-1']);
    assert.deepEqual(labels(stmt('"Condition": {"StringEquals": {"aws:SourceVpc": "|"}}')), []);
    assert.equal(
      pick(stmt('"Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:Pr|"}}'), '${aws:PrincipalAccount}'),
      stmt('"Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalAccount}"}}'),
    );
  });
});

describe('completion: principals', () => {
  it('offers the principal types not present, and * or an object for the whole Principal', () => {
    assert.deepEqual(labels(stmt('"Principal": {"AWS": "*", "|"}')), ['Service', 'Federated', 'CanonicalUser']);
    assert.equal(pick(stmt('"Principal": {Ser|}'), 'Service'), stmt('"Principal": {"Service": ""}'));
    assert.deepEqual(labels(stmt('"Principal": |')), ['{"AWS": ...}', '{"Service": ...}', '{"Federated": ...}', '*']);
    assert.equal(pick(stmt('"Principal": |'), '{"Service": ...}'), stmt('"Principal": {"Service": ""}'));
    assert.deepEqual(labels(stmt('"NotPrincipal": {"AWS": "x", |}')), ['Service', 'Federated', 'CanonicalUser']);
    assert.deepEqual(labels(stmt('"Principal": {"CanonicalUser": "|"}')), []);
  });

  it('offers account, role and user ARN templates with the account from the document', () => {
    assert.deepEqual(labels(stmt('"Principal": {"AWS": [|]}, "Resource": "arn:aws:sqs:us-east-1:111122223333:q"')), [
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::111122223333:role/${RoleName}',
      'arn:aws:iam::111122223333:user/${UserName}',
      'arn:aws:sts::111122223333:assumed-role/${RoleName}/${SessionName}',
      '*',
    ]);
    assert.equal(pick(stmt('"Principal": {"AWS": "arn:|"}'), 'arn:aws:iam::${Account}:root'), stmt('"Principal": {"AWS": "arn:aws:iam::account-id:root"}'));
  });

  it('offers service principals and federated providers', () => {
    const services = labels(stmt('"Principal": {"Service": "|"}'));
    assert.ok(services.includes('lambda.amazonaws.com') && services.includes('ecs-tasks.amazonaws.com'));
    assert.equal(new Set(services.map((s) => s.toLowerCase())).size, services.length, 'no duplicates');
    assert.equal(pick(stmt('"Principal": {"Service": ["lam|"]}'), 'lambda.amazonaws.com'), stmt('"Principal": {"Service": ["lambda.amazonaws.com"]}'));
    const federated = labels(stmt('"Principal": {"Federated": |}'));
    assert.ok(federated.includes('cognito-identity.amazonaws.com'));
    assert.ok(federated.includes('arn:aws:iam::${Account}:oidc-provider/token.actions.githubusercontent.com'));
  });
});

describe('completion: robustness', () => {
  it('answers nothing (and never throws) after complete values, in odd shapes and wrong types', () => {
    for (const marked of [
      stmt('"Action": "s3:GetObject"|'),
      stmt('"Action": 5|'),
      stmt('"Action": [["s3:Get|"]]'),
      stmt('"Action": null, "Resource": {"|"}'),
      '{"Statement": "|"}',
      '[|]',
      '{"Statement": [{"Condition": {"StringEquals": "|"}}]}',
      '{"Statement": [{"Condition": {"StringEquals": {"k": {"|"}}}}]}',
      '{"Statement": [{"Principal": {"AWS": {"|"}}}]}',
    ]) {
      assert.doesNotThrow(() => complete(marked), marked);
    }
    assert.deepEqual(labels(stmt('"Action": "s3:GetObject"|')), []);
    assert.deepEqual(labels(stmt('"Action": [["s3:Get|"]]')), []);
  });
});

describe('completion: condition keys of federated OIDC providers', () => {
  it('offers the provider :sub and :aud claims first in a web-identity trust', () => {
    const { items } = complete(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringLike": {"|"}}}]}`);
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(sorted.slice(0, 2).map((i) => i.label).sort(), ['token.actions.githubusercontent.com:aud', 'token.actions.githubusercontent.com:sub']);
  });
});

describe('completion: commas the author left out, and jsonc comments', () => {
  const policy = (statement: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}`;

  /** Applies the chosen item's edit and its additional edits, as an editor does. */
  function applyAll(marked: string, label: string): string {
    const { items, document } = complete(marked);
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no ${label} in ${items.map((i) => i.label).join(', ')}`);
    const edits = [item.textEdit as TextEdit, ...(item.additionalTextEdits ?? [])];
    return TextDocument.applyEdits(document, edits);
  }

  it('offers the statement keys on the line after a // comment', () => {
    const marked = policy('{\n      "Effect": "Allow", // allow reading\n      |\n    }');
    assert.deepEqual(labels(marked).slice(0, 2), ['Action', 'Resource']);
    assert.equal(complete(marked).items[0].additionalTextEdits, undefined, 'the comma is there, before the comment');
  });

  it('adds the comma a bare key on the next line needs', () => {
    const text = applyAll(policy('{\n      "Effect": "Allow"\n      |\n    }'), 'Action');
    assert.equal(text, policy('{\n      "Effect": "Allow",\n      "Action": "$1"\n    }'));
  });

  it('adds the comma before a quoted key or array element that follows a value', () => {
    const cases: [string, string, string][] = [
      ['{\n      "Effect": "Allow"\n      "Act|"\n    }', 'Action', '{\n      "Effect": "Allow",\n      "Action": "$1"\n    }'],
      [
        '{\n      "Effect": "Allow",\n      "Action": [\n        "s3:GetObject"\n        "s3:PutOb|"\n      ]\n    }',
        's3:PutObject',
        '{\n      "Effect": "Allow",\n      "Action": [\n        "s3:GetObject",\n        "s3:PutObject"\n      ]\n    }',
      ],
    ];
    for (const [marked, label, expected] of cases) assert.equal(applyAll(policy(marked), label), policy(expected));
  });

  it('offers a new statement after a statement that has no comma yet', () => {
    const text = applyAll(policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n    |'), 'New statement');
    assert.ok(text.includes('"Resource": "*"},\n    {\n\t"Sid": "$1"'), text);
  });

  it('still offers nothing right after a value on the same line (typing its closing quote)', () => {
    assert.deepEqual(labels(policy('{"Effect": "Allow", "Action": "s3:GetObject"|}')), []);
    assert.deepEqual(labels(policy('{"Effect": "Allow", "Action": "s3:GetObject" |}')), []);
  });
});

describe('completion: ARN templates in the order an author needs them', () => {
  it('puts the type an action is named after first (object for s3:GetObject), services in the order written', () => {
    const got = labels(stmt('"Effect": "Allow", "Action": ["s3:GetObject", "sqs:SendMessage", "ec2:DescribeInstances", "ec2:RunInstances"], "Resource": "|"'));
    assert.equal(got[0], 'arn:aws:s3:::${BucketName}/${ObjectName}');
    assert.equal(got[1], 'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}');
    assert.equal(got[2], 'arn:aws:sqs:${Region}:${Account}:${QueueName}');
    assert.equal(got[3], 'arn:aws:ec2:${Region}:${Account}:instance/${InstanceId}');
  });

  it('offers the plainest ARNs of a typed service first', () => {
    assert.equal(labels(stmt('"Effect": "Allow", "Resource": "arn:aws:s3:::|"'))[0], 'arn:aws:s3:::${BucketName}');
  });
});

describe('completion: the comma before the object being typed in', () => {
  const policy = (statements: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statements}\n  ]\n}`;
  const first = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}';

  /** Applies the chosen item's edit and its additional edits, as an editor does. */
  function applyAll(marked: string, label: string): { text: string; item: CompletionItem } {
    const { items, document } = complete(marked);
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no ${label} in ${items.map((i) => i.label).join(', ')}`);
    return { text: TextDocument.applyEdits(document, [item.textEdit as TextEdit, ...(item.additionalTextEdits ?? [])]), item };
  }

  it('adds the comma between two statements when a key is completed in the second one', () => {
    assert.equal(applyAll(policy(`${first}\n    {|}`), 'Effect').text, policy(`${first},\n    {"Effect": "\${1|Allow,Deny|}"}`));
    assert.equal(applyAll(policy(`${first}\n    {"Eff|"}`), 'Effect').text, policy(`${first},\n    {"Effect": "\${1|Allow,Deny|}"}`));
    // Touching braces get a space with the comma.
    assert.equal(applyAll(policy(`${first}{"|"}`), 'Effect').text, policy(`${first}, {"Effect": "\${1|Allow,Deny|}"}`));
  });

  it('adds it for a value of the second statement, and before a property whose object is being typed', () => {
    assert.equal(
      applyAll(policy(`${first}\n    {"Effect": "Allow", "Action": "s3:PutOb|"}`), 's3:PutObject').text,
      policy(`${first},\n    {"Effect": "Allow", "Action": "s3:PutObject"}`),
    );
    assert.equal(
      applyAll(policy('{"Effect": "Allow"\n      "Principal": {|}}'), 'Service').text,
      policy('{"Effect": "Allow",\n      "Principal": {"Service": "$1"}}'),
    );
  });

  it('adds both commas when the key and its object each miss one', () => {
    const { item } = applyAll(policy(`${first}\n    {"Effect": "Allow"\n      "Act|"}`), 'Action');
    assert.equal(item.additionalTextEdits?.length, 2);
  });

  it('adds nothing when the commas are there', () => {
    for (const marked of [policy(`${first},\n    {|}`), policy(`${first}, {"|"}`), policy('{"Effect": "Allow", "Principal": {|}}')]) {
      const { items } = complete(marked);
      assert.ok(items.length > 0, marked);
      assert.ok(items.every((i) => i.additionalTextEdits === undefined), marked);
    }
  });
});

describe('completion: spacing after a comma', () => {
  it('puts a space between a comma and a key completed right after it', () => {
    assert.equal(pick(stmt('"Effect": "Allow", "Action": "s3:GetObject",|'), 'Resource'), stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""'));
    assert.equal(pick(stmt('"Effect": "Allow", "Action": "s3:GetObject","Res|"'), 'Resource'), stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""'));
  });

  it('puts a space between a comma and an array value completed right after it', () => {
    assert.equal(pick(stmt('"Action": ["s3:GetObject",s3:PutOb|]'), 's3:PutObject'), stmt('"Action": ["s3:GetObject", "s3:PutObject"]'));
  });

  it('keeps compact JSON compact', () => {
    const compact = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",|}]}';
    assert.equal(pick(compact, 'Resource'), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource": ""}]}');
  });

  it('separates a key inserted before another key with a comma and a space', () => {
    assert.equal(pick(stmt('|"Effect": "Allow"'), 'Action'), stmt('"Action": "", "Effect": "Allow"'));
    assert.equal(pick('{"Version": "2012-10-17", "Statement": [{\n  |\n  "Effect": "Allow"}]}', 'Action'), '{"Version": "2012-10-17", "Statement": [{\n  "Action": "",\n  "Effect": "Allow"}]}');
  });
});

describe('completion: what starts with the typed text sorts first', () => {
  /** Whether every item whose label starts with `typed` sorts before every other item. */
  function prefixFirst(marked: string, typed: string): string[] {
    const got = labels(marked);
    const starts = got.map((l) => l.toLowerCase().startsWith(typed.toLowerCase()));
    assert.ok(starts[0], `${got[0]} first for ${typed}`);
    assert.equal(starts.indexOf(false) < 0 ? starts.length : starts.indexOf(false), starts.lastIndexOf(true) + 1, `prefix matches first: ${got.slice(0, 10).join(', ')}`);
    return got;
  }

  it('ranks service prefixes that start with the typed text first, ignoring case', () => {
    assert.equal(prefixFirst(stmt('"Effect": "Allow", "Action": "dyn|"'), 'dyn')[0], 'dynamodb');
    assert.equal(prefixFirst(stmt('"Effect": "Allow", "Action": "DYN|"'), 'dyn')[0], 'dynamodb');
    assert.equal(prefixFirst(stmt('"Effect": "Allow", "Action": [dyn|]'), 'dyn')[0], 'dynamodb');
  });

  it('ranks service principals and condition keys the same way', () => {
    prefixFirst(stmt('"Effect": "Allow", "Principal": {"Service": "ec2|"}'), 'ec2');
    const keys = prefixFirst(stmt('"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:Sec|"}}'), 'aws:Sec');
    assert.equal(keys[0], 'aws:SecureTransport');
    prefixFirst(stmt('"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalServiceName": "lam|"}}'), 'lam');
  });

  it('keeps the order of the context within each group', () => {
    // Actions: the typed wildcard, the actions that start with the text, the service wildcard, the others.
    const actions = labels(stmt('"Effect": "Allow", "Action": "s3:GetObj|"'));
    assert.deepEqual(actions.slice(0, 3), ['s3:GetObj*', 's3:GetObject', 's3:GetObjectAcl']);
    assert.ok(actions.indexOf('s3:*') > actions.indexOf('s3:GetObjectVersion'));
    // ARN templates: by relevance among those that start with the typed text.
    const arns = labels(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:|"'));
    assert.equal(arns[0], 'arn:aws:s3:::${BucketName}/${ObjectName}');
    // Operators: those that fit the key type first among those that start with the typed text.
    const ops = labels(stmt('"Effect": "Allow", "Action": "*", "Condition": {"N|": {"aws:MultiFactorAuthAge": "3600"}}'));
    assert.equal(ops[0], 'NumericEquals');
    assert.ok(ops.indexOf('Null') > ops.indexOf('NumericGreaterThanEqualsIfExists'), ops.slice(0, 20).join(', '));
    assert.ok(ops.indexOf('Null') < ops.indexOf('StringNotEquals'));
  });
});

describe('completion: ARN templates of a service the statement\'s actions do not name', () => {
  const s3 = (resource: string) => stmt(`"Effect": "Allow", "Action": "s3:GetObject", "Resource": ${resource}`);
  const TABLE = 'arn:aws:dynamodb:${Region}:${Account}:table/${TableName}';

  it('offers the templates and the namespace of the service whose name is being typed, fitting the typed text', () => {
    const { items } = complete(s3('"arn:aws:dyn|"'));
    const got = sorted(items).map((i) => String(i.label));
    const table = items.find((i) => i.label === TABLE);
    assert.ok(table, got.join(', '));
    assert.ok(got.includes('arn:aws:dynamodb:'), got.join(', '));
    // What fits the typed text sorts first; the statement's own templates, which do not, after.
    assert.ok(got.indexOf(TABLE) < got.indexOf('arn:aws:s3:::${BucketName}/${ObjectName}'));
    assert.ok(got.indexOf(TABLE) < got.indexOf('arn:aws:dynamodb:'));
    assert.ok(table.filterText?.startsWith('"arn:aws:dyn'), table.filterText);
    const { document } = complete(s3('"arn:aws:dyn|"'));
    assert.equal(document.getText((table.textEdit as TextEdit).range), '"arn:aws:dyn"', 'replaces the whole string');
    assert.equal(pick(s3('"arn:aws:dyn|"'), TABLE), s3('"arn:aws:dynamodb:region:account-id:table/TableName"'));
    assert.equal(pick(s3('["arn:aws:DYN|"]'), TABLE), s3('["arn:aws:dynamodb:region:account-id:table/TableName"]'));
    assert.equal(pick(s3('[arn:aws:dyn|]'), 'arn:aws:dynamodb:'), s3('["arn:aws:dynamodb:"]'));
    assert.equal(complete(s3('[arn:aws:dyn|]')).items.find((i) => i.label === TABLE)?.filterText, TABLE);
  });

  it('puts the statement\'s own templates first when they fit too, then the other namespaces', () => {
    const got = labels(s3('"arn:aws:s|"'));
    assert.deepEqual(got.slice(0, 2), ['arn:aws:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}']);
    assert.ok(got.includes('arn:aws:sqs:') && got.includes('arn:aws:s3express:'), got.join(', '));
    assert.ok(!got.includes('arn:aws:s3:'), 'not the namespace of the statement\'s own templates');
    // Many namespaces start with `s`: their names only, not all their templates.
    assert.ok(!got.includes('arn:aws:sqs:${Region}:${Account}:${QueueName}'));
    // Few do for `sq` (sqlworkbench, sqs): their templates too.
    const sq = labels(s3('"arn:aws:sq|"'));
    assert.ok(sq.indexOf('arn:aws:sqs:${Region}:${Account}:${QueueName}') >= 0, sq.join(', '));
    assert.ok(sq.indexOf('arn:aws:sqs:${Region}:${Account}:${QueueName}') < sq.indexOf('arn:aws:sqs:'));
  });

  it('keeps the list as it was when nothing or only the statement\'s own prefix is typed', () => {
    const before = ['arn:aws:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', '*'];
    for (const resource of ['"|"', '"arn:aws:|"', '"arn:|"', '"ar|"']) assert.deepEqual(labels(s3(resource)), before, resource);
  });

  it('keeps the partition, Region and account typed so far in the templates, so that they still fit', () => {
    assert.equal(labels(stmt('"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws-cn:|"'))[0], 'arn:aws-cn:sqs:${Region}:${Account}:${QueueName}');
    assert.equal(labels(s3('"arn:aws:sqs:eu-west-1:|"'))[0], 'arn:aws:sqs:eu-west-1:${Account}:${QueueName}');
    assert.equal(
      pick(s3('"arn:aws:dynamodb:us-east-1:123456789012:ta|"'), 'arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}'),
      s3('"arn:aws:dynamodb:us-east-1:123456789012:table/TableName"'),
    );
  });
});
