/**
 * @palisade/outputs — finding writers (OCSF JSON, CSV, HTML, SARIF, ASFF, the findings behind each
 * compliance requirement) and compliance status reports (JSON, CSV). Each finding writer streams batches to one
 * file with bounded memory and leaves a valid file once closed, even after an interruption.
 */
export type { FindingWriter, ScanInfo } from './writer.ts';
export { createFileSinkEncoders, createFileSinks } from './file-sinks.ts';
export type { SinkEncoder } from './file-sink-encoders.ts';
export type { ComplianceStatusFiles, FileSink, FileSinkOptions, FileSinks } from './file-sinks.ts';
export { createDirectory, localFileDestination } from './streaming-file.ts';
export type { DestinationFile, FileDestination } from './streaming-file.ts';
export type { OcsfDetectionFinding, OcsfResource, OcsfUnmapped } from './ocsf.ts';
export { OCSF_PROFILES, OCSF_VERSION, createOcsfWriter, toOcsfDetectionFinding } from './ocsf.ts';
export type { CsvColumn } from './csv.ts';
export { AZURE_CSV_COLUMNS, CSV_COLUMNS, createCsvWriter, csvColumnsFor } from './csv.ts';
export { HTML_FINDING_FIELDS, createHtmlWriter } from './html.ts';
export type { SarifLevel, SarifLocation, SarifResult, SarifRule } from './sarif.ts';
export { SARIF_FINDING_FINGERPRINT, SARIF_SCHEMA_URI, SARIF_VERSION, createSarifWriter, toSarifResult, toSarifRule } from './sarif.ts';
export type { AsffComplianceStatus, AsffFinding, AsffOptions, AsffResource, AsffSeverityLabel } from './asff.ts';
export { ASFF_SCHEMA_VERSION, createAsffWriter, toAsffFinding } from './asff.ts';
export type { OutputFormat } from './formats.ts';
export { DEFAULT_OUTPUT_FORMATS, OUTPUT_FILE_SUFFIXES, OUTPUT_FORMATS, createFindingWriter, isOutputFormat } from './formats.ts';
export { COMPLIANCE_CSV_COLUMNS, complianceCsv, complianceCsvPath, writeComplianceCsv } from './compliance/compliance-csv.ts';
export { complianceJsonDocument, complianceJsonPath, writeComplianceJson } from './compliance/compliance-json.ts';
export {
  COMPLIANCE_FINDINGS_CSV_COLUMNS,
  complianceFindingsCsvPath,
  complianceFindingsJsonlPath,
  createComplianceFindingsCsvWriter,
  createComplianceFindingsJsonlWriter,
} from './compliance/compliance-findings.ts';
