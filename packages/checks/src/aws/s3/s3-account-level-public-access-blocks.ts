import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { missingPublicAccessBlockSettings } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-account-level-public-access-blocks',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'S3 Block Public Access is enabled for the account',
  description:
    'Checks that all four account-level S3 Block Public Access settings are on (CIS 2.1.4), which protects every current and future bucket in the account regardless of its own configuration.',
  risk:
    'Without account-level Block Public Access, each bucket relies on its own settings; any new or misconfigured bucket can be made public by an ACL or policy change.',
  remediation: {
    summary: 'Enable all four Block Public Access settings for the account after confirming no bucket must be public (serve public content through CloudFront with origin access control instead).',
    cli: 'aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console: 'S3 console → Block Public Access settings for this account → Edit → check Block all public access → Save changes → confirm.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) => {
      const target = accountResource(account);
      return fromFetched(s3.accountPublicAccessBlock, target, (block) => {
        const missing = missingPublicAccessBlockSettings(block);
        if (missing.length === 0) return [pass(target, 'All four account-level S3 Block Public Access settings are enabled.')];
        return block === null
          ? [fail(target, 'The account has no S3 Block Public Access configuration.')]
          : [fail(target, `Account-level S3 Block Public Access settings that are off: ${missing.join(', ')}.`)];
      });
    }),
});
