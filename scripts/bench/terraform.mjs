// Terraform files for the benchmark, through the real server over stdio (the HCL parser is
// WebAssembly the server loads on its first .tf file): each module block holds a role whose
// trust policy is a jsonencode, a policy document with three statements, and a heredoc policy.
import { BenchClient } from './lsp.mjs';
import { percentile, sleep } from './stats.mjs';

export function generateTerraform(bytes) {
  const parts = ['data "aws_partition" "current" {}', 'data "aws_caller_identity" "current" {}', ''];
  let size = parts.join('\n').length;
  const actions = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'sns:Publish', 'kms:Decrypt', 'logs:PutLogEvents'];
  for (let i = 0; ; i++) {
    const a = (k) => actions[(i + k) % actions.length];
    const block = [
      `resource "aws_iam_role" "role_${i}" {`,
      `  name = "\${var.env}-role-${i}"`,
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect    = "Allow"',
      '      Principal = { Service = "lambda.amazonaws.com" }',
      '      Action    = "sts:AssumeRole"',
      '    }]',
      '  })',
      '}',
      '',
      `data "aws_iam_policy_document" "doc_${i}" {`,
      ...[0, 1, 2].flatMap((s) => [
        '  statement {',
        `    sid       = "S${s}"`,
        `    actions   = ["${a(s)}", "${a(s + 1)}"]`,
        `    resources = ["arn:\${data.aws_partition.current.partition}:s3:::\${var.env}-bucket-${i}/*", aws_sqs_queue.q_${i}.arn]`,
        '    condition {',
        '      test     = "StringEquals"',
        '      variable = "aws:ResourceAccount"',
        '      values   = [data.aws_caller_identity.current.account_id]',
        '    }',
        '  }',
      ]),
      '}',
      '',
      `resource "aws_iam_role_policy" "inline_${i}" {`,
      `  role   = aws_iam_role.role_${i}.id`,
      '  policy = <<-EOT',
      '    {',
      '      "Version": "2012-10-17",',
      '      "Statement": [{',
      '        "Effect": "Allow",',
      `        "Action": ["${a(2)}", "${a(3)}"],`,
      `        "Resource": "arn:aws:dynamodb:\${var.region}:\${data.aws_caller_identity.current.account_id}:table/t${i}"`,
      '      }]',
      '    }',
      '  EOT',
      '}',
      '',
    ].join('\n');
    if (size + block.length + 1 > bytes) break;
    parts.push(block);
    size += block.length + 1;
  }
  return parts.join('\n');
}

/**
 * A Terraform file through the server: open to first diagnostics (the HCL parser already
 * loaded by a small file before, its load measured on its own), then completion inside the
 * middle policy document's actions after each keystroke there.
 */
export async function terraformTimes(serverPath, bytes, iterations) {
  const client = new BenchClient(serverPath);
  await client.initialize();
  let start = performance.now();
  await client.open('file:///bench/small.tf', generateTerraform(1500), 'terraform');
  const firstTfFileMs = performance.now() - start;
  const uri = `file:///bench/main-${bytes}.tf`;
  const text = generateTerraform(bytes);
  start = performance.now();
  const first = await client.open(uri, text, 'terraform');
  const openToDiagnosticsMs = performance.now() - start;
  // The cursor after `"s3:` in an actions list of the middle policy document.
  const lists = [...text.matchAll(/actions   = \["s3:/g)];
  const at = lists[Math.floor(lists.length / 2)].index + 'actions   = ["s3:'.length;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  let character = at - before.lastIndexOf('\n') - 1;
  const typing = [];
  let empty = 0;
  for (let i = 0; i < iterations; i++) {
    start = performance.now();
    client.insert(uri, { line, character }, 'G');
    character++;
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    typing.push(performance.now() - start);
    if (!list || list.items?.length === 0) empty++;
    await sleep(40);
  }
  await client.stop();
  const policies = (text.match(/jsonencode\(|data "aws_iam_policy_document"|<<-EOT/g) ?? []).length;
  return {
    bytes: text.length,
    policies,
    firstTfFileMs,
    openToDiagnosticsMs,
    diagnosticsCount: first.diagnostics.length,
    completionTypingP50: percentile(typing, 50),
    completionTypingP95: percentile(typing, 95),
    emptyCompletions: empty,
  };
}
