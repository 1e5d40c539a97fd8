import { defineCheck, errorResult, fail, manual, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { eachTrail, trailResource } from '../lib/cloudtrail-trails.ts';

export default defineCheck({
  id: 'aws/cloudtrail-logs-s3-bucket-access-logging-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail', 's3'],
  resourceType: 'AwsCloudTrailTrail',
  severity: 'medium',
  title: 'The S3 bucket that receives CloudTrail logs has server access logging enabled',
  description:
    "Checks that the S3 bucket each CloudTrail trail delivers to has server access logging enabled. When the bucket belongs to another account (a central logging account) it is not in this account's data, and the result is MANUAL.",
  risk: 'Without server access logs on the CloudTrail bucket, reads, downloads and deletions of the audit logs themselves are not recorded, so exfiltration of the logs or an attempt to destroy them goes unnoticed.',
  remediation: {
    summary: 'Enable server access logging on the CloudTrail bucket, delivering to a separate bucket that only the log delivery service can write to.',
    cli:
      'aws s3api put-bucket-logging --bucket <cloudtrail-bucket> \\\n  --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"<access-log-bucket>","TargetPrefix":"cloudtrail-bucket/"}}\'',
    terraform:
      'resource "aws_s3_bucket_logging" "cloudtrail" {\n  bucket        = aws_s3_bucket.cloudtrail.id\n  target_bucket = aws_s3_bucket.access_logs.id\n  target_prefix = "cloudtrail-bucket/"\n}',
    console: 'S3 console → select the CloudTrail bucket → Properties → Server access logging → Edit → Enable → choose the destination bucket and prefix → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
  ],
  categories: ['logging'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachTrail(account, (trail) => {
        const target = trailResource(trail);
        const name = trail.s3BucketName;
        if (!name) return manual(target, `Trail ${trail.name} reports no S3 bucket; review its delivery configuration.`);
        if (s3.buckets.error) return errorResult(target, s3.buckets.error, `Buckets could not be listed to find ${name}`);
        const bucket = s3.buckets.value.find((candidate) => candidate.name === name);
        if (bucket === undefined) {
          return manual(target, `Trail ${trail.name} delivers to bucket ${name}, which is not owned by this account (typically a central logging account); verify server access logging on it in the owning account.`);
        }
        if (bucket.logging.error) return errorResult(target, bucket.logging.error, `Logging configuration of bucket ${name}`);
        return bucket.logging.value === null
          ? fail(target, `Bucket ${name}, which receives the logs of trail ${trail.name}, has server access logging disabled.`)
          : pass(target, `Bucket ${name}, which receives the logs of trail ${trail.name}, logs access to ${bucket.logging.value.targetBucket}/${bucket.logging.value.targetPrefix}.`);
      }),
    ),
});
