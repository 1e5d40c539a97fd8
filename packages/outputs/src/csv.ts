/**
 * CSV output: one row per finding, RFC 4180 quoting with CRLF row ends. Cells a spreadsheet would
 * read as a formula are prefixed with an apostrophe, because messages, tags and resource names come
 * from the scanned account and anyone able to tag a resource could otherwise plant a formula.
 */
import type { Finding, Tags } from '@palisade/core';
import { openFindingFile } from './streaming-file.ts';
import type { EncodedPart, FindingFileCodec, FindingFileWriter, PartAssembler } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

export const CSV_COLUMNS = [
  'finding_uid',
  'scan_id',
  'time',
  'provider',
  'account_id',
  'account_name',
  'region',
  'check_id',
  'check_title',
  'service',
  'severity',
  'status',
  'muted',
  'mute_reason',
  'status_extended',
  'resource_uid',
  'resource_name',
  'resource_type',
  'resource_tags',
  'error_api',
  'error_code',
  'risk',
  'remediation',
  'compliance',
] as const;

/**
 * An Azure scan's columns: the scope (`account_id`, `account_name`) is a subscription or the
 * Microsoft Entra tenant, and `tenant_id` names the tenant every scope belongs to.
 */
export const AZURE_CSV_COLUMNS = [...CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('account_name') + 1), 'tenant_id', ...CSV_COLUMNS.slice(CSV_COLUMNS.indexOf('account_name') + 1)] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number] | 'tenant_id';

/** The columns of a scan's CSV: the provider's own layout, the AWS one by default. */
export function csvColumnsFor(provider: string | undefined): readonly CsvColumn[] {
  return provider === 'azure' ? AZURE_CSV_COLUMNS : CSV_COLUMNS;
}

const ROW_END = '\r\n';

export function csvRecord(finding: Finding): Record<CsvColumn, string> {
  return {
    finding_uid: finding.uid,
    scan_id: finding.scanId,
    time: finding.time,
    provider: finding.provider,
    account_id: finding.accountId,
    account_name: finding.accountName ?? finding.organization?.accountName ?? '',
    tenant_id: finding.organization?.organizationId ?? '',
    region: finding.region,
    check_id: finding.check.id,
    check_title: finding.check.title,
    service: finding.check.service,
    severity: finding.severity,
    status: finding.status,
    muted: finding.muted ? 'true' : 'false',
    mute_reason: finding.muted?.reason ?? '',
    status_extended: finding.message,
    resource_uid: finding.resource.uid,
    resource_name: finding.resource.name,
    resource_type: finding.resource.type,
    resource_tags: formatTags(finding.resource.tags),
    error_api: finding.error?.api ?? '',
    error_code: finding.error?.code ?? '',
    risk: finding.check.risk,
    remediation: finding.check.remediation.summary,
    compliance: finding.compliance.join('|'),
  };
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvCell).join(',') + ROW_END;
}

/** Neutralizes formula triggers, then quotes per RFC 4180 when the cell holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * `key=value;key=value`. AWS allows `=` (and other stores `;`) in tags, so `\`, `=` and `;` inside a
 * key or value are backslash-escaped to keep the list splittable.
 */
export function formatTags(tags: Tags | undefined): string {
  if (!tags) return '';
  const escape = (text: string) => text.replace(/[\\=;]/g, (character) => `\\${character}`);
  return Object.entries(tags)
    .map(([key, value]) => `${escape(key)}=${escape(value)}`)
    .join(';');
}

/** CSV rows need nothing from the rows before them: the parts are appended as they are. */
export function passThroughAssembler(header: string): PartAssembler<EncodedPart> {
  return { header, assemble: (part) => [part.bytes], footer: () => '' };
}

/** The CSV of a scan whose findings are `provider`'s (the AWS layout when absent). */
export function csvCodec(provider?: string): FindingFileCodec<EncodedPart> {
  const columns = csvColumnsFor(provider);
  return {
    format: 'csv',
    encoder: () => (batch, out) => {
      for (const finding of batch) {
        const record = csvRecord(finding);
        out.text(csvRow(columns.map((column) => record[column])));
      }
      return { bytes: out.view() };
    },
    assembler: () => passThroughAssembler(csvRow(columns)),
  };
}

/** The AWS layout's codec. */
export const CSV_CODEC: FindingFileCodec<EncodedPart> = csvCodec();

export function createCsvWriter(path: string, scan: ScanInfo): Promise<FindingFileWriter> {
  return openFindingFile(path, csvCodec(scan.provider));
}
