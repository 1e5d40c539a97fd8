/**
 * AWS change events → targeted re-scans. A CloudTrail management event that changes a resource's
 * configuration (a bucket policy put, a security group rule authorized, a trail stopped) names the
 * service, the resource and the checks whose result it can change; `changeTargetOf` turns one
 * record into that target, and `targetScanScope` into the scope of a re-scan that reads just that
 * resource (where a collector can: S3 buckets, EC2 security groups and network ACLs) or the
 * service, and evaluates only those checks.
 *
 * The mapping is data: `CHANGE_EVENT_RULES`, one entry per event source and group of event names.
 * Its tests prove that every check named exists, that its collector is the rule's service, and that
 * a rule scoped to one resource names only checks about that kind of resource.
 */
import type { CheckId } from '@palisade/checks';
import type { AwsServiceName } from '@palisade/core/aws';
import { partitionOfRegion } from '@palisade/core/aws';

/** The fields of a CloudTrail record the mapping reads (the record has many more). */
export interface CloudTrailRecord {
  readonly eventID?: string;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly recipientAccountId?: string;
  readonly userIdentity?: { readonly accountId?: string; readonly arn?: string; readonly type?: string } | null;
  readonly errorCode?: string | null;
  readonly readOnly?: boolean | null;
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
  readonly resources?: readonly { readonly ARN?: string; readonly accountId?: string; readonly type?: string }[] | null;
}

/** What a change event can affect, resolved against one record. */
export interface ChangeTarget {
  readonly accountId: string;
  /** The region whose resources to re-read; absent: every region (checks that judge the account across regions). */
  readonly region?: string;
  readonly service: AwsServiceName;
  readonly checks: readonly CheckId[];
  /**
   * The resources to re-read and re-evaluate (ARNs); absent: every resource the checks cover in
   * the region (a change to an account setting, or a resource whose ARN the event does not give).
   */
  readonly arns?: readonly string[];
  /** The event that caused it, as findings' history records it. */
  readonly event: { readonly id: string; readonly source: string; readonly name: string; readonly time: string };
}

/** Why a record leads to no re-scan, counted by callers. */
export type IgnoredReason = 'unmapped' | 'failed-call' | 'read-only' | 'no-account' | 'no-resource';

