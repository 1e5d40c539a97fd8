import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.11 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'network ACL changes',
  clauses: [
    '$.eventName = CreateNetworkAcl',
    '$.eventName = CreateNetworkAclEntry',
    '$.eventName = DeleteNetworkAcl',
    '$.eventName = DeleteNetworkAclEntry',
    '$.eventName = ReplaceNetworkAclEntry',
    '$.eventName = ReplaceNetworkAclAssociation',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-network-acl-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for changes to network ACLs',
  description:
    'Checks that an alarm with a subscribed recipient fires on network ACL changes (CIS AWS Foundations v3.0 4.11). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match creating, deleting and replacing network ACLs, their entries and their subnet associations; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 6 event names (in any order, quoted or not).',
  risk: 'Network ACLs are a stateless guard on every subnet; a changed entry or association can open whole subnets to traffic the security groups alone were not meant to face.',
  remediation: metricFilterRemediation({
    name: 'network-acl-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for network ACL changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11',
  ],
  categories: ['monitoring', 'logging', 'network'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
