import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.5 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'CloudTrail configuration changes',
  clauses: [
    '$.eventName = CreateTrail',
    '$.eventName = UpdateTrail',
    '$.eventName = DeleteTrail',
    '$.eventName = StartLogging',
    '$.eventName = StopLogging',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-cloudtrail-configuration-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for CloudTrail configuration changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on CloudTrail configuration changes (CIS AWS Foundations v3.0 4.5). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging events; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 5 event names (in any order, quoted or not).',
  risk: 'Stopping, deleting or redirecting a trail is how an intruder blinds the audit log before acting. An alarm on trail changes is the signal that arrives while logging still works.',
  remediation: metricFilterRemediation({
    name: 'cloudtrail-configuration-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for CloudTrail configuration changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5',
  ],
  categories: ['monitoring', 'logging'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
