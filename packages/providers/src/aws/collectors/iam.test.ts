import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { createIamCollector } from './iam.ts';

const mock = mockClient(IAMClient);
afterEach(() => mock.reset());

const ACCOUNT = '123456789012';
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB_ARN = `arn:aws:iam::${ACCOUNT}:user/ops/bob`;
const encode = (document: unknown) => encodeURIComponent(JSON.stringify(document));

// Documents as IAM returns them: URL-encoded JSON (this one verbatim from a GetAccountAuthorizationDetails response).
const EC2_TRUST_POLICY =
  '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D';
const DEPLOY_V1 = encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const DEPLOY_V2 = encode({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: ['s3:PutObject', 'cloudformation:*'], Resource: 'arn:aws:s3:::deploy-bucket/*' }],
});
const ADMIN_DOCUMENT = encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

const REPORT_CSV = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-03-04T10:11:12+00:00,not_supported,2025-05-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `alice,${ALICE_ARN},2021-06-01T12:00:00+00:00,true,2025-06-01T09:30:00+00:00,2025-01-15T00:00:00+00:00,N/A,true,true,2024-02-01T00:00:00+00:00,2025-06-02T10:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `bob,${BOB_ARN},2022-01-01T00:00:00+00:00,false,no_information,N/A,N/A,false,true,2022-01-01T00:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  '',
].join('\n');

