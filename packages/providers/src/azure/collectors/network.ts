/**
 * The network collector: the subscription-wide lists of `Microsoft.Network` (network security
 * groups with their rules, network watchers, public IP addresses, Bastion hosts, virtual networks),
 * each watcher's flow logs, and the locations the subscription offers.
 */
import type { Fetched } from '@palisade/core';
import { normalizeLocation } from '@palisade/core/azure';
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
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';

export const NETWORK_API_VERSION = '2024-05-01';
export const LOCATIONS_API_VERSION = '2022-12-01';

interface IdReference {
  readonly id?: string;
}

interface ArmTracked<P> {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
  readonly properties?: P;
}

interface ArmSecurityRule {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: {
    readonly description?: string;
    readonly protocol?: string;
    readonly sourceAddressPrefix?: string;
    readonly sourceAddressPrefixes?: readonly string[];
    readonly sourceApplicationSecurityGroups?: readonly IdReference[];
    readonly destinationAddressPrefix?: string;
    readonly destinationAddressPrefixes?: readonly string[];
    readonly destinationPortRange?: string;
    readonly destinationPortRanges?: readonly string[];
    readonly access?: 'Allow' | 'Deny';
    readonly priority?: number;
    readonly direction?: 'Inbound' | 'Outbound';
  };
}

type ArmNetworkSecurityGroup = ArmTracked<{
  readonly securityRules?: readonly ArmSecurityRule[];
  readonly defaultSecurityRules?: readonly ArmSecurityRule[];
  readonly subnets?: readonly IdReference[];
  readonly networkInterfaces?: readonly IdReference[];
}>;

type ArmNetworkWatcher = ArmTracked<{ readonly provisioningState?: string }>;

type ArmFlowLog = ArmTracked<{
  readonly targetResourceId?: string;
  readonly storageId?: string;
  readonly enabled?: boolean;
  readonly retentionPolicy?: { readonly days?: number; readonly enabled?: boolean };
  readonly flowAnalyticsConfiguration?: {
    readonly networkWatcherFlowAnalyticsConfiguration?: {
      readonly enabled?: boolean;
      readonly workspaceResourceId?: string;
      readonly trafficAnalyticsInterval?: number;
    };
  };
}>;

type ArmPublicIpAddress = ArmTracked<{
  readonly ipAddress?: string;
  readonly publicIPAddressVersion?: string;
  readonly publicIPAllocationMethod?: string;
  readonly ipConfiguration?: IdReference;
  readonly dnsSettings?: { readonly fqdn?: string };
}> & { readonly sku?: { readonly name?: string } };

type ArmBastionHost = ArmTracked<{ readonly provisioningState?: string }> & { readonly sku?: { readonly name?: string } };

type ArmVirtualNetwork = ArmTracked<{
  readonly addressSpace?: { readonly addressPrefixes?: readonly string[] };
  readonly subnets?: readonly { readonly id?: string; readonly name?: string; readonly properties?: { readonly networkSecurityGroup?: IdReference } }[];
  readonly enableDdosProtection?: boolean;
  readonly ddosProtectionPlan?: IdReference;
}>;

interface ArmLocation {
  readonly name: string;
  readonly displayName?: string;
  readonly metadata?: { readonly regionType?: string };
}

