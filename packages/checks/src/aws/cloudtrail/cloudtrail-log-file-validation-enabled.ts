import { defineCheck, fail, pass } from '@palisade/core';
import { eachTrail, trailResource } from '../lib/cloudtrail-trails.ts';

export default defineCheck({
  id: 'aws/cloudtrail-log-file-validation-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsCloudTrailTrail',
  severity: 'medium',
  title: 'CloudTrail log file integrity validation is enabled',
  description:
    'Checks that every CloudTrail trail has log file integrity validation enabled, so CloudTrail writes hourly signed digest files that prove whether delivered log files were changed or deleted.',
  risk: 'Without digest files nobody can prove that CloudTrail logs are complete and unaltered: an intruder with write access to the log bucket can delete or edit the records of their own activity, and the logs lose their value as evidence.',
  remediation: {
    summary: 'Enable log file validation on the trail.',
    cli: 'aws cloudtrail update-trail --name <trail-name> --enable-log-file-validation\n# verify later with:\naws cloudtrail validate-logs --trail-arn <trail-arn> --start-time <yyyy-mm-ddThh:mm:ssZ>',
    terraform: 'resource "aws_cloudtrail" "management_events" {\n  # ...\n  enable_log_file_validation = true\n}',
    console: 'CloudTrail console → Trails → select the trail → General details → Edit → Additional settings → Log file validation: Enabled → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4',
  ],
  categories: ['logging', 'data-protection'],
  evaluate: (account) =>
    eachTrail(account, (trail) =>
      trail.logFileValidationEnabled
        ? pass(trailResource(trail), `Trail ${trail.name} has log file integrity validation enabled.`)
        : fail(trailResource(trail), `Trail ${trail.name} does not validate log files, so tampering with delivered logs cannot be detected.`),
    ),
});
