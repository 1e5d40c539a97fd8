/** Typed fixture builders for checks, engine and output tests. */
export { TEST_ACCOUNT_ID, TEST_NOW, TEST_REGION, accountSnapshot, daysAgo, denied, emptyGlobal, emptyRegional, ok } from './account.ts';
export type { AccountOverrides } from './account.ts';
export { runCheck, statuses } from './run.ts';
export {
  ADMIN_STATEMENT,
  NO_ACCESS_KEY,
  READ_ONLY_STATEMENT,
  awsManagedAttachment,
  credentialReportRow,
  iamGroup,
  iamRole,
  iamUser,
  managedPolicy,
  passwordPolicy,
  policyDocument,
  reportAccessKey,
  serverCertificate,
  virtualMfaDevice,
} from './iam.ts';
export { alternateContact, contactInformation } from './account-contacts.ts';
export {
  NACL_DEFAULT_DENY,
  ebsSnapshot,
  ebsVolume,
  ec2Arn,
  ec2Image,
  ec2Instance,
  flowLog,
  ipPermission,
  managedPrefixList,
  naclEntry,
  networkAcl,
  routeTable,
  securityGroup,
  tcpRule,
  vpc,
  vpcPeeringConnection,
} from './ec2.ts';
export { OWNER_CANONICAL_ID, groupGrant, ownerGrant, publicAccessBlock, s3Bucket } from './s3.ts';
export { rdsInstance, rdsSnapshot } from './rds.ts';
export { efsFileSystem } from './efs.ts';
export {
  ALL_MANAGEMENT_EVENTS,
  MONITORING_ALARM,
  MONITORING_FILTER,
  MONITORING_LOG_GROUP,
  MONITORING_TOPIC,
  MONITORING_TRAIL,
  cloudTrailTrail,
  configRecorder,
  logGroup,
  logGroupArn,
  metricAlarm,
  metricFilter,
  monitoringChainSnapshot,
  snsSubscription,
  snsTopic,
  snsTopicArn,
} from './logging.ts';
export type { MonitoringChainOptions } from './logging.ts';
export { accessAnalyzer, defaultKeyPolicy, guardDutyDetector, kmsKey } from './security-services.ts';
