import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.2 prescribes. */
const CIS_PATTERN =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'console sign-ins without MFA',
  clauses: ['$.eventName = "ConsoleLogin"', ['$.additionalEventData.MFAUsed != "Yes"', '$.additionalEventData.MFAUsed = "No"']],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-sign-in-without-mfa',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for Management Console sign-in without MFA',
  description:
    'Checks that an alarm with a subscribed recipient fires on console sign-ins without MFA (CIS AWS Foundations v3.0 4.2). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match ConsoleLogin events whose additionalEventData.MFAUsed is not "Yes"; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The CIS v3.0 variant that also requires userIdentity.type "IAMUser" and a successful login (to ignore single sign-on logins) is accepted too.',
  risk: 'A console sign-in protected only by a password is the easiest path into an account for phishing or password reuse. Alerting on single-factor sign-ins surfaces users who bypass the MFA policy and possibly compromised passwords.',
  remediation: metricFilterRemediation({
    name: 'console-sign-in-without-mfa',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for console sign-ins without MFA on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3',
  ],
  categories: ['monitoring', 'logging', 'identity-and-access'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
