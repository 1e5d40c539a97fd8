/**
 * OCSF 1.8.0 Detection Finding (class 2004) output: a JSON array streamed one batch at a time.
 *
 * Mapping of Palisade's result onto the class, which has no pass/fail attribute of its own
 * (`compliance` exists only in Compliance Finding):
 * - `status_code` carries the check result (PASS, FAIL, MANUAL, ERROR) and `status_detail` its message.
 * - `status_id` is the finding's workflow state: Suppressed when a mutelist rule matched (with the
 *   rule's reason as `comment`), Resolved for PASS (nothing left to act on), New otherwise.
 * - `is_alert` is true only for an unmuted FAIL.
 * - Global resources (IAM, account settings) carry no region, like their ARNs.
 * - What has no home in the class (mute rule, failed API call, framework requirements, remediation
 *   code) goes in `unmapped`.
 */
import { PalisadeError } from '@palisade/core';
import type { Finding, FindingCheck, FindingStatus, Severity, Tags } from '@palisade/core';
import type { ByteBuilder } from './byte-builder.ts';
import { jsonArrayAssembler, openFindingFile } from './streaming-file.ts';
import type { FindingFileCodec, FindingFileWriter, JsonArrayPart } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

export const OCSF_VERSION = '1.8.0';
export const OCSF_PROFILES = ['cloud'] as const;

const CATEGORY_FINDINGS = 2;
const CLASS_DETECTION_FINDING = 2004;
const ACTIVITY_CREATE = 1;
type OcsfAccountType = { readonly id: number; readonly caption: string };

/**
 * How OCSF names each provider (`cloud.provider`) and the kind of its scope (`account.type_id`: 10
 * AWS Account, 13 Azure Subscription, 11 GCP Project). A provider not listed keeps its id as its
 * name and its scopes are `99` Other: the finding's provider, never a guess. A provider with more
 * than one kind of scope names the others by the finding's `scopeKind`: an Azure finding about the
 * Microsoft Entra tenant (not a subscription) is `6` Azure AD Account, OCSF's type for Entra ID.
 */
const OCSF_PROVIDERS: Readonly<Record<string, { readonly name: string; readonly accountType: OcsfAccountType; readonly scopeKinds?: Readonly<Record<string, OcsfAccountType>> }>> = {
  aws: { name: 'AWS', accountType: { id: 10, caption: 'AWS Account' } },
  azure: { name: 'Azure', accountType: { id: 13, caption: 'Azure Subscription' }, scopeKinds: { tenant: { id: 6, caption: 'Azure AD Account' } } },
  gcp: { name: 'GCP', accountType: { id: 11, caption: 'GCP Project' } },
};
const ACCOUNT_TYPE_OTHER = { id: 99, caption: 'Other' } as const;

function ocsfProvider(provider: string, scopeKind?: string): { readonly name: string; readonly accountType: OcsfAccountType } {
  if (!Object.hasOwn(OCSF_PROVIDERS, provider)) return { name: provider, accountType: ACCOUNT_TYPE_OTHER };
  const known = OCSF_PROVIDERS[provider]!;
  const kind = scopeKind !== undefined && known.scopeKinds && Object.hasOwn(known.scopeKinds, scopeKind) ? known.scopeKinds[scopeKind] : undefined;
  return { name: known.name, accountType: kind ?? known.accountType };
}
/** OCSF `resource_details.role_id` 1 = Target: the resource the check evaluated. */
const RESOURCE_ROLE_TARGET = 1;
/** OCSF `analytic.type_id` 1 = Rule. */
const ANALYTIC_TYPE_RULE = 1;
/** OCSF observable type 10 = Resource UID (the `resource_uid_t` data type). */
const OBSERVABLE_RESOURCE_UID = 10;

