/**
 * Change events over the API: signed CloudTrail records in, targeted re-scans out. On the demo
 * snapshot provider: a bucket's policy event re-evaluates only that bucket's policy checks, leaves
 * every other finding in place, records the event on the scan and in the finding's history, and a
 * burst on the same bucket is one re-scan. Unsigned, badly signed, stale, replayed and malformed
 * requests are refused or counted, naming the field.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, openPlatform, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const PASSWORD = 'event intake passphrase 7';
const ACCOUNT = '111111111111';
const BUCKET = 'acme-prod-app-data-us-east-1';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;

let platform: Platform;
let app: FastifyInstance;
let token: string;
let tenantId: string;
let providerId: string;
let secret: string;

async function call(method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' JSON field by field
  return { status: response.statusCode, json: JSON.parse(response.body) as any };
}

/** Posts events signed as a forwarder signs them; `tamper` changes one part after signing. */
async function post(body: string, options: { tenant?: string; timestamp?: number; tamper?: 'signature' | 'body'; key?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `sha256=${createHmac('sha256', options.key ?? secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: {
      'content-type': 'application/json',
      'x-palisade-tenant': options.tenant ?? tenantId,
      'x-palisade-timestamp': String(timestamp),
      'x-palisade-signature': options.tamper === 'signature' ? signature.replace(/.$/, (last) => (last === '0' ? '1' : '0')) : signature,
    },
    payload: options.tamper === 'body' ? `${body} ` : body,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.statusCode, json: JSON.parse(response.body) as any };
}

function bucketEvent(id: string, name = 'PutBucketPolicy', account = ACCOUNT) {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', accountId: account, arn: `arn:aws:sts::${account}:assumed-role/deployer/ci` },
    eventTime: '2026-12-03T10:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    requestParameters: { bucketName: BUCKET, policy: [''] },
    responseElements: null,
    eventID: id,
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: account,
  };
}

beforeAll(async () => {
  platform = await openPlatform({ dataDir: mkdtempSync(join(tmpdir(), 'palisade-events-')), productVersion: 'test', env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') } });
  ({ tenantId } = await createTenant(platform, { name: 'Acme', ownerEmail: 'owner@acme.test', password: PASSWORD }));
  app = await platformServer(platform, { logger: false });
  await platform.runner.start();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'owner@acme.test', password: PASSWORD }) });
  token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
  providerId = (await call('POST', '/providers', { type: 'snapshot', alias: 'demo', config: { path: demo } })).json.id;
  const full = await call('POST', '/scans', { providerId });
  expect(full.status).toBe(202);
  await platform.runner.idle();
  secret = (await call('POST', '/events/secret')).json.secret;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

describe('POST /events', () => {
  it('re-scans only the bucket a policy event names, keeping every other finding, and records the event', async () => {
    const before = (await call('GET', '/findings?limit=500')).json.items.length as number;
    const answer = await post(JSON.stringify(bucketEvent('evt-policy-1')));
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ received: 1, accepted: 1, duplicates: 0, scans: [{ providerId, coalesced: false }] });
    await platform.runner.idle();
    const scan = (await call('GET', `/scans/${answer.json.scans[0].id}`)).json;
    expect(scan).toMatchObject({ state: 'completed', trigger: 'event', event: { id: 'evt-policy-1', source: 's3.amazonaws.com', name: 'PutBucketPolicy', resources: [BUCKET_ARN] } });
    const rescanned = (await call('GET', `/findings?scanId=${scan.id}&limit=100`)).json.items as { checkId: string; resource: { uid: string }; delta: string }[];
    expect(rescanned.map((finding) => finding.checkId).sort()).toEqual(['aws/s3-bucket-public-access', 'aws/s3-bucket-secure-transport-policy']);
    expect(new Set(rescanned.map((finding) => finding.resource.uid))).toEqual(new Set([BUCKET_ARN]));
    expect(rescanned.every((finding) => finding.delta === 'unchanged')).toBe(true);
    // Nothing outside the re-scan left the latest view, or was taken for resolved.
    expect((await call('GET', '/findings?limit=500')).json.items).toHaveLength(before);
    expect((await call('GET', `/findings?scanId=${scan.id}&delta=resolved`)).json.items).toEqual([]);
    const uid = (rescanned[0] as unknown as { uid: string }).uid;
    const history = (await call('GET', `/findings/${encodeURIComponent(uid)}/history`)).json.items as { trigger: string; event?: { name: string } }[];
    expect(history[0]).toMatchObject({ trigger: 'event', event: { name: 'PutBucketPolicy' } });
  }, 60_000);

  it('coalesces a burst of 1,000 events on one bucket into one re-scan, and across requests while it waits', async () => {
    // Hold the runner so the first scan waits in the queue while more events arrive.
    await platform.runner.stop();
    const burst = Array.from({ length: 1000 }, (_, index) => bucketEvent(`evt-burst-${index}`));
    const first = await post(JSON.stringify(burst));
    expect(first.json).toMatchObject({ received: 1000, accepted: 1000, scans: [{ coalesced: false }] });
    const second = await post(JSON.stringify({ Records: [bucketEvent('evt-burst-late', 'DeleteBucketPolicy')] }));
    expect(second.json.scans).toEqual([{ id: first.json.scans[0].id, providerId, coalesced: true }]);
    await platform.runner.start();
    await platform.runner.idle();
    const scans = (await call('GET', `/scans?providerId=${providerId}&limit=100`)).json.items as { trigger: string; state: string }[];
    expect(scans.filter((scan) => scan.trigger === 'event')).toHaveLength(2);
    expect(scans.every((scan) => scan.state === 'completed')).toBe(true);
  }, 60_000);

  it('acts on an event id once, and counts events it has no re-scan for', async () => {
    const replay = await post(JSON.stringify(bucketEvent('evt-policy-1')));
    expect(replay.json).toMatchObject({ received: 1, accepted: 0, duplicates: 1, scans: [] });
    const other = await post(JSON.stringify([bucketEvent('evt-x', 'GetObject'), bucketEvent('evt-y', 'PutBucketPolicy', '999999999999'), { ...bucketEvent('evt-z'), errorCode: 'AccessDenied' }]));
    expect(other.json).toMatchObject({ received: 3, accepted: 0, ignored: { unmapped: 1, 'no-provider': 1, 'failed-call': 1 }, scans: [] });
  });

  it('refuses unsigned, badly signed, stale and other tenants\' requests alike', async () => {
    const body = JSON.stringify(bucketEvent('evt-auth'));
    const unsigned = await app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: body });
    expect(unsigned.statusCode).toBe(401);
    expect((await post(body, { tamper: 'signature' })).json.error.code).toBe('UNAUTHENTICATED');
    expect((await post(body, { tamper: 'body' })).status).toBe(401);
    expect((await post(body, { key: 'not-the-secret' })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).json.error.message).toContain('300 s');
    expect((await post(body, { tenant: '00000000-0000-4000-8000-000000000000' })).json.error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'bad signature' });
    expect((await post(body, { tenant: 'not-a-tenant' })).status).toBe(401);
  });

  it('answers malformed JSON and events without their fields with 400 naming the field', async () => {
    const broken = await post('{"eventSource": "s3.amazonaws.com",');
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: 'INVALID_JSON', field: 'body' });
    const missing = await post(JSON.stringify([bucketEvent('ok'), { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 's3.amazonaws.com' } }]));
    expect(missing.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body[1].detail.eventName' });
    const notObject = await post(JSON.stringify({ Records: [42] }));
    expect(notObject.json.error.field).toBe('body.Records[0]');
  });

  it('replaces the secret: the old one no longer signs', async () => {
    const old = secret;
    secret = (await call('POST', '/events/secret')).json.secret;
    expect(secret).not.toBe(old);
    expect((await post(JSON.stringify(bucketEvent('evt-rotated')), { key: old })).status).toBe(401);
    expect((await post(JSON.stringify(bucketEvent('evt-rotated')))).status).toBe(202);
    await platform.runner.idle();
  });
});
