/**
 * The demo estate: two accounts ("acme-prod", mostly well configured; "acme-dev", mostly not)
 * across three regions, built from a seed. Every value follows the core snapshot schema, so the
 * compiler keeps the demo in step with the collectors.
 */
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { Fetched, Tags } from '@palisade/core';
import type {
  AwsAccountSnapshot,
  AwsRegionalServices,
  CloudTrailTrail,
  Ec2Instance,
  Ec2IpPermission,
  Ec2ManagedPrefixList,
  Ec2SecurityGroup,
  IamCredentialReportRow,
  IamManagedPolicy,
  IamReportAccessKey,
  IamRole,
  IamUser,
  KmsKey,
  PolicyDocument,
  S3Bucket,
} from '@palisade/core/aws';
import { CIS_METRIC_FILTERS } from './cis-metric-filters.ts';
import { hexId, seededRandom } from './random.ts';

export const DEMO_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
export const DEMO_COLLECTED_AT = '2026-11-01T09:30:00.000Z';
const NOW = new Date(DEMO_COLLECTED_AT).getTime();
const DAY = 86_400_000;

interface Posture {
  readonly accountId: string;
  readonly alias: string;
  readonly hardened: boolean;
  readonly seed: number;
}

export const DEMO_ACCOUNTS: readonly Posture[] = [
  { accountId: '111111111111', alias: 'acme-prod', hardened: true, seed: 1 },
  { accountId: '222222222222', alias: 'acme-dev', hardened: false, seed: 2 },
];

const ok = <T>(value: T): Fetched<T> => ({ value });
const denied = <T>(api: string, code: string): Fetched<T> => ({ error: { api, code, message: `User: arn:aws:sts::222222222222:assumed-role/SecurityAudit/palisade is not authorized to perform: ${api}`, region: 'us-east-1', httpStatus: 403 } });
const ago = (days: number): string => new Date(NOW - days * DAY).toISOString();
const policy = (statements: unknown[]): PolicyDocument => normalizePolicyDocument({ Version: '2012-10-17', Statement: statements });

export function buildDemoEstate(): AwsAccountSnapshot[] {
  return DEMO_ACCOUNTS.map(buildAccount);
}

