import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import type {
  DescribeFlowLogsCommandOutput,
  DescribeImagesCommandOutput,
  DescribeInstancesCommandOutput,
  DescribeManagedPrefixListsCommandOutput,
  DescribeNetworkAclsCommandOutput,
  DescribeRouteTablesCommandOutput,
  DescribeSecurityGroupsCommandOutput,
  DescribeSnapshotsCommandOutput,
  DescribeVolumesCommandOutput,
  DescribeVpcPeeringConnectionsCommandOutput,
  DescribeVpcsCommandOutput,
  FlowLog,
  GetManagedPrefixListEntriesCommandOutput,
  Image,
  Instance,
  IpPermission,
  ManagedPrefixList,
  NetworkAcl,
  NetworkAclEntry,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Volume,
  Vpc,
  VpcPeeringConnection,
  VpcPeeringConnectionVpcInfo,
} from '@aws-sdk/client-ec2';
import { buildArn } from '@palisade/core/aws';
import type { Fetched } from '@palisade/core';
import type {
  EbsSnapshot,
  Ec2Data,
  Ec2FlowLog,
  Ec2Image,
  Ec2Instance,
  Ec2IpPermission,
  Ec2ManagedPrefixList,
  Ec2NetworkAcl,
  Ec2NetworkAclEntry,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Volume,
  Ec2Vpc,
  Ec2VpcPeeringConnection,
  Ec2VpcPeeringSide,
} from '@palisade/core/aws';
import { NOT_IN_TARGETED_SCAN, isoDate, mapLimit, tagsFromList } from '../collector.ts';
import type { CollectorContext, RegionalCollector } from '../collector.ts';

// Page sizes at each API's maximum, so large estates take few calls; route tables and prefix lists allow at most 100.
const PAGE_SIZE = 1000;
const ROUTE_TABLE_PAGE_SIZE = 100;
const PREFIX_LIST_PAGE_SIZE = 100;
/** Prefix lists whose entries are read at once; each list is one call (or a few pages). */
const PREFIX_LIST_CONCURRENCY = 4;

export const ec2Collector: RegionalCollector<'ec2'> = {
  service: 'ec2',
  scope: 'regional',
  async collect(context) {
    const client = context.clients.get(EC2Client, context.region);
    const { gateway } = context;
    const arn = (resource: string) => buildArn(context.partition, 'ec2', context.region, context.accountId, resource);
    if (context.targets) return collectTargeted(context, client, arn);

    // Independent reads run together; the gateway's token bucket keeps them within EC2's limits.
    const [
      instances,
      securityGroups,
      networkAcls,
      volumes,
      snapshots,
      images,
      [ebsEncryptionByDefault, ebsDefaultKmsKeyId],
      vpcs,
      flowLogs,
      routeTables,
      vpcPeeringConnections,
      managedPrefixLists,
    ] = await Promise.all([
        listAll(
          gateway.paginate(
            'ec2:DescribeInstances',
            (NextToken, abortSignal) => client.send(new DescribeInstancesCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeInstancesCommandOutput) => page.Reservations?.flatMap((reservation) => reservation.Instances ?? []),
            (page) => page.NextToken,
          ),
          (instance) => toInstance(instance, arn),
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeSecurityGroups',
            (NextToken, abortSignal) => client.send(new DescribeSecurityGroupsCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeSecurityGroupsCommandOutput) => page.SecurityGroups,
            (page) => page.NextToken,
          ),
          (group) => toSecurityGroup(group, arn, context.accountId),
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeNetworkAcls',
            (NextToken, abortSignal) => client.send(new DescribeNetworkAclsCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeNetworkAclsCommandOutput) => page.NetworkAcls,
            (page) => page.NextToken,
          ),
          (acl) => toNetworkAcl(acl, arn),
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeVolumes',
            (NextToken, abortSignal) => client.send(new DescribeVolumesCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeVolumesCommandOutput) => page.Volumes,
            (page) => page.NextToken,
          ),
          (volume) => toVolume(volume, arn),
        ),
        collectSnapshots(context, client, arn),
        listAll(
          gateway.paginate(
            'ec2:DescribeImages',
            (NextToken, abortSignal) => client.send(new DescribeImagesCommand({ Owners: ['self'], NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeImagesCommandOutput) => page.Images,
            (page) => page.NextToken,
          ),
          (image) => toImage(image, arn),
        ),
        collectEbsEncryptionByDefault(context, client),
        listAll(
          gateway.paginate(
            'ec2:DescribeVpcs',
            (NextToken, abortSignal) => client.send(new DescribeVpcsCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeVpcsCommandOutput) => page.Vpcs,
            (page) => page.NextToken,
          ),
          (vpc) => toVpc(vpc, arn),
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeFlowLogs',
            (NextToken, abortSignal) => client.send(new DescribeFlowLogsCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeFlowLogsCommandOutput) => page.FlowLogs,
            (page) => page.NextToken,
          ),
          toFlowLog,
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeRouteTables',
            (NextToken, abortSignal) => client.send(new DescribeRouteTablesCommand({ NextToken, MaxResults: ROUTE_TABLE_PAGE_SIZE }), { abortSignal }),
            (page: DescribeRouteTablesCommandOutput) => page.RouteTables,
            (page) => page.NextToken,
          ),
          (table) => toRouteTable(table, arn),
        ),
        listAll(
          gateway.paginate(
            'ec2:DescribeVpcPeeringConnections',
            (NextToken, abortSignal) => client.send(new DescribeVpcPeeringConnectionsCommand({ NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeVpcPeeringConnectionsCommandOutput) => page.VpcPeeringConnections,
            (page) => page.NextToken,
          ),
          (connection) => toPeeringConnection(connection, arn),
        ),
        collectManagedPrefixLists(context, client, arn),
      ]);

    return {
      instances,
      securityGroups,
      networkAcls,
      volumes,
      snapshots,
      images,
      ebsEncryptionByDefault,
      ebsDefaultKmsKeyId,
      vpcs,
      flowLogs,
      routeTables,
      vpcPeeringConnections,
      managedPrefixLists,
    };
  },
};

