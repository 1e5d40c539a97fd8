/**
 * Alert rules: which findings of a finished scan become notifications, and to which integrations.
 * A rule is typed data of one of three kinds:
 *
 * - `finding`: findings at or above a severity, with given statuses (default FAIL) and changes
 *   (default new and changed), optionally narrowed to providers, checks and services; muted
 *   findings only when asked.
 * - `provider-change`: any new, changed or resolved finding of the given providers.
 * - `compliance`: a framework requirement that turned FAIL in this scan (from the requirement
 *   statuses before and after, which the caller passes in).
 *
 * In `each` mode every match is its own notification; in `digest` mode a scan's matches make one.
 * A dedupe window keeps the same rule × finding uid × status from being sent twice within it.
 * `notificationsFor` reads and writes only the dedupe store it is given; everything else is pure.
 */
import { createHash } from 'node:crypto';
import { FINDING_STATUSES, SEVERITIES, SEVERITY_RANK } from '@palisade/core';
import type { FindingStatus } from '@palisade/core';
import { z } from 'zod';
import type { ParseResult } from './config.ts';
import { toProblems } from './config.ts';
import type { AlertDelta, AlertFinding, AlertRequirement, AlertScan, Notification } from './types.ts';

export const ALERT_RULE_KINDS = ['finding', 'provider-change', 'compliance'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const DEFAULT_RULE_STATUSES: readonly FindingStatus[] = ['FAIL'];
export const DEFAULT_RULE_DELTAS: readonly AlertDelta[] = ['new', 'changed'];
export const DEFAULT_DEDUPE_WINDOW_MINUTES = 60;

/** Deltas that are a change for a `provider-change` rule. */
const CHANGES: readonly AlertDelta[] = ['new', 'changed', 'resolved'];

const id = z.string().trim().min(1).max(200);
const common = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  mode: z.enum(['each', 'digest']).default('each'),
  /** 0 turns deduplication off; at most 30 days. */
  dedupeWindowMinutes: z.number().int().min(0).max(43_200).default(DEFAULT_DEDUPE_WINDOW_MINUTES),
  destinations: z.array(id).min(1, 'must name at least one integration'),
};

const findingRule = z.strictObject({
  kind: z.literal('finding'),
  minSeverity: z.enum(SEVERITIES),
  statuses: z.array(z.enum(FINDING_STATUSES)).min(1).optional(),
  deltas: z.array(z.enum(['new', 'changed', 'unchanged', 'resolved'])).min(1).optional(),
  providerIds: z.array(id).min(1).optional(),
  checkIds: z.array(id).min(1).optional(),
  services: z.array(id).min(1).optional(),
  includeMuted: z.boolean().optional(),
  ...common,
});

const providerChangeRule = z.strictObject({ kind: z.literal('provider-change'), providerIds: z.array(id).min(1), ...common });

const complianceRule = z.strictObject({ kind: z.literal('compliance'), frameworkId: id, requirementIds: z.array(id).min(1).optional(), ...common });

const ruleBody = z.discriminatedUnion('kind', [findingRule, providerChangeRule, complianceRule], { error: `kind must be one of ${ALERT_RULE_KINDS.join(', ')}` });

/** A rule as the API takes it, defaults filled. */
export type AlertRuleBody = z.output<typeof ruleBody>;
export type FindingRuleBody = z.output<typeof findingRule>;
export type ProviderChangeRuleBody = z.output<typeof providerChangeRule>;
export type ComplianceRuleBody = z.output<typeof complianceRule>;

/** A stored rule: its body and id (and tenant, which notifications carry). */
export type AlertRule = AlertRuleBody & { readonly id: string };

/** Parses a rule body; every problem names its field (`minSeverity`, `destinations[0]`). */
export function parseAlertRule(value: unknown): ParseResult<AlertRuleBody> {
  const parsed = ruleBody.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: toProblems('', parsed.error) };
}

/** A requirement's status before and after a scan; `previousStatus` is absent when it was not evaluated before. */
export interface RequirementChange {
  readonly frameworkId: string;
  readonly requirementId: string;
  readonly title?: string;
  readonly previousStatus?: AlertRequirement['status'];
  readonly status: AlertRequirement['status'];
}

/** What rules are evaluated against: one finished scan, its findings with their deltas, and its requirement statuses. */
export interface AlertScanResult {
  readonly tenantId: string;
  readonly scan: AlertScan;
  readonly findings: readonly AlertFinding[];
  readonly requirements?: readonly RequirementChange[];
}

