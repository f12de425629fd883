// Hover, one describe per kind, through the core facade with a `|` cursor marker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { md as escapeMarkdown } from '../../server/src/core/hover/format';
import { catalog, hover, validate } from '../helpers/core';

const FOOTER = `<sub>IAM data: ${catalog.source.package} ${catalog.source.version} (${catalog.source.updatedAt.slice(0, 10)})</sub>`;

/** The hover markdown at the marker; fails when there is none. */
function md(marked: string): string {
  const { markdown } = hover(marked);
  assert.ok(markdown, `no hover at the marker in ${marked}`);
  assert.ok(markdown.endsWith(`\n\n${FOOTER}`), `ends with the data footer:\n${markdown}`);
  return markdown;
}

/** The text the hover range covers. */
function covered(marked: string): string {
  const { hover: h, document } = hover(marked);
  assert.ok(h?.range, 'hover has a range');
  return document.getText(h.range);
}

/** A statement in both shapes: the value as a string, and as the only item of an array. */
function bothForms(element: string, value: string, rest = '"Effect": "Allow"'): string[] {
  return [`{"Version": "2012-10-17", "Statement": [{${rest}, "${element}": "${value}"}]}`, `{"Version": "2012-10-17", "Statement": {${rest}, "${element}": ["${value}"]}}`];
}

describe('hover: action', () => {
  it('shows description, access level, resource types with ARN templates, condition keys and the reference link', () => {
    for (const text of bothForms('Action', 's3:PutObj|ect', '"Effect": "Allow", "Resource": "*"')) {
      const markdown = md(text);
      assert.match(markdown, /^\*\*s3:PutObject\*\* · Write\n\nGrants permission to add an object to a bucket/);
      assert.ok(markdown.includes("- `object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`"), markdown);
      assert.match(markdown, /\*\*Condition keys\*\*: .*`s3:x-amz-acl`/);
      assert.ok(markdown.includes('[Service authorization reference: Amazon S3](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)'));
      assert.equal(covered(text), '"s3:PutObject"');
    }
  });

  it('says when an action takes only "*"', () => {
    assert.match(md('{"Statement": {"Effect": "Allow", "Action": "s3:ListAllMy|Buckets"}}'), /\*\*Resource types\*\*: none; this action only takes `"Resource": "\*"`\./);
  });

  it('explains NotAction values the same way', () => {
    assert.match(md('{"Statement": {"Effect": "Deny", "NotAction": ["iam:Get|Role"]}}'), /^\*\*iam:GetRole\*\* · Read/);
  });

  it('names the privilege-escalation paths an action takes part in', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": "iam:Pass|Role", "Resource": "*"}}');
    assert.ok(markdown.includes('⚠ **Privilege escalation**: known paths using this action\n- with `ec2:RunInstances`: Launch an instance'), markdown);
    assert.match(markdown, /\n- … and \d+ more\n/);
    assert.ok(!md('{"Statement": {"Effect": "Allow", "Action": "s3:Get|Object"}}').includes('Privilege escalation'));
  });

  it('explains unknown actions too (see "hover: unknown actions and service prefixes")', () => {
    assert.match(md('{"Statement": {"Effect": "Allow", "Action": "s3:GetObj|ekt"}}'), /^\*\*`s3:GetObjekt`\*\* · unknown action/);
  });
});

describe('hover: service prefix', () => {
  it('shows the service name and its action count when hovering the prefix part', () => {
    for (const text of bothForms('Action', 'i|am:PassRole')) {
      const markdown = md(text);
      const service = catalog.getService('iam')!;
      assert.ok(markdown.startsWith('**AWS Identity and Access Management (IAM)** · service prefix `iam`\n\n'), markdown);
      assert.ok(markdown.includes(`${service.actions.length} actions, ${service.resourceTypes.length} resource types`), markdown);
      assert.match(markdown, /- ⚠ \*\*Permissions management\*\* \(\d+\)/);
      assert.equal(covered(text), 'iam');
    }
  });

  it('keeps the action hover on the name part', () => {
    assert.match(md('{"Statement": {"Effect": "Allow", "Action": "iam:|PassRole"}}'), /^\*\*iam:PassRole\*\*/);
  });
});

