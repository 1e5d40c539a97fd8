/**
 * @palisade/platform — what the server runs besides HTTP: scans as jobs over the store
 * (jobs.ts), the store as a scan sink (store-sink.ts), providers and scopes as engine requests
 * (scan-request.ts), mute rules to and from the mutelist format (mute-transfer.ts), alerts after
 * a completed scan (alerts.ts).
 */
export { AlertDispatcher, INTEGRATION_SECRET_PURPOSE, MAX_MATCHES_PER_RULE, alertFindingOf } from './alerts.ts';
export type { AlertDispatcherOptions, IntegrationTestResult } from './alerts.ts';
export { REPORT_FORMATS, ScanJobRunner, buildScanRequest } from './jobs.ts';
export { DISTRIBUTED_PLAN_VERSION, DistributedScans } from './distributed-scans.ts';
export type { CollectRef, DistributedScanOptions, EvaluateRef, FailureRef, PlannedScan, ScanRef, StepResult } from './distributed-scans.ts';
export { fromWire, toWire } from './wire.ts';
export type { ScanJobRunnerOptions } from './jobs.ts';
export { DEFAULT_MEMBER_ROLE, muteRuleSpec, scanRequestFor } from './scan-request.ts';
export type { ScanRequestInput, ScanScopeInput } from './scan-request.ts';
export { createStoreSink, toFindingInput } from './store-sink.ts';
export type { StoreSinkOptions } from './store-sink.ts';
export { MAX_IMPORTED_MUTE_RULES, allMuteRules, importMuteRules, muteRulesFromMutelist, mutelistYaml } from './mute-transfer.ts';
export type { ImportedMuteRule, MuteCriteria, MuteImportMode, MuteImportResult, MutelistHeader } from './mute-transfer.ts';
export { EventScans } from './event-scans.ts';
export type { EventIntake } from './event-scans.ts';
export { ScheduleRunner, nextRun } from './schedules.ts';
export type { ScheduleRunnerOptions } from './schedules.ts';
