import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { securityHubCollector } from './securityhub.ts';

const mock = mockClient(SecurityHubClient);
afterEach(() => mock.reset());

const HUB_ARN = 'arn:aws:securityhub:us-east-1:123456789012:hub/default';

describe('security hub collector', () => {
  it('maps the hub and its enabled standards across pages', async () => {
    // DescribeHub returns SubscribedAt as an ISO string (not a Date) in the SDK model.
    mock.on(DescribeHubCommand).resolves({ HubArn: HUB_ARN, SubscribedAt: '2024-05-02T09:30:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' });
    mock
      .on(GetEnabledStandardsCommand, { NextToken: undefined })
      .resolves({
        StandardsSubscriptions: [
          {
            StandardsSubscriptionArn: 'arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0',
            StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
            StandardsInput: {},
            StandardsStatus: 'READY',
          },
        ],
        NextToken: 'standards-2',
      })
      .on(GetEnabledStandardsCommand, { NextToken: 'standards-2' })
      .resolves({
        StandardsSubscriptions: [
          {
            StandardsSubscriptionArn: 'arn:aws:securityhub:us-east-1:123456789012:subscription/cis-aws-foundations-benchmark/v/3.0.0',
            StandardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
            StandardsInput: {},
            StandardsStatus: 'INCOMPLETE',
            StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' },
          },
        ],
      });

    const data = await securityHubCollector.collect(testCollectorContext());

    expect(data.hub).toEqual({ value: { hubArn: HUB_ARN, subscribedAt: '2024-05-02T09:30:00.000Z', autoEnableControls: true } });
    expect(data.enabledStandards).toEqual({
      value: [
        { arn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', status: 'READY' },
        { arn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0', status: 'INCOMPLETE' },
      ],
    });
  });

  it('reports a region that is not subscribed as no hub and does not ask for standards', async () => {
    mock.on(DescribeHubCommand).rejects(sdkError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub', 401));

    const data = await securityHubCollector.collect(testCollectorContext('ap-southeast-2'));

    expect(data.hub).toEqual({ value: null });
    expect(data.enabledStandards).toEqual({ value: [] });
    expect(mock.commandCalls(GetEnabledStandardsCommand)).toHaveLength(0);
  });

  it('keeps any other InvalidAccessException as an error', async () => {
    mock.on(DescribeHubCommand).rejects(sdkError('InvalidAccessException', 'Account 123456789012 is not an administrator for this organization', 401));
    mock.on(GetEnabledStandardsCommand).rejects(sdkError('InvalidAccessException', 'Account 123456789012 is not an administrator for this organization', 401));

    const data = await securityHubCollector.collect(testCollectorContext('eu-west-1'));

    expect(data.hub.error).toMatchObject({ api: 'securityhub:DescribeHub', code: 'InvalidAccessException', region: 'eu-west-1', httpStatus: 401 });
    expect(data.enabledStandards.error).toMatchObject({ api: 'securityhub:GetEnabledStandards', code: 'InvalidAccessException' });
  });

  it('returns the API error code when the hub cannot be described', async () => {
    mock.on(DescribeHubCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: securityhub:DescribeHub', 403));
    mock.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });

    const data = await securityHubCollector.collect(testCollectorContext());

    expect(data.hub.error).toMatchObject({ api: 'securityhub:DescribeHub', code: 'AccessDeniedException', httpStatus: 403 });
    expect(data.enabledStandards).toEqual({ value: [] });
  });
});
