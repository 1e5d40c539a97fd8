import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { configCollector } from './config.ts';

const mock = mockClient(ConfigServiceClient);
afterEach(() => mock.reset());

const ROLE = 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';

// Shaped like DescribeConfigurationRecorders: recent responses carry the recorder's arn and
// recordingMode; the recording group always comes back.
function describeRecorders() {
  mock.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [
      {
        arn: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default/xb1eaxhgqktyoohs',
        name: 'default',
        roleARN: ROLE,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
          resourceTypes: [],
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
        },
        recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
        recordingScope: 'PAID',
      },
      {
        name: 'selected',
        roleARN: 'arn:aws:iam::123456789012:role/config-recorder',
        recordingGroup: {
          allSupported: false,
          includeGlobalResourceTypes: false,
          resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'],
          recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
        },
      },
    ],
  });
}

describe('config collector', () => {
  it('maps recorders with their status and the delivery channels', async () => {
    describeRecorders();
    mock.on(DescribeConfigurationRecorderStatusCommand).resolves({
      ConfigurationRecordersStatus: [
        {
          arn: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default/xb1eaxhgqktyoohs',
          name: 'default',
          lastStartTime: new Date('2024-01-01T00:00:00Z'),
          recording: true,
          lastStatus: 'Success',
          lastStatusChangeTime: new Date('2025-06-01T00:00:00Z'),
        },
        { name: 'selected', lastStopTime: new Date('2025-05-01T00:00:00Z'), recording: false, lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'Access denied' },
      ],
    });
    mock.on(DescribeDeliveryChannelsCommand).resolves({
      DeliveryChannels: [
        {
          name: 'default',
          s3BucketName: 'config-bucket-123456789012',
          s3KeyPrefix: 'config',
          snsTopicARN: 'arn:aws:sns:us-east-1:123456789012:config-topic',
          configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
        },
      ],
    });

    const data = await configCollector.collect(testCollectorContext());

    expect(data.recorders.value).toEqual([
      { name: 'default', roleArn: ROLE, allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [], status: { value: { recording: true, lastStatus: 'Success' } } },
      {
        name: 'selected',
        roleArn: 'arn:aws:iam::123456789012:role/config-recorder',
        allSupported: false,
        includeGlobalResourceTypes: false,
        resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'],
        status: { value: { recording: false, lastStatus: 'Failure' } },
      },
    ]);
    expect(data.deliveryChannels.value).toEqual([
      { name: 'default', s3BucketName: 'config-bucket-123456789012', snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:config-topic' },
    ]);
  });

  it('reports a recorder missing from the status response as StatusMissing', async () => {
    describeRecorders();
    mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'selected', recording: true, lastStatus: 'Pending' }] });
    mock.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });

    const data = await configCollector.collect(testCollectorContext('sa-east-1'));

    const [defaultRecorder, selected] = data.recorders.value ?? [];
    expect(defaultRecorder?.status.error).toMatchObject({
      api: 'config:DescribeConfigurationRecorderStatus',
      code: 'StatusMissing',
      region: 'sa-east-1',
      resourceUid: 'arn:aws:config:us-east-1:123456789012:configuration-recorder/default/xb1eaxhgqktyoohs',
    });
    expect(selected?.status).toEqual({ value: { recording: true, lastStatus: 'Pending' } });
    expect(data.deliveryChannels).toEqual({ value: [] });
  });

  it('puts a denied status read on every recorder and keeps the other reads', async () => {
    describeRecorders();
    mock.on(DescribeConfigurationRecorderStatusCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: config:DescribeConfigurationRecorderStatus', 400));
    mock.on(DescribeDeliveryChannelsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: config:DescribeDeliveryChannels', 400));

    const data = await configCollector.collect(testCollectorContext('eu-west-2'));

    expect(data.recorders.value?.map((recorder) => recorder.name)).toEqual(['default', 'selected']);
    for (const recorder of data.recorders.value ?? []) {
      expect(recorder.status.error).toMatchObject({ api: 'config:DescribeConfigurationRecorderStatus', code: 'AccessDeniedException', region: 'eu-west-2' });
    }
    expect(data.deliveryChannels.error).toMatchObject({ api: 'config:DescribeDeliveryChannels', code: 'AccessDeniedException' });
  });

  it('returns the API error when the recorders cannot be listed', async () => {
    mock.on(DescribeConfigurationRecordersCommand).rejects(sdkError('AccessDeniedException', 'not authorized', 400));
    mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    mock.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });

    const data = await configCollector.collect(testCollectorContext());

    expect(data.recorders.error).toMatchObject({ api: 'config:DescribeConfigurationRecorders', code: 'AccessDeniedException', httpStatus: 400 });
  });
});
