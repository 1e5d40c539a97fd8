import type {
  EbsSnapshot,
  Ec2FlowLog,
  Ec2Image,
  Ec2Instance,
  Ec2IpPermission,
  Ec2ManagedPrefixList,
  Ec2NetworkAcl,
  Ec2NetworkAclEntry,
  Ec2Route,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Volume,
  Ec2Vpc,
  Ec2VpcPeeringConnection,
} from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, TEST_REGION, daysAgo } from './account.ts';

/** `arn:aws:ec2:<region>:<account>:<type>/<id>`; snapshots and images carry no account in their ARN. */
export function ec2Arn(type: string, id: string, region: string = TEST_REGION): string {
  const account = type === 'snapshot' || type === 'image' ? '' : TEST_ACCOUNT_ID;
  return `arn:aws:ec2:${region}:${account}:${type}/${id}`;
}

interface Regional {
  readonly region?: string;
}

export function ec2Instance(overrides: Partial<Ec2Instance> & { id: string } & Regional): Ec2Instance {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('instance', overrides.id, region),
    state: 'running',
    instanceType: 't3.micro',
    imageId: 'ami-0abcdef1234567890',
    launchTime: daysAgo(30),
    vpcId: 'vpc-0a1b2c3d',
    subnetId: 'subnet-0a1b2c3d',
    privateIpAddress: '10.0.1.10',
    iamInstanceProfileArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:instance-profile/app`,
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    securityGroupIds: ['sg-0a1b2c3d'],
    tags: {},
    ...rest,
  };
}

/** One ingress/egress rule; tcp with no sources unless overridden. */
export function ipPermission(overrides: Partial<Ec2IpPermission> = {}): Ec2IpPermission {
  return { protocol: 'tcp', ipv4Ranges: [], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [], ...overrides };
}

/** A TCP rule for `from..to` (one port when `to` is omitted) from the given CIDR blocks. */
export function tcpRule(from: number, to: number = from, ...cidrs: string[]): Ec2IpPermission {
  return ipPermission({
    protocol: 'tcp',
    fromPort: from,
    toPort: to,
    ipv4Ranges: cidrs.filter((cidr) => !cidr.includes(':')),
    ipv6Ranges: cidrs.filter((cidr) => cidr.includes(':')),
  });
}

export function securityGroup(overrides: Partial<Ec2SecurityGroup> & { id: string } & Regional): Ec2SecurityGroup {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('security-group', overrides.id, region),
    name: overrides.id,
    description: 'test group',
    vpcId: 'vpc-0a1b2c3d',
    ownerId: TEST_ACCOUNT_ID,
    ingress: [],
    egress: [],
    tags: {},
    ...rest,
  };
}

/** A customer-managed prefix list of the test account holding `cidrs`; IPv6 when they are. */
export function managedPrefixList(overrides: Partial<Ec2ManagedPrefixList> & { id: string; cidrs?: readonly string[] } & Regional): Ec2ManagedPrefixList {
  const { region, cidrs = [], ...rest } = overrides;
  return {
    arn: ec2Arn('prefix-list', overrides.id, region),
    name: `list-${overrides.id}`,
    ownerId: TEST_ACCOUNT_ID,
    addressFamily: cidrs.some((cidr) => cidr.includes(':')) ? 'IPv6' : 'IPv4',
    state: 'create-complete',
    maxEntries: 10,
    entries: { value: cidrs.map((cidr) => ({ cidr })) },
    tags: {},
    ...rest,
  };
}

export function naclEntry(overrides: Partial<Ec2NetworkAclEntry> & { ruleNumber: number }): Ec2NetworkAclEntry {
  return { protocol: '-1', ruleAction: 'allow', egress: false, cidrBlock: '0.0.0.0/0', ...overrides };
}

/** The entries AWS puts last in every network ACL: deny everything (rule `*`, reported as 32767). */
export const NACL_DEFAULT_DENY: readonly Ec2NetworkAclEntry[] = [
  { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: false, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: true, cidrBlock: '0.0.0.0/0' },
];

export function networkAcl(overrides: Partial<Ec2NetworkAcl> & { id: string } & Regional): Ec2NetworkAcl {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('network-acl', overrides.id, region),
    vpcId: 'vpc-0a1b2c3d',
    isDefault: false,
    entries: NACL_DEFAULT_DENY,
    subnetIds: ['subnet-0a1b2c3d'],
    tags: {},
    ...rest,
  };
}

export function ebsVolume(overrides: Partial<Ec2Volume> & { id: string } & Regional): Ec2Volume {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('volume', overrides.id, region),
    encrypted: true,
    sizeGiB: 8,
    state: 'in-use',
    attachedInstanceIds: ['i-0a1b2c3d'],
    tags: {},
    ...rest,
  };
}

export function ebsSnapshot(overrides: Partial<EbsSnapshot> & { id: string } & Regional): EbsSnapshot {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('snapshot', overrides.id, region),
    volumeId: 'vol-0a1b2c3d',
    encrypted: true,
    startTime: daysAgo(10),
    public: false,
    tags: {},
    ...rest,
  };
}

export function ec2Image(overrides: Partial<Ec2Image> & { id: string } & Regional): Ec2Image {
  const { region, ...rest } = overrides;
  return {
    arn: ec2Arn('image', overrides.id, region),
    name: `image-${overrides.id}`,
    state: 'available',
    public: false,
    creationDate: daysAgo(60),
    tags: {},
    ...rest,
  };
}

export function vpc(overrides: Partial<Ec2Vpc> & { id: string } & Regional): Ec2Vpc {
  const { region, ...rest } = overrides;
  return { arn: ec2Arn('vpc', overrides.id, region), cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available', tags: {}, ...rest };
}

export function flowLog(overrides: Partial<Ec2FlowLog> & { resourceId: string }): Ec2FlowLog {
  return {
    id: `fl-${overrides.resourceId.replace(/^vpc-/, '')}`,
    status: 'ACTIVE',
    trafficType: 'ALL',
    logDestinationType: 'cloud-watch-logs',
    logDestination: `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:vpc-flow-logs`,
    deliverLogsStatus: 'SUCCESS',
    ...overrides,
  };
}

/** A route table with the VPC's local route plus the given routes. */
export function routeTable(overrides: Partial<Ec2RouteTable> & { id: string; extraRoutes?: readonly Ec2Route[] } & Regional): Ec2RouteTable {
  const { region, extraRoutes = [], ...rest } = overrides;
  return {
    arn: ec2Arn('route-table', overrides.id, region),
    vpcId: 'vpc-0a1b2c3d',
    routes: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' }, ...extraRoutes],
    associations: [{ subnetId: 'subnet-0a1b2c3d', main: false }],
    tags: {},
    ...rest,
  };
}

/** An active peering between vpc-0a1b2c3d (10.0.0.0/16, requester) and a peer VPC (accepter). */
export function vpcPeeringConnection(
  overrides: Partial<Ec2VpcPeeringConnection> & { id: string; peerCidrBlocks?: readonly string[] } & Regional,
): Ec2VpcPeeringConnection {
  const { region = TEST_REGION, peerCidrBlocks = ['172.31.0.0/16'], ...rest } = overrides;
  return {
    arn: ec2Arn('vpc-peering-connection', overrides.id, region),
    status: 'active',
    requester: { vpcId: 'vpc-0a1b2c3d', ownerId: TEST_ACCOUNT_ID, region, cidrBlocks: ['10.0.0.0/16'] },
    accepter: { vpcId: 'vpc-0peer0001', ownerId: '210987654321', region, cidrBlocks: peerCidrBlocks },
    tags: {},
    ...rest,
  };
}
