import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-server-access-logging-enabled',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 buckets have server access logging enabled',
  description: 'Checks that server access logging is configured on each bucket, delivering a record of every request to a target bucket.',
  risk:
    'Without access logs there is no per-request record of who read, wrote or deleted objects (CloudTrail data events aside), which hampers detecting data exfiltration and investigating incidents.',
  remediation: {
    summary: 'Enable server access logging to a dedicated log bucket in the same region and account (not the bucket itself), or enable CloudTrail S3 data events.',
    cli: 'aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}\'',
    terraform: 'resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "s3-access/${aws_s3_bucket.this.id}/"\n}',
    console: 'S3 console → select the bucket → Properties → Server access logging → Edit → Enable → choose the destination bucket and prefix → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html'],
  categories: ['logging'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.logging, target, (logging) =>
          logging === null
            ? [fail(target, `Bucket ${bucket.name} has server access logging disabled.`)]
            : [pass(target, `Bucket ${bucket.name} logs requests to s3://${logging.targetBucket}/${logging.targetPrefix}.`)],
        );
      }),
    ),
});
