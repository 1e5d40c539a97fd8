import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-default-encryption',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 buckets have default server-side encryption configured',
  description:
    'Checks that each bucket has a default server-side encryption rule (SSE-S3, SSE-KMS or DSSE-KMS). Since January 2023 AWS applies SSE-S3 to every bucket, so GetBucketEncryption normally returns a rule; a bucket with no rule is unusual and fails. The message names the algorithm so buckets that need customer-managed KMS keys can be spotted.',
  risk:
    'Objects written without encryption are stored in plaintext, and there is no KMS key policy or CloudTrail record of key use standing between the data and anyone with storage-level access.',
  remediation: {
    summary: 'Configure default encryption on the bucket, preferably SSE-KMS with a customer managed key and S3 Bucket Keys enabled for sensitive data.',
    cli: 'aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}\'',
    terraform:
      'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}',
    console: 'S3 console → select the bucket → Properties → Default encryption → Edit → choose SSE-KMS (or SSE-S3) → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html'],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.encryption, target, (rules) =>
          rules !== null && rules.length > 0
            ? [pass(target, `Bucket ${bucket.name} encrypts new objects by default with ${rules.map((rule) => rule.sseAlgorithm).join(', ')}.`)]
            : [fail(target, `Bucket ${bucket.name} has no default server-side encryption configuration.`)],
        );
      }),
    ),
});
