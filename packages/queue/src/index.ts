/**
 * @palisade/queue — the platform's scans on a job queue in its PostgreSQL (pg-boss): the executor
 * that hands scans to the queue and routes each step's follow-ups, the worker that runs the steps,
 * one worker process's wiring (`palisade worker`), and the rate-limit budgets the workers share.
 */
export { DEFAULT_QUEUE_SETTINGS, QUEUE_NAMES, QUEUE_SCHEMA, QueueExecutor, STEPS, failureOfDeadLetter, installQueues, jobId, queueSettings } from './executor.ts';
export type { QueueExecutorOptions, QueueJob, QueueLog, QueueName, QueueSettings, QueueSettingsInput, StepJob, StepName, StepPolicy } from './executor.ts';
export { recordStepFailure, runStep } from './steps.ts';
export type { FollowUps, ScanSteps } from './steps.ts';
export { DEFAULT_WORKER_CONCURRENCY, QueueWorker, failureOf } from './worker.ts';
export type { QueueWorkerOptions } from './worker.ts';
export { runQueueWorker } from './run-worker.ts';
export type { PartsLocation, QueueWorkerProcessOptions, RunningQueueWorker } from './run-worker.ts';
export { PostgresRateLimiter, RATE_BUCKETS_TABLE } from './rate-limits.ts';
export type { RateLimitSchemaOptions } from './rate-limits.ts';