describe('hover: wildcard action', () => {
  it('counts the matches of s3:Get* by access level with a cut list', () => {
    for (const text of bothForms('Action', 's3:Get|*')) {
      const markdown = md(text);
      const count = catalog.matchActions('s3:Get*').length;
      assert.ok(markdown.startsWith(`\`s3:Get*\` matches **${count} actions** of Amazon S3\n\n- **Read** (${count}): \`s3:`), markdown);
      assert.ok(markdown.includes(`… and ${count - 5} more`), markdown);
      assert.ok(!markdown.includes('⚠'), 'Get* is read-only');
    }
  });

  it('calls out Write and Permissions management for s3:*', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": "s3:|*"}}');
    const write = catalog.matchActions('s3:*').filter((a) => a.accessLevel === 'Write').length;
    const perms = catalog.matchActions('s3:*').filter((a) => a.accessLevel === 'Permissions management').length;
    assert.ok(markdown.includes(`- ⚠ **Write** (${write}): `), markdown);
    assert.ok(markdown.includes(`⚠ Includes ${write} Write and ${perms} Permissions management actions, which can change who has access to what.`), markdown);
    assert.ok(md('{"Statement": {"Effect": "Allow", "Action": "iam:|*"}}').includes('⚠ Includes privilege-escalation actions: `iam:PassRole`, '));
  });

  it('summarises * across services with counts only', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": ["|*"]}}');
    const all = catalog.matchActions('*');
    const services = new Set(all.map((a) => a.service)).size;
    assert.ok(markdown.startsWith(`\`*\` matches **${all.length.toLocaleString('en-US')} actions** in ${services} services\n\n- **List** (`), markdown);
    assert.match(markdown, /Services: `a2c`, .*… and \d+ more/);
    assert.ok(markdown.split('\n').length < 20, 'compact');
  });

  it('expands mid-name wildcards such as iam:List*Tags', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": "iam:List*|Tags"}}');
    assert.match(markdown, /^`iam:List\*Tags` matches \*\*\d+ actions\*\* of AWS Identity and Access Management \(IAM\)\n\n- \*\*List\*\* \(\d+\): .*`iam:ListRoleTags`/);
  });

  it('says when a wildcard matches nothing', () => {
    assert.ok(md('{"Statement": {"Effect": "Allow", "Action": "s3:Nope|*"}}').startsWith('`s3:Nope*` matches no known action.'));
  });
});

