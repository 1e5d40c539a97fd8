import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { DescribeAlarmsCommandOutput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchAlarm } from '@palisade/core/aws';
import type { RegionalCollector } from '../collector.ts';

export const cloudWatchCollector: RegionalCollector<'cloudwatch'> = {
  service: 'cloudwatch',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(CloudWatchClient, region);
    const alarms = await gateway.paginate(
      'cloudwatch:DescribeAlarms',
      (NextToken, abortSignal) => client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], NextToken }), { abortSignal }),
      (page: DescribeAlarmsCommandOutput) => page.MetricAlarms,
      (page) => page.NextToken,
    );
    return { alarms: alarms.error ? alarms : { value: alarms.value.map(toAlarm) } };
  },
};

function toAlarm(alarm: MetricAlarm): CloudWatchAlarm {
  return {
    name: alarm.AlarmName ?? '',
    arn: alarm.AlarmArn ?? '',
    metricName: alarm.MetricName,
    namespace: alarm.Namespace,
    actionsEnabled: alarm.ActionsEnabled ?? false,
    alarmActions: alarm.AlarmActions ?? [],
    stateValue: alarm.StateValue ?? '',
  };
}
