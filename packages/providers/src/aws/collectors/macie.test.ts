import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { macieCollector } from './macie.ts';

const mock = mockClient(Macie2Client);
afterEach(() => mock.reset());

describe('macie collector', () => {
  it('maps an enabled session', async () => {
    // Shaped like GetMacieSession: timestamps are Dates after SDK parsing.
    mock.on(GetMacieSessionCommand).resolves({
      createdAt: new Date('2024-09-10T12:00:00Z'),
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      serviceRole: 'arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie',
      status: 'ENABLED',
      updatedAt: new Date('2024-09-11T12:00:00Z'),
    });

    const data = await macieCollector.collect(testCollectorContext());

    expect(data.session).toEqual({ value: { status: 'ENABLED', createdAt: '2024-09-10T12:00:00.000Z' } });
  });

  it('keeps a paused session paused', async () => {
    mock.on(GetMacieSessionCommand).resolves({ createdAt: new Date('2024-09-10T12:00:00Z'), status: 'PAUSED' });

    const data = await macieCollector.collect(testCollectorContext());

    expect(data.session).toEqual({ value: { status: 'PAUSED', createdAt: '2024-09-10T12:00:00.000Z' } });
  });

  it('reports a region where Macie is not enabled as no session', async () => {
    mock.on(GetMacieSessionCommand).rejects(sdkError('AccessDeniedException', 'Macie is not enabled.', 401));

    const data = await macieCollector.collect(testCollectorContext('eu-north-1'));

    expect(data.session).toEqual({ value: null });
  });

  it('keeps a permission denial as an error with its code', async () => {
    mock
      .on(GetMacieSessionCommand)
      .rejects(
        sdkError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/Auditor/s is not authorized to perform: macie2:GetMacieSession', 403),
      );

    const data = await macieCollector.collect(testCollectorContext('eu-north-1'));

    expect(data.session.error).toMatchObject({ api: 'macie2:GetMacieSession', code: 'AccessDeniedException', region: 'eu-north-1', httpStatus: 403 });
  });
});