describe('hover: resource ARN', () => {
  const statement = (resource: string) =>
    bothForms('Resource', resource, '"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:ListAllMyBuckets"]');

  it('splits the ARN and names the resource types and the actions that accept it', () => {
    for (const text of statement('arn:aws:s3:::my-bucket/|*')) {
      const markdown = md(text);
      assert.ok(markdown.startsWith('**Resource** `arn:aws:s3:::my-bucket/*`\n\n**Partition** `aws` · **Service** `s3` · **Region** — · **Account** — · **Resource** `my-bucket/*`\n\n'), markdown);
      assert.ok(markdown.includes('**Matches resource type**\n- `s3:object` `arn:${Partition}:s3:::${BucketName}/${ObjectName}`\n\n'), markdown);
      assert.ok(markdown.includes('✓ **Accepted by** 1 action: `s3:GetObject`'), markdown);
      assert.ok(markdown.includes('✗ **Not accepted by** 2 actions: `s3:ListBucket`, `s3:ListAllMyBuckets`'), markdown);
      assert.equal(covered(text), '"arn:aws:s3:::my-bucket/*"');
    }
  });

  it('matches a bucket ARN to the bucket type only, and gives the reason for a single rejection', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "arn:aws:s3:::my-|bucket"}}');
    assert.ok(markdown.includes('**Matches resource type**\n- `s3:bucket` `arn:${Partition}:s3:::${BucketName}`\n\n'), markdown);
    assert.ok(markdown.includes('✗ **Not accepted by** 1 action: `s3:GetObject` (it takes `accesspointobject`, `object`)'), markdown);
  });

  it('matches templates with regions, accounts and paths', () => {
    const role = md('{"Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/path/|app-*"}}');
    assert.ok(role.includes('**Matches resource type**\n- `iam:role` `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`'), role);
    assert.ok(role.includes('✓ **Accepted by** 1 action: `iam:PassRole`'), role);
    const table = md('{"Statement": {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/|Orders"}}');
    assert.ok(table.includes('**Region** `*` · **Account** `*` · **Resource** `table/Orders`'), table);
    assert.ok(table.includes('`dynamodb:table`'), table);
  });

  it('explains "*" for the statement\'s actions', () => {
    for (const text of statement('|*')) {
      const markdown = md(text);
      assert.ok(markdown.startsWith('**Resource** `*` · every resource, in every account and Region the actions reach.'), markdown);
      assert.ok(markdown.includes('2 actions could be limited to specific ARNs: `s3:GetObject`, `s3:ListBucket`'), markdown);
      assert.ok(markdown.includes('1 action supports no resource-level permissions and needs `*`: `s3:ListAllMyBuckets`'), markdown);
    }
  });

  it('says when a value is not an ARN, and what NotResource means', () => {
    assert.ok(md('{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-|bucket"}}').startsWith('`my-bucket` is not an ARN.'));
    const not = md('{"Statement": {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::|b"]}}');
    assert.ok(not.includes('With `NotResource` the statement covers every resource **except** this one.'), not);
  });
});

describe('hover: condition operator', () => {
  const condition = (operator: string) => `{"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"${operator}": {"s3:prefix": "home/"}}}}`;

  it('explains the meaning, the key types and the variants', () => {
    const markdown = md(condition('StringL|ike'));
    assert.ok(markdown.startsWith('**StringLike** · condition operator\n\nCase-sensitive pattern match'), markdown);
    assert.ok(markdown.includes('Key types: `String`, `ArrayOfString`, `ARN`, `ArrayOfARN` · wildcards yes · policy variables yes'), markdown);
    assert.ok(markdown.includes('Variants: `…IfExists`'), markdown);
    assert.equal(covered(condition('StringL|ike')), '"StringLike"');
  });

  it('says what IfExists and ForAnyValue change', () => {
    const markdown = md(condition('ForAnyValue:StringLike|IfExists'));
    assert.ok(markdown.startsWith('**ForAnyValue:StringLikeIfExists** · condition operator'), markdown);
    assert.match(markdown, /if it is absent, this condition counts as true/);
    assert.match(markdown, /\*\*`ForAnyValue:`\*\* — true when \*\*at least one\*\* value/);
    assert.ok(!markdown.includes('Variants:'));
  });

  it('suggests the right spelling of a miscased operator', () => {
    assert.ok(md(condition('stringEq|uals')).startsWith('`stringEquals` is not a condition operator.\n\nOperator names are case-sensitive: did you mean `StringEquals`?'));
  });
});

