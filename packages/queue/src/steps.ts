/**
 * One job of the queue as one step of a distributed scan, and what it enqueues next:
 *
 * - plan → a collect job per account × group, or an evaluate job for an account without groups (a
 *   snapshot's accounts); a finalize job when no account is left to scan;
 * - collect → the account's evaluate job once the result says every part is stored;
 * - evaluate → the scan's finalize job once the result says every account has an outcome;
 * - a step that failed for good → `recordFailure`, then the same follow-ups (a collect's part of
 *   ERRORs completes its account; an evaluate's scan error counts as its outcome).
 *
 * Follow-ups are sent after the step's own work is stored, so a worker that dies in between leaves
 * a job that is retried and sends them then; a follow-up sent twice is one job (see `jobId`).
 */
import type { TaskFailure } from '@palisade/engine';
import type { DistributedScans, PlannedScan, StepResult } from '@palisade/platform';
import type { QueueExecutor, StepJob } from './executor.ts';

/** What a worker needs of `DistributedScans`. */
export type ScanSteps = Pick<DistributedScans, 'plan' | 'collect' | 'evaluate' | 'finalize' | 'recordFailure'>;

/** What is queued after a step; the queue is the part the tests replace. */
export type FollowUps = Pick<QueueExecutor, 'send'>;

/** Runs a job's step and queues its follow-ups; returns what the job's output records. */
export async function runStep(scans: ScanSteps, queue: FollowUps, job: StepJob): Promise<Record<string, unknown>> {
  const ref = { tenantId: job.tenantId, scanId: job.scanId };
  switch (job.step) {
    case 'plan': {
      const planned = await scans.plan(ref);
      if (!planned.skipped) await queue.send(afterPlan(planned));
      return { accounts: planned.accounts.length, collectTasks: planned.accounts.reduce((sum, account) => sum + account.groups.length, 0), ...(planned.skipped ? { skipped: planned.skipped } : {}) };
    }
    case 'collect': {
      const result = await scans.collect({ ...ref, accountId: job.accountId, group: job.group });
      await queue.send(afterStep(result, job));
      return outputOf(result);
    }
    case 'evaluate': {
      const result = await scans.evaluate({ ...ref, accountId: job.accountId });
      await queue.send(afterStep(result, job));
      return outputOf(result);
    }
    case 'finalize':
      return outputOf(await scans.finalize(ref));
  }
}

/** Reports a step that failed for good and queues what follows it. */
export async function recordStepFailure(scans: ScanSteps, queue: FollowUps, job: StepJob, error: TaskFailure): Promise<Record<string, unknown>> {
  const ref = { tenantId: job.tenantId, scanId: job.scanId };
  switch (job.step) {
    case 'plan':
    case 'finalize':
      return outputOf(await scans.recordFailure({ kind: 'scan', ...ref, error }));
    case 'collect': {
      const result = await scans.recordFailure({ kind: 'collect', ...ref, accountId: job.accountId, group: job.group, error });
      await queue.send(afterStep(result, job));
      return outputOf(result);
    }
    case 'evaluate': {
      const result = await scans.recordFailure({ kind: 'evaluate', ...ref, accountId: job.accountId, error });
      await queue.send(afterStep(result, job));
      return outputOf(result);
    }
  }
}

function afterPlan(planned: PlannedScan): StepJob[] {
  const ref = { tenantId: planned.tenantId, scanId: planned.scanId };
  // Nothing to collect or evaluate (no reachable account): the scan is finalized with its errors.
  if (!planned.accounts.length) return [{ step: 'finalize', ...ref }];
  return planned.accounts.flatMap(({ accountId, groups }): StepJob[] =>
    groups.length ? groups.map((group) => ({ step: 'collect', ...ref, accountId, group })) : [{ step: 'evaluate', ...ref, accountId }],
  );
}

function afterStep(result: StepResult, job: Extract<StepJob, { step: 'collect' | 'evaluate' }>): StepJob[] {
  const ref = { tenantId: job.tenantId, scanId: job.scanId };
  if (job.step === 'collect' && result.accountCollected) return [{ step: 'evaluate', ...ref, accountId: job.accountId }];
  if (job.step === 'evaluate' && result.allEvaluated) return [{ step: 'finalize', ...ref }];
  return [];
}

function outputOf(result: StepResult): Record<string, unknown> {
  const { skipped, allEvaluated, accountCollected } = result;
  return { ...(skipped ? { skipped } : {}), ...(allEvaluated !== undefined ? { allEvaluated } : {}), ...(accountCollected !== undefined ? { accountCollected } : {}) };
}
