/**
 * Alerts over the API, on the demo snapshot provider: webhook integrations pointing at a local
 * receiver that checks every signature, a rule "new FAIL of severity high or worse" (one signed
 * delivery per matching finding) and its digest twin (one delivery for them all); an identical
 * second scan sends nothing; a rule whose endpoint is down retries, ends as a `failed` delivery
 * and leaves the scan completed; the test endpoint; bad input answered 400 naming the field; and no
 * secret in any answer or log line.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, verifyWebhookSignature } from '@palisade/integrations';
import type { StoredFinding } from '@palisade/store';
import { createTenant, openPlatform, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const PASSWORD = 'alert delivery passphrase 9';
const SIGNING_SECRET = `whsec-${randomBytes(16).toString('hex')}`;
const OTHER_SECRET = `whsec-${randomBytes(16).toString('hex')}`;
const ATTEMPTS = 3;

interface Received {
  readonly path: string;
  readonly event: string;
  readonly delivery: string;
  readonly verified: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read payloads field by field
  readonly payload: any;
}

let platform: Platform;
let app: FastifyInstance;
let receiver: Server;
let receiverUrl: string;
let downUrl: string;
let token: string;
let tenantId: string;
let providerId: string;
const received: Received[] = [];
const responses: string[] = [];
const logLines: string[] = [];

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  responses.push(response.body);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' JSON field by field
  return { status: response.statusCode, json: (response.body ? JSON.parse(response.body) : undefined) as any };
}

/** Runs a scan of the demo provider to its end, and the alerts it causes to theirs. */
async function scan(): Promise<string> {
  const started = await call('POST', '/scans', { providerId });
  expect(started.status).toBe(202);
  await platform.runner.idle();
  await platform.alerts.idle();
  return started.json.id as string;
}

/** The scan's findings a rule "FAIL, high or critical, new or changed, unmuted" matches. */
async function matching(scanId: string): Promise<StoredFinding[]> {
  const page = await platform.store.forTenant(tenantId).listFindings({ scanId, status: ['FAIL'], severity: ['critical', 'high'], delta: ['new', 'changed'], muted: false, limit: 1000 });
  expect(page.nextCursor).toBeUndefined();
  return [...page.items];
}

