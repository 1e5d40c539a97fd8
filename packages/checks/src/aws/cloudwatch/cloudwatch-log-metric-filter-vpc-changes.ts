import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.14 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'VPC changes',
  clauses: [
    '$.eventName = CreateVpc',
    '$.eventName = DeleteVpc',
    '$.eventName = ModifyVpcAttribute',
    '$.eventName = AcceptVpcPeeringConnection',
    '$.eventName = CreateVpcPeeringConnection',
    '$.eventName = DeleteVpcPeeringConnection',
    '$.eventName = RejectVpcPeeringConnection',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-vpc-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for VPC changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on VPC changes (CIS AWS Foundations v3.0 4.14). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match creating, deleting and modifying VPCs and creating, accepting, rejecting and deleting VPC peering connections; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 7 event names (in any order, quoted or not). The four EC2-Classic ClassicLink events of the CIS pattern are optional: ClassicLink was retired in 2022 and those calls no longer occur.',
  risk: 'A new peering connection or a modified VPC attribute can join networks that were meant to stay apart, giving a compromised workload a path into sensitive environments.',
  remediation: metricFilterRemediation({
    name: 'vpc-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for VPC and VPC peering changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14',
  ],
  categories: ['monitoring', 'logging', 'network'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
