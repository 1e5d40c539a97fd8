/**
 * Framework compliance from a stream of findings. The accumulator keeps, per requirement, one small
 * entry per finding of the requirement's checks (check id, status, resource uid, muted) and never
 * the findings themselves, so findings can stream past it in batches.
 *
 * Status rules (a requirement's status is PASS, FAIL or MANUAL):
 * - A requirement the framework marks manual is MANUAL whatever its checks found; their findings
 *   are listed as evidence for the reviewer.
 * - An automated requirement is FAIL when any unmuted finding of its checks is FAIL or ERROR. An
 *   ERROR means the check could not read the resource (a denied or failed API call), and counting
 *   it as anything but a failure would let an unreadable account pass. Its entry keeps the status
 *   ERROR and the requirement's `reason` says `error`, so reports tell the two apart.
 * - Otherwise, an unmuted MANUAL finding (a check that asks a person to decide) makes it MANUAL.
 * - Otherwise it is PASS when it has at least one finding. Muted findings are accepted exceptions:
 *   they are listed but never fail a requirement.
 * - An automated requirement with no findings at all is FAIL with reason `not-evaluated`. Every
 *   check reports at least one result for each account it runs on (a PASS when nothing is in
 *   scope), so silence means its checks did not run — filtered out of the scan or not registered —
 *   and compliance has not been shown. Failing closed keeps a narrowed scan from reading as
 *   compliant; MANUAL would wrongly suggest a person could settle it.
 *
 * A section's score is its passed automated requirements over its automated requirements (`null`
 * when the section has no automated requirement).
 */
import type { Finding, FindingStatus } from '@palisade/core';
import type { Assessment, Framework, ProfileLevel, Requirement } from './framework.ts';

export type RequirementStatus = 'PASS' | 'FAIL' | 'MANUAL';

/** Why a requirement has its status; lets outputs explain a FAIL that no finding failed. */
export type RequirementReason = 'manual-assessment' | 'failed' | 'error' | 'needs-review' | 'passed' | 'not-evaluated';

export interface ComplianceFindingEntry {
  readonly checkId: string;
  /** The finding's own status, ERROR included. */
  readonly status: FindingStatus;
  readonly resourceUid: string;
  readonly muted: boolean;
}

export interface RequirementReport {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly subsection?: string;
  readonly level: ProfileLevel;
  readonly assessment: Assessment;
  readonly status: RequirementStatus;
  readonly reason: RequirementReason;
  readonly checks: readonly string[];
  /** Sorted by check id, then resource uid, so reports of the same scan are identical. */
  readonly findings: readonly ComplianceFindingEntry[];
}

export interface SectionScore {
  readonly section: string;
  readonly automated: number;
  readonly passed: number;
  /** `passed / automated`, or `null` when the section has no automated requirement. */
  readonly score: number | null;
}

export interface ComplianceReport {
  /** The framework id, e.g. `cis-aws-3.0`. */
  readonly framework: string;
  readonly name: string;
  readonly version: string;
  readonly requirements: readonly RequirementReport[];
  /** In the order sections first appear in the framework. */
  readonly sections: readonly SectionScore[];
}

export class ComplianceAccumulator {
  private readonly requirementsByCheck = new Map<string, number[]>();
  /** Per requirement, entries keyed by finding uid: a finding delivered twice counts once. */
  private readonly entries: Map<string, ComplianceFindingEntry>[];

  constructor(readonly framework: Framework) {
    this.entries = framework.requirements.map(() => new Map());
    framework.requirements.forEach((requirement, index) => {
      for (const checkId of requirement.checks) {
        const indexes = this.requirementsByCheck.get(checkId) ?? [];
        if (!indexes.includes(index)) indexes.push(index);
        this.requirementsByCheck.set(checkId, indexes);
      }
    });
  }

  /** Records a finding against every requirement that lists its check; other findings are ignored. */
  add(finding: Finding): void {
    const indexes = this.requirementsByCheck.get(finding.check.id);
    if (!indexes) return;
    const entry: ComplianceFindingEntry = { checkId: finding.check.id, status: finding.status, resourceUid: finding.resource.uid, muted: finding.muted !== undefined };
    for (const index of indexes) this.entries[index]?.set(finding.uid, entry);
  }

  addAll(findings: Iterable<Finding>): void {
    for (const finding of findings) this.add(finding);
  }

  report(): ComplianceReport {
    const requirements = this.framework.requirements.map((requirement, index) => evaluateRequirement(requirement, [...(this.entries[index]?.values() ?? [])]));
    return {
      framework: this.framework.id,
      name: this.framework.name,
      version: this.framework.version,
      requirements,
      sections: scoreSections(requirements),
    };
  }
}

function evaluateRequirement(requirement: Requirement, entries: ComplianceFindingEntry[]): RequirementReport {
  const findings = entries.sort(compareEntries);
  const { status, reason } = decide(requirement.assessment, findings);
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
    findings,
  };
}

function decide(assessment: Assessment, findings: readonly ComplianceFindingEntry[]): { status: RequirementStatus; reason: RequirementReason } {
  if (assessment === 'manual') return { status: 'MANUAL', reason: 'manual-assessment' };
  if (findings.length === 0) return { status: 'FAIL', reason: 'not-evaluated' };
  const unmuted = findings.filter((entry) => !entry.muted);
  if (unmuted.some((entry) => entry.status === 'FAIL')) return { status: 'FAIL', reason: 'failed' };
  if (unmuted.some((entry) => entry.status === 'ERROR')) return { status: 'FAIL', reason: 'error' };
  if (unmuted.some((entry) => entry.status === 'MANUAL')) return { status: 'MANUAL', reason: 'needs-review' };
  return { status: 'PASS', reason: 'passed' };
}

function scoreSections(requirements: readonly RequirementReport[]): SectionScore[] {
  const bySection = new Map<string, { automated: number; passed: number }>();
  for (const requirement of requirements) {
    const tally = bySection.get(requirement.section) ?? { automated: 0, passed: 0 };
    if (requirement.assessment === 'automated') {
      tally.automated += 1;
      if (requirement.status === 'PASS') tally.passed += 1;
    }
    bySection.set(requirement.section, tally);
  }
  return [...bySection].map(([section, { automated, passed }]) => ({ section, automated, passed, score: automated === 0 ? null : passed / automated }));
}

function compareEntries(a: ComplianceFindingEntry, b: ComplianceFindingEntry): number {
  return compare(a.checkId, b.checkId) || compare(a.resourceUid, b.resourceUid) || compare(a.status, b.status) || Number(a.muted) - Number(b.muted);
}

// Code-unit order, not locale order: the same input must sort the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