/** A small but complete account; tests override single calls after this. */
function mockAccount() {
  mock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  mock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(REPORT_CSV), ReportFormat: 'text/csv', GeneratedTime: new Date('2025-06-10T00:00:00Z') });

  mock
    .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
    .resolves({
      UserDetailList: [
        {
          Path: '/',
          UserName: 'alice',
          UserId: 'AIDAALICEALICEALICE1',
          Arn: ALICE_ARN,
          CreateDate: new Date('2021-06-01T12:00:00Z'),
          UserPolicyList: [{ PolicyName: 'self-service', PolicyDocument: encode({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:ChangePassword', Resource: ALICE_ARN } }) }],
          GroupList: ['admins'],
          AttachedManagedPolicies: [{ PolicyName: 'deploy', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy` }],
          Tags: [{ Key: 'team', Value: 'platform' }],
        },
        {
          Path: '/ops/',
          UserName: 'bob',
          UserId: 'AIDABOBBOBBOBBOBBOB1',
          Arn: BOB_ARN,
          CreateDate: new Date('2022-01-01T00:00:00Z'),
          UserPolicyList: [],
          GroupList: [],
          AttachedManagedPolicies: [],
          PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
          Tags: [],
        },
      ],
      GroupDetailList: [
        {
          Path: '/',
          GroupName: 'admins',
          GroupId: 'AGPAADMINSADMINSADM1',
          Arn: `arn:aws:iam::${ACCOUNT}:group/admins`,
          CreateDate: new Date('2020-01-01T00:00:00Z'),
          GroupPolicyList: [],
          AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        },
      ],
      RoleDetailList: [],
      Policies: [],
      IsTruncated: true,
      Marker: 'AAIAAAAAAAAAAApage2',
    })
    .on(GetAccountAuthorizationDetailsCommand, { Marker: 'AAIAAAAAAAAAAApage2' })
    .resolves({
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [
        {
          Path: '/',
          RoleName: 'app-server',
          RoleId: 'AROAAPPSERVERAPPSER1',
          Arn: `arn:aws:iam::${ACCOUNT}:role/app-server`,
          CreateDate: new Date('2023-02-01T00:00:00Z'),
          AssumeRolePolicyDocument: EC2_TRUST_POLICY,
          InstanceProfileList: [
            {
              Path: '/',
              InstanceProfileName: 'app-server',
              InstanceProfileId: 'AIPAAPPSERVERAPPSER1',
              Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-server`,
              CreateDate: new Date('2023-02-01T00:00:00Z'),
              Roles: [],
            },
          ],
          RolePolicyList: [],
          AttachedManagedPolicies: [{ PolicyName: 'deploy', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy` }],
          Tags: [{ Key: 'env', Value: 'prod' }],
          RoleLastUsed: { LastUsedDate: new Date('2025-06-09T07:00:00Z'), Region: 'eu-west-1' },
        },
        {
          Path: '/aws-service-role/support.amazonaws.com/',
          RoleName: 'AWSServiceRoleForSupport',
          RoleId: 'AROASUPPORTSUPPORTS1',
          Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
          CreateDate: new Date('2019-03-04T10:20:00Z'),
          AssumeRolePolicyDocument: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
          InstanceProfileList: [],
          RolePolicyList: [],
          AttachedManagedPolicies: [{ PolicyName: 'AWSSupportServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy' }],
          Tags: [],
          RoleLastUsed: {},
        },
      ],
      Policies: [
        {
          PolicyName: 'deploy',
          PolicyId: 'ANPADEPLOYDEPLOYDEP1',
          Arn: `arn:aws:iam::${ACCOUNT}:policy/deploy`,
          Path: '/',
          DefaultVersionId: 'v2',
          AttachmentCount: 2,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: new Date('2023-01-01T00:00:00Z'),
          UpdateDate: new Date('2024-01-01T00:00:00Z'),
          PolicyVersionList: [
            { Document: DEPLOY_V1, VersionId: 'v1', IsDefaultVersion: false, CreateDate: new Date('2023-01-01T00:00:00Z') },
            { Document: DEPLOY_V2, VersionId: 'v2', IsDefaultVersion: true, CreateDate: new Date('2024-01-01T00:00:00Z') },
          ],
        },
        {
          PolicyName: 'unused-draft',
          PolicyId: 'ANPAUNUSEDDRAFTUNUS1',
          Arn: `arn:aws:iam::${ACCOUNT}:policy/drafts/unused-draft`,
          Path: '/drafts/',
          DefaultVersionId: 'v1',
          AttachmentCount: 0,
          IsAttachable: true,
          PolicyVersionList: [{ Document: ADMIN_DOCUMENT, VersionId: 'v1', IsDefaultVersion: true }],
        },
        {
          PolicyName: 'AdministratorAccess',
          PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
          Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          Path: '/',
          DefaultVersionId: 'v1',
          AttachmentCount: 1,
          IsAttachable: true,
          PolicyVersionList: [{ Document: ADMIN_DOCUMENT, VersionId: 'v1', IsDefaultVersion: true }],
        },
        {
          PolicyName: 'ReadOnlyAccess',
          PolicyId: 'ANPAILL3HVNFSB6DCOWYQ',
          Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          Path: '/',
          DefaultVersionId: 'v120',
          AttachmentCount: 0,
          IsAttachable: true,
          PolicyVersionList: [{ Document: encode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*'], Resource: '*' }] }), VersionId: 'v120', IsDefaultVersion: true }],
        },
      ],
      IsTruncated: false,
    });

  mock
    .on(ListAccessKeysCommand, { UserName: 'alice' })
    .resolves({ AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAALICEKEY00000001', Status: 'Active', CreateDate: new Date('2024-02-01T00:00:00Z') }], IsTruncated: false })
    .on(ListAccessKeysCommand, { UserName: 'bob' })
    .resolves({ AccessKeyMetadata: [{ UserName: 'bob', AccessKeyId: 'AKIABOBKEY0000000001', Status: 'Active', CreateDate: new Date('2022-01-01T00:05:00Z') }], IsTruncated: false });
  mock
    .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAALICEKEY00000001' })
    .resolves({ UserName: 'alice', AccessKeyLastUsed: { LastUsedDate: new Date('2025-06-02T10:00:00Z'), ServiceName: 's3', Region: 'us-east-1' } })
    // A key that was never used: no date, service and region N/A.
    .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIABOBKEY0000000001' })
    .resolves({ UserName: 'bob', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
  mock
    .on(ListMFADevicesCommand, { UserName: 'alice' })
    .resolves({ MFADevices: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, EnableDate: new Date('2021-06-02T00:00:00Z') }], IsTruncated: false })
    .on(ListMFADevicesCommand, { UserName: 'bob' })
    .resolves({ MFADevices: [], IsTruncated: false });

  mock.on(GetAccountPasswordPolicyCommand).resolves({
    PasswordPolicy: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    },
  });
  mock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2, Roles: 2, Groups: 1, Policies: 2 } });
  mock
    .on(ListVirtualMFADevicesCommand, { Marker: undefined })
    .resolves({
      VirtualMFADevices: [
        {
          SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
          User: { Path: '/', UserName: ACCOUNT, UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, CreateDate: new Date('2019-03-04T10:11:12Z') },
          EnableDate: new Date('2019-03-05T00:00:00Z'),
        },
      ],
      IsTruncated: true,
      Marker: 'mfa-page-2',
    })
    .on(ListVirtualMFADevicesCommand, { Marker: 'mfa-page-2' })
    .resolves({
      VirtualMFADevices: [
        {
          SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`,
          User: { Path: '/', UserName: 'alice', UserId: 'AIDAALICEALICEALICE1', Arn: ALICE_ARN, CreateDate: new Date('2021-06-01T12:00:00Z') },
          EnableDate: new Date('2021-06-02T00:00:00Z'),
        },
        { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/unassigned` },
      ],
      IsTruncated: false,
    });
  mock.on(ListServerCertificatesCommand).resolves({
    ServerCertificateMetadataList: [
      {
        Path: '/cloudfront/',
        ServerCertificateName: 'legacy-www',
        ServerCertificateId: 'ASCALEGACYWWWLEGACY1',
        Arn: `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/legacy-www`,
        UploadDate: new Date('2020-05-01T00:00:00Z'),
        Expiration: new Date('2021-05-01T00:00:00Z'),
      },
    ],
    IsTruncated: false,
  });
}

const noWait = () => createIamCollector({ sleep: async () => {} });

describe('iam collector', () => {
  it('collects a realistic account', async () => {
    mockAccount();
    const data = await noWait().collect(testCollectorContext());

    expect(data.users.value).toEqual([
      {
        name: 'alice',
        id: 'AIDAALICEALICEALICE1',
        arn: ALICE_ARN,
        path: '/',
        createDate: '2021-06-01T12:00:00.000Z',
        tags: { team: 'platform' },
        groups: ['admins'],
        attachedPolicies: [{ name: 'deploy', arn: `arn:aws:iam::${ACCOUNT}:policy/deploy` }],
        inlinePolicies: [
          { name: 'self-service', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: [ALICE_ARN] }] } },
        ],
        accessKeys: {
          value: [
            {
              id: 'AKIAALICEKEY00000001',
              status: 'Active',
              createDate: '2024-02-01T00:00:00.000Z',
              lastUsed: { value: { date: '2025-06-02T10:00:00.000Z', region: 'us-east-1', service: 's3' } },
            },
          ],
        },
        mfaDevices: { value: [{ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, enableDate: '2021-06-02T00:00:00.000Z' }] },
      },
      {
        name: 'bob',
        id: 'AIDABOBBOBBOBBOBBOB1',
        arn: BOB_ARN,
        path: '/ops/',
        createDate: '2022-01-01T00:00:00.000Z',
        tags: {},
        groups: [],
        attachedPolicies: [],
        inlinePolicies: [],
        permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
        accessKeys: { value: [{ id: 'AKIABOBKEY0000000001', status: 'Active', createDate: '2022-01-01T00:05:00.000Z', lastUsed: { value: null } }] },
        mfaDevices: { value: [] },
      },
    ]);

    expect(data.groups.value).toEqual([
      {
        name: 'admins',
        id: 'AGPAADMINSADMINSADM1',
        arn: `arn:aws:iam::${ACCOUNT}:group/admins`,
        path: '/',
        createDate: '2020-01-01T00:00:00.000Z',
        attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        inlinePolicies: [],
      },
    ]);

    expect(data.roles.value).toEqual([
      {
        name: 'app-server',
        id: 'AROAAPPSERVERAPPSER1',
        arn: `arn:aws:iam::${ACCOUNT}:role/app-server`,
        path: '/',
        createDate: '2023-02-01T00:00:00.000Z',
        tags: { env: 'prod' },
        assumeRolePolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
        },
        attachedPolicies: [{ name: 'deploy', arn: `arn:aws:iam::${ACCOUNT}:policy/deploy` }],
        inlinePolicies: [],
        instanceProfileArns: [`arn:aws:iam::${ACCOUNT}:instance-profile/app-server`],
        lastUsed: { date: '2025-06-09T07:00:00.000Z', region: 'eu-west-1' },
        serviceLinked: false,
      },
      expect.objectContaining({ name: 'AWSServiceRoleForSupport', serviceLinked: true, lastUsed: {}, instanceProfileArns: [] }),
    ]);

    // Customer managed policies are all kept; AWS managed ones only when attached (ReadOnlyAccess is not).
    expect(data.policies.value?.map((policy) => [policy.arn, policy.awsManaged, policy.attachmentCount])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:policy/deploy`, false, 2],
      [`arn:aws:iam::${ACCOUNT}:policy/drafts/unused-draft`, false, 0],
      ['arn:aws:iam::aws:policy/AdministratorAccess', true, 1],
    ]);
    expect(data.policies.value?.[0]).toEqual({
      name: 'deploy',
      id: 'ANPADEPLOYDEPLOYDEP1',
      arn: `arn:aws:iam::${ACCOUNT}:policy/deploy`,
      path: '/',
      awsManaged: false,
      attachmentCount: 2,
      defaultVersionId: 'v2',
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: ['s3:PutObject', 'cloudformation:*'], Resource: ['arn:aws:s3:::deploy-bucket/*'] }],
      },
    });
    expect(data.policies.value?.[2]?.document.Statement).toEqual([{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }]);

    expect(data.credentialReport.value?.map((row) => [row.user, row.arn, row.passwordEnabled, row.mfaActive])).toEqual([
      ['<root_account>', `arn:aws:iam::${ACCOUNT}:root`, 'not_supported', true],
      ['alice', ALICE_ARN, true, true],
      ['bob', BOB_ARN, false, false],
    ]);
    expect(data.credentialReport.value?.[2]?.accessKeys[0]).toEqual({
      active: true,
      lastRotated: '2022-01-01T00:05:00.000Z',
      lastUsedDate: null,
      lastUsedRegion: null,
      lastUsedService: null,
    });

    expect(data.passwordPolicy.value).toEqual({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
      expirePasswords: true,
      maxPasswordAge: 90,
      passwordReusePrevention: 24,
      hardExpiry: false,
    });
    expect(data.accountSummary.value).toEqual({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2, Roles: 2, Groups: 1, Policies: 2 });
    expect(data.virtualMfaDevices.value).toEqual([
      { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: `arn:aws:iam::${ACCOUNT}:root`, enableDate: '2019-03-05T00:00:00.000Z' },
      { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, userArn: ALICE_ARN, enableDate: '2021-06-02T00:00:00.000Z' },
      { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/unassigned` },
    ]);
    expect(data.serverCertificates.value).toEqual([
      {
        name: 'legacy-www',
        id: 'ASCALEGACYWWWLEGACY1',
        arn: `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/legacy-www`,
        path: '/cloudfront/',
        uploadDate: '2020-05-01T00:00:00.000Z',
        expiration: '2021-05-01T00:00:00.000Z',
      },
    ]);

    const authorizationCalls = mock.commandCalls(GetAccountAuthorizationDetailsCommand);
    expect(authorizationCalls).toHaveLength(2);
    expect(authorizationCalls[0]!.args[0].input.Filter).toEqual(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  });

  it('polls GenerateCredentialReport until the report is complete', async () => {
    mockAccount();
    mock.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' }).resolves({ State: 'COMPLETE' });
    const sleep = vi.fn(async () => {});
    const data = await createIamCollector({ sleep, reportPollDelayMs: 250 }).collect(testCollectorContext());
    expect(mock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
    expect(sleep).toHaveBeenCalledExactlyOnceWith(250);
    expect(mock.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(data.credentialReport.value?.map((row) => row.user)).toEqual(['<root_account>', 'alice', 'bob']);
  });

  it('gives up with ReportNotReady when the report never completes', async () => {
    mockAccount();
    mock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const data = await createIamCollector({ sleep: async () => {}, reportMaxPolls: 4 }).collect(testCollectorContext());
    expect(mock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(4);
    expect(mock.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
    expect(data.credentialReport.error).toMatchObject({ api: 'iam:GenerateCredentialReport', code: 'ReportNotReady', region: 'us-east-1' });
  });

  it('carries the error code when GetCredentialReport is denied', async () => {
    mockAccount();
    mock
      .on(GetCredentialReportCommand)
      .rejects(sdkError('AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GetCredentialReport`, 403));
    const data = await noWait().collect(testCollectorContext());
    expect(data.credentialReport.value).toBeUndefined();
    expect(data.credentialReport.error).toMatchObject({ api: 'iam:GetCredentialReport', code: 'AccessDenied', httpStatus: 403 });
    expect(data.users.value).toHaveLength(2);
  });

  it('reports a malformed credential report as an error, not as no users', async () => {
    mockAccount();
    mock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode('user,arn\n<root_account>'), ReportFormat: 'text/csv' });
    const data = await noWait().collect(testCollectorContext());
    expect(data.credentialReport.error).toMatchObject({ api: 'iam:GetCredentialReport', code: 'MalformedCredentialReport', region: 'us-east-1' });
  });

  it('returns null for the password policy when the account has none (NoSuchEntity)', async () => {
    mockAccount();
    // Shaped as the SDK throws it: the class name plus the service's own Code.
    const noSuchEntity = Object.assign(sdkError('NoSuchEntityException', `The Password Policy with domain name ${ACCOUNT} cannot be found.`, 404), { Code: 'NoSuchEntity' });
    mock.on(GetAccountPasswordPolicyCommand).rejects(noSuchEntity);
    const data = await noWait().collect(testCollectorContext());
    expect(data.passwordPolicy).toEqual({ value: null });
  });

  it('keeps other failures of GetAccountPasswordPolicy as errors', async () => {
    mockAccount();
    mock.on(GetAccountPasswordPolicyCommand).rejects(sdkError('AccessDenied', 'not authorized', 403));
    const data = await noWait().collect(testCollectorContext());
    expect(data.passwordPolicy.error).toMatchObject({ api: 'iam:GetAccountPasswordPolicy', code: 'AccessDenied' });
  });

  it("puts one user's denied ListAccessKeys on that user, naming the user", async () => {
    mockAccount();
    mock.on(ListAccessKeysCommand, { UserName: 'alice' }).rejects(sdkError('AccessDenied', 'not authorized to perform: iam:ListAccessKeys', 403));
    const data = await noWait().collect(testCollectorContext());
    const [alice, bob] = data.users.value ?? [];
    expect(alice?.accessKeys.error).toMatchObject({ api: 'iam:ListAccessKeys', code: 'AccessDenied', resourceUid: ALICE_ARN });
    expect(alice?.mfaDevices.value).toHaveLength(1);
    expect(bob?.accessKeys.value?.map((key) => key.id)).toEqual(['AKIABOBKEY0000000001']);
  });

  it('puts a failed GetAccessKeyLastUsed on that key', async () => {
    mockAccount();
    mock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAALICEKEY00000001' }).rejects(sdkError('AccessDenied', 'denied', 403));
    const data = await noWait().collect(testCollectorContext());
    const aliceKey = data.users.value?.[0]?.accessKeys.value?.[0];
    expect(aliceKey?.id).toBe('AKIAALICEKEY00000001');
    expect(aliceKey?.lastUsed.error).toMatchObject({ api: 'iam:GetAccessKeyLastUsed', code: 'AccessDenied', resourceUid: ALICE_ARN });
  });

  it('gives users, groups, roles and policies the same error when authorization details fail', async () => {
    mockAccount();
    mock.on(GetAccountAuthorizationDetailsCommand).rejects(sdkError('AccessDenied', 'not authorized to perform: iam:GetAccountAuthorizationDetails', 403));
    const data = await noWait().collect(testCollectorContext());
    const expected = { api: 'iam:GetAccountAuthorizationDetails', code: 'AccessDenied', region: 'us-east-1', httpStatus: 403 };
    expect(data.users.error).toMatchObject(expected);
    expect(data.groups.error).toMatchObject(expected);
    expect(data.roles.error).toMatchObject(expected);
    expect(data.policies.error).toMatchObject(expected);
    expect(mock.commandCalls(ListAccessKeysCommand)).toHaveLength(0);
    expect(data.accountSummary.value).toMatchObject({ AccountMFAEnabled: 1 });
  });

  it('fails only the list holding an unreadable policy document', async () => {
    mockAccount();
    mock.on(GetAccountAuthorizationDetailsCommand, { Marker: 'AAIAAAAAAAAAAApage2' }).resolves({
      RoleDetailList: [
        { Path: '/', RoleName: 'broken', RoleId: 'AROABROKENBROKENBRO1', Arn: `arn:aws:iam::${ACCOUNT}:role/broken`, AssumeRolePolicyDocument: '%7B%22Statement%22%3A' },
      ],
      Policies: [],
      IsTruncated: false,
    });
    const data = await noWait().collect(testCollectorContext());
    expect(data.roles.error).toMatchObject({ api: 'iam:GetAccountAuthorizationDetails', code: 'MalformedPolicyDocument', resourceUid: `arn:aws:iam::${ACCOUNT}:role/broken` });
    expect(data.users.value).toHaveLength(2);
    expect(data.policies.value).toEqual([]);
  });

  it('carries list errors for the account summary, virtual MFA devices and server certificates', async () => {
    mockAccount();
    mock.on(GetAccountSummaryCommand).rejects(sdkError('AccessDenied', 'denied', 403));
    mock.on(ListVirtualMFADevicesCommand, { Marker: 'mfa-page-2' }).rejects(sdkError('AccessDenied', 'denied', 403));
    mock.on(ListServerCertificatesCommand).rejects(sdkError('ServiceFailure', 'internal', 500));
    const data = await noWait().collect(testCollectorContext());
    expect(data.accountSummary.error).toMatchObject({ api: 'iam:GetAccountSummary', code: 'AccessDenied' });
    // A failed second page fails the whole list: a partial list would look complete.
    expect(data.virtualMfaDevices.error).toMatchObject({ api: 'iam:ListVirtualMFADevices', code: 'AccessDenied' });
    expect(data.serverCertificates.error).toMatchObject({ api: 'iam:ListServerCertificates', code: 'ServiceFailure', httpStatus: 500 });
  });
});

