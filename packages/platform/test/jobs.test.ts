/** The scan job runner over a real SQLite store: claiming, one scan per provider at a time, failures, cancellation, recovery. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '@palisade/store';
import type { Scan, Store, TenantStore } from '@palisade/store';
import { DEMO_SNAPSHOT, demoAccounts } from '../../engine/test/demo-accounts.ts';
import { ScanJobRunner, ScheduleRunner } from '../src/index.ts';

const demo = DEMO_SNAPSHOT;
const work = mkdtempSync(join(tmpdir(), 'palisade-jobs-'));

/** The demo's accounts repeated `count` times under new ids: a slower scan. */
const manyAccounts = (count: number) => demoAccounts(work, `many-${count}.json.gz`, count, { first: 400000000000 });

let store: Store;
let runner: ScanJobRunner | undefined;

async function setup(): Promise<TenantStore> {
  store = createSqliteStore({ dataDir: ':memory:' });
  await store.migrate();
  const tenant = await store.system.createTenant({ name: 'acme' });
  return store.forTenant(tenant.id);
}

function start(options: Partial<ConstructorParameters<typeof ScanJobRunner>[0]> = {}): ScanJobRunner {
  runner = new ScanJobRunner({ store, worker: 'test-worker', productVersion: 'test', reportsDir: join(work, 'reports'), pollIntervalMs: 20, ...options });
  return runner;
}

afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await store?.close();
});

async function until(tenant: TenantStore, scanId: string, states: readonly Scan['state'][]): Promise<Scan> {
  for (let attempt = 0; attempt < 2000; attempt += 1) {
    const scan = await tenant.getScan(scanId);
    if (scan && states.includes(scan.state)) return scan;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`scan ${scanId} never reached ${states.join('/')}`);
}

describe('the scan job runner', () => {
  it('runs queued scans to completion, one scan of a provider at a time, and stores findings and compliance', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: demo } });
    const other = await tenant.createProvider({ type: 'snapshot', alias: 'demo again', config: { path: demo } });
    const first = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
    const second = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
    const third = await tenant.createScan({ providerId: other.id, trigger: 'manual' });
    await start({ concurrency: 3 }).start();
    await runner!.idle();

    const [a, b, c] = await Promise.all([first, second, third].map((scan) => tenant.getScan(scan.id)));
    for (const scan of [a, b, c]) expect(scan).toMatchObject({ state: 'completed', progress: { percent: 100, findings: 1062, resources: expect.any(Number) } });
    // The provider's second scan started only after its first had finished.
    expect(b!.startedAt! >= a!.finishedAt!).toBe(true);
    expect((a!.summary!['total'] as { FAIL: number }).FAIL).toBe(313);
    expect(Object.keys(a!.summary!['compliance'] as object)).toEqual(['cis-aws-3.0']);
    const fails = await tenant.listFindings({ scanId: a!.id, status: ['FAIL'], limit: 1000 });
    expect(fails.items).toHaveLength(313);
    // The second scan of the provider sees the first's findings again: nothing new.
    const again = await tenant.listFindings({ scanId: b!.id, delta: ['new'], limit: 10 });
    expect(again.items).toEqual([]);
  });

  it('fails a scan with the engine\'s error code when its provider cannot be scanned', async () => {
    const tenant = await setup();
    const missing = await tenant.createProvider({ type: 'snapshot', alias: 'gone', config: { path: join(work, 'no-such-file.json.gz') } });
    const secret = await tenant.putSecret({ ciphertext: 'AA==', iv: 'AA==', authTag: 'AA==', wrappedKey: 'AA==', wrapIv: 'AA==', wrapAuthTag: 'AA==', kekId: '0000000000000000' });
    const keyed = await tenant.createProvider({ type: 'aws', alias: 'keys', config: {}, secretId: secret.id });
    const one = await tenant.createScan({ providerId: missing.id, trigger: 'manual' });
    const two = await tenant.createScan({ providerId: keyed.id, trigger: 'manual' });
    await start().start();
    await runner!.idle();
    expect(await tenant.getScan(one.id)).toMatchObject({ state: 'failed', error: { code: 'SNAPSHOT_INVALID', message: expect.stringContaining('file not found') } });
    // No way to open stored credentials in this runner: a clear error, not a scan of the wrong account.
    expect(await tenant.getScan(two.id)).toMatchObject({ state: 'failed', error: { code: 'REQUEST_INVALID', message: expect.stringContaining('source.credentials.secretRef') } });
  });

  it('cancels a queued scan at once and a running one at its next check point', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'many', config: { path: manyAccounts(60) } });
    const running = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
    const queued = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
    await start().start();
    await until(tenant, running.id, ['running']);
    expect(await runner!.cancel(tenant.tenantId, queued.id)).toBe(true);
    expect((await tenant.getScan(queued.id))!.state).toBe('cancelled');
    expect(await runner!.cancel(tenant.tenantId, running.id)).toBe(true);
    const cancelled = await until(tenant, running.id, ['cancelled', 'completed']);
    expect(cancelled.state).toBe('cancelled');
    expect(await runner!.cancel(tenant.tenantId, running.id)).toBe(false);
  });

  it('marks a scan orphaned by a stopped process failed and queues it again', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: demo } });
    const orphan = await tenant.createScan({ providerId: provider.id, trigger: 'manual', scope: { regions: ['us-east-1'] } });
    await tenant.updateScan(orphan.id, { state: 'running', startedAt: '2026-12-03T09:00:00.000Z', worker: 'dead-host:1', leaseUntil: '2026-12-03T09:01:00.000Z' }, ['queued']);
    await start().start();
    await runner!.idle();
    expect(await tenant.getScan(orphan.id)).toMatchObject({ state: 'failed', error: { code: 'ServerStopped', message: expect.stringContaining('dead-host:1') } });
    const scans = await tenant.listScans({ providerId: provider.id });
    const resumed = scans.items.find((scan) => scan.id !== orphan.id)!;
    expect(resumed).toMatchObject({ state: 'completed', scope: { regions: ['us-east-1'] } });
  });
});

