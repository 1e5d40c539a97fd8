/**
 * Compliance status as JSON, `compliance/<name>_<framework id>.json`, written once the scan is done: the
 * per-account scores (worst first), the section scores, and every requirement with its status for
 * all accounts together and per account, its finding counts and a few findings as evidence. The
 * complete list of findings behind each requirement is in `<framework id>.findings.jsonl`
 * (compliance-findings.ts), streamed while the scan ran.
 */
import { basename, join } from 'node:path';
import type { ComplianceReport, FindingCounts } from '@palisade/compliance';
import { writeFileAtomic } from './atomic-write.ts';
import { complianceFindingsJsonlPath } from './compliance-findings.ts';

/** Where a framework's report goes inside an output directory. */
export function complianceJsonPath(outputDirectory: string, baseName: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${baseName}_${frameworkId}.json`);
}

/**
 * The document written to disk. Built field by field rather than serializing the report object,
 * so the file format changes only when this function does.
 */
export function complianceJsonDocument(report: ComplianceReport, baseName: string): unknown {
  return {
    framework: report.framework,
    name: report.name,
    version: report.version,
    findingsFile: basename(complianceFindingsJsonlPath('.', baseName, report.framework)),
    accounts: report.accounts.map((account) => ({
      accountId: account.accountId,
      ...(account.accountName === undefined ? {} : { accountName: account.accountName }),
      requirements: {
        evaluated: account.evaluated,
        passed: account.passed,
        failed: account.failed,
        notEvaluated: account.notEvaluated,
        manual: account.manual,
        score: account.requirementScore,
      },
      findings: { ...countsDocument(account.findings), score: account.findingScore },
    })),
    sections: report.sections.map((section) => ({
      section: section.section,
      automated: section.automated,
      passed: section.passed,
      score: section.score,
      accountResults: { evaluated: section.evaluated, passed: section.passedResults, score: section.resultScore },
      accounts: section.accounts.map((account) => ({ accountId: account.accountId, evaluated: account.evaluated, passed: account.passed, score: account.score })),
    })),
    requirements: report.requirements.map((requirement) => ({
      id: requirement.id,
      title: requirement.title,
      section: requirement.section,
      ...(requirement.subsection === undefined ? {} : { subsection: requirement.subsection }),
      level: requirement.level,
      assessment: requirement.assessment,
      status: requirement.status,
      reason: requirement.reason,
      checks: requirement.checks,
      counts: countsDocument(requirement.counts),
      accounts: requirement.accounts.map((result) => ({
        accountId: result.accountId,
        status: result.status,
        reason: result.reason,
        counts: countsDocument(result.counts),
        evidence: result.evidence.map((entry) => ({ checkId: entry.checkId, status: entry.status, resourceUid: entry.resourceUid, muted: entry.muted })),
        evidenceOmitted: result.evidenceOmitted,
      })),
    })),
  };
}

function countsDocument(counts: FindingCounts) {
  return { PASS: counts.PASS, FAIL: counts.FAIL, MANUAL: counts.MANUAL, ERROR: counts.ERROR, muted: counts.muted };
}

/** `baseName` is the run's output name, which the findings file beside the report also carries. */
export async function writeComplianceJson(report: ComplianceReport, path: string, baseName: string): Promise<void> {
  await writeFileAtomic(path, complianceJsonText(report, baseName));
}

/** The status report file's text. */
export function complianceJsonText(report: ComplianceReport, baseName: string): string {
  return `${JSON.stringify(complianceJsonDocument(report, baseName), null, 2)}\n`;
}
