import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { networkCollector } from './network.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const NETWORK = `${SUB}/providers/Microsoft.Network`;
const ARM = 'https://management.azure.com';
const WEB_NSG = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const EU_NSG = `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Network/networkSecurityGroups/nsg-eu`;
const VNET = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/vnet-prod`;
const US_WATCHER = `${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus`;
const EU_WATCHER = `${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`;
const WORKSPACE = `${SUB}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-security`;

const denied = (action: string, scope: string) =>
  armError(403, 'AuthorizationFailed', `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`);

/** A default rule as ARM returns it inside `defaultSecurityRules`. */
const defaultRule = (group: string, name: string, priority: number, direction: 'Inbound' | 'Outbound', access: 'Allow' | 'Deny', source: string, destination: string) => ({
  name,
  id: `${group}/defaultSecurityRules/${name}`,
  etag: 'W/"00000000-0000-0000-0000-000000000000"',
  type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
  properties: { provisioningState: 'Succeeded', description: `${name} default rule`, protocol: '*', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: source, destinationAddressPrefix: destination, access, priority, direction, sourcePortRanges: [], destinationPortRanges: [], sourceAddressPrefixes: [], destinationAddressPrefixes: [] },
});
const defaults = (group: string) => [
  defaultRule(group, 'AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule(group, 'AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  defaultRule(group, 'DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
];

// Shaped like Network Security Groups - List All (2024-05-01).
const webNsg = {
  name: 'nsg-web',
  id: WEB_NSG,
  etag: 'W/"5c2b1d1e-0000-0000-0000-000000000000"',
  type: 'Microsoft.Network/networkSecurityGroups',
  location: 'eastus',
  tags: { env: 'prod' },
  properties: {
    provisioningState: 'Succeeded',
    resourceGuid: '2bd3c5a1-1f8e-4a43-9e3a-0d1f2c3b4a59',
    securityRules: [
      {
        name: 'allow-rdp',
        id: `${WEB_NSG}/securityRules/allow-rdp`,
        etag: 'W/"5c2b1d1e-0000-0000-0000-000000000000"',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: { provisioningState: 'Succeeded', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '3389', sourceAddressPrefix: '*', destinationAddressPrefix: '*', access: 'Allow', priority: 300, direction: 'Inbound', sourcePortRanges: [], destinationPortRanges: [], sourceAddressPrefixes: [], destinationAddressPrefixes: [] },
      },
      {
        name: 'allow-web-partners',
        id: `${WEB_NSG}/securityRules/allow-web-partners`,
        etag: 'W/"5c2b1d1e-0000-0000-0000-000000000000"',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: {
          provisioningState: 'Succeeded',
          description: 'Partners reach the web tier',
          protocol: 'Tcp',
          sourcePortRange: '*',
          sourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.0/24'],
          destinationPortRanges: ['80', '443', '8000-8100'],
          destinationAddressPrefix: 'VirtualNetwork',
          access: 'Allow',
          priority: 310,
          direction: 'Inbound',
          sourcePortRanges: [],
          destinationAddressPrefixes: [],
        },
      },
    ],
    defaultSecurityRules: defaults(WEB_NSG),
    subnets: [{ id: `${VNET}/subnets/web` }],
  },
};
const euNsg = {
  name: 'nsg-eu',
  id: EU_NSG,
  etag: 'W/"00000000-0000-0000-0000-000000000000"',
  type: 'Microsoft.Network/networkSecurityGroups',
  location: 'westeurope',
  properties: {
    provisioningState: 'Succeeded',
    securityRules: [
      {
        name: 'ssh-from-asg',
        id: `${EU_NSG}/securityRules/ssh-from-asg`,
        properties: {
          protocol: 'Tcp',
          sourcePortRange: '*',
          destinationPortRange: '22',
          sourceApplicationSecurityGroups: [{ id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Network/applicationSecurityGroups/asg-admins` }],
          destinationAddressPrefix: '*',
          access: 'Allow',
          priority: 100,
          direction: 'Inbound',
        },
      },
    ],
    defaultSecurityRules: defaults(EU_NSG),
    networkInterfaces: [{ id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Network/networkInterfaces/nic-eu` }],
  },
};

// Network Watchers - List All.
const watchers = [
  { name: 'NetworkWatcher_eastus', id: US_WATCHER, etag: 'W/"00000000-0000-0000-0000-000000000000"', type: 'Microsoft.Network/networkWatchers', location: 'eastus', tags: {}, properties: { provisioningState: 'Succeeded' } },
  { name: 'NetworkWatcher_westeurope', id: EU_WATCHER, etag: 'W/"00000000-0000-0000-0000-000000000000"', type: 'Microsoft.Network/networkWatchers', location: 'westeurope', tags: {}, properties: { provisioningState: 'Succeeded' } },
];

// Flow Logs - List: ARM spells the child type `FlowLogs`.
const vnetFlowLog = {
  name: 'fl-vnet-prod',
  id: `${US_WATCHER}/FlowLogs/fl-vnet-prod`,
  etag: 'W/"00000000-0000-0000-0000-000000000000"',
  type: 'Microsoft.Network/networkWatchers/FlowLogs',
  location: 'eastus',
  properties: {
    provisioningState: 'Succeeded',
    targetResourceId: VNET,
    targetResourceGuid: '6b1f1a52-3c3e-4d1a-9d44-0a1b2c3d4e5f',
    storageId: `${SUB}/resourceGroups/rg-monitor/providers/Microsoft.Storage/storageAccounts/stflowlogsprod`,
    enabled: true,
    flowAnalyticsConfiguration: {
      networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceId: '7a1b2c3d-0000-4000-8000-000000000001', workspaceRegion: 'eastus', workspaceResourceId: WORKSPACE, trafficAnalyticsInterval: 10 },
    },
    retentionPolicy: { days: 90, enabled: true },
    format: { type: 'JSON', version: 2 },
  },
};
const nsgFlowLog = {
  name: 'fl-nsg-eu',
  id: `${EU_WATCHER}/FlowLogs/fl-nsg-eu`,
  type: 'Microsoft.Network/networkWatchers/FlowLogs',
  location: 'westeurope',
  properties: { provisioningState: 'Succeeded', targetResourceId: EU_NSG, storageId: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Storage/storageAccounts/stflowlogseu`, enabled: false, flowAnalyticsConfiguration: {}, retentionPolicy: { days: 0, enabled: false }, format: { type: 'JSON', version: 1 } },
};

