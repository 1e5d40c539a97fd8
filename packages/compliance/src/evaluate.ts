/**
 * Framework compliance from a stream of findings, per account and for all accounts together.
 *
 * The accumulator keeps, per account and requirement, counts by status and a short evidence list
 * (at most `evidenceLimit` entries); every other finding is only counted. Memory therefore follows
 * accounts × requirements, never the number of findings: the full list of findings behind each
 * requirement streams to the compliance findings files instead.
 *
 * The evidence kept is the first `evidenceLimit` entries in report order — unmuted failures and
 * errors first, then by check id, resource uid, status and muted flag — of all the requirement's
 * findings in the account. The rule depends only on which findings arrived, never on their order, so
 * accumulators are mergeable: `state()` is plain JSON-safe data, `fromState` rebuilds an accumulator
 * from it, and `merge` adds another accumulator's findings. Parts of a scan evaluated in different
 * threads or processes, merged in any grouping, report exactly what one accumulator fed every
 * finding reports. (Keeping the first entries to arrive would make a report depend on scheduling.)
 * An account's name is the smallest name its findings carry, for the same reason.
 *
 * Status rules for one account (a requirement's status is PASS, FAIL or MANUAL):
 * - A requirement the framework marks manual is MANUAL whatever its checks found; their findings
 *   are kept as evidence for the reviewer.
 * - An automated requirement is FAIL when any unmuted finding of its checks in the account is FAIL
 *   or ERROR. An ERROR means the check could not read the resource (a denied or failed API call),
 *   and counting it as anything but a failure would let an unreadable account pass. The reason then
 *   says `error`, so reports tell the two apart.
 * - Otherwise, an unmuted MANUAL finding (a check that asks a person to decide) makes it MANUAL.
 * - Otherwise it is PASS when it has at least one finding. Muted findings are accepted exceptions:
 *   they are counted apart and never fail a requirement.
 * - An automated requirement with no findings in the account is FAIL with reason `not-evaluated`.
 *   Every check reports at least one result for each account it runs on (a PASS when nothing is in
 *   scope), so silence means its checks did not run — filtered out of the scan or not registered —
 *   and compliance has not been shown. Failing closed keeps a narrowed scan from reading as
 *   compliant; MANUAL would wrongly suggest a person could settle it.
 *
 * For all accounts together a requirement is FAIL when it fails in any account, MANUAL when none
 * fails and one needs review, and PASS only when it passes in every account.
 *
 * Scores show progress where the all-accounts status cannot: per account, the share of automated
 * requirements with findings that pass, and the share of the framework's findings that pass
 * (unmuted PASS over unmuted PASS, FAIL and ERROR); per section, the share of account ×
 * automated requirement results that pass. Unevaluated requirements are counted apart, not scored.
 */
import type { Finding, FindingStatus } from '@palisade/core';
import type { Assessment, Framework, ProfileLevel, Requirement } from './framework.ts';

export type RequirementStatus = 'PASS' | 'FAIL' | 'MANUAL';

/** Why a requirement has its status; lets outputs explain a FAIL that no finding failed. */
export type RequirementReason = 'manual-assessment' | 'failed' | 'error' | 'needs-review' | 'passed' | 'not-evaluated';

/** Evidence entries kept per account and requirement when no limit is given. */
export const DEFAULT_EVIDENCE_LIMIT = 10;

export const COMPLIANCE_STATE_VERSION = 1;

/** Findings by status: unmuted findings under their status, muted ones (any status) under `muted`. */
export interface FindingCounts {
  PASS: number;
  FAIL: number;
  MANUAL: number;
  ERROR: number;
  muted: number;
}

export interface ComplianceFindingEntry {
  readonly checkId: string;
  /** The finding's own status, ERROR included. */
  readonly status: FindingStatus;
  readonly resourceUid: string;
  readonly muted: boolean;
}

