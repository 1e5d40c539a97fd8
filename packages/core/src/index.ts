/**
 * @palisade/core — domain types shared by every package: resources, checks, findings, the AWS
 * snapshot schema, fetched values and typed errors. No I/O and no dependencies.
 */
export type { ApiError, Fetched } from './fetched.ts';
export { describeApiError, fetchedError, fetchedValue } from './fetched.ts';
export type { Severity } from './severity.ts';
export { SEVERITIES, SEVERITY_RANK, isSeverity } from './severity.ts';
export type { CheckResult, Finding, FindingStatus, MuteInfo, OrganizationContext, ResourceRef, Tags } from './finding.ts';
export { FINDING_STATUSES } from './finding.ts';
export type { Category, Check, CheckContext, CheckMeta, FindingCheck, Remediation } from './check.ts';
export { CATEGORIES, defineCheck, toFindingCheck } from './check.ts';
export type { CheckConfig } from './config.ts';
export { DEFAULT_CHECK_CONFIG } from './config.ts';
export type { ErrorCode } from './errors.ts';
export { CredentialsError, ERROR_CODES, InputError, PalisadeError } from './errors.ts';
export { findingUid } from './ids.ts';
export { closestMatch, didYouMean, editDistance } from './suggest.ts';
export type { ParsedArn } from './aws/arn.ts';
export { accountRootArn, buildArn, parseArn, partitionOfRegion } from './aws/arn.ts';
export { ALL_AWS_REGIONS, AWS_REGIONS, isKnownAwsRegion } from './aws/regions.ts';
export type { PolicyDocument, PolicyPrincipal, PolicyStatement } from './aws/policy.ts';
export { PolicyDocumentError, normalizePolicyDocument } from './aws/policy.ts';
export {
  accountResource,
  collectAcrossRegions,
  eachFetched,
  eachRegion,
  errorResult,
  fail,
  fromFetched,
  manual,
  pass,
  regionResource,
  resource,
  withGlobal,
} from './aws/results.ts';
export type {
  AwsAccountSnapshot,
  AwsGlobalServiceName,
  AwsGlobalServices,
  AwsOrganizationInfo,
  AwsPartition,
  AwsRegionalServiceName,
  AwsRegionalServices,
  AwsServiceName,
  ScanError,
} from './aws/snapshot.ts';
export { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES, AWS_SERVICES, isGlobalService } from './aws/snapshot.ts';
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
} from './aws/iam.ts';
export type { S3Acl, S3Bucket, S3Data, S3EncryptionRule, S3Grant, S3PublicAccessBlock, S3Versioning } from './aws/s3.ts';
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
} from './aws/ec2.ts';
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
} from './aws/logging.ts';
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
} from './aws/security-services.ts';
