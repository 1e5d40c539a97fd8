/**
 * `@palisade/core/aws` — AWS's part of the domain: the account snapshot schema (one type per
 * service's data), ARNs, regions and partitions, IAM policy documents, and the result builders that
 * walk an account's global and regional services. AWS checks, the AWS collectors and the AWS
 * provider module import it; the shared engine, outputs and compliance do not.
 */
export type { ParsedArn } from './arn.ts';
export { accountRootArn, buildArn, parseArn, partitionOfRegion } from './arn.ts';
export { ALL_AWS_REGIONS, AWS_REGIONS, isKnownAwsRegion } from './regions.ts';
export type { PolicyDocument, PolicyPrincipal, PolicyStatement } from './policy.ts';
export { PolicyDocumentError, normalizePolicyDocument } from './policy.ts';
export { accountResource, collectAcrossRegions, eachRegion, regionResource, withGlobal } from './results.ts';
export type {
  AwsAccountSnapshot,
  AwsGlobalServiceName,
  AwsGlobalServices,
  AwsOrganizationInfo,
  AwsPartition,
  AwsRegionalServiceName,
  AwsRegionalServices,
  AwsServiceName,
} from './snapshot.ts';
export { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES, AWS_SERVICES, isGlobalService } from './snapshot.ts';
export type {
  IamAccessKey,
  IamAttachedPolicy,
  IamCredentialReportRow,
  IamData,
  IamGroup,
  IamInlinePolicy,
  IamManagedPolicy,
  IamMfaDevice,
  IamPasswordPolicy,
  IamReportAccessKey,
  IamReportCertificate,
  IamRole,
  IamServerCertificate,
  IamUser,
  IamVirtualMfaDevice,
} from './iam.ts';
export type { S3Acl, S3Bucket, S3Data, S3EncryptionRule, S3Grant, S3PublicAccessBlock, S3Versioning } from './s3.ts';
export type {
  EbsSnapshot,
  Ec2Data,
  Ec2FlowLog,
  Ec2Image,
  Ec2Instance,
  Ec2IpPermission,
  Ec2ManagedPrefixList,
  Ec2NetworkAcl,
  Ec2NetworkAclEntry,
  Ec2PrefixListEntry,
  Ec2Route,
  Ec2RouteTable,
  Ec2SecurityGroup,
  Ec2Volume,
  Ec2Vpc,
  Ec2VpcPeeringConnection,
  Ec2VpcPeeringSide,
} from './ec2.ts';
export type {
  CloudTrailAdvancedEventSelector,
  CloudTrailAdvancedFieldSelector,
  CloudTrailBasicEventSelector,
  CloudTrailData,
  CloudTrailTrail,
  CloudWatchAlarm,
  CloudWatchData,
  CloudWatchLogsData,
  ConfigData,
  ConfigRecorder,
  LogsLogGroup,
  LogsMetricFilter,
  SnsData,
  SnsSubscription,
  SnsTopic,
} from './logging.ts';
export type {
  AccessAnalyzer,
  AccessAnalyzerData,
  AccountContact,
  AccountData,
  EfsData,
  EfsFileSystem,
  GuardDutyData,
  GuardDutyDetector,
  KmsData,
  KmsKey,
  MacieData,
  RdsData,
  RdsInstance,
  RdsSnapshot,
  SecurityHubData,
} from './security-services.ts';
