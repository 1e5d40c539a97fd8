/**
 * @palisade/engine — scan planning and execution, evaluation, mutelist, filters, snapshots.
 */
export { runScan, runScanInProcess, runWithSinks, scanSignal } from './run-scan.ts';
export type { RunScanOptions, ScanSink, ScanStart, TransportSettings } from './run-scan.ts';
// The worker-thread executor itself is loaded by `runScan` only when a request asks for workers.
export type { WorkerScanOptions } from './worker-executor.ts';
export { SCAN_REQUEST_VERSION, parseScanRequest } from './request.ts';
export type { AwsCredentialsReference, ScanLimits, ScanOutputSettings, ScanRequest, ScanRequestSource, ScanScope, ScanTargets } from './request.ts';
/** The options-based scan `runScan` compiles a request into; for tests and the benchmark. */
export { executeScan, requiredServices } from './scan.ts';
export type { FindingSink, ScanOptions, ScanProgress, ScanResult, ScanSource } from './scan.ts';
export { getProvider, providerIds, registerProvider } from './provider.ts';
export type { LiveScan, LiveScanOutcome, ProviderModule, ScopeDescription, ScopeEvaluation, ScopeIdFormat, ScopeSnapshotWriter } from './provider.ts';
export { AWS_PROVIDER } from './aws-provider.ts';
export type { AwsConnectOptions, AwsLiveSource, AwsTransport, OrganizationTargets, StaticAwsCredentials } from './aws-provider.ts';
// Live AWS collection (collect.ts) is reached through AWS_PROVIDER: its session type wraps the SDK.
export type { CollectProgress } from './collect.ts';
export { DEFAULT_SCAN_CONFIG, loadScanConfig, validateScanConfig } from './config.ts';
export type { ScanConfig } from './config.ts';
export { compileMutelist, globLikePatternWarnings, loadMutelist, parseMutelist, unknownCheckWarnings } from './mutelist.ts';
export type { MuteCriteriaSpec, MuteRule, MuteRuleSpec, Mutelist, MutelistSpec, MutelistWarning } from './mutelist.ts';
export { normalizeCheckId, regionScopeFilter, resourceScopeFilter, selectChecks } from './filters.ts';
export type { CheckSelection, ResourceScope } from './filters.ts';
export { AWS_SNAPSHOT_FORMAT, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotWriter, checkSnapshotReadable, readScopeSnapshots, readSnapshot } from './snapshot-io.ts';
export type { ReadSnapshotOptions, SnapshotFormat, SnapshotHeader, SnapshotReadPosition } from './snapshot-io.ts';
export { RESOURCE_COUNT_LIMIT, SUMMARY_STATE_VERSION, SummaryBuilder } from './summary.ts';
export type { AccountTally, CheckTally, ErrorTally, ErrorTallyState, MuteRuleState, MuteRuleTally, ScanSummary, StatusCounts, SummaryState } from './summary.ts';
