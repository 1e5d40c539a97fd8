import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.12 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'network gateway changes',
  clauses: [
    '$.eventName = CreateCustomerGateway',
    '$.eventName = DeleteCustomerGateway',
    '$.eventName = AttachInternetGateway',
    '$.eventName = CreateInternetGateway',
    '$.eventName = DeleteInternetGateway',
    '$.eventName = DetachInternetGateway',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-network-gateway-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for changes to network gateways',
  description:
    'Checks that an alarm with a subscribed recipient fires on network gateway changes (CIS AWS Foundations v3.0 4.12). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match creating, deleting, attaching and detaching internet gateways and creating or deleting customer gateways; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 6 event names (in any order, quoted or not).',
  risk: 'Attaching an internet gateway gives a private VPC a path to the internet; a new customer gateway connects an outside network. Either can open an exfiltration route or expose internal services.',
  remediation: metricFilterRemediation({
    name: 'network-gateway-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for internet and customer gateway changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12',
  ],
  categories: ['monitoring', 'logging', 'network'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