/** When a (rule, subject, status) was last notified. Implementations may drop entries after `expiresAt`. */
export interface DedupeStore {
  /** The ISO time this key was last notified, if it was. */
  get(key: string): Promise<string | undefined>;
  put(key: string, sentAt: string, expiresAt: string): Promise<void>;
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly entries = new Map<string, { sentAt: string; expiresAt: string }>();

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key)?.sentAt;
  }

  async put(key: string, sentAt: string, expiresAt: string): Promise<void> {
    this.entries.set(key, { sentAt, expiresAt });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One thing a rule can notify about, with the key it is deduplicated by. */
interface Match {
  readonly dedupeKey: string;
  readonly findings: readonly AlertFinding[];
  readonly requirement?: AlertRequirement;
}

/**
 * The notifications a rule makes for a scan: one per match in `each` mode, one for all matches in
 * `digest` mode, none when nothing matched (or all matches were sent within the dedupe window).
 * Matches that are notified are recorded in `dedupe`. Notification ids derive from the rule, the
 * scan and the match, so evaluating a scan twice makes the same ids.
 */
export async function notificationsFor(rule: AlertRule, result: AlertScanResult, dedupe: DedupeStore, now: Date): Promise<Notification[]> {
  if (!rule.enabled) return [];
  const matches = await withoutRecent(rule, matchesOf(rule, result), dedupe, now);
  if (matches.length === 0) return [];
  const base = { tenantId: result.tenantId, rule: { id: rule.id, name: rule.name }, scan: result.scan, createdAt: now.toISOString() };
  if (rule.mode === 'digest') {
    const requirements = matches.flatMap((match) => (match.requirement ? [match.requirement] : []));
    return [
      {
        ...base,
        id: notificationId(rule.id, result.scan.id, 'digest'),
        kind: 'digest',
        findings: uniqueFindings(matches.flatMap((match) => match.findings)),
        ...(requirements.length > 0 ? { requirements } : {}),
      },
    ];
  }
  return matches.map((match) => ({
    ...base,
    id: notificationId(rule.id, result.scan.id, match.dedupeKey),
    kind: match.requirement ? ('digest' as const) : ('finding' as const),
    findings: match.findings,
    ...(match.requirement ? { requirements: [match.requirement] } : {}),
  }));
}

function matchesOf(rule: AlertRule, result: AlertScanResult): Match[] {
  switch (rule.kind) {
    case 'finding': {
      if (rule.providerIds && !rule.providerIds.includes(result.scan.providerId)) return [];
      const statuses = rule.statuses ?? DEFAULT_RULE_STATUSES;
      const deltas = rule.deltas ?? DEFAULT_RULE_DELTAS;
      const minimum = SEVERITY_RANK[rule.minSeverity];
      return result.findings
        .filter(
          (finding) =>
            (rule.includeMuted || !finding.muted) &&
            SEVERITY_RANK[finding.severity] >= minimum &&
            statuses.includes(finding.status) &&
            deltas.includes(finding.delta) &&
            (!rule.checkIds || rule.checkIds.includes(finding.checkId)) &&
            (!rule.services || rule.services.includes(finding.service)),
        )
        .map(findingMatch(rule));
    }
    case 'provider-change':
      if (!rule.providerIds.includes(result.scan.providerId)) return [];
      return result.findings.filter((finding) => !finding.muted && CHANGES.includes(finding.delta)).map(findingMatch(rule));
    case 'compliance':
      return (result.requirements ?? [])
        .filter(
          (change) =>
            change.frameworkId === rule.frameworkId &&
            (!rule.requirementIds || rule.requirementIds.includes(change.requirementId)) &&
            change.status === 'FAIL' &&
            change.previousStatus !== 'FAIL',
        )
        .map((change) => {
          const reference = `${change.frameworkId}:${change.requirementId}`;
          const requirement: AlertRequirement = {
            frameworkId: change.frameworkId,
            requirementId: change.requirementId,
            status: change.status,
            ...(change.title ? { title: change.title } : {}),
            ...(change.previousStatus ? { previousStatus: change.previousStatus } : {}),
          };
          const failing = result.findings.filter((finding) => !finding.muted && finding.status === 'FAIL' && finding.compliance.includes(reference));
          return { dedupeKey: dedupeKey(rule.id, `requirement:${reference}`, change.status), findings: failing, requirement };
        });
  }
}

function findingMatch(rule: AlertRule): (finding: AlertFinding) => Match {
  return (finding) => ({ dedupeKey: dedupeKey(rule.id, finding.uid, finding.status), findings: [finding] });
}

/** Drops matches notified within the window and records the rest as notified now. */
async function withoutRecent(rule: AlertRule, matches: readonly Match[], dedupe: DedupeStore, now: Date): Promise<Match[]> {
  if (rule.dedupeWindowMinutes === 0) return [...matches];
  const windowMs = rule.dedupeWindowMinutes * 60_000;
  const sentAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + windowMs).toISOString();
  const kept: Match[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    if (seen.has(match.dedupeKey)) continue;
    seen.add(match.dedupeKey);
    const last = await dedupe.get(match.dedupeKey);
    if (last !== undefined && now.getTime() - Date.parse(last) < windowMs) continue;
    kept.push(match);
  }
  for (const match of kept) await dedupe.put(match.dedupeKey, sentAt, expiresAt);
  return kept;
}

/** `<rule id> <status> <subject>`: the subject (a finding uid) goes last, as it may hold any character. */
export function dedupeKey(ruleId: string, subject: string, status: string): string {
  return `${ruleId} ${status} ${subject}`;
}

/** A UUID (version 8, name-based) from the rule, the scan and the match. */
function notificationId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function uniqueFindings(findings: readonly AlertFinding[]): AlertFinding[] {
  const byUid = new Map<string, AlertFinding>();
  for (const finding of findings) if (!byUid.has(finding.uid)) byUid.set(finding.uid, finding);
  return [...byUid.values()];
}
