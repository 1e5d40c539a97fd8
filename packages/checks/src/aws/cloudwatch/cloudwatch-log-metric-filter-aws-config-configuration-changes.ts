import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.9 prescribes. */
const CIS_PATTERN =
  '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'AWS Config configuration changes',
  clauses: ['$.eventName = StopConfigurationRecorder', '$.eventName = DeleteDeliveryChannel', '$.eventName = PutDeliveryChannel', '$.eventName = PutConfigurationRecorder'],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-aws-config-configuration-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for AWS Config configuration changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on AWS Config configuration changes (CIS AWS Foundations v3.0 4.9). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match StopConfigurationRecorder, DeleteDeliveryChannel, PutDeliveryChannel and PutConfigurationRecorder events; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 4 event names (in any order, quoted or not). The eventSource (config.amazonaws.com) comparison of the CIS pattern only narrows the match and is optional.',
  risk: 'Stopping the configuration recorder or redirecting its delivery channel erases the configuration history and disables Config rules, hiding later changes. An alarm shows when the recording that audits the account is tampered with.',
  remediation: metricFilterRemediation({
    name: 'aws-config-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for AWS Config recorder and delivery channel changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9',
  ],
  categories: ['monitoring', 'logging', 'governance'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
