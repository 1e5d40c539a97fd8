import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { bucketResource, findSecureTransportDeny } from '../lib/s3-access.ts';

export default defineCheck({
  id: 'aws/s3-bucket-secure-transport-policy',
  provider: 'aws',
  service: 's3',
  requires: ['s3'],
  resourceType: 'AwsS3Bucket',
  severity: 'medium',
  title: 'S3 bucket policies deny requests that do not use TLS',
  description:
    'Checks that each bucket policy has a Deny statement for principal `*` on `s3:*` (or `*`) covering every object of the bucket when `aws:SecureTransport` is `false` (CIS 2.1.1). A bucket without a policy fails, since nothing then stops plain-HTTP requests.',
  risk:
    'Without the deny, clients and misconfigured SDKs can read and write objects over unencrypted HTTP, exposing data and credentials-bearing requests to interception and tampering on the network path.',
  remediation: {
    summary: 'Add a statement denying all S3 actions on the bucket and its objects when aws:SecureTransport is false, merged into the existing bucket policy.',
    cli:
      'aws s3api put-bucket-policy --bucket <bucket> --policy \'{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::<bucket>","arn:aws:s3:::<bucket>/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}\'\n# put-bucket-policy replaces the whole policy: merge this statement into any existing one first.',
    terraform:
      'data "aws_iam_policy_document" "tls_only" {\n  statement {\n    sid     = "DenyInsecureTransport"\n    effect  = "Deny"\n    actions = ["s3:*"]\n    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\n\nresource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n  policy = data.aws_iam_policy_document.tls_only.json\n}',
    console: 'S3 console → select the bucket → Permissions → Bucket policy → Edit → add the DenyInsecureTransport statement (Deny, Principal *, Action s3:*, Resource the bucket ARN and ARN/*, Condition Bool aws:SecureTransport false) → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit',
    'https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule',
  ],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 's3', (s3) =>
      eachFetched(s3.buckets, accountResource(account), (bucket) => {
        const target = bucketResource(bucket);
        return fromFetched(bucket.policy, target, (policy) => {
          if (policy === null) return [fail(target, `Bucket ${bucket.name} has no bucket policy, so requests over plain HTTP are not denied.`)];
          const statement = findSecureTransportDeny(policy, bucket.arn);
          return statement
            ? [pass(target, `Bucket ${bucket.name} denies requests without TLS${statement.Sid ? ` (statement ${statement.Sid})` : ''}.`)]
            : [fail(target, `Bucket ${bucket.name} has a policy but no statement denying s3:* on all objects when aws:SecureTransport is false.`)];
        });
      }),
    ),
});
