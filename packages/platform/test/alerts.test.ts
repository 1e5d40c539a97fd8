/**
 * The alert dispatcher over a real SQLite store, with webhook integrations whose HTTP is a fake
 * fetch: compliance rules against the previous completed scan, every failure recorded as a failed
 * delivery (integration gone, disabled, secret unreadable, server stopping), a scan evaluated
 * twice sending nothing twice, and the job runner's hook that hands completed scans over.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchFunction } from '@palisade/integrations';
import { createSqliteStore } from '@palisade/store';
import type { FindingInput, Store, TenantStore } from '@palisade/store';
import { DEMO_SNAPSHOT } from '../../engine/test/demo-accounts.ts';
import { AlertDispatcher, ScanJobRunner } from '../src/index.ts';
import type { AlertDispatcherOptions } from '../src/index.ts';

const SECRET = { signingSecret: 'a signing secret of some length' };
const T1 = '2026-05-01T10:00:00.000Z';
const T2 = '2026-05-02T10:00:00.000Z';

let store: Store;
let dispatcher: AlertDispatcher | undefined;

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await store?.close();
});

interface Sent {
  readonly url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are read field by field
  readonly payload: any;
}

async function setup(): Promise<TenantStore> {
  store = createSqliteStore({ dataDir: ':memory:' });
  await store.migrate();
  return store.forTenant((await store.system.createTenant({ name: 'acme' })).id);
}

/** A dispatcher whose webhooks post to `fetch`; secrets open as SECRET unless `openSecret` says otherwise. */
function start(fetch: FetchFunction, options: Partial<AlertDispatcherOptions> = {}): AlertDispatcher {
  dispatcher = new AlertDispatcher({
    store,
    productVersion: 'test',
    openSecret: async () => SECRET,
    destinationDeps: { fetch },
    delivery: { attempts: 2, backoff: () => 0 },
    ...options,
  });
  return dispatcher;
}

function recorder(): { sent: Sent[]; fetch: FetchFunction } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({ url: String(url), payload: JSON.parse(String(init?.body)) });
      return new Response(null, { status: 204 });
    },
  };
}

function finding(uid: string, status: FindingInput['status'], overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    uid,
    checkId: 'aws/iam-root-mfa-enabled',
    title: `Finding ${uid}`,
    service: 'iam',
    status,
    severity: 'critical',
    message: `${uid} is ${status}`,
    provider: 'aws',
    accountUid: '111111111111',
    region: 'global',
    resource: { uid: `arn:aws:iam::111111111111:root`, name: 'root', type: 'AwsAccount' },
    compliance: ['cis-aws-3.0:1.10'],
    time: T1,
    ...overrides,
  };
}

/** A scan run to completion with its findings and a compliance summary. */
async function completedScan(tenant: TenantStore, providerId: string, findings: readonly FindingInput[], finishedAt: string, requirements: Record<string, 'PASS' | 'FAIL' | 'MANUAL'>) {
  const scan = await tenant.createScan({ providerId, trigger: 'schedule' });
  await tenant.updateScan(scan.id, { state: 'running', startedAt: finishedAt });
  await tenant.insertFindings(scan.id, findings);
  await tenant.completeScanFindings(scan.id);
  const compliance = { 'cis-aws-3.0': { framework: 'cis-aws-3.0', requirements: Object.entries(requirements).map(([id, status]) => ({ id, title: `Requirement ${id}`, status })) } };
  await tenant.updateScan(scan.id, { state: 'completed', finishedAt, summary: { total: { PASS: 1, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0 }, compliance } });
  return scan.id;
}

async function webhook(tenant: TenantStore, name: string, options: { enabled?: boolean; secret?: boolean } = {}) {
  const secret = options.secret === false ? undefined : await tenant.putSecret({ ciphertext: 'c', iv: 'i', authTag: 'a', wrappedKey: 'w', wrapIv: 'wi', wrapAuthTag: 'wa', kekId: 'k' });
  return tenant.createIntegration({ type: 'webhook', name, config: { url: `https://hooks.example.com/${name}` }, enabled: options.enabled ?? true, ...(secret ? { secretId: secret.id } : {}) });
}

