import type {
  BastionHost,
  NetworkData,
  NetworkFlowLog,
  NetworkSecurityGroup,
  NetworkSecurityRule,
  NetworkWatcher,
  PublicIpAddress,
  SubscriptionLocation,
  VirtualNetwork,
} from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok } from './scope.ts';

/** Network data with every list empty unless overridden. */
export function networkData(overrides: Partial<NetworkData> = {}): NetworkData {
  return {
    networkSecurityGroups: ok([]),
    networkWatchers: ok([]),
    publicIpAddresses: ok([]),
    bastionHosts: ok([]),
    virtualNetworks: ok([]),
    locations: ok([subscriptionLocation('eastus', 'East US'), subscriptionLocation('westeurope', 'West Europe')]),
    ...overrides,
  };
}

export function subscriptionLocation(name: string, displayName: string): SubscriptionLocation {
  return { name, displayName, regionType: 'Physical' };
}

/** An inbound TCP Allow rule from the internet to port 22, unless overridden. */
export function networkSecurityRule(overrides: Partial<NetworkSecurityRule> & { name: string }, groupName = 'nsg-web'): NetworkSecurityRule {
  return {
    id: `${armId('Microsoft.Network/networkSecurityGroups', groupName)}/securityRules/${overrides.name}`,
    priority: 100,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefixes: ['Internet'],
    sourceApplicationSecurityGroupIds: [],
    destinationAddressPrefixes: ['*'],
    destinationPortRanges: ['22'],
    ...overrides,
  };
}

/** An inbound rule of `access` for `ports` from `source` over `protocol`. */
export function nsgInboundRule(name: string, priority: number, ports: string | readonly string[], options: { source?: string | readonly string[]; protocol?: string; access?: 'Allow' | 'Deny' } = {}): NetworkSecurityRule {
  const { source = 'Internet', protocol = 'Tcp', access = 'Allow' } = options;
  return networkSecurityRule({
    name,
    priority,
    access,
    protocol,
    sourceAddressPrefixes: typeof source === 'string' ? [source] : source,
    destinationPortRanges: typeof ports === 'string' ? [ports] : ports,
  });
}

/** The default rules Azure puts in every group. */
export function nsgDefaultRules(groupName = 'nsg-web'): NetworkSecurityRule[] {
  const rule = (name: string, priority: number, direction: 'Inbound' | 'Outbound', access: 'Allow' | 'Deny', source: string, destination: string): NetworkSecurityRule => ({
    id: `${armId('Microsoft.Network/networkSecurityGroups', groupName)}/defaultSecurityRules/${name}`,
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefixes: [source],
    sourceApplicationSecurityGroupIds: [],
    destinationAddressPrefixes: [destination],
    destinationPortRanges: ['*'],
  });
  return [
    rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
    rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
    rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
    rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
    rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
    rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
  ];
}

/** A group with only the default rules, associated with one subnet. */
export function networkSecurityGroup(overrides: Partial<NetworkSecurityGroup> & { name: string }): NetworkSecurityGroup {
  return {
    id: armId('Microsoft.Network/networkSecurityGroups', overrides.name),
    location: TEST_LOCATION,
    tags: {},
    securityRules: [],
    defaultSecurityRules: nsgDefaultRules(overrides.name),
    subnetIds: [`${armId('Microsoft.Network/virtualNetworks', 'vnet-prod')}/subnets/web`],
    networkInterfaceIds: [],
    ...overrides,
  };
}

/** A watcher named like the ones Azure creates (`NetworkWatcher_<location>` in `NetworkWatcherRG`), with no flow logs. */
export function networkWatcher(overrides: Partial<NetworkWatcher> & { location?: string } = {}): NetworkWatcher {
  const location = overrides.location ?? TEST_LOCATION;
  const name = overrides.name ?? `NetworkWatcher_${location}`;
  return {
    id: armId('Microsoft.Network/networkWatchers', name, 'NetworkWatcherRG'),
    name,
    location,
    tags: {},
    provisioningState: 'Succeeded',
    flowLogs: ok([]),
    ...overrides,
  };
}

/** An enabled flow log of the test virtual network, kept 90 days and sent to traffic analytics. */
export function networkFlowLog(overrides: Partial<NetworkFlowLog> & { name: string }, watcherName = `NetworkWatcher_${TEST_LOCATION}`): NetworkFlowLog {
  return {
    id: `${armId('Microsoft.Network/networkWatchers', watcherName, 'NetworkWatcherRG')}/flowLogs/${overrides.name}`,
    location: TEST_LOCATION,
    tags: {},
    targetResourceId: armId('Microsoft.Network/virtualNetworks', 'vnet-prod'),
    enabled: true,
    storageId: armId('Microsoft.Storage/storageAccounts', 'stflowlogs'),
    retentionPolicy: { enabled: true, days: 90 },
    trafficAnalytics: { enabled: true, workspaceResourceId: armId('Microsoft.OperationalInsights/workspaces', 'law-security', 'rg-monitor'), trafficAnalyticsInterval: 10 },
    ...overrides,
  };
}

/** A static Standard address associated with a network interface. */
export function publicIpAddress(overrides: Partial<PublicIpAddress> & { name: string }): PublicIpAddress {
  return {
    id: armId('Microsoft.Network/publicIPAddresses', overrides.name),
    location: TEST_LOCATION,
    tags: {},
    ipAddress: '20.42.10.7',
    publicIPAddressVersion: 'IPv4',
    publicIPAllocationMethod: 'Static',
    skuName: 'Standard',
    ipConfigurationId: `${armId('Microsoft.Network/networkInterfaces', 'nic-web')}/ipConfigurations/ipconfig1`,
    ...overrides,
  };
}

export function bastionHost(overrides: Partial<BastionHost> & { name: string }): BastionHost {
  return {
    id: armId('Microsoft.Network/bastionHosts', overrides.name),
    location: TEST_LOCATION,
    tags: {},
    skuName: 'Standard',
    provisioningState: 'Succeeded',
    ...overrides,
  };
}

/** A network with one subnet (`web`, behind `nsg-web`) and no DDoS Network Protection. */
export function virtualNetwork(overrides: Partial<VirtualNetwork> & { name: string }): VirtualNetwork {
  const id = armId('Microsoft.Network/virtualNetworks', overrides.name);
  return {
    id,
    location: TEST_LOCATION,
    tags: {},
    addressPrefixes: ['10.0.0.0/16'],
    subnets: [{ id: `${id}/subnets/web`, name: 'web', networkSecurityGroupId: armId('Microsoft.Network/networkSecurityGroups', 'nsg-web') }],
    enableDdosProtection: false,
    ...overrides,
  };
}
