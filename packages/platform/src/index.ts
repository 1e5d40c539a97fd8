/**
 * @palisade/platform — what the server runs besides HTTP: scans as jobs over the store
 * (jobs.ts), the store as a scan sink (store-sink.ts), providers and scopes as engine requests
 * (scan-request.ts).
 */
export { REPORT_FORMATS, ScanJobRunner } from './jobs.ts';
export type { ScanJobRunnerOptions } from './jobs.ts';
export { DEFAULT_MEMBER_ROLE, muteRuleSpec, scanRequestFor } from './scan-request.ts';
export type { ScanRequestInput, ScanScopeInput } from './scan-request.ts';
export { createStoreSink, toFindingInput } from './store-sink.ts';
export type { StoreSinkOptions } from './store-sink.ts';
export { ScheduleRunner, nextRun } from './schedules.ts';
export type { ScheduleRunnerOptions } from './schedules.ts';
