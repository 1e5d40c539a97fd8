/**
 * Seeds an AWS-compatible emulator with a deliberately misconfigured account — and a correctly
 * configured counterpart of most weaknesses — through the real SDK clients, so a live scan has a
 * FAIL and a PASS to find for most checks.
 *
 * Each scenario runs in an account of its own, reached by AssumeRole (the emulator switches
 * accounts on the role ARN's account id), so a run needs no reset and leaves other users of a
 * shared emulator alone. Names that are global across accounts (buckets) carry a run suffix.
 */
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateImageCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

export const REGION = 'us-east-1';
const TRAIL_LOG_GROUP = 'cloudtrail-events';
const INSTANCE_PROFILE = 'app-server';

/** Any key pair works with the emulator; it maps these to its default account. */
export const DEFAULT_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A fresh 12-digit account id, so every run seeds an account nobody else has touched. */
export function randomAccountId(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000));
}

/** Credentials acting in `accountId`: the emulator accepts AssumeRole into any account's role. */
export async function credentialsFor(endpoint: string, accountId: string, roleName = 'palisade-seed'): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ endpoint, region: REGION, credentials: DEFAULT_CREDENTIALS });
  const { Credentials: credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'seed' }),
  );
  sts.destroy();
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}) };
}

/** What was seeded, by the uid the findings carry. */
export interface SeededAccount {
  readonly accountId: string;
  readonly root: string;
  readonly users: { readonly consoleWithoutMfa: string; readonly consoleWithMfa: string; readonly staleKeys: string; readonly freshKeys: string };
  readonly policies: { readonly admin: string; readonly notActionAdmin: string; readonly powerUser: string; readonly scoped: string };
  readonly roles: {
    readonly crossAccountWithoutExternalId: string;
    readonly crossAccountWithExternalId: string;
    readonly appServer: string;
  };
  readonly groups: { readonly inlineAdmin: string };
  readonly serverCertificates: { readonly legacy: string };
  readonly buckets: {
    readonly public: string;
    readonly policyOnlyPublic: string;
    readonly accountOnlyPolicy: string;
    readonly plain: string;
    readonly hardened: string;
    readonly trailLogs: string;
  };
  readonly securityGroups: { readonly openAdminPorts: string; readonly restricted: string; readonly default: string };
  readonly vpcs: { readonly withoutFlowLogs: string; readonly withFlowLogs: string };
  readonly volumes: { readonly unencrypted: string; readonly encrypted: string };
  readonly snapshots: { readonly publicUnencrypted: string; readonly privateEncrypted: string };
  readonly instances: { readonly exposed: string; readonly hardened: string };
  readonly images: { readonly public: string; readonly private: string };
  readonly routeTables: { readonly peeringToEverything: string; readonly peeringToSubnet: string };
  readonly trails: { readonly singleRegionUnvalidated: string; readonly multiRegionValidated: string };
  readonly kmsKeys: { readonly withoutRotation: string; readonly withRotation: string };
  readonly logGroups: { readonly neverExpiring: string; readonly shortRetention: string; readonly longRetention: string };
  readonly topics: { readonly public: string; readonly encrypted: string };
  readonly dbInstances: { readonly public: string; readonly private: string };
  readonly dbSnapshots: { readonly public: string; readonly private: string };
  readonly fileSystems: { readonly unencrypted: string; readonly encrypted: string };
}

interface ClientOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
}

/** Seeds the misconfigured account `accountId` (see the file header). `suffix` keeps bucket names unique. */
export async function seedMisconfiguredAccount(endpoint: string, accountId: string, suffix: string): Promise<SeededAccount> {
  const options: ClientOptions = { endpoint, region: REGION, credentials: await credentialsFor(endpoint, accountId) };
  const iam = await seedIam(options, accountId);
  await backdateUser(endpoint, accountId, 'stale-keys', { days: 200, password_last_used_days: 120, key_last_used_days: 100 });
  const buckets = await seedS3(options, accountId, suffix);
  const network = await seedEc2(options, accountId);
  const kmsKeys = await seedKms(options);
  const trails = await seedCloudTrail(options, accountId, buckets.trailLogs, kmsKeys.withRotationId);
  await seedRootUsageAlarm(options);
  await seedAccountServices(options, accountId, buckets.trailLogs);
  const logGroups = await seedLogs(options, accountId);
  const topics = await seedSns(options, accountId, kmsKeys.withRotationId);
  const rds = await seedRds(options, accountId);
  const fileSystems = await seedEfs(options, accountId);
  return {
    accountId,
    root: `arn:aws:iam::${accountId}:root`,
    ...iam,
    buckets: {
      public: `arn:aws:s3:::${buckets.public}`,
      policyOnlyPublic: `arn:aws:s3:::${buckets.policyOnlyPublic}`,
      accountOnlyPolicy: `arn:aws:s3:::${buckets.accountOnlyPolicy}`,
      plain: `arn:aws:s3:::${buckets.plain}`,
      hardened: `arn:aws:s3:::${buckets.hardened}`,
      trailLogs: `arn:aws:s3:::${buckets.trailLogs}`,
    },
    ...network,
    trails,
    kmsKeys: { withoutRotation: kmsKeys.withoutRotation, withRotation: kmsKeys.withRotation },
    logGroups,
    topics,
    ...rds,
    fileSystems,
  };
}