interface RuleContext {
  readonly record: CloudTrailRecord;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

export interface ChangeEventRule {
  readonly source: string;
  readonly names: readonly string[];
  readonly service: AwsServiceName;
  readonly checks: readonly CheckId[];
  /**
   * `resource`: the event names one resource, whose ARN `arn` builds from the record (a record
   * without it is ignored as `no-resource`); `region`: every resource of the checks in the event's
   * region; `account`: in every region.
   */
  readonly scope: 'resource' | 'region' | 'account';
  /** For `resource` rules: the kind of resource the ARN names (a check's `resourceType`). */
  readonly resourceType?: string;
  readonly arn?: (context: RuleContext) => string | undefined;
  /** For `resource` rules: the account-wide checks to re-evaluate when the record names no resource (a root user's own keys or MFA). */
  readonly withoutResource?: readonly CheckId[];
}

const S3_BUCKET_CHECKS = [
  'aws/s3-bucket-acl-prohibited',
  'aws/s3-bucket-default-encryption',
  'aws/s3-bucket-level-public-access-block',
  'aws/s3-bucket-no-mfa-delete',
  'aws/s3-bucket-public-access',
  'aws/s3-bucket-secure-transport-policy',
  'aws/s3-bucket-server-access-logging-enabled',
  'aws/s3-bucket-versioning-enabled',
] as const satisfies readonly CheckId[];

const SECURITY_GROUP_CHECKS = [
  'aws/ec2-securitygroup-default-restrict-traffic',
  'aws/ec2-securitygroup-no-ingress-from-wide-public-cidr',
  'aws/ec2-securitygroup-no-internet-ingress-to-all-ports',
  'aws/ec2-securitygroup-no-internet-ingress-to-database-ports',
  'aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports',
  'aws/ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports',
] as const satisfies readonly CheckId[];

const IAM_USER_CHECKS = [
  'aws/iam-policy-attached-only-to-group-or-roles',
  'aws/iam-rotate-access-key-90-days',
  'aws/iam-user-accesskey-unused',
  'aws/iam-user-console-access-unused',
  'aws/iam-user-hardware-mfa-enabled',
  'aws/iam-user-mfa-enabled-console-access',
  'aws/iam-user-no-setup-initial-access-key',
  'aws/iam-user-two-active-access-key',
] as const satisfies readonly CheckId[];

const IAM_POLICY_CHECKS = [
  'aws/iam-aws-attached-policy-no-administrative-privileges',
  'aws/iam-customer-attached-policy-no-administrative-privileges',
  'aws/iam-inline-policy-no-administrative-privileges',
  'aws/iam-policy-cloudshell-admin-not-attached',
  'aws/iam-support-role-created',
] as const satisfies readonly CheckId[];

const PASSWORD_POLICY_CHECKS = [
  'aws/iam-password-policy-expires-passwords-within-90-days-or-less',
  'aws/iam-password-policy-lowercase',
  'aws/iam-password-policy-minimum-length-14',
  'aws/iam-password-policy-number',
  'aws/iam-password-policy-reuse-24',
  'aws/iam-password-policy-symbol',
  'aws/iam-password-policy-uppercase',
] as const satisfies readonly CheckId[];

const CLOUDTRAIL_CHECKS = [
  'aws/cloudtrail-cloudwatch-logging-enabled',
  'aws/cloudtrail-kms-encryption-enabled',
  'aws/cloudtrail-log-file-validation-enabled',
  'aws/cloudtrail-multi-region-enabled',
  'aws/cloudtrail-s3-dataevents-read-enabled',
  'aws/cloudtrail-s3-dataevents-write-enabled',
] as const satisfies readonly CheckId[];

const RDS_INSTANCE_CHECKS = [
  'aws/rds-instance-backup-enabled',
  'aws/rds-instance-deletion-protection',
  'aws/rds-instance-minor-version-upgrade-enabled',
  'aws/rds-instance-multi-az',
  'aws/rds-instance-no-public-access',
  'aws/rds-instance-storage-encrypted',
] as const satisfies readonly CheckId[];

const bucketArn = ({ record, partition }: RuleContext) => {
  const name = text(record.requestParameters?.['bucketName']);
  return name && !name.includes('/') ? `arn:${partition}:s3:::${name}` : undefined;
};

const ec2Arn =
  (kind: string, ...paths: readonly (readonly string[])[]) =>
  ({ record, partition, region, accountId }: RuleContext) => {
    for (const path of paths) {
      const id = text(dig(record, path));
      if (id) return `arn:${partition}:ec2:${region}:${accountId}:${kind}/${id}`;
    }
    return undefined;
  };

const securityGroupArn = ec2Arn(
  'security-group',
  ['requestParameters', 'groupId'],
  ['requestParameters', 'ModifySecurityGroupRulesRequest', 'GroupId'],
  ['responseElements', 'groupId'],
);
const networkAclArn = ec2Arn('network-acl', ['requestParameters', 'networkAclId'], ['responseElements', 'networkAcl', 'networkAclId']);

/** The ARN CloudTrail lists for the record (`resources`), of the given CloudFormation type. */
const listedArn =
  (type: string) =>
  ({ record }: RuleContext) =>
    record.resources?.find((resource) => resource.type === type && resource.ARN)?.ARN;

/**
 * The user a call names (`userName`; the ARN CloudTrail returns for a created user), without its
 * path, which events do not give (see `withoutIamPath`). A call without a user name acts on the
 * caller: for the root user that is no IAM user, so nothing is re-read.
 */
const iamUserArn = ({ record, partition, accountId }: RuleContext) => {
  const created = text(dig(record, ['responseElements', 'user', 'userName']));
  const name = created ?? text(record.requestParameters?.['userName']);
  return name ? `arn:${partition}:iam::${accountId}:user/${name}` : undefined;
};

const kmsKeyArn = (context: RuleContext) => {
  const listed = listedArn('AWS::KMS::Key')(context);
  if (listed) return listed;
  const keyId = text(context.record.requestParameters?.['keyId']) ?? text(context.record.responseElements?.['keyId']);
  if (!keyId || keyId.startsWith('alias/')) return undefined;
  return keyId.startsWith('arn:') ? keyId : `arn:${context.partition}:kms:${context.region}:${context.accountId}:key/${keyId}`;
};

const rdsInstanceArn = (context: RuleContext) => {
  const fromResponse = text(context.record.responseElements?.['dBInstanceArn']);
  if (fromResponse) return fromResponse;
  const id = text(context.record.requestParameters?.['dBInstanceIdentifier']);
  if (!id) return undefined;
  return id.startsWith('arn:') ? id : `arn:${context.partition}:rds:${context.region}:${context.accountId}:db:${id}`;
};

/** A rule about one S3 bucket, named by the request's `bucketName`. */
const bucketRule = (names: readonly string[], checks: readonly CheckId[]): ChangeEventRule => ({
  source: 's3.amazonaws.com',
  names,
  service: 's3',
  scope: 'resource',
  resourceType: 'AwsS3Bucket',
  arn: bucketArn,
  checks,
});

/** A rule about one KMS key. */
const kmsKeyRule = (names: readonly string[], checks: readonly CheckId[]): ChangeEventRule => ({
  source: 'kms.amazonaws.com',
  names,
  service: 'kms',
  scope: 'resource',
  resourceType: 'AwsKmsKey',
  arn: kmsKeyArn,
  checks,
});

export const CHANGE_EVENT_RULES: readonly ChangeEventRule[] = [
  // S3, one bucket (CloudTrail names the bucket-level public access block calls PutBucketPublicAccessBlock).
  bucketRule(['PutBucketPolicy', 'DeleteBucketPolicy'], ['aws/s3-bucket-public-access', 'aws/s3-bucket-secure-transport-policy']),
  bucketRule(['PutBucketAcl'], ['aws/s3-bucket-public-access', 'aws/s3-bucket-acl-prohibited']),
  bucketRule(['PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutPublicAccessBlock', 'DeletePublicAccessBlock'], ['aws/s3-bucket-level-public-access-block', 'aws/s3-bucket-public-access']),
  bucketRule(['PutBucketEncryption', 'DeleteBucketEncryption'], ['aws/s3-bucket-default-encryption']),
  bucketRule(['PutBucketVersioning'], ['aws/s3-bucket-versioning-enabled', 'aws/s3-bucket-no-mfa-delete']),
  bucketRule(['PutBucketLogging'], ['aws/s3-bucket-server-access-logging-enabled']),
  bucketRule(['PutBucketOwnershipControls', 'DeleteBucketOwnershipControls'], ['aws/s3-bucket-acl-prohibited']),
  bucketRule(['CreateBucket', 'DeleteBucket'], S3_BUCKET_CHECKS),
  // The account's public access block changes whether every bucket is public.
  {
    source: 's3.amazonaws.com',
    names: ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
    service: 's3',
    scope: 'account',
    checks: ['aws/s3-account-level-public-access-blocks', 'aws/s3-bucket-public-access'],
  },

  // EC2 security groups and network ACLs, one resource.
  {
    source: 'ec2.amazonaws.com',
    names: [
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'ModifySecurityGroupRules',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ],
    service: 'ec2',
    scope: 'resource',
    resourceType: 'AwsEc2SecurityGroup',
    arn: securityGroupArn,
    checks: SECURITY_GROUP_CHECKS,
  },
  {
    source: 'ec2.amazonaws.com',
    names: ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry', 'CreateNetworkAcl', 'DeleteNetworkAcl'],
    service: 'ec2',
    scope: 'resource',
    resourceType: 'AwsEc2NetworkAcl',
    arn: networkAclArn,
    checks: ['aws/ec2-networkacl-no-internet-ingress-to-admin-ports'],
  },

  // IAM users, one user: its access keys and MFA devices are re-read; the account's authorization
  // details and credential report (one call or a few pages) are read as always.
  {
    source: 'iam.amazonaws.com',
    names: [
      'CreateUser',
      'DeleteUser',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AddUserToGroup',
      'RemoveUserFromGroup',
      'CreateAccessKey',
      'UpdateAccessKey',
      'DeleteAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'DeleteLoginProfile',
      'EnableMFADevice',
      'DeactivateMFADevice',
    ],
    service: 'iam',
    scope: 'resource',
    resourceType: 'AwsIamUser',
    arn: iamUserArn,
    checks: IAM_USER_CHECKS,
    withoutResource: ['aws/iam-no-root-access-key', 'aws/iam-root-mfa-enabled', 'aws/iam-root-hardware-mfa-enabled'],
  },
  // Inline user policies and virtual MFA devices: judged across the account's users and policies.
  {
    source: 'iam.amazonaws.com',
    names: ['PutUserPolicy', 'DeleteUserPolicy', 'DeleteVirtualMFADevice'],
    service: 'iam',
    scope: 'account',
    checks: ['aws/iam-policy-attached-only-to-group-or-roles', 'aws/iam-user-mfa-enabled-console-access', 'aws/iam-user-hardware-mfa-enabled', 'aws/iam-root-hardware-mfa-enabled', ...IAM_POLICY_CHECKS],
  },
  {
    source: 'iam.amazonaws.com',
    names: ['CreateRole', 'DeleteRole', 'UpdateAssumeRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachGroupPolicy', 'DetachGroupPolicy', 'PutGroupPolicy', 'DeleteGroupPolicy'],
    service: 'iam',
    scope: 'account',
    checks: ['aws/iam-role-cross-account-trust-requires-external-id', ...IAM_POLICY_CHECKS],
  },
  {
    source: 'iam.amazonaws.com',
    names: ['CreatePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicy', 'DeletePolicyVersion'],
    service: 'iam',
    scope: 'account',
    checks: IAM_POLICY_CHECKS,
  },
  { source: 'iam.amazonaws.com', names: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'], service: 'iam', scope: 'account', checks: PASSWORD_POLICY_CHECKS },

  // CloudTrail: trails are judged across regions (a multi-region trail, logging anywhere).
  {
    source: 'cloudtrail.amazonaws.com',
    names: ['StopLogging', 'StartLogging', 'DeleteTrail', 'UpdateTrail', 'CreateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
    service: 'cloudtrail',
    scope: 'account',
    checks: CLOUDTRAIL_CHECKS,
  },

  // KMS, one key (read with the region's keys: the key's policy and rotation come from per-key calls).
  kmsKeyRule(['DisableKeyRotation', 'EnableKeyRotation'], ['aws/kms-cmk-rotation-enabled']),
  kmsKeyRule(['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DisableKey', 'EnableKey'], ['aws/kms-cmk-not-deleted-unintentionally', 'aws/kms-cmk-rotation-enabled']),
  kmsKeyRule(['PutKeyPolicy'], ['aws/kms-key-not-publicly-accessible']),

  // RDS instances and snapshots.
  {
    source: 'rds.amazonaws.com',
    names: ['ModifyDBInstance', 'CreateDBInstance', 'DeleteDBInstance', 'RestoreDBInstanceFromDBSnapshot', 'CreateDBInstanceReadReplica'],
    service: 'rds',
    scope: 'resource',
    resourceType: 'AwsRdsDbInstance',
    arn: rdsInstanceArn,
    checks: RDS_INSTANCE_CHECKS,
  },
  { source: 'rds.amazonaws.com', names: ['ModifyDBSnapshotAttribute'], service: 'rds', scope: 'region', checks: ['aws/rds-snapshots-public-access'] },

  // Account-level detective services, judged per region.
  {
    source: 'config.amazonaws.com',
    names: ['PutConfigurationRecorder', 'DeleteConfigurationRecorder', 'StartConfigurationRecorder', 'StopConfigurationRecorder', 'PutDeliveryChannel', 'DeleteDeliveryChannel'],
    service: 'config',
    scope: 'account',
    checks: ['aws/config-recorder-all-regions-enabled'],
  },
  { source: 'guardduty.amazonaws.com', names: ['CreateDetector', 'DeleteDetector', 'UpdateDetector'], service: 'guardduty', scope: 'region', checks: ['aws/guardduty-is-enabled'] },
  { source: 'access-analyzer.amazonaws.com', names: ['CreateAnalyzer', 'DeleteAnalyzer'], service: 'accessanalyzer', scope: 'region', checks: ['aws/accessanalyzer-enabled'] },
];

const RULES_BY_EVENT: ReadonlyMap<string, ChangeEventRule> = new Map(CHANGE_EVENT_RULES.flatMap((rule) => rule.names.map((name) => [`${rule.source}:${name}`, rule] as const)));

/** The rule for an event source and name, if the mapping has one. */
export function changeEventRule(source: string, name: string): ChangeEventRule | undefined {
  return RULES_BY_EVENT.get(`${source}:${name}`);
}

/** The re-scan a CloudTrail record calls for, or why it calls for none. */
export function changeTargetOf(record: CloudTrailRecord): ChangeTarget | { readonly ignored: IgnoredReason } {
  const source = record.eventSource ?? '';
  const name = record.eventName ?? '';
  const rule = changeEventRule(source, name);
  if (!rule) return { ignored: 'unmapped' };
  // A call that failed changed nothing.
  if (record.errorCode) return { ignored: 'failed-call' };
  if (record.readOnly === true) return { ignored: 'read-only' };
  const accountId = record.recipientAccountId ?? record.userIdentity?.accountId;
  if (!accountId || !/^\d{12}$/.test(accountId)) return { ignored: 'no-account' };
  const region = record.awsRegion ?? 'us-east-1';
  const context: RuleContext = { record, accountId, region, partition: partitionOfRegion(region) };
  const event = { id: record.eventID ?? `${source}:${name}:${record.eventTime ?? ''}`, source, name, time: record.eventTime ?? new Date().toISOString() };
  if (rule.scope === 'resource') {
    const arn = rule.arn?.(context);
    if (!arn && rule.withoutResource) return { accountId, service: rule.service, checks: rule.withoutResource, event };
    if (!arn) return { ignored: 'no-resource' };
    // S3 buckets are global resources: their collector finds each bucket's region itself.
    return { accountId, ...(rule.service === 's3' ? {} : { region }), service: rule.service, checks: rule.checks, arns: [arn], event };
  }
  return { accountId, ...(rule.scope === 'region' ? { region } : {}), service: rule.service, checks: rule.checks, event };
}

/**
 * A CloudTrail record from a line of input: the record itself, or an EventBridge envelope whose
 * `detail` is one (`detail-type: AWS API Call via CloudTrail`).
 */
export function cloudTrailRecordOf(value: unknown): CloudTrailRecord | undefined {
  if (!isObject(value)) return undefined;
  const detail = value['detail'];
  if (isObject(detail) && typeof value['detail-type'] === 'string') return typeof detail['eventName'] === 'string' ? (detail as CloudTrailRecord) : undefined;
  return typeof value['eventName'] === 'string' ? (value as CloudTrailRecord) : undefined;
}

/** What makes two targets one re-scan: the same account, region, service and checks. */
export function targetKey(target: ChangeTarget): string {
  return [target.accountId, target.region ?? '*', target.service, [...target.checks].sort().join(',')].join('|');
}

/** Targets touching the same account, region, service and checks, merged: one re-scan reads all their resources. */
export function coalesceTargets(targets: readonly ChangeTarget[]): ChangeTarget[] {
  const merged = new Map<string, ChangeTarget>();
  for (const target of targets) {
    const key = targetKey(target);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, target);
      continue;
    }
    const event = target.event.time > existing.event.time ? target.event : existing.event;
    const { arns: _arns, ...rest } = existing;
    // A target over every resource absorbs one over some.
    merged.set(key, existing.arns && target.arns ? { ...rest, arns: [...new Set([...existing.arns, ...target.arns])], event } : { ...rest, event });
  }
  return [...merged.values()];
}

/** The scope of the re-scan a target calls for: its account, region, checks and resources. */
export function targetScanScope(target: ChangeTarget): { regions?: string[]; checks: string[]; accounts: string[]; resources?: { arns: string[]; collectOnly: true } } {
  return {
    accounts: [target.accountId],
    ...(target.region ? { regions: [target.region] } : {}),
    checks: [...target.checks],
    ...(target.arns ? { resources: { arns: [...target.arns], collectOnly: true as const } } : {}),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