type ArnOf = (resource: string) => string;

/**
 * A targeted re-scan reads only the security groups and network ACLs its ARNs name (by filter, so
 * a deleted one is simply absent), with the prefix lists their rules may reference; every other
 * part is marked not read, so a check that reads it reports ERROR rather than PASS on nothing.
 */
async function collectTargeted(context: CollectorContext, client: EC2Client, arn: ArnOf): Promise<Ec2Data> {
  const { gateway, targets } = context;
  const idsOf = (kind: string) => {
    const prefix = arn(`${kind}/`);
    return [...(targets ?? [])].filter((target) => target.startsWith(prefix)).map((target) => target.slice(prefix.length));
  };
  const groupIds = idsOf('security-group');
  const aclIds = idsOf('network-acl');
  const none = <T>(): Promise<Fetched<T[]>> => Promise.resolve({ value: [] });
  const [securityGroups, networkAcls, managedPrefixLists] = await Promise.all([
    groupIds.length === 0
      ? none<Ec2SecurityGroup>()
      : listAll(
          gateway.paginate(
            'ec2:DescribeSecurityGroups',
            (NextToken, abortSignal) =>
              client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: groupIds }], NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeSecurityGroupsCommandOutput) => page.SecurityGroups,
            (page) => page.NextToken,
          ),
          (group) => toSecurityGroup(group, arn, context.accountId),
        ),
    aclIds.length === 0
      ? none<Ec2NetworkAcl>()
      : listAll(
          gateway.paginate(
            'ec2:DescribeNetworkAcls',
            (NextToken, abortSignal) =>
              client.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'network-acl-id', Values: aclIds }], NextToken, MaxResults: PAGE_SIZE }), { abortSignal }),
            (page: DescribeNetworkAclsCommandOutput) => page.NetworkAcls,
            (page) => page.NextToken,
          ),
          (acl) => toNetworkAcl(acl, arn),
        ),
    groupIds.length === 0 ? none<Ec2ManagedPrefixList>() : collectManagedPrefixLists(context, client, arn),
  ]);
  const notRead = (api: string) => ({ error: { api, code: NOT_IN_TARGETED_SCAN, message: 'not read: a targeted re-scan reads only the resources it names', region: context.region } });
  return {
    instances: notRead('ec2:DescribeInstances'),
    securityGroups,
    networkAcls,
    volumes: notRead('ec2:DescribeVolumes'),
    snapshots: notRead('ec2:DescribeSnapshots'),
    images: notRead('ec2:DescribeImages'),
    ebsEncryptionByDefault: notRead('ec2:GetEbsEncryptionByDefault'),
    ebsDefaultKmsKeyId: notRead('ec2:GetEbsDefaultKmsKeyId'),
    vpcs: notRead('ec2:DescribeVpcs'),
    flowLogs: notRead('ec2:DescribeFlowLogs'),
    routeTables: notRead('ec2:DescribeRouteTables'),
    vpcPeeringConnections: notRead('ec2:DescribeVpcPeeringConnections'),
    managedPrefixLists,
  };
}