describe('hover: condition key', () => {
  it('gives type, description and which actions support a service key', () => {
    const text = '{"Statement": {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:pre|fix": "home/"}}}}';
    const markdown = md(text);
    assert.ok(markdown.startsWith('**s3:prefix** · String\n\n'), markdown);
    assert.ok(markdown.includes('✓ **Supported by** 1 action: `s3:ListBucket`'), markdown);
    assert.ok(markdown.includes('✗ **Not supported by** 1 action: `s3:GetObject`'), markdown);
    assert.equal(covered(text), '"s3:prefix"');
  });

  it('documents global keys, resolving tag templates', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/te|am": "x"}}}}');
    assert.ok(markdown.startsWith('**aws:PrincipalTag/team** (`aws:PrincipalTag/${TagKey}`) · String · global key\n\nValue of the named tag'), markdown);
  });

  it('resolves service keys documented with <key> templates, and leaves unknown keys to the diagnostic', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*", "Condition": {"StringEquals": {"s3:ExistingObjectTag/te|am": "x"}}}}');
    assert.ok(markdown.startsWith('**s3:ExistingObjectTag/team** (`s3:ExistingObjectTag/<key>`) · String\n\n'), markdown);
    assert.ok(markdown.includes('✓ **Supported by** 1 action: `s3:GetObject`'), markdown);
    assert.equal(hover('{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"s3:pre|fx": "x"}}}}').hover, null);
  });

  it('warns when the operator does not fit the key type', () => {
    const markdown = md('{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericEquals": {"aws:Source|Ip": "10.0.0.0/8"}}}}');
    assert.ok(markdown.includes('⚠ `NumericEquals` does not fit a IPAddress key; use IpAddress… operators.'), markdown);
  });

  it('explains a condition value through its key, in string and array forms', () => {
    for (const value of ['"fa|lse"', '["fa|lse"]']) {
      const text = `{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ${value}}}}}`;
      assert.ok(md(text).startsWith('**aws:SecureTransport** · Bool · global key\n\n'), md(text));
      assert.equal(covered(text), '"false"');
    }
  });

  it('recommends a set operator for multivalued keys', () => {
    assert.match(md('{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:Tag|Keys": "x"}}}}'), /ArrayOfString · global key/);
  });
});

describe('hover: principal', () => {
  const trust = (principal: string) => `{"Statement": {"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole"}}`;

  it('names what each AWS principal designates, string and array forms', () => {
    const cases: [string, string][] = [
      ['"12345678|9012"', 'The **AWS account** `123456789012` (its root)'],
      ['"arn:aws:iam::123456789012:r|oot"', 'The **AWS account** `123456789012` (its root)'],
      ['["arn:aws:iam::123456789012:role/ad|min"]', 'The **IAM role** `admin` of account `123456789012`: every session of it.'],
      ['["arn:aws:iam::123456789012:user/team/al|ice"]', 'The **IAM user** `alice` of account `123456789012`.'],
      ['"arn:aws:sts::123456789012:assumed-role/admin/bo|b"', 'One **assumed-role session**: session `bob` of role `admin` in account `123456789012`.'],
      ['"AROA|ABCDEFGHIJKLMNOP"', '⚠ A **unique ID**, not an ARN'],
      ['"arn:aws:iam::123456789012:role/dev-|*"', '⚠ Wildcards are not allowed inside principal ARNs.'],
    ];
    for (const [value, expected] of cases) {
      const markdown = md(trust(`{"AWS": ${value}}`));
      assert.ok(markdown.startsWith('**AWS principal** `'), markdown);
      assert.ok(markdown.includes(expected), `${value}:\n${markdown}`);
    }
  });

  it('explains everyone, services, federation and canonical users', () => {
    assert.ok(md(trust('"|*"')).startsWith('**Principal** `*`\n\n**Everyone**: every AWS account'));
    const lambda = md(trust('{"Service": ["lambda.amazon|aws.com"]}'));
    assert.ok(lambda.startsWith('**Service principal** `lambda.amazonaws.com`\n\nThe **AWS service** AWS Lambda acting with its own identity.'), lambda);
    assert.ok(md(trust('{"Service": "lamda.amazon|aws.com"}')).includes('Not in the reviewed list of service principals: check the spelling.'));
    const oidc = md(trust('{"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.c|om"}'));
    assert.ok(oidc.includes('The **OIDC provider** `token.actions.githubusercontent.com` of account `123456789012`'), oidc);
    assert.ok(md(trust('{"Federated": "accounts.goo|gle.com"}')).includes('The web identity provider **Google**'));
    assert.ok(md(trust(`{"CanonicalUser": "${'a'.repeat(30)}|${'b'.repeat(34)}"}`)).includes('An **Amazon S3 canonical user ID**'));
  });

  it('reminds that NotPrincipal inverts the meaning, and documents the principal type keys', () => {
    const not = md('{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "1234|56789012"}, "Action": "s3:*", "Resource": "*"}}');
    assert.ok(not.includes('Under `NotPrincipal` the statement applies to everyone **except** this principal.'), not);
    assert.ok(md(trust('{"Serv|ice": "lambda.amazonaws.com"}')).startsWith('**Service principal** — an AWS service acting with its own identity'));
  });
});

