/**
 * Running totals of a scan, kept as counters only (never the findings), so memory stays flat
 * however many findings stream through.
 *
 * A summary is mergeable: `state()` is plain JSON-safe data, `fromState` rebuilds a builder from it,
 * and `merge` adds another builder's totals. Parts of a scan run in different threads or processes
 * each summarise the findings they produced, and the merged parts build exactly the summary one
 * builder fed every finding would build, whatever the arrival order, split or merge grouping. That
 * is why every choice below that could depend on arrival order is made by a fixed rule instead:
 * - lists are sorted on stable keys (ties end in code-unit order of the key), and services,
 *   error checks and error accounts are listed in code-unit order;
 * - an account's name is the smallest name its findings carry (they normally all carry the same);
 * - an error group's message is the smallest message seen for that API and error code;
 * - mutelist rules keep the mutelist's order (`trackMuteRules`); rules counted without being
 *   tracked follow in code-unit order.
 *
 * Distinct resources are counted per account (a resource belongs to one account) in a bounded set.
 * The state carries only the count, so merged counts add up: exact when each resource's findings
 * were all summarised by one part, as they are when parts are whole accounts (an account is
 * evaluated in one place). A resource summarised by two parts is counted twice.
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
  /** In code-unit order. */
  readonly checks: Set<string>;
  /** In code-unit order. */
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
  /** Keys in code-unit order. */
  readonly byService: Record<string, StatusCounts>;
  /** Most severe first, then most failures, then check id. */
  readonly failingChecks: readonly CheckTally[];
  /** Most findings first, then API, then error code. */
  readonly errors: readonly ErrorTally[];
  readonly accounts: number;
  /** Distinct resources with findings, counted exactly up to RESOURCE_COUNT_LIMIT. */
  readonly resources: number;
  /** True when more resources had findings than were counted: `resources` is then a lower bound. */
  readonly resourcesCapped: boolean;
  /** Unmuted FAIL findings: these decide the exit code. */
  readonly unmutedFailures: number;
  /** Per mutelist rule, in file order (rules not in the mutelist after, by rule): what each muted, so over-muting and dead rules show. */
  readonly muteRules: readonly MuteRuleTally[];
}

export const RESOURCE_COUNT_LIMIT = 200_000;

export const SUMMARY_STATE_VERSION = 1;

/** An error group as plain data. */
export interface ErrorTallyState {
  readonly api: string;
  readonly code: string;
  readonly message: string;
  readonly count: number;
  /** Code-unit order. */
  readonly checks: readonly string[];
  /** Code-unit order. */
  readonly accounts: readonly string[];
}

export interface MuteRuleState {
  readonly rule: string;
  readonly location?: string;
  /** Listed by `trackMuteRules` (a rule of the mutelist), rather than only met on a finding. */
  readonly tracked: boolean;
  readonly muted: number;
}

/**
 * A summary's totals as JSON-safe data: counters and short lists whose length follows accounts,
 * services, checks, error codes and mutelist rules, never findings or resources. Lists are in
 * canonical order (by key; tracked mutelist rules in mutelist order, then the others by rule), so
 * equal totals give equal states.
 */
export interface SummaryState {
  readonly version: typeof SUMMARY_STATE_VERSION;
  readonly total: StatusCounts;
  readonly bySeverity: Record<Severity, StatusCounts>;
  readonly byService: readonly { readonly service: string; readonly counts: StatusCounts }[];
  /** By account id. */
  readonly byAccount: readonly AccountTally[];
  /** By check id. */
  readonly failingChecks: readonly CheckTally[];
  /** By API, then error code. */
  readonly errors: readonly ErrorTallyState[];
  /** Distinct resources (per account) counted, at most RESOURCE_COUNT_LIMIT. */
  readonly resources: number;
  readonly resourcesCapped: boolean;
  readonly unmutedFailures: number;
  readonly muteRules: readonly MuteRuleState[];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };
const SEVERITIES = Object.keys(SEVERITY_RANK) as Severity[];

const emptyCounts = (): StatusCounts => ({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 });

function addCounts(into: StatusCounts, counts: StatusCounts): void {
  into.PASS += counts.PASS;
  into.FAIL += counts.FAIL;
  into.MANUAL += counts.MANUAL;
  into.ERROR += counts.ERROR;
  into.muted += counts.muted;
}

const copyCounts = (counts: StatusCounts): StatusCounts => ({ PASS: counts.PASS, FAIL: counts.FAIL, MANUAL: counts.MANUAL, ERROR: counts.ERROR, muted: counts.muted });

// Code-unit order, not locale order: the same input must sort the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The smaller of two optional names: the order-independent pick when findings disagree. */
function smallerName(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compare(a, b) <= 0 ? a : b;
}

const sortedKeys = <T>(map: ReadonlyMap<string, T>): string[] => [...map.keys()].sort(compare);

interface AccountEntry {
  accountName: string | undefined;
  readonly counts: StatusCounts;
}