async function seedIam({ endpoint, region, credentials }: ClientOptions, accountId: string) {
  const iam = new IAMClient({ endpoint, region, credentials });
  const arn = (kind: string, name: string) => `arn:aws:iam::${accountId}:${kind}/${name}`;

  // Console access without MFA, and with a virtual MFA device.
  for (const user of ['console-no-mfa', 'console-with-mfa']) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: 'Initial-Password-123!' }));
  }
  const { VirtualMFADevice: device } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'console-with-mfa' }));
  if (!device?.SerialNumber) throw new Error('CreateVirtualMFADevice returned no serial number');
  await iam.send(
    new EnableMFADeviceCommand({ UserName: 'console-with-mfa', SerialNumber: device.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }),
  );
  // Keys back-dated past rotation and unused for 100 days, a console password last used 120 days
  // ago (see backdateUser); and a fresh counterpart.
  for (const user of ['stale-keys', 'fresh-keys']) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new CreateAccessKeyCommand({ UserName: user }));
  }
  await iam.send(new CreateLoginProfileCommand({ UserName: 'stale-keys', Password: 'Initial-Password-123!' }));

  const createPolicy = async (name: string, statement: object[]) => {
    const { Policy: policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statement }) }),
    );
    if (!policy?.Arn) throw new Error(`CreatePolicy ${name} returned no ARN`);
    return policy.Arn;
  };
  const admin = await createPolicy('allow-everything', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  // NotAction leaving out only billing still grants IAM, hence everything.
  const notActionAdmin = await createPolicy('everything-but-billing', [{ Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: '*' }]);
  // The power-user shape leaves out all of IAM: not administrative.
  const powerUser = await createPolicy('power-user', [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }]);
  const scoped = await createPolicy('read-reports', [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::reports/*' }]);

  const trust = (principal: string, condition?: object) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
    });
  await iam.send(new CreateRoleCommand({ RoleName: 'vendor-no-external-id', AssumeRolePolicyDocument: trust('arn:aws:iam::999999999999:root') }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'vendor-with-external-id',
      AssumeRolePolicyDocument: trust('arn:aws:iam::999999999999:root', { StringEquals: { 'sts:ExternalId': 'a-shared-secret' } }),
    }),
  );
  // Customer policies are judged where attached: the admin ones on a role, the scoped one on a user.
  for (const policy of [admin, notActionAdmin, powerUser]) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'vendor-with-external-id', PolicyArn: policy }));
  }
  await iam.send(new AttachUserPolicyCommand({ UserName: 'fresh-keys', PolicyArn: scoped }));

  // Administrator access inline on a group. (AWS managed policies cannot be attached: the emulator
  // does not load them.)
  const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'inline-admin', PolicyDocument: everything }));
  const ec2Trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  // An instance profile (with a narrow inline policy) for the hardened instance.
  await iam.send(new CreateRoleCommand({ RoleName: 'app-server', AssumeRolePolicyDocument: ec2Trust }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'app-server',
      PolicyName: 'read-config',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }] }),
    }),
  );
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: INSTANCE_PROFILE }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: INSTANCE_PROFILE, RoleName: 'app-server' }));
  // The emulator reports every server certificate with an expiry date in 2012, whatever its body.
  await iam.send(
    new UploadServerCertificateCommand({
      ServerCertificateName: 'legacy-site',
      CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      PrivateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
    }),
  );

  // Weak in length, reuse and expiry; lower case is required (a PASS counterpart).
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 8,
      RequireLowercaseCharacters: true,
      RequireUppercaseCharacters: false,
      RequireNumbers: false,
      RequireSymbols: false,
      PasswordReusePrevention: 1,
    }),
  );
  iam.destroy();
  return {
    users: {
      consoleWithoutMfa: arn('user', 'console-no-mfa'),
      consoleWithMfa: arn('user', 'console-with-mfa'),
      staleKeys: arn('user', 'stale-keys'),
      freshKeys: arn('user', 'fresh-keys'),
    },
    policies: { admin, notActionAdmin, powerUser, scoped },
    roles: {
      crossAccountWithoutExternalId: arn('role', 'vendor-no-external-id'),
      crossAccountWithExternalId: arn('role', 'vendor-with-external-id'),
      appServer: arn('role', 'app-server'),
    },
    groups: { inlineAdmin: arn('group', 'admins') },
    serverCertificates: { legacy: arn('server-certificate', 'legacy-site') },
  };
}

/** The emulator-only endpoint that ages a user, its login profile and its keys. */
async function backdateUser(endpoint: string, account: string, user: string, ages: { days: number; password_last_used_days?: number; key_last_used_days?: number }) {
  const response = await fetch(new URL('/_emulator/backdate-user', endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, account, ...ages }),
  });
  if (!response.ok) throw new Error(`backdate-user ${user}: HTTP ${response.status} ${await response.text()}`);
}

