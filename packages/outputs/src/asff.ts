/**
 * AWS Security Finding Format (ASFF, schema 2018-10-08) output (`*.asff.json`): a JSON array of
 * findings shaped exactly as Security Hub's BatchImportFindings takes them, streamed one batch at
 * a time. `toAsffFinding` is the mapping, for an integration that sends them itself.
 *
 * - Only AWS findings: ASFF describes AWS accounts and resources, so a finding of another provider
 *   is left out of the file (`toAsffFinding` returns undefined for it).
 * - Every status is written, as `Compliance.Status`: PASS `PASSED`, FAIL `FAILED`, MANUAL `WARNING`
 *   (the check cannot decide by itself), ERROR `NOT_AVAILABLE` (the input could not be read). A
 *   PASS is what lets Security Hub resolve a finding that failed before. The project's own status
 *   and, when set, the mute and the failed API call are in `ProductFields` (`palisade/…`).
 * - `Id` is the finding uid, stable across scans, so a new scan updates the findings it sent before.
 *   `ProductArn` is the account's default product ARN for custom integrations: BatchImportFindings
 *   takes such findings only from the account they belong to (`AwsAccountId`). Findings on global
 *   resources (IAM, account settings), and on resources whose region could not be read, go to a
 *   home region: `homeRegion`, or the partition's usual one (us-east-1, cn-north-1, us-gov-west-1).
 * - `Severity` and `Types` are written both at the top level and in `FindingProviderFields`, where
 *   Security Hub takes a provider's values from.
 * - `Workflow.Status` is NEW, or SUPPRESSED for a muted finding; Security Hub reads it only when it
 *   creates a finding (later workflow changes belong to its users). `RecordState` is ACTIVE.
 * - Fields are cut to ASFF's limits (title 256, description 1024, recommendation 512 characters, 32
 *   related requirements, 50 product fields and tags); tags with an empty value are left out, as
 *   ASFF refuses empty values.
 */
import { PalisadeError } from '@palisade/core';
import type { Finding, FindingStatus, Severity, Tags } from '@palisade/core';
import { isKnownAwsRegion } from '@palisade/core/aws';
import { jsonArrayAssembler, openFindingFile } from './streaming-file.ts';
import type { FindingFileCodec, FindingFileWriter, JsonArrayPart } from './streaming-file.ts';
import { truncate } from './text.ts';
import type { ScanInfo } from './writer.ts';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AsffComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';

/** The subset of AwsSecurityFinding this project writes; tests validate it against packages/outputs/schemas. */
export interface AsffFinding {
  readonly SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  readonly Id: string;
  readonly ProductArn: string;
  readonly ProductName: 'Palisade';
  readonly CompanyName: 'Palisade';
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly FirstObservedAt: string;
  readonly LastObservedAt: string;
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: { readonly Label: AsffSeverityLabel; readonly Original: Severity };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation?: { readonly Recommendation: { readonly Text?: string; readonly Url?: string } };
  readonly ProductFields: Readonly<Record<string, string>>;
  readonly Resources: readonly AsffResource[];
  readonly Compliance: { readonly Status: AsffComplianceStatus; readonly RelatedRequirements?: readonly string[] };
  readonly RecordState: 'ACTIVE';
  readonly Workflow: { readonly Status: 'NEW' | 'SUPPRESSED' };
  readonly FindingProviderFields: { readonly Severity: { readonly Label: AsffSeverityLabel; readonly Original: Severity }; readonly Types: readonly string[] };
}

export interface AsffResource {
  readonly Type: string;
  readonly Id: string;
  readonly Partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
  readonly Region?: string;
  readonly Tags?: Readonly<Record<string, string>>;
}

export interface AsffOptions {
  /** Palisade's version, written as `ProductFields.ProviderVersion`. */
  readonly productVersion: string;
  /** The Security Hub region for findings without a region of their own; by default the partition's usual one. */
  readonly homeRegion?: string;
  /**
   * When the finding was first seen (ISO time), for `FirstObservedAt` and `CreatedAt`, when the
   * caller keeps that history (the platform's store does); otherwise the finding's own time.
   */
  readonly firstObservedAt?: string;
}

