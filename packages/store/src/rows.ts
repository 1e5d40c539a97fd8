/**
 * Values in and out of the tables: input checks and normalization (ids, times, limits) and the
 * mapping of rows to the entity types of types.ts. An optional field without a value is undefined, never null.
 */
import { randomBytes } from 'node:crypto';
import { SEVERITIES, type FindingStatus, type Severity } from '@palisade/core';
import type { Selectable } from 'kysely';
import type {
  ApiKeysTable,
  AuditLogTable,
  CustomRolesTable,
  FindingsTable,
  InvitationsTable,
  MembershipsTable,
  MutesTable,
  NotesTable,
  ProvidersTable,
  RefreshTokensTable,
  SchedulesTable,
  ScansTable,
  SecretsTable,
  TenantsTable,
  UsersTable,
} from './schema.ts';
import {
  StoreError,
  type ApiKey,
  type AuditEntry,
  type CustomRole,
  type FindingDelta,
  type FindingNote,
  type Invitation,
  type Membership,
  type MuteRule,
  type Permission,
  type Provider,
  type RefreshToken,
  type Scan,
  type ScanState,
  type Schedule,
  type StoredFinding,
  type StoredSecret,
  type Tenant,
  type User,
} from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lastMillisecond = 0;
let sequence = 0;

/**
 * A UUID version 7: the creation time in milliseconds, a 12-bit sequence, random bits. Ids made by one
 * process sort in creation order (the sequence counts within a millisecond), so lists ordered by
 * (created_at, id) keep insertion order, and new rows land at the end of the primary key's index.
 */
export function newId(): string {
  let millisecond = Date.now();
  if (millisecond > lastMillisecond) {
    lastMillisecond = millisecond;
    sequence = randomBytes(2).readUInt16BE() & 0x3ff;
  } else {
    millisecond = lastMillisecond;
    sequence++;
    if (sequence > 0xfff) {
      millisecond = ++lastMillisecond;
      sequence = 0;
    }
  }
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  const hex = millisecond.toString(16).padStart(12, '0') + (0x7000 | sequence).toString(16) + random.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Ids are UUIDs. A string that is not one cannot name a row: lookups treat it as missing instead of
 * sending it to PostgreSQL, whose uuid columns would reject it with an error.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An ISO time normalized to `YYYY-MM-DDTHH:mm:ss.sssZ`, so that text comparison on SQLite is time order. */
export function toTime(value: string, field: string): string {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw new StoreError('InvalidInput', `${field} is not an ISO time: ${String(value)}`, field);
  return date.toISOString();
}

export function optionalTime(value: string | undefined | null, field: string): string | null {
  return value === undefined || value === null ? null : toTime(value, field);
}

export const now = (): string => new Date().toISOString();

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new StoreError('InvalidInput', `limit must be an integer from 1 to 1000, not ${limit}`, 'limit');
  return limit;
}

export function retention(days: number | null | undefined): number | null {
  if (days === undefined || days === null) return null;
  if (!Number.isInteger(days) || days < 1) throw new StoreError('InvalidInput', `retentionDays must be a positive integer, not ${days}`, 'retentionDays');
  return days;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** jsonb arrives parsed (pg), text arrives as a string (SQLite); every JSON column holds an object or array. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function optionalJson<T>(value: unknown): T | undefined {
  return value === null || value === undefined ? undefined : readJson<T>(value);
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  if (rank < 0) throw new StoreError('InvalidInput', `unknown severity ${String(severity)}`, 'severity');
  return rank;
}

export function severityOf(rank: number): Severity {
  const severity = SEVERITIES[rank];
  if (!severity) throw new Error(`stored severity rank out of range: ${rank}`);
  return severity;
}

// ---- Rows to entities ----

export function tenantOf(row: Selectable<TenantsTable>): Tenant {
  return { id: row.id, name: row.name, createdAt: row.created_at, retentionDays: opt(row.retention_days), externalId: row.external_id, eventsSecretId: opt(row.events_secret_id) };
}

export function userOf(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    disabled: Boolean(row.disabled),
    failedLogins: row.failed_logins,
    lockedUntil: opt(row.locked_until),
    lastLoginAt: opt(row.last_login_at),
  };
}

export function membershipOf(row: Selectable<MembershipsTable>): Membership {
  return { tenantId: row.tenant_id, userId: row.user_id, role: row.role, createdAt: row.created_at };
}

export function roleOf(row: Selectable<CustomRolesTable>): CustomRole {
  return { tenantId: row.tenant_id, name: row.name, permissions: readJson<Permission[]>(row.permissions), createdAt: row.created_at };
}