const SEVERITY: Readonly<Record<Severity, { readonly id: number; readonly caption: string }>> = {
  informational: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** Finding `status_id` (workflow) values used here; captions are the schema's. */
const WORKFLOW = {
  new: { id: 1, caption: 'New' },
  suppressed: { id: 3, caption: 'Suppressed' },
  resolved: { id: 4, caption: 'Resolved' },
} as const;

export interface OcsfKeyValue {
  readonly name: string;
  readonly value: string;
}

export interface OcsfResource {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly role: 'Target';
  readonly role_id: number;
  /** OCSF's name of the provider: `AWS`, `Azure`, `GCP`, or the provider id. */
  readonly provider: string;
  readonly cloud_partition?: string;
  readonly region?: string;
  readonly tags?: readonly OcsfKeyValue[];
}

/** The subset of OCSF Detection Finding this writer emits; tests validate it against the schema. */
export interface OcsfDetectionFinding {
  readonly activity_id: number;
  readonly activity_name: 'Create';
  readonly category_uid: number;
  readonly category_name: 'Findings';
  readonly class_uid: number;
  readonly class_name: 'Detection Finding';
  readonly type_uid: number;
  readonly type_name: 'Detection Finding: Create';
  readonly time: number;
  readonly message: string;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  readonly status_code: FindingStatus;
  readonly status_detail: string;
  readonly is_alert: boolean;
  readonly comment?: string;
  readonly metadata: {
    readonly version: string;
    readonly product: { readonly name: 'Palisade'; readonly vendor_name: 'Palisade'; readonly uid: 'palisade'; readonly version: string };
    readonly profiles: readonly string[];
    readonly event_code: string;
    readonly correlation_uid: string;
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly types: readonly string[];
    readonly created_time: number;
    readonly analytic: { readonly uid: string; readonly name: string; readonly type_id: number; readonly type: 'Rule'; readonly category: string };
  };
  readonly cloud: {
    readonly provider: string;
    readonly cloud_partition?: string;
    readonly region?: string;
    readonly account: { readonly uid: string; readonly type_id: number; readonly type: string; readonly name?: string; readonly tags?: readonly OcsfKeyValue[] };
    readonly org?: { readonly uid: string; readonly ou_name?: string };
  };
  readonly resources: readonly OcsfResource[];
  readonly observables: readonly { readonly name: string; readonly type_id: number; readonly type: 'Resource UID'; readonly value: string }[];
  readonly risk_details: string;
  readonly remediation: { readonly desc: string; readonly references?: readonly string[] };
  readonly unmapped: OcsfUnmapped;
}

export interface OcsfUnmapped {
  readonly service: string;
  readonly muted: boolean;
  readonly mute?: { readonly reason: string; readonly rule: string; readonly expires?: string };
  readonly error?: {
    readonly api: string;
    readonly code: string;
    readonly message: string;
    readonly region?: string;
    readonly http_status?: number;
    readonly resource_uid?: string;
  };
  readonly compliance: readonly string[];
  readonly remediation_code?: { readonly cli?: string; readonly terraform?: string; readonly console?: string };
}

export function toOcsfDetectionFinding(finding: Finding, scan: ScanInfo): OcsfDetectionFinding {
  const { check } = finding;
  const time = epochMillis(finding.time, finding.uid);
  const severity = SEVERITY[finding.severity];
  const workflow = finding.muted ? WORKFLOW.suppressed : finding.status === 'PASS' ? WORKFLOW.resolved : WORKFLOW.new;
  const remediationCode = remediationCodeOf(check);
  const { cloud, resources, observables } = ocsfPlacement(finding);
  const { muted, mute, error } = ocsfUnmappedState(finding);

  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_FINDINGS,
    category_name: 'Findings',
    class_uid: CLASS_DETECTION_FINDING,
    class_name: 'Detection Finding',
    type_uid: CLASS_DETECTION_FINDING * 100 + ACTIVITY_CREATE,
    type_name: 'Detection Finding: Create',
    time,
    message: finding.message,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: workflow.id,
    status: workflow.caption,
    status_code: finding.status,
    status_detail: finding.message,
    is_alert: finding.status === 'FAIL' && !finding.muted,
    ...(finding.muted ? { comment: finding.muted.reason } : {}),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Palisade', vendor_name: 'Palisade', uid: 'palisade', version: scan.productVersion },
      profiles: OCSF_PROFILES,
      event_code: check.id,
      correlation_uid: finding.scanId,
    },
    finding_info: {
      uid: finding.uid,
      title: check.title,
      desc: check.description,
      types: check.categories,
      created_time: time,
      analytic: { uid: check.id, name: check.id, type_id: ANALYTIC_TYPE_RULE, type: 'Rule', category: check.service },
    },
    cloud,
    resources,
    observables,
    risk_details: check.risk,
    remediation: remediationOf(check),
    unmapped: {
      service: check.service,
      muted,
      ...(mute ? { mute } : {}),
      ...(error ? { error } : {}),
      compliance: finding.compliance,
      ...(remediationCode ? { remediation_code: remediationCode } : {}),
    },
  };
}

