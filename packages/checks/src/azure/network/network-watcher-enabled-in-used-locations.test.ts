import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, networkData, networkWatcher, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualNetwork } from '../../testing/azure/index.ts';
import check from './network-watcher-enabled-in-used-locations.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const EASTUS = `${SUBSCRIPTION}/locations/eastus`;
const WESTEUROPE = `${SUBSCRIPTION}/locations/westeurope`;

describe(check.id, () => {
  it('passes locations in use that have a watcher and fails those that do not', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({
        network: networkData({
          virtualNetworks: ok([virtualNetwork({ name: 'vnet-us' }), virtualNetwork({ name: 'vnet-eu', location: 'westeurope' }), virtualNetwork({ name: 'vnet-us-2' })]),
          networkWatchers: ok([networkWatcher({ location: 'eastus' }), networkWatcher({ location: 'japaneast' })]),
        }),
      }),
    );
    expect(statuses(results)).toEqual([
      ['PASS', EASTUS],
      ['FAIL', WESTEUROPE],
    ]);
    expect(results[1]?.message).toContain('West Europe');
    expect(results[1]?.resource.region).toBe('westeurope');
  });

  it('fails a location whose watcher is not provisioned', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([virtualNetwork({ name: 'vnet-us' })]), networkWatchers: ok([networkWatcher({ provisioningState: 'Failed' })]) }) }),
    );
    expect(statuses(results)).toEqual([['FAIL', EASTUS]]);
    expect(results[0]?.message).toContain('Failed');
  });

  it('names locations by their ARM name when the location list could not be read', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([virtualNetwork({ name: 'vnet-us' })]), locations: denied('Microsoft.Resources/subscriptions/locations/read') }) }),
    );
    expect(statuses(results)).toEqual([['FAIL', EASTUS]]);
    expect(results[0]?.message).toContain('eastus');
  });

  it('reports ERROR on the subscription when the watchers or the networks could not be listed', () => {
    const watchersDenied = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([virtualNetwork({ name: 'vnet-us' })]), networkWatchers: denied('Microsoft.Network/networkWatchers/read') }) }));
    expect(statuses(watchersDenied)).toEqual([['ERROR', SUBSCRIPTION]]);
    const networksDenied = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: denied('Microsoft.Network/virtualNetworks/read') }) }));
    expect(statuses(networksDenied)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing when no location is in use', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkWatchers: ok([networkWatcher()]) }) }))).toEqual([]);
  });
});
