import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.10 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'security group changes',
  clauses: [
    '$.eventName = AuthorizeSecurityGroupIngress',
    '$.eventName = AuthorizeSecurityGroupEgress',
    '$.eventName = RevokeSecurityGroupIngress',
    '$.eventName = RevokeSecurityGroupEgress',
    '$.eventName = CreateSecurityGroup',
    '$.eventName = DeleteSecurityGroup',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-security-group-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for security group changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on security group changes (CIS AWS Foundations v3.0 4.10). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match creating or deleting security groups and authorizing or revoking their ingress and egress rules; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 6 event names (in any order, quoted or not).',
  risk: 'One added ingress rule can open SSH, RDP or a database to the internet. Alerting on security group changes lets the team catch and revert exposure before it is exploited.',
  remediation: metricFilterRemediation({
    name: 'security-group-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for security group changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10',
  ],
  categories: ['monitoring', 'logging', 'network'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
