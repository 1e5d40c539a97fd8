/**
 * Items to entities (types.ts) for everything but findings. A configuration item keeps its entity's
 * fields under the entity's own names (`alias`, `createdAt`, …), JSON documents as strings, beside
 * its keys (`pk`, `sk`, and `qpk`/`qsk` where it is in a queue). An optional field without a value
 * is absent from the item and undefined in the entity.
 */
import { flag, integer, json, optionalInteger, optionalJson, optionalText, text, type Item } from './codec.ts';
import type {
  ApiKey,
  AuditEntry,
  CustomRole,
  Delivery,
  FindingNote,
  Integration,
  Invitation,
  Membership,
  MuteRule,
  Permission,
  Provider,
  RefreshToken,
  Scan,
  ScanState,
  Schedule,
  StoredAlertRule,
  StoredSecret,
  Tenant,
  User,
} from '../types.ts';

/** The creation time a version 7 UUID carries (its first 48 bits, in milliseconds). */
export function createdAtOf(id: string): string {
  return new Date(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toISOString();
}

export function tenantOf(item: Item): Tenant {
  return {
    id: text(item, 'id'),
    name: text(item, 'name'),
    createdAt: text(item, 'createdAt'),
    retentionDays: optionalInteger(item, 'retentionDays'),
    externalId: text(item, 'externalId'),
    eventsSecretId: optionalText(item, 'eventsSecretId'),
  };
}

export function userOf(item: Item): User {
  return {
    id: text(item, 'id'),
    email: text(item, 'email'),
    passwordHash: text(item, 'passwordHash'),
    createdAt: text(item, 'createdAt'),
    disabled: flag(item, 'disabled'),
    failedLogins: integer(item, 'failedLogins'),
    lockedUntil: optionalText(item, 'lockedUntil'),
    lastLoginAt: optionalText(item, 'lastLoginAt'),
  };
}

export function membershipOf(item: Item): Membership {
  return { tenantId: text(item, 'tenantId'), userId: text(item, 'userId'), role: text(item, 'role'), createdAt: text(item, 'createdAt') };
}

export function roleOf(item: Item): CustomRole {
  return { tenantId: text(item, 'tenantId'), name: text(item, 'name'), permissions: json<Permission[]>(item, 'permissions'), createdAt: text(item, 'createdAt') };
}

export function invitationOf(item: Item): Invitation {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    email: text(item, 'email'),
    role: text(item, 'role'),
    tokenHash: text(item, 'tokenHash'),
    invitedBy: text(item, 'invitedBy'),
    createdAt: text(item, 'createdAt'),
    expiresAt: text(item, 'expiresAt'),
    acceptedAt: optionalText(item, 'acceptedAt'),
  };
}

export function apiKeyOf(item: Item): ApiKey {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    name: text(item, 'name'),
    prefix: text(item, 'prefix'),
    hash: text(item, 'hash'),
    role: text(item, 'role'),
    createdBy: text(item, 'createdBy'),
    createdAt: text(item, 'createdAt'),
    expiresAt: optionalText(item, 'expiresAt'),
    lastUsedAt: optionalText(item, 'lastUsedAt'),
    revokedAt: optionalText(item, 'revokedAt'),
  };
}

export function refreshTokenOf(item: Item): RefreshToken {
  return {
    id: text(item, 'id'),
    userId: text(item, 'userId'),
    tenantId: text(item, 'tenantId'),
    hash: text(item, 'hash'),
    familyId: text(item, 'familyId'),
    createdAt: text(item, 'createdAt'),
    expiresAt: text(item, 'expiresAt'),
    usedAt: optionalText(item, 'usedAt'),
    revokedAt: optionalText(item, 'revokedAt'),
  };
}

export function secretOf(item: Item): StoredSecret {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    createdAt: text(item, 'createdAt'),
    ciphertext: text(item, 'ciphertext'),
    iv: text(item, 'iv'),
    authTag: text(item, 'authTag'),
    wrappedKey: text(item, 'wrappedKey'),
    wrapIv: text(item, 'wrapIv'),
    wrapAuthTag: text(item, 'wrapAuthTag'),
    kekId: text(item, 'kekId'),
  };
}