export const networkCollector: AzureCollector<'network'> = {
  service: 'network',
  async collect(context) {
    const { arm, subscriptionId } = context;
    const providers = `/subscriptions/${subscriptionId}/providers/Microsoft.Network`;
    const [groups, watchers, publicIps, bastions, virtualNetworks, locations] = await Promise.all([
      arm.list<ArmNetworkSecurityGroup>('Microsoft.Network/networkSecurityGroups/read', `${providers}/networkSecurityGroups`, NETWORK_API_VERSION),
      arm.list<ArmNetworkWatcher>('Microsoft.Network/networkWatchers/read', `${providers}/networkWatchers`, NETWORK_API_VERSION),
      arm.list<ArmPublicIpAddress>('Microsoft.Network/publicIPAddresses/read', `${providers}/publicIPAddresses`, NETWORK_API_VERSION),
      arm.list<ArmBastionHost>('Microsoft.Network/bastionHosts/read', `${providers}/bastionHosts`, NETWORK_API_VERSION),
      arm.list<ArmVirtualNetwork>('Microsoft.Network/virtualNetworks/read', `${providers}/virtualNetworks`, NETWORK_API_VERSION),
      arm.list<ArmLocation>('Microsoft.Resources/subscriptions/locations/read', `/subscriptions/${subscriptionId}/locations`, LOCATIONS_API_VERSION),
    ]);
    return {
      networkSecurityGroups: mapScanned(context, groups, toSecurityGroup),
      networkWatchers: watchers.error ? watchers : { value: await mapLimit(scanned(context, watchers.value), 8, (watcher) => collectWatcher(arm, watcher)) },
      publicIpAddresses: mapScanned(context, publicIps, toPublicIp),
      bastionHosts: mapScanned(context, bastions, toBastionHost),
      virtualNetworks: mapScanned(context, virtualNetworks, toVirtualNetwork),
      locations: locations.error ? locations : { value: locations.value.filter((location) => inLocations(context, location.name)).map(toLocation) },
    } satisfies NetworkData;
  },
};

function scanned<T extends { readonly location?: string }>(context: AzureCollectorContext, items: readonly T[]): readonly T[] {
  return items.filter((item) => inLocations(context, item.location));
}

function mapScanned<T extends { readonly location?: string }, R>(context: AzureCollectorContext, fetched: Fetched<readonly T[]>, map: (item: T) => R): Fetched<readonly R[]> {
  return fetched.error ? fetched : { value: scanned(context, fetched.value).map(map) };
}

async function collectWatcher(arm: ArmClient, watcher: ArmNetworkWatcher): Promise<NetworkWatcher> {
  const flowLogs = await arm.list<ArmFlowLog>('Microsoft.Network/networkWatchers/flowLogs/read', `${watcher.id}/flowLogs`, NETWORK_API_VERSION, { resourceUid: watcher.id });
  return {
    id: watcher.id,
    name: watcher.name,
    location: normalizeLocation(watcher.location),
    tags: watcher.tags ?? {},
    provisioningState: watcher.properties?.provisioningState ?? '',
    flowLogs: flowLogs.error ? flowLogs : { value: flowLogs.value.map(toFlowLog) },
  };
}

const listOf = (one: string | undefined, many: readonly string[] | undefined): readonly string[] => [...(one ? [one] : []), ...(many ?? [])];

function toRule(rule: ArmSecurityRule): NetworkSecurityRule {
  const properties = rule.properties ?? {};
  return {
    id: rule.id ?? '',
    name: rule.name ?? '',
    priority: properties.priority ?? 0,
    direction: properties.direction ?? 'Inbound',
    access: properties.access ?? 'Deny',
    protocol: properties.protocol ?? '*',
    sourceAddressPrefixes: listOf(properties.sourceAddressPrefix, properties.sourceAddressPrefixes),
    sourceApplicationSecurityGroupIds: (properties.sourceApplicationSecurityGroups ?? []).flatMap((group) => (group.id ? [group.id] : [])),
    destinationAddressPrefixes: listOf(properties.destinationAddressPrefix, properties.destinationAddressPrefixes),
    destinationPortRanges: listOf(properties.destinationPortRange, properties.destinationPortRanges),
    ...(properties.description ? { description: properties.description } : {}),
  };
}

const ids = (references: readonly IdReference[] | undefined): readonly string[] => (references ?? []).flatMap((reference) => (reference.id ? [reference.id] : []));

