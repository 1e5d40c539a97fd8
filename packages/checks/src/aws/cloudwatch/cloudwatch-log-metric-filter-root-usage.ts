import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.3 prescribes. */
const CIS_PATTERN =
  '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'root user activity',
  clauses: ['$.userIdentity.type = "Root"', '$.userIdentity.invokedBy NOT EXISTS', '$.eventType != "AwsServiceEvent"'],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-root-usage',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'A log metric filter and alarm exist for usage of the root user',
  description:
    'Checks that an alarm with a subscribed recipient fires on root user activity (CIS AWS Foundations v3.0 4.3). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match activity of the root user that is not performed by an AWS service on its behalf; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must contain all three CIS comparisons: userIdentity.type "Root", userIdentity.invokedBy NOT EXISTS and eventType != "AwsServiceEvent".',
  risk: 'The root user has unrestricted access that no IAM policy or SCP can limit. Any use of it outside the few tasks that require it means a break-glass event or a compromise, and both need immediate attention.',
  remediation: metricFilterRemediation({
    name: 'root-account-usage',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for root user activity on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1',
  ],
  categories: ['monitoring', 'logging', 'identity-and-access'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
