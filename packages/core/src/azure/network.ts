/**
 * The network service of a subscription (`Microsoft.Network`): network security groups and their
 * rules, Network Watcher and its flow logs, public IP addresses, Bastion hosts and virtual networks,
 * plus the locations the subscription offers. Property names and values follow ARM's.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/**
 * One rule of a network security group, custom (`securityRules`) or built in
 * (`defaultSecurityRules`). ARM writes a single value (`sourceAddressPrefix`,
 * `destinationPortRange`) or a list (`sourceAddressPrefixes`, `destinationPortRanges`); both are
 * merged into the lists here.
 */
export interface NetworkSecurityRule {
  readonly id: string;
  readonly name: string;
  /** Rules are applied in ascending priority and the first match decides (custom 100–4096, defaults 65000–65500). */
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  /** `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah`, or `*` for any protocol. */
  readonly protocol: string;
  /** CIDR blocks, addresses, service tags (`Internet`, `VirtualNetwork`, `AzureLoadBalancer`, …) or `*`. */
  readonly sourceAddressPrefixes: readonly string[];
  /** Application security groups named as the source instead of prefixes. */
  readonly sourceApplicationSecurityGroupIds: readonly string[];
  readonly destinationAddressPrefixes: readonly string[];
  /** `*`, a port (`22`) or an inclusive range (`20-25`). */
  readonly destinationPortRanges: readonly string[];
  readonly description?: string;
}

/** `Microsoft.Network/networkSecurityGroups`: rules inline, as the subscription-wide list returns them. */
export interface NetworkSecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly securityRules: readonly NetworkSecurityRule[];
  readonly defaultSecurityRules: readonly NetworkSecurityRule[];
  /** Subnets the group is associated with. */
  readonly subnetIds: readonly string[];
  /** Network interfaces the group is associated with. */
  readonly networkInterfaceIds: readonly string[];
}

/**
 * A flow log (`Microsoft.Network/networkWatchers/flowLogs`) of a network security group, a virtual
 * network, a subnet or a network interface (`targetResourceId`).
 */
export interface NetworkFlowLog {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly targetResourceId: string;
  readonly enabled: boolean;
  /** The storage account the records are written to. */
  readonly storageId?: string;
  /** Absent when ARM returns none. `enabled: false` or `days: 0` keeps records without a time limit. */
  readonly retentionPolicy?: { readonly enabled: boolean; readonly days: number };
  /**
   * Traffic analytics (`flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration`): the
   * records processed into a Log Analytics workspace.
   */
  readonly trafficAnalytics?: {
    readonly enabled: boolean;
    /** The workspace's ARM id. */
    readonly workspaceResourceId?: string;
    /** Minutes between processing runs (10 or 60). */
    readonly trafficAnalyticsInterval?: number;
  };
}

/** `Microsoft.Network/networkWatchers`: one per location where Network Watcher is enabled. */
export interface NetworkWatcher {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** `Succeeded` once the watcher is usable. */
  readonly provisioningState: string;
  /** The watcher's flow logs (`networkWatchers/{name}/flowLogs`). */
  readonly flowLogs: Fetched<readonly NetworkFlowLog[]>;
}

/** `Microsoft.Network/publicIPAddresses`. */
export interface PublicIpAddress {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** The address; absent for a dynamic address that is not allocated. */
  readonly ipAddress?: string;
  /** `IPv4` or `IPv6`. */
  readonly publicIPAddressVersion?: string;
  /** `Static` or `Dynamic`. */
  readonly publicIPAllocationMethod?: string;
  /** `Basic` or `Standard`. */
  readonly skuName?: string;
  /** The IP configuration that uses the address (of a network interface, load balancer, gateway, Bastion host, …); absent when unassociated. */
  readonly ipConfigurationId?: string;
  readonly fqdn?: string;
}

/** `Microsoft.Network/bastionHosts`. */
export interface BastionHost {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** `Developer`, `Basic`, `Standard` or `Premium`. */
  readonly skuName?: string;
  readonly provisioningState: string;
}

export interface VirtualNetworkSubnet {
  readonly id: string;
  readonly name: string;
  /** The network security group associated with the subnet. */
  readonly networkSecurityGroupId?: string;
}

/** `Microsoft.Network/virtualNetworks`, subnets inline. */
export interface VirtualNetwork {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly addressPrefixes: readonly string[];
  readonly subnets: readonly VirtualNetworkSubnet[];
  /** DDoS Network Protection is on for the network's public IP addresses. */
  readonly enableDdosProtection: boolean;
  readonly ddosProtectionPlanId?: string;
}

/** A location the subscription offers (`GET /subscriptions/{id}/locations`). */
export interface SubscriptionLocation {
  /** Lower-case ARM name, e.g. `eastus`. */
  readonly name: string;
  /** e.g. `East US`. */
  readonly displayName: string;
  /** `Physical` for a region with datacenters, `Logical` for a geography such as `europe`. */
  readonly regionType?: string;
}

/** Everything the network checks read for one subscription; resources outside the scanned locations are left out. */
export interface NetworkData {
  readonly networkSecurityGroups: Fetched<readonly NetworkSecurityGroup[]>;
  readonly networkWatchers: Fetched<readonly NetworkWatcher[]>;
  readonly publicIpAddresses: Fetched<readonly PublicIpAddress[]>;
  readonly bastionHosts: Fetched<readonly BastionHost[]>;
  readonly virtualNetworks: Fetched<readonly VirtualNetwork[]>;
  readonly locations: Fetched<readonly SubscriptionLocation[]>;
}
