/**
 * @palisade/core — domain types every provider shares: resources, checks, findings, the scope
 * snapshot envelope, fetched values, result builders and typed errors. No I/O and no dependencies.
 * AWS's snapshot schema and helpers are the subpath `@palisade/core/aws`.
 */
export type { ApiError, Fetched } from './fetched.ts';
export { describeApiError, fetchedError, fetchedValue } from './fetched.ts';
export type { Severity } from './severity.ts';
export { SEVERITIES, SEVERITY_RANK, isSeverity } from './severity.ts';
export type { CheckResult, Finding, FindingStatus, MuteInfo, OrganizationContext, ResourceRef, Tags } from './finding.ts';
export { FINDING_STATUSES, UNKNOWN_REGION } from './finding.ts';
export type { Category, Check, CheckContext, CheckMeta, FindingCheck, ProviderSnapshots, Remediation, SnapshotOf } from './check.ts';
export { CATEGORIES, defineCheck, toFindingCheck } from './check.ts';
export type { CheckConfig } from './config.ts';
export { DEFAULT_CHECK_CONFIG } from './config.ts';
export type { ErrorCode } from './errors.ts';
export { CredentialsError, ERROR_CODES, InputError, PalisadeError } from './errors.ts';
export { findingUid } from './ids.ts';
export { closestMatch, didYouMean, editDistance } from './suggest.ts';
export { eachFetched, errorResult, fail, fromFetched, manual, pass, resource } from './results.ts';
export type { ScanError, ScopeSnapshot } from './scope.ts';
