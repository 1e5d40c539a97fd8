/**
 * The findings behind a framework's requirements, streamed while the scan runs: one record per
 * finding and requirement that lists its check, in `compliance/<name>_<framework id>.findings.csv` and
 * `compliance/<name>_<framework id>.findings.jsonl` (one JSON object per line). These are the full list the
 * status files (compliance-csv.ts, compliance-json.ts) only sample, so the compliance accumulator can
 * keep counts instead of every finding.
 *
 * They are finding writers like the main outputs: batches append whole records and the file is valid
 * after every batch. Findings of checks the framework does not list are skipped. Like the other
 * finding files they hold the statuses `--status` selects.
 */
import { join } from 'node:path';
import type { Framework, Requirement } from '@palisade/compliance';
import { requirementsByCheck } from '@palisade/compliance';
import type { Finding } from '@palisade/core';
import { csvRow, passThroughAssembler } from '../csv.ts';
import { openFindingFile } from '../streaming-file.ts';
import type { EncodedPart, FindingFileCodec, FindingFileWriter } from '../streaming-file.ts';

export const COMPLIANCE_FINDINGS_CSV_COLUMNS = [
  'framework',
  'requirement_id',
  'account_id',
  'account_name',
  'region',
  'check_id',
  'finding_status',
  'muted',
  'resource_uid',
  'resource_type',
  'finding_uid',
  'status_extended',
] as const;

export type ComplianceFindingsCsvColumn = (typeof COMPLIANCE_FINDINGS_CSV_COLUMNS)[number];

export function complianceFindingsCsvPath(outputDirectory: string, baseName: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${baseName}_${frameworkId}.findings.csv`);
}

export function complianceFindingsJsonlPath(outputDirectory: string, baseName: string, frameworkId: string): string {
  return join(outputDirectory, 'compliance', `${baseName}_${frameworkId}.findings.jsonl`);
}

/** One record per requirement of the framework that lists the finding's check. */
export function complianceFindingRecords(framework: Framework, index: ReadonlyMap<string, readonly Requirement[]>, finding: Finding): Record<ComplianceFindingsCsvColumn, string>[] {
  const requirements = index.get(finding.check.id);
  if (!requirements) return [];
  return requirements.map((requirement) => ({
    framework: framework.id,
    requirement_id: requirement.id,
    account_id: finding.accountId,
    account_name: finding.accountName ?? finding.organization?.accountName ?? '',
    region: finding.region,
    check_id: finding.check.id,
    finding_status: finding.status,
    muted: finding.muted ? 'true' : 'false',
    resource_uid: finding.resource.uid,
    resource_type: finding.resource.type,
    finding_uid: finding.uid,
    status_extended: finding.message,
  }));
}

export function complianceFindingsCsvCodec(framework: Framework): FindingFileCodec<EncodedPart> {
  return {
    format: 'compliance-findings-csv',
    encoder: () => {
      const index = requirementsByCheck(framework);
      return (batch, out) => {
        for (const finding of batch) {
          for (const record of complianceFindingRecords(framework, index, finding)) out.text(csvRow(COMPLIANCE_FINDINGS_CSV_COLUMNS.map((column) => record[column])));
        }
        return { bytes: out.view() };
      };
    },
    assembler: () => passThroughAssembler(csvRow(COMPLIANCE_FINDINGS_CSV_COLUMNS)),
  };
}

/** JSON Lines: every line is a complete JSON object, so an interrupted file is still readable line by line. */
export function complianceFindingsJsonlCodec(framework: Framework): FindingFileCodec<EncodedPart> {
  return {
    format: 'compliance-findings-jsonl',
    encoder: () => {
      const index = requirementsByCheck(framework);
      return (batch, out) => {
        for (const finding of batch) {
          for (const record of complianceFindingRecords(framework, index, finding)) {
            out.text(
              `${JSON.stringify({
                requirementId: record.requirement_id,
                accountId: record.account_id,
                ...(record.account_name ? { accountName: record.account_name } : {}),
                region: record.region,
                checkId: record.check_id,
                status: record.finding_status,
                muted: finding.muted !== undefined,
                resourceUid: record.resource_uid,
                resourceType: record.resource_type,
                findingUid: record.finding_uid,
                message: record.status_extended,
              })}\n`,
            );
          }
        }
        return { bytes: out.view() };
      };
    },
    assembler: () => passThroughAssembler(''),
  };
}

export function createComplianceFindingsCsvWriter(path: string, framework: Framework): Promise<FindingFileWriter> {
  return openFindingFile(path, complianceFindingsCsvCodec(framework));
}

export function createComplianceFindingsJsonlWriter(path: string, framework: Framework): Promise<FindingFileWriter> {
  return openFindingFile(path, complianceFindingsJsonlCodec(framework));
}
