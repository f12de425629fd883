# An ingest service: a Lambda role, its permissions as an aws_iam_policy_document, and the
# bucket it reads from. Two mistakes on purpose: a misspelt action in the document and a
# misspelt service principal in the trust policy.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "ingest" {
  name = "ingest-${var.environment}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lamdba.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "ingest" {
  statement {
    sid       = "ReadIncoming"
    actions   = ["s3:GetObject", "s3:ListBuckets"]
    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::${var.incoming_bucket}",
      "arn:${data.aws_partition.current.partition}:s3:::${var.incoming_bucket}/*",
    ]
  }

  statement {
    sid     = "WriteResults"
    actions = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [
      "arn:${data.aws_partition.current.partition}:dynamodb:${var.region}:${data.aws_caller_identity.current.account_id}:table/ingest-results",
    ]
  }
}

resource "aws_iam_role_policy" "ingest" {
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

resource "aws_s3_bucket_policy" "incoming" {
  bucket = var.incoming_bucket
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "TlsOnly",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": ["arn:aws:s3:::${var.incoming_bucket}", "arn:aws:s3:::${var.incoming_bucket}/*"],
          "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }
      ]
    }
  EOT
}
