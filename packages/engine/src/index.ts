/**
 * @palisade/engine — scan planning and execution, evaluation, mutelist, filters, snapshots.
 */
export { runScan, runScanInProcess, runWithSinks, scanSignal } from './run-scan.ts';
/** Process-wide rate-limit budgets for `RunScanOptions.rateLimitBudgets` (SDK-free). */
export { createRateLimitBudgets } from '@palisade/providers/sdk-free';
export type { RunScanOptions, ScanSink, ScanStart, StaticCredentials, StoredCredentials, TransportSettings } from './run-scan.ts';
// The worker-thread executor itself is loaded by `runScan` only when a request asks for workers.
export type { EncodedBatch, EncodingScanSink, WorkerEncoderSpec, WorkerScanOptions, WorkerSinkEncoder } from './worker-executor.ts';
export { SCAN_REQUEST_VERSION, parseScanRequest } from './request.ts';
export type { AwsCredentialsReference, AzureSourceReference, ScanLimits, ScanOutputSettings, ScanRequest, ScanRequestSource, ScanScope, ScanTargets, TaskExecution } from './request.ts';
// A scan as serializable tasks with their parts in a part store; the in-process task executor.
export { TASK_VERSION, TaskRuntime, WHOLE_SCOPE, discoverScopes, failedEvaluation, partKey, planSnapshotScopes, prepareScope, recordCollectFailure, releaseScope, runCollectTask, runEvaluateTask, withMetadata } from './tasks.ts';
export type { CollectOutcome, CollectTask, EvaluateOutcome, EvaluateTask, ScopePart, ScopeTasks, SnapshotPlanning, TaskFailure } from './tasks.ts';
export { DirectoryPartStore, MemoryPartStore, checkPartKey } from './part-store.ts';
export type { PartStore } from './part-store.ts';
// Parts in S3 for tasks on several machines; the SDK loads on the store's first call.
export { S3PartStore } from './s3-part-store.ts';
export type { S3PartStoreClient, S3PartStoreOptions } from './s3-part-store.ts';
export { mergeOutcomes, runScanAsTasks } from './task-executor.ts';
export type { ScanOutcomes, TaskScanOptions } from './task-executor.ts';
/** The options-based scan `runScan` compiles a request into; for tests and the benchmark. */
export { executeScan, requiredServices } from './scan.ts';
export type { FindingSink, LiveSource, ScanOptions, ScanProgress, ScanResult, ScanSource } from './scan.ts';
export { ScopeAccessError, getProvider, providerIds, registerProvider } from './provider.ts';
export type {
  CollectGroup,
  LiveScan,
  LiveScanOutcome,
  PreparedScope,
  ProviderModule,
  ProviderTaskRuntime,
  ProviderTasks,
  ScopeDescription,
  ScopeEvaluation,
  ScopeIdFormat,
  ScopeSnapshotWriter,
  TaskDiscovery,
  TaskRuntimeSettings,
  TaskScope,
  TaskTarget,
} from './provider.ts';
export { AWS_PROVIDER } from './aws-provider.ts';
export type { AwsConnectOptions, AwsLiveSource, AwsTransport, OrganizationTargets, StaticAwsCredentials } from './aws-provider.ts';
export { AZURE_PROVIDER, AZURE_SCOPE_ID_FORMAT, narrowAzureScope } from './azure-provider.ts';
export type { AzureConnectOptions, AzureLiveSource, AzureTransport } from './azure-provider.ts';
// Live AWS collection (collect.ts) is reached through AWS_PROVIDER: its session type wraps the SDK.
export type { CollectProgress } from './collect.ts';
export { DEFAULT_SCAN_CONFIG, loadScanConfig, validateScanConfig } from './config.ts';
export type { ScanConfig } from './config.ts';
export { compileMutelist, globLikePatternWarnings, loadMutelist, parseMutelist, unknownCheckWarnings } from './mutelist.ts';
export type { MuteCriteriaSpec, MuteRule, MuteRuleSpec, Mutelist, MutelistSpec, MutelistWarning } from './mutelist.ts';
export { normalizeCheckId, regionScopeFilter, resourceScopeFilter, selectChecks } from './filters.ts';
export type { CheckSelection, ResourceScope } from './filters.ts';
export { AWS_SNAPSHOT_FORMAT, AZURE_SNAPSHOT_FORMAT, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotWriter, checkSnapshotReadable, readScopeSnapshots, readSnapshot } from './snapshot-io.ts';
export type { ReadSnapshotOptions, SnapshotFormat, SnapshotHeader, SnapshotReadPosition } from './snapshot-io.ts';
export { RESOURCE_COUNT_LIMIT, SUMMARY_STATE_VERSION, SummaryBuilder } from './summary.ts';
export type { AccountTally, CheckTally, ErrorTally, ErrorTallyState, MuteRuleState, MuteRuleTally, ScanSummary, StatusCounts, SummaryState } from './summary.ts';
// Change events → targeted re-scans (CloudTrail management events).
export { CHANGE_EVENT_RULES, changeEventRule, changeTargetOf, cloudTrailRecordOf, coalesceTargets, targetKey, targetScanScope } from './aws-change-events.ts';
export type { ChangeEventRule, ChangeTarget, CloudTrailRecord, IgnoredReason } from './aws-change-events.ts';
