import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/cloudwatch-log-group-retention-policy-specific-days-enabled',
  provider: 'aws',
  service: 'cloudwatch',
  requires: ['logs'],
  resourceType: 'AwsLogsLogGroup',
  severity: 'medium',
  title: 'CloudWatch Logs log groups keep events for at least the required retention period',
  description:
    'Checks that every CloudWatch Logs log group retains events for at least the configured number of days (`minLogRetentionDays`, 365 by default) or never expires them (no retention policy).',
  risk: 'Logs that expire too soon are gone when an intrusion is discovered, often months after it began; investigations, and retention obligations from standards such as PCI DSS (one year), cannot be met.',
  remediation: {
    summary: 'Set the log group retention to at least the required period (or export older logs to S3 with a lifecycle policy).',
    cli: 'aws logs put-retention-policy --log-group-name <log-group-name> --retention-in-days 365',
    terraform: 'resource "aws_cloudwatch_log_group" "this" {\n  name              = "<log-group-name>"\n  retention_in_days = 365\n}',
    console: 'CloudWatch console → Logs → Log groups → select the log group → Actions → Edit retention setting → choose 1 year (or longer) → Save.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
  ],
  categories: ['logging', 'resilience'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'logs', (logs, region) =>
      eachFetched(logs.logGroups, regionResource(account, 'logs', region), (group) => {
        const target = resource(group.arn.replace(/:\*$/, ''), 'AwsLogsLogGroup', group.name, region, group.tags);
        if (group.retentionInDays === undefined) return pass(target, `Log group ${group.name} never expires its events.`);
        return group.retentionInDays >= config.minLogRetentionDays
          ? pass(target, `Log group ${group.name} keeps events for ${group.retentionInDays} days.`)
          : fail(target, `Log group ${group.name} keeps events for only ${group.retentionInDays} days; at least ${config.minLogRetentionDays} are required.`);
      }),
    ),
});
