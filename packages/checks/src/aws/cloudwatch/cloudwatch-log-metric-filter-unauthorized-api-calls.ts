import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.1 prescribes. */
const CIS_PATTERN =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'unauthorized API calls',
  clauses: ['$.errorCode = "*UnauthorizedOperation"', '$.errorCode = "AccessDenied*"'],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-unauthorized-api-calls',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for unauthorized API calls',
  description:
    'Checks that an alarm with a subscribed recipient fires on unauthorized API calls (CIS AWS Foundations v3.0 4.1). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match API calls rejected as unauthorized (errorCode "*UnauthorizedOperation" or "AccessDenied*"); a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must contain both error-code comparisons; the CIS v3.0 refinements that exclude S3 log delivery (sourceIPAddress delivery.logs.amazonaws.com) and HeadBucket noise are optional.',
  risk: 'A burst of AccessDenied and UnauthorizedOperation errors is an early sign of stolen credentials being probed for what they can do, or of a misbehaving automation. Without an alarm the probing continues unnoticed until something succeeds.',
  remediation: metricFilterRemediation({
    name: 'unauthorized-api-calls',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for AccessDenied/UnauthorizedOperation errors on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2',
  ],
  categories: ['monitoring', 'logging', 'threat-detection'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
