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

/** How many findings one mutelist rule muted; rules that muted none are listed too, as dead rules. */
export interface MuteRuleTally {
  /** `account/check`, as in MuteInfo.rule. */
  readonly rule: string;
  /** `file:line` of the rule, when known. */
  readonly location?: string;
  muted: number;
}

/** One account's findings by status. */
export interface AccountTally {
  readonly accountId: string;
  readonly accountName?: string;
  readonly counts: StatusCounts;
}

export interface ScanSummary {
  readonly total: StatusCounts;
  /** Worst first: most unmuted FAIL and ERROR findings, then most FAIL, then account id. */
  readonly byAccount: readonly AccountTally[];
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
  /** Per mutelist rule, in file order: what each muted, so over-muting and dead rules show. */
  readonly muteRules: readonly MuteRuleTally[];
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
  private readonly byAccount = new Map<string, { accountName: string | undefined; counts: StatusCounts }>();
  private readonly resourceKeys = new Set<string>();
  private resourcesCapped = false;
  private unmutedFailures = 0;
  private readonly muteRules = new Map<string, MuteRuleTally>();

  /** Lists the mutelist's rules up front, so a rule that mutes nothing still appears with 0. */
  trackMuteRules(rules: readonly { readonly rule: string; readonly location?: string }[]): void {
    for (const { rule, location } of rules) if (!this.muteRules.has(rule)) this.muteRules.set(rule, { rule, ...(location ? { location } : {}), muted: 0 });
  }

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
    let account = this.byAccount.get(finding.accountId);
    if (!account) {
      account = { accountName: undefined, counts: emptyCounts() };
      this.byAccount.set(finding.accountId, account);
    }
    account.accountName ??= finding.accountName ?? finding.organization?.accountName;
    for (const counts of [this.total, this.bySeverity[finding.severity], service, account.counts]) {
      if (finding.muted) counts.muted += 1;
      else counts[finding.status as FindingStatus] += 1;
    }
    if (finding.muted) {
      const rule = finding.muted.rule;
      const tally = this.muteRules.get(rule) ?? { rule, muted: 0 };
      tally.muted += 1;
      this.muteRules.set(rule, tally);
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
      byAccount: [...this.byAccount]
        .map(([accountId, { accountName, counts }]) => ({ accountId, ...(accountName === undefined ? {} : { accountName }), counts: { ...counts } }))
        .sort((a, b) => b.counts.FAIL + b.counts.ERROR - (a.counts.FAIL + a.counts.ERROR) || b.counts.FAIL - a.counts.FAIL || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)),
      bySeverity: structuredClone(this.bySeverity),
      byService: structuredClone(this.byService),
      failingChecks: [...this.failing.values()].sort((a, b) => rank[b.severity] - rank[a.severity] || b.failed - a.failed || a.id.localeCompare(b.id)),
      errors: [...this.errors.values()].sort((a, b) => b.count - a.count || a.api.localeCompare(b.api)),
      accounts: this.accounts.size,
      resources: this.resourceKeys.size,
      resourcesCapped: this.resourcesCapped,
      unmutedFailures: this.unmutedFailures,
      muteRules: [...this.muteRules.values()].map((tally) => ({ ...tally })),
    };
  }
}