/** A requirement in one account. */
export interface AccountRequirementResult {
  readonly accountId: string;
  readonly status: RequirementStatus;
  readonly reason: RequirementReason;
  readonly counts: FindingCounts;
  /** A few findings behind the status: the first `evidenceLimit` in this order — unmuted failures and errors first, then by check id and resource uid. */
  readonly evidence: readonly ComplianceFindingEntry[];
  /** Findings counted but not kept as evidence; the compliance findings files list them all. */
  readonly evidenceOmitted: number;
}

export interface RequirementReport {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly subsection?: string;
  readonly level: ProfileLevel;
  readonly assessment: Assessment;
  /** For all accounts together: FAIL when any account fails. */
  readonly status: RequirementStatus;
  readonly reason: RequirementReason;
  readonly checks: readonly string[];
  /** Findings of all accounts. */
  readonly counts: FindingCounts;
  /** One result per account seen by the accumulator, by account id. */
  readonly accounts: readonly AccountRequirementResult[];
}

/** One account's standing in a framework. */
export interface AccountScore {
  readonly accountId: string;
  readonly accountName?: string;
  /** Automated requirements with findings in this account: the requirements scored. */
  readonly evaluated: number;
  readonly passed: number;
  /** Evaluated automated requirements that fail (a failure or an error). */
  readonly failed: number;
  /** Automated requirements without any finding in this account (FAIL, not scored). */
  readonly notEvaluated: number;
  /** Requirements that are MANUAL in this account (manual by the framework, or needing review). */
  readonly manual: number;
  /** `passed / evaluated`, or `null` when nothing was evaluated. */
  readonly requirementScore: number | null;
  /** Findings of the framework's checks in this account, each finding once. */
  readonly findings: FindingCounts;
  /** Unmuted PASS over unmuted PASS, FAIL and ERROR findings, or `null` when there are none. */
  readonly findingScore: number | null;
}

export interface SectionAccountScore {
  readonly accountId: string;
  readonly evaluated: number;
  readonly passed: number;
  readonly score: number | null;
}

export interface SectionScore {
  readonly section: string;
  /** Automated requirements of the section. */
  readonly automated: number;
  /** Automated requirements that pass in every account. */
  readonly passed: number;
  /** `passed / automated`, or `null` when the section has no automated requirement. */
  readonly score: number | null;
  /** Account × automated requirement results with findings, all accounts together. */
  readonly evaluated: number;
  /** Of those, the results that pass. */
  readonly passedResults: number;
  /** `passedResults / evaluated`: progress even while some account still fails; `null` when nothing was evaluated. */
  readonly resultScore: number | null;
  /** In the report's account order (worst first). */
  readonly accounts: readonly SectionAccountScore[];
}

export interface ComplianceReport {
  /** The framework id, e.g. `cis-aws-3.0`. */
  readonly framework: string;
  readonly name: string;
  readonly version: string;
  /** Worst first: lowest requirement score, then lowest finding score, then most failures. */
  readonly accounts: readonly AccountScore[];
  readonly requirements: readonly RequirementReport[];
  /** In the order sections first appear in the framework. */
  readonly sections: readonly SectionScore[];
}

/** One account × requirement as plain data. */
export interface ComplianceRequirementState {
  /** The requirement's id in the framework. */
  readonly id: string;
  readonly counts: FindingCounts;
  /** At most the evidence limit, in report order. */
  readonly evidence: readonly ComplianceFindingEntry[];
}

export interface ComplianceAccountState {
  readonly accountId: string;
  readonly accountName?: string;
  readonly findings: FindingCounts;
  /** Requirements with findings in the account, in framework order. */
  readonly requirements: readonly ComplianceRequirementState[];
}

/**
 * An accumulator's findings as JSON-safe data: counts and bounded evidence per account ×
 * requirement, in canonical order (accounts by id, requirements in framework order), so equal
 * findings give equal states.
 */
