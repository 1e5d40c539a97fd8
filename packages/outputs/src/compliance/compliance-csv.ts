/**
 * Compliance status table as CSV, `compliance/<name>_<framework id>.csv` (`<name>` is the run's output name), written once the scan is done:
 * per requirement, one row for all accounts together (`scope` = `all-accounts`, empty account
 * cells) followed by one row per account, each with its status, reason and finding counts. Every
 * requirement of the framework appears, with or without findings. The findings behind each row are
 * in `<framework id>.findings.csv` (compliance-findings.ts), written while the scan runs.
 *
 * Cells follow the findings CSV: RFC 4180 quoting, CRLF row ends, and formula-like cells
 * neutralized (account names come from the scanned organization).
 */
import { join } from 'node:path';
import type { ComplianceReport, FindingCounts, RequirementReport, RequirementReason, RequirementStatus } from '@palisade/compliance';
import { csvRow } from '../csv.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const COMPLIANCE_CSV_COLUMNS = [
  'framework',
  'framework_version',
  'scope',
  'account_id',
  'account_name',
  'requirement_id',
  'requirement_title',
  'section',
  'subsection',
  'level',
  'assessment',
  'status',
  'reason',
  'pass',
  'fail',
  'manual',
  'error',
  'muted',
  'checks',
] as const;

export type ComplianceCsvColumn = (typeof COMPLIANCE_CSV_COLUMNS)[number];

export function complianceCsvPath(outputDirectory: string, baseName: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${baseName}_${frameworkId}.csv`);
}

export function complianceCsvRecords(report: ComplianceReport): Record<ComplianceCsvColumn, string>[] {
  const accountNames = new Map(report.accounts.map((account) => [account.accountId, account.accountName ?? '']));
  return report.requirements.flatMap((requirement) => [
    statusCells(report, requirement, { scope: 'all-accounts', account_id: '', account_name: '' }, requirement),
    ...requirement.accounts.map((result) =>
      statusCells(report, requirement, { scope: 'account', account_id: result.accountId, account_name: accountNames.get(result.accountId) ?? '' }, result),
    ),
  ]);
}

export function complianceCsv(report: ComplianceReport): string {
  const rows = complianceCsvRecords(report).map((record) => csvRow(COMPLIANCE_CSV_COLUMNS.map((column) => record[column])));
  return csvRow(COMPLIANCE_CSV_COLUMNS) + rows.join('');
}

export async function writeComplianceCsv(report: ComplianceReport, path: string): Promise<void> {
  await writeFileAtomic(path, complianceCsv(report));
}

function statusCells(
  report: ComplianceReport,
  requirement: RequirementReport,
  where: { scope: string; account_id: string; account_name: string },
  result: { readonly status: RequirementStatus; readonly reason: RequirementReason; readonly counts: FindingCounts },
): Record<ComplianceCsvColumn, string> {
  return {
    framework: report.framework,
    framework_version: report.version,
    ...where,
    requirement_id: requirement.id,
    requirement_title: requirement.title,
    section: requirement.section,
    subsection: requirement.subsection ?? '',
    level: requirement.level,
    assessment: requirement.assessment,
    status: result.status,
    reason: result.reason,
    pass: String(result.counts.PASS),
    fail: String(result.counts.FAIL),
    manual: String(result.counts.MANUAL),
    error: String(result.counts.ERROR),
    muted: String(result.counts.muted),
    checks: requirement.checks.join('|'),
  };
}
