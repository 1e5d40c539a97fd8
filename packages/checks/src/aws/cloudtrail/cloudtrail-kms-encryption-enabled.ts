import { defineCheck, fail, pass } from '@palisade/core';
import { eachTrail, trailResource } from '../lib/cloudtrail-trails.ts';

export default defineCheck({
  id: 'aws/cloudtrail-kms-encryption-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsCloudTrailTrail',
  severity: 'medium',
  title: 'CloudTrail logs are encrypted at rest with a KMS key (SSE-KMS)',
  description:
    'Checks that every CloudTrail trail encrypts its log files with an AWS KMS key (SSE-KMS) rather than only the S3-managed default encryption.',
  risk: 'With S3-managed encryption anyone who can read the log bucket can read the logs. A KMS key adds a second, separately audited permission (kms:Decrypt) between the logs and a reader, which limits who can study account activity, resource names and IP addresses recorded in them.',
  remediation: {
    summary: 'Create a customer managed KMS key whose policy lets CloudTrail encrypt and the log readers decrypt, then configure the trail to use it.',
    cli: 'aws cloudtrail update-trail --name <trail-name> --kms-key-id arn:aws:kms:<region>:<account-id>:key/<key-id>',
    terraform:
      'resource "aws_cloudtrail" "management_events" {\n  # ...\n  kms_key_id = aws_kms_key.cloudtrail.arn\n}\n\nresource "aws_kms_key" "cloudtrail" {\n  description         = "CloudTrail log encryption"\n  enable_key_rotation = true\n  policy              = data.aws_iam_policy_document.cloudtrail_key.json # allow cloudtrail.amazonaws.com kms:GenerateDataKey*\n}',
    console: 'CloudTrail console → Trails → select the trail → General details → Edit → Log file SSE-KMS encryption: Enabled → choose a new or existing customer managed key → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2',
  ],
  categories: ['logging', 'encryption'],
  evaluate: (account) =>
    eachTrail(account, (trail) =>
      trail.kmsKeyId
        ? pass(trailResource(trail), `Trail ${trail.name} encrypts its logs with KMS key ${trail.kmsKeyId}.`)
        : fail(trailResource(trail), `Trail ${trail.name} does not encrypt its logs with a KMS key (SSE-KMS).`),
    ),
});
