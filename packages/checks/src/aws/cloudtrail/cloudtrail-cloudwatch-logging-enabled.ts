import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { eachTrail, trailResource } from '../lib/cloudtrail-trails.ts';

const DAY_MS = 86_400_000;

export default defineCheck({
  id: 'aws/cloudtrail-cloudwatch-logging-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  requires: ['cloudtrail'],
  resourceType: 'AwsCloudTrailTrail',
  severity: 'medium',
  title: 'CloudTrail trails deliver to CloudWatch Logs and delivered within the last day',
  description:
    'Checks that every CloudTrail trail sends its events to a CloudWatch Logs group and that the last delivery to CloudWatch Logs (GetTrailStatus LatestCloudWatchLogsDeliveryTime) happened within one day of the scan.',
  risk: 'Events that only reach S3 can be searched after the fact but cannot drive real-time metric filters and alarms. A configured but stale delivery (for example, a deleted log group or a broken IAM role) silently disables every alarm built on it.',
  remediation: {
    summary: 'Point the trail at a CloudWatch Logs group with a role CloudTrail can assume, then confirm deliveries resume.',
    cli:
      'aws logs create-log-group --log-group-name aws-cloudtrail-logs\n' +
      'aws cloudtrail update-trail --name <trail-name> \\\n  --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account-id>:log-group:aws-cloudtrail-logs:* \\\n  --cloud-watch-logs-role-arn arn:aws:iam::<account-id>:role/CloudTrailToCloudWatchLogs\n' +
      'aws cloudtrail get-trail-status --name <trail-name> --query LatestCloudWatchLogsDeliveryTime',
    terraform:
      'resource "aws_cloudwatch_log_group" "cloudtrail" {\n  name              = "aws-cloudtrail-logs"\n  retention_in_days = 365\n}\n\nresource "aws_cloudtrail" "management_events" {\n  # ...\n  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"\n  cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_cloudwatch.arn\n}',
    console: 'CloudTrail console → Trails → select the trail → CloudWatch Logs → Edit → Enabled; choose or create the log group and the IAM role → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5',
  ],
  categories: ['logging', 'monitoring'],
  evaluate: (account, { now }) =>
    eachTrail(account, (trail) => {
      const target = trailResource(trail);
      if (!trail.cloudWatchLogsLogGroupArn) return fail(target, `Trail ${trail.name} does not deliver to CloudWatch Logs.`);
      if (trail.status.error) return errorResult(target, trail.status.error, `Status of trail ${trail.name}`);
      const delivered = trail.status.value.latestCloudWatchLogsDeliveryTime;
      if (delivered === undefined) {
        return fail(target, `Trail ${trail.name} is configured for log group ${trail.cloudWatchLogsLogGroupArn} but has never delivered to it.`);
      }
      const ageMs = now.getTime() - Date.parse(delivered);
      return ageMs <= DAY_MS
        ? pass(target, `Trail ${trail.name} delivers to ${trail.cloudWatchLogsLogGroupArn}; last delivery ${delivered}.`)
        : fail(target, `Trail ${trail.name} is configured for ${trail.cloudWatchLogsLogGroupArn} but last delivered at ${delivered}, more than a day ago.`);
    }),
});
