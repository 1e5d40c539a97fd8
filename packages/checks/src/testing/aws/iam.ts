import type {
  IamAttachedPolicy,
  IamCredentialReportRow,
  IamGroup,
  IamManagedPolicy,
  IamPasswordPolicy,
  IamReportAccessKey,
  IamRole,
  IamServerCertificate,
  IamUser,
  IamVirtualMfaDevice,
  PolicyDocument,
  PolicyStatement,
} from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, daysAgo, ok } from './account.ts';

const unusedKey: IamReportAccessKey = { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null };

export function credentialReportRow(overrides: Partial<IamCredentialReportRow> & { user: string }): IamCredentialReportRow {
  const isRoot = overrides.user === '<root_account>';
  return {
    arn: isRoot ? `arn:aws:iam::${TEST_ACCOUNT_ID}:root` : `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${overrides.user}`,
    userCreationTime: daysAgo(400),
    passwordEnabled: isRoot ? 'not_supported' : false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    passwordNextRotation: null,
    mfaActive: false,
    accessKeys: [unusedKey, unusedKey],
    certificates: [
      { active: false, lastRotated: null },
      { active: false, lastRotated: null },
    ],
    ...overrides,
  };
}

export function iamUser(overrides: Partial<IamUser> & { name: string }): IamUser {
  return {
    id: `AIDA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${overrides.name}`,
    path: '/',
    createDate: daysAgo(400),
    tags: {},
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    accessKeys: ok([]),
    mfaDevices: ok([]),
    ...overrides,
  };
}

/** An access key column pair of the credential report; active, rotated 30 days and used 1 day ago unless overridden. */
export function reportAccessKey(overrides: Partial<IamReportAccessKey> = {}): IamReportAccessKey {
  return {
    active: true,
    lastRotated: daysAgo(30),
    lastUsedDate: daysAgo(1),
    lastUsedRegion: 'us-east-1',
    lastUsedService: 's3',
    ...overrides,
  };
}

/** An unused, inactive credential report key slot (`access_key_N_active` false). */
export const NO_ACCESS_KEY: IamReportAccessKey = unusedKey;

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** `Allow *` on `*`: full administrative privileges. */
export const ADMIN_STATEMENT: PolicyStatement = { Effect: 'Allow', Action: ['*'], Resource: ['*'] };
export const READ_ONLY_STATEMENT: PolicyStatement = { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['*'] };

export function iamGroup(overrides: Partial<IamGroup> & { name: string }): IamGroup {
  return {
    id: `AGPA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:group/${overrides.name}`,
    path: '/',
    createDate: daysAgo(400),
    attachedPolicies: [],
    inlinePolicies: [],
    ...overrides,
  };
}

/** A role trusted by the EC2 service unless `assumeRolePolicy` is given. */
export function iamRole(overrides: Partial<IamRole> & { name: string }): IamRole {
  return {
    id: `AROA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${overrides.name}`,
    path: '/',
    createDate: daysAgo(400),
    tags: {},
    assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] }),
    attachedPolicies: [],
    inlinePolicies: [],
    instanceProfileArns: [],
    serviceLinked: false,
    ...overrides,
  };
}

/** A customer managed policy (AWS managed when `awsManaged: true`), attached once unless overridden. */
export function managedPolicy(overrides: Partial<IamManagedPolicy> & { name: string }): IamManagedPolicy {
  const awsManaged = overrides.awsManaged ?? false;
  return {
    id: `ANPA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: awsManaged ? `arn:aws:iam::aws:policy/${overrides.name}` : `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/${overrides.name}`,
    path: '/',
    awsManaged,
    attachmentCount: 1,
    defaultVersionId: 'v1',
    document: policyDocument(READ_ONLY_STATEMENT),
    ...overrides,
  };
}

/** The attachment entry of an AWS managed policy, as listed on a user, group or role. */
export function awsManagedAttachment(name: string): IamAttachedPolicy {
  return { name, arn: `arn:aws:iam::aws:policy/${name}` };
}

/** Valid for another year unless overridden. */
export function serverCertificate(overrides: Partial<IamServerCertificate> & { name: string }): IamServerCertificate {
  return {
    id: `ASCA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:server-certificate/${overrides.name}`,
    path: '/',
    uploadDate: daysAgo(100),
    expiration: daysAgo(-365),
    ...overrides,
  };
}

/** A virtual MFA device named `name`, assigned to `userArn` when given. */
export function virtualMfaDevice(name: string, userArn?: string): IamVirtualMfaDevice {
  return {
    serialNumber: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/${name}`,
    ...(userArn === undefined ? {} : { userArn, enableDate: daysAgo(100) }),
  };
}

/** A password policy meeting every CIS requirement unless overridden. */
export function passwordPolicy(overrides: Partial<IamPasswordPolicy> = {}): IamPasswordPolicy {
  return {
    minimumPasswordLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
    expirePasswords: true,
    maxPasswordAge: 90,
    passwordReusePrevention: 24,
    ...overrides,
  };
}
