import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { cloudTrailCollector } from './cloudtrail.ts';

const mock = mockClient(CloudTrailClient);
afterEach(() => mock.reset());

const MAIN_ARN = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events';
const SHADOW_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events';

// Shaped like DescribeTrails with includeShadowTrails: the second trail lives in eu-west-1 and
// shows up here because it is multi-region.
function describeTrails() {
  mock.on(DescribeTrailsCommand).resolves({
    trailList: [
      {
        Name: 'management-events',
        S3BucketName: 'aws-cloudtrail-logs-123456789012-4f2a',
        S3KeyPrefix: 'ct',
        SnsTopicName: 'cloudtrail-notify',
        SnsTopicARN: 'arn:aws:sns:us-east-1:123456789012:cloudtrail-notify',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: true,
        HomeRegion: 'us-east-1',
        TrailARN: MAIN_ARN,
        LogFileValidationEnabled: true,
        CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*',
        CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CloudTrailRoleForCloudWatchLogs',
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        HasCustomEventSelectors: true,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      },
      {
        Name: 'data-events',
        S3BucketName: 'org-trail-bucket',
        IncludeGlobalServiceEvents: false,
        IsMultiRegionTrail: true,
        HomeRegion: 'eu-west-1',
        TrailARN: SHADOW_ARN,
        LogFileValidationEnabled: false,
        HasCustomEventSelectors: true,
        HasInsightSelectors: false,
        IsOrganizationTrail: true,
      },
    ],
  });
}

