/**
 * A live scan through the whole stack — session, gateway, every collector, checks, engine — with
 * the SDK clients mocked: a denied API must surface as ERROR findings naming the API and its error
 * code, never as PASS, and the scan must go on for everything else.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { DEFAULT_SCAN_CONFIG, executeScan } from '@palisade/engine';

const denied = (code: string, api: string) => {
  const error = new Error(`User: arn:aws:sts::123456789012:assumed-role/audit/s is not authorized to perform: ${api}`) as Error & { $metadata: object };
  error.name = code;
  error.$metadata = { httpStatusCode: 403 };
  return error;
};

// Every client denies everything unless a response is set below.
const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
// The remaining clients only ever deny; one class type stands for them all.
const others = [
  AccessAnalyzerClient, AccountClient, CloudTrailClient, CloudWatchClient, CloudWatchLogsClient, ConfigServiceClient,
  EFSClient, GuardDutyClient, KMSClient, Macie2Client, RDSClient, S3ControlClient, SecurityHubClient, SNSClient,
].map((Client) => mockClient(Client as unknown as typeof STSClient));
for (const mock of [sts, ...others]) mock.onAnyCommand().rejects(denied('AccessDeniedException', 'denied'));
ec2.onAnyCommand().rejects(denied('AccessDeniedException', 'denied'));
s3.onAnyCommand().rejects(denied('AccessDenied', 'denied'));
iam.onAnyCommand().rejects(denied('AccessDenied', 'denied'));
afterAll(() => {
  for (const mock of [sts, ...others]) mock.restore();
  ec2.restore();
  s3.restore();
  iam.restore();
});

sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/audit/s', UserId: 'AROAEXAMPLE:s' });
ec2.on(DescribeRegionsCommand).resolves({
  Regions: [
    { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
  ],
});
ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
s3.on(ListBucketsCommand).resolves({ Buckets: [], Owner: { ID: 'abc' } });

describe('live scan with denied APIs', () => {
  const snapshot = join(mkdtempSync(join(tmpdir(), 'palisade-live-')), 'live.json.gz');
  const findings: Finding[] = [];

  it('reports ERROR findings naming each denied API, never PASS for unread data', async () => {
    const result = await executeScan({
      snapshotOut: snapshot,
      source: { kind: 'aws', connect: { credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }, region: 'us-east-1' } },
      checks: ALL_CHECKS,
      config: { ...DEFAULT_SCAN_CONFIG, gateway: { maxAttempts: 1 } },
      sinks: [{ write: async (batch) => void findings.push(...batch) }],
      productVersion: 'test',
    });

    expect(result.interrupted).toBe(false);
    expect(result.accountsScanned).toEqual(['123456789012']);
    // Denials are data, not collector crashes.
    expect(result.errors.filter((error) => error.error.code === 'CollectorFailed')).toEqual([]);

    // Every IAM check read denied data: each result is ERROR with the API and code.
    const iam = findings.filter((finding) => finding.check.service === 'iam');
    expect(iam.length).toBeGreaterThan(0);
    for (const finding of iam) {
      expect(finding.status, finding.check.id).toBe('ERROR');
      expect(finding.error?.api).toMatch(/^iam:/);
      expect(finding.error?.code).toBe('AccessDenied');
      expect(finding.message).toContain('failed with AccessDenied');
    }

    // GuardDuty was denied in both regions: ERROR per region, naming the API.
    const guardduty = findings.filter((finding) => finding.check.id === 'aws/guardduty-is-enabled');
    expect(guardduty.map((finding) => [finding.status, finding.region, finding.error?.api, finding.error?.code]).sort()).toEqual([
      ['ERROR', 'eu-west-1', 'guardduty:ListDetectors', 'AccessDeniedException'],
      ['ERROR', 'us-east-1', 'guardduty:ListDetectors', 'AccessDeniedException'],
    ]);

    // What could be read is still evaluated: EBS default encryption was answered.
    const ebs = findings.filter((finding) => finding.check.id === 'aws/ec2-ebs-default-encryption');
    expect(ebs.map((finding) => [finding.status, finding.region]).sort()).toEqual([
      ['PASS', 'eu-west-1'],
      ['PASS', 'us-east-1'],
    ]);

    // No check passed on data that was denied.
    const passedOnDenied = findings.filter((finding) => finding.status === 'PASS' && ['iam', 'guardduty', 'kms', 'cloudtrail', 'rds'].includes(finding.check.service));
    expect(passedOnDenied).toEqual([]);

    // The gateway counted the calls and the errors per service.
    expect(result.apiCounters['iam']?.errors).toBeGreaterThan(0);
    expect(result.apiCounters['iam']?.errorCodes['AccessDenied']).toBeGreaterThan(0);
    expect(result.apiCounters['sts']?.calls).toBe(1);
    expect(result.apiCounters['ec2']?.errors).toBeGreaterThan(0);
    expect(result.summary.total.ERROR).toBeGreaterThan(50);
  });

  it('saves the inventory so an offline re-scan gives the same findings', async () => {
    const offline: Finding[] = [];
    const result = await executeScan({
      source: { kind: 'snapshot', path: snapshot },
      checks: ALL_CHECKS,
      config: DEFAULT_SCAN_CONFIG,
      sinks: [{ write: async (batch) => void offline.push(...batch) }],
      productVersion: 'test',
    });
    expect(result.apiCounters).toEqual({});
    const key = (finding: Finding) => `${finding.uid} ${finding.status} ${finding.error?.code ?? ''}`;
    expect(offline.length).toBe(findings.length);
    expect(offline.map(key).sort()).toEqual(findings.map(key).sort());
  });
});
