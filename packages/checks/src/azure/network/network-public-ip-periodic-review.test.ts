import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, denied, networkData, ok, publicIpAddress, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-public-ip-periodic-review.ts';

describe(check.id, () => {
  it('lists each address for review with the resource behind it', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ network: networkData({ publicIpAddresses: ok([publicIpAddress({ name: 'pip-web' }), publicIpAddress({ name: 'pip-orphan', ipConfigurationId: undefined })]) }) }),
    );
    expect(statuses(results)).toEqual([
      ['MANUAL', armId('Microsoft.Network/publicIPAddresses', 'pip-web')],
      ['MANUAL', armId('Microsoft.Network/publicIPAddresses', 'pip-orphan')],
    ]);
    expect(results[0]?.message).toContain(`associated with ${armId('Microsoft.Network/networkInterfaces', 'nic-web')};`);
    expect(results[0]?.message).toContain('20.42.10.7');
    expect(results[1]?.message).toContain('not associated');
  });

  it('reports ERROR on the subscription when the addresses could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ publicIpAddresses: denied('Microsoft.Network/publicIPAddresses/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without public IP addresses', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
