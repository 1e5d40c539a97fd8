import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

export interface Ec2Instance {
  readonly id: string;
  readonly arn: string;
  readonly state: string;
  readonly instanceType: string;
  readonly imageId: string;
  readonly launchTime: string;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  /** ARN of the attached instance profile. */
  readonly iamInstanceProfileArn?: string;
  readonly metadataOptions: {
    /** `required` means IMDSv2 only. */
    readonly httpTokens: 'optional' | 'required';
    readonly httpEndpoint: 'enabled' | 'disabled';
    readonly httpPutResponseHopLimit?: number;
  };
  readonly securityGroupIds: readonly string[];
  readonly tags: Tags;
}

export interface Ec2IpPermission {
  /** `-1` for all protocols, otherwise `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4Ranges: readonly string[];
  readonly ipv6Ranges: readonly string[];
  readonly prefixListIds: readonly string[];
  readonly referencedGroupIds: readonly string[];
}

export interface Ec2SecurityGroup {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId?: string;
  readonly ownerId: string;
  readonly ingress: readonly Ec2IpPermission[];
  readonly egress: readonly Ec2IpPermission[];
  readonly tags: Tags;
}

export interface Ec2NetworkAclEntry {
  readonly ruleNumber: number;
  /** `-1` for all protocols, otherwise the protocol number as a string (`6` tcp, `17` udp). */
  readonly protocol: string;
  readonly ruleAction: 'allow' | 'deny';
  readonly egress: boolean;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
}

export interface Ec2NetworkAcl {
  readonly id: string;
  readonly arn: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly entries: readonly Ec2NetworkAclEntry[];
  readonly subnetIds: readonly string[];
  readonly tags: Tags;
}

export interface Ec2Volume {
  readonly id: string;
  readonly arn: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly sizeGiB: number;
  readonly state: string;
  readonly attachedInstanceIds: readonly string[];
  readonly tags: Tags;
}

export interface EbsSnapshot {
  readonly id: string;
  readonly arn: string;
  readonly volumeId: string;
  readonly encrypted: boolean;
  readonly startTime: string;
  /** Restorable by all AWS accounts (from DescribeSnapshots RestorableByUserIds=all). */
  readonly public: boolean;
  readonly tags: Tags;
}

export interface Ec2Image {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly state: string;
  readonly public: boolean;
  readonly creationDate?: string;
  readonly tags: Tags;
}

export interface Ec2Vpc {
  readonly id: string;
  readonly arn: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly state: string;
  readonly tags: Tags;
}

export interface Ec2FlowLog {
  readonly id: string;
  /** The VPC, subnet or network interface id the flow log is attached to. */
  readonly resourceId: string;
  /** `ACTIVE` when delivering. */
  readonly status: string;
  readonly trafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  readonly logDestinationType: string;
  readonly logDestination?: string;
  readonly deliverLogsStatus?: string;
}

export interface Ec2Route {
  readonly destinationCidrBlock?: string;
  readonly destinationIpv6CidrBlock?: string;
  readonly destinationPrefixListId?: string;
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly state?: string;
}

export interface Ec2RouteTable {
  readonly id: string;
  readonly arn: string;
  readonly vpcId: string;
  readonly routes: readonly Ec2Route[];
  readonly associations: readonly { readonly subnetId?: string; readonly main: boolean }[];
  readonly tags: Tags;
}

export interface Ec2VpcPeeringSide {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly region: string;
  readonly cidrBlocks: readonly string[];
}

export interface Ec2VpcPeeringConnection {
  readonly id: string;
  readonly arn: string;
  readonly status: string;
  readonly requester: Ec2VpcPeeringSide;
  readonly accepter: Ec2VpcPeeringSide;
  readonly tags: Tags;
}

export interface Ec2PrefixListEntry {
  readonly cidr: string;
  readonly description?: string;
}

/**
 * A managed prefix list (DescribeManagedPrefixLists): one of the account's own, one shared with it,
 * or an AWS-managed list of a service's address ranges. Security group rules can name a list
 * instead of CIDR blocks; its entries are then the rule's sources.
 */
export interface Ec2ManagedPrefixList {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** The owning account id, or `AWS` for an AWS-managed list (S3, CloudFront origin-facing, ...). */
  readonly ownerId: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly state: string;
  readonly maxEntries?: number;
  /** GetManagedPrefixListEntries for the current version; its own failure, so one unreadable list fails only the rules naming it. */
  readonly entries: Fetched<readonly Ec2PrefixListEntry[]>;
  readonly tags: Tags;
}

export interface Ec2Data {
  readonly instances: Fetched<readonly Ec2Instance[]>;
  readonly securityGroups: Fetched<readonly Ec2SecurityGroup[]>;
  readonly networkAcls: Fetched<readonly Ec2NetworkAcl[]>;
  readonly volumes: Fetched<readonly Ec2Volume[]>;
  /** Snapshots owned by the account. */
  readonly snapshots: Fetched<readonly EbsSnapshot[]>;
  /** Images owned by the account. */
  readonly images: Fetched<readonly Ec2Image[]>;
  /** GetEbsEncryptionByDefault. */
  readonly ebsEncryptionByDefault: Fetched<{ readonly enabled: boolean }>;
  /**
   * GetEbsDefaultKmsKeyId: the key new volumes are encrypted with (`null` when the answer names
   * none). It only describes the setting, so its failure is kept apart and never decides a check.
   * Absent from snapshots written before it was recorded on its own.
   */
  readonly ebsDefaultKmsKeyId?: Fetched<string | null>;
  readonly vpcs: Fetched<readonly Ec2Vpc[]>;
  readonly flowLogs: Fetched<readonly Ec2FlowLog[]>;
  readonly routeTables: Fetched<readonly Ec2RouteTable[]>;
  readonly vpcPeeringConnections: Fetched<readonly Ec2VpcPeeringConnection[]>;
  /**
   * The prefix lists visible in the region, AWS-managed ones included. Absent from snapshots written
   * before prefix lists were collected: a rule that names a list then cannot be evaluated (ERROR).
   */
  readonly managedPrefixLists?: Fetched<readonly Ec2ManagedPrefixList[]>;
}
