import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-acl-prohibited',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 buckets have ACLs disabled (Object Ownership: bucket owner enforced)',
  description:
    'Checks that each bucket uses the `BucketOwnerEnforced` Object Ownership setting, which disables ACLs so that only IAM and bucket policies govern access and the bucket owner owns every object.',
  risk:
    'With ACLs in effect, access can be granted per object outside of any policy, objects uploaded by other accounts remain owned by them, and public or cross-account ACL grants are easy to overlook in reviews.',
  remediation: {
    summary: 'Move any access expressed in ACLs into the bucket policy, then set Object Ownership to Bucket owner enforced.',
    cli: 'aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
    terraform: 'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
    console: 'S3 console → select the bucket → Permissions → Object Ownership → Edit → ACLs disabled (recommended) → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-existing-bucket.html'],
  categories: ['identity-and-access', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.ownership, target, (ownership) =>
          ownership === 'BucketOwnerEnforced'
            ? [pass(target, `Bucket ${bucket.name} has ACLs disabled (BucketOwnerEnforced).`)]
            : [fail(target, `Bucket ${bucket.name} still honours ACLs (Object Ownership: ${ownership ?? 'not set'}).`)],
        );
      }),
    ),
});