async function listAll<Item, T>(pending: Promise<Fetched<Item[]>>, convert: (item: Item) => T): Promise<Fetched<T[]>> {
  const items = await pending;
  return items.error ? items : { value: items.value.map(convert) };
}

/**
 * Owned snapshots, marked public from a second listing of those restorable by all accounts. If that
 * second listing fails, the whole list fails: "not public" must never be a guess.
 */
async function collectSnapshots(context: CollectorContext, client: EC2Client, arn: ArnOf): Promise<Ec2Data['snapshots']> {
  const describe = (restorableByAll: boolean) =>
    context.gateway.paginate(
      'ec2:DescribeSnapshots',
      (NextToken, abortSignal) =>
        client.send(
          new DescribeSnapshotsCommand({
            OwnerIds: ['self'],
            ...(restorableByAll ? { RestorableByUserIds: ['all'] } : {}),
            NextToken,
            MaxResults: PAGE_SIZE,
          }),
          { abortSignal },
        ),
      (page: DescribeSnapshotsCommandOutput) => page.Snapshots,
      (page) => page.NextToken,
    );
  const [owned, restorableByAll] = await Promise.all([describe(false), describe(true)]);
  if (owned.error) return owned;
  if (restorableByAll.error) return restorableByAll;
  const publicIds = new Set(restorableByAll.value.flatMap((snapshot) => (snapshot.SnapshotId ? [snapshot.SnapshotId] : [])));
  return { value: owned.value.map((snapshot) => toSnapshot(snapshot, arn, publicIds)) };
}

/**
 * The setting and the default key, each as its own result: the key only describes the setting, so
 * a failure to read it must not hide whether encryption by default is on.
 */
async function collectEbsEncryptionByDefault(
  context: CollectorContext,
  client: EC2Client,
): Promise<[Ec2Data['ebsEncryptionByDefault'], NonNullable<Ec2Data['ebsDefaultKmsKeyId']>]> {
  const [enabled, key] = await Promise.all([
    context.gateway.call('ec2:GetEbsEncryptionByDefault', (abortSignal) => client.send(new GetEbsEncryptionByDefaultCommand({}), { abortSignal })),
    context.gateway.call('ec2:GetEbsDefaultKmsKeyId', (abortSignal) => client.send(new GetEbsDefaultKmsKeyIdCommand({}), { abortSignal })),
  ]);
  return [
    enabled.error ? enabled : { value: { enabled: enabled.value.EbsEncryptionByDefault ?? false } },
    key.error ? key : { value: key.value.KmsKeyId || null },
  ];
}

/**
 * Every prefix list visible in the region (the account's own, those shared with it, and AWS-managed
 * ones), each with its entries. A list whose entries cannot be read carries that error alone, so
 * only the rules naming it become unknown.
 */
async function collectManagedPrefixLists(context: CollectorContext, client: EC2Client, arn: ArnOf): Promise<NonNullable<Ec2Data['managedPrefixLists']>> {
  const lists = await context.gateway.paginate(
    'ec2:DescribeManagedPrefixLists',
    (NextToken, abortSignal) => client.send(new DescribeManagedPrefixListsCommand({ NextToken, MaxResults: PREFIX_LIST_PAGE_SIZE }), { abortSignal }),
    (page: DescribeManagedPrefixListsCommandOutput) => page.PrefixLists,
    (page) => page.NextToken,
  );
  if (lists.error) return lists;
  return { value: await mapLimit(lists.value, PREFIX_LIST_CONCURRENCY, (list) => toManagedPrefixList(context, client, list, arn)) };
}

async function toManagedPrefixList(context: CollectorContext, client: EC2Client, list: ManagedPrefixList, arn: ArnOf): Promise<Ec2ManagedPrefixList> {
  const id = list.PrefixListId ?? '';
  const listArn = list.PrefixListArn ?? arn(`prefix-list/${id}`);
  const entries = await context.gateway.paginate(
    'ec2:GetManagedPrefixListEntries',
    (NextToken, abortSignal) => client.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken, MaxResults: PREFIX_LIST_PAGE_SIZE }), { abortSignal }),
    (page: GetManagedPrefixListEntriesCommandOutput) => page.Entries,
    (page) => page.NextToken,
  );
  return {
    id,
    arn: listArn,
    name: list.PrefixListName ?? '',
    ownerId: list.OwnerId ?? context.accountId,
    addressFamily: list.AddressFamily === 'IPv6' ? 'IPv6' : 'IPv4',
    state: list.State ?? '',
    ...optional('maxEntries', list.MaxEntries),
    entries: entries.error
      ? { error: { ...entries.error, resourceUid: listArn } }
      : { value: entries.value.flatMap((entry) => (entry.Cidr ? [{ cidr: entry.Cidr, ...optional('description', entry.Description || undefined) }] : [])) },
    tags: tagsFromList(list.Tags),
  };
}