function buildAccount(posture: Posture): AwsAccountSnapshot {
  const random = seededRandom(posture.seed);
  const { accountId } = posture;
  const arn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const trailBucket = `${posture.alias}-cloudtrail-${accountId}`;
  const logBucket = `${posture.alias}-access-logs-${accountId}`;

  // ---------- IAM ----------
  const key = (active: boolean, rotatedDaysAgo: number | null, usedDaysAgo: number | null): IamReportAccessKey => ({
    active,
    lastRotated: rotatedDaysAgo === null ? null : ago(rotatedDaysAgo),
    lastUsedDate: usedDaysAgo === null ? null : ago(usedDaysAgo),
    lastUsedRegion: usedDaysAgo === null ? null : 'us-east-1',
    lastUsedService: usedDaysAgo === null ? null : 's3',
  });
  const noKey = key(false, null, null);
  const people = posture.hardened
    ? ['alice', 'bruno', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana']
    : ['ivan', 'julia', 'kofi', 'lena', 'mateo', 'nadia', 'omar', 'priya', 'quinn', 'rosa'];
  const rows: IamCredentialReportRow[] = [
    {
      user: '<root_account>',
      arn: `arn:aws:iam::${accountId}:root`,
      userCreationTime: ago(2000),
      passwordEnabled: 'not_supported',
      passwordLastUsed: posture.hardened ? ago(400) : ago(3),
      passwordLastChanged: null,
      passwordNextRotation: null,
      mfaActive: posture.hardened,
      accessKeys: posture.hardened ? [noKey, noKey] : [key(true, 900, 20), noKey],
      certificates: [{ active: false, lastRotated: null }, { active: false, lastRotated: null }],
    },
  ];
  const users: IamUser[] = [];
  people.forEach((name, index) => {
    const console = index % 3 !== 2;
    const weak = !posture.hardened && index % 2 === 0;
    const mfa = console && !weak;
    const keyAge = weak ? 200 + index * 30 : 20 + index * 5;
    const keyUsed = weak && index % 4 === 0 ? null : Math.min(keyAge, 2 + index);
    const twoKeys = weak && index === 2;
    const userArn = `arn:aws:iam::${accountId}:user/${name}`;
    rows.push({
      user: name,
      arn: userArn,
      userCreationTime: ago(600 + index),
      passwordEnabled: console,
      passwordLastUsed: console ? ago(weak ? 120 : 1 + index) : null,
      passwordLastChanged: console ? ago(60) : null,
      passwordNextRotation: null,
      mfaActive: mfa,
      accessKeys: [index % 3 === 0 ? noKey : key(true, keyAge, keyUsed), twoKeys ? key(true, 30, 10) : noKey],
      certificates: [{ active: false, lastRotated: null }, { active: false, lastRotated: null }],
    });
    const accessKeys = [
      ...(index % 3 === 0 ? [] : [{ id: `AKIA${hexId(random, 16).toUpperCase()}`, status: 'Active' as const, createDate: ago(keyAge), lastUsed: ok(keyUsed === null ? null : { date: ago(keyUsed), region: 'us-east-1', service: 's3' }) }]),
      ...(twoKeys ? [{ id: `AKIA${hexId(random, 16).toUpperCase()}`, status: 'Active' as const, createDate: ago(30), lastUsed: ok({ date: ago(10), region: 'us-east-1', service: 'ec2' }) }] : []),
    ];
    users.push({
      name,
      id: `AIDA${hexId(random, 17).toUpperCase()}`,
      arn: userArn,
      path: '/',
      createDate: ago(600 + index),
      tags: { team: index % 2 ? 'platform' : 'data', ...(posture.hardened ? {} : { env: 'dev' }) },
      groups: weak ? [] : ['engineers'],
      attachedPolicies: weak ? [{ name: 'AmazonS3FullAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }] : [],
      inlinePolicies: weak && index === 4 ? [{ name: 'everything', document: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }] : [],
      accessKeys: ok(accessKeys),
      mfaDevices: ok(mfa ? [{ serialNumber: `arn:aws:iam::${accountId}:mfa/${name}`, enableDate: ago(300) }] : []),
    });
  });

  const trust = (principal: unknown, condition?: unknown) =>
    policy([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }]);
  const role = (name: string, overrides: Partial<IamRole>): IamRole => ({
    name,
    id: `AROA${hexId(random, 17).toUpperCase()}`,
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    path: '/',
    createDate: ago(500),
    tags: {},
    assumeRolePolicy: trust({ Service: 'ec2.amazonaws.com' }),
    attachedPolicies: [],
    inlinePolicies: [],
    instanceProfileArns: [],
    serviceLinked: false,
    ...overrides,
  });
  const roles: IamRole[] = [
    role('app-server', { instanceProfileArns: [`arn:aws:iam::${accountId}:instance-profile/app-server`], attachedPolicies: [{ name: 'app-read', arn: `arn:aws:iam::${accountId}:policy/app-read` }] }),
    role('AWSServiceRoleForConfig', { path: '/aws-service-role/config.amazonaws.com/', serviceLinked: true, assumeRolePolicy: trust({ Service: 'config.amazonaws.com' }) }),
    role('ci-deployer', {
      assumeRolePolicy: posture.hardened
        ? trust({ AWS: 'arn:aws:iam::999999999999:root' }, { StringEquals: { 'sts:ExternalId': 'acme-ci-7f3a' } })
        : trust({ AWS: 'arn:aws:iam::999999999999:root' }),
      attachedPolicies: posture.hardened ? [] : [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    }),
    ...(posture.hardened
      ? [role('support-incidents', { assumeRolePolicy: trust({ AWS: `arn:aws:iam::${accountId}:root` }), attachedPolicies: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }] })]
      : [role('cloudshell-users', { assumeRolePolicy: trust({ AWS: `arn:aws:iam::${accountId}:root` }), attachedPolicies: [{ name: 'AWSCloudShellFullAccess', arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }] })]),
  ];
  const awsPolicy = (name: string, document: PolicyDocument, attachmentCount: number): IamManagedPolicy => ({
    name,
    id: `ANPA${hexId(random, 17).toUpperCase()}`,
    arn: `arn:aws:iam::aws:policy/${name}`,
    path: '/',
    awsManaged: true,
    attachmentCount,
    defaultVersionId: 'v1',
    document,
  });
  const policies: IamManagedPolicy[] = [
    {
      name: 'app-read',
      id: `ANPA${hexId(random, 17).toUpperCase()}`,
      arn: `arn:aws:iam::${accountId}:policy/app-read`,
      path: '/',
      awsManaged: false,
      attachmentCount: 1,
      defaultVersionId: 'v3',
      document: policy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${posture.alias}-app-data-*`] }]),
    },
    awsPolicy('ReadOnlyAccess', policy([{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*', 'iam:Get*', 'iam:List*'], Resource: '*' }]), 1),
    ...(posture.hardened
      ? [awsPolicy('AWSSupportAccess', policy([{ Effect: 'Allow', Action: ['support:*'], Resource: '*' }]), 1)]
      : [
          awsPolicy('AdministratorAccess', policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]), 1),
          awsPolicy('AWSCloudShellFullAccess', policy([{ Effect: 'Allow', Action: ['cloudshell:*'], Resource: '*' }]), 1),
          awsPolicy('AmazonS3FullAccess', policy([{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }]), 5),
          {
            name: 'legacy-admin',
            id: `ANPA${hexId(random, 17).toUpperCase()}`,
            arn: `arn:aws:iam::${accountId}:policy/legacy-admin`,
            path: '/',
            awsManaged: false,
            attachmentCount: 1,
            defaultVersionId: 'v1',
            document: policy([{ Effect: 'Allow', Action: '*:*', Resource: '*' }]),
          },
        ]),
  ];
  const groups = [
    {
      name: 'engineers',
      id: `AGPA${hexId(random, 17).toUpperCase()}`,
      arn: `arn:aws:iam::${accountId}:group/engineers`,
      path: '/',
      createDate: ago(700),
      attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      inlinePolicies: [],
    },
    ...(posture.hardened
      ? []
      : [{ name: 'admins', id: `AGPA${hexId(random, 17).toUpperCase()}`, arn: `arn:aws:iam::${accountId}:group/admins`, path: '/', createDate: ago(700), attachedPolicies: [{ name: 'legacy-admin', arn: `arn:aws:iam::${accountId}:policy/legacy-admin` }], inlinePolicies: [] }]),
  ];

  // ---------- S3 ----------
  const bucket = (name: string, region: string, overrides: Partial<S3Bucket>): S3Bucket => ({
    name,
    arn: `arn:aws:s3:::${name}`,
    region,
    creationDate: ago(800),
    tags: ok({ owner: posture.alias }),
    publicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    acl: ok({ ownerId: hexId(random, 64), grants: [{ grantee: { type: 'CanonicalUser', id: hexId(random, 64) }, permission: 'FULL_CONTROL' }] }),
    policy: ok(policy([{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }])),
    policyStatus: ok({ isPublic: false }),
    encryption: ok([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: arn('kms', region, 'alias/s3'), bucketKeyEnabled: true }]),
    versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }),
    logging: ok({ targetBucket: logBucket, targetPrefix: `${name}/` }),
    ownership: ok('BucketOwnerEnforced'),
    ...overrides,
  });
  const buckets: S3Bucket[] = [
    bucket(trailBucket, 'us-east-1', posture.hardened ? { versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }) } : { logging: ok(null), policy: ok(null), policyStatus: ok(null) }),
    bucket(logBucket, 'us-east-1', { logging: ok(null), encryption: ok([{ sseAlgorithm: 'AES256' }]) }),
  ];
  for (const [index, region] of DEMO_REGIONS.entries()) {
    for (const purpose of ['app-data', 'backups', 'analytics', 'static-site']) {
      const name = `${posture.alias}-${purpose}-${region}`;
      const sloppy = !posture.hardened && (purpose === 'static-site' || (purpose === 'analytics' && index === 1));
      buckets.push(
        bucket(
          name,
          region,
          sloppy
            ? {
                publicAccessBlock: ok(null),
                acl: ok({ ownerId: hexId(random, 64), grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] }),
                policy: ok(policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }])),
                policyStatus: ok({ isPublic: true }),
                versioning: ok({ status: 'Disabled', mfaDelete: 'Disabled' }),
                logging: ok(null),
                ownership: ok('ObjectWriter'),
                encryption: ok([{ sseAlgorithm: 'AES256' }]),
              }
            : !posture.hardened && purpose === 'backups'
              ? { versioning: ok({ status: 'Suspended', mfaDelete: 'Disabled' }), policy: ok(null), policyStatus: ok(null), ownership: ok('BucketOwnerPreferred') }
              : purpose === 'static-site' && posture.hardened
                ? { tags: ok({ owner: posture.alias, exposure: 'public-website' }) }
                : {},
        ),
      );
    }
  }

  const regional: Record<string, AwsRegionalServices> = {};
  for (const [regionIndex, region] of DEMO_REGIONS.entries()) {
    regional[region] = buildRegion(posture, region, regionIndex, random, arn, trailBucket);
  }

  return {
    accountId,
    partition: 'aws',
    alias: posture.alias,
    regions: [...DEMO_REGIONS],
    collectedAt: DEMO_COLLECTED_AT,
    global: {
      iam: {
        credentialReport: ok(rows),
        users: ok(users),
        groups: ok(groups),
        roles: ok(roles),
        policies: ok(policies),
        passwordPolicy: ok(
          posture.hardened
            ? { minimumPasswordLength: 16, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true, expirePasswords: true, maxPasswordAge: 90, passwordReusePrevention: 24 }
            : { minimumPasswordLength: 8, requireSymbols: false, requireNumbers: true, requireUppercaseCharacters: false, requireLowercaseCharacters: true, allowUsersToChangePassword: true, expirePasswords: false },
        ),
        accountSummary: ok({ AccountMFAEnabled: posture.hardened ? 1 : 0, AccountAccessKeysPresent: posture.hardened ? 0 : 1, Users: users.length, Roles: roles.length, Groups: groups.length, Policies: policies.length }),
        virtualMfaDevices: ok(users.filter((user) => user.mfaDevices.value?.length).map((user) => ({ serialNumber: `arn:aws:iam::${accountId}:mfa/${user.name}`, userArn: user.arn, enableDate: ago(300) }))),
        serverCertificates: ok([
          { name: 'legacy-api', id: `ASCA${hexId(random, 17).toUpperCase()}`, arn: `arn:aws:iam::${accountId}:server-certificate/legacy-api`, path: '/', uploadDate: ago(900), expiration: posture.hardened ? ago(-300) : ago(45) },
        ]),
      },
      s3: {
        accountPublicAccessBlock: ok(posture.hardened ? { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } : null),
        buckets: ok(buckets),
      },
      account: {
        contactInformation: ok({ fullName: 'Acme Cloud Team', phoneNumber: '+1-206-555-0100', addressLine1: '1 Main St', countryCode: 'US', companyName: 'Acme' }),
        alternateContacts: posture.hardened
          ? {
              security: ok({ name: 'Security Ops', title: 'SecOps', emailAddress: 'security@acme.example', phoneNumber: '+1-206-555-0101' }),
              billing: ok({ name: 'Finance', title: 'AP', emailAddress: 'billing@acme.example', phoneNumber: '+1-206-555-0102' }),
              operations: ok({ name: 'SRE', title: 'On-call', emailAddress: 'sre@acme.example', phoneNumber: '+1-206-555-0103' }),
            }
          : {
              // The dev account's scan role lacks account:GetAlternateContact: the demo shows how a
              // denied call surfaces as ERROR rather than a silent pass.
              security: denied('account:GetAlternateContact', 'AccessDeniedException'),
              billing: ok({ name: 'Finance', title: 'AP', emailAddress: 'billing@acme.example', phoneNumber: '+1-206-555-0102' }),
              operations: ok(null),
            },
      },
    },
    regional,
    errors: [],
  };
}

function buildRegion(
  posture: Posture,
  region: string,
  regionIndex: number,
  random: () => number,
  arn: (service: string, region: string, resource: string) => string,
  trailBucket: string,
): AwsRegionalServices {
  const { accountId, hardened } = posture;
  const home = region === 'us-east-1';
  const id = (prefix: string) => `${prefix}-${hexId(random, 17)}`;
  const tags = (name: string, extra: Tags = {}): Tags => ({ Name: name, env: hardened ? 'prod' : 'dev', ...extra });

  // ---------- VPC and network ----------
  const vpcs = [
    { id: id('vpc'), cidrBlock: '172.31.0.0/16', isDefault: true, name: 'default' },
    { id: id('vpc'), cidrBlock: `10.${10 + regionIndex}.0.0/16`, isDefault: false, name: 'main' },
  ].map((vpc) => ({ id: vpc.id, arn: arn('ec2', region, `vpc/${vpc.id}`), cidrBlock: vpc.cidrBlock, isDefault: vpc.isDefault, state: 'available', tags: tags(vpc.name) }));
  const mainVpc = vpcs[1]!;
  // Prefix lists: the office ranges (both accounts), a legacy VPN list in dev whose two halves span the
  // whole internet, and AWS's S3 list. Their ids come from their own generator so the rest of the
  // estate keeps the ids the main one gives it.
  const listRandom = seededRandom(posture.seed * 31 + regionIndex + 1);
  const listId = () => `pl-${hexId(listRandom, 17)}`;
  const customerList = (name: string, cidrs: readonly [string, string][]): Ec2ManagedPrefixList => {
    const listIdValue = listId();
    return {
      id: listIdValue,
      arn: arn('ec2', region, `prefix-list/${listIdValue}`),
      name,
      ownerId: accountId,
      addressFamily: 'IPv4',
      state: 'create-complete',
      maxEntries: 10,
      entries: ok(cidrs.map(([cidr, description]) => ({ cidr, description }))),
      tags: tags(name),
    };
  };
  const officeList = customerList('office-ranges', [
    ['198.51.100.0/24', 'head office'],
    ['203.0.113.0/24', 'branch office'],
  ]);
  const legacyVpnList = customerList('legacy-vpn', [
    ['0.0.0.0/1', 'vpn pool (lower half)'],
    ['128.0.0.0/1', 'vpn pool (upper half)'],
  ]);
  const s3ListId = `pl-${['63a5400a', '6da54004', '6ca54005'][regionIndex] ?? '63a5400a'}`;
  const s3List: Ec2ManagedPrefixList = {
    id: s3ListId,
    arn: `arn:aws:ec2:${region}:aws:prefix-list/${s3ListId}`,
    name: `com.amazonaws.${region}.s3`,
    ownerId: 'AWS',
    addressFamily: 'IPv4',
    state: 'create-complete',
    entries: ok([{ cidr: '3.5.0.0/19' }, { cidr: '52.216.0.0/15' }]),
    tags: {},
  };
  const managedPrefixLists = hardened ? [officeList, s3List] : [officeList, legacyVpnList, s3List];
  const perm = (protocol: string, from: number | undefined, to: number | undefined, v4: string[], v6: string[] = [], prefixListIds: string[] = []): Ec2IpPermission => ({
    protocol,
    ...(from === undefined ? {} : { fromPort: from, toPort: to ?? from }),
    ipv4Ranges: v4,
    ipv6Ranges: v6,
    prefixListIds,
    referencedGroupIds: [],
  });
  const allEgress = [perm('-1', undefined, undefined, ['0.0.0.0/0'])];
  const sg = (name: string, vpcId: string, ingress: Ec2IpPermission[], egress = allEgress): Ec2SecurityGroup => {
    const groupId = id('sg');
    return { id: groupId, arn: arn('ec2', region, `security-group/${groupId}`), name, description: `${name} security group`, vpcId, ownerId: accountId, ingress, egress, tags: tags(name) };
  };
  const securityGroups: Ec2SecurityGroup[] = [
    sg('default', vpcs[0]!.id, hardened ? [] : [perm('-1', undefined, undefined, [], [])], hardened ? [] : allEgress),
    sg('default', mainVpc.id, [], []),
    sg('web', mainVpc.id, [perm('tcp', 443, 443, ['0.0.0.0/0'], ['::/0']), perm('tcp', 80, 80, ['0.0.0.0/0'])]),
    sg('app', mainVpc.id, [perm('tcp', 8080, 8080, ['10.0.0.0/8']), ...(hardened ? [] : [perm('tcp', 22, 22, [], [], [legacyVpnList.id])])]),
    sg('bastion', mainVpc.id, [perm('tcp', 22, 22, hardened ? [] : ['0.0.0.0/0'], [], hardened ? [officeList.id] : [])]),
    ...(hardened
      ? []
      : [
          sg('windows-admin', mainVpc.id, [perm('tcp', 3389, 3389, [], ['::/0']), perm('udp', 3389, 3389, ['0.0.0.0/0'])]),
          sg('db-open', mainVpc.id, [perm('tcp', 5432, 5432, ['0.0.0.0/0']), perm('tcp', 3306, 3306, ['0.0.0.0/0'])]),
          ...(regionIndex === 0 ? [sg('wide-open', mainVpc.id, [perm('-1', undefined, undefined, ['0.0.0.0/0'])])] : []),
        ]),
  ];
  const networkAcls = vpcs.map((vpc, index) => {
    const aclId = id('acl');
    const openAdmin = !hardened && index === 1;
    return {
      id: aclId,
      arn: arn('ec2', region, `network-acl/${aclId}`),
      vpcId: vpc.id,
      isDefault: index === 0,
      entries: [
        ...(openAdmin || index === 0 ? [{ ruleNumber: 100, protocol: '-1', ruleAction: 'allow' as const, egress: false, cidrBlock: '0.0.0.0/0' }] : [
          { ruleNumber: 100, protocol: '6', ruleAction: 'allow' as const, egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 443, to: 443 } },
          { ruleNumber: 110, protocol: '6', ruleAction: 'allow' as const, egress: false, cidrBlock: '10.0.0.0/8', portRange: { from: 22, to: 22 } },
          { ruleNumber: 120, protocol: '6', ruleAction: 'allow' as const, egress: false, cidrBlock: '0.0.0.0/0', portRange: { from: 1024, to: 65535 } },
        ]),
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny' as const, egress: false, cidrBlock: '0.0.0.0/0' },
        { ruleNumber: 100, protocol: '-1', ruleAction: 'allow' as const, egress: true, cidrBlock: '0.0.0.0/0' },
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny' as const, egress: true, cidrBlock: '0.0.0.0/0' },
      ],
      subnetIds: [id('subnet'), id('subnet')],
      tags: tags(index === 0 ? 'default' : 'main'),
    };
  });
  // Hardened accounts rely on the default VPC's default NACL too, but keep it unused: still reported.
  const flowLogs = hardened || (regionIndex === 0 && !hardened)
    ? vpcs.filter((_, index) => hardened || index === 1).map((vpc) => ({ id: id('fl'), resourceId: vpc.id, status: 'ACTIVE', trafficType: 'ALL' as const, logDestinationType: 'cloud-watch-logs', logDestination: arn('logs', region, 'log-group:vpc-flow-logs'), deliverLogsStatus: 'SUCCESS' }))
    : [];
  const peeringId = id('pcx');
  const routeTables = vpcs.map((vpc, index) => {
    const tableId = id('rtb');
    return {
      id: tableId,
      arn: arn('ec2', region, `route-table/${tableId}`),
      vpcId: vpc.id,
      routes: [
        { destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', state: 'active' },
        { destinationCidrBlock: '0.0.0.0/0', gatewayId: id('igw'), state: 'active' },
        ...(index === 1 && home ? [{ destinationCidrBlock: hardened ? '10.99.4.0/24' : '10.99.0.0/16', vpcPeeringConnectionId: peeringId, state: 'active' }] : []),
      ],
      associations: [{ main: true }],
      tags: tags(`${index === 0 ? 'default' : 'main'}-routes`),
    };
  });

  // ---------- EC2 ----------
  const instanceCount = hardened ? 6 : 7;
  const instances: Ec2Instance[] = Array.from({ length: instanceCount }, (_, index) => {
    const instanceId = `i-${hexId(random, 17)}`;
    const legacy = !hardened && index % 2 === 0;
    const role = index < 2 ? 'web' : index < 4 ? 'app' : index === 4 ? 'bastion' : 'batch';
    return {
      id: instanceId,
      arn: arn('ec2', region, `instance/${instanceId}`),
      state: index === instanceCount - 1 ? 'stopped' : 'running',
      instanceType: ['t3.medium', 'm6i.large', 'c6g.xlarge'][index % 3]!,
      imageId: `ami-${hexId(random, 17)}`,
      launchTime: new Date(NOW - (30 + index * 11) * DAY).toISOString(),
      vpcId: mainVpc.id,
      subnetId: `subnet-${hexId(random, 17)}`,
      privateIpAddress: `10.${10 + regionIndex}.${index}.${10 + index}`,
      ...(role === 'web' || role === 'bastion' ? { publicIpAddress: `198.51.100.${regionIndex * 20 + index}` } : {}),
      ...(legacy && index > 0 ? {} : { iamInstanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/app-server` }),
      metadataOptions: { httpTokens: legacy ? 'optional' : 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: legacy ? 1 : 2 },
      securityGroupIds: [securityGroups[role === 'web' ? 2 : role === 'bastion' ? 4 : 3]!.id],
      tags: tags(`${role}-${index}`, { role }),
    };
  });
  const volumes = instances.flatMap((instance, index) => {
    const volumeId = `vol-${hexId(random, 17)}`;
    const encrypted = hardened || index % 3 !== 0;
    return [{ id: volumeId, arn: arn('ec2', region, `volume/${volumeId}`), encrypted, ...(encrypted ? { kmsKeyId: arn('kms', region, 'key/ebs-default') } : {}), sizeGiB: 20 + index * 10, state: 'in-use', attachedInstanceIds: [instance.id], tags: tags(`${instance.tags['Name']}-root`) }];
  });
  const snapshots = volumes.slice(0, 3).map((volume, index) => {
    const snapshotId = `snap-${hexId(random, 17)}`;
    return { id: snapshotId, arn: arn('ec2', region, `snapshot/${snapshotId}`), volumeId: volume.id, encrypted: volume.encrypted, startTime: new Date(NOW - (index + 1) * 7 * DAY).toISOString(), public: !hardened && home && index === 0, tags: tags(`backup-${index}`) };
  });
  const images = [0, 1].map((index) => {
    const imageId = `ami-${hexId(random, 17)}`;
    return { id: imageId, arn: arn('ec2', region, `image/${imageId}`), name: `golden-${region}-${index}`, state: 'available', public: !hardened && home && index === 1, creationDate: new Date(NOW - 60 * DAY).toISOString(), tags: tags(`golden-${index}`) };
  });

  // ---------- CloudTrail, Logs, CloudWatch, SNS ----------
  const trailArn = `arn:aws:cloudtrail:us-east-1:${accountId}:trail/${posture.alias}-audit`;
  const logGroupName = `aws-cloudtrail-logs-${accountId}`;
  const trails: CloudTrailTrail[] = hardened
    ? [
        {
          name: `${posture.alias}-audit`,
          arn: trailArn,
          homeRegion: 'us-east-1',
          isMultiRegion: true,
          isOrganizationTrail: false,
          includeGlobalServiceEvents: true,
          logFileValidationEnabled: true,
          s3BucketName: trailBucket,
          kmsKeyId: arn('kms', 'us-east-1', 'key/0f0e0d0c-1111-2222-3333-444455556666'),
          cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${accountId}:log-group:${logGroupName}:*`,
          cloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/cloudtrail-to-cloudwatch`,
          status: ok({ isLogging: true, latestDeliveryTime: new Date(NOW - 600_000).toISOString(), latestCloudWatchLogsDeliveryTime: new Date(NOW - 300_000).toISOString() }),
          eventSelectors: ok({
            basic: [],
            advanced: [
              { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
              { name: 'S3 data events', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] },
            ],
          }),
        },
      ]
    : home
      ? [
          {
            name: `${posture.alias}-trail`,
            arn: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/${posture.alias}-trail`,
            homeRegion: 'us-east-1',
            isMultiRegion: false,
            isOrganizationTrail: false,
            includeGlobalServiceEvents: true,
            logFileValidationEnabled: false,
            s3BucketName: trailBucket,
            status: ok({ isLogging: true, latestDeliveryTime: new Date(NOW - 900_000).toISOString() }),
            eventSelectors: ok({ basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }], advanced: [] }),
          },
        ]
      : [];
  const topicArn = arn('sns', region, 'security-alerts');
  const filters = hardened && home ? CIS_METRIC_FILTERS.filter((filter) => filter.name !== 'organizations-changes') : [];
  const logGroups = [
    ...(home ? [{ name: logGroupName, arn: `arn:aws:logs:us-east-1:${accountId}:log-group:${logGroupName}`, retentionInDays: hardened ? 400 : 30, ...(hardened ? { kmsKeyId: arn('kms', region, 'key/logs') } : {}), storedBytes: 73_400_320, tags: {} }] : []),
    { name: 'vpc-flow-logs', arn: arn('logs', region, 'log-group:vpc-flow-logs'), retentionInDays: hardened ? 365 : 7, storedBytes: 1_048_576, tags: {} },
    { name: '/aws/lambda/thumbnailer', arn: arn('logs', region, 'log-group:/aws/lambda/thumbnailer'), storedBytes: 52_000, tags: {} },
  ];

  // ---------- KMS ----------
  const kmsKey = (keyId: string, overrides: Partial<KmsKey>): KmsKey => ({
    id: keyId,
    arn: arn('kms', region, `key/${keyId}`),
    manager: 'CUSTOMER',
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    multiRegion: false,
    creationDate: new Date(NOW - 400 * DAY).toISOString(),
    aliases: [],
    rotationEnabled: ok(true),
    policy: ok(policy([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }])),
    tags: ok({}),
    ...overrides,
  });
  const uuid = () => `${hexId(random, 8)}-${hexId(random, 4)}-${hexId(random, 4)}-${hexId(random, 4)}-${hexId(random, 12)}`;
  const keys = [
    kmsKey(uuid(), { aliases: ['alias/app-data'] }),
    kmsKey(uuid(), { manager: 'AWS', aliases: ['alias/aws/ebs'], rotationEnabled: ok(null) }),
    kmsKey(uuid(), { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', aliases: ['alias/signing'], rotationEnabled: ok(null) }),
    ...(hardened
      ? []
      : [
          kmsKey(uuid(), { aliases: ['alias/legacy'], rotationEnabled: ok(false) }),
          ...(home
            ? [
                kmsKey(uuid(), { aliases: ['alias/old-backups'], state: 'PendingDeletion', deletionDate: new Date(NOW + 5 * DAY).toISOString(), rotationEnabled: ok(null) }),
                kmsKey(uuid(), { aliases: ['alias/shared'], policy: ok(policy([{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }])) }),
              ]
            : []),
        ]),
  ];

  // ---------- RDS, EFS ----------
  const dbCount = home ? 3 : 1;
  const rdsInstances = Array.from({ length: dbCount }, (_, index) => {
    const name = `${posture.alias}-db-${index}`;
    const sloppy = !hardened && index !== 1;
    return {
      id: name,
      arn: arn('rds', region, `db:${name}`),
      engine: index === 2 ? 'mysql' : 'postgres',
      engineVersion: index === 2 ? '8.0.35' : '16.3',
      instanceClass: 'db.m6g.large',
      status: 'available',
      storageEncrypted: !sloppy,
      ...(sloppy ? {} : { kmsKeyId: arn('kms', region, 'key/rds') }),
      publiclyAccessible: sloppy && index === 0,
      autoMinorVersionUpgrade: !sloppy,
      multiAz: hardened,
      backupRetentionPeriod: sloppy ? 1 : 14,
      deletionProtection: hardened,
      iamDatabaseAuthenticationEnabled: hardened,
      copyTagsToSnapshot: true,
      performanceInsightsEnabled: hardened,
      vpcSecurityGroupIds: [securityGroups[3]!.id],
      enabledCloudwatchLogsExports: hardened ? ['postgresql'] : [],
      tags: tags(name),
    };
  });
  const rdsSnapshots = rdsInstances.slice(0, 1).map((db) => ({
    id: `${db.id}-manual-2026-10`,
    arn: arn('rds', region, `snapshot:${db.id}-manual-2026-10`),
    instanceId: db.id,
    encrypted: db.storageEncrypted,
    snapshotType: 'manual',
    createTime: new Date(NOW - 20 * DAY).toISOString(),
    public: ok(!hardened && home),
    tags: tags(`${db.id}-snapshot`),
  }));
  const fileSystems = [0, 1].slice(0, home ? 2 : 1).map((index) => {
    const fsId = `fs-${hexId(random, 17)}`;
    return {
      id: fsId,
      arn: arn('elasticfilesystem', region, `file-system/${fsId}`),
      name: `${posture.alias}-shared-${index}`,
      encrypted: hardened || index === 1,
      ...(hardened || index === 1 ? { kmsKeyId: arn('kms', region, 'key/efs') } : {}),
      lifeCycleState: 'available',
      performanceMode: 'generalPurpose',
      throughputMode: 'bursting',
      numberOfMountTargets: 2,
      policy: ok(
        hardened
          ? policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], Resource: '*', Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' }, StringEquals: { 'aws:PrincipalAccount': accountId } } }])
          : null,
      ),
      backupPolicy: ok(hardened ? 'ENABLED' : 'DISABLED'),
      tags: tags(`${posture.alias}-shared-${index}`),
    };
  });

  return {
    ec2: {
      instances: ok(instances),
      securityGroups: ok(securityGroups),
      networkAcls: ok(networkAcls),
      volumes: ok(volumes),
      snapshots: ok(snapshots),
      images: ok(images),
      ebsEncryptionByDefault: ok({ enabled: hardened || regionIndex === 0 }),
      // In one dev region the scan role may not read the default key: the setting still decides (FAIL, not ERROR).
      ebsDefaultKmsKeyId:
        !hardened && regionIndex === 2
          ? { error: { api: 'ec2:GetEbsDefaultKmsKeyId', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', region, httpStatus: 403 } }
          : ok('alias/aws/ebs'),
      vpcs: ok(vpcs),
      flowLogs: ok(flowLogs),
      routeTables: ok(routeTables),
      vpcPeeringConnections: ok(
        home
          ? [{ id: peeringId, arn: arn('ec2', region, `vpc-peering-connection/${peeringId}`), status: 'active', requester: { vpcId: mainVpc.id, ownerId: accountId, region, cidrBlocks: [mainVpc.cidrBlock] }, accepter: { vpcId: 'vpc-0partner0000000', ownerId: '333333333333', region, cidrBlocks: ['10.99.0.0/16'] }, tags: tags('partner-peering') }]
          : [],
      ),
      managedPrefixLists: ok(managedPrefixLists),
    },
    cloudtrail: { trails: ok(hardened || home ? trails : []) },
    logs: {
      logGroups: ok(logGroups),
      metricFilters: ok(filters.map((filter) => ({ name: `cis-${filter.name}`, logGroupName, filterPattern: filter.pattern, metricTransformations: [{ metricName: filter.metric, metricNamespace: 'CISBenchmark' }] }))),
    },
    cloudwatch: {
      alarms: ok(filters.map((filter) => ({ name: `cis-${filter.name}`, arn: arn('cloudwatch', region, `alarm:cis-${filter.name}`), metricName: filter.metric, namespace: 'CISBenchmark', actionsEnabled: true, alarmActions: [topicArn], stateValue: 'OK' }))),
    },
    sns: {
      topics: ok([
        { arn: topicArn, name: 'security-alerts', attributes: ok({ ...(hardened ? { kmsMasterKeyId: 'alias/aws/sns' } : {}), subscriptionsConfirmed: hardened ? 2 : 0, policy: policy([{ Effect: 'Allow', Principal: hardened ? { Service: 'cloudwatch.amazonaws.com' } : '*', Action: 'sns:Publish', Resource: topicArn }]) }), tags: {} },
      ]),
      subscriptions: ok(hardened ? [{ subscriptionArn: `${topicArn}:${uuid()}`, topicArn, protocol: 'email', endpoint: 'security@acme.example', owner: accountId }] : []),
    },
    config: {
      recorders: ok(
        hardened || home
          ? [{ name: 'default', roleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, allSupported: true, includeGlobalResourceTypes: home, resourceTypes: [], status: ok({ recording: hardened, lastStatus: hardened ? 'Success' : 'Failure' }) }]
          : [],
      ),
      deliveryChannels: ok(hardened || home ? [{ name: 'default', s3BucketName: trailBucket }] : []),
    },
    kms: { keys: ok(keys) },
    rds: { instances: ok(rdsInstances), snapshots: ok(rdsSnapshots) },
    efs: { fileSystems: ok(fileSystems) },
    accessanalyzer: { analyzers: ok(hardened || home ? [{ name: 'account-analyzer', arn: arn('access-analyzer', region, 'analyzer/account-analyzer'), type: 'ACCOUNT', status: 'ACTIVE', tags: {} }] : []) },
    securityhub: hardened
      ? { hub: ok({ hubArn: arn('securityhub', region, 'hub/default'), subscribedAt: new Date(NOW - 300 * DAY).toISOString(), autoEnableControls: true }), enabledStandards: ok([{ arn: arn('securityhub', region, 'subscription/cis-aws-foundations-benchmark/v/3.0.0'), status: 'READY' }]) }
      : { hub: ok(null), enabledStandards: ok([]) },
    macie: { session: ok(hardened && home ? { status: 'ENABLED', createdAt: new Date(NOW - 200 * DAY).toISOString() } : null) },
    guardduty: {
      detectors: ok(
        hardened || home
          ? [{ id: hexId(random, 32), arn: arn('guardduty', region, `detector/${hexId(random, 32)}`), status: hardened ? 'ENABLED' : 'DISABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES', features: { CLOUD_TRAIL: 'ENABLED', S3_DATA_EVENTS: hardened ? 'ENABLED' : 'DISABLED' }, tags: {} }]
          : [],
      ),
    },
  };
}
