/**
 * Generates the simulated organization from a seed: accounts × regions with a given number of
 * resources per type and a share of misconfigured ones. The data is held in the project's own
 * snapshot types (what the collectors produce), so the simulator serves exactly this state.
 */
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { Fetched } from '@palisade/core';
import type {
  AwsAccountSnapshot,
  CloudTrailTrail,
  Ec2Data,
  Ec2Instance,
  Ec2ManagedPrefixList,
  Ec2SecurityGroup,
  IamCredentialReportRow,
  IamData,
  IamUser,
  KmsKey,
  LogsLogGroup,
  S3Bucket,
} from '@palisade/core/aws';
import { hexId, seededRandom } from '../../scripts/demo/random.ts';
import type { SimAccount, SimEstate, SimOrganizationalUnit } from './types.ts';

export interface EstateShape {
  readonly seed: number;
  readonly accounts: number;
  readonly regions: readonly string[];
  /** Per account and region. */
  readonly perRegion: { readonly instances: number; readonly securityGroups: number; readonly volumes: number; readonly snapshots: number; readonly vpcs: number; readonly kmsKeys: number; readonly logGroups: number };
  /** Per account. */
  readonly perAccount: { readonly iamUsers: number; readonly iamRoles: number; readonly buckets: number };
  /** Share (0..1) of resources generated with a misconfiguration. */
  readonly misconfiguredShare: number;
  /** Member accounts (by index) whose scan role cannot be assumed. */
  readonly unassumableAccounts?: readonly number[];
}

export const ESTATE_COLLECTED_AT = '2026-11-01T00:00:00.000Z';
const NOW = Date.parse(ESTATE_COLLECTED_AT);
const DAY = 86_400_000;
const ok = <T>(value: T): Fetched<T> => ({ value });
const iso = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

