import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { logsCollector } from './logs.ts';

const mock = mockClient(CloudWatchLogsClient);
afterEach(() => mock.reset());

// Shaped like DescribeLogGroups: creationTime is epoch milliseconds, `arn` ends in `:*`, and
// `logGroupArn` is the same ARN without it.
function describeLogGroups() {
  mock
    .on(DescribeLogGroupsCommand, { nextToken: undefined })
    .resolves({
      logGroups: [
        {
          logGroupName: 'aws-cloudtrail-logs',
          creationTime: 1704067200000,
          retentionInDays: 365,
          metricFilterCount: 2,
          arn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*',
          logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs',
          storedBytes: 73400320,
          kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          logGroupClass: 'STANDARD',
        },
      ],
      nextToken: '/aws/lambda/api/1704067200000',
    })
    .on(DescribeLogGroupsCommand, { nextToken: '/aws/lambda/api/1704067200000' })
    .resolves({
      logGroups: [
        {
          logGroupName: '/aws/lambda/api',
          creationTime: 1704153600000,
          metricFilterCount: 0,
          arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*',
          logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api',
          storedBytes: 0,
          logGroupClass: 'STANDARD',
        },
      ],
    });
}

const ROOT_FILTER = {
  filterName: 'RootAccountUsage',
  filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  metricTransformations: [{ metricName: 'RootAccountUsageCount', metricNamespace: 'CISBenchmark', metricValue: '1' }],
  creationTime: 1704067200000,
  logGroupName: 'aws-cloudtrail-logs',
};

describe('cloudwatch logs collector', () => {
  it('lists log groups across pages and metric filters', async () => {
    describeLogGroups();
    mock
      .on(DescribeMetricFiltersCommand, { nextToken: undefined })
      .resolves({ metricFilters: [ROOT_FILTER], nextToken: 'filters-2' })
      .on(DescribeMetricFiltersCommand, { nextToken: 'filters-2' })
      .resolves({
        metricFilters: [
          {
            filterName: 'UnauthorizedApiCalls',
            filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
            metricTransformations: [{ metricName: 'UnauthorizedApiCalls', metricNamespace: 'CISBenchmark', metricValue: '1', defaultValue: 0, unit: 'Count' }],
            creationTime: 1704067200000,
            logGroupName: 'aws-cloudtrail-logs',
            applyOnTransformedLogs: false,
          },
        ],
      });

    const data = await logsCollector.collect(testCollectorContext());

    expect(data.logGroups.value).toEqual([
      {
        name: 'aws-cloudtrail-logs',
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs',
        retentionInDays: 365,
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        storedBytes: 73400320,
        tags: {},
      },
      { name: '/aws/lambda/api', arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api', storedBytes: 0, tags: {} },
    ]);
    expect(data.metricFilters.value).toEqual([
      {
        name: 'RootAccountUsage',
        logGroupName: 'aws-cloudtrail-logs',
        filterPattern: ROOT_FILTER.filterPattern,
        metricTransformations: [{ metricName: 'RootAccountUsageCount', metricNamespace: 'CISBenchmark' }],
      },
      {
        name: 'UnauthorizedApiCalls',
        logGroupName: 'aws-cloudtrail-logs',
        filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        metricTransformations: [{ metricName: 'UnauthorizedApiCalls', metricNamespace: 'CISBenchmark' }],
      },
    ]);
    expect(mock.commandCalls(DescribeLogGroupsCommand)).toHaveLength(2);
    expect(mock.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  it('carries a denied metric filter read while log groups still succeed', async () => {
    describeLogGroups();
    mock.on(DescribeMetricFiltersCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: logs:DescribeMetricFilters', 400));

    const data = await logsCollector.collect(testCollectorContext('eu-central-1'));

    expect(data.metricFilters.error).toMatchObject({ api: 'logs:DescribeMetricFilters', code: 'AccessDeniedException', region: 'eu-central-1', httpStatus: 400 });
    expect(data.logGroups.value?.map((group) => group.name)).toEqual(['aws-cloudtrail-logs', '/aws/lambda/api']);
  });

  it('fails the whole log group list when a later page fails', async () => {
    mock
      .on(DescribeLogGroupsCommand, { nextToken: undefined })
      .resolves({ logGroups: [{ logGroupName: 'a', arn: 'arn:aws:logs:us-east-1:123456789012:log-group:a:*' }], nextToken: 'p2' })
      .on(DescribeLogGroupsCommand, { nextToken: 'p2' })
      .rejects(sdkError('InvalidParameterException', 'The specified nextToken is invalid.', 400));
    mock.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [] });

    const data = await logsCollector.collect(testCollectorContext());

    expect(data.logGroups.error).toMatchObject({ api: 'logs:DescribeLogGroups', code: 'InvalidParameterException' });
    expect(data.metricFilters).toEqual({ value: [] });
  });
});
