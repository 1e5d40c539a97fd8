import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';
import type { PolicyDocument } from './policy.ts';

export interface KmsKey {
  readonly id: string;
  readonly arn: string;
  readonly manager: 'AWS' | 'CUSTOMER';
  /** `Enabled`, `Disabled`, `PendingDeletion`, ... */
  readonly state: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly origin: string;
  readonly multiRegion: boolean;
  readonly creationDate?: string;
  readonly deletionDate?: string;
  readonly description?: string;
  readonly aliases: readonly string[];
  /** GetKeyRotationStatus; `null` when rotation does not apply (asymmetric, HMAC, imported or AWS managed keys are not queried). */
  readonly rotationEnabled: Fetched<boolean | null>;
  /** GetKeyPolicy (policy name `default`). */
  readonly policy: Fetched<PolicyDocument>;
  readonly tags: Fetched<Tags>;
}

export interface KmsData {
  readonly keys: Fetched<readonly KmsKey[]>;
}

export interface RdsInstance {
  readonly id: string;
  readonly arn: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly status: string;
  readonly storageEncrypted: boolean;
  readonly kmsKeyId?: string;
  readonly publiclyAccessible: boolean;
  readonly autoMinorVersionUpgrade: boolean;
  readonly multiAz: boolean;
  readonly backupRetentionPeriod: number;
  readonly deletionProtection: boolean;
  readonly iamDatabaseAuthenticationEnabled: boolean;
  readonly copyTagsToSnapshot: boolean;
  readonly enhancedMonitoringResourceArn?: string;
  readonly performanceInsightsEnabled: boolean;
  readonly vpcSecurityGroupIds: readonly string[];
  readonly clusterId?: string;
  readonly enabledCloudwatchLogsExports: readonly string[];
  readonly tags: Tags;
}

export interface RdsSnapshot {
  readonly id: string;
  readonly arn: string;
  readonly instanceId: string;
  readonly encrypted: boolean;
  readonly snapshotType: string;
  readonly createTime?: string;
  /** DescribeDBSnapshotAttributes: `restore` attribute contains `all`. */
  readonly public: Fetched<boolean>;
  readonly tags: Tags;
}

export interface RdsData {
  readonly instances: Fetched<readonly RdsInstance[]>;
  /** Manual snapshots owned by the account (automated ones cannot be shared). */
  readonly snapshots: Fetched<readonly RdsSnapshot[]>;
}

export interface EfsFileSystem {
  readonly id: string;
  readonly arn: string;
  readonly name?: string;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly lifeCycleState: string;
  readonly performanceMode: string;
  readonly throughputMode: string;
  readonly numberOfMountTargets: number;
  /** DescribeFileSystemPolicy; `null` when the file system has no policy (PolicyNotFound). */
  readonly policy: Fetched<PolicyDocument | null>;
  /** DescribeBackupPolicy status (`ENABLED`, `DISABLED`, ...); `null` when none (PolicyNotFound). */
  readonly backupPolicy: Fetched<string | null>;
  readonly tags: Tags;
}

export interface EfsData {
  readonly fileSystems: Fetched<readonly EfsFileSystem[]>;
}

export interface AccessAnalyzer {
  readonly name: string;
  readonly arn: string;
  /** `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`. */
  readonly type: string;
  /** `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`. */
  readonly status: string;
  readonly tags: Tags;
}

export interface AccessAnalyzerData {
  readonly analyzers: Fetched<readonly AccessAnalyzer[]>;
}

export interface SecurityHubData {
  /** DescribeHub; `null` when the account is not subscribed (InvalidAccessException "not subscribed"). */
  readonly hub: Fetched<{ readonly hubArn: string; readonly subscribedAt?: string; readonly autoEnableControls?: boolean } | null>;
  /** GetEnabledStandards; empty when the hub is not enabled. */
  readonly enabledStandards: Fetched<readonly { readonly arn: string; readonly status: string }[]>;
}

export interface MacieData {
  /** GetMacieSession; `null` when Macie is not enabled in the region. */
  readonly session: Fetched<{ readonly status: 'ENABLED' | 'PAUSED'; readonly createdAt?: string } | null>;
}

export interface GuardDutyDetector {
  readonly id: string;
  readonly arn: string;
  readonly status: 'ENABLED' | 'DISABLED';
  readonly findingPublishingFrequency?: string;
  /** Feature name → status, e.g. `S3_DATA_EVENTS: ENABLED`. */
  readonly features: Readonly<Record<string, string>>;
  readonly tags: Tags;
}

export interface GuardDutyData {
  readonly detectors: Fetched<readonly GuardDutyDetector[]>;
}

export interface AccountContact {
  readonly name?: string;
  readonly title?: string;
  readonly emailAddress?: string;
  readonly phoneNumber?: string;
}

export interface AccountData {
  /** account:GetContactInformation (primary contact). */
  readonly contactInformation: Fetched<{ readonly fullName?: string; readonly phoneNumber?: string; readonly addressLine1?: string; readonly countryCode?: string; readonly companyName?: string } | null>;
  /** account:GetAlternateContact; `null` when the contact is not set (ResourceNotFoundException). */
  readonly alternateContacts: {
    readonly security: Fetched<AccountContact | null>;
    readonly billing: Fetched<AccountContact | null>;
    readonly operations: Fetched<AccountContact | null>;
  };
}
