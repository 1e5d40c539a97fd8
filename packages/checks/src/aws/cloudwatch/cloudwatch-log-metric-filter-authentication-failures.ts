import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.6 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'console authentication failures',
  clauses: ['$.eventName = ConsoleLogin', '$.errorMessage = "Failed authentication"'],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-authentication-failures',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'A log metric filter and alarm exist for AWS Management Console authentication failures',
  description:
    'Checks that an alarm with a subscribed recipient fires on console authentication failures (CIS AWS Foundations v3.0 4.6). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match ConsoleLogin events with errorMessage "Failed authentication"; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must contain both comparisons, in any order, quoted or not.',
  risk: 'Repeated failed console logins indicate password guessing or credential stuffing against IAM users. Without an alarm a brute-force attempt runs until it succeeds, and the source IP is never blocked.',
  remediation: metricFilterRemediation({
    name: 'console-authentication-failures',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for failed console logins on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6',
  ],
  categories: ['monitoring', 'logging', 'identity-and-access'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