async function deliveries(query: string) {
  const answer = await call('GET', `/deliveries?limit=1000&${query}`);
  expect(answer.status).toBe(200);
  return answer.json.items as { id: string; kind: string; status: string; scanId?: string; ruleId?: string; notificationId: string; attempts: { ok: boolean; code?: string; status?: number }[]; lastError?: { code: string; message: string } }[];
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => request.headers[name.toLowerCase()] as string | undefined;
      const secret = request.url === '/other' ? OTHER_SECRET : SIGNING_SECRET;
      received.push({
        path: request.url ?? '',
        event: header(WEBHOOK_HEADERS.event) ?? '',
        delivery: header(WEBHOOK_HEADERS.delivery) ?? '',
        verified: verifyWebhookSignature(secret, header(WEBHOOK_HEADERS.timestamp), body, header(WEBHOOK_HEADERS.signature), Date.now()),
        payload: JSON.parse(body),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  downUrl = `http://127.0.0.1:${await closedPort()}/down`;

  platform = await openPlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'palisade-alerts-')),
    productVersion: 'test',
    env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') },
    // Retries without waiting: the down endpoint is tried ATTEMPTS times at once.
    alerts: { delivery: { attempts: ATTEMPTS, backoff: () => 0 }, log: (event) => logLines.push(JSON.stringify(event)) },
  });
  ({ tenantId } = await createTenant(platform, { name: 'Acme', ownerEmail: 'owner@acme.test', password: PASSWORD }));
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await platformServer(platform, { logger: { level: 'info', stream } });
  await platform.runner.start();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'owner@acme.test', password: PASSWORD }) });
  token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
  providerId = (await call('POST', '/providers', { type: 'snapshot', alias: 'demo', config: { path: demo } })).json.id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe('alerts and integrations', () => {
  let each: string;
  let digest: string;
  let eachRule: string;
  let firstScan: string;
  let firstMatches: StoredFinding[];

  it('delivers one signed webhook per new high or critical failure, and one digest for them all', async () => {
    const created = await call('POST', '/integrations', { type: 'webhook', name: 'SOC', config: { url: `${receiverUrl}/each` }, secret: { signingSecret: SIGNING_SECRET } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'webhook', name: 'SOC', config: { url: `${receiverUrl}/each` }, hasSecret: true, enabled: true });
    expect(created.json).not.toHaveProperty('secret');
    each = created.json.id;
    digest = (await call('POST', '/integrations', { type: 'webhook', name: 'Digest', config: { url: `${receiverUrl}/other` }, secret: { signingSecret: OTHER_SECRET } })).json.id;
    const rule = await call('POST', '/alert-rules', { kind: 'finding', name: 'New high failures', minSeverity: 'high', dedupeWindowMinutes: 0, destinations: [each] });
    expect(rule.status).toBe(201);
    expect(rule.json).toMatchObject({ kind: 'finding', name: 'New high failures', minSeverity: 'high', mode: 'each', enabled: true, dedupeWindowMinutes: 0, destinations: [each] });
    eachRule = rule.json.id;
    expect((await call('POST', '/alert-rules', { kind: 'finding', name: 'Digest of high failures', minSeverity: 'high', mode: 'digest', destinations: [digest] })).status).toBe(201);

    firstScan = await scan();
    firstMatches = await matching(firstScan);
    expect(firstMatches.length).toBeGreaterThan(5);
    expect(firstMatches.every((finding) => finding.delta === 'new')).toBe(true);

    const perFinding = received.filter((entry) => entry.path === '/each');
    expect(perFinding).toHaveLength(firstMatches.length);
    expect(perFinding.every((entry) => entry.verified && entry.event === 'finding')).toBe(true);
    expect(new Set(perFinding.map((entry) => entry.delivery)).size).toBe(firstMatches.length);
    expect(perFinding.map((entry) => entry.payload.findings[0].uid).sort()).toEqual(firstMatches.map((finding) => finding.uid).sort());
    expect(perFinding[0]!.payload).toMatchObject({ type: 'finding', rule: { id: eachRule, name: 'New high failures' }, scan: { id: firstScan, providerId, providerAlias: 'demo', trigger: 'manual' } });
    const sample = perFinding[0]!.payload.findings[0];
    expect(sample).toMatchObject({ status: 'FAIL', delta: 'new', muted: false, risk: expect.any(String), remediation: { text: expect.any(String) } });
    expect(['high', 'critical']).toContain(sample.severity);

    const digests = received.filter((entry) => entry.path === '/other');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ verified: true, event: 'digest' });
    expect(digests[0]!.payload.findings).toHaveLength(firstMatches.length);

    const recorded = await deliveries(`integrationId=${each}`);
    expect(recorded).toHaveLength(firstMatches.length);
    expect(recorded.every((delivery) => delivery.status === 'delivered' && delivery.kind === 'finding' && delivery.scanId === firstScan && delivery.ruleId === eachRule)).toBe(true);
    expect(recorded.every((delivery) => delivery.attempts.length === 1 && delivery.attempts[0]!.ok && delivery.attempts[0]!.status === 204)).toBe(true);
    expect(new Set(recorded.map((delivery) => delivery.notificationId))).toEqual(new Set(perFinding.map((entry) => entry.delivery)));
    expect(await deliveries(`integrationId=${digest}&status=delivered`)).toMatchObject([{ kind: 'digest', scanId: firstScan }]);
  }, 120_000);

  it('sends nothing for an identical second scan: no finding is new or changed', async () => {
    const before = received.length;
    const second = await scan();
    expect(await matching(second)).toEqual([]);
    expect(received).toHaveLength(before);
    expect(await deliveries(`scanId=${second}`)).toEqual([]);
  }, 120_000);

  it('retries an endpoint that is down, then records the delivery as failed; the scan still completes', async () => {
    const down = (await call('POST', '/integrations', { type: 'webhook', name: 'Down', config: { url: downUrl }, secret: { signingSecret: SIGNING_SECRET } })).json.id as string;
    // Unchanged critical failures match every scan of the demo, so this rule fires on an identical scan.
    const rule = await call('POST', '/alert-rules', { kind: 'finding', name: 'Critical, any', minSeverity: 'critical', deltas: ['unchanged'], mode: 'digest', destinations: [down] });
    expect(rule.status).toBe(201);
    const before = received.length;
    const third = await scan();
    expect((await call('GET', `/scans/${third}`)).json.state).toBe('completed');
    const failed = await deliveries(`integrationId=${down}&status=failed`);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'digest', scanId: third, ruleId: rule.json.id, lastError: { code: 'ECONNREFUSED' } });
    expect(failed[0]!.attempts).toHaveLength(ATTEMPTS);
    expect(failed[0]!.attempts.every((attempt) => !attempt.ok && attempt.code === 'ECONNREFUSED')).toBe(true);
    expect(await deliveries(`integrationId=${down}&status=pending`)).toEqual([]);
    expect(received).toHaveLength(before);
  }, 120_000);

  it('sends a test message now and records it as a test delivery', async () => {
    const before = received.length;
    const ok = await call('POST', `/integrations/${each}/test`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, status: 204, deliveryId: expect.any(String) });
    expect(received.slice(before)).toMatchObject([{ path: '/each', event: 'test', verified: true, payload: { type: 'test', rule: null, scan: null, findings: [] } }]);
    expect((await deliveries(`integrationId=${each}`))[0]).toMatchObject({ id: ok.json.deliveryId, kind: 'test', status: 'delivered' });

    const down = (await call('GET', '/integrations?limit=100')).json.items.find((integration: { name: string }) => integration.name === 'Down');
    const failed = await call('POST', `/integrations/${down.id}/test`);
    expect(failed.json).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect((await deliveries(`integrationId=${down.id}&status=failed`)).map((delivery) => delivery.kind)).toEqual(['test', 'digest']);
    expect((await call('POST', `/integrations/${randomUUID()}/test`)).status).toBe(404);
  });

  it('changes and removes integrations and rules, and refuses to remove an integration a rule sends to', async () => {
    const renamed = await call('PATCH', `/integrations/${digest}`, { name: 'Daily digest', enabled: false });
    expect(renamed.json).toMatchObject({ id: digest, name: 'Daily digest', enabled: false, hasSecret: true, config: { url: `${receiverUrl}/other` } });
    const rotated = await call('PATCH', `/integrations/${digest}`, { secret: { signingSecret: `rotated-${SIGNING_SECRET}` } });
    expect(rotated.json).toMatchObject({ hasSecret: true });
    const refused = await call('DELETE', `/integrations/${digest}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('Digest of high failures');
    const rules = (await call('GET', '/alert-rules')).json.items as { id: string; name: string }[];
    const digestRule = rules.find((rule) => rule.name === 'Digest of high failures')!;
    const changed = await call('PATCH', `/alert-rules/${digestRule.id}`, { enabled: false, minSeverity: 'critical' });
    expect(changed.json).toMatchObject({ id: digestRule.id, enabled: false, minSeverity: 'critical', mode: 'digest', destinations: [digest] });
    expect((await call('GET', '/alert-rules?enabled=false')).json.items.map((rule: { id: string }) => rule.id)).toEqual([digestRule.id]);
    expect((await call('DELETE', `/alert-rules/${digestRule.id}`)).status).toBe(204);
    expect((await call('GET', `/alert-rules/${digestRule.id}`)).status).toBe(404);
    expect((await call('DELETE', `/integrations/${digest}`)).status).toBe(204);
    expect((await call('GET', `/integrations/${digest}`)).status).toBe(404);
    // Its deliveries stay, as history.
    expect(await deliveries(`integrationId=${digest}`)).toHaveLength(1);
    const audit = (await call('GET', '/audit-log?limit=100')).json.items.map((entry: { action: string }) => entry.action);
    expect(audit).toEqual(expect.arrayContaining(['integration.create', 'integration.update', 'integration.delete', 'alert-rule.create', 'alert-rule.update', 'alert-rule.delete']));
  });

  it('answers bad input 400, naming the field', async () => {
    const cases: [method: 'POST' | 'PATCH', url: string, body: unknown, field: string][] = [
      ['POST', '/integrations', { type: 'webhook', name: 'x', config: { url: 'ftp://example.com/hook' }, secret: { signingSecret: SIGNING_SECRET } }, 'body.config.url'],
      ['POST', '/integrations', { type: 'webhook', name: 'x', config: { url: 'https://example.com/hook' } }, 'body.secret.signingSecret'],
      ['POST', '/integrations', { type: 'webhook', name: 'x', config: { url: 'https://example.com/hook', colour: 'red' }, secret: { signingSecret: SIGNING_SECRET } }, 'body.config.colour'],
      ['POST', '/integrations', { type: 'pager', name: 'x', config: {} }, 'body.type'],
      ['PATCH', `/integrations/${each}`, { config: { url: 'not a url' } }, 'body.config.url'],
      ['PATCH', `/integrations/${each}`, { secret: { signingSecret: 'short' } }, 'body.secret.signingSecret'],
      ['POST', '/alert-rules', { kind: 'finding', name: 'x', minSeverity: 'high', destinations: [each, randomUUID()] }, 'body.destinations[1]'],
      ['POST', '/alert-rules', { kind: 'finding', name: 'x', destinations: [each] }, 'body.minSeverity'],
      ['POST', '/alert-rules', { kind: 'finding', name: 'x', minSeverity: 'severe', destinations: [each] }, 'body.minSeverity'],
      ['POST', '/alert-rules', { kind: 'compliance', name: 'x', destinations: [] }, 'body.destinations'],
      ['PATCH', `/alert-rules/${eachRule}`, { destinations: ['not-an-integration'] }, 'body.destinations[0]'],
    ];
    for (const [method, url, body, field] of cases) {
      const answer = await call(method, url, body);
      expect({ url, status: answer.status, field: answer.json.error?.field }).toEqual({ url, status: 400, field });
      expect(answer.json.error.message).toContain(field);
    }
    const s3 = await call('POST', '/integrations', { type: 's3', name: 'reports', config: { bucket: 'palisade-reports', region: 'eu-west-1' } });
    expect(s3.json).toMatchObject({ type: 's3', hasSecret: false });
    const notADestination = await call('POST', '/alert-rules', { kind: 'finding', name: 'x', minSeverity: 'high', destinations: [s3.json.id] });
    expect(notADestination.json.error).toMatchObject({ field: 'body.destinations[0]', message: expect.stringContaining('takes no notifications') });
    // The rule the PATCH above tried to break is as it was.
    expect((await call('GET', `/alert-rules/${eachRule}`)).json.destinations).toEqual([each]);
  });

  it('never puts an integration secret in an answer or a log line', () => {
    const leaks = (text: string) => [SIGNING_SECRET, OTHER_SECRET].filter((secret) => text.includes(secret));
    expect(leaks(responses.join('\n'))).toEqual([]);
    expect(leaks(logLines.join('\n'))).toEqual([]);
    expect(logLines.some((line) => line.includes('failed after'))).toBe(true);
    expect(responses.length).toBeGreaterThan(20);
  });
});
