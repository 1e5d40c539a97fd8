import { describe, expect, it } from 'vitest';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GLOBAL_COLLECTORS } from '@palisade/providers';
import type { IamData, IamUser } from '@palisade/core/aws';
import {
  ADMIN_STATEMENT,
  TEST_ACCOUNT_ID,
  accountSnapshot,
  credentialReportRow,
  daysAgo,
  iamGroup,
  iamRole,
  iamUser,
  managedPolicy,
  ok,
  passwordPolicy,
  policyDocument,
  reportAccessKey,
  serverCertificate,
  virtualMfaDevice,
} from '@palisade/checks/testing';
import { buildDemoEstate } from '../../../scripts/demo/estate.ts';
import { createIamSimulator, credentialReportCsv, encodePolicyDocument } from './iam.ts';
import { countActions, estateOf, harness } from './query-test-kit.ts';
import { stsSimulator } from './sts.ts';

const collectIam = (h: ReturnType<typeof harness>, accountId: string): Promise<IamData> => GLOBAL_COLLECTORS.iam.collect(h.context(accountId, 'us-east-1'));
const userArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${name}`;

/** Everything the IAM reader maps, including the awkward cases: commas in names, paths, boundaries, recorded failures. */
function richIam(): IamData {
  const alice = iamUser({
    name: 'alice',
    path: '/engineering/',
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/engineering/alice`,
    tags: { team: 'platform', 'cost-center': '42' },
    groups: ['admins', 'engineers'],
    attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    inlinePolicies: [
      {
        name: 'deny-outside-eu',
        document: policyDocument({
          Sid: 'DenyOutsideEu',
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*'],
          Resource: ['*'],
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] }, Bool: { 'aws:MultiFactorAuthPresent': ['true'] } },
        }),
      },
    ],
    permissionsBoundaryArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/boundary`,
    accessKeys: ok([
      { id: 'AKIAALICE00000000001', status: 'Active', createDate: daysAgo(40), lastUsed: ok({ date: daysAgo(2), region: 'eu-west-1', service: 'ec2' }) },
      { id: 'AKIAALICE00000000002', status: 'Inactive', createDate: daysAgo(400), lastUsed: ok(null) },
    ]),
    mfaDevices: ok([{ serialNumber: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice`, enableDate: daysAgo(90) }]),
  });
  const commaUser = iamUser({
    name: 'ops,team',
    tags: {},
    accessKeys: ok([
      {
        id: 'AKIAOPSTEAM000000001',
        status: 'Active',
        createDate: daysAgo(10),
        lastUsed: { error: { api: 'iam:GetAccessKeyLastUsed', code: 'AccessDenied', message: 'not allowed', region: 'us-east-1', httpStatus: 403, resourceUid: userArn('ops,team') } },
      },
    ]),
    mfaDevices: { error: { api: 'iam:ListMFADevices', code: 'AccessDenied', message: 'no MFA listing', region: 'us-east-1', httpStatus: 403, resourceUid: userArn('ops,team') } },
  });
  const users: IamUser[] = [alice, commaUser, iamUser({ name: 'bob+svc@example' })];
  return {
    credentialReport: ok([
      credentialReportRow({ user: '<root_account>', mfaActive: true, passwordLastUsed: daysAgo(3) }),
      credentialReportRow({
        user: 'alice',
        arn: alice.arn,
        passwordEnabled: true,
        passwordLastUsed: null,
        passwordLastChanged: daysAgo(20),
        passwordNextRotation: daysAgo(-70),
        mfaActive: true,
        accessKeys: [reportAccessKey({ lastUsedRegion: 'eu-west-1', lastUsedService: 'ec2' }), reportAccessKey({ active: false, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null })],
        certificates: [{ active: true, lastRotated: daysAgo(100) }, { active: false, lastRotated: null }],
      }),
      credentialReportRow({ user: 'ops,team', passwordEnabled: false }),
    ]),
    users: ok(users),
    groups: ok([
      iamGroup({ name: 'admins', attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }),
      iamGroup({ name: 'engineers', path: '/people/', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:group/people/engineers`, inlinePolicies: [{ name: 'all', document: policyDocument(ADMIN_STATEMENT) }] }),
    ]),
    roles: ok([
      iamRole({
        name: 'app',
        path: '/apps/',
        arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/apps/app`,
        tags: { app: 'shop' },
        instanceProfileArns: [`arn:aws:iam::${TEST_ACCOUNT_ID}:instance-profile/apps/app`, `arn:aws:iam::${TEST_ACCOUNT_ID}:instance-profile/app-legacy`],
        lastUsed: { date: daysAgo(1), region: 'eu-west-1' },
      }),
      iamRole({
        name: 'cross-account',
        assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::999999999999:root', 'arn:aws:iam::888888888888:root'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'sts:ExternalId': ['x-1'] } } }),
        inlinePolicies: [{ name: 'public-read', document: policyDocument({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::site/*'] }) }],
        lastUsed: {},
      }),
      iamRole({ name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`, serviceLinked: true }),
    ]),
    policies: ok([
      managedPolicy({ name: 'boundary', defaultVersionId: 'v4', document: policyDocument({ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: ['*'] }) }),
      managedPolicy({ name: 'AdministratorAccess', awsManaged: true, attachmentCount: 1, document: policyDocument(ADMIN_STATEMENT) }),
      managedPolicy({ name: 'ReadOnlyAccess', awsManaged: true, attachmentCount: 2, defaultVersionId: 'v118' }),
      managedPolicy({ name: 'unattached-local', attachmentCount: 0, defaultVersionId: 'v1' }),
    ]),
    passwordPolicy: ok(null),
    accountSummary: ok({ Users: 3, Groups: 2, Roles: 3, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Policies: 2 }),
    virtualMfaDevices: ok([
      virtualMfaDevice('root-account-mfa-device', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`),
      virtualMfaDevice('alice', alice.arn),
      virtualMfaDevice('spare'),
    ]),
    serverCertificates: ok([serverCertificate({ name: 'api', path: '/cloudfront/', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:server-certificate/cloudfront/api` }), serverCertificate({ name: 'old', expiration: daysAgo(5) })]),
  };
}

describe('iamSimulator with the IAM collector', () => {
  it('round-trips both demo accounts exactly', async () => {
    const demo = buildDemoEstate();
    const h = harness(estateOf(demo), [stsSimulator, createIamSimulator()]);
    for (const account of demo) {
      const collected = await collectIam(h, account.accountId);
      expect(collected).toEqual(account.global.iam);
    }
    // The first poll finds the report started, the second complete, then it is read once.
    expect(countActions(h.actions)['GenerateCredentialReport']).toBe(4);
    expect(countActions(h.actions)['GetCredentialReport']).toBe(2);
    h.close();
  });

  it('round-trips paths, boundaries, conditions, commas in names, unattached policies and recorded failures', async () => {
    const iam = richIam();
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator()]);
    const collected = await collectIam(h, TEST_ACCOUNT_ID);
    // The collector keeps customer managed policies even when unattached, and drops unattached AWS managed ones.
    expect(collected).toEqual(iam);
    expect(collected.passwordPolicy).toEqual({ value: null });
    expect(collected.users.value?.find((user) => user.name === 'ops,team')?.mfaDevices.error?.code).toBe('AccessDenied');
    expect(collected.roles.value?.find((role) => role.name === 'cross-account')?.lastUsed).toEqual({});
    h.close();
  });

  it('pages GetAccountAuthorizationDetails by 100 items across the four lists', async () => {
    const users = Array.from({ length: 230 }, (_, index) => iamUser({ name: `user-${String(index).padStart(3, '0')}` }));
    const roles = Array.from({ length: 120 }, (_, index) => iamRole({ name: `role-${String(index).padStart(3, '0')}` }));
    const iam: IamData = { ...richIam(), users: ok(users), roles: ok(roles), groups: ok([]), virtualMfaDevices: ok([]), passwordPolicy: ok(passwordPolicy({ hardExpiry: true, maxPasswordAge: undefined })) };
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator()]);
    const collected = await collectIam(h, TEST_ACCOUNT_ID);
    expect(collected.users).toEqual(ok(users));
    expect(collected.roles).toEqual(ok(roles));
    expect(collected.policies).toEqual(iam.policies);
    expect(collected.passwordPolicy).toEqual(iam.passwordPolicy);
    // 230 users + 120 roles + 4 estate policies + 2 unattached AWS managed policies = 356 items → 4 pages.
    const counts = countActions(h.actions);
    expect(counts['GetAccountAuthorizationDetails']).toBe(4);
    expect(counts['ListAccessKeys']).toBe(230);
    expect(counts['ListMFADevices']).toBe(230);
    h.close();
  });

  it('lists as many unattached AWS managed policies as asked, which the collector pages through and drops', async () => {
    const iam = richIam();
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator({ unattachedAwsManagedPolicies: 1300 })]);
    const collected = await collectIam(h, TEST_ACCOUNT_ID);
    expect(collected.policies).toEqual(iam.policies);
    // 3 users + 2 groups + 3 roles + 4 estate policies + 1,300 unattached = 1,312 items → 14 pages of 100.
    expect(countActions(h.actions)['GetAccountAuthorizationDetails']).toBe(14);
    h.close();
  });

  it('honours MaxItems and Marker on per-user lists', async () => {
    const iam = richIam();
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator()]);
    const client = h.clients(TEST_ACCOUNT_ID).get(IAMClient, 'us-east-1');
    const first = await client.send(new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1 }));
    expect(first.AccessKeyMetadata?.map((key) => key.AccessKeyId)).toEqual(['AKIAALICE00000000001']);
    expect(first.IsTruncated).toBe(true);
    const second = await client.send(new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1, Marker: first.Marker }));
    expect(second.AccessKeyMetadata?.map((key) => key.AccessKeyId)).toEqual(['AKIAALICE00000000002']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
    await expect(client.send(new ListAccessKeysCommand({ UserName: 'alice', Marker: 'bogus' }))).rejects.toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new ListMFADevicesCommand({ UserName: 'nobody' }))).rejects.toMatchObject({ Code: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
    const unassigned = await client.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices?.map((device) => device.SerialNumber)).toEqual([`arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/spare`]);
    h.close();
  });

  it('builds the credential report: not present, then in progress, then complete', async () => {
    const iam = richIam();
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator()]);
    const client = h.clients(TEST_ACCOUNT_ID).get(IAMClient, 'us-east-1');
    await expect(client.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ Code: 'ReportNotPresent', $metadata: { httpStatusCode: 410 } });
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    await expect(client.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ Code: 'ReportInProgress', $metadata: { httpStatusCode: 404 } });
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await client.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    const text = new TextDecoder().decode(report.Content);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
        'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
        'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
        'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    expect(lines[1]).toBe(
      `<root_account>,arn:aws:iam::${TEST_ACCOUNT_ID}:root,2025-04-27T00:00:00+00:00,not_supported,2026-05-29T00:00:00+00:00,not_supported,not_supported,true,` +
        'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    expect(lines[2]).toContain(',true,no_information,2026-05-12T00:00:00+00:00,');
    expect(lines[3]?.startsWith(`"ops,team","arn:aws:iam::${TEST_ACCOUNT_ID}:user/ops,team",`)).toBe(true);
    expect(text).toBe(credentialReportCsv(iam.credentialReport.value ?? []));
    h.close();
  });

  it('returns policy documents URL-encoded, as written, with single values unwrapped', async () => {
    const iam = richIam();
    const h = harness(estateOf([accountSnapshot({ global: { iam } })]), [createIamSimulator()]);
    const client = h.clients(TEST_ACCOUNT_ID).get(IAMClient, 'us-east-1');
    const page = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Group'] }));
    expect(page.UserDetailList).toEqual([]);
    const engineers = page.GroupDetailList?.find((group) => group.GroupName === 'engineers');
    const raw = engineers?.GroupPolicyList?.[0]?.PolicyDocument ?? '';
    expect(raw.startsWith('%7B')).toBe(true);
    expect(raw).toBe(encodePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] }));
    expect(JSON.parse(decodeURIComponent(raw))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

    const policies = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
    const boundary = policies.Policies?.find((policy) => policy.PolicyName === 'boundary');
    // Versions newest first; only the default one carries the estate's document.
    expect(boundary?.PolicyVersionList?.map((version) => [version.VersionId, version.IsDefaultVersion])).toEqual([
      ['v4', true],
      ['v3', false],
      ['v2', false],
    ]);
    expect(policies.Policies?.some((policy) => policy.Arn?.startsWith('arn:aws:iam::aws:'))).toBe(false);
    await expect(client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Nope' as 'User'] }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    h.close();
  });

  it('carries denials and throttling into ApiErrors with the IAM codes and statuses', async () => {
    const iam = richIam();
    const estate = estateOf([accountSnapshot({ global: { iam } })]);
    const denied = harness(estate, [createIamSimulator()], { faults: { serverErrorRate: 0, timeoutRate: 0, deny: (_account, operation) => operation === 'iam:GetAccountSummary' } });
    const collected = await collectIam(denied, TEST_ACCOUNT_ID);
    expect(collected.accountSummary.error).toMatchObject({ api: 'iam:GetAccountSummary', code: 'AccessDenied', httpStatus: 403, region: 'us-east-1' });
    expect(collected.accountSummary.error?.message).toContain('is not authorized to perform: iam:GetAccountSummary');
    expect(collected.users).toEqual(iam.users);
    denied.close();

    // A bucket of one call: the first IAM call is served, every later one is throttled.
    const throttled = harness(estate, [createIamSimulator()], { simRateLimits: [{ pattern: '*', capacity: 1, refillPerSecond: 0.001, source: 'test' }] });
    const client = throttled.clients(TEST_ACCOUNT_ID).get(IAMClient, 'us-east-1');
    const scope = throttled.gateway.scoped({ accountId: TEST_ACCOUNT_ID, region: 'us-east-1' });
    const first = await scope.call('iam:ListMFADevices', (abortSignal) => client.send(new ListMFADevicesCommand({ UserName: 'alice' }), { abortSignal }));
    expect(first.value?.MFADevices?.[0]?.SerialNumber).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice`);
    const second = await scope.call('iam:ListMFADevices', (abortSignal) => client.send(new ListMFADevicesCommand({ UserName: 'alice' }), { abortSignal }));
    expect(second.error).toMatchObject({ api: 'iam:ListMFADevices', code: 'Throttling', httpStatus: 400, message: 'Rate exceeded' });
    expect(throttled.sim.stats.throttled).toBe(1);
    throttled.close();
  });

  it('answers an operation it does not simulate with InvalidAction and counts it', async () => {
    const h = harness(estateOf([accountSnapshot()]), [createIamSimulator()]);
    const client = h.clients(TEST_ACCOUNT_ID).get(IAMClient, 'us-east-1');
    await expect(client.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
    expect(h.sim.stats.unknownOperations).toEqual({ 'iam POST /': 1 });
    h.close();
  });
});
