/**
 * Actions that decide who else may use a resource: they write its resource-based policy or
 * ACL, or share it. Granted on every resource of a kind, they let the principal open any of
 * them to another AWS account (or to everyone), without touching IAM at all.
 *
 * The list starts from the resource types IAM Access Analyzer checks for external access
 * (S3 buckets and access points, S3 directory buckets, IAM roles, KMS keys, Lambda functions
 * and layers, SQS queues, Secrets Manager secrets, SNS topics, EBS and RDS snapshots, ECR
 * repositories, EFS file systems, DynamoDB tables and streams) and adds the other well-known
 * policy setters (CloudWatch Logs, EventBridge, Glacier, Backup, Glue Data Catalog,
 * OpenSearch, CodeArtifact, Kinesis, Private CA, SSM documents, RAM shares).
 * `iam:UpdateAssumeRolePolicy` is not here: privilege-escalation reports it.
 *
 * Every action is in the catalogue (a unit test checks it); the wording is ours.
 */

export interface ExposureAction {
  /** Exact IAM action spelling. */
  readonly action: string;
  /** What the principal can do with the action on every resource, as a verb phrase. */
  readonly does: string;
  /**
   * Condition keys that, required to a value other than `*` or `true` by a non-negated
   * operator, restrict whom the written policy or share may name (`lambda:Principal`), or name
   * the resources it may change as the Resource element would (`secretsmanager:SecretId`).
   */
  readonly limitedBy?: readonly string[];
}

const LAMBDA_PRINCIPAL = ['lambda:Principal'];
const RAM_CREATE = ['ram:RequestedAllowsExternalPrincipals', 'ram:Principal', 'ram:ResourceArn', 'ram:RequestedResourceType'];
const RAM_ASSOCIATE = ['ram:AllowsExternalPrincipals', 'ram:Principal', 'ram:ResourceArn', 'ram:ResourceShareName'];