export interface ComplianceState {
  readonly version: typeof COMPLIANCE_STATE_VERSION;
  /** Framework id and version: a state merges only into an accumulator of the same framework. */
  readonly framework: string;
  readonly frameworkVersion: string;
  readonly evidenceLimit: number;
  /** By account id. */
  readonly accounts: readonly ComplianceAccountState[];
}

export interface ComplianceAccumulatorOptions {
  /** Evidence entries kept per account and requirement (default DEFAULT_EVIDENCE_LIMIT). */
  readonly evidenceLimit?: number;
}

/** check id → the requirements that list it, derived from the framework data. */
export function requirementsByCheck(framework: Framework): ReadonlyMap<string, readonly Requirement[]> {
  const index = new Map<string, Requirement[]>();
  for (const requirement of framework.requirements) {
    for (const checkId of requirement.checks) {
      const list = index.get(checkId) ?? [];
      if (!list.includes(requirement)) list.push(requirement);
      index.set(checkId, list);
    }
  }
  return index;
}

export const emptyCounts = (): FindingCounts => ({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 });

function countFinding(counts: FindingCounts, status: FindingStatus, muted: boolean): void {
  if (muted) counts.muted += 1;
  else counts[status] += 1;
}

const totalOf = (counts: FindingCounts) => counts.PASS + counts.FAIL + counts.MANUAL + counts.ERROR + counts.muted;

/** An entry a reader must act on: evidence keeps these before passes, muted and manual findings. */
const isActionable = (entry: ComplianceFindingEntry) => !entry.muted && (entry.status === 'FAIL' || entry.status === 'ERROR');

/** One account × requirement: counts and a bounded evidence list. */
class RequirementTally {
  readonly counts = emptyCounts();
  /** Sorted in report order; at most the limit: the best entries of all that arrived. */
  readonly evidence: ComplianceFindingEntry[] = [];

  /** Findings counted but not kept as evidence. */
  get omitted(): number {
    return totalOf(this.counts) - this.evidence.length;
  }

  add(entry: ComplianceFindingEntry, limit: number): void {
    countFinding(this.counts, entry.status, entry.muted);
    this.keep(entry, limit);
  }

  merge(counts: FindingCounts, evidence: readonly ComplianceFindingEntry[], limit: number): void {
    addCounts(this.counts, counts);
    // The best `limit` of a union are among the best `limit` of each side.
    for (const entry of evidence) this.keep(entry, limit);
  }

  /** Keeps `entry` if it is among the best `limit` seen; one comparison when it is not. */
  private keep(entry: ComplianceFindingEntry, limit: number): void {
    const evidence = this.evidence;
    if (evidence.length >= limit) {
      if (limit === 0 || compareEvidence(entry, evidence[evidence.length - 1]!) >= 0) return;
      evidence.pop();
    }
    let low = 0;
    let high = evidence.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEvidence(evidence[middle]!, entry) <= 0) low = middle + 1;
      else high = middle;
    }
    evidence.splice(low, 0, entry);
  }
}

interface AccountState {
  name: string | undefined;
  readonly findings: FindingCounts;
  /** By requirement index; created on the first finding of the requirement in the account. */
  readonly tallies: (RequirementTally | undefined)[];
}

export class ComplianceAccumulator {
  private readonly requirementIndexes = new Map<string, number[]>();
  private readonly requirementIndexById = new Map<string, number>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly evidenceLimit: number;

  constructor(
    readonly framework: Framework,
    options: ComplianceAccumulatorOptions = {},
  ) {
    this.evidenceLimit = Math.max(0, options.evidenceLimit ?? DEFAULT_EVIDENCE_LIMIT);
    framework.requirements.forEach((requirement, index) => {
      this.requirementIndexById.set(requirement.id, index);
      for (const checkId of requirement.checks) {
        const indexes = this.requirementIndexes.get(checkId) ?? [];
        if (!indexes.includes(index)) indexes.push(index);
        this.requirementIndexes.set(checkId, indexes);
      }
    });
  }