describe('cloudtrail collector', () => {
  it('maps trails with their status and basic or advanced event selectors', async () => {
    describeTrails();
    mock
      .on(GetTrailStatusCommand, { Name: MAIN_ARN })
      .resolves({
        IsLogging: true,
        LatestDeliveryTime: new Date('2025-06-01T10:15:00Z'),
        LatestCloudWatchLogsDeliveryTime: new Date('2025-06-01T10:16:00Z'),
        StartLoggingTime: new Date('2024-01-01T00:00:00Z'),
        LatestDeliveryAttemptTime: '2025-06-01T10:15:00Z',
        LatestDeliveryAttemptSucceeded: '2025-06-01T10:15:00Z',
        TimeLoggingStarted: '2024-01-01T00:00:00Z',
      })
      .on(GetTrailStatusCommand, { Name: SHADOW_ARN })
      .resolves({ IsLogging: false, StopLoggingTime: new Date('2025-05-01T00:00:00Z'), TimeLoggingStopped: '2025-05-01T00:00:00Z' })
      .on(GetEventSelectorsCommand, { TrailName: MAIN_ARN })
      .resolves({
        TrailARN: MAIN_ARN,
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
            ExcludeManagementEventSources: ['kms.amazonaws.com'],
          },
        ],
      })
      .on(GetEventSelectorsCommand, { TrailName: SHADOW_ARN })
      .resolves({
        TrailARN: SHADOW_ARN,
        AdvancedEventSelectors: [
          {
            Name: 'Log S3 writes except the log bucket',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'readOnly', Equals: ['false'] },
              { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::org-trail-bucket/'] },
            ],
          },
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      });

    const data = await cloudTrailCollector.collect(testCollectorContext());

    expect(data.trails.value).toEqual([
      {
        name: 'management-events',
        arn: MAIN_ARN,
        homeRegion: 'us-east-1',
        isMultiRegion: true,
        isOrganizationTrail: false,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        s3BucketName: 'aws-cloudtrail-logs-123456789012-4f2a',
        kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*',
        cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CloudTrailRoleForCloudWatchLogs',
        snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:cloudtrail-notify',
        status: { value: { isLogging: true, latestDeliveryTime: '2025-06-01T10:15:00.000Z', latestCloudWatchLogsDeliveryTime: '2025-06-01T10:16:00.000Z' } },
        eventSelectors: {
          value: {
            basic: [
              {
                readWriteType: 'All',
                includeManagementEvents: true,
                dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
                excludeManagementEventSources: ['kms.amazonaws.com'],
              },
            ],
            advanced: [],
          },
        },
      },
      {
        name: 'data-events',
        arn: SHADOW_ARN,
        homeRegion: 'eu-west-1',
        isMultiRegion: true,
        isOrganizationTrail: true,
        includeGlobalServiceEvents: false,
        logFileValidationEnabled: false,
        s3BucketName: 'org-trail-bucket',
        status: { value: { isLogging: false } },
        eventSelectors: {
          value: {
            basic: [],
            advanced: [
              {
                name: 'Log S3 writes except the log bucket',
                fieldSelectors: [
                  { field: 'eventCategory', equals: ['Data'] },
                  { field: 'resources.type', equals: ['AWS::S3::Object'] },
                  { field: 'readOnly', equals: ['false'] },
                  { field: 'resources.ARN', notStartsWith: ['arn:aws:s3:::org-trail-bucket/'] },
                ],
              },
              { fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
            ],
          },
        },
      },
    ]);
    expect(mock.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({ includeShadowTrails: true });
    expect(mock.commandCalls(GetTrailStatusCommand).map((call) => call.args[0].input.Name).sort()).toEqual([SHADOW_ARN, MAIN_ARN]);
  });

  it('applies the service defaults to a basic selector with omitted fields', async () => {
    mock.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'default', TrailARN: MAIN_ARN, HomeRegion: 'us-east-1' }] });
    mock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    mock.on(GetEventSelectorsCommand).resolves({ TrailARN: MAIN_ARN, EventSelectors: [{}] });
    const data = await cloudTrailCollector.collect(testCollectorContext());
    expect(data.trails.value?.[0]?.eventSelectors).toEqual({
      value: { basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] },
    });
    expect(data.trails.value?.[0]).toMatchObject({ isMultiRegion: false, isOrganizationTrail: false, includeGlobalServiceEvents: false, logFileValidationEnabled: false });
  });

  it('keeps a trail whose status is denied, with the error on that field only', async () => {
    describeTrails();
    mock
      .on(GetTrailStatusCommand, { Name: MAIN_ARN })
      .resolves({ IsLogging: true })
      .on(GetTrailStatusCommand, { Name: SHADOW_ARN })
      .rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:GetTrailStatus', 400))
      .on(GetEventSelectorsCommand)
      .resolves({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] });

    const data = await cloudTrailCollector.collect(testCollectorContext('us-east-1'));

    const [main, shadow] = data.trails.value ?? [];
    expect(main?.status).toEqual({ value: { isLogging: true } });
    expect(shadow?.status.error).toMatchObject({
      api: 'cloudtrail:GetTrailStatus',
      code: 'AccessDeniedException',
      region: 'us-east-1',
      resourceUid: SHADOW_ARN,
    });
    expect(shadow?.eventSelectors.value?.basic).toEqual([{ readWriteType: 'WriteOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }]);
  });

  it('returns the API error when DescribeTrails is denied', async () => {
    mock.on(DescribeTrailsCommand).rejects(sdkError('AccessDeniedException', 'not authorized', 400));
    const data = await cloudTrailCollector.collect(testCollectorContext('eu-west-1'));
    expect(data.trails.error).toMatchObject({ api: 'cloudtrail:DescribeTrails', code: 'AccessDeniedException', region: 'eu-west-1', httpStatus: 400 });
    expect(mock.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
  });
});

describe('cloudtrail collector detail cap', () => {
  it('keeps trails past limits.cloudTrailTrails with DetailCapReached on status and selectors', async () => {
    describeTrails();
    mock.on(GetTrailStatusCommand).resolves({ IsLogging: true }).on(GetEventSelectorsCommand).resolves({ EventSelectors: [] });

    const data = await cloudTrailCollector.collect({ ...testCollectorContext('us-east-1'), limits: { cloudTrailTrails: 1 } });

    const [main, shadow] = data.trails.value ?? [];
    expect(main?.status).toEqual({ value: { isLogging: true } });
    expect(shadow).toMatchObject({ arn: SHADOW_ARN, isOrganizationTrail: true });
    expect(shadow?.status.error).toMatchObject({ api: 'cloudtrail:GetTrailStatus', code: 'DetailCapReached', resourceUid: SHADOW_ARN });
    expect(shadow?.eventSelectors.error).toMatchObject({ api: 'cloudtrail:GetEventSelectors', code: 'DetailCapReached', resourceUid: SHADOW_ARN });
    expect(mock.commandCalls(GetTrailStatusCommand).map((call) => call.args[0].input.Name)).toEqual([MAIN_ARN]);
  });
});
