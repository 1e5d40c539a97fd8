import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import type { CheckResult } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { locationResource } from '../lib/network-flow-logs.ts';

export default defineCheck({
  id: 'azure/network-watcher-enabled-in-used-locations',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Resources/subscriptions/locations',
  severity: 'medium',
  title: 'Network Watcher is enabled in every location the subscription uses',
  description:
    'Checks that each location where the subscription has a virtual network (the locations in use, among the scanned ones) has a network watcher whose provisioning state is Succeeded (CIS 7.6). Azure normally creates the watcher (`NetworkWatcher_<location>` in `NetworkWatcherRG`) with the first virtual network of a location; a location without one has usually had it deleted or opted out.',
  risk:
    'Without Network Watcher in a location there are no flow logs, connection troubleshooting or packet captures for the networks there, so their traffic can be neither monitored nor investigated after an incident.',
  remediation: {
    summary: 'Enable Network Watcher in the location (it costs nothing by itself) and keep the NetworkWatcherRG resource group.',
    cli: 'az network watcher configure --locations <location> --enabled true --resource-group NetworkWatcherRG',
    terraform: 'resource "azurerm_network_watcher" "eastus" {\n  name                = "NetworkWatcher_eastus"\n  location            = "eastus"\n  resource_group_name = "NetworkWatcherRG"\n}',
    console: 'Azure portal → Network Watcher → Overview → Enable Network Watcher (or + Add) → select the subscription and the location → Add.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/network-watcher/network-watcher-overview', 'https://learn.microsoft.com/en-us/azure/network-watcher/network-watcher-create'],
  categories: ['monitoring', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) => {
      const errors: CheckResult[] = [];
      if (network.virtualNetworks.error) errors.push(errorResult(scopeResource(scope), network.virtualNetworks.error));
      if (network.networkWatchers.error) errors.push(errorResult(scopeResource(scope), network.networkWatchers.error));
      if (network.virtualNetworks.error || network.networkWatchers.error) return errors;
      const known = network.locations.value;
      const allWatchers = network.networkWatchers.value;
      const inUse = [...new Set(network.virtualNetworks.value.map((virtualNetwork) => virtualNetwork.location))].sort();
      return inUse.map((location) => {
        const target = locationResource(scope, location, known);
        const watchers = allWatchers.filter((watcher) => watcher.location === location);
        const ready = watchers.find((watcher) => watcher.provisioningState === 'Succeeded');
        if (ready) return pass(target, `Network Watcher ${ready.name} is enabled in ${target.name}.`);
        return watchers.length > 0
          ? fail(target, `Network Watcher in ${target.name} is not ready: ${watchers.map((watcher) => `${watcher.name} is ${watcher.provisioningState || 'in an unknown state'}`).join(', ')}.`)
          : fail(target, `No network watcher exists in ${target.name}, where the subscription has virtual networks.`);
      });
    }),
});
