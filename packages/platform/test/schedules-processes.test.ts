/**
 * Two scheduler processes on one PostgreSQL database tick the same due schedule at the same moments,
 * step after step: each due run queues exactly one scan, whichever process leases it.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '@palisade/store';
import type { Scan, Store } from '@palisade/store';
import { TestDatabases, findPostgres } from '../../store/test/postgres-server.ts';

const ticker = fileURLToPath(new URL('./fixtures/schedule-ticker.ts', import.meta.url));
const postgres = await findPostgres();
const skip = 'skipped' in postgres ? postgres.skipped : undefined;
let databases: TestDatabases | undefined;
let store: Store | undefined;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  await databases?.dispose();
  if (!('skipped' in postgres)) await postgres.stop();
});

type Reply = { readonly ready?: boolean; readonly step?: number; readonly queued?: number; readonly error?: string };

/** A scheduler process; `next()` resolves with its next message. */
function startTicker(url: string, worker: string) {
  const child = fork(ticker, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, PALISADE_TICKER_DATABASE_URL: url, PALISADE_TICKER_WORKER: worker }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const inbox: Reply[] = [];
  const waiting: ((reply: Reply) => void)[] = [];
  child.on('message', (reply: Reply) => {
    const waiter = waiting.shift();
    if (waiter) waiter(reply);
    else inbox.push(reply);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    exited,
    next: () =>
      new Promise<Reply>((resolve, reject) => {
        const queued = inbox.shift();
        if (queued) return resolve(queued);
        waiting.push(resolve);
        void exited.then(() => reject(new Error(`scheduler ${worker} exited`)));
      }),
  };
}

describe('schedules across processes on PostgreSQL', () => {
  if (skip) it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it.skipIf(Boolean(skip))('queues exactly one scan per due run when two processes tick the same schedule at the same moments', async () => {
    if ('skipped' in postgres) return;
    databases = await TestDatabases.create(postgres.adminUrl);
    const database = await databases.fresh();
    store = createPostgresStore({ connectionString: database.appUrl, adminConnectionString: database.adminUrl });
    await store.migrate();
    const tenant = store.forTenant((await store.system.createTenant({ name: 'acme' })).id);
    const provider = await tenant.createProvider({ type: 'snapshot', alias: 'demo', config: { path: '/data/demo.json.gz' } });
    // Every minute; the test's clock moves a minute per step, so every step is one due run.
    const start = Date.parse('2026-12-03T10:00:00.000Z');
    const minute = (step: number) => new Date(start + step * 60_000).toISOString();
    const schedule = await tenant.createSchedule({ providerId: provider.id, cron: '* * * * *', timezone: 'UTC', enabled: true, nextRunAt: minute(0), createdBy: 'user:1' });

    const tickers = [startTicker(database.appUrl, 'process-a'), startTicker(database.appUrl, 'process-b')];
    for (const ticker of tickers) expect(await ticker.next()).toEqual({ ready: true });
    const STEPS = 40;
    const wins = [0, 0];
    for (let step = 0; step < STEPS; step += 1) {
      // Both at once: each leases the due schedule or finds it leased or already moved on.
      for (const ticker of tickers) ticker.child.send({ step, at: minute(step) });
      const replies = await Promise.all(tickers.map((ticker) => ticker.next()));
      for (const reply of replies) if (reply.error) throw new Error(reply.error);
      expect(replies.map((reply) => reply.step)).toEqual([step, step]);
      expect(replies[0]!.queued! + replies[1]!.queued!).toBe(1);
      replies.forEach((reply, index) => (wins[index]! += reply.queued!));
    }
    for (const ticker of tickers) ticker.child.send({ stop: true });
    await Promise.all(tickers.map((ticker) => ticker.exited));

    const scans: Scan[] = [];
    let cursor: string | undefined;
    do {
      const page = await tenant.listScans({ providerId: provider.id, limit: 100, ...(cursor ? { cursor } : {}) });
      scans.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(scans).toHaveLength(STEPS);
    expect(scans.every((scan) => scan.trigger === 'schedule' && scan.scheduleId === schedule.id && scan.state === 'queued')).toBe(true);
    expect(wins[0]! + wins[1]!).toBe(STEPS);
    expect(await tenant.getSchedule(schedule.id)).toMatchObject({ lastRunAt: minute(STEPS - 1), nextRunAt: minute(STEPS) });
  }, 120_000);
});
