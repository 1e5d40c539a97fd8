import type { CheckConfig } from './config.ts';
import type { CheckResult } from './finding.ts';
import type { Severity } from './severity.ts';

export const CATEGORIES = [
  'identity-and-access',
  'credentials',
  'encryption',
  'logging',
  'monitoring',
  'internet-exposed',
  'data-protection',
  'resilience',
  'threat-detection',
  'network',
  'governance',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Remediation {
  /** One or two sentences: what to change. */
  readonly summary: string;
  readonly cli?: string;
  readonly terraform?: string;
  readonly console?: string;
}

export interface CheckMeta {
  /** Namespaced and permanent, e.g. `aws/s3-bucket-default-encryption`. Matches the file name. */
  readonly id: string;
  /** The provider whose scopes the check reads, e.g. `aws`; the first segment of `id`. */
  readonly provider: string;
  /** The service a user filters by (`--services`), e.g. `iam`, `s3`, `vpc`. */
  readonly service: string;
  /** The provider's services (collectors) whose data `evaluate` reads; only these are collected for a filtered scan. */
  readonly requires: readonly string[];
  readonly resourceType: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly risk: string;
  readonly remediation: Remediation;
  readonly references: readonly string[];
  readonly categories: readonly Category[];
}

/**
 * The check metadata a finding carries: what outputs show, as plain data. It holds no `evaluate`
 * and no `requires` (the collection plan), so a finding can be cloned, serialized and sent to a
 * worker or a store as it is.
 */
export type FindingCheck = Omit<CheckMeta, 'requires'>;

/** Copies the metadata outputs need from a check; every value is a fresh plain object or array. */
export function toFindingCheck(check: CheckMeta): FindingCheck {
  return {
    id: check.id,
    provider: check.provider,
    service: check.service,
    resourceType: check.resourceType,
    severity: check.severity,
    title: check.title,
    description: check.description,
    risk: check.risk,
    remediation: { ...check.remediation },
    references: [...check.references],
    categories: [...check.categories],
  };
}

export interface CheckContext {
  readonly config: CheckConfig;
  /** The evaluation time; checks never read the clock themselves, so tests are deterministic. */
  readonly now: Date;
}

/**
 * One check = one module: typed metadata and a pure function over one scope's snapshot (for AWS,
 * one account's `AwsAccountSnapshot`). The shared engine holds checks as `Check` (`unknown`
 * snapshots) and hands each one the snapshots of its own provider.
 */
export interface Check<S = unknown> extends CheckMeta {
  evaluate(snapshot: S, context: CheckContext): readonly CheckResult[];
}

/**
 * Each provider's snapshot type by provider id, filled in by the provider's types with interface
 * merging (`@palisade/core/aws` adds `aws: AwsAccountSnapshot`), so core names no provider.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by declaration merging
export interface ProviderSnapshots {}

/** The snapshot type a provider's checks read; `unknown` for a provider that declares none. */
export type SnapshotOf<P extends string> = P extends keyof ProviderSnapshots ? ProviderSnapshots[P] : unknown;

/**
 * Declares a check. The snapshot type of `evaluate` follows from `provider` (an `aws` check reads
 * an `AwsAccountSnapshot`), and the id stays a literal type for the registry's `CheckId`.
 */
export function defineCheck<const P extends string, const I extends string>(
  check: CheckMeta & {
    readonly id: I;
    readonly provider: P;
    evaluate(snapshot: SnapshotOf<P>, context: CheckContext): readonly CheckResult[];
  },
): Check<SnapshotOf<P>> & { readonly id: I; readonly provider: P } {
  return check;
}
