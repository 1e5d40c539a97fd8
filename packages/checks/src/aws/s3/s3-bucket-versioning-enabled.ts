import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-versioning-enabled',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 buckets have versioning enabled',
  description: 'Checks that versioning is Enabled on each bucket (buckets where it was never turned on or was suspended fail).',
  risk:
    'Without versioning, an overwrite or delete, whether accidental, by a faulty deployment or by ransomware, destroys the only copy of the object.',
  remediation: {
    summary: 'Enable versioning and add a lifecycle rule that expires noncurrent versions after a retention period to control cost.',
    cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
    terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
    console: 'S3 console → select the bucket → Properties → Bucket Versioning → Edit → Enable → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html'],
  categories: ['resilience', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.versioning, target, (versioning) => {
          if (versioning.status === 'Enabled') return [pass(target, `Bucket ${bucket.name} has versioning enabled.`)];
          return versioning.status === 'Suspended'
            ? [fail(target, `Bucket ${bucket.name} has versioning suspended.`)]
            : [fail(target, `Bucket ${bucket.name} has never had versioning enabled.`)];
        });
      }),
    ),
});