export function providerOf(item: Item): Provider {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    type: text(item, 'type'),
    alias: text(item, 'alias'),
    config: json<Record<string, unknown>>(item, 'config'),
    secretId: optionalText(item, 'secretId'),
    createdAt: text(item, 'createdAt'),
    updatedAt: text(item, 'updatedAt'),
    lastTest: optionalJson<Provider['lastTest']>(item, 'lastTest'),
  };
}

export function scheduleOf(item: Item): Schedule {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    providerId: text(item, 'providerId'),
    cron: text(item, 'cron'),
    timezone: text(item, 'timezone'),
    scope: optionalJson<Record<string, unknown>>(item, 'scope'),
    enabled: flag(item, 'enabled'),
    nextRunAt: text(item, 'nextRunAt'),
    lastRunAt: optionalText(item, 'lastRunAt'),
    createdBy: text(item, 'createdBy'),
    createdAt: text(item, 'createdAt'),
    leaseOwner: optionalText(item, 'leaseOwner'),
    leaseUntil: optionalText(item, 'leaseUntil'),
  };
}

export function scanOf(item: Item): Scan {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    providerId: text(item, 'providerId'),
    state: text(item, 'state') as ScanState,
    trigger: text(item, 'trigger') as Scan['trigger'],
    scheduleId: optionalText(item, 'scheduleId'),
    scope: optionalJson<Record<string, unknown>>(item, 'scope'),
    request: optionalJson<Record<string, unknown>>(item, 'request'),
    progress: json<Scan['progress']>(item, 'progress'),
    summary: optionalJson<Record<string, unknown>>(item, 'summary'),
    error: optionalJson<Scan['error']>(item, 'error'),
    createdBy: optionalText(item, 'createdBy'),
    createdAt: text(item, 'createdAt'),
    startedAt: optionalText(item, 'startedAt'),
    finishedAt: optionalText(item, 'finishedAt'),
    worker: optionalText(item, 'worker'),
    leaseUntil: optionalText(item, 'leaseUntil'),
    event: optionalJson<Scan['event']>(item, 'event'),
  };
}

export function muteOf(item: Item): MuteRule {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    findingUid: optionalText(item, 'findingUid'),
    providerId: optionalText(item, 'providerId'),
    account: optionalText(item, 'account'),
    checkId: optionalText(item, 'checkId'),
    region: optionalText(item, 'region'),
    resource: optionalText(item, 'resource'),
    reason: text(item, 'reason'),
    expiresAt: optionalText(item, 'expiresAt'),
    createdBy: text(item, 'createdBy'),
    createdAt: text(item, 'createdAt'),
  };
}

export function noteOf(item: Item): FindingNote {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    findingUid: text(item, 'findingUid'),
    text: text(item, 'text'),
    author: text(item, 'author'),
    createdAt: text(item, 'createdAt'),
  };
}

export function auditOf(item: Item): AuditEntry {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    actor: text(item, 'actor'),
    action: text(item, 'action'),
    target: optionalText(item, 'target'),
    details: optionalJson<Record<string, unknown>>(item, 'details'),
    ip: optionalText(item, 'ip'),
    at: text(item, 'at'),
  };
}

export function integrationOf(item: Item): Integration {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    type: text(item, 'type'),
    name: text(item, 'name'),
    config: json<Record<string, unknown>>(item, 'config'),
    secretId: optionalText(item, 'secretId'),
    enabled: flag(item, 'enabled'),
    createdAt: text(item, 'createdAt'),
    updatedAt: text(item, 'updatedAt'),
  };
}

export function alertRuleOf(item: Item): StoredAlertRule {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    name: text(item, 'name'),
    enabled: flag(item, 'enabled'),
    body: json<Record<string, unknown>>(item, 'body'),
    createdAt: text(item, 'createdAt'),
    updatedAt: text(item, 'updatedAt'),
  };
}

export function deliveryOf(item: Item): Delivery {
  return {
    id: text(item, 'id'),
    tenantId: text(item, 'tenantId'),
    integrationId: text(item, 'integrationId'),
    ruleId: optionalText(item, 'ruleId'),
    notificationId: text(item, 'notificationId'),
    scanId: optionalText(item, 'scanId'),
    kind: text(item, 'kind') as Delivery['kind'],
    status: text(item, 'status') as Delivery['status'],
    attempts: json<Delivery['attempts']>(item, 'attempts'),
    lastError: optionalJson<Delivery['lastError']>(item, 'lastError'),
    createdAt: text(item, 'createdAt'),
    finishedAt: optionalText(item, 'finishedAt'),
  };
}
