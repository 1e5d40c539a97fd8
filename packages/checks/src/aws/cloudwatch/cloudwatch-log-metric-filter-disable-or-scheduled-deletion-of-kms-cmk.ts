import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.7 prescribes. */
const CIS_PATTERN =
  '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'disabling or scheduled deletion of KMS keys',
  clauses: ['$.eventName = DisableKey', '$.eventName = ScheduleKeyDeletion'],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-disable-or-scheduled-deletion-of-kms-cmk',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for disabling or scheduled deletion of customer managed KMS keys',
  description:
    'Checks that an alarm with a subscribed recipient fires on disabling or scheduled deletion of KMS keys (CIS AWS Foundations v3.0 4.7). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match KMS DisableKey and ScheduleKeyDeletion events; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 2 event names (in any order, quoted or not). The eventSource (kms.amazonaws.com) comparison of the CIS pattern only narrows the match and is optional.',
  risk: 'Data encrypted under a disabled key is unreadable, and under a deleted key it is lost for good. A disable or deletion request, by mistake or by an attacker holding data to ransom, must be noticed within the waiting period so it can be cancelled.',
  remediation: metricFilterRemediation({
    name: 'kms-key-disable-or-deletion',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for KMS DisableKey and ScheduleKeyDeletion on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7',
  ],
  categories: ['monitoring', 'logging', 'encryption'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