export function invitationOf(row: Selectable<InvitationsTable>): Invitation {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    role: row.role,
    tokenHash: row.token_hash,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: opt(row.accepted_at),
  };
}

export function apiKeyOf(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: opt(row.expires_at),
    lastUsedAt: opt(row.last_used_at),
    revokedAt: opt(row.revoked_at),
  };
}

export function refreshTokenOf(row: Selectable<RefreshTokensTable>): RefreshToken {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId: row.tenant_id,
    hash: row.hash,
    familyId: row.family_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: opt(row.used_at),
    revokedAt: opt(row.revoked_at),
  };
}

export function secretOf(row: Selectable<SecretsTable>): StoredSecret {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    createdAt: row.created_at,
    ciphertext: row.ciphertext,
    iv: row.iv,
    authTag: row.auth_tag,
    wrappedKey: row.wrapped_key,
    wrapIv: row.wrap_iv,
    wrapAuthTag: row.wrap_auth_tag,
    kekId: row.kek_id,
  };
}

export function providerOf(row: Selectable<ProvidersTable>): Provider {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    alias: row.alias,
    config: readJson<Record<string, unknown>>(row.config),
    secretId: opt(row.secret_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastTest: optionalJson<Provider['lastTest']>(row.last_test),
  };
}

export function scheduleOf(row: Selectable<SchedulesTable>): Schedule {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    providerId: row.provider_id,
    cron: row.cron,
    timezone: row.timezone,
    scope: optionalJson<Record<string, unknown>>(row.scope),
    enabled: Boolean(row.enabled),
    nextRunAt: row.next_run_at,
    lastRunAt: opt(row.last_run_at),
    createdBy: row.created_by,
    createdAt: row.created_at,
    leaseOwner: opt(row.lease_owner),
    leaseUntil: opt(row.lease_until),
  };
}

export function scanOf(row: Selectable<ScansTable>): Scan {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    providerId: row.provider_id,
    state: row.state as ScanState,
    trigger: row.trigger as Scan['trigger'],
    scheduleId: opt(row.schedule_id),
    scope: optionalJson<Record<string, unknown>>(row.scope),
    request: optionalJson<Record<string, unknown>>(row.request),
    progress: readJson<Scan['progress']>(row.progress),
    summary: optionalJson<Record<string, unknown>>(row.summary),
    error: optionalJson<Scan['error']>(row.error),
    createdBy: opt(row.created_by),
    createdAt: row.created_at,
    startedAt: opt(row.started_at),
    finishedAt: opt(row.finished_at),
    worker: opt(row.worker),
    leaseUntil: opt(row.lease_until),
    event: optionalJson<Scan['event']>(row.event),
  };
}

/** The part of a finding kept as one document: what is shown but never filtered or sorted on. */
export interface FindingData {
  readonly title: string;
  readonly message: string;
  readonly provider: string;
  readonly accountName?: string;
  readonly resourceName: string;
  readonly resourceType: string;
  readonly error?: StoredFinding['error'];
}

export function findingOf(row: Selectable<FindingsTable>): StoredFinding {
  const data = readJson<FindingData>(row.data);
  const muted = row.muted
    ? { reason: row.mute_reason ?? '', rule: row.mute_rule ?? '', ...(row.mute_expires === null ? {} : { expires: row.mute_expires }) }
    : undefined;
  return {
    tenantId: row.tenant_id,
    scanId: row.scan_id,
    providerId: row.provider_id,
    uid: row.uid,
    checkId: row.check_id,
    title: data.title,
    service: row.service,
    status: row.status as FindingStatus,
    severity: severityOf(row.severity),
    message: data.message,
    provider: data.provider,
    accountUid: row.account_uid,
    accountName: data.accountName,
    region: row.region,
    resource: { uid: row.resource_uid, name: data.resourceName, type: data.resourceType },
    compliance: row.compliance.split('|').filter((entry) => entry !== ''),
    muted,
    error: data.error,
    time: row.time,
    delta: row.delta as FindingDelta,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

export function muteOf(row: Selectable<MutesTable>): MuteRule {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    findingUid: opt(row.finding_uid),
    providerId: opt(row.provider_id),
    account: opt(row.account),
    checkId: opt(row.check_id),
    region: opt(row.region),
    resource: opt(row.resource),
    reason: row.reason,
    expiresAt: opt(row.expires_at),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function noteOf(row: Selectable<NotesTable>): FindingNote {
  return { id: row.id, tenantId: row.tenant_id, findingUid: row.finding_uid, text: row.text, author: row.author, createdAt: row.created_at };
}

export function auditOf(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    target: opt(row.target),
    details: optionalJson<Record<string, unknown>>(row.details),
    ip: opt(row.ip),
    at: row.at,
  };
}
