/**
 * `npm run bench:events`: change event → updated finding stored → notification sent, through the
 * platform (SQLite store, in-process job runner) on the simulated AWS with its latency model
 * (median 40 ms, p99 300 ms per call). One account, two regions, 40 buckets and 20 security groups
 * per region; one full scan first. Then, one at a time, a resource of the simulated estate is
 * changed (a bucket made public, a security group opened to the internet), and its CloudTrail event
 * is posted, signed, to `POST /events`: the time to the re-evaluated FAIL stored, and to the signed
 * webhook delivery of the alert rule "new or changed FAIL, severity ≥ high" received by a local
 * receiver. Then a burst of 1,000 events on 10 buckets in one request, counting the re-scans.
 *
 *   npm run bench:events [-- --events 40] [--record]
 */
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizePolicyDocument } from '@palisade/core/aws';
import type { Ec2SecurityGroup, S3Bucket } from '@palisade/core/aws';
import { verifyWebhookSignature } from '@palisade/integrations';
import { createTenant, openPlatform, platformServer } from '../apps/api/src/index.ts';
import { simulatorOf } from './sim/transport.ts';
import type { SimulatedTransportOptions } from './sim/transport.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const EVENTS = Number(option('events', '40'));
const record = args.includes('--record');
const REGIONS = ['us-east-1', 'eu-west-1'];
const transportOptions: SimulatedTransportOptions = {
  estate: {
    seed: 23,
    accounts: 1,
    regions: REGIONS,
    perRegion: { instances: 20, securityGroups: 20, volumes: 10, snapshots: 5, vpcs: 2, kmsKeys: 2, logGroups: 2 },
    perAccount: { iamUsers: 10, iamRoles: 10, buckets: 40 },
    misconfiguredShare: 0.2,
  },
  latency: { medianMs: 40, p99Ms: 300 },
};
const simulator = simulatorOf(transportOptions);
const account = simulator.estate.accounts[0]!;
const accountId = account.accountId;

// A webhook receiver: notes when each signed delivery about a resource arrives.
const webhookSecret = randomBytes(24).toString('base64url');
const deliveredAt = new Map<string, number>();
let badSignatures = 0;
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    const ok = verifyWebhookSignature(webhookSecret, String(request.headers['x-palisade-timestamp']), body, String(request.headers['x-palisade-signature']), new Date());
    if (!ok) badSignatures += 1;
    else for (const finding of (JSON.parse(body) as { findings: { resource: { uid: string } }[] }).findings) if (!deliveredAt.has(finding.resource.uid)) deliveredAt.set(finding.resource.uid, performance.now());
    response.writeHead(ok ? 204 : 401).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverAddress = receiver.address();
const receiverUrl = `http://127.0.0.1:${typeof receiverAddress === 'object' && receiverAddress ? receiverAddress.port : 0}/hook`;

const platform = await openPlatform({
  dataDir: mkdtempSync(join(tmpdir(), 'palisade-bench-events-')),
  productVersion: 'bench',
  env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') },
  transport: { module: fileURLToPath(new URL('./sim/transport.ts', import.meta.url)), export: 'simulatedAws', options: transportOptions },
});
const { tenantId } = await createTenant(platform, { name: 'bench', ownerEmail: 'bench@example.test', password: 'benchmark passphrase 1' });
const app = await platformServer(platform, { logger: false });
await platform.runner.start();
const inject = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  if (response.statusCode >= 400) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body) as Record<string, unknown>;
};
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'bench@example.test', password: 'benchmark passphrase 1' }) });
const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
const providerId = (await inject('POST', '/providers', token, { type: 'aws', alias: 'simulated', config: { regions: REGIONS } })).id as string;
const integrationId = (await inject('POST', '/integrations', token, { type: 'webhook', name: 'receiver', config: { url: receiverUrl }, secret: { signingSecret: webhookSecret } })).id as string;
await inject('POST', '/alert-rules', token, { name: 'new or changed high FAIL', kind: 'finding', minSeverity: 'high', destinations: [integrationId], dedupeWindowMinutes: 0 });
const eventsSecret = (await inject('POST', '/events/secret', token)).secret as string;

// No account-level public access block: a bucket policy decides whether a bucket is public.
(account.snapshot.global.s3 as { accountPublicAccessBlock: unknown }).accountPublicAccessBlock = { value: null };
const fullStarted = performance.now();
const full = (await inject('POST', '/scans', token, { providerId })).id as string;
await platform.runner.idle();
const fullSeconds = (performance.now() - fullStarted) / 1000;
const fullScan = await platform.store.forTenant(tenantId).getScan(full);
if (fullScan?.state !== 'completed') throw new Error(`the full scan ended ${fullScan?.state}: ${JSON.stringify(fullScan?.error)}`);

const postEvents = async (events: readonly unknown[]) => {
  const body = JSON.stringify(events);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `sha256=${createHmac('sha256', eventsSecret).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { 'content-type': 'application/json', 'x-palisade-tenant': tenantId, 'x-palisade-timestamp': String(timestamp), 'x-palisade-signature': signature },
    payload: body,
  });
  if (response.statusCode !== 202) throw new Error(`POST /events: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body) as { scans: { id: string }[] };
};
const cloudTrail = (source: string, name: string, region: string, requestParameters: Record<string, unknown>) => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', accountId, arn: `arn:aws:iam::${accountId}:user/bench` },
  eventTime: new Date().toISOString(),
  eventSource: source,
  eventName: name,
  awsRegion: region,
  requestParameters,
  responseElements: null,
  eventID: randomBytes(8).toString('hex'),
  readOnly: false,
  eventType: 'AwsApiCall',
  recipientAccountId: accountId,
});

