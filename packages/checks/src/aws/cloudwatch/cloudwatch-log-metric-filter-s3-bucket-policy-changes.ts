import { defineCheck } from '@palisade/core';
import { evaluateMetricFilterAlarm, metricFilterRemediation } from '../lib/metric-filters.ts';
import type { MetricFilterRequirement } from '../lib/metric-filters.ts';

/** The filter pattern CIS AWS Foundations v3.0 4.8 prescribes. */
const CIS_PATTERN =
  '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }';

const REQUIREMENT: MetricFilterRequirement = {
  subject: 'S3 bucket policy and ACL changes',
  clauses: [
    '$.eventName = PutBucketAcl',
    '$.eventName = PutBucketPolicy',
    '$.eventName = PutBucketCors',
    '$.eventName = PutBucketLifecycle',
    '$.eventName = PutBucketReplication',
    '$.eventName = DeleteBucketPolicy',
    '$.eventName = DeleteBucketCors',
    '$.eventName = DeleteBucketLifecycle',
    '$.eventName = DeleteBucketReplication',
  ],
};

export default defineCheck({
  id: 'aws/cloudwatch-log-metric-filter-s3-bucket-policy-changes',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['cloudtrail', 'logs', 'cloudwatch', 'sns'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'A log metric filter and alarm exist for S3 bucket policy changes',
  description:
    'Checks that an alarm with a subscribed recipient fires on S3 bucket policy and ACL changes (CIS AWS Foundations v3.0 4.8). A multi-region CloudTrail trail that is logging and records all management events must deliver to CloudWatch Logs; a metric filter on that log group must match changes to S3 bucket ACLs, policies, CORS, lifecycle and replication configuration; a CloudWatch alarm on the filter\'s metric must notify an SNS topic with at least one confirmed subscription. The filter must name all 9 event names (in any order, quoted or not). The eventSource (s3.amazonaws.com) comparison of the CIS pattern only narrows the match and is optional.',
  risk: 'A changed bucket policy or ACL can make data public or readable by another account in one call; a changed replication or lifecycle rule can copy data out or delete it. Without an alarm such exposure can last until it is found by someone else.',
  remediation: metricFilterRemediation({
    name: 's3-bucket-policy-changes',
    pattern: CIS_PATTERN,
    summary: 'Create a metric filter for S3 bucket policy, ACL, CORS, lifecycle and replication changes on the CloudTrail log group, alarm on its metric and notify a subscribed SNS topic.',
  }),
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8',
  ],
  categories: ['monitoring', 'logging', 'data-protection'],
  evaluate: (account) => evaluateMetricFilterAlarm(account, REQUIREMENT),
});