const SEVERITY_LABEL: Readonly<Record<Severity, AsffSeverityLabel>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

const COMPLIANCE_STATUS: Readonly<Record<FindingStatus, AsffComplianceStatus>> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  MANUAL: 'WARNING',
  ERROR: 'NOT_AVAILABLE',
};

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
type AsffPartition = (typeof PARTITIONS)[number];
const HOME_REGIONS: Readonly<Record<AsffPartition, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };

/** ASFF's type taxonomy (namespace/category/classifier) for the project's check categories. */
const BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';
const NETWORK_REACHABILITY = `${BEST_PRACTICES}/Network Reachability`;
const CATEGORY_TYPES: Readonly<Record<string, string>> = { network: NETWORK_REACHABILITY, 'internet-exposed': NETWORK_REACHABILITY };
/** Frameworks by id prefix, as ASFF's "Industry and Regulatory Standards" classifiers name them. */
const STANDARD_TYPES: readonly (readonly [prefix: string, type: string])[] = [
  ['cis-aws-', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'],
  ['iso27001-', 'Software and Configuration Checks/Industry and Regulatory Standards/ISO 27001 Controls'],
  ['pci-dss-', 'Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS'],
  ['nist-800-53-', 'Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls (USA)'],
  ['soc2-', 'Software and Configuration Checks/Industry and Regulatory Standards/SOC 2'],
];

/** ASFF's limits (AwsSecurityFinding and the types it holds). */
const LIMITS = {
  title: 256,
  description: 1024,
  recommendation: 512,
  types: 50,
  relatedRequirements: 32,
  fields: 50,
  fieldKey: 128,
  fieldValue: 2048,
  resourceType: 256,
  tags: 50,
  tagKey: 128,
  tagValue: 256,
} as const;

/** The ASFF finding of an AWS finding; undefined for a finding of another provider. */
export function toAsffFinding(finding: Finding, options: AsffOptions): AsffFinding | undefined {
  if (finding.provider !== 'aws') return undefined;
  const { check, resource } = finding;
  const partition: AsffPartition = (PARTITIONS as readonly string[]).includes(finding.partition ?? 'aws') ? ((finding.partition ?? 'aws') as AsffPartition) : 'aws';
  const region = isKnownAwsRegion(finding.region) ? finding.region : (options.homeRegion ?? HOME_REGIONS[partition]);
  const time = isoTime(finding.time, finding.uid);
  const firstObserved = options.firstObservedAt ? isoTime(options.firstObservedAt, finding.uid) : time;
  const severity = { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity };
  const types = findingTypes(finding);
  const url = check.references.find((reference) => URL.canParse(reference));
  const recommendation = {
    ...(check.remediation.summary.trim() ? { Text: truncate(check.remediation.summary, LIMITS.recommendation) } : {}),
    ...(url ? { Url: url } : {}),
  };
  const tags = resourceTags(resource.tags);
  const requirements = finding.compliance.filter((requirement) => requirement.trim()).slice(0, LIMITS.relatedRequirements);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: finding.uid,
    ProductArn: `arn:${partition}:securityhub:${region}:${finding.accountId}:product/${finding.accountId}/default`,
    ProductName: 'Palisade',
    CompanyName: 'Palisade',
    GeneratorId: check.id,
    AwsAccountId: finding.accountId,
    Types: types,
    FirstObservedAt: firstObserved,
    LastObservedAt: time,
    CreatedAt: firstObserved,
    UpdatedAt: time,
    Severity: severity,
    Title: truncate(check.title, LIMITS.title),
    Description: truncate(firstNonBlank(finding.message, check.description, check.title), LIMITS.description),
    ...(Object.keys(recommendation).length ? { Remediation: { Recommendation: recommendation } } : {}),
    ProductFields: productFields(finding, options),
    Resources: [
      {
        Type: truncate(resource.type.trim() ? resource.type : 'Other', LIMITS.resourceType),
        Id: resource.uid,
        Partition: partition,
        ...(isKnownAwsRegion(resource.region) ? { Region: resource.region } : {}),
        ...(tags ? { Tags: tags } : {}),
      },
    ],
    Compliance: { Status: COMPLIANCE_STATUS[finding.status], ...(requirements.length ? { RelatedRequirements: requirements } : {}) },
    RecordState: 'ACTIVE',
    Workflow: { Status: finding.muted ? 'SUPPRESSED' : 'NEW' },
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

function findingTypes(finding: Finding): string[] {
  const types = new Set<string>();
  for (const category of finding.check.categories) types.add(CATEGORY_TYPES[category] ?? BEST_PRACTICES);
  if (!types.size) types.add(BEST_PRACTICES);
  for (const requirement of finding.compliance) {
    const standard = STANDARD_TYPES.find(([prefix]) => requirement.startsWith(prefix));
    if (standard) types.add(standard[1]);
  }
  return [...types].slice(0, LIMITS.types);
}

/** What ASFF has no field for, under Palisade's own keys; blank values are left out (ASFF refuses them). */
function productFields(finding: Finding, options: AsffOptions): Record<string, string> {
  const fields: [string, string | undefined][] = [
    ['ProviderName', 'Palisade'],
    ['ProviderVersion', options.productVersion],
    ['palisade/ScanId', finding.scanId],
    ['palisade/Status', finding.status],
    ['palisade/Service', finding.check.service],
    ['palisade/ResourceName', finding.resource.name],
    ['palisade/AccountName', finding.accountName ?? finding.organization?.accountName],
    ['palisade/MuteReason', finding.muted?.reason],
    ['palisade/MuteRule', finding.muted?.rule],
    ['palisade/MuteExpires', finding.muted?.expires],
    ['palisade/ErrorApi', finding.error?.api],
    ['palisade/ErrorCode', finding.error?.code],
    ['palisade/ErrorMessage', finding.error?.message],
  ];
  const kept = fields.filter((field): field is [string, string] => typeof field[1] === 'string' && /\S/.test(field[1]));
  return Object.fromEntries(kept.slice(0, LIMITS.fields).map(([key, value]) => [key, truncate(value, LIMITS.fieldValue)]));
}

/** The resource's tags within ASFF's limits; a tag ASFF would refuse (blank value, key too long) is left out. */
function resourceTags(tags: Tags | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const kept = Object.entries(tags).filter(
    ([key, value]) => /\S/.test(key) && key.length <= LIMITS.tagKey && /\S/.test(value) && value.length <= LIMITS.tagValue,
  );
  return kept.length ? Object.fromEntries(kept.slice(0, LIMITS.tags)) : undefined;
}

function firstNonBlank(...texts: readonly string[]): string {
  return texts.find((text) => /\S/.test(text)) ?? texts.at(-1)!;
}

function isoTime(iso: string, findingUid: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new PalisadeError('INTERNAL', `Finding ${findingUid} has an invalid time "${iso}".`);
  return new Date(millis).toISOString();
}

/** The findings of a batch, comma-separated, and how many there are. */
export type AsffPart = JsonArrayPart;

/** `*.asff.json`: `[` on open, the AWS findings comma-separated, `]` on close. */
export function asffCodec(scan: ScanInfo): FindingFileCodec<AsffPart> {
  const options: AsffOptions = { productVersion: scan.productVersion };
  return {
    format: 'asff',
    encoder: () => (batch, out) => {
      let records = 0;
      for (const finding of batch) {
        const record = toAsffFinding(finding, options);
        if (!record) continue;
        if (records) out.text(',\n');
        out.text(JSON.stringify(record));
        records += 1;
      }
      return { bytes: out.view(), records };
    },
    assembler: jsonArrayAssembler,
  };
}

export function createAsffWriter(path: string, scan: ScanInfo): Promise<FindingFileWriter<AsffPart>> {
  return openFindingFile(path, asffCodec(scan));
}
