import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { DescribeLogGroupsCommandOutput, DescribeMetricFiltersCommandOutput, LogGroup, MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsLogGroup, LogsMetricFilter } from '@palisade/core/aws';
import type { RegionalCollector } from '../collector.ts';

export const logsCollector: RegionalCollector<'logs'> = {
  service: 'logs',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(CloudWatchLogsClient, region);
    const [logGroups, metricFilters] = await Promise.all([
      gateway.paginate(
        'logs:DescribeLogGroups',
        (nextToken, abortSignal) => client.send(new DescribeLogGroupsCommand({ nextToken }), { abortSignal }),
        (page: DescribeLogGroupsCommandOutput) => page.logGroups,
        (page) => page.nextToken,
      ),
      gateway.paginate(
        'logs:DescribeMetricFilters',
        (nextToken, abortSignal) => client.send(new DescribeMetricFiltersCommand({ nextToken }), { abortSignal }),
        (page: DescribeMetricFiltersCommandOutput) => page.metricFilters,
        (page) => page.nextToken,
      ),
    ]);
    return {
      logGroups: logGroups.error ? logGroups : { value: logGroups.value.map(toLogGroup) },
      metricFilters: metricFilters.error ? metricFilters : { value: metricFilters.value.map(toMetricFilter) },
    };
  },
};

function toLogGroup(group: LogGroup): LogsLogGroup {
  return {
    name: group.logGroupName ?? '',
    // `arn` ends in `:*` (the log streams wildcard); the log group's own ARN does not.
    arn: group.arn?.replace(/:\*$/, '') ?? group.logGroupArn ?? '',
    retentionInDays: group.retentionInDays,
    kmsKeyId: group.kmsKeyId,
    storedBytes: group.storedBytes,
    // Tags would cost one ListTagsForResource call per log group; the collector keeps to two list reads.
    tags: {},
  };
}

function toMetricFilter(filter: MetricFilter): LogsMetricFilter {
  return {
    name: filter.filterName ?? '',
    logGroupName: filter.logGroupName ?? '',
    filterPattern: filter.filterPattern ?? '',
    metricTransformations: (filter.metricTransformations ?? []).map((transformation) => ({
      metricName: transformation.metricName ?? '',
      metricNamespace: transformation.metricNamespace ?? '',
    })),
  };
}
