/**
 * Compliance JSON output: one file per framework, `compliance/<framework id>.json`, holding every
 * requirement with its status and the findings behind it, plus the per-section scores.
 */
import { join } from 'node:path';
import type { ComplianceReport } from '@palisade/compliance';
import { writeFileAtomic } from './atomic-write.ts';

/** Where a framework's report goes inside an output directory. */
export function complianceJsonPath(outputDirectory: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${frameworkId}.json`);
}

/**
 * The document written to disk. Built field by field rather than serializing the report object,
 * so the file format changes only when this function does.
 */
export function complianceJsonDocument(report: ComplianceReport): unknown {
  return {
    framework: report.framework,
    name: report.name,
    version: report.version,
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
      findings: requirement.findings.map((finding) => ({
        checkId: finding.checkId,
        status: finding.status,
        resourceUid: finding.resourceUid,
        muted: finding.muted,
      })),
    })),
    sections: report.sections.map((section) => ({ section: section.section, automated: section.automated, passed: section.passed, score: section.score })),
  };
}

export async function writeComplianceJson(report: ComplianceReport, path: string): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(complianceJsonDocument(report), null, 2)}\n`);
}
