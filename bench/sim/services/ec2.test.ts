import { afterAll, describe, expect, it } from 'vitest';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { getCheck } from '@palisade/checks';
import { REGIONAL_COLLECTORS, isThrottle, isTransient } from '@palisade/providers';
import type { AwsAccountSnapshot, Ec2Data } from '@palisade/core/aws';
import {
  TEST_ACCOUNT_ID,
  accountSnapshot,
  daysAgo,
  ebsSnapshot,
  ebsVolume,
  ec2Image,
  ec2Instance,
  flowLog,
  ipPermission,
  managedPrefixList,
  naclEntry,
  NACL_DEFAULT_DENY,
  networkAcl,
  ok,
  routeTable,
  runCheck,
  securityGroup,
  statuses,
  tcpRule,
  vpc,
  vpcPeeringConnection,
} from '@palisade/checks/testing';
import { buildDemoEstate, DEMO_REGIONS } from '../../../scripts/demo/estate.ts';
import { ec2Simulator } from './ec2.ts';
import { countActions, estateOf, harness } from './query-test-kit.ts';
import type { Harness } from './query-test-kit.ts';

const OTHER_ACCOUNT = '210987654321';
const collectEc2 = (h: Harness, accountId: string, region: string): Promise<Ec2Data> => REGIONAL_COLLECTORS.ec2.collect(h.context(accountId, region));
const ec2 = (h: Harness, region = 'us-east-1', accountId = TEST_ACCOUNT_ID): EC2Client => h.clients(accountId).get(EC2Client, region);

/**
 * Snapshot and image ARNs as the collector builds them (with the owner's account). AWS's own ARN
 * format for these two leaves the account out; see the report on collectors/ec2.ts.
 */
const ownedArn = (type: 'snapshot' | 'image', id: string, region = 'us-east-1', accountId = TEST_ACCOUNT_ID) => `arn:aws:ec2:${region}:${accountId}:${type}/${id}`;

