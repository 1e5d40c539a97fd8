import { describe, expect, it } from 'vitest';
import { getCheck } from '@palisade/checks';
import { AWS_SERVICES } from '@palisade/core/aws';
import { GLOBAL_COLLECTORS, REGIONAL_COLLECTORS } from '@palisade/providers';
import { CHANGE_EVENT_RULES, changeTargetOf, cloudTrailRecordOf, coalesceTargets, targetScanScope } from './aws-change-events.ts';
import type { ChangeTarget, CloudTrailRecord } from './aws-change-events.ts';

/** A CloudTrail management event as CloudTrail writes it (the fields around the change trimmed). */
function record(source: string, name: string, fields: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventID: `e-${name}`,
    eventTime: '2026-11-30T10:00:00Z',
    eventSource: source,
    eventName: name,
    awsRegion: 'us-west-2',
    recipientAccountId: '123456789012',
    userIdentity: { type: 'IAMUser', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice' },
    errorCode: null,
    readOnly: false,
    requestParameters: null,
    responseElements: null,
    resources: null,
    ...fields,
  };
}

describe('the change event mapping', () => {
  it('names only real collectors and checks, each check read by the rule’s collector', () => {
    const collectors = new Set([...Object.keys(GLOBAL_COLLECTORS), ...Object.keys(REGIONAL_COLLECTORS)]);
    for (const rule of CHANGE_EVENT_RULES) {
      expect(AWS_SERVICES, `${rule.source} ${rule.names[0]}`).toContain(rule.service);
      expect(collectors.has(rule.service), rule.service).toBe(true);
      expect(rule.checks.length).toBeGreaterThan(0);
      for (const id of rule.checks) {
        const check = getCheck(id);
        expect(check, id).toBeDefined();
        expect(check!.requires, `${id} for ${rule.names[0]}`).toContain(rule.service);
        // A re-scan of one resource evaluates only checks about that kind of resource.
        if (rule.scope === 'resource') expect(check!.resourceType, `${id} for ${rule.names[0]}`).toBe(rule.resourceType);
      }
      if (rule.scope === 'resource') expect(rule.arn, rule.names[0]).toBeTypeOf('function');
      for (const id of rule.withoutResource ?? []) expect(getCheck(id)?.requires, id).toContain(rule.service);
    }
  });

  it('maps each event name once', () => {
    const seen = CHANGE_EVENT_RULES.flatMap((rule) => rule.names.map((name) => `${rule.source}:${name}`));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('covers the configuration changes of S3, EC2, IAM, CloudTrail, KMS, RDS, Config, GuardDuty and Access Analyzer', () => {
    const required: [string, string][] = [
      ...['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutPublicAccessBlock', 'DeletePublicAccessBlock', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutBucketEncryption', 'DeleteBucketEncryption', 'PutBucketVersioning', 'PutBucketLogging'].map(
        (name) => ['s3.amazonaws.com', name] as [string, string],
      ),
      ...['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules', 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry'].map((name) => ['ec2.amazonaws.com', name] as [string, string]),
      ...['CreateUser', 'AttachUserPolicy', 'PutUserPolicy', 'AttachRolePolicy', 'UpdateAssumeRolePolicy', 'CreatePolicyVersion', 'CreateAccessKey', 'CreateLoginProfile', 'DeactivateMFADevice'].map(
        (name) => ['iam.amazonaws.com', name] as [string, string],
      ),
      ...['StopLogging', 'DeleteTrail', 'UpdateTrail'].map((name) => ['cloudtrail.amazonaws.com', name] as [string, string]),
      ...['DisableKeyRotation', 'ScheduleKeyDeletion', 'PutKeyPolicy'].map((name) => ['kms.amazonaws.com', name] as [string, string]),
      ['rds.amazonaws.com', 'ModifyDBInstance'],
      ['config.amazonaws.com', 'StopConfigurationRecorder'],
      ['guardduty.amazonaws.com', 'DeleteDetector'],
      ['access-analyzer.amazonaws.com', 'DeleteAnalyzer'],
    ];
    const mapped = new Set(CHANGE_EVENT_RULES.flatMap((rule) => rule.names.map((name) => `${rule.source}:${name}`)));
    for (const [source, name] of required) expect(mapped.has(`${source}:${name}`), `${source} ${name}`).toBe(true);
  });
});

describe('changeTargetOf', () => {
  it('re-reads the bucket a policy was put on, with the checks a policy decides', () => {
    const target = changeTargetOf(
      record('s3.amazonaws.com', 'PutBucketPolicy', { requestParameters: { bucketName: 'example-bucket', bucketPolicy: { Version: '2012-10-17', Statement: [] }, host: ['s3.us-west-2.amazonaws.com'] } }),
    ) as ChangeTarget;
    expect(target).toMatchObject({ accountId: '123456789012', service: 's3', arns: ['arn:aws:s3:::example-bucket'], event: { id: 'e-PutBucketPolicy', name: 'PutBucketPolicy', source: 's3.amazonaws.com' } });
    expect(target.region).toBeUndefined();
    expect(target.checks).toEqual(['aws/s3-bucket-public-access', 'aws/s3-bucket-secure-transport-policy']);
  });

  it('names the security group of a rule change in the event’s region', () => {
    const target = changeTargetOf(
      record('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        requestParameters: { groupId: 'sg-0abc', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
        responseElements: { _return: true, requestId: '1' },
      }),
    ) as ChangeTarget;
    expect(target).toMatchObject({ region: 'us-west-2', service: 'ec2', arns: ['arn:aws:ec2:us-west-2:123456789012:security-group/sg-0abc'] });
    expect(target.checks).toContain('aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports');
  });

  it('reads the group id of ModifySecurityGroupRules and of a created group from where CloudTrail puts them', () => {
    const modified = changeTargetOf(record('ec2.amazonaws.com', 'ModifySecurityGroupRules', { requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: 'sg-1', SecurityGroupRule: {} } } })) as ChangeTarget;
    expect(modified.arns).toEqual(['arn:aws:ec2:us-west-2:123456789012:security-group/sg-1']);
    const created = changeTargetOf(record('ec2.amazonaws.com', 'CreateSecurityGroup', { requestParameters: { groupName: 'web' }, responseElements: { _return: true, groupId: 'sg-2' } })) as ChangeTarget;
    expect(created.arns).toEqual(['arn:aws:ec2:us-west-2:123456789012:security-group/sg-2']);
  });

  it('takes the KMS key from the record’s resources, or builds its ARN from the key id', () => {
    const listed = changeTargetOf(
      record('kms.amazonaws.com', 'ScheduleKeyDeletion', {
        requestParameters: { keyId: '1234abcd', pendingWindowInDays: 30 },
        resources: [{ ARN: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd', accountId: '123456789012', type: 'AWS::KMS::Key' }],
      }),
    ) as ChangeTarget;
    expect(listed.arns).toEqual(['arn:aws:kms:us-west-2:123456789012:key/1234abcd']);
    const built = changeTargetOf(record('kms.amazonaws.com', 'DisableKeyRotation', { requestParameters: { keyId: '5678' } })) as ChangeTarget;
    expect(built.arns).toEqual(['arn:aws:kms:us-west-2:123456789012:key/5678']);
    // An alias names no key: nothing to re-read by ARN.
    expect(changeTargetOf(record('kms.amazonaws.com', 'PutKeyPolicy', { requestParameters: { keyId: 'alias/app' } }))).toEqual({ ignored: 'no-resource' });
  });

  it('names the IAM user a call acts on, and falls back to the root user\'s checks for a call without one', () => {
    const created = changeTargetOf(record('iam.amazonaws.com', 'CreateUser', { requestParameters: { userName: 'bob', path: '/ops/' }, responseElements: { user: { userName: 'bob', path: '/ops/', arn: 'arn:aws:iam::123456789012:user/ops/bob' } } })) as ChangeTarget;
    expect(created).toMatchObject({ service: 'iam', arns: ['arn:aws:iam::123456789012:user/bob'] });
    expect(created.checks).toContain('aws/iam-user-mfa-enabled-console-access');
    const key = changeTargetOf(record('iam.amazonaws.com', 'CreateAccessKey', { requestParameters: { userName: 'alice' } })) as ChangeTarget;
    expect(key.arns).toEqual(['arn:aws:iam::123456789012:user/alice']);
    const root = changeTargetOf(record('iam.amazonaws.com', 'CreateAccessKey', { userIdentity: { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root' }, requestParameters: null })) as ChangeTarget;
    expect(root.arns).toBeUndefined();
    expect(root.checks).toEqual(['aws/iam-no-root-access-key', 'aws/iam-root-mfa-enabled', 'aws/iam-root-hardware-mfa-enabled']);
  });

  it('re-evaluates account-wide checks in every region for a trail stopped', () => {
    const target = changeTargetOf(record('cloudtrail.amazonaws.com', 'StopLogging', { requestParameters: { name: 'arn:aws:cloudtrail:us-west-2:123456789012:trail/main' } })) as ChangeTarget;
    expect(target.service).toBe('cloudtrail');
    expect(target.region).toBeUndefined();
    expect(target.arns).toBeUndefined();
    expect(target.checks).toContain('aws/cloudtrail-multi-region-enabled');
  });

  it('ignores failed calls, unmapped and read-only events, and records without an account or resource', () => {
    expect(changeTargetOf(record('s3.amazonaws.com', 'PutBucketPolicy', { errorCode: 'AccessDenied', requestParameters: { bucketName: 'b' } }))).toEqual({ ignored: 'failed-call' });
    expect(changeTargetOf(record('s3.amazonaws.com', 'GetObject', { requestParameters: { bucketName: 'b' } }))).toEqual({ ignored: 'unmapped' });
    expect(changeTargetOf(record('s3.amazonaws.com', 'PutBucketPolicy', { readOnly: true, requestParameters: { bucketName: 'b' } }))).toEqual({ ignored: 'read-only' });
    expect(changeTargetOf(record('s3.amazonaws.com', 'PutBucketPolicy', { recipientAccountId: undefined, userIdentity: null, requestParameters: { bucketName: 'b' } }))).toEqual({ ignored: 'no-account' });
    expect(changeTargetOf(record('s3.amazonaws.com', 'PutBucketPolicy', { requestParameters: {} }))).toEqual({ ignored: 'no-resource' });
  });

  it('builds ARNs in the partition of the event’s region', () => {
    const target = changeTargetOf(record('ec2.amazonaws.com', 'DeleteNetworkAclEntry', { awsRegion: 'cn-north-1', requestParameters: { networkAclId: 'acl-9' } })) as ChangeTarget;
    expect(target.arns).toEqual(['arn:aws-cn:ec2:cn-north-1:123456789012:network-acl/acl-9']);
  });
});

describe('cloudTrailRecordOf', () => {
  it('reads a record, and the record inside an EventBridge envelope', () => {
    const inner = record('s3.amazonaws.com', 'PutBucketAcl', { requestParameters: { bucketName: 'b' } });
    expect(cloudTrailRecordOf(inner)).toBe(inner);
    const envelope = { version: '0', id: 'x', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: '123456789012', region: 'us-west-2', time: '2026-11-30T10:00:00Z', resources: [], detail: inner };
    expect(cloudTrailRecordOf(envelope)).toBe(inner);
    expect(cloudTrailRecordOf({ 'detail-type': 'Scheduled Event', detail: {} })).toBeUndefined();
    expect(cloudTrailRecordOf([inner])).toBeUndefined();
  });
});

describe('coalesceTargets and targetScanScope', () => {
  const bucket = (name: string, time: string) => changeTargetOf(record('s3.amazonaws.com', 'PutBucketPolicy', { eventTime: time, eventID: name + time, requestParameters: { bucketName: name } })) as ChangeTarget;

  it('merges a burst on the same checks into one re-scan over the resources touched', () => {
    const burst = Array.from({ length: 1000 }, (_, index) => bucket(index % 2 ? 'a' : 'b', `2026-11-30T10:00:${String(index % 60).padStart(2, '0')}Z`));
    const merged = coalesceTargets(burst);
    expect(merged).toHaveLength(1);
    expect([...merged[0]!.arns!].sort()).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::b']);
    expect(merged[0]!.event.time).toBe('2026-11-30T10:00:59Z');
  });

  it('lets a target over every resource absorb one over some', () => {
    const all = { ...bucket('a', '2026-11-30T10:00:00Z') };
    delete (all as { arns?: readonly string[] }).arns;
    const merged = coalesceTargets([bucket('a', '2026-11-30T10:00:01Z'), all]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.arns).toBeUndefined();
  });

  it('scopes the re-scan to the account, region, checks and resources', () => {
    const group = changeTargetOf(record('ec2.amazonaws.com', 'RevokeSecurityGroupIngress', { requestParameters: { groupId: 'sg-1' } })) as ChangeTarget;
    expect(targetScanScope(group)).toEqual({
      accounts: ['123456789012'],
      regions: ['us-west-2'],
      checks: [...group.checks],
      resources: { arns: ['arn:aws:ec2:us-west-2:123456789012:security-group/sg-1'], collectOnly: true },
    });
  });
});
