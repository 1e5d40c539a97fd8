/**
 * `palisade watch` against the AWS emulator, as a user runs it: CloudTrail records of changes made
 * to a live account go in on standard input (and from a file), the touched bucket and security
 * group are re-read over the wire, and each re-evaluated finding comes out as one OCSF line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REGION, cliEnvironment, credentialsFor, randomAccountId } from './seed.ts';

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';
const bin = fileURLToPath(new URL('../../apps/cli/bin/palisade.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'palisade-watch-'));

interface OcsfLine {
  status_code: string;
  resources: { uid: string }[];
  metadata: { event_code: string };
}

async function watch(credentials: AwsCredentialIdentity, args: readonly string[], input?: string) {
  const env = cliEnvironment(credentials, work, { AWS_REGION: REGION });
  return new Promise<{ code: number | null; lines: OcsfLine[]; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'watch', '--endpoint-url', endpoint!, ...args], { cwd: work, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stderr,
        lines: stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as OcsfLine),
      }),
    );
    child.stdin.end(input ?? '');
  });
}

/** Runs `palisade watch` until its first OCSF line is out, then interrupts it as Ctrl-C does. */
async function watchUntilOutput(credentials: AwsCredentialIdentity, args: readonly string[]) {
  const env = cliEnvironment(credentials, work, { AWS_REGION: REGION });
  return new Promise<{ code: number | null; lines: OcsfLine[]; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'watch', '--endpoint-url', endpoint!, ...args], { cwd: work, env });
    let stdout = '';
    let stderr = '';
    // One Ctrl-C, once a re-scan's summary line is out (a second would skip the clean stop).
    let interrupted = false;
    const interrupt = () => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGINT');
    };
    const timer = setTimeout(interrupt, 60_000);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('finding(s) re-evaluated')) interrupt();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, lines: stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OcsfLine) });
    });
  });
}

/** A CloudTrail record of a successful call, as CloudTrail writes it. */
function cloudTrail(accountId: string, source: string, name: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', accountId, arn: `arn:aws:iam::${accountId}:user/alice`, userName: 'alice' },
    eventTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: source,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters,
    responseElements: null,
    eventID: `${name}-${Math.random().toString(16).slice(2)}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    ...extra,
  };
}

describe.skipIf(!endpoint)(`palisade watch against the AWS emulator${skipped}`, () => {
  let credentials: AwsCredentialIdentity;
  let accountId: string;
  let groupId: string;
  const bucket = `watch-${Math.random().toString(16).slice(2, 10)}`;

  beforeAll(async () => {
    accountId = randomAccountId();
    credentials = await credentialsFor(endpoint!, accountId);
    const options = { endpoint: endpoint!, region: REGION, credentials, forcePathStyle: true };
    const s3 = new S3Client(options);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } }),
    );
    // The change a CloudTrail event reports: a policy letting anyone read the bucket.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] }),
      }),
    );
    s3.destroy();
    const ec2 = new EC2Client(options);
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }));
    groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'watch-ssh', Description: 'ssh', VpcId: vpc.Vpc!.VpcId! }))).GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
    ec2.destroy();
  }, 120_000);

  it('re-reads the bucket and the security group the events name and prints their findings as OCSF lines, exit 3 on FAIL', async () => {
    const events = [
      cloudTrail(accountId, 's3.amazonaws.com', 'PutBucketPolicy', { bucketName: bucket, bucketPolicy: { Version: '2012-10-17' }, host: [`${bucket}.s3.amazonaws.com`] }),
      // The same change again, and wrapped as EventBridge delivers it: coalesced into one re-read.
      { version: '0', id: 'eb-1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: accountId, region: REGION, time: new Date().toISOString(), resources: [], detail: cloudTrail(accountId, 's3.amazonaws.com', 'PutBucketPolicy', { bucketName: bucket }) },
      cloudTrail(accountId, 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22 }] } }),
      cloudTrail(accountId, 's3.amazonaws.com', 'GetObject', { bucketName: bucket, key: 'a.txt' }),
      cloudTrail(accountId, 's3.amazonaws.com', 'PutBucketAcl', { bucketName: bucket }, { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }),
    ];
    const output = join(work, 'out');
    const { code, lines, stderr } = await watch(credentials, ['--input', '-', '-o', output], `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
    expect(code, stderr).toBe(3);
    const byCheck = new Map(lines.map((line) => [`${line.metadata.event_code} ${line.resources[0]!.uid}`, line.status_code]));
    expect(byCheck.get(`aws/s3-bucket-public-access arn:aws:s3:::${bucket}`)).toBe('FAIL');
    expect(byCheck.get(`aws/s3-bucket-secure-transport-policy arn:aws:s3:::${bucket}`)).toBe('FAIL');
    expect(byCheck.get(`aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports arn:aws:ec2:${REGION}:${accountId}:security-group/${groupId}`)).toBe('FAIL');
    // Only the touched resources: no other bucket or group of the account, one line per check × resource.
    expect(new Set(lines.map((line) => line.resources[0]!.uid))).toEqual(new Set([`arn:aws:s3:::${bucket}`, `arn:aws:ec2:${REGION}:${accountId}:security-group/${groupId}`]));
    expect(byCheck.size).toBe(lines.length);
    expect(stderr).toMatch(/5 record\(s\), 2 re-scan\(s\), ignored: 1 unmapped, 1 failed-call/);
    const written = readdirSync(output);
    expect(written).toHaveLength(1);
    expect(readFileSync(join(output, written[0]!), 'utf8').trim().split('\n')).toHaveLength(lines.length);
  }, 120_000);

  it('reads a CloudTrail log file, names a malformed line, and passes when the change made things right', async () => {
    const file = join(work, 'trail.jsonl');
    const revoke = cloudTrail(accountId, 'ec2.amazonaws.com', 'RevokeSecurityGroupIngress', { groupId: 'sg-0000000000000dead' });
    writeFileSync(file, `${JSON.stringify({ Records: [revoke] })}\nnot json\n`);
    const { code, lines, stderr } = await watch(credentials, ['--input', file]);
    // A group that no longer exists has nothing to report; the bad line is named and fails the exit code.
    expect(lines).toEqual([]);
    expect(stderr).toContain('trail.jsonl:2: not JSON');
    expect(code).toBe(2);
  }, 120_000);

  it('reads the events from an SQS queue until interrupted, and deletes each message once its re-scan ran', async () => {
    const sqs = new SQSClient({ endpoint: endpoint!, region: REGION, credentials });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `palisade-watch-${Math.random().toString(16).slice(2, 10)}` }))).QueueUrl!;
    const envelope = { version: '0', id: 'eb-sqs', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.s3', account: accountId, region: REGION, time: new Date().toISOString(), resources: [], detail: cloudTrail(accountId, 's3.amazonaws.com', 'PutBucketPolicy', { bucketName: bucket }) };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(envelope) }));
    const { code, lines, stderr } = await watchUntilOutput(credentials, ['--sqs-queue-url', queueUrl]);
    expect(stderr).toContain(`reading ${queueUrl}`);
    expect(lines.find((line) => line.metadata.event_code === 'aws/s3-bucket-public-access')?.status_code).toBe('FAIL');
    expect(code, stderr).toBe(3);
    const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    sqs.destroy();
  }, 120_000);
});

