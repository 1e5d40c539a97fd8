/**
 * @palisade/engine — scan planning and execution, evaluation, mutelist, filters, snapshots.
 */
export { runScan, requiredServices } from './scan.ts';
export type { FindingSink, ScanOptions, ScanProgress, ScanResult, ScanSource } from './scan.ts';
export { collectAccount, planAccountTasks } from './collect.ts';
export type { CollectAccountOptions, CollectProgress } from './collect.ts';
export { DEFAULT_SCAN_CONFIG, loadScanConfig } from './config.ts';
export type { ScanConfig } from './config.ts';
export { globLikePatternWarnings, loadMutelist, parseMutelist, unknownCheckWarnings } from './mutelist.ts';
export type { MuteRule, Mutelist, MutelistWarning } from './mutelist.ts';
export { normalizeCheckId, regionScopeFilter, resourceScopeFilter, selectChecks } from './filters.ts';
export type { CheckSelection, ResourceScope } from './filters.ts';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotWriter, checkSnapshotReadable, readSnapshot } from './snapshot-io.ts';
export type { ReadSnapshotOptions, SnapshotHeader, SnapshotReadPosition } from './snapshot-io.ts';
export { RESOURCE_COUNT_LIMIT, SummaryBuilder } from './summary.ts';
export type { AccountTally, CheckTally, MuteRuleTally, ScanSummary, StatusCounts } from './summary.ts';
