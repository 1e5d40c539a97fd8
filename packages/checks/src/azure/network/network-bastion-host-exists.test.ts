import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, bastionHost, denied, networkData, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualNetwork } from '../../testing/azure/index.ts';
import check from './network-bastion-host-exists.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const withNetwork = { virtualNetworks: ok([virtualNetwork({ name: 'vnet-prod' })]) };

describe(check.id, () => {
  it('passes when a Bastion host exists', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ ...withNetwork, bastionHosts: ok([bastionHost({ name: 'bas-hub' })]) }) }));
    expect(statuses(results)).toEqual([['PASS', SUBSCRIPTION]]);
    expect(results[0]?.message).toContain('bas-hub (Standard, eastus)');
  });

  it('fails when virtual networks exist without a Bastion host', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ network: networkData(withNetwork) })))).toEqual([['FAIL', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without virtual networks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });

  it('reports ERROR when the Bastion hosts or the networks could not be listed', () => {
    const hostsDenied = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ ...withNetwork, bastionHosts: denied('Microsoft.Network/bastionHosts/read') }) }));
    expect(statuses(hostsDenied)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(hostsDenied[0]?.message).toContain('Microsoft.Network/bastionHosts/read');
    const networksDenied = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: denied('Microsoft.Network/virtualNetworks/read') }) }));
    expect(statuses(networksDenied)).toEqual([['ERROR', SUBSCRIPTION]]);
  });
});