async function seedS3({ endpoint, region, credentials }: ClientOptions, accountId: string, suffix: string) {
  const s3 = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  const names = {
    public: `public-site-${suffix}`,
    policyOnlyPublic: `policy-public-${suffix}`,
    accountOnlyPolicy: `account-only-${suffix}`,
    plain: `plain-data-${suffix}`,
    hardened: `hardened-data-${suffix}`,
    trailLogs: `trail-logs-${suffix}`,
  };
  for (const name of Object.values(names)) await s3.send(new CreateBucketCommand({ Bucket: name }));

  // Public through both the ACL and the policy; no bucket-level public access block.
  await s3.send(new PutBucketAclCommand({ Bucket: names.public, ACL: 'public-read' }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.public,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${names.public}/*` }],
      }),
    }),
  );

  // Public through the policy alone: private ACL, no bucket-level public access block. The
  // emulator cannot say whether a policy is public (GetBucketPolicyStatus), so only the document
  // itself shows it.
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.policyOnlyPublic,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${names.policyOnlyPublic}/*` }],
      }),
    }),
  );
  // A policy that grants only the account itself, no public access block: not public, but with no
  // GetBucketPolicyStatus answer nothing may call it so.
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.accountOnlyPolicy,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AccountRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${names.accountOnlyPolicy}/*` },
        ],
      }),
    }),
  );

  // Hardened: every block on, KMS default encryption, versioning, TLS-only policy.
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: names.hardened,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: names.hardened,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: names.hardened, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: names.hardened,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${names.hardened}`, `arn:aws:s3:::${names.hardened}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    }),
  );
  // The plain bucket keeps the defaults: no encryption configuration, no versioning.
  s3.destroy();
  return names;
}

async function seedEc2({ endpoint, region, credentials }: ClientOptions, accountId: string) {
  const ec2 = new EC2Client({ endpoint, region, credentials });
  const { Vpcs: vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  const defaultVpc = vpcs?.[0]?.VpcId;
  if (!defaultVpc) throw new Error('the emulator created no default VPC');
  const sgArn = (id: string) => `arn:aws:ec2:${region}:${accountId}:security-group/${id}`;

  const createGroup = async (name: string) => {
    const { GroupId: id } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: defaultVpc }));
    if (!id) throw new Error(`CreateSecurityGroup ${name} returned no id`);
    return id;
  };
  const openAdminPorts = await createGroup('open-admin-ports');
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: openAdminPorts,
      IpPermissions: [22, 3389].map((port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })),
    }),
  );
  const restricted = await createGroup('office-ssh-only');
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: restricted,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
    }),
  );
  // The default group keeps the rules it is created with (ingress from itself, egress anywhere).
  const { SecurityGroups: defaults } = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [defaultVpc] }, { Name: 'group-name', Values: ['default'] }] }),
  );
  const defaultGroup = defaults?.[0]?.GroupId;
  if (!defaultGroup) throw new Error('the default VPC has no default security group');

  const createVpc = async (cidr: string) => {
    const { Vpc: vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    if (!vpc?.VpcId) throw new Error(`CreateVpc ${cidr} returned no id`);
    return vpc.VpcId;
  };
  const withoutFlowLogs = await createVpc('10.10.0.0/16');
  const withFlowLogs = await createVpc('10.20.0.0/16');
  await ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [withFlowLogs],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: 'vpc-flow-logs',
      DeliverLogsPermissionArn: `arn:aws:iam::${accountId}:role/flow-logs`,
    }),
  );

  const createVolume = async (encrypted: boolean) => {
    const { VolumeId: id } = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8, Encrypted: encrypted }));
    if (!id) throw new Error('CreateVolume returned no id');
    return id;
  };
  const unencrypted = await createVolume(false);
  const encrypted = await createVolume(true);
  await ec2.send(new DisableEbsEncryptionByDefaultCommand({}));

  const createSnapshot = async (volume: string) => {
    const { SnapshotId: id } = await ec2.send(new CreateSnapshotCommand({ VolumeId: volume }));
    if (!id) throw new Error('CreateSnapshot returned no id');
    return id;
  };
  const publicSnapshot = await createSnapshot(unencrypted);
  await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: publicSnapshot, Attribute: 'createVolumePermission', OperationType: 'add', GroupNames: ['all'] }));
  const privateSnapshot = await createSnapshot(encrypted);

  // The emulator starts instances from any image id (its public images are not loaded).
  const runInstance = async (hardened: boolean) => {
    const { Instances: [instance] = [] } = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12345678',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        ...(hardened ? { MetadataOptions: { HttpTokens: 'required' }, IamInstanceProfile: { Name: INSTANCE_PROFILE } } : {}),
      }),
    );
    if (!instance?.InstanceId) throw new Error('RunInstances returned no instance');
    return instance.InstanceId;
  };
  const exposed = await runInstance(false);
  const hardened = await runInstance(true);
  const createImage = async (name: string) => {
    const { ImageId: id } = await ec2.send(new CreateImageCommand({ InstanceId: hardened, Name: name }));
    if (!id) throw new Error('CreateImage returned no id');
    return id;
  };
  const publicImage = await createImage('shared-golden-image');
  await ec2.send(new ModifyImageAttributeCommand({ ImageId: publicImage, LaunchPermission: { Add: [{ Group: 'all' }] } }));
  const privateImage = await createImage('private-golden-image');

  // Peering between the two new VPCs: one side routes everything over it, the other one subnet.
  const { VpcPeeringConnection: peering } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: withoutFlowLogs, PeerVpcId: withFlowLogs }));
  const peeringId = peering?.VpcPeeringConnectionId;
  if (!peeringId) throw new Error('CreateVpcPeeringConnection returned no id');
  await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
  const routeOverPeering = async (vpc: string, destination: string) => {
    const { RouteTable: table } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }));
    if (!table?.RouteTableId) throw new Error('CreateRouteTable returned no id');
    await ec2.send(new CreateRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: destination, VpcPeeringConnectionId: peeringId }));
    return table.RouteTableId;
  };
  const peeringToEverything = await routeOverPeering(withoutFlowLogs, '0.0.0.0/0');
  const peeringToSubnet = await routeOverPeering(withFlowLogs, '10.10.1.0/24');
  ec2.destroy();
  const ec2Arn = (resource: string) => `arn:aws:ec2:${region}:${accountId}:${resource}`;
  return {
    securityGroups: { openAdminPorts: sgArn(openAdminPorts), restricted: sgArn(restricted), default: sgArn(defaultGroup) },
    vpcs: { withoutFlowLogs: ec2Arn(`vpc/${withoutFlowLogs}`), withFlowLogs: ec2Arn(`vpc/${withFlowLogs}`) },
    volumes: { unencrypted: ec2Arn(`volume/${unencrypted}`), encrypted: ec2Arn(`volume/${encrypted}`) },
    snapshots: { publicUnencrypted: ec2Arn(`snapshot/${publicSnapshot}`), privateEncrypted: ec2Arn(`snapshot/${privateSnapshot}`) },
    instances: { exposed: ec2Arn(`instance/${exposed}`), hardened: ec2Arn(`instance/${hardened}`) },
    images: { public: ec2Arn(`image/${publicImage}`), private: ec2Arn(`image/${privateImage}`) },
    routeTables: { peeringToEverything: ec2Arn(`route-table/${peeringToEverything}`), peeringToSubnet: ec2Arn(`route-table/${peeringToSubnet}`) },
  };
}

async function seedKms({ endpoint, region, credentials }: ClientOptions) {
  const kms = new KMSClient({ endpoint, region, credentials });
  const createKey = async (description: string) => {
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ Description: description }));
    if (!key?.KeyId || !key.Arn) throw new Error('CreateKey returned no key');
    return key;
  };
  const withoutRotation = await createKey('never rotated');
  const withRotation = await createKey('rotated yearly');
  await kms.send(new EnableKeyRotationCommand({ KeyId: withRotation.KeyId }));
  kms.destroy();
  return { withoutRotation: withoutRotation.Arn as string, withRotation: withRotation.Arn as string, withRotationId: withRotation.KeyId as string };
}

async function seedCloudTrail({ endpoint, region, credentials }: ClientOptions, accountId: string, bucket: string, kmsKeyId: string) {
  const cloudtrail = new CloudTrailClient({ endpoint, region, credentials });
  const logs = new CloudWatchLogsClient({ endpoint, region, credentials });
  await logs.send(new CreateLogGroupCommand({ logGroupName: TRAIL_LOG_GROUP }));
  logs.destroy();
  await cloudtrail.send(new CreateTrailCommand({ Name: 'single-region-unvalidated', S3BucketName: bucket, IsMultiRegionTrail: false, EnableLogFileValidation: false }));
  await cloudtrail.send(
    new CreateTrailCommand({
      Name: 'multi-region-validated',
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      KmsKeyId: kmsKeyId,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:${TRAIL_LOG_GROUP}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/cloudtrail-to-logs`,
    }),
  );
  // AWS gives a trail created without selectors one that records all management events; the
  // emulator returns none, so the selectors are set explicitly (with S3 object events as well).
  await cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: 'multi-region-validated',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
    }),
  );
  for (const name of ['single-region-unvalidated', 'multi-region-validated']) await cloudtrail.send(new StartLoggingCommand({ Name: name }));
  cloudtrail.destroy();
  const arn = (name: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
  return { singleRegionUnvalidated: arn('single-region-unvalidated'), multiRegionValidated: arn('multi-region-validated') };
}

/** The CIS alarm chain for root user activity: metric filter on the trail's log group, alarm, subscribed topic. */
async function seedRootUsageAlarm({ endpoint, region, credentials }: ClientOptions) {
  const sns = new SNSClient({ endpoint, region, credentials });
  const { TopicArn: topic } = await sns.send(new CreateTopicCommand({ Name: 'security-alarms' }));
  if (!topic) throw new Error('CreateTopic returned no ARN');
  await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'https', Endpoint: 'https://alerts.example.com/hook' }));
  sns.destroy();
  const logs = new CloudWatchLogsClient({ endpoint, region, credentials });
  await logs.send(
    new PutMetricFilterCommand({
      logGroupName: TRAIL_LOG_GROUP,
      filterName: 'root-usage',
      filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      metricTransformations: [{ metricName: 'RootUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
    }),
  );
  logs.destroy();
  const cloudwatch = new CloudWatchClient({ endpoint, region, credentials });
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: 'root-usage',
      MetricName: 'RootUsage',
      Namespace: 'CISBenchmark',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ActionsEnabled: true,
      AlarmActions: [topic],
    }),
  );
  cloudwatch.destroy();
}