/** Where the finding is: its cloud account (and organization), its resource, the resource as an observable. */
function ocsfPlacement(finding: Finding): Pick<OcsfDetectionFinding, 'cloud' | 'resources' | 'observables'> {
  const { resource } = finding;
  const region = regionOf(finding.region);
  const resourceRegion = regionOf(resource.region);
  const accountName = finding.accountName ?? finding.organization?.accountName;
  const accountTags = keyValues(finding.organization?.tags);
  const resourceTags = keyValues(resource.tags);
  const provider = ocsfProvider(finding.provider, finding.scopeKind);
  const partition = finding.partition ? { cloud_partition: finding.partition } : {};
  return {
    cloud: {
      provider: provider.name,
      ...partition,
      ...(region ? { region } : {}),
      account: {
        uid: finding.accountId,
        type_id: provider.accountType.id,
        type: provider.accountType.caption,
        ...(accountName ? { name: accountName } : {}),
        ...(accountTags ? { tags: accountTags } : {}),
      },
      ...(finding.organization
        ? { org: { uid: finding.organization.organizationId, ...(finding.organization.ouPath ? { ou_name: finding.organization.ouPath } : {}) } }
        : {}),
    },
    resources: [
      {
        uid: resource.uid,
        name: resource.name,
        type: resource.type,
        role: 'Target',
        role_id: RESOURCE_ROLE_TARGET,
        provider: provider.name,
        ...partition,
        ...(resourceRegion ? { region: resourceRegion } : {}),
        ...(resourceTags ? { tags: resourceTags } : {}),
      },
    ],
    observables: [{ name: 'resources.uid', type_id: OBSERVABLE_RESOURCE_UID, type: 'Resource UID', value: resource.uid }],
  };
}

/** The finding's own part of `unmapped`: whether and why it is muted, the failed API call. */
function ocsfUnmappedState(finding: Finding): Pick<OcsfUnmapped, 'muted' | 'mute' | 'error'> {
  const error = finding.error;
  return {
    muted: finding.muted !== undefined,
    ...(finding.muted
      ? {
          mute: {
            reason: finding.muted.reason,
            rule: finding.muted.rule,
            ...(finding.muted.expires ? { expires: finding.muted.expires } : {}),
          },
        }
      : {}),
    ...(error
      ? {
          error: {
            api: error.api,
            code: error.code,
            message: error.message,
            ...(error.region ? { region: error.region } : {}),
            ...(error.httpStatus !== undefined ? { http_status: error.httpStatus } : {}),
            ...(error.resourceUid ? { resource_uid: error.resourceUid } : {}),
          },
        }
      : {}),
  };
}

function remediationOf(check: FindingCheck): OcsfDetectionFinding['remediation'] {
  return { desc: check.remediation.summary, ...(check.references.length ? { references: check.references } : {}) };
}

function remediationCodeOf(check: FindingCheck): OcsfUnmapped['remediation_code'] | undefined {
  const code = {
    ...(check.remediation.cli ? { cli: check.remediation.cli } : {}),
    ...(check.remediation.terraform ? { terraform: check.remediation.terraform } : {}),
    ...(check.remediation.console ? { console: check.remediation.console } : {}),
  };
  return Object.keys(code).length ? code : undefined;
}

/** The records of a batch, comma-separated, and how many there are. */
export type OcsfPart = JsonArrayPart;

/** `*.ocsf.json`: `[` on open, the records comma-separated, `]` on close. */
export function ocsfCodec(scan: ScanInfo): FindingFileCodec<OcsfPart> {
  return {
    format: 'json-ocsf',
    encoder: () => {
      const record = ocsfRecordEncoder(scan);
      return (batch, out) => {
        batch.forEach((finding, index) => {
          if (index) out.text(',\n');
          record(finding, out);
        });
        return { bytes: out.view(), records: batch.length };
      };
    },
    assembler: jsonArrayAssembler,
  };
}

/** The text of a record that depends on its check (and the scan) only, encoded once per check. */
interface CheckFragments {
  /** From `,"metadata":` up to `"correlation_uid":`. */
  readonly metadata: Uint8Array;
  /** From the end of `finding_info.uid` up to `"created_time":`. */
  readonly findingInfo: Uint8Array;
  /** From the end of `created_time` up to `"cloud":`. */
  readonly analytic: Uint8Array;
  /** From `,"risk_details":` up to `"unmapped":{…,"muted":`. */
  readonly details: Uint8Array;
  /** `remediation_code` when the check has some, and the closing braces. */
  readonly end: Uint8Array;
}

const RECORD_START = `${JSON.stringify({
  activity_id: ACTIVITY_CREATE,
  activity_name: 'Create',
  category_uid: CATEGORY_FINDINGS,
  category_name: 'Findings',
  class_uid: CLASS_DETECTION_FINDING,
  class_name: 'Detection Finding',
  type_uid: CLASS_DETECTION_FINDING * 100 + ACTIVITY_CREATE,
  type_name: 'Detection Finding: Create',
}).slice(0, -1)},"time":`;