describe('the alert dispatcher', () => {
  it('notifies a requirement that turned FAIL since the previous completed scan, with its failing findings', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'prod', config: {} });
    const hook = await webhook(tenant, 'compliance');
    await tenant.createAlertRule({ name: 'CIS', enabled: true, body: { kind: 'compliance', name: 'CIS', frameworkId: 'cis-aws-3.0', destinations: [hook.id] } });
    await completedScan(tenant, provider.id, [finding('root-mfa', 'PASS'), finding('logging', 'FAIL', { compliance: ['cis-aws-3.0:3.1'] })], T1, { '1.10': 'PASS', '3.1': 'FAIL' });
    const second = await completedScan(tenant, provider.id, [finding('root-mfa', 'FAIL', { time: T2 }), finding('logging', 'FAIL', { time: T2, compliance: ['cis-aws-3.0:3.1'] })], T2, { '1.10': 'FAIL', '3.1': 'FAIL' });
    const { sent, fetch } = recorder();
    start(fetch).onScanCompleted(tenant.tenantId, second);
    await dispatcher!.idle();

    // 3.1 was failing already; only 1.10 turned FAIL.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      type: 'digest',
      rule: { name: 'CIS' },
      scan: { id: second, providerAlias: 'prod', trigger: 'schedule', totals: { PASS: 1, FAIL: 1 } },
      requirements: [{ frameworkId: 'cis-aws-3.0', requirementId: '1.10', title: 'Requirement 1.10', status: 'FAIL', previousStatus: 'PASS' }],
    });
    expect(sent[0]!.payload.findings.map((entry: { uid: string }) => entry.uid)).toEqual(['root-mfa']);
    expect((await tenant.listDeliveries({ scanId: second })).items).toMatchObject([{ integrationId: hook.id, kind: 'digest', status: 'delivered' }]);
  });

  it('records every notification it cannot send as a failed delivery with the reason', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'prod', config: {} });
    const working = await webhook(tenant, 'working');
    const disabled = await webhook(tenant, 'disabled', { enabled: false });
    const sealed = await webhook(tenant, 'sealed');
    const gone = await webhook(tenant, 'gone');
    await tenant.deleteIntegration(gone.id);
    const destinations = [working.id, disabled.id, sealed.id, gone.id];
    await tenant.createAlertRule({ name: 'Critical', enabled: true, body: { kind: 'finding', name: 'Critical', minSeverity: 'critical', mode: 'digest', destinations } });
    await tenant.createAlertRule({ name: 'Off', enabled: false, body: { kind: 'finding', name: 'Off', minSeverity: 'low', destinations: [working.id] } });
    const scanId = await completedScan(tenant, provider.id, [finding('root-mfa', 'FAIL')], T1, {});
    const { sent, fetch } = recorder();
    start(fetch, {
      openSecret: async (_tenantId, secretId) => {
        if (secretId === sealed.secretId) throw new Error(`cannot open ${secretId} with key material`);
        return SECRET;
      },
    }).onScanCompleted(tenant.tenantId, scanId);
    await dispatcher!.idle();

    expect(sent.map((entry) => entry.url)).toEqual(['https://hooks.example.com/working']);
    const recorded = new Map((await tenant.listDeliveries({ scanId })).items.map((delivery) => [delivery.integrationId, delivery]));
    expect(recorded.size).toBe(4);
    expect(recorded.get(working.id)).toMatchObject({ status: 'delivered', attempts: [{ ok: true, status: 204 }] });
    expect(recorded.get(disabled.id)).toMatchObject({ status: 'failed', attempts: [], lastError: { code: 'IntegrationDisabled' } });
    expect(recorded.get(sealed.id)).toMatchObject({ status: 'failed', lastError: { code: 'SecretUnavailable' } });
    expect(recorded.get(sealed.id)!.lastError!.message).not.toContain('key material');
    expect(recorded.get(gone.id)).toMatchObject({ status: 'failed', lastError: { code: 'IntegrationNotFound' } });
    for (const delivery of recorded.values()) expect(delivery.finishedAt).toEqual(expect.any(String));
  });

  it('sends a notification to an integration once, when the same scan is evaluated again', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'prod', config: {} });
    const hook = await webhook(tenant, 'once');
    await tenant.createAlertRule({ name: 'No window', enabled: true, body: { kind: 'finding', name: 'No window', minSeverity: 'high', dedupeWindowMinutes: 0, destinations: [hook.id] } });
    const scanId = await completedScan(tenant, provider.id, [finding('a', 'FAIL'), finding('b', 'FAIL', { resource: { uid: 'arn:aws:s3:::b', name: 'b', type: 'AwsS3Bucket' } })], T1, {});
    const { sent, fetch } = recorder();
    start(fetch).onScanCompleted(tenant.tenantId, scanId);
    dispatcher!.onScanCompleted(tenant.tenantId, scanId);
    await dispatcher!.idle();
    dispatcher!.onScanCompleted(tenant.tenantId, scanId);
    await dispatcher!.idle();
    expect(sent.map((entry) => entry.payload.findings[0].uid).sort()).toEqual(['a', 'b']);
    expect((await tenant.listDeliveries({ integrationId: hook.id })).items.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
  });

  it('ends deliveries under way as failed when it stops', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'prod', config: {} });
    const hook = await webhook(tenant, 'slow');
    await tenant.createAlertRule({ name: 'Critical', enabled: true, body: { kind: 'finding', name: 'Critical', minSeverity: 'critical', destinations: [hook.id] } });
    const scanId = await completedScan(tenant, provider.id, [finding('root-mfa', 'FAIL')], T1, {});
    let reached: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    // Answers only when the request is aborted.
    const hanging: FetchFunction = (_url, init) =>
      new Promise((_resolve, reject) => {
        reached();
        init?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      });
    start(hanging).onScanCompleted(tenant.tenantId, scanId);
    await waiting;
    await dispatcher!.stop();
    const [delivery] = (await tenant.listDeliveries({ scanId })).items;
    expect(delivery).toMatchObject({ status: 'failed', lastError: { code: 'ABORTED' }, attempts: [{ ok: false, code: 'ABORTED' }] });
    // A stopped dispatcher takes no more scans.
    dispatcher!.onScanCompleted(tenant.tenantId, scanId);
    await dispatcher!.idle();
    expect((await tenant.listDeliveries()).items).toHaveLength(1);
  });

  it('exports a completed scan\'s report files to each enabled S3 integration, as an export delivery', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: DEMO_SNAPSHOT } });
    const objects = new Map<string, string>();
    const s3 = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const signed = String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 ');
        if (request.method === 'PUT' && signed) objects.set(decodeURIComponent(new URL(request.url ?? '/', 'http://s3').pathname), body);
        response.writeHead(request.method === 'PUT' && signed ? 200 : 403).end();
      });
    });
    await new Promise<void>((resolve) => s3.listen(0, '127.0.0.1', resolve));
    const address = s3.address();
    const endpointUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const sealed = await tenant.putSecret({ ciphertext: 'c', iv: 'i', authTag: 'a', wrappedKey: 'w', wrapIv: 'wi', wrapAuthTag: 'wa', kekId: 'k' });
      const integration = await tenant.createIntegration({ type: 's3', name: 'reports', config: { bucket: 'palisade-reports', prefix: 'scans', region: 'eu-west-1', endpointUrl, forcePathStyle: true }, secretId: sealed.id, enabled: true });
      await tenant.createIntegration({ type: 's3', name: 'off', config: { bucket: 'unused', region: 'eu-west-1', endpointUrl }, enabled: false });
      const scanId = await completedScan(tenant, provider.id, [finding('a', 'FAIL')], T1, {});
      const reportsDir = mkdtempSync(join(tmpdir(), 'palisade-reports-'));
      mkdirSync(join(reportsDir, scanId));
      writeFileSync(join(reportsDir, scanId, 'palisade.ocsf.json'), '[{"status_code":"FAIL"}]');
      writeFileSync(join(reportsDir, scanId, 'palisade.csv'), 'STATUS\nFAIL\n');
      mkdirSync(join(reportsDir, scanId, 'compliance'));
      writeFileSync(join(reportsDir, scanId, 'compliance', 'palisade_cis-aws-3.0.csv'), 'REQUIREMENT;STATUS\n1.1;MANUAL\n');
      const alerts = start(recorder().fetch, { reportsDir, openSecret: async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'an s3 secret key' }) });
      alerts.onScanCompleted(tenant.tenantId, scanId);
      await alerts.idle();
      expect(objects.get(`/palisade-reports/scans/${provider.id}/${scanId}/palisade.ocsf.json`)).toBe('[{"status_code":"FAIL"}]');
      expect(objects.get(`/palisade-reports/scans/${provider.id}/${scanId}/palisade.csv`)).toBe('STATUS\nFAIL\n');
      expect(objects.get(`/palisade-reports/scans/${provider.id}/${scanId}/compliance/palisade_cis-aws-3.0.csv`)).toBe('REQUIREMENT;STATUS\n1.1;MANUAL\n');
      expect(objects.size).toBe(3);
      const deliveries = (await tenant.listDeliveries({ scanId })).items;
      expect(deliveries.map((delivery) => [delivery.integrationId, delivery.kind, delivery.status])).toEqual([[integration.id, 'export', 'delivered']]);
    } finally {
      s3.close();
    }
  });

  it("hands each completed scan to the runner's hook, and a hook that throws leaves the scan completed", async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: DEMO_SNAPSHOT } });
    const handed: string[] = [];
    const runner = new ScanJobRunner({
      store,
      worker: 'test-worker',
      productVersion: 'test',
      reportsDir: join(mkdtempSync(join(tmpdir(), 'palisade-alerts-')), 'reports'),
      pollIntervalMs: 20,
      onCompleted: (tenantId, scanId) => {
        handed.push(`${tenantId}/${scanId}`);
        throw new Error('the hook broke');
      },
    });
    try {
      const scan = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
      await runner.start();
      await runner.idle();
      expect(await tenant.getScan(scan.id)).toMatchObject({ state: 'completed' });
      expect(handed).toEqual([`${tenant.tenantId}/${scan.id}`]);
    } finally {
      await runner.stop();
    }
  });
});