/** Services that are simply on or off: GuardDuty, Security Hub, an AWS Config recorder, a security contact. */
async function seedAccountServices({ endpoint, region, credentials }: ClientOptions, accountId: string, bucket: string) {
  const guardduty = new GuardDutyClient({ endpoint, region, credentials });
  await guardduty.send(new CreateDetectorCommand({ Enable: true }));
  guardduty.destroy();
  const securityHub = new SecurityHubClient({ endpoint, region, credentials });
  await securityHub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
  securityHub.destroy();
  const config = new ConfigServiceClient({ endpoint, region, credentials });
  await config.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: 'default',
        roleARN: `arn:aws:iam::${accountId}:role/config-recorder`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    }),
  );
  await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket } }));
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
  config.destroy();
  const account = new AccountClient({ endpoint, region, credentials });
  await account.send(
    new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', Name: 'Security team', Title: 'CISO', EmailAddress: 'security@example.com', PhoneNumber: '+10000000000' }),
  );
  account.destroy();
}

async function seedLogs({ endpoint, region, credentials }: ClientOptions, accountId: string) {
  const logs = new CloudWatchLogsClient({ endpoint, region, credentials });
  // Without a retention policy events never expire, which meets a minimum retention.
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-never-expiring' }));
  for (const [name, days] of [['app-short-retention', 7], ['app-long-retention', 400]] as const) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }));
  }
  logs.destroy();
  const arn = (name: string) => `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
  return { neverExpiring: arn('app-never-expiring'), shortRetention: arn('app-short-retention'), longRetention: arn('app-long-retention') };
}

async function seedSns({ endpoint, region, credentials }: ClientOptions, accountId: string, kmsKeyId: string) {
  const sns = new SNSClient({ endpoint, region, credentials });
  const publicPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: `arn:aws:sns:${region}:${accountId}:public-alerts` }],
  });
  const { TopicArn: publicTopic } = await sns.send(new CreateTopicCommand({ Name: 'public-alerts', Attributes: { Policy: publicPolicy } }));
  const { TopicArn: encrypted } = await sns.send(new CreateTopicCommand({ Name: 'encrypted-alerts', Attributes: { KmsMasterKeyId: kmsKeyId } }));
  sns.destroy();
  if (!publicTopic || !encrypted) throw new Error('CreateTopic returned no ARN');
  return { public: publicTopic, encrypted };
}

async function seedRds({ endpoint, region, credentials }: ClientOptions, accountId: string) {
  const rds = new RDSClient({ endpoint, region, credentials });
  const base = { DBInstanceClass: 'db.t3.micro', Engine: 'postgres', AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'a-long-password-1' };
  await rds.send(new CreateDBInstanceCommand({ ...base, DBInstanceIdentifier: 'public-db', PubliclyAccessible: true, StorageEncrypted: false }));
  await rds.send(
    new CreateDBInstanceCommand({ ...base, DBInstanceIdentifier: 'private-db', PubliclyAccessible: false, StorageEncrypted: true, DeletionProtection: true, MultiAZ: true }),
  );
  for (const [instance, snapshot] of [['public-db', 'public-db-shared'], ['private-db', 'private-db-manual']]) {
    await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: instance, DBSnapshotIdentifier: snapshot }));
  }
  await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: 'public-db-shared', AttributeName: 'restore', ValuesToAdd: ['all'] }));
  rds.destroy();
  const arn = (kind: string, id: string) => `arn:aws:rds:${region}:${accountId}:${kind}:${id}`;
  return {
    dbInstances: { public: arn('db', 'public-db'), private: arn('db', 'private-db') },
    dbSnapshots: { public: arn('snapshot', 'public-db-shared'), private: arn('snapshot', 'private-db-manual') },
  };
}

async function seedEfs({ endpoint, region, credentials }: ClientOptions, accountId: string) {
  const efs = new EFSClient({ endpoint, region, credentials });
  const create = async (token: string, encrypted: boolean) => {
    const { FileSystemId: id } = await efs.send(new CreateFileSystemCommand({ CreationToken: token, Encrypted: encrypted }));
    if (!id) throw new Error('CreateFileSystem returned no id');
    return `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/${id}`;
  };
  const unencrypted = await create('unencrypted-share', false);
  const encrypted = await create('encrypted-share', true);
  efs.destroy();
  return { unencrypted, encrypted };
}

/** An organization managed from `managementAccountId`, with `memberNames.length` new member accounts. */
export async function seedOrganization(endpoint: string, managementAccountId: string, memberNames: readonly string[]): Promise<{ members: string[] }> {
  const organizations = new OrganizationsClient({ endpoint, region: REGION, credentials: await credentialsFor(endpoint, managementAccountId) });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members: string[] = [];
  for (const name of memberNames) {
    const { CreateAccountStatus: created } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    let status = created;
    while (status?.State === 'IN_PROGRESS' && status.Id) {
      ({ CreateAccountStatus: status } = await organizations.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id })));
    }
    if (status?.State !== 'SUCCEEDED' || !status.AccountId) throw new Error(`CreateAccount ${name}: ${status?.State} ${status?.FailureReason ?? ''}`);
    members.push(status.AccountId);
  }
  organizations.destroy();
  return { members };
}

/** Sets only a minimum password length in `accountId`, so two accounts can be told apart by their findings. */
export async function setPasswordLength(endpoint: string, accountId: string, minimumLength: number): Promise<void> {
  const iam = new IAMClient({ endpoint, region: REGION, credentials: await credentialsFor(endpoint, accountId) });
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: minimumLength }));
  iam.destroy();
}

/**
 * The environment the CLI runs in under test: this process's, without any AWS_ variable, plus
 * `credentials` as the only AWS configuration it can see (no shared config or credentials file of
 * the machine may leak in: they point into `work`, where none exists).
 */
export function cliEnvironment(credentials: AwsCredentialIdentity, work: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_CONFIG_FILE: `${work}/no-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${work}/no-credentials`,
    ...extra,
  };
}