/** `{"a":1,"b":2}` → `"a":1,"b":2`. */
const members = (value: object) => JSON.stringify(value).slice(1, -1);

/**
 * Appends each finding's record: exactly `JSON.stringify(toOcsfDetectionFinding(finding, scan))`,
 * with the text that depends only on the check (titles, descriptions, remediation: most of a
 * record's bytes) encoded to UTF-8 once per check instead of once per finding.
 */
export function ocsfRecordEncoder(scan: ScanInfo): (finding: Finding, out: ByteBuilder) => void {
  const product = { name: 'Palisade', vendor_name: 'Palisade', uid: 'palisade', version: scan.productVersion };
  const fragments = new WeakMap<FindingCheck, CheckFragments>();
  const fragmentsOf = (check: FindingCheck): CheckFragments => {
    let known = fragments.get(check);
    if (!known) {
      const remediationCode = remediationCodeOf(check);
      known = {
        metadata: utf8(`,"metadata":{${members({ version: OCSF_VERSION, product, profiles: OCSF_PROFILES, event_code: check.id })},"correlation_uid":`),
        findingInfo: utf8(`,${members({ title: check.title, desc: check.description, types: check.categories })},"created_time":`),
        analytic: utf8(`,"analytic":${JSON.stringify({ uid: check.id, name: check.id, type_id: ANALYTIC_TYPE_RULE, type: 'Rule', category: check.service })}},"cloud":`),
        details: utf8(`,${members({ risk_details: check.risk, remediation: remediationOf(check) })},"unmapped":{${members({ service: check.service })},"muted":`),
        end: utf8(`${remediationCode ? `,"remediation_code":${JSON.stringify(remediationCode)}` : ''}}}`),
      };
      fragments.set(check, known);
    }
    return known;
  };
  return (finding, out) => {
    // Fields that JSON.stringify would leave out when missing: such a finding takes the plain path.
    if (typeof finding.uid !== 'string' || typeof finding.scanId !== 'string') {
      out.text(JSON.stringify(toOcsfDetectionFinding(finding, scan)));
      return;
    }
    const check = fragmentsOf(finding.check);
    const time = epochMillis(finding.time, finding.uid);
    const severity = SEVERITY[finding.severity];
    const workflow = finding.muted ? WORKFLOW.suppressed : finding.status === 'PASS' ? WORKFLOW.resolved : WORKFLOW.new;
    out.text(RECORD_START);
    out.text(
      `${time},${members({
        message: finding.message,
        severity_id: severity.id,
        severity: severity.caption,
        status_id: workflow.id,
        status: workflow.caption,
        status_code: finding.status,
        status_detail: finding.message,
        is_alert: finding.status === 'FAIL' && !finding.muted,
        ...(finding.muted ? { comment: finding.muted.reason } : {}),
      })}`,
    );
    out.bytes(check.metadata);
    out.text(`${JSON.stringify(finding.scanId)}},"finding_info":{"uid":${JSON.stringify(finding.uid)}`);
    out.bytes(check.findingInfo);
    out.text(String(time));
    out.bytes(check.analytic);
    const { cloud, resources, observables } = ocsfPlacement(finding);
    out.text(`${JSON.stringify(cloud)},"resources":${JSON.stringify(resources)},"observables":${JSON.stringify(observables)}`);
    out.bytes(check.details);
    const { muted, mute, error } = ocsfUnmappedState(finding);
    out.text(`${muted}${mute ? `,"mute":${JSON.stringify(mute)}` : ''}${error ? `,"error":${JSON.stringify(error)}` : ''},"compliance":${JSON.stringify(finding.compliance)}`);
    out.bytes(check.end);
  };
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

export function createOcsfWriter(path: string, scan: ScanInfo): Promise<FindingFileWriter<OcsfPart>> {
  return openFindingFile(path, ocsfCodec(scan));
}

function epochMillis(iso: string, findingUid: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new PalisadeError('INTERNAL', `Finding ${findingUid} has an invalid time "${iso}".`);
  return millis;
}

/** `global` is Palisade's marker for scope-wide resources, not a region name. */
function regionOf(region: string): string | undefined {
  return region === 'global' || region === '' ? undefined : region;
}

function keyValues(tags: Tags | undefined): readonly OcsfKeyValue[] | undefined {
  if (!tags) return undefined;
  const entries = Object.entries(tags);
  return entries.length ? entries.map(([name, value]) => ({ name, value })) : undefined;
}
