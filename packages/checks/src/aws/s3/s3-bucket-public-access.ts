import { defineCheck, eachFetched, errorResult, fail, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { assessBucketPublicAccess, bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-public-access',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'critical',
  title: 'S3 buckets are not publicly accessible',
  description:
    'Checks whether each bucket is effectively public once Block Public Access is applied: its ACL grants to AllUsers or AuthenticatedUsers and IgnorePublicAcls is off at both bucket and account level, or its policy is public and RestrictPublicBuckets is off at both levels. The policy is public when GetBucketPolicyStatus reports IsPublic or when the policy document itself has an Allow to everyone (Principal "*" or NotPrincipal) granting S3 actions with no condition restricting the caller; when GetBucketPolicyStatus cannot be read and the document proves nothing, the result is ERROR, since AWS evaluates more than the document reading does. A proven public path fails even if another input could not be read; otherwise an unreadable input gives ERROR, never PASS.',
  risk:
    'A public bucket lets anyone on the internet list, read, or even write and delete its objects. Public buckets are discovered by automated scanners and are a leading cause of large data breaches.',
  remediation: {
    summary: 'Remove public ACL grants and public policy statements, then enable Block Public Access on the bucket and the account. Serve intentionally public content through CloudFront with origin access control.',
    cli:
      'aws s3api put-bucket-acl --bucket <bucket> --acl private\naws s3api delete-bucket-policy --bucket <bucket>  # or put a policy without public statements\naws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n\nresource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
    console:
      'S3 console → select the bucket → Permissions → Block public access → Edit → Block all public access → Save; review Bucket policy and Access control list (ACL) on the same tab and remove grants to Everyone or Authenticated users group.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
    'https://repost.aws/knowledge-center/secure-s3-resources',
  ],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        const access = assessBucketPublicAccess(bucket, s3.accountPublicAccessBlock);
        switch (access.verdict) {
          case 'public':
            return fail(target, `Bucket ${bucket.name} is publicly accessible: ${access.reasons.join('; ')}.`);
          case 'unknown':
            return errorResult(target, access.error, 'Public access could not be determined');
          case 'not-public':
            return pass(target, `Bucket ${bucket.name} is not public: ${access.notes.join('; ')}.`);
        }
      }),
    ),
});
