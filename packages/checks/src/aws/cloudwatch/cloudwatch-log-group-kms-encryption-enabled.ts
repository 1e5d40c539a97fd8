import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/cloudwatch-log-group-kms-encryption-enabled',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['logs'],
  resourceType: 'AwsLogsLogGroup',
  severity: 'low',
  title: 'CloudWatch Logs log groups are encrypted with a KMS key',
  description:
    'Checks that every CloudWatch Logs log group is encrypted with an AWS KMS key (the log group has a kmsKeyId). Log data is always encrypted at rest by CloudWatch Logs; a KMS key adds access control and auditing over who can decrypt it.',
  risk: 'Without a customer controlled KMS key, anyone with logs read permissions can read the events, and access to sensitive log data (application payloads, tokens, personal data) cannot be separately restricted, audited or revoked by disabling the key.',
  remediation: {
    summary: 'Associate a customer managed KMS key with the log group; the key policy must allow the logs.<region>.amazonaws.com service principal to use it.',
    cli: 'aws logs associate-kms-key --log-group-name <log-group-name> --kms-key-id arn:aws:kms:<region>:<account-id>:key/<key-id>',
    terraform: 'resource "aws_cloudwatch_log_group" "this" {\n  name              = "<log-group-name>"\n  retention_in_days = 365\n  kms_key_id        = aws_kms_key.logs.arn\n}',
    console: 'The console sets a KMS key only when a log group is created: CloudWatch console → Logs → Log groups → Create log group → KMS key ARN. For an existing log group use the CLI command above (associate-kms-key).',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html',
  ],
  categories: ['encryption', 'logging'],
  evaluate: (account) =>
    eachRegion(account, 'logs', (logs, region) =>
      eachFetched(logs.logGroups, regionResource(account, 'logs', region), (group) => {
        const target = resource(group.arn.replace(/:\*$/, ''), 'AwsLogsLogGroup', group.name, region, group.tags);
        return group.kmsKeyId
          ? pass(target, `Log group ${group.name} is encrypted with KMS key ${group.kmsKeyId}.`)
          : fail(target, `Log group ${group.name} is not encrypted with a KMS key.`);
      }),
    ),
});