describe('iam collector detail cap', () => {
  it('keeps users past limits.iamUsers with DetailCapReached on their keys and MFA devices', async () => {
    mockAccount();
    const data = await noWait().collect({ ...testCollectorContext(), limits: { iamUsers: 1 } });
    const [alice, bob] = data.users.value ?? [];
    expect(alice?.accessKeys.value?.map((key) => key.id)).toEqual(['AKIAALICEKEY00000001']);
    expect(bob).toMatchObject({ name: 'bob', arn: BOB_ARN });
    expect(bob?.accessKeys.error).toMatchObject({ api: 'iam:ListAccessKeys', code: 'DetailCapReached', resourceUid: BOB_ARN });
    expect(bob?.mfaDevices.error).toMatchObject({ api: 'iam:ListMFADevices', code: 'DetailCapReached', resourceUid: BOB_ARN });
    expect(bob?.mfaDevices.error?.message).toContain('limits.iamUsers');
    expect(mock.commandCalls(ListAccessKeysCommand).map((call) => call.args[0].input.UserName)).toEqual(['alice']);
  });
});

describe('iam collector in a targeted re-scan', () => {
  it('details only the named users, matched by name whatever their path', async () => {
    mockAccount();
    // bob lives under /ops/; the event names him without the path.
    const data = await noWait().collect({ ...testCollectorContext(), targets: new Set([`arn:aws:iam::${ACCOUNT}:user/bob`, 'arn:aws:s3:::bucket']) });
    expect(data.users.value?.map((user) => user.arn)).toEqual([BOB_ARN]);
    expect(mock.commandCalls(ListAccessKeysCommand).map((call) => call.args[0].input.UserName)).toEqual(['bob']);
    expect(mock.commandCalls(ListMFADevicesCommand).map((call) => call.args[0].input.UserName)).toEqual(['bob']);
    // What the user checks read besides the user is read as always.
    expect(data.credentialReport.value?.length).toBeGreaterThan(0);
  });

  it('keeps no user when the named one is gone', async () => {
    mockAccount();
    const data = await noWait().collect({ ...testCollectorContext(), targets: new Set([`arn:aws:iam::${ACCOUNT}:user/deleted`]) });
    expect(data.users).toEqual({ value: [] });
    expect(mock.commandCalls(ListAccessKeysCommand)).toHaveLength(0);
  });
});
