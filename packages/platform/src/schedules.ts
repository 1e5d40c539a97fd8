/**
 * Scheduled scans: every poll, the schedules that are due are leased atomically (so that several
 * server processes sharing one database start each run once), a scan is queued for each, and the
 * schedule's next run is computed from now. A run missed while every server was down is due when
 * one starts: it runs once, not once per missed time.
 */
import { Cron } from 'croner';
import { InputError } from '@palisade/core';
import type { Store } from '@palisade/store';

/** The next time `cron` fires in `timezone` after `after`; an InputError naming the field when either is invalid. */
export function nextRun(cron: string, timezone: string, after: Date): string {
  let job: Cron;
  try {
    job = new Cron(cron, { timezone, paused: true });
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError('REQUEST_INVALID', message, { field: /time ?zone/i.test(message) ? 'timezone' : 'cron' });
  }
  const next = job.nextRun(after);
  if (!next) throw new InputError('REQUEST_INVALID', 'never fires', { field: 'cron' });
  return next.toISOString();
}

const RETENTION_INTERVAL_MS = 3_600_000;

export interface ScheduleRunnerOptions {
  readonly store: Store;
  readonly worker: string;
  /** Called after scans were queued (wake the job runner). */
  readonly onQueued?: () => void;
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
  readonly log?: (event: { readonly level: 'info' | 'warn'; readonly message: string; readonly tenantId?: string }) => void;
}

export class ScheduleRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly now: () => Date;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ScheduleRunnerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollIntervalMs ?? 15_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Queues a scan for every due schedule (returns how many) and, at most hourly, applies each tenant's retention. */
  tick(): Promise<number> {
    this.running ??= this.queueDue()
      .then(async (queued) => {
        if (this.now().getTime() - this.lastPurge >= RETENTION_INTERVAL_MS) await this.purgeExpired();
        return queued;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Deletes, per tenant with a retention period, the scans (and their findings) that finished before it. */
  async purgeExpired(): Promise<number> {
    const { store } = this.options;
    this.lastPurge = this.now().getTime();
    let purged = 0;
    let cursor: string | undefined;
    do {
      const page = await store.system.listTenants({ limit: 500, ...(cursor ? { cursor } : {}) });
      for (const tenant of page.items) {
        if (!tenant.retentionDays) continue;
        const before = new Date(this.now().getTime() - tenant.retentionDays * 86_400_000).toISOString();
        const count = await store.system.purgeScans(tenant.id, before);
        if (count) this.options.log?.({ level: 'info', message: `retention: ${count} scan(s) older than ${tenant.retentionDays} days purged`, tenantId: tenant.id });
        purged += count;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return purged;
  }

  private async queueDue(): Promise<number> {
    const { store, worker } = this.options;
    const now = this.now();
    const due = await store.system.leaseDueSchedules(now.toISOString(), worker, new Date(now.getTime() + 60_000).toISOString(), 100);
    for (const schedule of due) {
      const tenant = store.forTenant(schedule.tenantId);
      let next: string;
      try {
        next = nextRun(schedule.cron, schedule.timezone, now);
      } catch (error) {
        // A schedule whose expression no longer parses (time zone data changed) is disabled, not retried every poll.
        await tenant.updateSchedule(schedule.id, { enabled: false });
        this.options.log?.({ level: 'warn', message: `schedule ${schedule.id} disabled: ${(error as Error).message}`, tenantId: schedule.tenantId });
        continue;
      }
      const provider = await tenant.getProvider(schedule.providerId);
      if (provider) await tenant.createScan({ providerId: schedule.providerId, trigger: 'schedule', scheduleId: schedule.id, ...(schedule.scope ? { scope: schedule.scope } : {}), createdBy: `schedule:${schedule.id}` });
      await store.system.completeScheduleRun(schedule.tenantId, schedule.id, { lastRunAt: now.toISOString(), nextRunAt: next });
    }
    if (due.length) this.options.onQueued?.();
    return due.length;
  }
}