function toSecurityGroup(group: ArmNetworkSecurityGroup): NetworkSecurityGroup {
  return {
    id: group.id,
    name: group.name,
    location: normalizeLocation(group.location),
    tags: group.tags ?? {},
    securityRules: (group.properties?.securityRules ?? []).map(toRule),
    defaultSecurityRules: (group.properties?.defaultSecurityRules ?? []).map(toRule),
    subnetIds: ids(group.properties?.subnets),
    networkInterfaceIds: ids(group.properties?.networkInterfaces),
  };
}

function toFlowLog(flowLog: ArmFlowLog): NetworkFlowLog {
  const properties = flowLog.properties ?? {};
  const analytics = properties.flowAnalyticsConfiguration?.networkWatcherFlowAnalyticsConfiguration;
  return {
    id: flowLog.id,
    name: flowLog.name,
    location: normalizeLocation(flowLog.location),
    tags: flowLog.tags ?? {},
    targetResourceId: properties.targetResourceId ?? '',
    enabled: properties.enabled ?? false,
    ...(properties.storageId ? { storageId: properties.storageId } : {}),
    ...(properties.retentionPolicy ? { retentionPolicy: { enabled: properties.retentionPolicy.enabled ?? false, days: properties.retentionPolicy.days ?? 0 } } : {}),
    ...(analytics
      ? {
          trafficAnalytics: {
            enabled: analytics.enabled ?? false,
            ...(analytics.workspaceResourceId ? { workspaceResourceId: analytics.workspaceResourceId } : {}),
            ...(analytics.trafficAnalyticsInterval !== undefined ? { trafficAnalyticsInterval: analytics.trafficAnalyticsInterval } : {}),
          },
        }
      : {}),
  };
}

function toPublicIp(address: ArmPublicIpAddress): PublicIpAddress {
  const properties = address.properties ?? {};
  return {
    id: address.id,
    name: address.name,
    location: normalizeLocation(address.location),
    tags: address.tags ?? {},
    ...(properties.ipAddress ? { ipAddress: properties.ipAddress } : {}),
    ...(properties.publicIPAddressVersion ? { publicIPAddressVersion: properties.publicIPAddressVersion } : {}),
    ...(properties.publicIPAllocationMethod ? { publicIPAllocationMethod: properties.publicIPAllocationMethod } : {}),
    ...(address.sku?.name ? { skuName: address.sku.name } : {}),
    ...(properties.ipConfiguration?.id ? { ipConfigurationId: properties.ipConfiguration.id } : {}),
    ...(properties.dnsSettings?.fqdn ? { fqdn: properties.dnsSettings.fqdn } : {}),
  };
}

function toBastionHost(host: ArmBastionHost): BastionHost {
  return {
    id: host.id,
    name: host.name,
    location: normalizeLocation(host.location),
    tags: host.tags ?? {},
    ...(host.sku?.name ? { skuName: host.sku.name } : {}),
    provisioningState: host.properties?.provisioningState ?? '',
  };
}

function toVirtualNetwork(network: ArmVirtualNetwork): VirtualNetwork {
  const properties = network.properties ?? {};
  return {
    id: network.id,
    name: network.name,
    location: normalizeLocation(network.location),
    tags: network.tags ?? {},
    addressPrefixes: properties.addressSpace?.addressPrefixes ?? [],
    subnets: (properties.subnets ?? []).map((subnet) => ({
      id: subnet.id ?? '',
      name: subnet.name ?? '',
      ...(subnet.properties?.networkSecurityGroup?.id ? { networkSecurityGroupId: subnet.properties.networkSecurityGroup.id } : {}),
    })),
    enableDdosProtection: properties.enableDdosProtection ?? false,
    ...(properties.ddosProtectionPlan?.id ? { ddosProtectionPlanId: properties.ddosProtectionPlan.id } : {}),
  };
}

function toLocation(location: ArmLocation): SubscriptionLocation {
  return {
    name: normalizeLocation(location.name),
    displayName: location.displayName ?? location.name,
    ...(location.metadata?.regionType ? { regionType: location.metadata.regionType } : {}),
  };
}