export const exposureActions: readonly ExposureAction[] = [
  // --- S3 --------------------------------------------------------------------------------
  { action: 's3:PutBucketPolicy', does: 'rewrite the bucket policy of any S3 bucket, making its objects readable or writable by any AWS account or by everyone' },
  { action: 's3:PutBucketAcl', does: 'rewrite the ACL of any S3 bucket, letting any AWS account or everyone list or write it' },
  { action: 's3:PutObjectAcl', does: 'rewrite the ACL of any S3 object, making it readable by any AWS account or by everyone' },
  { action: 's3:PutObjectVersionAcl', does: 'rewrite the ACL of any version of any S3 object, making it readable by any AWS account or by everyone' },
  { action: 's3:PutAccessPointPolicy', does: 'rewrite the policy of any S3 access point, opening its bucket to any AWS account' },
  { action: 's3:PutMultiRegionAccessPointPolicy', does: 'rewrite the policy of any S3 Multi-Region Access Point, opening its buckets to any AWS account' },
  { action: 's3express:PutBucketPolicy', does: 'rewrite the bucket policy of any S3 directory bucket, opening it to any AWS account' },

  // --- Compute, messaging and containers ---------------------------------------------------
  { action: 'lambda:AddPermission', does: 'add any AWS account or service to the policy of any Lambda function, letting it invoke the function', limitedBy: LAMBDA_PRINCIPAL },
  { action: 'lambda:PutResourcePolicy', does: 'replace the resource policy of any Lambda function, letting any AWS account invoke it', limitedBy: LAMBDA_PRINCIPAL },
  { action: 'lambda:AddLayerVersionPermission', does: 'share any Lambda layer version with any AWS account or everyone' },
  { action: 'sns:SetTopicAttributes', does: 'rewrite the access policy of any SNS topic, letting any AWS account publish to it or subscribe to it' },
  { action: 'sns:AddPermission', does: 'add any AWS account to the access policy of any SNS topic' },
  { action: 'sqs:SetQueueAttributes', does: 'rewrite the policy of any SQS queue, letting any AWS account read, send or delete its messages' },
  { action: 'sqs:AddPermission', does: 'add any AWS account to the policy of any SQS queue' },
  { action: 'ecr:SetRepositoryPolicy', does: 'rewrite the policy of any ECR repository, letting any AWS account pull or push its images' },
  { action: 'ecr-public:SetRepositoryPolicy', does: 'rewrite the policy of any ECR Public repository, letting any AWS account push images to it' },
  { action: 'events:PutPermission', does: 'let any AWS account or organization put events on the account\'s event buses' },
  { action: 'kinesis:PutResourcePolicy', does: 'rewrite the policy of any Kinesis data stream or consumer, letting any AWS account read or write it' },

  // --- Keys, secrets and certificates ----------------------------------------------------
  { action: 'kms:PutKeyPolicy', does: 'rewrite the key policy of any KMS key, letting any AWS account use or manage the key' },
  { action: 'secretsmanager:PutResourcePolicy', does: 'attach a policy to any secret, letting any AWS account read its value', limitedBy: ['secretsmanager:SecretId'] },
  { action: 'acm-pca:PutPolicy', does: 'rewrite the policy of any private certificate authority, letting any AWS account issue certificates from it' },

  // --- Data stores and backups -----------------------------------------------------------
  { action: 'dynamodb:PutResourcePolicy', does: 'attach a policy to any DynamoDB table or stream, letting any AWS account read or write it' },
  { action: 'elasticfilesystem:PutFileSystemPolicy', does: 'rewrite the policy of any EFS file system, letting any AWS account mount it' },
  { action: 'glacier:SetVaultAccessPolicy', does: 'rewrite the access policy of any S3 Glacier vault, letting any AWS account read or delete its archives' },
  { action: 'backup:PutBackupVaultAccessPolicy', does: 'rewrite the access policy of any backup vault, letting any AWS account act on it or lifting the denials that protect its recovery points' },
  { action: 'glue:PutResourcePolicy', does: 'rewrite the Glue Data Catalog policy, letting any AWS account read or change its databases and tables' },
  { action: 'es:UpdateDomainConfig', does: 'replace the access policy of any OpenSearch domain (among its settings), letting any AWS account or everyone query it' },
  { action: 'es:UpdateElasticsearchDomainConfig', does: 'replace the access policy of any Elasticsearch domain (among its settings), letting any AWS account or everyone query it' },
  { action: 'logs:PutResourcePolicy', does: 'write CloudWatch Logs resource policies, letting other principals put log events into the account\'s log groups' },
  { action: 'logs:PutDestinationPolicy', does: 'rewrite the policy of any CloudWatch Logs destination, letting any AWS account send logs to it' },
  { action: 'codeartifact:PutDomainPermissionsPolicy', does: 'rewrite the policy of any CodeArtifact domain, letting any AWS account use it' },
  { action: 'codeartifact:PutRepositoryPermissionsPolicy', does: 'rewrite the policy of any CodeArtifact repository, letting any AWS account read or publish packages' },

  // --- Sharing ---------------------------------------------------------------------------
  { action: 'ec2:ModifySnapshotAttribute', does: 'share any EBS snapshot with any AWS account or make it public', limitedBy: ['ec2:Add/userId'] },
  { action: 'ec2:ModifyImageAttribute', does: 'share any AMI with any AWS account or make it public' },
  { action: 'rds:ModifyDBSnapshotAttribute', does: 'share any RDS DB snapshot with any AWS account or make it public' },
  { action: 'rds:ModifyDBClusterSnapshotAttribute', does: 'share any RDS DB cluster snapshot with any AWS account or make it public' },
  { action: 'ssm:ModifyDocumentPermission', does: 'share any Systems Manager document with any AWS account or make it public' },
  { action: 'serverlessrepo:PutApplicationPolicy', does: 'share any Serverless Application Repository application with any AWS account or make it public' },
  { action: 'ram:CreateResourceShare', does: 'create resource shares that share the account\'s resources with any AWS account', limitedBy: RAM_CREATE },
  { action: 'ram:AssociateResourceShare', does: 'add any AWS account or resource to any existing resource share', limitedBy: RAM_ASSOCIATE },
];
