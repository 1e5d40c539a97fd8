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
import type { Finding, FindingStatus, Severity, Tags } from '@palisade/core';
import { openStreamingWriter } from './streaming-file.ts';
import type { FindingWriter, ScanInfo } from './writer.ts';

export const OCSF_VERSION = '1.8.0';
export const OCSF_PROFILES = ['cloud'] as const;

const CATEGORY_FINDINGS = 2;
const CLASS_DETECTION_FINDING = 2004;
const ACTIVITY_CREATE = 1;
/**
 * How OCSF names each provider (`cloud.provider`) and the kind of its scope (`account.type_id`: 10
 * AWS Account, 13 Azure Subscription, 11 GCP Project). A provider not listed keeps its id as its
 * name and its scopes are `99` Other: the finding's provider, never a guess.
 */
const OCSF_PROVIDERS: Readonly<Record<string, { readonly name: string; readonly accountType: { readonly id: number; readonly caption: string } }>> = {
  aws: { name: 'AWS', accountType: { id: 10, caption: 'AWS Account' } },
  azure: { name: 'Azure', accountType: { id: 13, caption: 'Azure Subscription' } },
  gcp: { name: 'GCP', accountType: { id: 11, caption: 'GCP Project' } },
};
const ACCOUNT_TYPE_OTHER = { id: 99, caption: 'Other' } as const;

function ocsfProvider(provider: string): { readonly name: string; readonly accountType: { readonly id: number; readonly caption: string } } {
  return Object.hasOwn(OCSF_PROVIDERS, provider) ? OCSF_PROVIDERS[provider]! : { name: provider, accountType: ACCOUNT_TYPE_OTHER };
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
  const { check, resource } = finding;
  const time = epochMillis(finding.time, finding.uid);
  const severity = SEVERITY[finding.severity];
  const workflow = finding.muted ? WORKFLOW.suppressed : finding.status === 'PASS' ? WORKFLOW.resolved : WORKFLOW.new;
  const region = regionOf(finding.region);
  const resourceRegion = regionOf(resource.region);
  const accountName = finding.accountName ?? finding.organization?.accountName;
  const accountTags = keyValues(finding.organization?.tags);
  const resourceTags = keyValues(resource.tags);
  const remediationCode = {
    ...(check.remediation.cli ? { cli: check.remediation.cli } : {}),
    ...(check.remediation.terraform ? { terraform: check.remediation.terraform } : {}),
    ...(check.remediation.console ? { console: check.remediation.console } : {}),
  };
  const error = finding.error;
  const provider = ocsfProvider(finding.provider);
  const partition = finding.partition ? { cloud_partition: finding.partition } : {};

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
    risk_details: check.risk,
    remediation: {
      desc: check.remediation.summary,
      ...(check.references.length ? { references: check.references } : {}),
    },
    unmapped: {
      service: check.service,
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
      compliance: finding.compliance,
      ...(Object.keys(remediationCode).length ? { remediation_code: remediationCode } : {}),
    },
  };
}

/** Writes `*.ocsf.json`: `[` on open, each batch's records comma-separated, `]` on close. */
export function createOcsfWriter(path: string, scan: ScanInfo): Promise<FindingWriter> {
  let first = true;
  return openStreamingWriter('json-ocsf', path, {
    header: '[',
    encode(batch) {
      if (!batch.length) return '';
      const records = batch.map((finding) => JSON.stringify(toOcsfDetectionFinding(finding, scan)));
      const chunk = (first ? '\n' : ',\n') + records.join(',\n');
      first = false;
      return chunk;
    },
    footer: () => '\n]\n',
  });
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