interface ErrorEntry {
  readonly api: string;
  readonly code: string;
  message: string;
  count: number;
  readonly checks: Set<string>;
  readonly accounts: Set<string>;
}

export class SummaryBuilder {
  private readonly total = emptyCounts();
  private readonly bySeverity: Record<Severity, StatusCounts> = {
    critical: emptyCounts(),
    high: emptyCounts(),
    medium: emptyCounts(),
    low: emptyCounts(),
    informational: emptyCounts(),
  };
  private readonly byService = new Map<string, StatusCounts>();
  private readonly failing = new Map<string, CheckTally>();
  private readonly errors = new Map<string, ErrorEntry>();
  private readonly byAccount = new Map<string, AccountEntry>();
  /** Resource uids by account, for the findings added here; bounded by RESOURCE_COUNT_LIMIT in all. */
  private readonly resourceKeys = new Map<string, Set<string>>();
  /** Resources counted: those in `resourceKeys` plus those merged in from other summaries. */
  private resourceCount = 0;
  private resourcesCapped = false;
  private unmutedFailures = 0;
  /** Mutelist rules in mutelist order, with their location when known. */
  private readonly trackedRules = new Map<string, string | undefined>();
  private readonly mutedByRule = new Map<string, number>();

  /** Lists the mutelist's rules up front, so a rule that mutes nothing still appears with 0. */
  trackMuteRules(rules: readonly { readonly rule: string; readonly location?: string }[]): void {
    for (const { rule, location } of rules) if (!this.trackedRules.has(rule)) this.trackedRules.set(rule, location || undefined);
  }

  add(finding: Finding): void {
    const account = this.accountEntry(finding.accountId);
    account.accountName = smallerName(account.accountName, finding.accountName ?? finding.organization?.accountName);
    this.countResource(finding.accountId, finding.resource.uid);
    let service = this.byService.get(finding.check.service);
    if (!service) {
      service = emptyCounts();
      this.byService.set(finding.check.service, service);
    }
    for (const counts of [this.total, this.bySeverity[finding.severity], service, account.counts]) {
      if (finding.muted) counts.muted += 1;
      else counts[finding.status as FindingStatus] += 1;
    }
    if (finding.muted) this.mutedByRule.set(finding.muted.rule, (this.mutedByRule.get(finding.muted.rule) ?? 0) + 1);
    if (finding.status === 'ERROR') {
      const tally = this.errorEntry(finding.error?.api ?? finding.check.id, finding.error?.code ?? 'Unknown', finding.error?.message ?? finding.message);
      tally.count += 1;
      tally.checks.add(finding.check.id);
      tally.accounts.add(finding.accountId);
    }
    if (finding.status === 'FAIL' && !finding.muted) {
      this.unmutedFailures += 1;
      this.failingTally(finding.check.id, finding.check.title, finding.severity, finding.check.service).failed += 1;
    }
  }

  /** This summary's totals as plain data, for another thread or process to merge. */
  state(): SummaryState {
    return {
      version: SUMMARY_STATE_VERSION,
      total: copyCounts(this.total),
      bySeverity: this.severityCopy(),
      byService: sortedKeys(this.byService).map((service) => ({ service, counts: copyCounts(this.byService.get(service)!) })),
      byAccount: sortedKeys(this.byAccount).map((accountId) => {
        const { accountName, counts } = this.byAccount.get(accountId)!;
        return { accountId, ...(accountName === undefined ? {} : { accountName }), counts: copyCounts(counts) };
      }),
      failingChecks: sortedKeys(this.failing).map((id) => ({ ...this.failing.get(id)! })),
      errors: [...this.errors.values()]
        .sort((a, b) => compare(a.api, b.api) || compare(a.code, b.code))
        .map(({ api, code, message, count, checks, accounts }) => ({ api, code, message, count, checks: [...checks].sort(compare), accounts: [...accounts].sort(compare) })),
      resources: Math.min(this.resourceCount, RESOURCE_COUNT_LIMIT),
      resourcesCapped: this.resourcesCapped || this.resourceCount > RESOURCE_COUNT_LIMIT,
      unmutedFailures: this.unmutedFailures,
      muteRules: [
        ...[...this.trackedRules].map(([rule, location]) => ({ rule, ...(location === undefined ? {} : { location }), tracked: true, muted: this.mutedByRule.get(rule) ?? 0 })),
        ...sortedKeys(this.mutedByRule)
          .filter((rule) => !this.trackedRules.has(rule))
          .map((rule) => ({ rule, tracked: false, muted: this.mutedByRule.get(rule)! })),
      ],
    };
  }

  /** A builder holding the totals of `state` (e.g. parsed from another worker's JSON). */
  static fromState(state: SummaryState): SummaryBuilder {
    const builder = new SummaryBuilder();
    builder.merge(state);
    return builder;
  }