describe('the schedule runner', () => {
  it('queues one scan per due schedule, once, and moves its next run on', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: demo } });
    const schedule = await tenant.createSchedule({ providerId: provider.id, cron: '0 3 * * *', timezone: 'Europe/Paris', enabled: true, nextRunAt: '2026-12-03T02:00:00.000Z', createdBy: 'user:1' });
    const now = () => new Date('2026-12-03T10:00:00.000Z');
    const one = new ScheduleRunner({ store, worker: 'a', now });
    const two = new ScheduleRunner({ store, worker: 'b', now });
    const queued = await Promise.all([one.tick(), two.tick()]);
    expect(queued[0] + queued[1]).toBe(1);
    const scans = await tenant.listScans({ providerId: provider.id });
    expect(scans.items).toEqual([expect.objectContaining({ trigger: 'schedule', scheduleId: schedule.id, state: 'queued' })]);
    // 03:00 in Paris is 02:00 UTC in winter: the next run is tomorrow's.
    expect(await tenant.getSchedule(schedule.id)).toMatchObject({ nextRunAt: '2026-12-04T02:00:00.000Z', lastRunAt: '2026-12-03T10:00:00.000Z' });
    expect(await one.tick()).toBe(0);
  });

  it('purges the scans of a tenant with a retention period once they are older than it', async () => {
    const tenant = await setup();
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: demo } });
    const scan = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
    await start().start();
    await runner!.idle();
    const runnerIn = (at: string) => new ScheduleRunner({ store, worker: 'a', now: () => new Date(at) });
    // Kept forever without a retention period.
    expect(await runnerIn('2030-01-01T00:00:00.000Z').purgeExpired()).toBe(0);
    await tenant.updateTenant({ retentionDays: 30 });
    expect(await runnerIn(new Date(Date.now() + 29 * 86_400_000).toISOString()).purgeExpired()).toBe(0);
    expect(await tenant.getScan(scan.id)).toBeDefined();
    expect(await runnerIn(new Date(Date.now() + 31 * 86_400_000).toISOString()).purgeExpired()).toBe(1);
    expect(await tenant.getScan(scan.id)).toBeUndefined();
    expect((await tenant.listFindings({ scanId: scan.id, limit: 1 })).items).toEqual([]);
  });
});
