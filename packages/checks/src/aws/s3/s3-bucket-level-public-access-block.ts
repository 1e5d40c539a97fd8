import { defineCheck, eachFetched, errorResult, fail, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { blocksAllPublicAccess, bucketResource, settingsOffAtBothLevels } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-level-public-access-block',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'high',
  title: 'S3 buckets are covered by Block Public Access (bucket or account level)',
  description:
    'Checks that all four Block Public Access settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) apply to each bucket, in the bucket\'s own configuration, through the account-level configuration, or through both combined, since S3 applies the most restrictive combination of the two (CIS 2.1.4). The result says which level provides the protection.',
  risk:
    'Without Block Public Access, a single ACL or bucket policy change, by mistake or by an attacker, can expose the bucket\'s data to the whole internet.',
  remediation: {
    summary: 'Turn on all four Block Public Access settings for the account (preferred) or for the bucket, after confirming no workload relies on public access.',
    cli:
      'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n# or for the whole account:\naws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console: 'S3 console → select the bucket → Permissions → Block public access (bucket settings) → Edit → check Block all public access → Save changes → confirm.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html'],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        const bucketBlock = bucket.publicAccessBlock;
        const accountBlock = s3.accountPublicAccessBlock;
        if (bucketBlock.value !== undefined && blocksAllPublicAccess(bucketBlock.value)) {
          return pass(target, `Bucket ${bucket.name} blocks all public access at bucket level.`);
        }
        if (accountBlock.value !== undefined && blocksAllPublicAccess(accountBlock.value)) {
          return pass(target, `Bucket ${bucket.name} is covered by the account-level Block Public Access settings.`);
        }
        const off = settingsOffAtBothLevels(bucketBlock.value, accountBlock.value);
        if (off.length === 0) {
          return pass(target, `Bucket ${bucket.name} is covered by the combination of its own and the account-level Block Public Access settings.`);
        }
        if (bucketBlock.error) return errorResult(target, bucketBlock.error);
        if (accountBlock.error) return errorResult(target, accountBlock.error, 'Account-level Block Public Access could not be read');
        return fail(target, `Bucket ${bucket.name} is not fully covered by Block Public Access; off at both bucket and account level: ${off.join(', ')}.`);
      }),
    ),
});