// The estate's healthy resources, to break one at a time.
const s3 = account.snapshot.global.s3!;
const buckets = s3.buckets.value!.filter((bucket) => bucket.policyStatus.value?.isPublic === false);
const groups = REGIONS.flatMap((region) => (account.snapshot.regional[region]?.ec2?.securityGroups.value ?? []).filter((group) => group.name !== 'default' && group.ingress.every((permission) => !permission.ipv4Ranges.includes('0.0.0.0/0'))).map((group) => ({ group, region })));

function breakBucket(bucket: S3Bucket): S3Bucket {
  const policy = normalizePolicyDocument({ Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket.arn}/*` }] });
  return { ...bucket, publicAccessBlock: { value: null }, policy: { value: policy }, policyStatus: { value: { isPublic: true } } };
}
function breakGroup(group: Ec2SecurityGroup): Ec2SecurityGroup {
  return { ...group, ingress: [...group.ingress, { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], referencedGroupIds: [] }] };
}

interface Sample {
  readonly kind: string;
  readonly stored: number;
  readonly notified?: number;
}
const samples: Sample[] = [];
const tenant = platform.store.forTenant(tenantId);
for (let index = 0; index < EVENTS; index += 1) {
  const useBucket = index % 2 === 0 && buckets.length > 0;
  let uid: string;
  let event: unknown;
  if (useBucket) {
    const bucket = buckets.shift()!;
    const list = s3.buckets.value as S3Bucket[];
    list[list.indexOf(bucket)] = breakBucket(bucket);
    uid = bucket.arn;
    event = cloudTrail('s3.amazonaws.com', 'PutBucketPolicy', bucket.region, { bucketName: bucket.name });
  } else {
    const { group, region } = groups.shift()!;
    const list = account.snapshot.regional[region]!.ec2!.securityGroups.value as Ec2SecurityGroup[];
    list[list.indexOf(group)] = breakGroup(group);
    uid = group.arn;
    event = cloudTrail('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', region, { groupId: group.id });
  }
  const started = performance.now();
  const answer = await postEvents([event]);
  const scanId = answer.scans[0]!.id;
  // Stored: the re-scan completed with the resource's FAIL in the store.
  for (;;) {
    const scan = await tenant.getScan(scanId);
    if (scan?.state === 'completed' || scan?.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const stored = performance.now() - started;
  const fails = await tenant.listFindings({ scanId, resourceUid: uid, status: ['FAIL'] });
  if (fails.items.length === 0) throw new Error(`the re-scan of ${uid} stored no FAIL`);
  const deadline = performance.now() + 10_000;
  while (!deliveredAt.has(uid) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  const notified = deliveredAt.get(uid);
  samples.push({ kind: useBucket ? 'bucket policy' : 'security group', stored, ...(notified === undefined ? {} : { notified: notified - started }) });
}

// A burst: 1,000 events on 10 buckets in one request.
const burstBuckets = s3.buckets.value!.slice(0, 10);
const burst = Array.from({ length: 1000 }, (_, index) => {
  const bucket = burstBuckets[index % burstBuckets.length]!;
  return cloudTrail('s3.amazonaws.com', 'PutBucketPolicy', bucket.region, { bucketName: bucket.name });
});
const burstStarted = performance.now();
const burstAnswer = await postEvents(burst);
await platform.runner.idle();
const burstSeconds = (performance.now() - burstStarted) / 1000;

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const storedTimes = samples.map((sample) => sample.stored);
const notifiedTimes = samples.flatMap((sample) => (sample.notified === undefined ? [] : [sample.notified]));
const stats = simulator.stats;
const lines = [
  '',
  `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — change events to re-scans (\`npm run bench:events\`)`,
  '',
  `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(2)}. Simulated AWS: 1 account × ${REGIONS.length} regions, ${s3.buckets.value!.length} buckets, latency median 40 ms / p99 300 ms per call; SQLite store; full scan first: ${fullSeconds.toFixed(1)} s.`,
  '',
  '| path | events | p50 | p95 | max | target |',
  '|---|---|---|---|---|---|',
  `| event → re-evaluated FAIL stored | ${storedTimes.length} | ${ms(quantile(storedTimes, 0.5))} | ${ms(quantile(storedTimes, 0.95))} | ${ms(Math.max(...storedTimes))} | |`,
  `| event → signed webhook delivery received | ${notifiedTimes.length} of ${samples.length} | ${ms(quantile(notifiedTimes, 0.5))} | ${ms(quantile(notifiedTimes, 0.95))} | ${ms(Math.max(...notifiedTimes))} | < 2,000 ms at p95: ${quantile(notifiedTimes, 0.95) < 2000 && notifiedTimes.length === samples.length ? 'met' : 'not met'} |`,
  '',
  `- Burst: 1,000 events on 10 buckets in one request → ${burstAnswer.scans.length} re-scan(s), done in ${burstSeconds.toFixed(2)} s. Deliveries with a bad signature: ${badSignatures}. Simulated calls served: ${stats.served.toLocaleString('en')}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (record) appendFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), `${lines.join('\n')}\n`);
await app.close();
await platform.close();
receiver.close();
