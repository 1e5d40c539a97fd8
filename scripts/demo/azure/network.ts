/**
 * Demo networking: production runs a hub-and-spoke design with Bastion, DDoS protection, tight
 * network security groups (only the Application Gateway subnet takes web traffic from the
 * internet), Network Watcher and virtual network flow logs into Log Analytics in both locations;
 * development has groups open to the internet for RDP, SSH, DNS and a database, short-lived or
 * disabled NSG flow logs, no Bastion and no watcher in its second location.
 */
import type { Fetched } from '@palisade/core';
import type { BastionHost, NetworkData, NetworkFlowLog, NetworkSecurityGroup, NetworkSecurityRule, NetworkWatcher, PublicIpAddress, SubscriptionLocation, VirtualNetwork } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

const DISPLAY_NAMES: Readonly<Record<string, string>> = { eastus: 'East US', eastus2: 'East US 2', westus2: 'West US 2', westeurope: 'West Europe', northeurope: 'North Europe', uksouth: 'UK South' };

interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly ports: string | readonly string[];
  readonly source: string | readonly string[];
  readonly protocol?: string;
  readonly access?: 'Allow' | 'Deny';
  readonly description?: string;
}

function rules(groupId: string, specs: readonly RuleSpec[]): NetworkSecurityRule[] {
  return specs.map((spec) => ({
    id: `${groupId}/securityRules/${spec.name}`,
    name: spec.name,
    priority: spec.priority,
    direction: 'Inbound',
    access: spec.access ?? 'Allow',
    protocol: spec.protocol ?? 'Tcp',
    sourceAddressPrefixes: typeof spec.source === 'string' ? [spec.source] : [...spec.source],
    sourceApplicationSecurityGroupIds: [],
    destinationAddressPrefixes: ['*'],
    destinationPortRanges: typeof spec.ports === 'string' ? [spec.ports] : [...spec.ports],
    ...(spec.description ? { description: spec.description } : {}),
  }));
}

