import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.13 prescribes. */
const CIS_PATTERN =
  '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'route table changes',
  clauses: [
    '$.eventName = CreateRoute',
    '$.eventName = CreateRouteTable',
    '$.eventName = ReplaceRoute',
    '$.eventName = ReplaceRouteTableAssociation',
    '$.eventName = DeleteRouteTable',
    '$.eventName = DeleteRoute',
    '$.eventName = DisassociateRouteTable',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-route-table-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for route table changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on route table changes (CIS AWS Foundations v3.0 4.13). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match creating, replacing and deleting routes and route tables and changing route table associations; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 7 event names (in any order, quoted or not). The eventSource (ec2.amazonaws.com) comparison of the CIS pattern only narrows the match and is optional.',
  risk: 'A changed route can send subnet traffic through an attacker-controlled instance or out to the internet, bypassing inspection, or black-hole production traffic.',
  remediation: metricFilterRemediation({
    name: 'route-table-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for route table changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13',
  ],
  categories: ['monitoring', 'logging', 'network'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
