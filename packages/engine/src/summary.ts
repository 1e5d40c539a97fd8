/**
 * Running totals of a scan, kept as counters only (never the findings), so memory stays flat
 * however many findings stream through.
 */
import type { Finding, FindingStatus, Severity } from '@palisade/core';

export interface StatusCounts {
  PASS: number;
  FAIL: number;
  MANUAL: number;
  ERROR: number;
  muted: number;
}

export interface CheckTally {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly service: string;
  failed: number;
}

/** ERROR findings grouped by failed API and error code: a handful of rows however large the scan. */
export interface ErrorTally {
  readonly api: string;
  readonly code: string;
  readonly message: string;
  count: number;
  readonly checks: Set<string>;
  readonly accounts: Set<string>;
}

export interface ScanSummary {
  readonly total: StatusCounts;
  readonly bySeverity: Record<Severity, StatusCounts>;
  readonly byService: Record<string, StatusCounts>;
  readonly failingChecks: readonly CheckTally[];
  readonly errors: readonly ErrorTally[];
  readonly accounts: number;
  /** Distinct resources with findings, counted exactly up to RESOURCE_COUNT_LIMIT. */
  readonly resources: number;
  /** True when more resources had findings than were counted: `resources` is then a lower bound. */
  readonly resourcesCapped: boolean;
  /** Unmuted FAIL findings: these decide the exit code. */
  readonly unmutedFailures: number;
}

export const RESOURCE_COUNT_LIMIT = 200_000;

const emptyCounts = (): StatusCounts => ({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 });

export class SummaryBuilder {
  private readonly total = emptyCounts();
  private readonly bySeverity: Record<Severity, StatusCounts> = {
    critical: emptyCounts(),
    high: emptyCounts(),
    medium: emptyCounts(),
    low: emptyCounts(),
    informational: emptyCounts(),
  };
  private readonly byService: Record<string, StatusCounts> = {};
  private readonly failing = new Map<string, CheckTally>();
  private readonly errors = new Map<string, ErrorTally>();
  private readonly accounts = new Set<string>();
  private readonly resourceKeys = new Set<string>();
  private resourcesCapped = false;
  private unmutedFailures = 0;

  add(finding: Finding): void {
    this.accounts.add(finding.accountId);
    // Distinct resources are counted in a bounded set, so memory does not grow with the estate;
    // past the bound the count is reported as a lower bound.
    const key = finding.resource.uid;
    if (!this.resourceKeys.has(key)) {
      if (this.resourceKeys.size < RESOURCE_COUNT_LIMIT) this.resourceKeys.add(key);
      else this.resourcesCapped = true;
    }
    const service = (this.byService[finding.check.service] ??= emptyCounts());
    for (const counts of [this.total, this.bySeverity[finding.severity], service]) {
      if (finding.muted) counts.muted += 1;
      else counts[finding.status as FindingStatus] += 1;
    }
    if (finding.status === 'ERROR') {
      const api = finding.error?.api ?? finding.check.id;
      const code = finding.error?.code ?? 'Unknown';
      const key = `${api}\u0000${code}`;
      let tally = this.errors.get(key);
      if (!tally) {
        tally = { api, code, message: finding.error?.message ?? finding.message, count: 0, checks: new Set(), accounts: new Set() };
        this.errors.set(key, tally);
      }
      tally.count += 1;
      tally.checks.add(finding.check.id);
      tally.accounts.add(finding.accountId);
    }
    if (finding.status === 'FAIL' && !finding.muted) {
      this.unmutedFailures += 1;
      let tally = this.failing.get(finding.check.id);
      if (!tally) {
        tally = { id: finding.check.id, title: finding.check.title, severity: finding.severity, service: finding.check.service, failed: 0 };
        this.failing.set(finding.check.id, tally);
      }
      tally.failed += 1;
    }
  }

  build(): ScanSummary {
    const rank: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };
    return {
      total: { ...this.total },
      bySeverity: structuredClone(this.bySeverity),
      byService: structuredClone(this.byService),
      failingChecks: [...this.failing.values()].sort((a, b) => rank[b.severity] - rank[a.severity] || b.failed - a.failed || a.id.localeCompare(b.id)),
      errors: [...this.errors.values()].sort((a, b) => b.count - a.count || a.api.localeCompare(b.api)),
      accounts: this.accounts.size,
      resources: this.resourceKeys.size,
      resourcesCapped: this.resourcesCapped,
      unmutedFailures: this.unmutedFailures,
    };
  }
}

