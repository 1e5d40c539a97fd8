import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { GetEnabledStandardsCommandOutput } from '@aws-sdk/client-securityhub';
import type { ApiError } from '@palisade/core';
import type { SecurityHubData } from '@palisade/core/aws';
import type { RegionalCollector } from '../collector.ts';

/**
 * Security Hub answers DescribeHub in a region where the account never enabled it with
 * `InvalidAccessException: Account … is not subscribed to AWS Security Hub`. The same code also
 * means other access problems (e.g. an administrator relationship), so the message decides.
 */
export function isNotSubscribed(error: ApiError): boolean {
  return error.code === 'InvalidAccessException' && /not subscribed/i.test(error.message);
}

export const securityHubCollector: RegionalCollector<'securityhub'> = {
  service: 'securityhub',
  scope: 'regional',
  async collect({ gateway, clients, region }) {
    const client = clients.get(SecurityHubClient, region);
    const described = await gateway.callOrNull(
      'securityhub:DescribeHub',
      (abortSignal) => client.send(new DescribeHubCommand({}), { abortSignal }),
      isNotSubscribed,
    );
    const hub: SecurityHubData['hub'] = described.error
      ? described
      : { value: described.value === null ? null : { hubArn: described.value.HubArn ?? '', subscribedAt: described.value.SubscribedAt, autoEnableControls: described.value.AutoEnableControls } };
    // A region without a hub has no standards, and asking would only produce another access error.
    if (hub.value === null) return { hub, enabledStandards: { value: [] } };
    const standards = await gateway.paginate(
      'securityhub:GetEnabledStandards',
      (NextToken, abortSignal) => client.send(new GetEnabledStandardsCommand({ NextToken }), { abortSignal }),
      (page: GetEnabledStandardsCommandOutput) => page.StandardsSubscriptions,
      (page) => page.NextToken,
    );
    return {
      hub,
      // The standard's ARN (not the account-specific subscription ARN) says which benchmark is on.
      enabledStandards: standards.error
        ? standards
        : { value: standards.value.map((subscription) => ({ arn: subscription.StandardsArn ?? '', status: subscription.StandardsStatus ?? '' })) },
    };
  },
};