function defaultRules(groupId: string): NetworkSecurityRule[] {
  const rule = (name: string, priority: number, direction: 'Inbound' | 'Outbound', access: 'Allow' | 'Deny', source: string, destination: string): NetworkSecurityRule => ({
    id: `${groupId}/defaultSecurityRules/${name}`,
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

export function demoNetwork(subscription: DemoSubscription): NetworkData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  const env = index === 0 ? 'prod' : 'dev';
  const id = (group: string, type: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/${type}/${name}`;
  const vnetId = (location: string) => id('rg-network', 'virtualNetworks', `vnet-${env}-${location}`);
  const nsgId = (name: string) => id('rg-network', 'networkSecurityGroups', name);
  const watcherId = (location: string) => id('NetworkWatcherRG', 'networkWatchers', `NetworkWatcher_${location}`);
  const workspace = `/subscriptions/${subscriptionId}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-${env}`;
  const flowLogStorage = `/subscriptions/${subscriptionId}/resourceGroups/rg-monitor/providers/Microsoft.Storage/storageAccounts/st${env}${subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase()}logs`;
  const tags = { env, owner: 'network' };

  const group = (name: string, location: string, specs: readonly RuleSpec[], subnetIds: readonly string[]): NetworkSecurityGroup => {
    const groupId = nsgId(name);
    return { id: groupId, name, location, tags, securityRules: rules(groupId, specs), defaultSecurityRules: defaultRules(groupId), subnetIds, networkInterfaceIds: [] };
  };
  const network = (location: string, prefix: string, subnets: readonly { name: string; nsg?: string }[], ddosPlan?: string): VirtualNetwork => ({
    id: vnetId(location),
    name: `vnet-${env}-${location}`,
    location,
    tags,
    addressPrefixes: [prefix],
    subnets: subnets.map((subnet) => ({ id: `${vnetId(location)}/subnets/${subnet.name}`, name: subnet.name, ...(subnet.nsg ? { networkSecurityGroupId: nsgId(subnet.nsg) } : {}) })),
    enableDdosProtection: ddosPlan !== undefined,
    ...(ddosPlan ? { ddosProtectionPlanId: ddosPlan } : {}),
  });
  const flowLog = (location: string, name: string, target: string, overrides: Partial<NetworkFlowLog> = {}): NetworkFlowLog => ({
    id: `${watcherId(location)}/flowLogs/${name}`,
    name,
    location,
    tags: {},
    targetResourceId: target,
    enabled: true,
    storageId: flowLogStorage,
    retentionPolicy: { enabled: true, days: 90 },
    trafficAnalytics: { enabled: true, workspaceResourceId: workspace, trafficAnalyticsInterval: 10 },
    ...overrides,
  });
  const watcher = (location: string, flowLogs: readonly NetworkFlowLog[]): NetworkWatcher => ({
    id: watcherId(location),
    name: `NetworkWatcher_${location}`,
    location,
    tags: {},
    provisioningState: 'Succeeded',
    flowLogs: ok(flowLogs),
  });
  const publicIp = (group: string, name: string, location: string, address: string, attachedTo?: string, method = 'Static', sku = 'Standard'): PublicIpAddress => ({
    id: id(group, 'publicIPAddresses', name),
    name,
    location,
    tags,
    ipAddress: address,
    publicIPAddressVersion: 'IPv4',
    publicIPAllocationMethod: method,
    skuName: sku,
    ...(attachedTo ? { ipConfigurationId: attachedTo } : {}),
  });
  const locations: SubscriptionLocation[] = [primary, secondary].map((name) => ({ name, displayName: DISPLAY_NAMES[name] ?? name, regionType: 'Physical' }));

  if (index === 0) {
    const ddosPlan = id('rg-network', 'ddosProtectionPlans', 'ddos-prod');
    const adminRange = '203.0.113.0/24';
    const groups = [
      group(
        'nsg-prod-appgw',
        primary,
        [
          { name: 'allow-https-internet', priority: 100, ports: '443', source: 'Internet', description: 'Public web entry through Application Gateway (WAF)' },
          { name: 'allow-gateway-manager', priority: 110, ports: '65200-65535', source: 'GatewayManager' },
        ],
        [`${vnetId(primary)}/subnets/snet-appgw`],
      ),
      group(
        'nsg-prod-web',
        primary,
        [
          { name: 'allow-https-from-appgw', priority: 100, ports: '443', source: '10.10.0.0/24' },
          { name: 'allow-ssh-from-bastion', priority: 200, ports: '22', source: '10.10.250.0/26' },
        ],
        [`${vnetId(primary)}/subnets/snet-web`],
      ),
      group(
        'nsg-prod-data',
        secondary,
        [
          { name: 'allow-postgres-from-web', priority: 100, ports: '5432', source: '10.10.1.0/24' },
          { name: 'allow-rdp-from-admins', priority: 200, ports: '3389', source: adminRange },
          { name: 'deny-internet', priority: 4000, ports: '*', source: 'Internet', protocol: '*', access: 'Deny' },
        ],
        [`${vnetId(secondary)}/subnets/snet-data`],
      ),
    ];
    const networks = [
      network(primary, '10.10.0.0/16', [{ name: 'snet-appgw', nsg: 'nsg-prod-appgw' }, { name: 'snet-web', nsg: 'nsg-prod-web' }, { name: 'snet-postgres' }, { name: 'AzureBastionSubnet' }], ddosPlan),
      network(secondary, '10.20.0.0/16', [{ name: 'snet-data', nsg: 'nsg-prod-data' }, { name: 'snet-siem' }], ddosPlan),
    ];
    const bastion: BastionHost = { id: id('rg-network', 'bastionHosts', 'bas-prod-hub'), name: 'bas-prod-hub', location: primary, tags, skuName: 'Standard', provisioningState: 'Succeeded' };
    return {
      networkSecurityGroups: ok(groups),
      networkWatchers: ok([watcher(primary, [flowLog(primary, `fl-vnet-prod-${primary}`, vnetId(primary))]), watcher(secondary, [flowLog(secondary, `fl-vnet-prod-${secondary}`, vnetId(secondary), { retentionPolicy: { enabled: true, days: 365 } })])]),
      publicIpAddresses: ok([
        publicIp('rg-network', 'pip-prod-appgw', primary, '20.62.148.10', `${id('rg-network', 'applicationGateways', 'agw-prod')}/frontendIPConfigurations/appGwPublicFrontendIp`),
        publicIp('rg-network', 'pip-prod-bastion', primary, '20.62.148.11', `${bastion.id}/bastionHostIpConfigurations/IpConf`),
      ]),
      bastionHosts: ok([bastion]),
      virtualNetworks: ok(networks),
      locations: ok(locations),
    };
  }

  const groups = [
    group(
      'nsg-dev-jumpbox',
      primary,
      [
        { name: 'RDP', priority: 300, ports: '3389', source: '*', description: 'Created by the portal wizard' },
        { name: 'SSH', priority: 310, ports: '22', source: 'Internet' },
      ],
      [`${vnetId(primary)}/subnets/snet-jumpbox`],
    ),
    group(
      'nsg-dev-apps',
      primary,
      [
        { name: 'allow-web', priority: 100, ports: ['80', '443', '8080'], source: 'Internet' },
        { name: 'allow-dns', priority: 200, ports: '53', source: 'Internet', protocol: 'Udp' },
        { name: 'allow-postgres-temp', priority: 300, ports: '5432', source: '0.0.0.0/0', description: 'temporary, for a vendor demo' },
      ],
      [`${vnetId(primary)}/subnets/snet-apps`],
    ),
    group('nsg-dev-test', secondary, [{ name: 'allow-all-debug', priority: 100, ports: '*', source: 'Any', protocol: '*' }], []),
  ];
  const networks = [network(primary, '10.90.0.0/16', [{ name: 'snet-jumpbox', nsg: 'nsg-dev-jumpbox' }, { name: 'snet-apps', nsg: 'nsg-dev-apps' }, { name: 'snet-build' }]), network(secondary, '10.91.0.0/16', [{ name: 'snet-test' }])];
  return {
    networkSecurityGroups: ok(groups),
    // No watcher in the second location: it was deleted with NetworkWatcherRG during a clean-up.
    networkWatchers: ok([
      watcher(primary, [
        flowLog(primary, 'fl-nsg-dev-jumpbox', nsgId('nsg-dev-jumpbox'), { retentionPolicy: { enabled: true, days: 7 }, trafficAnalytics: { enabled: false } }),
        flowLog(primary, 'fl-nsg-dev-apps', nsgId('nsg-dev-apps'), { enabled: false, retentionPolicy: { enabled: true, days: 30 }, trafficAnalytics: { enabled: false } }),
      ]),
    ]),
    publicIpAddresses: ok([
      publicIp('rg-dev', 'pip-dev-jumpbox', primary, '52.170.12.40', `${id('rg-dev', 'networkInterfaces', 'nic-dev-jumpbox')}/ipConfigurations/ipconfig1`),
      publicIp('rg-dev', 'pip-dev-apps', primary, '52.170.12.41', `${id('rg-dev', 'networkInterfaces', 'nic-dev-apps')}/ipConfigurations/ipconfig1`),
      publicIp('rg-dev-legacy', 'pip-old-ftp', secondary, '51.124.7.90', undefined, 'Static', 'Basic'),
    ]),
    bastionHosts: ok([]),
    virtualNetworks: ok(networks),
    locations: ok(locations),
  };
}
