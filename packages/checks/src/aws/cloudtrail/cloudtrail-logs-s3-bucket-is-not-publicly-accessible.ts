import { defineCheck, errorResult, fail, manual, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { eachTrail, trailResource } from '../lib/cloudtrail-trails.ts';
import { assessBucketPublicAccess } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/cloudtrail-logs-s3-bucket-is-not-publicly-accessible',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail', 's3'],
  resourceType: 'AwsCloudTrailTrail',
  severity: 'critical',
  title: 'The S3 bucket that receives CloudTrail logs is not publicly accessible',
  description:
    "Checks that the S3 bucket each CloudTrail trail delivers to grants no access to everyone: no ACL grant to AllUsers or AuthenticatedUsers and no public bucket policy, after Block Public Access at bucket and account level is applied. When the bucket belongs to another account it is not in this account's data, and the result is MANUAL.",
  risk: 'A public CloudTrail bucket hands anyone a full record of the account: resource names, IAM principals, IP addresses and configuration changes, which is a map for an attacker. Write access would also let them tamper with the evidence.',
  remediation: {
    summary: 'Remove public ACL grants and public policy statements from the CloudTrail bucket and turn on all four Block Public Access settings.',
    cli:
      'aws s3api put-public-access-block --bucket <cloudtrail-bucket> \\\n  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n' +
      'aws s3api put-bucket-ownership-controls --bucket <cloudtrail-bucket> --ownership-controls \'Rules=[{ObjectOwnership=BucketOwnerEnforced}]\'\n' +
      'aws s3api get-bucket-policy --bucket <cloudtrail-bucket>  # remove statements with "Principal": "*" that have no restricting condition',
    terraform:
      'resource "aws_s3_bucket_public_access_block" "cloudtrail" {\n  bucket                  = aws_s3_bucket.cloudtrail.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console:
      'S3 console → select the CloudTrail bucket → Permissions → Block public access (bucket settings) → Edit → Block all public access → Save. Under Bucket policy and Access control list, remove any grant to Everyone or Authenticated users.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6',
  ],
  categories: ['logging', 'internet-exposed', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachTrail(account, (trail) => {
        const target = trailResource(trail);
        const name = trail.s3BucketName;
        if (!name) return manual(target, `Trail ${trail.name} reports no S3 bucket; review its delivery configuration.`);
        if (s3.buckets.error) return errorResult(target, s3.buckets.error, `Buckets could not be listed to find ${name}`);
        const bucket = s3.buckets.value.find((candidate) => candidate.name === name);
        if (bucket === undefined) {
          return manual(target, `Trail ${trail.name} delivers to bucket ${name}, which is not owned by this account (typically a central logging account); verify in the owning account that it is not public.`);
        }
        const access = assessBucketPublicAccess(bucket, s3.accountPublicAccessBlock);
        switch (access.verdict) {
          case 'public':
            return fail(target, `Bucket ${name}, which receives the logs of trail ${trail.name}, is public: ${access.reasons.join('; ')}.`);
          case 'unknown':
            return errorResult(target, access.error, `Public access of bucket ${name}`);
          case 'not-public':
            return pass(target, `Bucket ${name}, which receives the logs of trail ${trail.name}, is not public: ${access.notes.join('; ')}.`);
        }
      }),
    ),
});
