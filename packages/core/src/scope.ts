import type { ApiError } from './fetched.ts';

/**
 * What every provider's snapshot of one scope holds. A scope is the unit a provider scans: an AWS
 * account (later an Azure subscription or a Google Cloud project). Each provider's snapshot type
 * extends this envelope with its own service data; the shared engine reads only these fields.
 */
export interface ScopeSnapshot {
  /** The scope's id (an AWS account id); findings carry it as `accountId`. */
  readonly accountId: string;
  /** ISO time the scope was collected; checks judge ages and expiries against it. */
  readonly collectedAt: string;
  /** The locations that were scanned (AWS regions). */
  readonly regions: readonly string[];
}

/** A scan error that is not tied to one check: a scope, location or service that could not be read at all. */
export interface ScanError {
  readonly accountId?: string;
  readonly region?: string;
  readonly service?: string;
  readonly error: ApiError;
}
