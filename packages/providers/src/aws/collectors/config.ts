import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import type { Fetched } from '@palisade/core';
import type { ConfigRecorder } from '@palisade/core/aws';
import type { RegionalCollector } from '../collector.ts';

const STATUS_API = 'config:DescribeConfigurationRecorderStatus';

export const configCollector: RegionalCollector<'config'> = {
  service: 'config',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(ConfigServiceClient, region);
    // None of the three APIs is paginated.
    const [recorders, statuses, channels] = await Promise.all([
      gateway.call('config:DescribeConfigurationRecorders', (abortSignal) => client.send(new DescribeConfigurationRecordersCommand({}), { abortSignal })),
      gateway.call(STATUS_API, (abortSignal) => client.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal })),
      gateway.call('config:DescribeDeliveryChannels', (abortSignal) => client.send(new DescribeDeliveryChannelsCommand({}), { abortSignal })),
    ]);
    const statusOf = (recorder: ConfigurationRecorder): ConfigRecorder['status'] => {
      if (statuses.error) return statuses;
      const status = (statuses.value.ConfigurationRecordersStatus ?? []).find((entry) => entry.name === recorder.name);
      return status ? { value: toStatus(status) } : missingStatus(recorder, region);
    };
    return {
      recorders: recorders.error ? recorders : { value: (recorders.value.ConfigurationRecorders ?? []).map((recorder) => toRecorder(recorder, statusOf(recorder))) },
      deliveryChannels: channels.error
        ? channels
        : {
            value: (channels.value.DeliveryChannels ?? []).map((channel) => ({
              name: channel.name ?? '',
              s3BucketName: channel.s3BucketName,
              snsTopicArn: channel.snsTopicARN,
            })),
          },
    };
  },
};

function toRecorder(recorder: ConfigurationRecorder, status: ConfigRecorder['status']): ConfigRecorder {
  const group = recorder.recordingGroup;
  return {
    name: recorder.name ?? '',
    roleArn: recorder.roleARN ?? '',
    // Without a recording group nothing is known to be recorded, so the flags read false.
    allSupported: group?.allSupported ?? false,
    includeGlobalResourceTypes: group?.includeGlobalResourceTypes ?? false,
    resourceTypes: group?.resourceTypes ?? [],
    status,
  };
}

function toStatus(status: ConfigurationRecorderStatus): { recording: boolean; lastStatus?: string } {
  return { recording: status.recording ?? false, lastStatus: status.lastStatus };
}

// A recorder the status call does not mention cannot be shown to record; saying so beats guessing `recording: false`.
function missingStatus(recorder: ConfigurationRecorder, region: string): Fetched<never> {
  return {
    error: {
      api: STATUS_API,
      code: 'StatusMissing',
      message: `no status was returned for configuration recorder ${recorder.name ?? '(unnamed)'}`,
      region,
      ...(recorder.arn ? { resourceUid: recorder.arn } : {}),
    },
  };
}