describe('hover: elements', () => {
  it('documents element keys, with the trap of this statement', () => {
    const markdown = md('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAc|tion": "iam:*", "Resource": "*"}]}');
    assert.ok(markdown.startsWith('**NotAction** — matches every action *except* the listed ones.'), markdown);
    assert.ok(markdown.includes('⚠ This statement is `Allow` + `NotAction`.'), markdown);
    assert.ok(md('{"Statement": [{"Effect": "Deny", "NotResou|rce": "*"}]}').startsWith('**NotResource** —'));
    assert.ok(md('{"Statement": [{"Effect": "Deny", "NotPrinci|pal": "*"}]}').startsWith('**NotPrincipal** —'));
  });

  it('documents Version as a key and as a value, and the Statement key', () => {
    assert.ok(md('{"Vers|ion": "2012-10-17", "Statement": []}').startsWith('**Version** — version of the policy *language*'));
    assert.ok(md('{"Version": "2012-|10-17", "Statement": []}').startsWith('**Version** —'));
    assert.ok(md('{"Version": "2012-10-17", "State|ment": [{}, {}]}').includes('This policy has 2 statements.'));
  });

  it('has nothing for unknown keys', () => {
    assert.equal(hover('{"Statement": [{"Effect": "Allow", "Actoin|": "s3:*"}]}').hover, null);
    assert.equal(hover('{"Statement": [{"Effect": "Allow", "__proto|__": "s3:*"}]}').hover, null);
  });
});

describe('hover: statement summary', () => {
  const policy = (cursorIn: 'sid-key' | 'sid-value' | 'effect-key') =>
    `{"Version": "2012-10-17", "Statement": [{"${cursorIn === 'sid-key' ? 'S|id' : 'Sid'}": "${cursorIn === 'sid-value' ? 'Read|Logs' : 'ReadLogs'}", "${cursorIn === 'effect-key' ? 'Eff|ect' : 'Effect'}": "Allow",
      "Action": ["s3:GetObject", "s3:List*", "s3:PutObject", "s3:Nope"], "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}`;

  it('summarises actions by access level, resources and conditions on the Sid key and value', () => {
    const list = catalog.matchActions('s3:List*').length;
    const expected = [
      '**Statement `ReadLogs`** · Allow',
      `Allows **${list + 2} actions**:\n- **List** (${list})\n- **Read** (1)\n- ⚠ **Write** (1)\n- unknown: \`s3:Nope\``,
      '**Resources**: `arn:aws:s3:::logs`, `arn:aws:s3:::logs/*`',
      '**Conditions** (all must hold):\n- `Bool` `aws:SecureTransport` `true`',
      '**Try it**: `s3:GetObject` on `arn:aws:s3:::logs` → **Depends** on `aws:SecureTransport` by this statement',
      FOOTER,
    ].join('\n\n');
    assert.equal(md(policy('sid-key')), expected);
    assert.equal(md(policy('sid-value')), expected);
  });

  it('adds the Effect documentation on the Effect key and value', () => {
    assert.ok(md(policy('effect-key')).includes('**Effect** — `"Allow"` or `"Deny"`'));
    const value = md('{"Statement": [{"Effect": "De|ny", "Action": "s3:DeleteObject", "Resource": "*"}]}');
    assert.ok(value.startsWith('**Statement 1** · Deny\n\nDenies **1 action**:\n- ⚠ **Write** (1)\n\n**Resources**: `*` (every resource)'), value);
    assert.ok(value.includes('**Effect** — `"Allow"` or `"Deny"`'), value);
  });

  it('names principals, NotAction and the Allow + Not… traps; statements without Sid by number', () => {
    const markdown = md('{"Statement": [{"Effect": "Deny", "Action": "*"}, {"Eff|ect": "Allow", "NotAction": ["iam:*"], "NotResource": "arn:aws:s3:::x", "Principal": {"AWS": ["111122223333", "444455556666"]}}]}');
    assert.ok(markdown.startsWith('**Statement 2** · Allow\n\nAllows **every action except** `iam:*`.\n\n**Resources**: every resource except `arn:aws:s3:::x`\n\n**Principals**: AWS `111122223333`, `444455556666`'), markdown);
    assert.ok(markdown.includes('⚠ `Allow` + `NotAction` grants every other action'), markdown);
    assert.ok(markdown.includes('⚠ `Allow` + `NotResource` grants the actions on every other resource.'), markdown);
  });
});

