import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { cloudWatchCollector } from './cloudwatch.ts';

const mock = mockClient(CloudWatchClient);
afterEach(() => mock.reset());

describe('cloudwatch collector', () => {
  it('lists metric alarms across pages', async () => {
    // Shaped like DescribeAlarms: timestamps are Dates, Threshold a number, and a metric-math
    // alarm has no MetricName or Namespace (its query lives in Metrics).
    mock
      .on(DescribeAlarmsCommand, { NextToken: undefined })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'CIS-RootAccountUsage',
            AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:CIS-RootAccountUsage',
            AlarmConfigurationUpdatedTimestamp: new Date('2025-01-01T00:00:00Z'),
            ActionsEnabled: true,
            OKActions: [],
            AlarmActions: ['arn:aws:sns:us-east-1:123456789012:security-alerts'],
            InsufficientDataActions: [],
            StateValue: 'OK',
            StateReason: 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
            StateUpdatedTimestamp: new Date('2025-06-01T00:00:00Z'),
            MetricName: 'RootAccountUsageCount',
            Namespace: 'CISBenchmark',
            Statistic: 'Sum',
            Dimensions: [],
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
          },
        ],
        CompositeAlarms: [],
        NextToken: 'alarms-2',
      })
      .on(DescribeAlarmsCommand, { NextToken: 'alarms-2' })
      .resolves({
        MetricAlarms: [
          {
            AlarmName: 'api-error-rate',
            AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-error-rate',
            ActionsEnabled: false,
            OKActions: [],
            AlarmActions: [],
            InsufficientDataActions: [],
            StateValue: 'INSUFFICIENT_DATA',
            EvaluationPeriods: 3,
            Threshold: 5,
            ComparisonOperator: 'GreaterThanThreshold',
            Metrics: [{ Id: 'rate', Expression: '100 * errors / requests', ReturnData: true }],
          },
        ],
      });

    const data = await cloudWatchCollector.collect(testCollectorContext());

    expect(data.alarms.value).toEqual([
      {
        name: 'CIS-RootAccountUsage',
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:CIS-RootAccountUsage',
        metricName: 'RootAccountUsageCount',
        namespace: 'CISBenchmark',
        actionsEnabled: true,
        alarmActions: ['arn:aws:sns:us-east-1:123456789012:security-alerts'],
        stateValue: 'OK',
      },
      {
        name: 'api-error-rate',
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-error-rate',
        actionsEnabled: false,
        alarmActions: [],
        stateValue: 'INSUFFICIENT_DATA',
      },
    ]);
    expect(mock.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input)).toEqual([
      { AlarmTypes: ['MetricAlarm'] },
      { AlarmTypes: ['MetricAlarm'], NextToken: 'alarms-2' },
    ]);
  });

  it('returns the API error code when the call is denied', async () => {
    mock.on(DescribeAlarmsCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: cloudwatch:DescribeAlarms', 403));
    const data = await cloudWatchCollector.collect(testCollectorContext('ap-southeast-2'));
    expect(data.alarms.error).toMatchObject({ api: 'cloudwatch:DescribeAlarms', code: 'AccessDenied', region: 'ap-southeast-2', httpStatus: 403 });
  });
});