function richEc2(): Ec2Data {
  const launchedTogether = daysAgo(10);
  return {
    instances: ok([
      ec2Instance({ id: 'i-0web000000000001', publicIpAddress: '198.51.100.7', securityGroupIds: ['sg-0web', 'sg-0app'], tags: { Name: 'web-1', role: 'web' } }),
      ec2Instance({ id: 'i-0worker0000000001', launchTime: launchedTogether, iamInstanceProfileArn: undefined, tags: { Name: 'worker-1' } }),
      ec2Instance({
        id: 'i-0worker0000000002',
        launchTime: launchedTogether,
        state: 'stopped',
        privateIpAddress: undefined,
        subnetId: undefined,
        vpcId: undefined,
        metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled' },
        securityGroupIds: [],
        tags: {},
      }),
    ]),
    securityGroups: ok([
      securityGroup({
        id: 'sg-0web',
        name: 'web',
        description: 'web & <friends>',
        ingress: [
          tcpRule(443, 443, '0.0.0.0/0', '::/0'),
          ipPermission({ protocol: '-1', referencedGroupIds: ['sg-0app'] }),
          ipPermission({ protocol: 'tcp', fromPort: 5432, toPort: 5432, prefixListIds: ['pl-0abc'] }),
          ipPermission({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['10.0.0.0/8'] }),
        ],
        egress: [ipPermission({ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'] })],
        tags: { Name: 'web' },
      }),
      securityGroup({ id: 'sg-0app', name: 'app' }),
    ]),
    networkAcls: ok([
      networkAcl({
        id: 'acl-0main',
        isDefault: true,
        subnetIds: ['subnet-0a', 'subnet-0b'],
        entries: [
          naclEntry({ ruleNumber: 100, protocol: '6', portRange: { from: 22, to: 22 } }),
          naclEntry({ ruleNumber: 110, protocol: '-1', cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
          naclEntry({ ruleNumber: 120, protocol: '1', ruleAction: 'deny', cidrBlock: '10.1.0.0/16' }),
          ...NACL_DEFAULT_DENY,
        ],
        tags: { Name: 'main' },
      }),
      networkAcl({ id: 'acl-0empty', subnetIds: [], entries: [] }),
    ]),
    volumes: ok([
      ebsVolume({ id: 'vol-0enc', kmsKeyId: `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1111`, attachedInstanceIds: ['i-0web000000000001'], sizeGiB: 100 }),
      ebsVolume({ id: 'vol-0plain', encrypted: false, attachedInstanceIds: [], state: 'available', tags: { Name: 'scratch' } }),
    ]),
    snapshots: ok([
      ebsSnapshot({ id: 'snap-0public', arn: ownedArn('snapshot', 'snap-0public'), volumeId: 'vol-0enc', public: true, encrypted: false }),
      ebsSnapshot({ id: 'snap-0private', arn: ownedArn('snapshot', 'snap-0private'), volumeId: 'vol-0gone', tags: { Name: 'nightly' } }),
    ]),
    images: ok([
      ec2Image({ id: 'ami-0public', arn: ownedArn('image', 'ami-0public'), public: true, creationDate: '2026-01-02T03:04:05.000Z' }),
      ec2Image({ id: 'ami-0private', arn: ownedArn('image', 'ami-0private'), state: 'pending', creationDate: undefined, tags: { Name: 'golden' } }),
    ]),
    ebsEncryptionByDefault: ok({ enabled: true }),
    ebsDefaultKmsKeyId: ok(`arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1111`),
    vpcs: ok([vpc({ id: 'vpc-0default', cidrBlock: '172.31.0.0/16', isDefault: true }), vpc({ id: 'vpc-0a1b2c3d', tags: { Name: 'main' } })]),
    flowLogs: ok([
      flowLog({ resourceId: 'vpc-0a1b2c3d' }),
      flowLog({ id: 'fl-0s3', resourceId: 'subnet-0a', trafficType: 'REJECT', logDestinationType: 's3', logDestination: 'arn:aws:s3:::flow-bucket/logs/', deliverLogsStatus: 'FAILED' }),
      flowLog({ id: 'fl-0firehose', resourceId: 'eni-0a', logDestinationType: 'kinesis-data-firehose', logDestination: undefined, deliverLogsStatus: undefined, status: 'ACTIVE' }),
    ]),
    routeTables: ok([
      routeTable({ id: 'rtb-0main', associations: [{ main: true }], extraRoutes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a', state: 'active' }] }),
      routeTable({
        id: 'rtb-0private',
        associations: [{ subnetId: 'subnet-0a', main: false }, { subnetId: 'subnet-0b', main: false }],
        extraRoutes: [
          { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0a', state: 'active' },
          { destinationIpv6CidrBlock: '::/0', gatewayId: 'eigw-0a', state: 'active' },
          { destinationPrefixListId: 'pl-0s3', gatewayId: 'vpce-0a', state: 'active' },
          { destinationCidrBlock: '10.50.0.0/16', transitGatewayId: 'tgw-0a', state: 'blackhole' },
          { destinationCidrBlock: '172.31.0.0/16', vpcPeeringConnectionId: 'pcx-0a', state: 'active' },
        ],
        tags: { Name: 'private' },
      }),
    ]),
    vpcPeeringConnections: ok([
      vpcPeeringConnection({ id: 'pcx-0a', peerCidrBlocks: ['172.31.0.0/16', '172.32.0.0/16'], tags: { Name: 'partner' } }),
      vpcPeeringConnection({ id: 'pcx-0b', status: 'pending-acceptance', peerCidrBlocks: [] }),
    ]),
    managedPrefixLists: ok([
      managedPrefixList({ id: 'pl-0abc', cidrs: ['198.51.100.0/24', '203.0.113.7/32'], tags: { Name: 'office' } }),
      managedPrefixList({ id: 'pl-0abc6', cidrs: ['2001:db8:1::/48'], maxEntries: undefined, state: 'modify-in-progress' }),
      managedPrefixList({ id: 'pl-63a5400a', arn: 'arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a', name: 'com.amazonaws.us-east-1.s3', ownerId: 'AWS', cidrs: ['3.5.0.0/19', '52.216.0.0/15'] }),
      managedPrefixList({
        id: 'pl-0denied',
        entries: { error: { api: 'ec2:GetManagedPrefixListEntries', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', region: 'us-east-1', httpStatus: 403, resourceUid: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT_ID}:prefix-list/pl-0denied` } },
      }),
    ]),
  };
}

/** The EC2 data the collector records for a region where only these fields were set. */
const quietEc2 = (fields: Partial<Ec2Data>): Partial<Ec2Data> => ({ ebsDefaultKmsKeyId: ok(null), managedPrefixLists: ok([]), ...fields });

function richEstate(): AwsAccountSnapshot[] {
  const volumesDenied = { api: 'ec2:DescribeVolumes', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', region: 'eu-west-1', httpStatus: 403 };
  return [
    accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: {
        'us-east-1': { ec2: richEc2() },
        'eu-west-1': {
          ec2: quietEc2({
            volumes: { error: volumesDenied },
            instances: ok([ec2Instance({ id: 'i-0eu', region: 'eu-west-1' })]),
            ebsEncryptionByDefault: ok({ enabled: false }),
            ebsDefaultKmsKeyId: { error: { api: 'ec2:GetEbsDefaultKmsKeyId', code: 'InternalError', message: 'An internal error has occurred.', region: 'eu-west-1', httpStatus: 500 } },
          }),
        },
      },
    }),
    accountSnapshot({
      accountId: OTHER_ACCOUNT,
      regions: ['us-east-1'],
      regional: {
        'us-east-1': {
          ec2: quietEc2({
            snapshots: ok([
              ebsSnapshot({ id: 'snap-0otherpublic', arn: ownedArn('snapshot', 'snap-0otherpublic', 'us-east-1', OTHER_ACCOUNT), public: true }),
              ebsSnapshot({ id: 'snap-0otherprivate', arn: ownedArn('snapshot', 'snap-0otherprivate', 'us-east-1', OTHER_ACCOUNT) }),
            ]),
            images: ok([ec2Image({ id: 'ami-0otherpublic', arn: ownedArn('image', 'ami-0otherpublic', 'us-east-1', OTHER_ACCOUNT), public: true })]),
          }),
        },
      },
    }),
  ];
}

describe('ec2Simulator with the EC2 collector', () => {
  const demo = buildDemoEstate();
  const demoHarness = harness(estateOf(demo), [ec2Simulator]);
  afterAll(() => demoHarness.close());
  const cases = demo.flatMap((account) => DEMO_REGIONS.map((region) => [account.alias ?? account.accountId, region, account] as const));

  it.each(cases)('round-trips demo account %s in %s exactly', async (_alias, region, account) => {
    const collected = await collectEc2(demoHarness, account.accountId, region);
    expect(collected).toEqual(account.regional[region]?.ec2);
  });

  it('round-trips every mapped field, recorded failures and other accounts’ public resources', async () => {
    const estate = richEstate();
    const h = harness(estateOf(estate), [ec2Simulator]);
    expect(await collectEc2(h, TEST_ACCOUNT_ID, 'us-east-1')).toEqual(estate[0]?.regional['us-east-1']?.ec2);
    const eu = await collectEc2(h, TEST_ACCOUNT_ID, 'eu-west-1');
    expect(eu).toEqual(estate[0]?.regional['eu-west-1']?.ec2);
    expect(eu.volumes.error).toEqual({ api: 'ec2:DescribeVolumes', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', region: 'eu-west-1', httpStatus: 403 });
    // Owned snapshots only, though another account's public snapshot is visible in the region.
    expect(await collectEc2(h, OTHER_ACCOUNT, 'us-east-1')).toEqual(estate[1]?.regional['us-east-1']?.ec2);
    h.close();
  });

  it('pages prefix lists and their entries at 100, and answers ids, filters and unknown lists as EC2 does', async () => {
    const lists = Array.from({ length: 130 }, (_, index) => managedPrefixList({ id: `pl-${String(index).padStart(17, '0')}`, cidrs: [`10.${index}.0.0/16`] }));
    const big = managedPrefixList({ id: 'pl-0big', cidrs: Array.from({ length: 250 }, (_, index) => `198.18.${index}.0/24`) });
    const estate = [accountSnapshot({ regional: { 'us-east-1': { ec2: { managedPrefixLists: ok([...lists, big]) } } } })];
    const h = harness(estateOf(estate), [ec2Simulator]);
    const collected = await collectEc2(h, TEST_ACCOUNT_ID, 'us-east-1');
    expect(collected.managedPrefixLists).toEqual(ok([...lists, big]));
    const counts = countActions(h.actions);
    expect(counts['DescribeManagedPrefixLists']).toBe(2);
    // One call per small list, three pages for the big one.
    expect(counts['GetManagedPrefixListEntries']).toBe(130 + 3);

    const client = ec2(h);
    const byId = await client.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-0big'] }));
    expect(byId.PrefixLists?.map((list) => [list.PrefixListId, list.OwnerId, list.AddressFamily])).toEqual([['pl-0big', TEST_ACCOUNT_ID, 'IPv4']]);
    const byName = await client.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['list-pl-0big'] }] }));
    expect(byName.PrefixLists?.map((list) => list.PrefixListId)).toEqual(['pl-0big']);
    await expect(client.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-0gone'] }))).rejects.toMatchObject({ name: 'InvalidPrefixListID.NotFound', message: "The prefix list ID 'pl-0gone' does not exist" });
    await expect(client.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0gone' }))).rejects.toMatchObject({ name: 'InvalidPrefixListID.NotFound', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0big', MaxResults: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new DescribeManagedPrefixListsCommand({ MaxResults: 1000 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    h.close();
  });

  it('collects what the checks need: prefix-list sources and the EBS setting apart from its key', async () => {
    const keyFailure = (region: string, code: string, httpStatus: number) => ({ error: { api: 'ec2:GetEbsDefaultKmsKeyId', code, message: `${code} answer`, region, httpStatus } });
    const anywhere = managedPrefixList({ id: 'pl-0anywhere', cidrs: ['0.0.0.0/1', '128.0.0.0/1'] });
    const unreadable = managedPrefixList({ id: 'pl-0unreadable', entries: { error: { api: 'ec2:GetManagedPrefixListEntries', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', region: 'us-east-1', httpStatus: 403 } } });
    const estate = [
      accountSnapshot({
        regions: ['us-east-1', 'eu-west-1'],
        regional: {
          'us-east-1': {
            ec2: {
              ebsEncryptionByDefault: ok({ enabled: true }),
              ebsDefaultKmsKeyId: keyFailure('us-east-1', 'UnauthorizedOperation', 403),
              managedPrefixLists: ok([anywhere, unreadable]),
              securityGroups: ok([
                securityGroup({ id: 'sg-0viaList', ingress: [ipPermission({ fromPort: 22, toPort: 22, prefixListIds: ['pl-0anywhere'] })] }),
                securityGroup({ id: 'sg-0unreadable', ingress: [ipPermission({ fromPort: 22, toPort: 22, prefixListIds: ['pl-0unreadable'] })] }),
              ]),
            },
          },
          'eu-west-1': { ec2: { ebsEncryptionByDefault: ok({ enabled: false }), ebsDefaultKmsKeyId: keyFailure('eu-west-1', 'InternalError', 500) } },
        },
      }),
    ];
    const h = harness(estateOf(estate), [ec2Simulator]);
    const regional = Object.fromEntries(await Promise.all(['us-east-1', 'eu-west-1'].map(async (region) => [region, { ec2: await collectEc2(h, TEST_ACCOUNT_ID, region) }] as const)));
    h.close();
    const scanned = accountSnapshot({ regions: ['us-east-1', 'eu-west-1'], regional });

    const ebs = runCheck(getCheck('aws/ec2-ebs-default-encryption')!, scanned);
    expect(statuses(ebs)).toEqual([
      ['PASS', `arn:aws:ec2:us-east-1:${TEST_ACCOUNT_ID}:ec2/us-east-1`],
      ['FAIL', `arn:aws:ec2:eu-west-1:${TEST_ACCOUNT_ID}:ec2/eu-west-1`],
    ]);

    const admin = runCheck(getCheck('aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports')!, scanned).filter((result) => result.resource.region === 'us-east-1');
    expect(admin.map((result) => [result.status, result.resource.uid, result.error?.api, result.error?.code])).toEqual([
      ['FAIL', `arn:aws:ec2:us-east-1:${TEST_ACCOUNT_ID}:security-group/sg-0viaList`, undefined, undefined],
      ['ERROR', `arn:aws:ec2:us-east-1:${TEST_ACCOUNT_ID}:security-group/sg-0unreadable`, 'ec2:GetManagedPrefixListEntries', 'UnauthorizedOperation'],
    ]);
  });

  it('groups instances launched together into one reservation', async () => {
    const h = harness(estateOf(richEstate()), [ec2Simulator]);
    const result = await ec2(h).send(new DescribeInstancesCommand({}));
    expect(result.Reservations?.map((reservation) => reservation.Instances?.map((instance) => instance.InstanceId))).toEqual([
      ['i-0web000000000001'],
      ['i-0worker0000000001', 'i-0worker0000000002'],
    ]);
    expect(result.Reservations?.[0]?.OwnerId).toBe(TEST_ACCOUNT_ID);
    expect(result.Reservations?.[1]?.Instances?.[1]?.State).toEqual({ Code: 80, Name: 'stopped' });
    h.close();
  });

  it('pages at MaxResults with opaque NextTokens, up to each API’s maximum', async () => {
    const instances = Array.from({ length: 2300 }, (_, index) => ec2Instance({ id: `i-${String(index).padStart(17, '0')}`, launchTime: daysAgo(index % 50) }));
    const groups = Array.from({ length: 1200 }, (_, index) => securityGroup({ id: `sg-${String(index).padStart(17, '0')}` }));
    const tables = Array.from({ length: 130 }, (_, index) => routeTable({ id: `rtb-${String(index).padStart(17, '0')}` }));
    const snapshots = Array.from({ length: 1001 }, (_, index) => {
      const id = `snap-${String(index).padStart(17, '0')}`;
      return ebsSnapshot({ id, arn: ownedArn('snapshot', id), public: index % 7 === 0 });
    });
    const big: Partial<Ec2Data> = { instances: ok(instances), securityGroups: ok(groups), routeTables: ok(tables), snapshots: ok(snapshots) };
    const h = harness(estateOf([accountSnapshot({ regional: { 'us-east-1': { ec2: big } } })]), [ec2Simulator]);
    const collected = await collectEc2(h, TEST_ACCOUNT_ID, 'us-east-1');
    expect(collected.instances).toEqual(ok(instances));
    expect(collected.securityGroups).toEqual(ok(groups));
    expect(collected.routeTables).toEqual(ok(tables));
    expect(collected.snapshots).toEqual(ok(snapshots));
    const counts = countActions(h.actions);
    expect(counts['DescribeInstances']).toBe(3);
    expect(counts['DescribeSecurityGroups']).toBe(2);
    expect(counts['DescribeRouteTables']).toBe(2);
    // Owned snapshots take two pages of 1,000; the 143 public ones one.
    expect(counts['DescribeSnapshots']).toBe(3);

    const client = ec2(h);
    const first = await client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    expect(first.SecurityGroups?.map((group) => group.GroupId)).toEqual(groups.slice(0, 5).map((group) => group.id));
    const second = await client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: first.NextToken }));
    expect(second.SecurityGroups?.map((group) => group.GroupId)).toEqual(groups.slice(5, 10).map((group) => group.id));
    expect(second.NextToken).not.toBe(first.NextToken);
    // EC2 caps a snapshot page at 1,000 rather than refusing a larger MaxResults.
    const capped = await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5000 }));
    expect(capped.Snapshots).toHaveLength(1000);
    expect(capped.NextToken).toBeDefined();
    await expect(client.send(new DescribeRouteTablesCommand({ MaxResults: 1000 }))).rejects.toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: 'made-up' }))).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
    // A token belongs to its listing.
    await expect(client.send(new DescribeRouteTablesCommand({ MaxResults: 5, NextToken: first.NextToken }))).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
    h.close();
  });

  it('answers ids and filters the way EC2 does', async () => {
    const h = harness(estateOf(richEstate()), [ec2Simulator]);
    const client = ec2(h);
    const stopped = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }));
    expect(stopped.Reservations?.flatMap((reservation) => reservation.Instances?.map((instance) => instance.InstanceId) ?? [])).toEqual(['i-0worker0000000002']);
    const named = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['worker-*', 'nothing'] }] }));
    expect(named.Reservations?.flatMap((reservation) => reservation.Instances?.map((instance) => instance.InstanceId) ?? [])).toEqual(['i-0worker0000000001']);
    const byId = await client.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0default'] }));
    expect(byId.Vpcs?.map((found) => [found.VpcId, found.IsDefault])).toEqual([['vpc-0default', true]]);
    await expect(client.send(new DescribeInstancesCommand({ InstanceIds: ['i-0missing'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound', message: "The instance ID 'i-0missing' does not exist" });
    await expect(client.send(new DescribeVolumesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "The filter 'colour' is invalid" });
    h.close();
  });

  it('shows other accounts’ public snapshots and images only where the request asks for them', async () => {
    const h = harness(estateOf(richEstate()), [ec2Simulator]);
    const client = ec2(h);
    const ids = (list: { SnapshotId?: string; ImageId?: string }[] | undefined) => (list ?? []).map((item) => item.SnapshotId ?? item.ImageId);
    expect(ids((await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots)).toEqual(['snap-0public', 'snap-0private']);
    expect(ids((await client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], RestorableByUserIds: ['all'] }))).Snapshots)).toEqual(['snap-0public']);
    expect(ids((await client.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['all'] }))).Snapshots)).toEqual(['snap-0public', 'snap-0otherpublic']);
    expect(ids((await client.send(new DescribeSnapshotsCommand({}))).Snapshots)).toEqual(['snap-0public', 'snap-0private', 'snap-0otherpublic']);
    const other = await client.send(new DescribeSnapshotsCommand({ OwnerIds: [OTHER_ACCOUNT] }));
    expect(other.Snapshots?.map((snapshot) => [snapshot.SnapshotId, snapshot.OwnerId])).toEqual([['snap-0otherpublic', OTHER_ACCOUNT]]);
    expect(ids((await client.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images)).toEqual(['ami-0public', 'ami-0private']);
    expect(ids((await client.send(new DescribeImagesCommand({ ExecutableUsers: ['all'] }))).Images)).toEqual(['ami-0public', 'ami-0otherpublic']);
    expect(ids((await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images)).toEqual([]);
    h.close();
  });

  it('lists the estate’s regions as enabled and refuses calls into any other region', async () => {
    const h = harness(estateOf(richEstate()), [ec2Simulator]);
    const enabled = await ec2(h).send(new DescribeRegionsCommand({ AllRegions: false }));
    expect(enabled.Regions?.map((region) => [region.RegionName, region.OptInStatus, region.Endpoint])).toEqual([
      ['eu-west-1', 'opt-in-not-required', 'ec2.eu-west-1.amazonaws.com'],
      ['us-east-1', 'opt-in-not-required', 'ec2.us-east-1.amazonaws.com'],
    ]);
    const all = await ec2(h).send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.find((region) => region.RegionName === 'ap-east-1')?.OptInStatus).toBe('not-opted-in');
    expect(all.Regions?.length).toBeGreaterThan(20);
    const filtered = await ec2(h).send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['us-*'] }] }));
    expect(filtered.Regions?.map((region) => region.RegionName)).toEqual(['us-east-1']);
    await expect(ec2(h, 'ap-east-1').send(new DescribeVolumesCommand({}))).rejects.toMatchObject({ name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
    h.close();
  });

  it('carries denials, throttling and server errors into ApiErrors with EC2’s codes and statuses', async () => {
    const estate = estateOf(richEstate());
    const denied = harness(estate, [ec2Simulator], { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (account, operation) => account === TEST_ACCOUNT_ID && operation === 'ec2:DescribeVolumes' } });
    const collected = await collectEc2(denied, TEST_ACCOUNT_ID, 'us-east-1');
    expect(collected.volumes.error).toMatchObject({ api: 'ec2:DescribeVolumes', code: 'UnauthorizedOperation', httpStatus: 403, region: 'us-east-1' });
    expect(collected.instances).toEqual(richEc2().instances);
    expect(denied.sim.stats.denied).toBe(1);
    denied.close();

    const throttled = harness(estate, [ec2Simulator], { simRateLimits: [{ pattern: '*', capacity: 1, refillPerSecond: 0.001, source: 'test' }] });
    const scope = throttled.gateway.scoped({ accountId: TEST_ACCOUNT_ID, region: 'us-east-1' });
    const client = ec2(throttled);
    const first = await scope.call('ec2:DescribeVpcs', (abortSignal) => client.send(new DescribeVpcsCommand({}), { abortSignal }));
    expect(first.value?.Vpcs).toHaveLength(2);
    const second = await scope.call('ec2:DescribeVpcs', (abortSignal) => client.send(new DescribeVpcsCommand({}), { abortSignal }));
    expect(second.error).toMatchObject({ api: 'ec2:DescribeVpcs', code: 'RequestLimitExceeded', httpStatus: 503 });
    expect(second.error && isThrottle(second.error)).toBe(true);
    throttled.close();

    const failing = harness(estate, [ec2Simulator], { faults: { serverErrorRate: 1, timeoutRate: 0 } });
    const failed = await failing.gateway
      .scoped({ accountId: TEST_ACCOUNT_ID, region: 'us-east-1' })
      .call('ec2:DescribeVpcs', (abortSignal) => ec2(failing).send(new DescribeVpcsCommand({}), { abortSignal }));
    expect(['InternalError', 'ServiceUnavailable']).toContain(failed.error?.code);
    expect(failed.error && isTransient(failed.error)).toBe(true);
    failing.close();
  });
});