describe('hover: try it', () => {
  const tryIt = (text: string) => md(text).split('\n').find((l) => l.startsWith('**Try it**'));

  it('evaluates a request built from the statement against the whole policy: a Deny elsewhere decides', () => {
    const policy = `{"Version": "2012-10-17", "Statement": [
      {"Sid": "Re|ad", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::reports/\${aws:username}/*"},
      {"Sid": "NoSecret", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*/secret*"}]}`;
    assert.equal(tryIt(policy), `**Try it**: \`${catalog.matchActions('s3:Get*')[0].fullName}\` on \`arn:aws:s3:::reports/example/example\` with \`aws:username\` = \`example\` → **Allow** by this statement`);
    // The Deny's own sample falls under the Deny.
    assert.equal(tryIt(policy.replace('Re|ad', 'Read').replace('NoSecret', 'No|Secret')), `**Try it**: \`${catalog.matchActions('s3:*')[0].fullName}\` on \`arn:aws:s3:::reports/example/secretexample\` → **ExplicitDeny** by this statement`);
    // A Deny that covers the Allow's sample decides it.
    assert.equal(tryIt(policy.replace('/*/secret*', '/*')), `**Try it**: \`${catalog.matchActions('s3:Get*')[0].fullName}\` on \`arn:aws:s3:::reports/example/example\` with \`aws:username\` = \`example\` → **ExplicitDeny** by statement \`NoSecret\``);
  });

  it('fills a "*" resource with an ARN of the action and tries a resource-based statement with its principal', () => {
    assert.equal(tryIt('{"Version": "2012-10-17", "Statement": [{"Eff|ect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'), '**Try it**: `sqs:SendMessage` on `arn:aws:sqs:us-east-1:111122223333:example` → **Allow** by this statement');
    const queue = '{"Version": "2012-10-17", "Statement": [{"Eff|ect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}}]}';
    assert.equal(tryIt(queue), '**Try it**: `sqs:SendMessage` on `arn:aws:sqs:us-east-1:111122223333:q` by `sns.amazonaws.com` → **Depends** on `aws:SourceArn` by this statement');
    // No request can be built from NotAction alone.
    assert.equal(tryIt('{"Statement": [{"Eff|ect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}'), undefined);
  });
});

