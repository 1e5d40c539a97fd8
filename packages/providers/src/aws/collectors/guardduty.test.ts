import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { guardDutyCollector } from './guardduty.ts';

const mock = mockClient(GuardDutyClient);
afterEach(() => mock.reset());

const ACTIVE_ID = '12abc34d567e8fa901bc2d34e56789f0';
const OLD_ID = 'f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5';

function listDetectors() {
  mock
    .on(ListDetectorsCommand, { NextToken: undefined })
    .resolves({ DetectorIds: [ACTIVE_ID], NextToken: 'detectors-2' })
    .on(ListDetectorsCommand, { NextToken: 'detectors-2' })
    .resolves({ DetectorIds: [OLD_ID] });
}

describe('guardduty collector', () => {
  it('lists detectors across pages and maps each detector', async () => {
    listDetectors();
    // Shaped like GetDetector: CreatedAt/UpdatedAt are strings, feature UpdatedAt a Date.
    mock.on(GetDetectorCommand, { DetectorId: ACTIVE_ID }).resolves({
      CreatedAt: '2024-01-15T10:00:00.000Z',
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
      Status: 'ENABLED',
      UpdatedAt: '2024-06-01T10:00:00.000Z',
      Tags: { team: 'security' },
      Features: [
        { Name: 'CLOUD_TRAIL', Status: 'ENABLED', UpdatedAt: new Date('2024-01-15T10:00:00Z') },
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED', UpdatedAt: new Date('2024-01-15T10:00:00Z') },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'DISABLED', UpdatedAt: new Date('2024-01-15T10:00:00Z') },
      ],
    });
    mock.on(GetDetectorCommand, { DetectorId: OLD_ID }).resolves({
      CreatedAt: '2019-03-01T10:00:00.000Z',
      ServiceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
      Status: 'DISABLED',
    });

    const data = await guardDutyCollector.collect(testCollectorContext());

    expect(data.detectors.value).toEqual([
      {
        id: ACTIVE_ID,
        arn: `arn:aws:guardduty:us-east-1:123456789012:detector/${ACTIVE_ID}`,
        status: 'ENABLED',
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: { CLOUD_TRAIL: 'ENABLED', S3_DATA_EVENTS: 'ENABLED', RDS_LOGIN_EVENTS: 'DISABLED' },
        tags: { team: 'security' },
      },
      {
        id: OLD_ID,
        arn: `arn:aws:guardduty:us-east-1:123456789012:detector/${OLD_ID}`,
        status: 'DISABLED',
        features: {},
        tags: {},
      },
    ]);
  });

  it('reports an empty list when the region has no detector', async () => {
    mock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });

    const data = await guardDutyCollector.collect(testCollectorContext());

    expect(data.detectors).toEqual({ value: [] });
  });

  it('fails the list when one detector cannot be read, naming that detector', async () => {
    listDetectors();
    mock.on(GetDetectorCommand, { DetectorId: ACTIVE_ID }).resolves({ ServiceRole: 'role', Status: 'ENABLED' });
    mock.on(GetDetectorCommand, { DetectorId: OLD_ID }).rejects(sdkError('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.', 400));

    const data = await guardDutyCollector.collect(testCollectorContext('us-west-2'));

    expect(data.detectors.error).toMatchObject({
      api: 'guardduty:GetDetector',
      code: 'BadRequestException',
      region: 'us-west-2',
      resourceUid: `arn:aws:guardduty:us-west-2:123456789012:detector/${OLD_ID}`,
    });
  });

  it('returns the API error code when listing detectors is denied', async () => {
    mock.on(ListDetectorsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: guardduty:ListDetectors', 403));

    const data = await guardDutyCollector.collect(testCollectorContext('us-west-2'));

    expect(data.detectors.error).toMatchObject({ api: 'guardduty:ListDetectors', code: 'AccessDeniedException', region: 'us-west-2', httpStatus: 403 });
  });
});
