import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';
import type { PolicyDocument } from './policy.ts';

/** One row of the IAM credential report (GetCredentialReport, CSV). Dates are ISO strings or null ("N/A", "no_information"). */
export interface IamCredentialReportRow {
  /** `<root_account>` for the root user. */
  readonly user: string;
  readonly arn: string;
  readonly userCreationTime: string;
  /** `not_supported` for the root user. */
  readonly passwordEnabled: boolean | 'not_supported';
  readonly passwordLastUsed: string | null;
  readonly passwordLastChanged: string | null;
  readonly passwordNextRotation: string | null;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [IamReportAccessKey, IamReportAccessKey];
  readonly certificates: readonly [IamReportCertificate, IamReportCertificate];
}

export interface IamReportAccessKey {
  readonly active: boolean;
  readonly lastRotated: string | null;
  readonly lastUsedDate: string | null;
  readonly lastUsedRegion: string | null;
  readonly lastUsedService: string | null;
}

export interface IamReportCertificate {
  readonly active: boolean;
  readonly lastRotated: string | null;
}

export interface IamAttachedPolicy {
  readonly name: string;
  readonly arn: string;
}

export interface IamInlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface IamAccessKey {
  readonly id: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate: string;
  /** From GetAccessKeyLastUsed; `null` when the key was never used. */
  readonly lastUsed: Fetched<{ readonly date: string; readonly region: string; readonly service: string } | null>;
}

export interface IamMfaDevice {
  readonly serialNumber: string;
  readonly enableDate: string;
}

export interface IamUser {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: string;
  readonly tags: Tags;
  readonly groups: readonly string[];
  readonly attachedPolicies: readonly IamAttachedPolicy[];
  readonly inlinePolicies: readonly IamInlinePolicy[];
  readonly permissionsBoundaryArn?: string;
  /** ListAccessKeys with GetAccessKeyLastUsed for each key. */
  readonly accessKeys: Fetched<readonly IamAccessKey[]>;
  /** ListMFADevices. */
  readonly mfaDevices: Fetched<readonly IamMfaDevice[]>;
}

export interface IamGroup {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: string;
  readonly attachedPolicies: readonly IamAttachedPolicy[];
  readonly inlinePolicies: readonly IamInlinePolicy[];
}

export interface IamRole {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: string;
  readonly tags: Tags;
  readonly assumeRolePolicy: PolicyDocument;
  readonly attachedPolicies: readonly IamAttachedPolicy[];
  readonly inlinePolicies: readonly IamInlinePolicy[];
  readonly instanceProfileArns: readonly string[];
  readonly lastUsed?: { readonly date?: string; readonly region?: string };
  /** True for service-linked roles (path `/aws-service-role/`). */
  readonly serviceLinked: boolean;
}

export interface IamManagedPolicy {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  /** True for AWS managed policies (`arn:aws:iam::aws:policy/...`). */
  readonly awsManaged: boolean;
  readonly attachmentCount: number;
  readonly defaultVersionId: string;
  /** The default version's document. */
  readonly document: PolicyDocument;
}

export interface IamPasswordPolicy {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  readonly expirePasswords: boolean;
  readonly maxPasswordAge?: number;
  readonly passwordReusePrevention?: number;
  readonly hardExpiry?: boolean;
}

export interface IamVirtualMfaDevice {
  readonly serialNumber: string;
  /** ARN of the user the device is assigned to (the root ARN for the root user), if assigned. */
  readonly userArn?: string;
  readonly enableDate?: string;
}

export interface IamServerCertificate {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly uploadDate: string;
  readonly expiration: string;
}

export interface IamData {
  /** Parsed credential report; generated on demand by the collector. */
  readonly credentialReport: Fetched<readonly IamCredentialReportRow[]>;
  /** GetAccountAuthorizationDetails (users, groups, roles, policies with documents). */
  readonly users: Fetched<readonly IamUser[]>;
  readonly groups: Fetched<readonly IamGroup[]>;
  readonly roles: Fetched<readonly IamRole[]>;
  /** Customer managed policies and the AWS managed policies that are attached in the account. */
  readonly policies: Fetched<readonly IamManagedPolicy[]>;
  /** `null` when the account has no password policy (NoSuchEntity). */
  readonly passwordPolicy: Fetched<IamPasswordPolicy | null>;
  /** GetAccountSummary, e.g. `AccountMFAEnabled`, `AccountAccessKeysPresent`. */
  readonly accountSummary: Fetched<Readonly<Record<string, number>>>;
  readonly virtualMfaDevices: Fetched<readonly IamVirtualMfaDevice[]>;
  readonly serverCertificates: Fetched<readonly IamServerCertificate[]>;
}
