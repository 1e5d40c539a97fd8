import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.4 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'IAM policy changes',
  clauses: [
    '$.eventName = DeleteGroupPolicy',
    '$.eventName = DeleteRolePolicy',
    '$.eventName = DeleteUserPolicy',
    '$.eventName = PutGroupPolicy',
    '$.eventName = PutRolePolicy',
    '$.eventName = PutUserPolicy',
    '$.eventName = CreatePolicy',
    '$.eventName = DeletePolicy',
    '$.eventName = CreatePolicyVersion',
    '$.eventName = DeletePolicyVersion',
    '$.eventName = AttachRolePolicy',
    '$.eventName = DetachRolePolicy',
    '$.eventName = AttachUserPolicy',
    '$.eventName = DetachUserPolicy',
    '$.eventName = AttachGroupPolicy',
    '$.eventName = DetachGroupPolicy',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-policy-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for IAM policy changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on IAM policy changes (CIS AWS Foundations v3.0 4.4). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match changes to IAM policies: creating, deleting and versioning managed policies, putting and deleting inline policies, and attaching or detaching policies to users, groups and roles; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 16 event names (in any order, quoted or not).',
  risk: 'Attaching a broad policy to a foothold user or role is the most common privilege-escalation step after an initial compromise. Without an alarm a quiet grant of administrator rights goes unseen.',
  remediation: metricFilterRemediation({
    name: 'iam-policy-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for the 16 IAM policy change events on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4',
  ],
  categories: ['monitoring', 'logging', 'identity-and-access'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