// Public IP Addresses - List All.
const publicIps = [
  {
    name: 'pip-web',
    id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/publicIPAddresses/pip-web`,
    type: 'Microsoft.Network/publicIPAddresses',
    location: 'eastus',
    sku: { name: 'Standard', tier: 'Regional' },
    zones: ['1', '2', '3'],
    properties: {
      provisioningState: 'Succeeded',
      ipAddress: '20.42.10.7',
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      dnsSettings: { domainNameLabel: 'contoso-web', fqdn: 'contoso-web.eastus.cloudapp.azure.com' },
      ipConfiguration: { id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkInterfaces/nic-web/ipConfigurations/ipconfig1` },
      ipTags: [],
    },
  },
  {
    name: 'pip-spare',
    id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Network/publicIPAddresses/pip-spare`,
    type: 'Microsoft.Network/publicIPAddresses',
    location: 'westeurope',
    sku: { name: 'Basic', tier: 'Regional' },
    properties: { provisioningState: 'Succeeded', publicIPAddressVersion: 'IPv4', publicIPAllocationMethod: 'Dynamic', idleTimeoutInMinutes: 4, ipTags: [] },
  },
];

// Bastion Hosts - List: Bastion writes the location in display form.
const bastions = [
  {
    name: 'bas-hub',
    id: `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/bastionHosts/bas-hub`,
    type: 'Microsoft.Network/bastionHosts',
    location: 'East US',
    sku: { name: 'Standard' },
    properties: { provisioningState: 'Succeeded', dnsName: 'bst-0a1b2c3d.bastion.azure.com', scaleUnits: 2, ipConfigurations: [] },
  },
];

// Virtual Networks - List All.
const vnets = [
  {
    id: VNET,
    name: 'vnet-prod',
    type: 'Microsoft.Network/virtualNetworks',
    location: 'eastus',
    tags: { env: 'prod' },
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      dhcpOptions: { dnsServers: [] },
      subnets: [
        { id: `${VNET}/subnets/web`, name: 'web', properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: WEB_NSG }, provisioningState: 'Succeeded' } },
        { id: `${VNET}/subnets/AzureBastionSubnet`, name: 'AzureBastionSubnet', properties: { addressPrefix: '10.0.250.0/26', provisioningState: 'Succeeded' } },
      ],
      virtualNetworkPeerings: [],
      enableDdosProtection: true,
      ddosProtectionPlan: { id: `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan` },
      provisioningState: 'Succeeded',
    },
  },
];

// Subscriptions - List Locations (2022-12-01).
const locations = [
  {
    id: `${SUB}/locations/eastus`,
    name: 'eastus',
    type: 'Region',
    displayName: 'East US',
    regionalDisplayName: '(US) East US',
    metadata: { regionType: 'Physical', regionCategory: 'Recommended', geographyGroup: 'US', longitude: '-79.8164', latitude: '37.3719', physicalLocation: 'Virginia', pairedRegion: [{ name: 'westus', id: `${SUB}/locations/westus` }] },
  },
  { id: `${SUB}/locations/westeurope`, name: 'westeurope', type: 'Region', displayName: 'West Europe', regionalDisplayName: '(Europe) West Europe', metadata: { regionType: 'Physical', regionCategory: 'Recommended', geographyGroup: 'Europe' } },
  { id: `${SUB}/locations/europe`, name: 'europe', type: 'Region', displayName: 'Europe', regionalDisplayName: 'Europe', metadata: { regionType: 'Logical', regionCategory: 'Other', geographyGroup: '' } },
];

const routes = (overrides: Record<string, unknown> = {}) => ({
  [`GET ${NETWORK}/networkSecurityGroups`]: page([webNsg], `${ARM}${NETWORK}/networkSecurityGroups?api-version=2024-05-01&$skiptoken=nsg2`),
  [`GET ${NETWORK}/networkSecurityGroups?$skiptoken=nsg2`]: page([euNsg]),
  [`GET ${NETWORK}/networkWatchers`]: page(watchers),
  [`GET ${US_WATCHER}/flowLogs`]: page([vnetFlowLog]),
  [`GET ${EU_WATCHER}/flowLogs`]: page([nsgFlowLog]),
  [`GET ${NETWORK}/publicIPAddresses`]: page(publicIps),
  [`GET ${NETWORK}/bastionHosts`]: page(bastions),
  [`GET ${NETWORK}/virtualNetworks`]: page(vnets),
  [`GET ${SUB}/locations`]: page(locations),
  ...overrides,
});

describe('network collector', () => {
  it('maps every list, across pages, with each watcher\'s flow logs', async () => {
    const fake = fakeAzure(routes());
    const data = await networkCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);

    expect(data.networkSecurityGroups.value?.map((group) => group.name)).toEqual(['nsg-web', 'nsg-eu']);
    const [web, eu] = data.networkSecurityGroups.value ?? [];
    expect(web).toMatchObject({ id: WEB_NSG, location: 'eastus', tags: { env: 'prod' }, subnetIds: [`${VNET}/subnets/web`], networkInterfaceIds: [] });
    expect(web?.securityRules).toEqual([
      {
        id: `${WEB_NSG}/securityRules/allow-rdp`,
        name: 'allow-rdp',
        priority: 300,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefixes: ['*'],
        sourceApplicationSecurityGroupIds: [],
        destinationAddressPrefixes: ['*'],
        destinationPortRanges: ['3389'],
      },
      {
        id: `${WEB_NSG}/securityRules/allow-web-partners`,
        name: 'allow-web-partners',
        priority: 310,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.0/24'],
        sourceApplicationSecurityGroupIds: [],
        destinationAddressPrefixes: ['VirtualNetwork'],
        destinationPortRanges: ['80', '443', '8000-8100'],
        description: 'Partners reach the web tier',
      },
    ]);
    expect(web?.defaultSecurityRules.map((rule) => `${rule.name}:${rule.priority}:${rule.sourceAddressPrefixes.join(',')}`)).toEqual(['AllowVnetInBound:65000:VirtualNetwork', 'AllowAzureLoadBalancerInBound:65001:AzureLoadBalancer', 'DenyAllInBound:65500:*']);
    expect(eu?.securityRules[0]).toMatchObject({ sourceAddressPrefixes: [], sourceApplicationSecurityGroupIds: [`${SUB}/resourceGroups/rg-eu/providers/Microsoft.Network/applicationSecurityGroups/asg-admins`] });
    expect(eu?.networkInterfaceIds).toHaveLength(1);

    const [usWatcher, euWatcher] = data.networkWatchers.value ?? [];
    expect(usWatcher).toMatchObject({ id: US_WATCHER, location: 'eastus', provisioningState: 'Succeeded' });
    expect(usWatcher?.flowLogs.value).toEqual([
      {
        id: `${US_WATCHER}/FlowLogs/fl-vnet-prod`,
        name: 'fl-vnet-prod',
        location: 'eastus',
        tags: {},
        targetResourceId: VNET,
        enabled: true,
        storageId: `${SUB}/resourceGroups/rg-monitor/providers/Microsoft.Storage/storageAccounts/stflowlogsprod`,
        retentionPolicy: { enabled: true, days: 90 },
        trafficAnalytics: { enabled: true, workspaceResourceId: WORKSPACE, trafficAnalyticsInterval: 10 },
      },
    ]);
    expect(euWatcher?.flowLogs.value?.[0]).toMatchObject({ enabled: false, retentionPolicy: { enabled: false, days: 0 } });
    expect(euWatcher?.flowLogs.value?.[0]?.trafficAnalytics).toBeUndefined();

    expect(data.publicIpAddresses.value).toEqual([
      {
        id: publicIps[0]!.id,
        name: 'pip-web',
        location: 'eastus',
        tags: {},
        ipAddress: '20.42.10.7',
        publicIPAddressVersion: 'IPv4',
        publicIPAllocationMethod: 'Static',
        skuName: 'Standard',
        ipConfigurationId: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkInterfaces/nic-web/ipConfigurations/ipconfig1`,
        fqdn: 'contoso-web.eastus.cloudapp.azure.com',
      },
      { id: publicIps[1]!.id, name: 'pip-spare', location: 'westeurope', tags: {}, publicIPAddressVersion: 'IPv4', publicIPAllocationMethod: 'Dynamic', skuName: 'Basic' },
    ]);
    expect(data.bastionHosts.value).toEqual([{ id: bastions[0]!.id, name: 'bas-hub', location: 'eastus', tags: {}, skuName: 'Standard', provisioningState: 'Succeeded' }]);
    expect(data.virtualNetworks.value).toEqual([
      {
        id: VNET,
        name: 'vnet-prod',
        location: 'eastus',
        tags: { env: 'prod' },
        addressPrefixes: ['10.0.0.0/16'],
        subnets: [
          { id: `${VNET}/subnets/web`, name: 'web', networkSecurityGroupId: WEB_NSG },
          { id: `${VNET}/subnets/AzureBastionSubnet`, name: 'AzureBastionSubnet' },
        ],
        enableDdosProtection: true,
        ddosProtectionPlanId: `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan`,
      },
    ]);
    expect(data.locations.value).toEqual([
      { name: 'eastus', displayName: 'East US', regionType: 'Physical' },
      { name: 'westeurope', displayName: 'West Europe', regionType: 'Physical' },
      { name: 'europe', displayName: 'Europe', regionType: 'Logical' },
    ]);
  });

  it('calls each list with the API version of its provider', async () => {
    const fake = fakeAzure(routes());
    await networkCollector.collect(fake.context());
    const versions = new Map(fake.requests.map((request) => [new URL(request.url).pathname, new URL(request.url).searchParams.get('api-version')]));
    expect(versions.get(`${NETWORK}/networkSecurityGroups`)).toBe('2024-05-01');
    expect(versions.get(`${US_WATCHER}/flowLogs`)).toBe('2024-05-01');
    expect(versions.get(`${SUB}/locations`)).toBe('2022-12-01');
  });

  it('keeps only the scanned locations and reads no flow logs of watchers outside them', async () => {
    const fake = fakeAzure(routes());
    const data = await networkCollector.collect(fake.context({ locations: new Set(['eastus']) }));
    expect(data.networkSecurityGroups.value?.map((group) => group.name)).toEqual(['nsg-web']);
    expect(data.networkWatchers.value?.map((watcher) => watcher.name)).toEqual(['NetworkWatcher_eastus']);
    expect(data.publicIpAddresses.value?.map((address) => address.name)).toEqual(['pip-web']);
    expect(data.bastionHosts.value?.map((host) => host.name)).toEqual(['bas-hub']);
    expect(data.locations.value?.map((location) => location.name)).toEqual(['eastus']);
    expect(fake.requests.some((request) => request.url.includes('NetworkWatcher_westeurope'))).toBe(false);
  });

  it('turns a denied list into an error for that list only', async () => {
    const fake = fakeAzure(routes({ [`GET ${NETWORK}/networkSecurityGroups`]: denied('Microsoft.Network/networkSecurityGroups/read', SUB) }));
    const data = await networkCollector.collect(fake.context());
    expect(data.networkSecurityGroups.error).toMatchObject({ api: 'Microsoft.Network/networkSecurityGroups/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.virtualNetworks.value).toHaveLength(1);
    expect(data.networkWatchers.value).toHaveLength(2);
  });

  it('turns denied flow logs into an error on that watcher only', async () => {
    const fake = fakeAzure(routes({ [`GET ${EU_WATCHER}/flowLogs`]: denied('Microsoft.Network/networkWatchers/flowLogs/read', EU_WATCHER) }));
    const data = await networkCollector.collect(fake.context());
    const [usWatcher, euWatcher] = data.networkWatchers.value ?? [];
    expect(usWatcher?.flowLogs.value).toHaveLength(1);
    expect(euWatcher?.flowLogs.error).toMatchObject({ api: 'Microsoft.Network/networkWatchers/flowLogs/read', code: 'AuthorizationFailed', resourceUid: EU_WATCHER });
  });

  it('reads no flow logs when the watchers could not be listed', async () => {
    const fake = fakeAzure(routes({ [`GET ${NETWORK}/networkWatchers`]: denied('Microsoft.Network/networkWatchers/read', SUB) }));
    const data = await networkCollector.collect(fake.context());
    expect(data.networkWatchers.error).toMatchObject({ code: 'AuthorizationFailed' });
    expect(fake.requests.some((request) => request.url.includes('/flowLogs'))).toBe(false);
  });

  it('answers empty lists for a subscription without network resources', async () => {
    const fake = fakeAzure({
      [`GET ${NETWORK}/networkSecurityGroups`]: page([]),
      [`GET ${NETWORK}/networkWatchers`]: page([]),
      [`GET ${NETWORK}/publicIPAddresses`]: page([]),
      [`GET ${NETWORK}/bastionHosts`]: page([]),
      [`GET ${NETWORK}/virtualNetworks`]: page([]),
      [`GET ${SUB}/locations`]: page(locations),
    });
    const data = await networkCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    expect([data.networkSecurityGroups, data.networkWatchers, data.publicIpAddresses, data.bastionHosts, data.virtualNetworks]).toEqual([{ value: [] }, { value: [] }, { value: [] }, { value: [] }, { value: [] }]);
  });
});
