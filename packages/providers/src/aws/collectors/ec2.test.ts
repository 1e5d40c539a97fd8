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
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { ec2Collector } from './ec2.ts';

const mock = mockClient(EC2Client);
afterEach(() => mock.reset());

const ACCOUNT = '123456789012';
const PAGE_2_TOKEN = 'eyJ2IjoiMiIsImMiOiJpL1pNaXh1dFpXL0JMRUNSbVFKb2pBPT0ifQ==';
const EBS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Responses shaped like the EC2 Query API after SDK parsing (dates as Date, absent lists omitted). */
function mockRegion() {
  mock
    .on(DescribeInstancesCommand, { NextToken: undefined })
    .resolves({
      Reservations: [
        {
          ReservationId: 'r-0a1b2c3d4e5f60001',
          OwnerId: ACCOUNT,
          Groups: [],
          Instances: [
            {
              InstanceId: 'i-0123456789abcdef0',
              ImageId: 'ami-0abcdef1234567890',
              State: { Code: 16, Name: 'running' },
              InstanceType: 't3.micro',
              LaunchTime: new Date('2025-05-01T09:00:00Z'),
              Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
              SubnetId: 'subnet-0aaa1111bbbb2222c',
              VpcId: 'vpc-0a1b2c3d4e5f67890',
              PrivateIpAddress: '10.0.1.25',
              PublicIpAddress: '54.210.33.7',
              IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-server`, Id: 'AIPAAPPSERVERAPPSER1' },
              SecurityGroups: [{ GroupName: 'web', GroupId: 'sg-0web0000000000001' }],
              Tags: [{ Key: 'Name', Value: 'web-1' }],
              MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
            },
          ],
        },
      ],
      NextToken: PAGE_2_TOKEN,
    })
    .on(DescribeInstancesCommand, { NextToken: PAGE_2_TOKEN })
    .resolves({
      Reservations: [
        {
          ReservationId: 'r-0a1b2c3d4e5f60002',
          OwnerId: ACCOUNT,
          Instances: [
            {
              InstanceId: 'i-0fedcba9876543210',
              ImageId: 'ami-0abcdef1234567890',
              State: { Code: 80, Name: 'stopped' },
              InstanceType: 'm5.large',
              LaunchTime: new Date('2024-01-10T00:00:00Z'),
              SubnetId: 'subnet-0ddd3333eeee4444f',
              VpcId: 'vpc-0a1b2c3d4e5f67890',
              PrivateIpAddress: '10.0.2.40',
              SecurityGroups: [
                { GroupName: 'default', GroupId: 'sg-0default000000001' },
                { GroupName: 'web', GroupId: 'sg-0web0000000000001' },
              ],
              MetadataOptions: { State: 'applied', HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
            },
          ],
        },
      ],
    });

  mock.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      {
        GroupId: 'sg-0default000000001',
        GroupName: 'default',
        Description: 'default VPC security group',
        OwnerId: ACCOUNT,
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        SecurityGroupArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0default000000001`,
        IpPermissions: [
          { IpProtocol: '-1', UserIdGroupPairs: [{ UserId: ACCOUNT, GroupId: 'sg-0default000000001' }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] },
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [], UserIdGroupPairs: [] }],
      },
      {
        GroupId: 'sg-0web0000000000001',
        GroupName: 'web',
        Description: 'web tier',
        OwnerId: ACCOUNT,
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh from anywhere' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
            PrefixListIds: [],
            UserIdGroupPairs: [],
          },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: 'pl-3b927c52' }], UserIdGroupPairs: [] },
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
        IpPermissionsEgress: [],
        Tags: [{ Key: 'tier', Value: 'web' }],
      },
    ],
  });

  mock.on(DescribeNetworkAclsCommand).resolves({
    NetworkAcls: [
      {
        NetworkAclId: 'acl-0default00000001',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        IsDefault: true,
        OwnerId: ACCOUNT,
        Associations: [
          { NetworkAclAssociationId: 'aclassoc-0aaa00000000001', NetworkAclId: 'acl-0default00000001', SubnetId: 'subnet-0aaa1111bbbb2222c' },
          { NetworkAclAssociationId: 'aclassoc-0aaa00000000002', NetworkAclId: 'acl-0default00000001', SubnetId: 'subnet-0ddd3333eeee4444f' },
        ],
        Entries: [
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0' },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
        ],
        Tags: [],
      },
      {
        NetworkAclId: 'acl-0custom000000001',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        IsDefault: false,
        OwnerId: ACCOUNT,
        Associations: [],
        Entries: [{ RuleNumber: 110, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } }],
        Tags: [{ Key: 'Name', Value: 'restricted' }],
      },
    ],
  });

  mock.on(DescribeVolumesCommand).resolves({
    Volumes: [
      {
        VolumeId: 'vol-049df61146c4d7901',
        Size: 8,
        SnapshotId: 'snap-1234567890abcdef0',
        AvailabilityZone: 'us-east-1a',
        State: 'in-use',
        CreateTime: new Date('2025-05-01T09:00:00Z'),
        Attachments: [{ VolumeId: 'vol-049df61146c4d7901', InstanceId: 'i-0123456789abcdef0', Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true, AttachTime: new Date('2025-05-01T09:00:05Z') }],
        Encrypted: true,
        KmsKeyId: EBS_KEY,
        VolumeType: 'gp3',
        Iops: 3000,
        Throughput: 125,
      },
      { VolumeId: 'vol-0unencrypted00001', Size: 100, AvailabilityZone: 'us-east-1b', State: 'available', Attachments: [], Encrypted: false, VolumeType: 'gp2', Tags: [{ Key: 'owner', Value: 'data' }] },
    ],
  });

  // Owned snapshots; the second listing (restorable by all accounts) holds only the public one.
  mock
    .on(DescribeSnapshotsCommand)
    .resolves({
      Snapshots: [
        {
          SnapshotId: 'snap-0public000000001',
          VolumeId: 'vol-049df61146c4d7901',
          State: 'completed',
          StartTime: new Date('2025-04-01T00:00:00Z'),
          Progress: '100%',
          OwnerId: ACCOUNT,
          Description: 'shared build cache',
          VolumeSize: 8,
          Encrypted: false,
          StorageTier: 'standard',
        },
        {
          SnapshotId: 'snap-0private00000001',
          VolumeId: 'vol-049df61146c4d7901',
          State: 'completed',
          StartTime: new Date('2025-04-02T00:00:00Z'),
          Progress: '100%',
          OwnerId: ACCOUNT,
          VolumeSize: 8,
          Encrypted: true,
          KmsKeyId: EBS_KEY,
          Tags: [{ Key: 'backup', Value: 'daily' }],
        },
      ],
    })
    .on(DescribeSnapshotsCommand, { OwnerIds: ['self'], RestorableByUserIds: ['all'] })
    .resolves({
      Snapshots: [
        { SnapshotId: 'snap-0public000000001', VolumeId: 'vol-049df61146c4d7901', State: 'completed', StartTime: new Date('2025-04-01T00:00:00Z'), OwnerId: ACCOUNT, VolumeSize: 8, Encrypted: false },
      ],
    });

  mock.on(DescribeImagesCommand).resolves({
    Images: [
      {
        ImageId: 'ami-0abcdef1234567890',
        Name: 'web-golden-2025-04',
        State: 'available',
        OwnerId: ACCOUNT,
        Public: false,
        CreationDate: '2025-04-15T12:00:00.000Z',
        Architecture: 'x86_64',
        ImageType: 'machine',
        RootDeviceType: 'ebs',
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
      { ImageId: 'ami-0public0000000001', Name: 'community-tools', State: 'available', OwnerId: ACCOUNT, Public: true, CreationDate: '2023-09-01T00:00:00.000Z' },
    ],
  });

  mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' });
  mock.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: EBS_KEY });

  mock.on(DescribeVpcsCommand).resolves({
    Vpcs: [
      {
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        CidrBlock: '10.0.0.0/16',
        State: 'available',
        IsDefault: false,
        OwnerId: ACCOUNT,
        InstanceTenancy: 'default',
        CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-0001', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } }],
        Tags: [{ Key: 'Name', Value: 'prod' }],
      },
      { VpcId: 'vpc-0default0000001', CidrBlock: '172.31.0.0/16', State: 'available', IsDefault: true, OwnerId: ACCOUNT },
    ],
  });

  mock.on(DescribeFlowLogsCommand).resolves({
    FlowLogs: [
      {
        CreationTime: new Date('2024-11-01T00:00:00Z'),
        DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`,
        DeliverLogsStatus: 'SUCCESS',
        FlowLogId: 'fl-0123456789abcdef0',
        FlowLogStatus: 'ACTIVE',
        LogGroupName: 'vpc-flow-logs',
        ResourceId: 'vpc-0a1b2c3d4e5f67890',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:vpc-flow-logs`,
        LogFormat: '${version} ${account-id} ${interface-id}',
        MaxAggregationInterval: 600,
      },
      {
        FlowLogId: 'fl-0s3000000000000001',
        FlowLogStatus: 'ACTIVE',
        ResourceId: 'subnet-0aaa1111bbbb2222c',
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::central-flow-logs/prod/',
        DeliverLogsStatus: 'SUCCESS',
      },
    ],
  });

  mock.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-0main00000000001',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        OwnerId: ACCOUNT,
        Associations: [
          { Main: true, RouteTableAssociationId: 'rtbassoc-0main0000001', RouteTableId: 'rtb-0main00000000001', AssociationState: { State: 'associated' } },
          { Main: false, RouteTableAssociationId: 'rtbassoc-0sub00000001', RouteTableId: 'rtb-0main00000000001', SubnetId: 'subnet-0aaa1111bbbb2222c', AssociationState: { State: 'associated' } },
        ],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc0000000000001', Origin: 'CreateRoute', State: 'active' },
          { DestinationCidrBlock: '10.50.0.0/16', VpcPeeringConnectionId: 'pcx-0peer0000000001', Origin: 'CreateRoute', State: 'active' },
          { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0s3gateway00001', Origin: 'CreateRoute', State: 'active' },
        ],
        PropagatingVgws: [],
        Tags: [],
      },
    ],
  });

  mock.on(DescribeVpcPeeringConnectionsCommand).resolves({
    VpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-0peer0000000001',
        Status: { Code: 'active', Message: 'Active' },
        RequesterVpcInfo: {
          VpcId: 'vpc-0a1b2c3d4e5f67890',
          OwnerId: ACCOUNT,
          Region: 'us-east-1',
          CidrBlock: '10.0.0.0/16',
          CidrBlockSet: [{ CidrBlock: '10.0.0.0/16' }, { CidrBlock: '10.1.0.0/16' }],
          PeeringOptions: { AllowDnsResolutionFromRemoteVpc: false },
        },
        // The accepter in another account and region; older responses give only CidrBlock.
        AccepterVpcInfo: { VpcId: 'vpc-0partner00000001', OwnerId: '210987654321', Region: 'eu-west-1', CidrBlock: '10.50.0.0/16' },
        Tags: [{ Key: 'Name', Value: 'to-partner' }],
      },
    ],
  });

  mockPrefixLists();
}