export function generateEstate(shape: EstateShape): SimEstate {
  const random = seededRandom(shape.seed);
  const rootId = `r-${hexId(random, 4)}`;
  const organizationalUnits: SimOrganizationalUnit[] = [
    { id: `ou-${rootId.slice(2)}-${hexId(random, 8)}`, name: 'Workloads', parentId: rootId },
    { id: `ou-${rootId.slice(2)}-${hexId(random, 8)}`, name: 'Sandbox', parentId: rootId },
  ];
  organizationalUnits.push(
    { id: `ou-${rootId.slice(2)}-${hexId(random, 8)}`, name: 'Prod', parentId: organizationalUnits[0]!.id },
    { id: `ou-${rootId.slice(2)}-${hexId(random, 8)}`, name: 'NonProd', parentId: organizationalUnits[0]!.id },
  );
  const leafOus = [organizationalUnits[2]!, organizationalUnits[3]!, organizationalUnits[1]!];
  const managementAccountId = '900000000000';
  // Each account's state is generated from its own seed when first asked for and kept in a small
  // cache: the simulated cloud runs in the scanner's process, and must not inflate its memory.
  const cache = new Map<string, AwsAccountSnapshot>();
  const lazySnapshot = (accountId: string, seed: number, accountShape: EstateShape) => () => {
    let snapshot = cache.get(accountId);
    if (!snapshot) {
      const accountRandom = seededRandom(seed);
      snapshot = buildAccount(accountId, accountShape, accountRandom, () => accountRandom() < shape.misconfiguredShare);
      cache.set(accountId, snapshot);
      if (cache.size > ACCOUNT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return snapshot;
  };
  const accounts: SimAccount[] = [];
  for (let index = 0; index < shape.accounts; index += 1) {
    const accountId = String(910000000000 + index);
    const ou = leafOus[index % leafOus.length]!;
    const ouPath = ou.parentId === rootId ? [rootId, ou.id] : [rootId, ou.parentId, ou.id];
    accounts.push(
      withLazySnapshot(
        {
          accountId,
          name: `workload-${String(index).padStart(3, '0')}`,
          email: `aws+workload-${index}@example.com`,
          ouPath,
          tags: { team: ['payments', 'search', 'platform', 'data'][index % 4]!, env: ou.name === 'Prod' ? 'prod' : 'nonprod' },
          ...(shape.unassumableAccounts?.includes(index) ? { roleAssumable: false } : {}),
        },
        lazySnapshot(accountId, shape.seed * 100_003 + index + 1, shape),
      ),
    );
  }
  const managementShape = { ...shape, perRegion: { ...shape.perRegion, instances: 0, volumes: 0, snapshots: 0 } };
  return {
    organizationId: `o-${hexId(random, 10)}`,
    managementAccountId,
    rootId,
    organizationalUnits,
    accounts: [
      withLazySnapshot({ accountId: managementAccountId, name: 'management', email: 'aws+management@example.com', ouPath: [rootId], tags: {} }, lazySnapshot(managementAccountId, shape.seed * 100_003, managementShape)),
      ...accounts,
    ],
    regions: shape.regions,
    memberRoleName: 'OrganizationAccountAccessRole',
  };
}

const ACCOUNT_CACHE_SIZE = 48;

function withLazySnapshot(account: Omit<SimAccount, 'snapshot'>, snapshot: () => AwsAccountSnapshot): SimAccount {
  return Object.defineProperty({ ...account }, 'snapshot', { get: snapshot, enumerable: true }) as SimAccount;
}

/** Resources in one account, as a scan would count them (everything with an ARN). */
export function countResources(snapshot: AwsAccountSnapshot): number {
  let total = 0;
  const iam = snapshot.global.iam;
  total += (iam?.users.value?.length ?? 0) + (iam?.roles.value?.length ?? 0) + (iam?.groups.value?.length ?? 0) + (iam?.policies.value?.length ?? 0);
  total += snapshot.global.s3?.buckets.value?.length ?? 0;
  for (const region of snapshot.regions) {
    const data = snapshot.regional[region];
    const ec2 = data?.ec2;
    if (ec2) {
      total += (ec2.instances.value?.length ?? 0) + (ec2.securityGroups.value?.length ?? 0) + (ec2.networkAcls.value?.length ?? 0) + (ec2.volumes.value?.length ?? 0);
      total += (ec2.snapshots.value?.length ?? 0) + (ec2.images.value?.length ?? 0) + (ec2.vpcs.value?.length ?? 0) + (ec2.routeTables.value?.length ?? 0);
    }
    total += data?.kms?.keys.value?.length ?? 0;
    total += data?.logs?.logGroups.value?.length ?? 0;
    total += (data?.cloudtrail?.trails.value ?? []).filter((trail) => trail.homeRegion === region).length;
  }
  return total;
}

function buildAccount(accountId: string, shape: EstateShape, random: () => number, bad: () => boolean): AwsAccountSnapshot {
  const regional: Record<string, { ec2: Ec2Data; kms: { keys: Fetched<readonly KmsKey[]> }; cloudtrail: { trails: Fetched<readonly CloudTrailTrail[]> }; logs: { logGroups: Fetched<readonly LogsLogGroup[]>; metricFilters: Fetched<readonly never[]> } }> = {};
  const home = shape.regions[0]!;
  const trail: CloudTrailTrail = {
    name: 'org-audit',
    arn: `arn:aws:cloudtrail:${home}:${accountId}:trail/org-audit`,
    homeRegion: home,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: !bad(),
    s3BucketName: `trail-${accountId}`,
    kmsKeyId: `arn:aws:kms:${home}:${accountId}:key/${hexId(random, 8)}-0000-4000-8000-${hexId(random, 12)}`,
    status: ok({ isLogging: true, latestDeliveryTime: iso(0.01) }),
    eventSelectors: ok({ basic: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }),
  };
  for (const region of shape.regions) {
    regional[region] = {
      ec2: buildEc2(accountId, region, shape, random, bad),
      kms: { keys: ok(Array.from({ length: shape.perRegion.kmsKeys }, () => buildKey(accountId, region, random, bad))) },
      cloudtrail: { trails: ok([trail]) },
      logs: {
        logGroups: ok(
          Array.from({ length: shape.perRegion.logGroups }, (_, index) => ({
            name: `/app/service-${index}`,
            arn: `arn:aws:logs:${region}:${accountId}:log-group:/app/service-${index}`,
            ...(bad() ? {} : { retentionInDays: 400, kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/logs` }),
            storedBytes: 1024 * (index + 1),
            tags: {},
          })),
        ),
        metricFilters: ok([]),
      },
    };
  }
  return {
    accountId,
    partition: 'aws',
    regions: shape.regions,
    collectedAt: ESTATE_COLLECTED_AT,
    global: {
      iam: buildIam(accountId, shape, random, bad),
      s3: {
        accountPublicAccessBlock: ok(bad() ? null : { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
        buckets: ok(Array.from({ length: shape.perAccount.buckets }, (_, index) => buildBucket(accountId, index === 0 ? `trail-${accountId}` : `data-${accountId}-${index}`, shape.regions[index % shape.regions.length]!, random, bad))),
      },
    },
    regional,
    errors: [],
  };
}

function buildIam(accountId: string, shape: EstateShape, random: () => number, bad: () => boolean): IamData {
  const users: IamUser[] = [];
  const rows: IamCredentialReportRow[] = [
    {
      user: '<root_account>',
      arn: `arn:aws:iam::${accountId}:root`,
      userCreationTime: iso(1500),
      passwordEnabled: 'not_supported',
      passwordLastUsed: iso(300),
      passwordLastChanged: null,
      passwordNextRotation: null,
      mfaActive: true,
      accessKeys: [
        { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
        { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
      ],
      certificates: [{ active: false, lastRotated: null }, { active: false, lastRotated: null }],
    },
  ];
  for (let index = 0; index < shape.perAccount.iamUsers; index += 1) {
    const name = `user-${index}`;
    const arn = `arn:aws:iam::${accountId}:user/${name}`;
    const stale = bad();
    const keyAge = stale ? 200 : 30;
    const keyId = `AKIA${hexId(random, 16).toUpperCase()}`;
    users.push({
      name,
      id: `AIDA${hexId(random, 17).toUpperCase()}`,
      arn,
      path: '/',
      createDate: iso(700),
      tags: {},
      groups: ['engineers'],
      attachedPolicies: stale ? [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] : [],
      inlinePolicies: [],
      accessKeys: ok([{ id: keyId, status: 'Active', createDate: iso(keyAge), lastUsed: ok({ date: iso(2), region: 'us-east-1', service: 's3' }) }]),
      mfaDevices: ok(stale ? [] : [{ serialNumber: `arn:aws:iam::${accountId}:mfa/${name}`, enableDate: iso(300) }]),
    });
    rows.push({
      user: name,
      arn,
      userCreationTime: iso(700),
      passwordEnabled: true,
      passwordLastUsed: iso(3),
      passwordLastChanged: iso(60),
      passwordNextRotation: null,
      mfaActive: !stale,
      accessKeys: [
        { active: true, lastRotated: iso(keyAge), lastUsedDate: iso(2), lastUsedRegion: 'us-east-1', lastUsedService: 's3' },
        { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
      ],
      certificates: [{ active: false, lastRotated: null }, { active: false, lastRotated: null }],
    });
  }
  const trust = normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  return {
    credentialReport: ok(rows),
    users: ok(users),
    groups: ok([{ name: 'engineers', id: `AGPA${hexId(random, 17).toUpperCase()}`, arn: `arn:aws:iam::${accountId}:group/engineers`, path: '/', createDate: iso(800), attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], inlinePolicies: [] }]),
    roles: ok(
      Array.from({ length: shape.perAccount.iamRoles }, (_, index) => ({
        name: `role-${index}`,
        id: `AROA${hexId(random, 17).toUpperCase()}`,
        arn: `arn:aws:iam::${accountId}:role/role-${index}`,
        path: '/',
        createDate: iso(600),
        tags: {},
        assumeRolePolicy: trust,
        attachedPolicies: [],
        inlinePolicies: [],
        instanceProfileArns: [],
        serviceLinked: false,
      })),
    ),
    policies: ok([
      {
        name: 'ReadOnlyAccess',
        id: `ANPA${hexId(random, 17).toUpperCase()}`,
        arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        path: '/',
        awsManaged: true,
        attachmentCount: 1,
        defaultVersionId: 'v1',
        document: normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*'], Resource: '*' }] }),
      },
    ]),
    passwordPolicy: ok({ minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true, expirePasswords: true, maxPasswordAge: 90, passwordReusePrevention: 24 }),
    accountSummary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: users.length }),
    virtualMfaDevices: ok([]),
    serverCertificates: ok([]),
  };
}

function buildBucket(accountId: string, name: string, region: string, random: () => number, bad: () => boolean): S3Bucket {
  const sloppy = bad();
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    region,
    creationDate: iso(900),
    tags: ok({ owner: accountId }),
    publicAccessBlock: ok(sloppy ? null : { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    acl: ok({ ownerId: hexId(random, 64), grants: [{ grantee: { type: 'CanonicalUser', id: hexId(random, 64) }, permission: 'FULL_CONTROL' }] }),
    policy: ok(
      sloppy
        ? null
        : normalizePolicyDocument({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
          }),
    ),
    policyStatus: ok(sloppy ? null : { isPublic: false }),
    encryption: ok([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:${region}:${accountId}:key/s3`, bucketKeyEnabled: true }]),
    versioning: ok({ status: sloppy ? 'Suspended' : 'Enabled', mfaDelete: 'Disabled' }),
    logging: ok(sloppy ? null : { targetBucket: `trail-${accountId}`, targetPrefix: `${name}/` }),
    ownership: ok(sloppy ? 'ObjectWriter' : 'BucketOwnerEnforced'),
  };
}

function buildKey(accountId: string, region: string, random: () => number, bad: () => boolean): KmsKey {
  const id = `${hexId(random, 8)}-${hexId(random, 4)}-4${hexId(random, 3)}-8${hexId(random, 3)}-${hexId(random, 12)}`;
  return {
    id,
    arn: `arn:aws:kms:${region}:${accountId}:key/${id}`,
    manager: 'CUSTOMER',
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    multiRegion: false,
    creationDate: iso(400),
    description: 'application data key',
    aliases: [],
    rotationEnabled: ok(!bad()),
    policy: ok(normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] })),
    tags: ok({ team: 'platform' }),
  };
}

function buildEc2(accountId: string, region: string, shape: EstateShape, random: () => number, bad: () => boolean): Ec2Data {
  const arn = (resource: string) => `arn:aws:ec2:${region}:${accountId}:${resource}`;
  const vpcs = Array.from({ length: shape.perRegion.vpcs }, (_, index) => {
    const id = `vpc-${hexId(random, 17)}`;
    return { id, arn: arn(`vpc/${id}`), cidrBlock: `10.${index}.0.0/16`, isDefault: index === 0, state: 'available', tags: { Name: `vpc-${index}` } };
  });
  // The account's VPN ranges as a customer-managed prefix list (named by every fifth group), beside the
  // AWS-managed S3 list every region has; ids are derived, not drawn, so the rest of the estate stays as seeded.
  const vpnListId = `pl-0${accountId}0001`;
  const managedPrefixLists = ok<readonly Ec2ManagedPrefixList[]>([
    {
      id: vpnListId,
      arn: arn(`prefix-list/${vpnListId}`),
      name: 'vpn-ranges',
      ownerId: accountId,
      addressFamily: 'IPv4',
      state: 'create-complete',
      maxEntries: 10,
      entries: ok([{ cidr: '10.200.0.0/16', description: 'client VPN' }, { cidr: '198.51.100.0/24', description: 'head office' }]),
      tags: { Name: 'vpn-ranges' },
    },
    {
      id: 'pl-63a5400a',
      arn: `arn:aws:ec2:${region}:aws:prefix-list/pl-63a5400a`,
      name: `com.amazonaws.${region}.s3`,
      ownerId: 'AWS',
      addressFamily: 'IPv4',
      state: 'create-complete',
      entries: ok([{ cidr: '3.5.0.0/19' }, { cidr: '52.216.0.0/15' }]),
      tags: {},
    },
  ]);
  const securityGroups: Ec2SecurityGroup[] = Array.from({ length: shape.perRegion.securityGroups }, (_, index) => {
    const id = `sg-${hexId(random, 17)}`;
    const open = bad();
    const vpc = vpcs[index % vpcs.length]!;
    const viaVpn = !open && index % 5 === 0;
    return {
      id,
      arn: arn(`security-group/${id}`),
      name: index < vpcs.length ? 'default' : `sg-${index}`,
      description: 'managed by terraform',
      vpcId: vpc.id,
      ownerId: accountId,
      ingress:
        index < vpcs.length
          ? []
          : [{ protocol: 'tcp', fromPort: open ? 22 : 443, toPort: open ? 22 : 443, ipv4Ranges: open ? ['0.0.0.0/0'] : viaVpn ? [] : ['10.0.0.0/8'], ipv6Ranges: [], prefixListIds: viaVpn ? [vpnListId] : [], referencedGroupIds: [] }],
      egress: index < vpcs.length ? [] : [{ protocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [] }],
      tags: { Name: `sg-${index}` },
    };
  });
  const instances: Ec2Instance[] = Array.from({ length: shape.perRegion.instances }, (_, index) => {
    const id = `i-${hexId(random, 17)}`;
    const legacy = bad();
    return {
      id,
      arn: arn(`instance/${id}`),
      state: 'running',
      instanceType: 'm6i.large',
      imageId: `ami-${hexId(random, 17)}`,
      launchTime: iso(10 + (index % 90)),
      vpcId: vpcs[index % vpcs.length]!.id,
      subnetId: `subnet-${hexId(random, 17)}`,
      privateIpAddress: `10.${index % 250}.${(index >> 8) % 250}.${10 + (index % 200)}`,
      iamInstanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/app`,
      metadataOptions: { httpTokens: legacy ? 'optional' : 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
      securityGroupIds: [securityGroups[index % securityGroups.length]?.id ?? 'sg-none'],
      tags: { Name: `app-${index}`, team: 'platform' },
    };
  });
  const volumes = Array.from({ length: shape.perRegion.volumes }, (_, index) => {
    const id = `vol-${hexId(random, 17)}`;
    const encrypted = !bad();
    return { id, arn: arn(`volume/${id}`), encrypted, ...(encrypted ? { kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/ebs` } : {}), sizeGiB: 50, state: 'in-use', attachedInstanceIds: instances[index % Math.max(1, instances.length)] ? [instances[index % instances.length]!.id] : [], tags: { Name: `vol-${index}` } };
  });
  const snapshots = Array.from({ length: shape.perRegion.snapshots }, (_, index) => {
    const id = `snap-${hexId(random, 17)}`;
    return { id, arn: arn(`snapshot/${id}`), volumeId: volumes[index % Math.max(1, volumes.length)]?.id ?? 'vol-none', encrypted: !bad(), startTime: iso(index % 30), public: false, tags: { Name: `snap-${index}` } };
  });
  const networkAcls = vpcs.map((vpc) => {
    const id = `acl-${hexId(random, 17)}`;
    return {
      id,
      arn: arn(`network-acl/${id}`),
      vpcId: vpc.id,
      isDefault: true,
      entries: [
        { ruleNumber: 100, protocol: '6', ruleAction: 'allow' as const, egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 443, to: 443 } },
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny' as const, egress: false, cidrBlock: '0.0.0.0/0' },
      ],
      subnetIds: [],
      tags: {},
    };
  });
  const routeTables = vpcs.map((vpc) => {
    const id = `rtb-${hexId(random, 17)}`;
    return { id, arn: arn(`route-table/${id}`), vpcId: vpc.id, routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', state: 'active' }], associations: [{ main: true }], tags: {} };
  });
  return {
    instances: ok(instances),
    securityGroups: ok(securityGroups),
    networkAcls: ok(networkAcls),
    volumes: ok(volumes),
    snapshots: ok(snapshots),
    images: ok([]),
    ebsEncryptionByDefault: ok({ enabled: !bad() }),
    ebsDefaultKmsKeyId: ok('alias/aws/ebs'),
    vpcs: ok(vpcs),
    flowLogs: ok(vpcs.filter(() => !bad()).map((vpc) => ({ id: `fl-${hexId(random, 17)}`, resourceId: vpc.id, status: 'ACTIVE', trafficType: 'ALL' as const, logDestinationType: 'cloud-watch-logs', logDestination: `arn:aws:logs:${region}:${accountId}:log-group:flow`, deliverLogsStatus: 'SUCCESS' }))),
    routeTables: ok(routeTables),
    vpcPeeringConnections: ok([]),
    managedPrefixLists,
  };
}
