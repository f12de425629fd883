import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, CompletionItemKind, InsertTextFormat, type TextEdit } from 'vscode-languageserver-types';

/** A resource the template declares: its logical name and CloudFormation type. */
export interface TemplateResource {
  readonly name: string;
  readonly type: string;
}

/**
 * The CloudFormation types whose resources an ARN of an IAM resource type names (by the
 * service and type name the catalogue gives, as in the ARN items' description), and how the
 * template writes that ARN: the `Arn` attribute, another attribute, or `!Ref` (which returns
 * the ARN for topics, secrets and state machines). An S3 object ARN is the bucket's ARN + `/*`.
 */
const ARN_OF: Readonly<Record<string, readonly { readonly type: string; readonly attribute?: string; readonly suffix?: string }[]>> = {
  's3 bucket': [{ type: 'AWS::S3::Bucket', attribute: 'Arn' }],
  's3 object': [{ type: 'AWS::S3::Bucket', attribute: 'Arn', suffix: '/*' }],
  'sqs queue': [{ type: 'AWS::SQS::Queue', attribute: 'Arn' }],
  'sns topic': [{ type: 'AWS::SNS::Topic' }],
  'dynamodb table': [{ type: 'AWS::DynamoDB::Table', attribute: 'Arn' }, { type: 'AWS::Serverless::SimpleTable' }],
  'dynamodb stream': [{ type: 'AWS::DynamoDB::Table', attribute: 'StreamArn' }],
  'lambda function': [{ type: 'AWS::Lambda::Function', attribute: 'Arn' }, { type: 'AWS::Serverless::Function', attribute: 'Arn' }],
  'kms key': [{ type: 'AWS::KMS::Key', attribute: 'Arn' }],
  'iam role': [{ type: 'AWS::IAM::Role', attribute: 'Arn' }],
  'iam user': [{ type: 'AWS::IAM::User', attribute: 'Arn' }],
  'logs log-group': [{ type: 'AWS::Logs::LogGroup', attribute: 'Arn' }],
  'states stateMachine': [{ type: 'AWS::StepFunctions::StateMachine' }, { type: 'AWS::Serverless::StateMachine' }],
  'secretsmanager Secret': [{ type: 'AWS::SecretsManager::Secret' }],
  'kinesis stream': [{ type: 'AWS::Kinesis::Stream', attribute: 'Arn' }],
  'firehose deliverystream': [{ type: 'AWS::KinesisFirehose::DeliveryStream', attribute: 'Arn' }],
  'ecr repository': [{ type: 'AWS::ECR::Repository', attribute: 'Arn' }],
  'events event-bus': [{ type: 'AWS::Events::EventBus', attribute: 'Arn' }],
  'ssm parameter': [],
};

/** Snippet placeholders the ARN items use for the parts a template writes as pseudo parameters. */
const PSEUDO: readonly [RegExp, string][] = [
  [/\$\{\d+:region\}/g, '\\${AWS::Region}'],
  [/\$\{\d+:account-id\}/g, '\\${AWS::AccountId}'],
];

/**
 * In a YAML template, next to each ARN template the core offers for a `Resource`: the same
 * template as a `!Sub` with `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}`,
 * and the template's own resources of a fitting type as `!GetAtt Name.Arn` (or `!Ref`).
 */
export function templateResourceItems(host: TextDocument, items: readonly CompletionItem[], resources: readonly TemplateResource[]): CompletionItem[] {
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const edit = item.textEdit as TextEdit | undefined;
    const description = item.labelDetails?.description;
    if (item.kind !== CompletionItemKind.Reference || !item.label.startsWith('arn:') || !edit?.range || !description) continue;
    // Only where a tag can start: not after one (`!Sub 'arn:...'` already is a tagged value).
    const before = host.getText({ start: { line: edit.range.start.line, character: 0 }, end: edit.range.start });
    if (/![A-Za-z]+\s*$/.test(before)) continue;
    for (const use of ARN_OF[description] ?? []) {
      for (const resource of resources) {
        if (resource.type !== use.type) continue;
        const value = use.suffix
          ? `!Sub '\${${resource.name}.${use.attribute}}${use.suffix}'`
          : use.attribute
            ? `!GetAtt ${resource.name}.${use.attribute}`
            : `!Ref ${resource.name}`;
        if (seen.has(value)) continue;
        seen.add(value);
        out.push({
          label: value,
          kind: CompletionItemKind.Reference,
          labelDetails: { description: `${resource.type} in this template` },
          detail: `The ARN of ${resource.name} (${resource.type}), as CloudFormation computes it`,
          sortText: `0${item.sortText ?? ''}`,
          filterText: value,
          textEdit: { range: edit.range, newText: value },
        });
      }
    }
    const snippet = PSEUDO.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), edit.newText.replace(/^['"]|['"]$/g, ''));
    const partitioned = snippet.replace(/^arn:aws(-[a-z-]+)?:/, 'arn:\\${AWS::Partition}:');
    if (partitioned === snippet && !/AWS::/.test(snippet)) continue;
    const sub = `!Sub '${partitioned.replace(/'/g, "''")}'`;
    const label = `!Sub ${partitioned.replace(/\\\$/g, '$').replace(/\$\{\d+:([^}]*)\}/g, '$1')}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({
      label,
      kind: CompletionItemKind.Reference,
      labelDetails: { description },
      detail: `${item.detail ?? ''}, with the stack's partition, Region and account`,
      sortText: `1${item.sortText ?? ''}`,
      filterText: label,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: edit.range, newText: sub },
    });
  }
  return out;
}
