/**
 * A change event end to end on the benchmark's simulated AWS (its wire protocols, in process): a
 * full scan, then a bucket's policy changes in the simulated estate, its CloudTrail event is posted
 * signed, the targeted re-scan flips the bucket's finding to FAIL (`changed`), and the webhook
 * receiver gets exactly one signed delivery about it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { S3Bucket } from '@palisade/core/aws';
import { verifyWebhookSignature } from '@palisade/integrations';
import { simulatorOf } from '../../../bench/sim/transport.ts';
import type { SimulatedTransportOptions } from '../../../bench/sim/transport.ts';
import { createTenant, openPlatform, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';

const transportOptions: SimulatedTransportOptions = {
  estate: {
    seed: 31,
    accounts: 1,
    regions: ['us-east-1'],
    perRegion: { instances: 2, securityGroups: 3, volumes: 1, snapshots: 1, vpcs: 1, kmsKeys: 1, logGroups: 1 },
    perAccount: { iamUsers: 2, iamRoles: 2, buckets: 6 },
    misconfiguredShare: 0,
  },
};
const WEBHOOK_SECRET = 'a webhook signing secret for the test';

let platform: Platform;
let app: FastifyInstance;
let receiver: Server;
let token: string;
let tenantId: string;
const deliveries: { valid: boolean; body: { findings: { uid: string; resource: { uid: string }; status: string; delta: string }[] } }[] = [];

async function call(method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
  return { status: response.statusCode, json: JSON.parse(response.body) as any };
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const valid = verifyWebhookSignature(WEBHOOK_SECRET, String(request.headers['x-palisade-timestamp']), text, String(request.headers['x-palisade-signature']), new Date());
      deliveries.push({ valid, body: JSON.parse(text) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

  platform = await openPlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'palisade-event-rescan-')),
    productVersion: 'test',
    env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') },
    transport: { module: fileURLToPath(new URL('../../../bench/sim/transport.ts', import.meta.url)), export: 'simulatedAws', options: transportOptions },
  });
  ({ tenantId } = await createTenant(platform, { name: 'Acme', ownerEmail: 'owner@acme.test', password: 'event rescan passphrase' }));
  app = await platformServer(platform, { logger: false });
  await platform.runner.start();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'owner@acme.test', password: 'event rescan passphrase' }) });
  token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
  const integration = await call('POST', '/integrations', { type: 'webhook', name: 'soc', config: { url: hookUrl }, secret: { signingSecret: WEBHOOK_SECRET } });
  expect(integration.status).toBe(201);
  expect((await call('POST', '/alert-rules', { kind: 'finding', name: 'new or changed critical', minSeverity: 'critical', destinations: [integration.json.id] })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
  receiver?.close();
});

describe('a bucket policy change on the simulated AWS', () => {
  it('flips the bucket to FAIL through a targeted re-scan and sends one signed webhook delivery', async () => {
    const simulator = simulatorOf(transportOptions);
    const account = simulator.estate.accounts[0]!;
    const s3 = account.snapshot.global.s3!;
    // No account-level block: the bucket's policy alone decides.
    (s3 as { accountPublicAccessBlock: unknown }).accountPublicAccessBlock = { value: null };
    const provider = await call('POST', '/providers', { type: 'aws', alias: 'simulated', config: { regions: ['us-east-1'] } });
    const full = await call('POST', '/scans', { providerId: provider.json.id });
    await platform.runner.idle();
    await platform.alerts.idle();
    expect((await call('GET', `/scans/${full.json.id}`)).json.state).toBe('completed');
    const bucket = s3.buckets.value![1]!;
    const before = (await call('GET', `/findings?resourceUid=${encodeURIComponent(bucket.arn)}&checkId=aws/s3-bucket-public-access`)).json.items;
    expect(before.map((finding: { status: string }) => finding.status)).toEqual(['PASS']);
    deliveries.length = 0;

    // The change, in the estate the simulated AWS serves.
    const buckets = s3.buckets.value as S3Bucket[];
    buckets[1] = {
      ...bucket,
      publicAccessBlock: { value: null },
      policy: { value: normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket.arn}/*` }] }) },
      policyStatus: { value: { isPublic: true } },
    };
    const secret = (await call('POST', '/events/secret')).json.secret as string;
    const body = JSON.stringify({
      version: '0',
      id: 'eb-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      account: account.accountId,
      region: bucket.region,
      time: new Date().toISOString(),
      resources: [],
      detail: {
        eventVersion: '1.09',
        eventTime: new Date().toISOString(),
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        awsRegion: bucket.region,
        requestParameters: { bucketName: bucket.name },
        responseElements: null,
        eventID: 'ct-1',
        readOnly: false,
        recipientAccountId: account.accountId,
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'content-type': 'application/json', 'x-palisade-tenant': tenantId, 'x-palisade-timestamp': String(timestamp), 'x-palisade-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}` },
      payload: body,
    });
    expect(posted.statusCode).toBe(202);
    const scanId = (JSON.parse(posted.body) as { scans: { id: string }[] }).scans[0]!.id;
    await platform.runner.idle();
    await platform.alerts.idle();

    const after = (await call('GET', `/findings?scanId=${scanId}&resourceUid=${encodeURIComponent(bucket.arn)}&checkId=aws/s3-bucket-public-access`)).json.items;
    expect(after.map((finding: { status: string; delta: string }) => [finding.status, finding.delta])).toEqual([['FAIL', 'changed']]);
    const latest = (await call('GET', `/findings/latest?resourceUid=${encodeURIComponent(bucket.arn)}&checkId=aws/s3-bucket-public-access`)).json.items;
    expect(latest.map((finding: { status: string }) => finding.status)).toEqual(['FAIL']);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.valid).toBe(true);
    expect(deliveries[0]!.body.findings.map((finding) => [finding.resource.uid, finding.status, finding.delta])).toEqual([[bucket.arn, 'FAIL', 'changed']]);
  }, 120_000);
});