  /**
   * Records a finding against every requirement that lists its check. Every finding makes its
   * account known, so an account whose framework checks reported nothing still gets a row (with
   * its automated requirements not evaluated). Each call counts: deliver a finding once.
   */
  add(finding: Finding): void {
    const account = this.accountOf(finding);
    const indexes = this.requirementIndexes.get(finding.check.id);
    if (!indexes) return;
    const muted = finding.muted !== undefined;
    countFinding(account.findings, finding.status, muted);
    const entry: ComplianceFindingEntry = { checkId: finding.check.id, status: finding.status, resourceUid: finding.resource.uid, muted };
    for (const index of indexes) (account.tallies[index] ??= new RequirementTally()).add(entry, this.evidenceLimit);
  }

  addAll(findings: Iterable<Finding>): void {
    for (const finding of findings) this.add(finding);
  }

  /** This accumulator's findings as plain data, for another thread or process to merge. */
  state(): ComplianceState {
    return {
      version: COMPLIANCE_STATE_VERSION,
      framework: this.framework.id,
      frameworkVersion: this.framework.version,
      evidenceLimit: this.evidenceLimit,
      accounts: [...this.accounts.keys()].sort(compare).map((accountId) => {
        const account = this.accounts.get(accountId)!;
        const requirements: ComplianceRequirementState[] = [];
        this.framework.requirements.forEach((requirement, index) => {
          const tally = account.tallies[index];
          if (tally) requirements.push({ id: requirement.id, counts: { ...tally.counts }, evidence: tally.evidence.map((entry) => ({ ...entry })) });
        });
        return { accountId, ...(account.name === undefined ? {} : { accountName: account.name }), findings: { ...account.findings }, requirements };
      }),
    };
  }

  /** An accumulator of `framework` holding the findings of `state` (e.g. parsed from another worker's JSON). */
  static fromState(framework: Framework, state: ComplianceState): ComplianceAccumulator {
    return new ComplianceAccumulator(framework, { evidenceLimit: state.evidenceLimit }).merge(state);
  }

  /**
   * Adds another accumulator's findings to this one, as if each had been added here: merging is
   * associative and commutative in what `report()` returns. Both sides must score the same
   * framework with the same evidence limit.
   */
  merge(other: ComplianceAccumulator | ComplianceState): this {
    const state = other instanceof ComplianceAccumulator ? other.state() : other;
    if (state.version !== COMPLIANCE_STATE_VERSION) throw new Error(`Cannot merge a compliance state of version ${String(state.version)}; expected ${COMPLIANCE_STATE_VERSION}.`);
    if (state.framework !== this.framework.id || state.frameworkVersion !== this.framework.version) {
      throw new Error(`Cannot merge compliance for ${state.framework} ${state.frameworkVersion} into ${this.framework.id} ${this.framework.version}.`);
    }
    if (state.evidenceLimit !== this.evidenceLimit) throw new Error(`Cannot merge compliance kept with evidence limit ${state.evidenceLimit} into one kept with ${this.evidenceLimit}.`);
    for (const { accountId, accountName, findings, requirements } of state.accounts) {
      const account = this.accountState(accountId, accountName);
      addCounts(account.findings, findings);
      for (const { id, counts, evidence } of requirements) {
        const index = this.requirementIndexById.get(id);
        if (index === undefined) throw new Error(`Cannot merge compliance: ${this.framework.id} has no requirement ${id}.`);
        (account.tallies[index] ??= new RequirementTally()).merge(counts, evidence, this.evidenceLimit);
      }
    }
    return this;
  }

  /** Evidence entries held right now, all accounts and requirements together; bounded by accounts × requirements × limit. */
  get retainedEvidence(): number {
    let retained = 0;
    for (const account of this.accounts.values()) for (const tally of account.tallies) retained += tally?.evidence.length ?? 0;
    return retained;
  }