function toInstance(instance: Instance, arn: ArnOf): Ec2Instance {
  const id = instance.InstanceId ?? '';
  const metadata = instance.MetadataOptions;
  return {
    id,
    arn: arn(`instance/${id}`),
    state: instance.State?.Name ?? '',
    instanceType: instance.InstanceType ?? '',
    imageId: instance.ImageId ?? '',
    launchTime: isoDate(instance.LaunchTime) ?? '',
    ...optional('vpcId', instance.VpcId),
    ...optional('subnetId', instance.SubnetId),
    ...optional('privateIpAddress', instance.PrivateIpAddress),
    ...optional('publicIpAddress', instance.PublicIpAddress),
    ...optional('iamInstanceProfileArn', instance.IamInstanceProfile?.Arn),
    metadataOptions: {
      // Without metadata options assume the permissive defaults: IMDSv1 allowed, endpoint on.
      httpTokens: metadata?.HttpTokens === 'required' ? 'required' : 'optional',
      httpEndpoint: metadata?.HttpEndpoint === 'disabled' ? 'disabled' : 'enabled',
      ...optional('httpPutResponseHopLimit', metadata?.HttpPutResponseHopLimit),
    },
    securityGroupIds: (instance.SecurityGroups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
    tags: tagsFromList(instance.Tags),
  };
}

function toSecurityGroup(group: SecurityGroup, arn: ArnOf, accountId: string): Ec2SecurityGroup {
  const id = group.GroupId ?? '';
  return {
    id,
    arn: arn(`security-group/${id}`),
    name: group.GroupName ?? '',
    description: group.Description ?? '',
    ...optional('vpcId', group.VpcId),
    ownerId: group.OwnerId ?? accountId,
    ingress: (group.IpPermissions ?? []).map(toIpPermission),
    egress: (group.IpPermissionsEgress ?? []).map(toIpPermission),
    tags: tagsFromList(group.Tags),
  };
}

function toIpPermission(permission: IpPermission): Ec2IpPermission {
  return {
    protocol: permission.IpProtocol ?? '-1',
    ...optional('fromPort', permission.FromPort),
    ...optional('toPort', permission.ToPort),
    ipv4Ranges: present((permission.IpRanges ?? []).map((range) => range.CidrIp)),
    ipv6Ranges: present((permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6)),
    prefixListIds: present((permission.PrefixListIds ?? []).map((prefixList) => prefixList.PrefixListId)),
    referencedGroupIds: present((permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId)),
  };
}

function toNetworkAcl(acl: NetworkAcl, arn: ArnOf): Ec2NetworkAcl {
  const id = acl.NetworkAclId ?? '';
  return {
    id,
    arn: arn(`network-acl/${id}`),
    vpcId: acl.VpcId ?? '',
    isDefault: acl.IsDefault ?? false,
    entries: (acl.Entries ?? []).map(toNetworkAclEntry),
    subnetIds: present((acl.Associations ?? []).map((association) => association.SubnetId)),
    tags: tagsFromList(acl.Tags),
  };
}

function toNetworkAclEntry(entry: NetworkAclEntry): Ec2NetworkAclEntry {
  const range = entry.PortRange;
  return {
    ruleNumber: entry.RuleNumber ?? 0,
    protocol: entry.Protocol ?? '-1',
    ruleAction: entry.RuleAction === 'deny' ? 'deny' : 'allow',
    egress: entry.Egress ?? false,
    ...optional('cidrBlock', entry.CidrBlock),
    ...optional('ipv6CidrBlock', entry.Ipv6CidrBlock),
    ...(range && (range.From !== undefined || range.To !== undefined)
      ? { portRange: { from: range.From ?? range.To ?? 0, to: range.To ?? range.From ?? 65535 } }
      : {}),
  };
}

function toVolume(volume: Volume, arn: ArnOf): Ec2Volume {
  const id = volume.VolumeId ?? '';
  return {
    id,
    arn: arn(`volume/${id}`),
    encrypted: volume.Encrypted ?? false,
    ...optional('kmsKeyId', volume.KmsKeyId),
    sizeGiB: volume.Size ?? 0,
    state: volume.State ?? '',
    attachedInstanceIds: present((volume.Attachments ?? []).map((attachment) => attachment.InstanceId)),
    tags: tagsFromList(volume.Tags),
  };
}

function toSnapshot(snapshot: Snapshot, arn: ArnOf, publicIds: ReadonlySet<string>): EbsSnapshot {
  const id = snapshot.SnapshotId ?? '';
  return {
    id,
    arn: arn(`snapshot/${id}`),
    volumeId: snapshot.VolumeId ?? '',
    encrypted: snapshot.Encrypted ?? false,
    startTime: isoDate(snapshot.StartTime) ?? '',
    public: publicIds.has(id),
    tags: tagsFromList(snapshot.Tags),
  };
}

function toImage(image: Image, arn: ArnOf): Ec2Image {
  const id = image.ImageId ?? '';
  return {
    id,
    arn: arn(`image/${id}`),
    name: image.Name ?? '',
    state: image.State ?? '',
    public: image.Public ?? false,
    ...optional('creationDate', image.CreationDate),
    tags: tagsFromList(image.Tags),
  };
}

function toVpc(vpc: Vpc, arn: ArnOf): Ec2Vpc {
  const id = vpc.VpcId ?? '';
  return {
    id,
    arn: arn(`vpc/${id}`),
    cidrBlock: vpc.CidrBlock ?? '',
    isDefault: vpc.IsDefault ?? false,
    state: vpc.State ?? '',
    tags: tagsFromList(vpc.Tags),
  };
}

function toFlowLog(flowLog: FlowLog): Ec2FlowLog {
  return {
    id: flowLog.FlowLogId ?? '',
    resourceId: flowLog.ResourceId ?? '',
    status: flowLog.FlowLogStatus ?? '',
    // Transit gateway flow logs carry no traffic type; they capture all traffic.
    trafficType: flowLog.TrafficType ?? 'ALL',
    logDestinationType: flowLog.LogDestinationType ?? 'cloud-watch-logs',
    ...optional('logDestination', flowLog.LogDestination ?? flowLog.LogGroupName),
    ...optional('deliverLogsStatus', flowLog.DeliverLogsStatus),
  };
}

function toRouteTable(table: RouteTable, arn: ArnOf): Ec2RouteTable {
  const id = table.RouteTableId ?? '';
  return {
    id,
    arn: arn(`route-table/${id}`),
    vpcId: table.VpcId ?? '',
    routes: (table.Routes ?? []).map((route) => ({
      ...optional('destinationCidrBlock', route.DestinationCidrBlock),
      ...optional('destinationIpv6CidrBlock', route.DestinationIpv6CidrBlock),
      ...optional('destinationPrefixListId', route.DestinationPrefixListId),
      ...optional('gatewayId', route.GatewayId),
      ...optional('natGatewayId', route.NatGatewayId),
      ...optional('transitGatewayId', route.TransitGatewayId),
      ...optional('vpcPeeringConnectionId', route.VpcPeeringConnectionId),
      ...optional('state', route.State),
    })),
    associations: (table.Associations ?? []).map((association) => ({
      ...optional('subnetId', association.SubnetId),
      main: association.Main ?? false,
    })),
    tags: tagsFromList(table.Tags),
  };
}

function toPeeringConnection(connection: VpcPeeringConnection, arn: ArnOf): Ec2VpcPeeringConnection {
  const id = connection.VpcPeeringConnectionId ?? '';
  return {
    id,
    arn: arn(`vpc-peering-connection/${id}`),
    status: connection.Status?.Code ?? '',
    requester: toPeeringSide(connection.RequesterVpcInfo),
    accepter: toPeeringSide(connection.AccepterVpcInfo),
    tags: tagsFromList(connection.Tags),
  };
}

function toPeeringSide(info: VpcPeeringConnectionVpcInfo | undefined): Ec2VpcPeeringSide {
  const fromSet = present((info?.CidrBlockSet ?? []).map((block) => block.CidrBlock));
  return {
    vpcId: info?.VpcId ?? '',
    ownerId: info?.OwnerId ?? '',
    region: info?.Region ?? '',
    cidrBlocks: fromSet.length > 0 ? fromSet : present([info?.CidrBlock]),
  };
}

/** Leaves a key out rather than writing `undefined`, so snapshots serialize the same way they compare. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function present(values: readonly (string | undefined)[]): string[] {
  return values.filter((value): value is string => value !== undefined && value !== '');
}
