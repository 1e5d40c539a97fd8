/**
 * Compliance CSV output: one row per requirement and finding, so the file filters and pivots like
 * the findings CSV. A requirement without findings still gets one row with empty finding cells, so
 * every requirement of the framework appears. Cells follow the findings CSV: RFC 4180 quoting, CRLF
 * row ends, and formula-like cells neutralized (resource uids come from the scanned account).
 */
import { join } from 'node:path';
import type { ComplianceReport, RequirementReport } from '@palisade/compliance';
import { csvRow } from '../csv.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const COMPLIANCE_CSV_COLUMNS = [
  'framework',
  'framework_version',
  'requirement_id',
  'requirement_title',
  'section',
  'subsection',
  'level',
  'assessment',
  'requirement_status',
  'requirement_reason',
  'check_id',
  'finding_status',
  'resource_uid',
  'muted',
] as const;

export type ComplianceCsvColumn = (typeof COMPLIANCE_CSV_COLUMNS)[number];

export function complianceCsvPath(outputDirectory: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${frameworkId}.csv`);
}

export function complianceCsvRecords(report: ComplianceReport): Record<ComplianceCsvColumn, string>[] {
  return report.requirements.flatMap((requirement) => {
    const base = requirementCells(report, requirement);
    if (requirement.findings.length === 0) return [{ ...base, check_id: '', finding_status: '', resource_uid: '', muted: '' }];
    return requirement.findings.map((finding) => ({
      ...base,
      check_id: finding.checkId,
      finding_status: finding.status,
      resource_uid: finding.resourceUid,
      muted: finding.muted ? 'true' : 'false',
    }));
  });
}

export function complianceCsv(report: ComplianceReport): string {
  const rows = complianceCsvRecords(report).map((record) => csvRow(COMPLIANCE_CSV_COLUMNS.map((column) => record[column])));
  return csvRow(COMPLIANCE_CSV_COLUMNS) + rows.join('');
}

export async function writeComplianceCsv(report: ComplianceReport, path: string): Promise<void> {
  await writeFileAtomic(path, complianceCsv(report));
}

function requirementCells(report: ComplianceReport, requirement: RequirementReport) {
  return {
    framework: report.framework,
    framework_version: report.version,
    requirement_id: requirement.id,
    requirement_title: requirement.title,
    section: requirement.section,
    subsection: requirement.subsection ?? '',
    level: requirement.level,
    assessment: requirement.assessment,
    requirement_status: requirement.status,
    requirement_reason: requirement.reason,
  };
}
