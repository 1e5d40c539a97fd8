import type { ApiError } from './fetched.ts';
import type { FindingCheck } from './check.ts';
import type { Severity } from './severity.ts';

export const FINDING_STATUSES = ['PASS', 'FAIL', 'MANUAL', 'ERROR'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export type Tags = Readonly<Record<string, string>>;

/**
 * The region of a resource whose region could not be read. Such a resource stays in scope under
 * any region filter: it may be in a requested region, and dropping it would hide its ERRORs.
 */
export const UNKNOWN_REGION = 'unknown';

/** The resource a result is about. `uid` is the ARN (or the provider's unique id when there is no ARN). */
export interface ResourceRef {
  readonly uid: string;
  /** CloudFormation/ASFF-style type, e.g. `AwsS3Bucket`, `AwsIamUser`, `AwsAccount`. */
  readonly type: string;
  readonly name: string;
  /**
   * Location (AWS region) of the resource, `global` for scope-wide resources (IAM, account
   * settings), or UNKNOWN_REGION when it could not be read (an S3 bucket whose location was denied).
   */
  readonly region: string;
  readonly tags?: Tags;
}

/** What a check returns for one resource: pure data, no metadata (the engine joins it). */
export interface CheckResult {
  readonly status: FindingStatus;
  readonly resource: ResourceRef;
  /** A human explanation of this status for this resource. */
  readonly message: string;
  /** Set on ERROR results: the failed API call and its error code. */
  readonly error?: ApiError;
}

export interface MuteInfo {
  readonly reason: string;
  /** Which mutelist rule matched, as `account/check` keys. */
  readonly rule: string;
  readonly expires?: string;
}

/** A check result joined with its check, account and scan: what outputs and the store receive. */
export interface Finding {
  /** Stable across scans: derived from provider, check, account, region and resource. */
  readonly uid: string;
  readonly scanId: string;
  /** The tenant the scan runs for, when a service runs scans for several. */
  readonly tenantId?: string;
  /** The check's metadata, never the check itself: findings are plain data. */
  readonly check: FindingCheck;
  readonly status: FindingStatus;
  readonly message: string;
  readonly severity: Severity;
  /** The provider id, e.g. `aws`. */
  readonly provider: string;
  /** The provider's partition of the scope (AWS: `aws`, `aws-cn`, `aws-us-gov`); absent when the provider has none. */
  readonly partition?: string;
  /** The scope's id (AWS account, Azure subscription or Microsoft Entra tenant; later a Google Cloud project). */
  readonly accountId: string;
  /**
   * The kind of scope when the provider has more than one (Azure: `subscription`, or `tenant` for
   * Microsoft Entra ID); absent for a provider with a single kind (AWS accounts).
   */
  readonly scopeKind?: string;
  readonly accountName?: string;
  readonly organization?: OrganizationContext;
  readonly region: string;
  readonly resource: ResourceRef;
  readonly error?: ApiError;
  readonly muted?: MuteInfo;
  /** ISO time the result was evaluated. */
  readonly time: string;
  /** Framework requirement ids that include this check, e.g. `cis-aws-3.0:1.10`. */
  readonly compliance: readonly string[];
}

export interface OrganizationContext {
  readonly organizationId: string;
  readonly accountName?: string;
  readonly accountEmail?: string;
  readonly ouPath?: string;
  readonly tags?: Tags;
}
