import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.15 prescribes. */
const CIS_PATTERN =
  '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'AWS Organizations changes',
  clauses: [
    '$.eventName = AcceptHandshake',
    '$.eventName = AttachPolicy',
    '$.eventName = CreateAccount',
    '$.eventName = CreateOrganizationalUnit',
    '$.eventName = CreatePolicy',
    '$.eventName = DeclineHandshake',
    '$.eventName = DeleteOrganization',
    '$.eventName = DeleteOrganizationalUnit',
    '$.eventName = DeletePolicy',
    '$.eventName = DetachPolicy',
    '$.eventName = DisablePolicyType',
    '$.eventName = EnablePolicyType',
    '$.eventName = InviteAccountToOrganization',
    '$.eventName = LeaveOrganization',
    '$.eventName = MoveAccount',
    '$.eventName = RemoveAccountFromOrganization',
    '$.eventName = UpdatePolicy',
    '$.eventName = UpdateOrganizationalUnit',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-aws-organizations-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for AWS Organizations changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on AWS Organizations changes (CIS AWS Foundations v3.0 4.15). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match changes to the organization: accounts created, invited, moved or removed, organizational units, handshakes, and service control and other policies (created, updated, attached, detached, policy types enabled or disabled); a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 18 event names (in any order, quoted or not). The eventSource (organizations.amazonaws.com) comparison of the CIS pattern only narrows the match and is optional.',
  risk: 'Organization changes reshape guardrails for every member account: a detached SCP lifts restrictions everywhere, a removed account escapes central controls, and an invited or created account can be used to move resources outside oversight.',
  remediation: metricFilterRemediation({
    name: 'organizations-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for AWS Organizations changes on the CloudTrail log group of the management account (and delegated administrators), alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html',
  ],
  categories: ['monitoring', 'logging', 'governance'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
