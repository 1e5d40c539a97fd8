/**
 * What integrations deliver and how: a `Notification` (one finding, or a digest of a scan) sent to a
 * `Destination` (Slack, a webhook, Jira, e-mail, Security Hub, S3), each attempt answered by a
 * `DeliveryResult`. Plain data throughout, so that a delivery can be queued, logged and retried.
 */
import type { FindingStatus, Severity } from '@palisade/core';

export const INTEGRATION_TYPES = ['slack', 'webhook', 'jira', 'email', 'securityhub', 's3'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** How a finding changed against the provider's previous results. */
export type AlertDelta = 'new' | 'changed' | 'unchanged' | 'resolved';

/** A finding as notifications show it. */
export interface AlertFinding {
  readonly uid: string;
  readonly checkId: string;
  readonly title: string;
  readonly service: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  /** The status before this scan, when there was one. */
  readonly previousStatus?: FindingStatus;
  readonly delta: AlertDelta;
  readonly message: string;
  /** Provider type, e.g. `aws`. */
  readonly provider: string;
  readonly accountUid: string;
  readonly region: string;
  readonly resource: { readonly uid: string; readonly name: string; readonly type: string };
  readonly risk?: string;
  readonly remediation?: { readonly text: string; readonly url?: string };
  /** Framework requirement ids, e.g. `cis-aws-3.0:1.10`. */
  readonly compliance: readonly string[];
  readonly muted: boolean;
  /** ISO time the finding was evaluated. */
  readonly time: string;
  /** Where a person reads the finding (the platform's URL), when known. */
  readonly link?: string;
}

/** A compliance requirement as notifications show it: one that turned FAIL in a scan. */
export interface AlertRequirement {
  readonly frameworkId: string;
  /** The requirement's id within its framework, e.g. `1.10`. */
  readonly requirementId: string;
  readonly title?: string;
  readonly status: 'PASS' | 'FAIL' | 'MANUAL';
  /** The status before this scan, when there was one. */
  readonly previousStatus?: 'PASS' | 'FAIL' | 'MANUAL';
}

/** The scan a notification comes from. */
export interface AlertScan {
  readonly id: string;
  readonly providerId: string;
  readonly providerAlias: string;
  readonly trigger: 'manual' | 'schedule' | 'event';
  readonly finishedAt?: string;
  /** Counts of the scan's findings by status. */
  readonly totals?: Readonly<Partial<Record<FindingStatus, number>>>;
  /** The change event that caused an event-triggered scan, e.g. `s3.amazonaws.com:PutBucketPolicy`. */
  readonly event?: string;
  readonly link?: string;
}

export interface Notification {
  /** Unique per notification: receivers deduplicate retried deliveries by it. */
  readonly id: string;
  readonly tenantId: string;
  /** `finding`: one finding; `digest`: the findings of one scan that matched the rule, in one message. */
  readonly kind: 'finding' | 'digest';
  /** The alert rule that matched, absent for a test message. */
  readonly rule?: { readonly id: string; readonly name: string };
  readonly scan?: AlertScan;
  readonly findings: readonly AlertFinding[];
  /** For a compliance rule: the requirements that turned FAIL (`findings` then holds their failing findings). */
  readonly requirements?: readonly AlertRequirement[];
  /** ISO time the notification was made. */
  readonly createdAt: string;
  /** True for the message a "send test" produces. */
  readonly test?: boolean;
}

/** The outcome of one attempt. */
export interface DeliveryResult {
  readonly ok: boolean;
  /** Whether trying again may succeed (timeouts, 429, 5xx); false for a rejected payload or bad credentials. */
  readonly retryable: boolean;
  /** The receiver's HTTP status, when it answered over HTTP. */
  readonly status?: number;
  /** A stable code: the receiver's own error code when it gave one, else e.g. `ECONNREFUSED`, `HTTP_500`, `TIMEOUT`. */
  readonly code?: string;
  /** What went wrong, in words; never contains a secret. */
  readonly message?: string;
  /** How long the receiver asked to wait before trying again (an HTTP `Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** Ids the receiver assigned (a Jira issue key, an SMTP message id, Security Hub finding ids). */
  readonly externalIds?: readonly string[];
}

/** The integrations that take notifications; `s3` exports scan reports instead (see s3-export.ts). */
export type DestinationType = Exclude<IntegrationType, 's3'>;

export interface Destination {
  readonly type: DestinationType;
  send(notification: Notification, signal?: AbortSignal): Promise<DeliveryResult>;
}