describe('hover: policy variables', () => {
  it('explains a variable in a Resource ARN and points at a default value', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::home/${aws:user|name}/*"]}}';
    const markdown = md(text);
    assert.ok(markdown.startsWith('**`${aws:username}`** · policy variable\n\nFriendly name of the calling IAM user.'), markdown);
    assert.ok(markdown.includes("No default: when the key is missing, this value matches nothing. Write `${aws:username, 'fallback'}` to give one."), markdown);
    assert.equal(covered(text), '${aws:username}');
  });

  it('reads default values and condition values', () => {
    const markdown = md(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "\${aws:PrincipalTag/te|am, 'shared'}/*"}}}}`);
    assert.ok(markdown.includes('When the key is missing from the request, `shared` is used instead.'), markdown);
  });

  it('warns where a variable is not substituted', () => {
    assert.ok(md('{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:user|name}"}}').includes('⚠ Not substituted: variables need `"Version": "2012-10-17"`'));
    assert.ok(md('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:${aws:Requested|Region}::b"}}').includes('only in the resource part, after the fifth colon'));
    assert.ok(md('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "${aws:Tag|Keys}"}}}}').includes('⚠ Multivalued keys are not substituted as variables.'));
  });
});

describe('hover: OIDC provider claims', () => {
  it('explains :sub of a GitHub Actions or EKS provider', () => {
    for (const key of ['token.actions.githubusercontent.com:sub', 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123:sub']) {
      const { markdown } = hover(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/x"},
        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"${key.slice(0, 5)}|${key.slice(5)}": "repo:org/*"}}}]}`);
      assert.ok(markdown, key);
      assert.match(markdown, /subject claim/);
    }
  });
});

describe('hover: the policy type', () => {
  it('shows the inferred or configured type on the Statement and Version keys', () => {
    const trust = '{"Version": "2012-10-17", "Statem|ent": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    assert.match(hover(trust).markdown ?? '', /Checked as a role trust policy \(inferred from its content\)/);
    const scp = '{"Vers|ion": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}';
    assert.match(hover(scp, { policyType: 'scp' }).markdown ?? '', /Checked as a service control policy \(set by/);
  });
});

describe('hover: long action lists stay readable', () => {
  it('names the actions of a wildcard alphabetically within each access level', () => {
    const text = md('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:|*", "Resource": "*"}]}');
    const list = /\*\*List\*\* \([\d,]+\): (.*)$/m.exec(text)?.[1] ?? '';
    const names = [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    assert.equal(names.length, 5, text);
    assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.ok(names[0].startsWith('ec2:Describe'), names[0]);
  });

  it('counts the actions of other services an ARN does not apply to instead of naming hundreds', () => {
    const text = md(
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "ec2:*"], "Resource": "arn:aws:s3:::b|ucket/*"}]}',
    );
    assert.match(text, /✓ \*\*Accepted by\*\* 1 action: `s3:GetObject`/);
    assert.match(text, /✗ \*\*Not accepted by\*\* 1 action: `s3:ListBucket` \(it takes `accesspoint`, `bucket`\)/);
    assert.match(text, /Does not apply to the [\d,]+ actions of other services: `ec2` \([\d,]+\)/);
    assert.ok(!text.includes('ec2:Describe'), text);
  });
});

describe('hover: unknown actions and service prefixes', () => {
  const date = catalog.source.updatedAt.slice(0, 10);
  const policy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]}`;

  it('says an unknown action is not in the IAM data, with the closest actions and the service link', () => {
    const text = md(policy('s3:GetObj|ekt'));
    assert.match(text, /^\*\*`s3:GetObjekt`\*\* · unknown action\n/);
    assert.ok(text.includes(`Amazon S3 has no action \`GetObjekt\` in the IAM data (${date}).`), text);
    assert.match(text, /\nDid you mean `s3:GetObject`[,?]/);
    assert.match(text, /\[Service authorization reference: Amazon S3\]\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html\)/);
    assert.equal(covered(policy('s3:GetObj|ekt')), '"s3:GetObjekt"');
  });

  it('suggests what the unknown-action and unknown-service diagnostics suggest first', () => {
    for (const [action, code] of [
      ['s3:GetObjekt', 'unknown-action'],
      ['iam:PassRoles', 'unknown-action'],
      ['s4:GetObject', 'unknown-service'],
      ['lamda:InvokeFunction', 'unknown-service'],
    ]) {
      const diagnostic = validate(policy(action)).find((d) => d.code === code);
      const message = typeof diagnostic?.message === 'string' ? diagnostic.message : '';
      const suggested = /Did you mean '([^']+)'/.exec(message)?.[1];
      assert.ok(suggested, `${code} suggests something for ${action}: ${message}`);
      const at = action.indexOf(':') + 2;
      const text = md(policy(`${action.slice(0, at)}|${action.slice(at)}`));
      assert.ok(text.includes(`Did you mean \`${suggested}\``), text);
    }
  });

  it('explains an unknown service prefix on the prefix and on the action name alike, wildcards included', () => {
    for (const marked of [policy('s|4:GetObject'), policy('s4:Get|Object')]) {
      const text = md(marked);
      assert.match(text, /^\*\*`s4:GetObject`\*\* · unknown service prefix\n/);
      assert.ok(text.includes(`\`s4\` is not a service prefix in the IAM data (${date})`), text);
      assert.match(text, /Did you mean `s3:GetObject`/);
      assert.equal(covered(marked), '"s4:GetObject"');
    }
    const retired = md(policy('zoca|lo:*'));
    assert.match(retired, /^\*\*`zocalo:\*`\*\* · discontinued service\n/);
    assert.match(retired, /`zocalo` is the prefix of Amazon WorkDocs \(discontinued in 2025\)/);
    assert.ok(!retired.includes('matches no known action') && !retired.includes('Did you mean'), retired);
  });

  it('leaves a pattern of a known service that matches nothing to the wildcard hover, and a known action alone', () => {
    assert.match(md(policy('s3:Frob|*')), /`s3:Frob\*` matches no known action\./);
    assert.match(md(policy('s3:GetObj|ect')), /^\*\*s3:GetObject\*\* · Read/);
    assert.equal(hover(policy('s3|')).hover, null);
  });
});

describe('hover: markdown escaping keeps plain-text clients readable', () => {
  it('leaves braces, pipes and other punctuation markdown does not need alone', () => {
    assert.equal(escapeMarkdown('Deny with "Bool": {"aws:SecureTransport": "false"} | or ${aws:username}'), 'Deny with "Bool": {"aws:SecureTransport": "false"} | or ${aws:username}');
    assert.equal(escapeMarkdown('12.5 - x > y # z, a_b_c, snake_case_name, (ok)!'), '12.5 - x > y # z, a_b_c, snake_case_name, (ok)!');
  });

  it('escapes what would open code, emphasis, links, HTML or entities', () => {
    assert.equal(escapeMarkdown('`a` *b* [c](d) <e> &amp; _f_ \\'), '\\`a\\` \\*b\\* \\[c\\](d) \\<e> \\&amp; \\_f\\_ \\\\');
  });

  it('escapes a heading, quote or list marker only at the start of a line', () => {
    assert.equal(escapeMarkdown('# h\n> q\n- a\n+ b\n1. c\n2) d\n-x'), '\\# h\n\\> q\n\\- a\n\\+ b\n1\\. c\n2\\) d\n-x');
  });

  it('shows a global key description with its JSON example unescaped', () => {
    const text = md('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:Secure|Transport": "false"}}}]}');
    assert.ok(!/\\[{}]/.test(text), text);
  });
});

describe('hover: a service prefix with its colon and nothing after it', () => {
  const policy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}}]}`;

  it('shows the service on the colon and after it, over the whole value', () => {
    const service = catalog.getService('s3')!;
    for (const marked of [policy('"s3:|"'), policy('"s3|:"'), policy('["s3:|"]'), policy('"s3:"|')]) {
      const text = md(marked);
      assert.ok(text.startsWith('**Amazon S3** · service prefix `s3`\n\n'), text);
      assert.ok(text.includes(`${service.actions.length} actions`), text);
      assert.ok(text.includes('[Service authorization reference: Amazon S3](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)'), text);
      assert.equal(covered(marked), '"s3:"');
    }
    assert.match(md(policy('"S3:|"')), /^\*\*Amazon S3\*\* · service prefix `s3`/);
  });

  it('shows it on the prefix too, over the prefix', () => {
    for (const marked of [policy('"s|3:"'), policy('"|s3:"')]) {
      assert.match(md(marked), /^\*\*Amazon S3\*\* · service prefix `s3`/);
      assert.equal(covered(marked), 's3');
    }
  });

  it('leaves the neighbours as they were: no colon, a lone colon, an empty string, an unknown prefix', () => {
    for (const marked of [policy('"s3|"'), policy('":|"'), policy('"|"'), policy('"|:"')]) assert.equal(hover(marked).hover, null, marked);
    assert.match(md(policy('"s4:|"')), /^\*\*`s4:`\*\* · unknown service prefix\n/);
  });
});