  report(): ComplianceReport {
    const accountIds = [...this.accounts.keys()].sort(compare);
    const perAccount = new Map(accountIds.map((accountId) => [accountId, this.framework.requirements.map((requirement, index) => accountResult(requirement, accountId, this.accounts.get(accountId)?.tallies[index]))]));
    const requirements = this.framework.requirements.map((requirement, index) => {
      const accounts = accountIds.map((accountId) => perAccount.get(accountId)![index]!);
      const counts = emptyCounts();
      for (const result of accounts) addCounts(counts, result.counts);
      const { status, reason } = combine(requirement.assessment, accounts);
      return {
        id: requirement.id,
        title: requirement.title,
        section: requirement.section,
        ...(requirement.subsection === undefined ? {} : { subsection: requirement.subsection }),
        level: requirement.level,
        assessment: requirement.assessment,
        status,
        reason,
        checks: requirement.checks,
        counts,
        accounts,
      };
    });
    const accounts = accountIds.map((accountId) => scoreAccount(accountId, this.accounts.get(accountId)!, this.framework.requirements, perAccount.get(accountId)!)).sort(worstFirst);
    return {
      framework: this.framework.id,
      name: this.framework.name,
      version: this.framework.version,
      accounts,
      requirements,
      sections: scoreSections(this.framework.requirements, requirements, accounts),
    };
  }

  private accountOf(finding: Finding): AccountState {
    return this.accountState(finding.accountId, finding.accountName ?? finding.organization?.accountName);
  }

  private accountState(accountId: string, name: string | undefined): AccountState {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = { name: undefined, findings: emptyCounts(), tallies: [] };
      this.accounts.set(accountId, account);
    }
    // The smallest name, not the first to arrive: the same for every arrival order.
    if (name !== undefined && (account.name === undefined || compare(name, account.name) < 0)) account.name = name;
    return account;
  }
}

function accountResult(requirement: Requirement, accountId: string, tally: RequirementTally | undefined): AccountRequirementResult {
  const counts = tally ? { ...tally.counts } : emptyCounts();
  return {
    accountId,
    ...decide(requirement.assessment, counts),
    counts,
    evidence: tally ? tally.evidence.map((entry) => ({ ...entry })) : [],
    evidenceOmitted: tally?.omitted ?? 0,
  };
}

function decide(assessment: Assessment, counts: FindingCounts): { status: RequirementStatus; reason: RequirementReason } {
  if (assessment === 'manual') return { status: 'MANUAL', reason: 'manual-assessment' };
  if (totalOf(counts) === 0) return { status: 'FAIL', reason: 'not-evaluated' };
  if (counts.FAIL > 0) return { status: 'FAIL', reason: 'failed' };
  if (counts.ERROR > 0) return { status: 'FAIL', reason: 'error' };
  if (counts.MANUAL > 0) return { status: 'MANUAL', reason: 'needs-review' };
  return { status: 'PASS', reason: 'passed' };
}

/** All accounts together: the most serious account reason decides. */
const REASON_PRECEDENCE: readonly RequirementReason[] = ['failed', 'error', 'not-evaluated', 'needs-review', 'passed'];

function combine(assessment: Assessment, accounts: readonly AccountRequirementResult[]): { status: RequirementStatus; reason: RequirementReason } {
  if (assessment === 'manual') return { status: 'MANUAL', reason: 'manual-assessment' };
  if (accounts.length === 0) return { status: 'FAIL', reason: 'not-evaluated' };
  const reasons = new Set(accounts.map((result) => result.reason));
  const reason = REASON_PRECEDENCE.find((candidate) => reasons.has(candidate)) ?? 'passed';
  return { status: reason === 'passed' ? 'PASS' : reason === 'needs-review' ? 'MANUAL' : 'FAIL', reason };
}

