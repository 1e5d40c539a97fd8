/**
 * CloudWatch Logs over JSON 1.1 (`Logs_20140328.*`): log groups and metric filters of the caller's
 * account in the signing region, from `snapshot.regional[region].logs`, paged with
 * `limit`/`nextToken` (at most 50 a page, as AWS).
 */
import type { LogsLogGroup, LogsMetricFilter } from '@palisade/core/aws';
import type { SimContext } from '../types.ts';
import { failure, fromEstate, pageOf } from './estate-answer.ts';
import type { Answer } from './estate-answer.ts';
import { jsonRpcSimulator } from './json-rpc.ts';

const statusFor = (code: string): number => (/Internal|Unavailable/.test(code) ? 500 : 400);
const DAY_MS = 86_400_000;

export const logsSimulator = jsonRpcSimulator({
  signingName: 'logs',
  actionPrefix: 'logs',
  targetPrefixes: ['Logs_20140328'],
  validationCode: 'InvalidParameterException',
  throttle: { code: 'ThrottlingException', status: 400 },
  denied: { code: 'AccessDeniedException', status: 400 },
  operations: {
    DescribeLogGroups(input, context) {
      const groups = logGroupsOf(context);
      if (groups.failure) return groups;
      const filters = metricFiltersOf(context);
      const prefix = input.string('logGroupNamePrefix');
      const pattern = input.string('logGroupNamePattern');
      if (prefix !== undefined && pattern !== undefined) return input.invalid('logGroupNamePrefix and logGroupNamePattern are mutually exclusive');
      const matching = groups.value.filter(
        (group) => (prefix === undefined || group.name.startsWith(prefix)) && (pattern === undefined || group.name.toLowerCase().includes(pattern.toLowerCase())),
      );
      const page = pageOf(matching, input.string('nextToken'), input.pageSize('limit', 50, 50), `DescribeLogGroups|${context.region}|${prefix ?? ''}|${pattern ?? ''}`);
      if (!page) return invalidToken();
      const created = Date.parse(context.account.snapshot.collectedAt) - 400 * DAY_MS;
      return {
        value: {
          logGroups: page.items.map((group) => ({
            logGroupName: group.name,
            creationTime: created,
            retentionInDays: group.retentionInDays,
            metricFilterCount: filters.value?.filter((filter) => filter.logGroupName === group.name).length ?? 0,
            // `arn` names the log streams (`:*`); `logGroupArn` is the group itself.
            arn: `${group.arn}:*`,
            storedBytes: group.storedBytes,
            kmsKeyId: group.kmsKeyId,
            logGroupClass: 'STANDARD',
            logGroupArn: group.arn,
          })),
          nextToken: page.next,
        },
      };
    },
    DescribeMetricFilters(input, context) {
      const filters = metricFiltersOf(context);
      if (filters.failure) return filters;
      const logGroupName = input.string('logGroupName');
      const namePrefix = input.string('filterNamePrefix');
      const metricName = input.string('metricName');
      const metricNamespace = input.string('metricNamespace');
      if (namePrefix !== undefined && logGroupName === undefined) return input.invalid('filterNamePrefix requires logGroupName');
      if ((metricName === undefined) !== (metricNamespace === undefined)) return input.invalid('metricName and metricNamespace must be given together');
      if (logGroupName !== undefined) {
        const groups = logGroupsOf(context);
        if (groups.failure) return groups;
        if (!groups.value.some((group) => group.name === logGroupName)) return failure('ResourceNotFoundException', 'The specified log group does not exist.', 400);
      }
      const matching = filters.value.filter(
        (filter) =>
          (logGroupName === undefined || filter.logGroupName === logGroupName) &&
          (namePrefix === undefined || filter.name.startsWith(namePrefix)) &&
          (metricName === undefined || filter.metricTransformations.some((metric) => metric.metricName === metricName && metric.metricNamespace === metricNamespace)),
      );
      const listing = `DescribeMetricFilters|${context.region}|${logGroupName ?? ''}|${namePrefix ?? ''}|${metricName ?? ''}|${metricNamespace ?? ''}`;
      const page = pageOf(matching, input.string('nextToken'), input.pageSize('limit', 50, 50), listing);
      if (!page) return invalidToken();
      const created = Date.parse(context.account.snapshot.collectedAt) - 200 * DAY_MS;
      return {
        value: {
          metricFilters: page.items.map((filter) => ({
            filterName: filter.name,
            filterPattern: filter.filterPattern,
            metricTransformations: filter.metricTransformations.map((metric) => ({ metricName: metric.metricName, metricNamespace: metric.metricNamespace, metricValue: '1' })),
            creationTime: created,
            logGroupName: filter.logGroupName,
            applyOnTransformedLogs: false,
          })),
          nextToken: page.next,
        },
      };
    },
  },
});

function logGroupsOf(context: SimContext): Answer<readonly LogsLogGroup[]> {
  return fromEstate(context.account.snapshot.regional[context.region]?.logs?.logGroups, [], statusFor);
}

function metricFiltersOf(context: SimContext): Answer<readonly LogsMetricFilter[]> {
  return fromEstate(context.account.snapshot.regional[context.region]?.logs?.metricFilters, [], statusFor);
}

function invalidToken() {
  return failure('InvalidParameterException', 'The specified nextToken is invalid.', 400);
}
