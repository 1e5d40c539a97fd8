import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-no-mfa-delete',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 buckets have MFA Delete enabled',
  description:
    'Checks that each bucket has versioning with MFA Delete enabled, so permanently deleting an object version or changing the versioning state requires the root user\'s MFA code (CIS 2.1.2, a manual recommendation evaluated automatically here). Buckets where this is not wanted, such as high-churn or lifecycle-managed buckets, can be muted with a reason.',
  risk:
    'Without MFA Delete, anyone holding credentials with s3:DeleteObjectVersion and s3:PutBucketVersioning (including ransomware using stolen keys) can suspend versioning and destroy every object version irrecoverably.',
  remediation: {
    summary:
      'As the root user with an MFA device, enable versioning with MFA Delete. It cannot be enabled from the console or by IAM users; buckets with lifecycle configurations cannot use it.',
    cli: '# Run with root user credentials:\naws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/root-account-mfa-device <code>"',
    terraform:
      'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  mfa    = "arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456" # applied with root credentials\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Enabled"\n  }\n}',
    console: 'Not available in the console: use the AWS CLI or API with root user credentials and the root MFA device.',
  },
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html'],
  categories: ['data-protection', 'resilience'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.versioning, target, (versioning) =>
          versioning.mfaDelete === 'Enabled'
            ? [pass(target, `Bucket ${bucket.name} has MFA Delete enabled (versioning ${versioning.status}).`)]
            : [fail(target, `Bucket ${bucket.name} does not have MFA Delete enabled (versioning ${versioning.status}).`)],
        );
      }),
    ),
});
