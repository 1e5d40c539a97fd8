import type { Tags } from '../finding.ts';
import type { ScanError, ScopeSnapshot } from '../scope.ts';
import type { Ec2Data } from './ec2.ts';
import type { IamData } from './iam.ts';
import type { CloudTrailData, CloudWatchData, CloudWatchLogsData, ConfigData, SnsData } from './logging.ts';
import type { S3Data } from './s3.ts';
import type {
  AccessAnalyzerData,
  AccountData,
  EfsData,
  GuardDutyData,
  KmsData,
  MacieData,
  RdsData,
  SecurityHubData,
} from './security-services.ts';

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Services collected once per account. */
export interface AwsGlobalServices {
  readonly iam: IamData;
  readonly s3: S3Data;
  readonly account: AccountData;
}

/** Services collected once per account and region. */
export interface AwsRegionalServices {
  readonly ec2: Ec2Data;
  readonly cloudtrail: CloudTrailData;
  readonly logs: CloudWatchLogsData;
  readonly cloudwatch: CloudWatchData;
  readonly sns: SnsData;
  readonly config: ConfigData;
  readonly kms: KmsData;
  readonly rds: RdsData;
  readonly efs: EfsData;
  readonly accessanalyzer: AccessAnalyzerData;
  readonly securityhub: SecurityHubData;
  readonly macie: MacieData;
  readonly guardduty: GuardDutyData;
}

export type AwsGlobalServiceName = keyof AwsGlobalServices;
export type AwsRegionalServiceName = keyof AwsRegionalServices;
export type AwsServiceName = AwsGlobalServiceName | AwsRegionalServiceName;

export const AWS_GLOBAL_SERVICES: readonly AwsGlobalServiceName[] = ['iam', 's3', 'account'];
export const AWS_REGIONAL_SERVICES: readonly AwsRegionalServiceName[] = [
  'ec2',
  'cloudtrail',
  'logs',
  'cloudwatch',
  'sns',
  'config',
  'kms',
  'rds',
  'efs',
  'accessanalyzer',
  'securityhub',
  'macie',
  'guardduty',
];
export const AWS_SERVICES: readonly AwsServiceName[] = [...AWS_GLOBAL_SERVICES, ...AWS_REGIONAL_SERVICES];

export function isGlobalService(service: AwsServiceName): service is AwsGlobalServiceName {
  return (AWS_GLOBAL_SERVICES as readonly string[]).includes(service);
}

export interface AwsOrganizationInfo {
  readonly organizationId: string;
  readonly accountName?: string;
  readonly accountEmail?: string;
  readonly ouPath?: string;
  readonly tags?: Tags;
}

/**
 * Everything collected for one account. Services absent from `global`/`regional` were not
 * collected (filtered out or not reached); checks report that as ERROR, never as PASS.
 */
export interface AwsAccountSnapshot extends ScopeSnapshot {
  readonly accountId: string;
  readonly partition: AwsPartition;
  readonly alias?: string;
  readonly organization?: AwsOrganizationInfo;
  /** Regions that were scanned. */
  readonly regions: readonly string[];
  readonly collectedAt: string;
  readonly global: Partial<AwsGlobalServices>;
  readonly regional: Readonly<Record<string, Partial<AwsRegionalServices>>>;
  readonly errors: readonly ScanError[];
}

// AWS checks are `Check<AwsAccountSnapshot>`: `defineCheck({ provider: 'aws', ... })` types their
// `evaluate` from this entry.
declare module '../check.ts' {
  interface ProviderSnapshots {
    readonly aws: AwsAccountSnapshot;
  }
}