const OFFICE_LIST = 'pl-0office0000000001';
const ENTRIES_PAGE_2_TOKEN = 'eyJ2IjoiMiIsImMiOiJlbnRyaWVzLXBhZ2UtMiJ9';

/**
 * Prefix lists as DescribeManagedPrefixLists pages them (AWS-managed lists owned by `AWS`, with the
 * `aws` account in their ARN), and their entries from GetManagedPrefixListEntries.
 */
function mockPrefixLists() {
  mock
    .on(DescribeManagedPrefixListsCommand, { NextToken: undefined })
    .resolves({
      PrefixLists: [
        {
          PrefixListId: 'pl-63a5400a',
          AddressFamily: 'IPv4',
          State: 'create-complete',
          PrefixListArn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a',
          PrefixListName: 'com.amazonaws.us-east-1.s3',
          Tags: [],
          OwnerId: 'AWS',
        },
        {
          PrefixListId: 'pl-3b927c52',
          AddressFamily: 'IPv4',
          State: 'create-complete',
          PrefixListArn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-3b927c52',
          PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
          MaxEntries: 55,
          Tags: [],
          OwnerId: 'AWS',
        },
      ],
      NextToken: PAGE_2_TOKEN,
    })
    .on(DescribeManagedPrefixListsCommand, { NextToken: PAGE_2_TOKEN })
    .resolves({
      PrefixLists: [
        {
          PrefixListId: OFFICE_LIST,
          AddressFamily: 'IPv4',
          State: 'modify-complete',
          PrefixListArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:prefix-list/${OFFICE_LIST}`,
          PrefixListName: 'office-egress',
          MaxEntries: 10,
          Version: 3,
          Tags: [{ Key: 'team', Value: 'netops' }],
          OwnerId: ACCOUNT,
        },
      ],
    });
  mock
    .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-63a5400a' })
    .resolves({ Entries: [{ Cidr: '3.5.0.0/19' }, { Cidr: '16.182.0.0/16' }, { Cidr: '52.216.0.0/15' }] })
    .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-3b927c52' })
    .resolves({ Entries: [{ Cidr: '13.224.0.0/14' }, { Cidr: '130.176.0.0/17' }] })
    .on(GetManagedPrefixListEntriesCommand, { PrefixListId: OFFICE_LIST, NextToken: undefined })
    .resolves({ Entries: [{ Cidr: '198.51.100.0/24', Description: 'head office' }], NextToken: ENTRIES_PAGE_2_TOKEN })
    .on(GetManagedPrefixListEntriesCommand, { PrefixListId: OFFICE_LIST, NextToken: ENTRIES_PAGE_2_TOKEN })
    .resolves({ Entries: [{ Cidr: '203.0.113.7/32' }] });
}

const arn = (resource: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${resource}`;

describe('ec2 collector', () => {
  it('collects a realistic region', async () => {
    mockRegion();
    const data = await ec2Collector.collect(testCollectorContext());

    expect(data.instances.value).toEqual([
      {
        id: 'i-0123456789abcdef0',
        arn: arn('instance/i-0123456789abcdef0'),
        state: 'running',
        instanceType: 't3.micro',
        imageId: 'ami-0abcdef1234567890',
        launchTime: '2025-05-01T09:00:00.000Z',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        subnetId: 'subnet-0aaa1111bbbb2222c',
        privateIpAddress: '10.0.1.25',
        publicIpAddress: '54.210.33.7',
        iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-server`,
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
        securityGroupIds: ['sg-0web0000000000001'],
        tags: { Name: 'web-1' },
      },
      {
        id: 'i-0fedcba9876543210',
        arn: arn('instance/i-0fedcba9876543210'),
        state: 'stopped',
        instanceType: 'm5.large',
        imageId: 'ami-0abcdef1234567890',
        launchTime: '2024-01-10T00:00:00.000Z',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        subnetId: 'subnet-0ddd3333eeee4444f',
        privateIpAddress: '10.0.2.40',
        metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        securityGroupIds: ['sg-0default000000001', 'sg-0web0000000000001'],
        tags: {},
      },
    ]);

    expect(data.securityGroups.value).toEqual([
      {
        id: 'sg-0default000000001',
        arn: arn('security-group/sg-0default000000001'),
        name: 'default',
        description: 'default VPC security group',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        ownerId: ACCOUNT,
        ingress: [{ protocol: '-1', ipv4Ranges: [], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: ['sg-0default000000001'] }],
        egress: [{ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'], prefixListIds: [], referencedGroupIds: [] }],
        tags: {},
      },
      {
        id: 'sg-0web0000000000001',
        arn: arn('security-group/sg-0web0000000000001'),
        name: 'web',
        description: 'web tier',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        ownerId: ACCOUNT,
        ingress: [
          { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'], prefixListIds: [], referencedGroupIds: [] },
          { protocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [], ipv6Ranges: [], prefixListIds: ['pl-3b927c52'], referencedGroupIds: [] },
          { protocol: 'icmp', fromPort: 8, toPort: -1, ipv4Ranges: ['10.0.0.0/8'], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [] },
        ],
        egress: [],
        tags: { tier: 'web' },
      },
    ]);

    expect(data.networkAcls.value?.[0]).toMatchObject({
      id: 'acl-0default00000001',
      arn: arn('network-acl/acl-0default00000001'),
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      isDefault: true,
      subnetIds: ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'],
    });
    expect(data.networkAcls.value?.[0]?.entries).toContainEqual({ ruleNumber: 101, protocol: '-1', ruleAction: 'allow', egress: false, ipv6CidrBlock: '::/0' });
    expect(data.networkAcls.value?.[1]).toEqual({
      id: 'acl-0custom000000001',
      arn: arn('network-acl/acl-0custom000000001'),
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      isDefault: false,
      entries: [{ ruleNumber: 110, protocol: '6', ruleAction: 'allow', egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } }],
      subnetIds: [],
      tags: { Name: 'restricted' },
    });

    expect(data.volumes.value).toEqual([
      {
        id: 'vol-049df61146c4d7901',
        arn: arn('volume/vol-049df61146c4d7901'),
        encrypted: true,
        kmsKeyId: EBS_KEY,
        sizeGiB: 8,
        state: 'in-use',
        attachedInstanceIds: ['i-0123456789abcdef0'],
        tags: {},
      },
      { id: 'vol-0unencrypted00001', arn: arn('volume/vol-0unencrypted00001'), encrypted: false, sizeGiB: 100, state: 'available', attachedInstanceIds: [], tags: { owner: 'data' } },
    ]);

    expect(data.images.value).toEqual([
      {
        id: 'ami-0abcdef1234567890',
        arn: arn('image/ami-0abcdef1234567890'),
        name: 'web-golden-2025-04',
        state: 'available',
        public: false,
        creationDate: '2025-04-15T12:00:00.000Z',
        tags: { team: 'platform' },
      },
      { id: 'ami-0public0000000001', arn: arn('image/ami-0public0000000001'), name: 'community-tools', state: 'available', public: true, creationDate: '2023-09-01T00:00:00.000Z', tags: {} },
    ]);
    expect(mock.commandCalls(DescribeImagesCommand)[0]!.args[0].input.Owners).toEqual(['self']);

    expect(data.ebsEncryptionByDefault).toEqual({ value: { enabled: true } });
    expect(data.ebsDefaultKmsKeyId).toEqual({ value: EBS_KEY });

    expect(data.vpcs.value).toEqual([
      { id: 'vpc-0a1b2c3d4e5f67890', arn: arn('vpc/vpc-0a1b2c3d4e5f67890'), cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available', tags: { Name: 'prod' } },
      { id: 'vpc-0default0000001', arn: arn('vpc/vpc-0default0000001'), cidrBlock: '172.31.0.0/16', isDefault: true, state: 'available', tags: {} },
    ]);

    expect(data.flowLogs.value).toEqual([
      {
        id: 'fl-0123456789abcdef0',
        resourceId: 'vpc-0a1b2c3d4e5f67890',
        status: 'ACTIVE',
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:vpc-flow-logs`,
        deliverLogsStatus: 'SUCCESS',
      },
      {
        id: 'fl-0s3000000000000001',
        resourceId: 'subnet-0aaa1111bbbb2222c',
        status: 'ACTIVE',
        trafficType: 'REJECT',
        logDestinationType: 's3',
        logDestination: 'arn:aws:s3:::central-flow-logs/prod/',
        deliverLogsStatus: 'SUCCESS',
      },
    ]);

    expect(data.routeTables.value).toEqual([
      {
        id: 'rtb-0main00000000001',
        arn: arn('route-table/rtb-0main00000000001'),
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        routes: [
          { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
          { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0abc0000000000001', state: 'active' },
          { destinationCidrBlock: '10.50.0.0/16', vpcPeeringConnectionId: 'pcx-0peer0000000001', state: 'active' },
          { destinationPrefixListId: 'pl-63a5400a', gatewayId: 'vpce-0s3gateway00001', state: 'active' },
        ],
        associations: [{ main: true }, { subnetId: 'subnet-0aaa1111bbbb2222c', main: false }],
        tags: {},
      },
    ]);

    expect(data.vpcPeeringConnections.value).toEqual([
      {
        id: 'pcx-0peer0000000001',
        arn: arn('vpc-peering-connection/pcx-0peer0000000001'),
        status: 'active',
        requester: { vpcId: 'vpc-0a1b2c3d4e5f67890', ownerId: ACCOUNT, region: 'us-east-1', cidrBlocks: ['10.0.0.0/16', '10.1.0.0/16'] },
        accepter: { vpcId: 'vpc-0partner00000001', ownerId: '210987654321', region: 'eu-west-1', cidrBlocks: ['10.50.0.0/16'] },
        tags: { Name: 'to-partner' },
      },
    ]);
  });

  it('collects every visible prefix list with its entries, following both paginations', async () => {
    mockRegion();
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.managedPrefixLists).toEqual({
      value: [
        {
          id: 'pl-63a5400a',
          arn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a',
          name: 'com.amazonaws.us-east-1.s3',
          ownerId: 'AWS',
          addressFamily: 'IPv4',
          state: 'create-complete',
          entries: { value: [{ cidr: '3.5.0.0/19' }, { cidr: '16.182.0.0/16' }, { cidr: '52.216.0.0/15' }] },
          tags: {},
        },
        {
          id: 'pl-3b927c52',
          arn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-3b927c52',
          name: 'com.amazonaws.global.cloudfront.origin-facing',
          ownerId: 'AWS',
          addressFamily: 'IPv4',
          state: 'create-complete',
          maxEntries: 55,
          entries: { value: [{ cidr: '13.224.0.0/14' }, { cidr: '130.176.0.0/17' }] },
          tags: {},
        },
        {
          id: OFFICE_LIST,
          arn: arn(`prefix-list/${OFFICE_LIST}`),
          name: 'office-egress',
          ownerId: ACCOUNT,
          addressFamily: 'IPv4',
          state: 'modify-complete',
          maxEntries: 10,
          entries: { value: [{ cidr: '198.51.100.0/24', description: 'head office' }, { cidr: '203.0.113.7/32' }] },
          tags: { team: 'netops' },
        },
      ],
    });
    expect(mock.commandCalls(DescribeManagedPrefixListsCommand).map((call) => call.args[0].input)).toEqual([
      { NextToken: undefined, MaxResults: 100 },
      { NextToken: PAGE_2_TOKEN, MaxResults: 100 },
    ]);
    const entryCalls = mock.commandCalls(GetManagedPrefixListEntriesCommand).map((call) => call.args[0].input);
    expect(entryCalls.filter((input) => input.PrefixListId === OFFICE_LIST).map((input) => input.NextToken)).toEqual([undefined, ENTRIES_PAGE_2_TOKEN]);
    expect(entryCalls.every((input) => input.MaxResults === 100)).toBe(true);
  });

  it('keeps a denied entries read on its own list, naming the list', async () => {
    mockRegion();
    mock.on(GetManagedPrefixListEntriesCommand, { PrefixListId: OFFICE_LIST }).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const data = await ec2Collector.collect(testCollectorContext());
    const lists = data.managedPrefixLists?.value ?? [];
    expect(lists.map((list) => list.id)).toEqual(['pl-63a5400a', 'pl-3b927c52', OFFICE_LIST]);
    expect(lists[2]?.entries).toEqual({
      error: {
        api: 'ec2:GetManagedPrefixListEntries',
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        region: 'us-east-1',
        httpStatus: 403,
        resourceUid: arn(`prefix-list/${OFFICE_LIST}`),
      },
    });
    expect(lists[0]?.entries.value).toHaveLength(3);
  });

  it('fails the prefix lists as a whole when DescribeManagedPrefixLists is denied', async () => {
    mockRegion();
    mock.on(DescribeManagedPrefixListsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.managedPrefixLists?.value).toBeUndefined();
    expect(data.managedPrefixLists?.error).toMatchObject({ api: 'ec2:DescribeManagedPrefixLists', code: 'UnauthorizedOperation', region: 'us-east-1', httpStatus: 403 });
    expect(mock.commandCalls(GetManagedPrefixListEntriesCommand)).toHaveLength(0);
    expect(data.securityGroups.value).toHaveLength(2);
  });

  it('follows DescribeInstances pages and flattens reservations', async () => {
    mockRegion();
    const data = await ec2Collector.collect(testCollectorContext());
    const calls = mock.commandCalls(DescribeInstancesCommand);
    expect(calls.map((call) => call.args[0].input.NextToken)).toEqual([undefined, PAGE_2_TOKEN]);
    expect(data.instances.value?.map((instance) => instance.id)).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210']);
  });

  it('marks snapshots restorable by all accounts as public', async () => {
    mockRegion();
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.snapshots.value).toEqual([
      {
        id: 'snap-0public000000001',
        arn: arn('snapshot/snap-0public000000001'),
        volumeId: 'vol-049df61146c4d7901',
        encrypted: false,
        startTime: '2025-04-01T00:00:00.000Z',
        public: true,
        tags: {},
      },
      {
        id: 'snap-0private00000001',
        arn: arn('snapshot/snap-0private00000001'),
        volumeId: 'vol-049df61146c4d7901',
        encrypted: true,
        startTime: '2025-04-02T00:00:00.000Z',
        public: false,
        tags: { backup: 'daily' },
      },
    ]);
    const inputs = mock.commandCalls(DescribeSnapshotsCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs.every((input) => input.OwnerIds?.join() === 'self')).toBe(true);
    expect(inputs.filter((input) => input.RestorableByUserIds?.join() === 'all')).toHaveLength(1);
  });

  it('fails the snapshot list when the public listing fails instead of assuming private', async () => {
    mockRegion();
    mock.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], RestorableByUserIds: ['all'] }).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.snapshots.value).toBeUndefined();
    expect(data.snapshots.error).toMatchObject({ api: 'ec2:DescribeSnapshots', code: 'UnauthorizedOperation', region: 'us-east-1' });
  });

  it('carries UnauthorizedOperation on DescribeFlowLogs while the rest succeed', async () => {
    mockRegion();
    mock.on(DescribeFlowLogsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const data = await ec2Collector.collect(testCollectorContext('eu-west-1'));
    expect(data.flowLogs.error).toMatchObject({ api: 'ec2:DescribeFlowLogs', code: 'UnauthorizedOperation', region: 'eu-west-1', httpStatus: 403 });
    expect(data.instances.value).toHaveLength(2);
    expect(data.securityGroups.value).toHaveLength(2);
    expect(data.vpcs.value).toHaveLength(2);
    expect(data.snapshots.value).toHaveLength(2);
    expect(data.ebsEncryptionByDefault.value).toEqual({ enabled: true });
    expect(data.instances.value?.[0]?.arn).toBe(`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`);
  });

  it.each([
    ['InvalidAction', 400],
    ['InternalError', 500],
  ] as const)('keeps the EBS setting when the default key read fails with %s', async (code, status) => {
    mockRegion();
    mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false, SseType: 'sse-ebs' });
    mock.on(GetEbsDefaultKmsKeyIdCommand).rejects(sdkError(code, `${code} error`, status));
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.ebsEncryptionByDefault).toEqual({ value: { enabled: false } });
    expect(data.ebsDefaultKmsKeyId?.error).toMatchObject({ api: 'ec2:GetEbsDefaultKmsKeyId', code, httpStatus: status, region: 'us-east-1' });
  });

  it('reports the EBS default as an error when the setting cannot be read', async () => {
    mockRegion();
    mock.on(GetEbsEncryptionByDefaultCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const data = await ec2Collector.collect(testCollectorContext());
    expect(data.ebsEncryptionByDefault.error).toMatchObject({ api: 'ec2:GetEbsEncryptionByDefault', code: 'UnauthorizedOperation' });
    expect(data.ebsDefaultKmsKeyId).toEqual({ value: EBS_KEY });
  });

  it("uses the account's partition in ARNs", async () => {
    mockRegion();
    const context = { ...testCollectorContext('cn-north-1'), partition: 'aws-cn' as const };
    const data = await ec2Collector.collect(context);
    expect(data.instances.value?.[0]?.arn).toBe(`arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:instance/i-0123456789abcdef0`);
    expect(data.securityGroups.value?.[1]?.arn).toBe(`arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:security-group/sg-0web0000000000001`);
  });

  describe('a targeted re-scan', () => {
    it('reads only the named security group by filter, with the prefix lists, and marks the rest not read', async () => {
      mockRegion();
      const group = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0web0000000000001`;
      mock.on(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-id', Values: ['sg-0web0000000000001'] }] }).resolves({
        SecurityGroups: [{ GroupId: 'sg-0web0000000000001', GroupName: 'web', OwnerId: ACCOUNT, VpcId: 'vpc-0a1b2c3d4e5f67890', IpPermissions: [], IpPermissionsEgress: [] }],
      });
      const data = await ec2Collector.collect({ ...testCollectorContext(), targets: new Set([group, 'arn:aws:s3:::bucket']) });
      expect(data.securityGroups.value?.map((item) => item.arn)).toEqual([group]);
      expect(mock.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input.Filters)).toEqual([[{ Name: 'group-id', Values: ['sg-0web0000000000001'] }]]);
      expect(mock.commandCalls(DescribeManagedPrefixListsCommand).length).toBeGreaterThan(0);
      expect(data.networkAcls).toEqual({ value: [] });
      expect(mock.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
      expect(mock.commandCalls(DescribeNetworkAclsCommand)).toHaveLength(0);
      // A check reading what was not read reports ERROR, never PASS on an empty list.
      expect(data.instances.error).toMatchObject({ api: 'ec2:DescribeInstances', code: 'NotInTargetedScan', region: 'us-east-1' });
      expect(data.vpcs.error?.code).toBe('NotInTargetedScan');
    });

    it('reads a network ACL by filter; a deleted one is simply absent', async () => {
      mock.on(DescribeNetworkAclsCommand, { Filters: [{ Name: 'network-acl-id', Values: ['acl-0gone'] }] }).resolves({ NetworkAcls: [] });
      const data = await ec2Collector.collect({ ...testCollectorContext(), targets: new Set([`arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-0gone`]) });
      expect(data.networkAcls).toEqual({ value: [] });
      expect(data.securityGroups).toEqual({ value: [] });
      expect(mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(0);
      expect(mock.commandCalls(DescribeManagedPrefixListsCommand)).toHaveLength(0);
    });

    it('keeps a failed filtered read as the error of that part', async () => {
      mock.on(DescribeSecurityGroupsCommand).rejects(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
      mock.on(DescribeManagedPrefixListsCommand).resolves({ PrefixLists: [] });
      const data = await ec2Collector.collect({ ...testCollectorContext(), targets: new Set([`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`]) });
      expect(data.securityGroups.error).toMatchObject({ api: 'ec2:DescribeSecurityGroups', code: 'UnauthorizedOperation' });
    });
  });
});