  /**
   * Adds another summary's totals to this one. Merging is associative and commutative in what
   * `build()` returns. Distinct resources add up (see the module note): merge summaries of
   * different accounts, not two summaries of one resource. Every part of a scan tracks the same
   * mutelist (or none), so tracked rules keep the mutelist's order.
   */
  merge(other: SummaryBuilder | SummaryState): this {
    const state = other instanceof SummaryBuilder ? other.state() : other;
    if (state.version !== SUMMARY_STATE_VERSION) throw new Error(`Cannot merge a summary state of version ${String(state.version)}; expected ${SUMMARY_STATE_VERSION}.`);
    addCounts(this.total, state.total);
    for (const severity of SEVERITIES) addCounts(this.bySeverity[severity], state.bySeverity[severity]);
    for (const { service, counts } of state.byService) {
      const into = this.byService.get(service);
      if (into) addCounts(into, counts);
      else this.byService.set(service, copyCounts(counts));
    }
    for (const { accountId, accountName, counts } of state.byAccount) {
      const account = this.accountEntry(accountId);
      account.accountName = smallerName(account.accountName, accountName);
      addCounts(account.counts, counts);
    }
    for (const check of state.failingChecks) this.failingTally(check.id, check.title, check.severity, check.service).failed += check.failed;
    for (const error of state.errors) {
      const tally = this.errorEntry(error.api, error.code, error.message);
      tally.count += error.count;
      for (const check of error.checks) tally.checks.add(check);
      for (const account of error.accounts) tally.accounts.add(account);
    }
    // Only the count travels; the bound on the kept keys still holds, as resourceCount includes it.
    this.resourceCount = Math.min(this.resourceCount + state.resources, RESOURCE_COUNT_LIMIT + 1);
    this.resourcesCapped ||= state.resourcesCapped;
    this.unmutedFailures += state.unmutedFailures;
    for (const { rule, location, tracked, muted } of state.muteRules) {
      if (tracked) this.trackMuteRules([{ rule, ...(location === undefined ? {} : { location }) }]);
      if (muted > 0) this.mutedByRule.set(rule, (this.mutedByRule.get(rule) ?? 0) + muted);
    }
    return this;
  }

  build(): ScanSummary {
    const state = this.state();
    return {
      total: state.total,
      byAccount: [...state.byAccount].sort(
        (a, b) => b.counts.FAIL + b.counts.ERROR - (a.counts.FAIL + a.counts.ERROR) || b.counts.FAIL - a.counts.FAIL || compare(a.accountId, b.accountId),
      ),
      bySeverity: state.bySeverity,
      byService: Object.fromEntries(state.byService.map(({ service, counts }) => [service, counts])),
      failingChecks: [...state.failingChecks].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.failed - a.failed || a.id.localeCompare(b.id) || compare(a.id, b.id)),
      errors: [...state.errors]
        .sort((a, b) => b.count - a.count || a.api.localeCompare(b.api) || compare(a.api, b.api) || compare(a.code, b.code))
        .map(({ api, code, message, count, checks, accounts }) => ({ api, code, message, count, checks: new Set(checks), accounts: new Set(accounts) })),
      accounts: state.byAccount.length,
      resources: state.resources,
      resourcesCapped: state.resourcesCapped,
      unmutedFailures: state.unmutedFailures,
      muteRules: state.muteRules.map(({ rule, location, muted }) => ({ rule, ...(location === undefined ? {} : { location }), muted })),
    };
  }

  private accountEntry(accountId: string): AccountEntry {
    let account = this.byAccount.get(accountId);
    if (!account) {
      account = { accountName: undefined, counts: emptyCounts() };
      this.byAccount.set(accountId, account);
    }
    return account;
  }

  // Distinct resources are counted in a bounded set, so memory does not grow with the estate;
  // past the bound the count is reported as a lower bound.
  private countResource(accountId: string, uid: string): void {
    let keys = this.resourceKeys.get(accountId);
    if (keys?.has(uid)) return;
    if (this.resourceCount >= RESOURCE_COUNT_LIMIT) {
      this.resourcesCapped = true;
      return;
    }
    if (!keys) {
      keys = new Set();
      this.resourceKeys.set(accountId, keys);
    }
    keys.add(uid);
    this.resourceCount += 1;
  }

  private errorEntry(api: string, code: string, message: string): ErrorEntry {
    const key = `${api}\u0000${code}`;
    let tally = this.errors.get(key);
    if (!tally) {
      tally = { api, code, message, count: 0, checks: new Set(), accounts: new Set() };
      this.errors.set(key, tally);
    } else if (compare(message, tally.message) < 0) {
      tally.message = message;
    }
    return tally;
  }

  private failingTally(id: string, title: string, severity: Severity, service: string): CheckTally {
    let tally = this.failing.get(id);
    if (!tally) {
      tally = { id, title, severity, service, failed: 0 };
      this.failing.set(id, tally);
    }
    return tally;
  }

  private severityCopy(): Record<Severity, StatusCounts> {
    return {
      critical: copyCounts(this.bySeverity.critical),
      high: copyCounts(this.bySeverity.high),
      medium: copyCounts(this.bySeverity.medium),
      low: copyCounts(this.bySeverity.low),
      informational: copyCounts(this.bySeverity.informational),
    };
  }
}