function scoreAccount(accountId: string, state: AccountState, requirements: readonly Requirement[], results: readonly AccountRequirementResult[]): AccountScore {
  let evaluated = 0;
  let passed = 0;
  let failed = 0;
  let notEvaluated = 0;
  let manual = 0;
  results.forEach((result, index) => {
    if (result.status === 'MANUAL') manual += 1;
    if (requirements[index]?.assessment !== 'automated') return;
    if (result.reason === 'not-evaluated') {
      notEvaluated += 1;
      return;
    }
    evaluated += 1;
    if (result.status === 'PASS') passed += 1;
    if (result.status === 'FAIL') failed += 1;
  });
  const findings = { ...state.findings };
  const decided = findings.PASS + findings.FAIL + findings.ERROR;
  return {
    accountId,
    ...(state.name === undefined ? {} : { accountName: state.name }),
    evaluated,
    passed,
    failed,
    notEvaluated,
    manual,
    requirementScore: evaluated === 0 ? null : passed / evaluated,
    findings,
    findingScore: decided === 0 ? null : findings.PASS / decided,
  };
}

/** Lowest requirement score first (unscored last), then lowest finding score, most failures, account id. */
function worstFirst(a: AccountScore, b: AccountScore): number {
  const score = (value: number | null) => value ?? Number.POSITIVE_INFINITY;
  return score(a.requirementScore) - score(b.requirementScore) || score(a.findingScore) - score(b.findingScore) || b.failed - a.failed || compare(a.accountId, b.accountId);
}

function scoreSections(frameworkRequirements: readonly Requirement[], requirements: readonly RequirementReport[], accounts: readonly AccountScore[]): SectionScore[] {
  interface Tally {
    automated: number;
    passed: number;
    byAccount: Map<string, { evaluated: number; passed: number }>;
  }
  const bySection = new Map<string, Tally>();
  requirements.forEach((requirement, index) => {
    let tally = bySection.get(requirement.section);
    if (!tally) {
      tally = { automated: 0, passed: 0, byAccount: new Map(accounts.map((account) => [account.accountId, { evaluated: 0, passed: 0 }])) };
      bySection.set(requirement.section, tally);
    }
    if (frameworkRequirements[index]?.assessment !== 'automated') return;
    tally.automated += 1;
    if (requirement.status === 'PASS') tally.passed += 1;
    for (const result of requirement.accounts) {
      if (result.reason === 'not-evaluated') continue;
      const account = tally.byAccount.get(result.accountId)!;
      account.evaluated += 1;
      if (result.status === 'PASS') account.passed += 1;
    }
  });
  return [...bySection].map(([section, tally]) => {
    const byAccount = accounts.map((account) => {
      const { evaluated, passed } = tally.byAccount.get(account.accountId)!;
      return { accountId: account.accountId, evaluated, passed, score: ratio(passed, evaluated) };
    });
    const evaluated = byAccount.reduce((sum, account) => sum + account.evaluated, 0);
    const passedResults = byAccount.reduce((sum, account) => sum + account.passed, 0);
    return {
      section,
      automated: tally.automated,
      passed: tally.passed,
      score: ratio(tally.passed, tally.automated),
      evaluated,
      passedResults,
      resultScore: ratio(passedResults, evaluated),
      accounts: byAccount,
    };
  });
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function addCounts(into: FindingCounts, counts: FindingCounts): void {
  into.PASS += counts.PASS;
  into.FAIL += counts.FAIL;
  into.MANUAL += counts.MANUAL;
  into.ERROR += counts.ERROR;
  into.muted += counts.muted;
}

function compareEvidence(a: ComplianceFindingEntry, b: ComplianceFindingEntry): number {
  return (
    Number(isActionable(b)) - Number(isActionable(a)) ||
    compare(a.checkId, b.checkId) ||
    compare(a.resourceUid, b.resourceUid) ||
    compare(a.status, b.status) ||
    Number(a.muted) - Number(b.muted)
  );
}

// Code-unit order, not locale order: the same input must sort the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
