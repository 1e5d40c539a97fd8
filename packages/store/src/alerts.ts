/**
 * A tenant's alerting state: integrations (where notifications go; their secrets are sealed in
 * `secrets`), alert rules (the integrations package's rule body, kept as JSON), deliveries (one per
 * notification × integration, with every attempt) and the dedupe window's entries.
 *
 * Deliveries are history: they keep the ids of the integration and rule they were made for after
 * either is deleted, and leave with their scan (retention, a deleted provider). One delivery per
 * (integration, notification): appending it again is a `Conflict`, so that evaluating a scan twice
 * never sends a notification twice.
 */
import type { Selectable } from 'kysely';
import { Keyset, byCreation } from './paging.ts';
import { isUuid, newId, now, optionalJson, readJson, toJson, toTime } from './rows.ts';
import { flag, mapViolations } from './runtime.ts';
import type { AlertRulesTable, DeliveriesTable, IntegrationsTable } from './schema.ts';
import type { TenantScope } from './tenant-scope.ts';
import {
  DELIVERY_KINDS,
  DELIVERY_STATUSES,
  StoreError,
  type Delivery,
  type DeliveryFilter,
  type DeliveryPatch,
  type Integration,
  type Page,
  type PageRequest,
  type StoredAlertRule,
} from './types.ts';

export function integrationOf(row: Selectable<IntegrationsTable>): Integration {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    name: row.name,
    config: readJson<Record<string, unknown>>(row.config),
    secretId: row.secret_id ?? undefined,
    enabled: Boolean(row.enabled),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function alertRuleOf(row: Selectable<AlertRulesTable>): StoredAlertRule {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    enabled: Boolean(row.enabled),
    body: readJson<Record<string, unknown>>(row.body),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function deliveryOf(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integrationId: row.integration_id,
    ruleId: row.rule_id ?? undefined,
    notificationId: row.notification_id,
    scanId: row.scan_id ?? undefined,
    kind: row.kind as Delivery['kind'],
    status: row.status as Delivery['status'],
    attempts: readJson<Delivery['attempts']>(row.attempts),
    lastError: optionalJson<Delivery['lastError']>(row.last_error),
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
  };
}

function assertOneOf<T extends string>(values: readonly T[], value: string, field: string): void {
  if (!(values as readonly string[]).includes(value)) throw new StoreError('InvalidInput', `${field} must be one of ${values.join(', ')}, not ${value}`, field);
}

export class AlertsRepository {
  constructor(private readonly scope: TenantScope) {}

  private secretReference(secretId: string | undefined): string | null {
    if (secretId === undefined) return null;
    if (!isUuid(secretId)) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return secretId;
  }

  // ---- Integrations ----

  async createIntegration(integration: Omit<Integration, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>): Promise<Integration> {
    const time = now();
    const values = this.scope.own({
      id: newId(),
      type: integration.type,
      name: integration.name,
      config: toJson(integration.config),
      secret_id: this.secretReference(integration.secretId),
      enabled: flag(this.scope.runtime, integration.enabled),
      created_at: time,
      updated_at: time,
    });
    const row = await mapViolations(() => this.scope.write((db) => db.insertInto('integrations').values(values).returningAll().executeTakeFirstOrThrow()), {
      foreignKey: ['secretId', `no secret ${integration.secretId}`],
    });
    return integrationOf(row);
  }

  async getIntegration(id: string): Promise<Integration | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('integrations').selectAll().where(this.scope.mine('integrations')).where('id', '=', id).executeTakeFirst());
    return row && integrationOf(row);
  }

  async listIntegrations(page?: PageRequest & { readonly type?: string }): Promise<Page<Integration>> {
    const keyset = new Keyset(['integrations', this.scope.tenantId, page?.type ?? null], page, byCreation('integrations'));
    const rows = await this.scope.read((db) => {
      let query = db.selectFrom('integrations').selectAll().where(this.scope.mine('integrations'));
      if (page?.type !== undefined) query = query.where('type', '=', page.type);
      return keyset.apply(query).execute();
    });
    return keyset.page(rows, integrationOf);
  }

  async updateIntegration(id: string, patch: Partial<Pick<Integration, 'name' | 'config' | 'secretId' | 'enabled'>>): Promise<Integration | undefined> {
    if (!isUuid(id)) return undefined;
    const set = {
      updated_at: now(),
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.config === undefined ? {} : { config: toJson(patch.config) }),
      ...(patch.secretId === undefined ? {} : { secret_id: this.secretReference(patch.secretId) }),
      ...(patch.enabled === undefined ? {} : { enabled: flag(this.scope.runtime, patch.enabled) }),
    };
    const row = await mapViolations(
      () => this.scope.write((db) => db.updateTable('integrations').set(set).where(this.scope.mine('integrations')).where('id', '=', id).returningAll().executeTakeFirst()),
      { foreignKey: ['secretId', `no secret ${patch.secretId}`] },
    );
    return row && integrationOf(row);
  }

  /** Its deliveries stay, as history. */
  async deleteIntegration(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) => db.deleteFrom('integrations').where(this.scope.mine('integrations')).where('id', '=', id).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  // ---- Alert rules ----

  async createAlertRule(rule: Pick<StoredAlertRule, 'name' | 'enabled' | 'body'>): Promise<StoredAlertRule> {
    const time = now();
    const row = await this.scope.write((db) =>
      db
        .insertInto('alert_rules')
        .values(this.scope.own({ id: newId(), name: rule.name, enabled: flag(this.scope.runtime, rule.enabled), body: toJson(rule.body), created_at: time, updated_at: time }))
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return alertRuleOf(row);
  }

  async getAlertRule(id: string): Promise<StoredAlertRule | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('alert_rules').selectAll().where(this.scope.mine('alert_rules')).where('id', '=', id).executeTakeFirst());
    return row && alertRuleOf(row);
  }

  async listAlertRules(page?: PageRequest & { readonly enabled?: boolean }): Promise<Page<StoredAlertRule>> {
    const keyset = new Keyset(['alert-rules', this.scope.tenantId, page?.enabled ?? null], page, byCreation('alert_rules'));
    const rows = await this.scope.read((db) => {
      let query = db.selectFrom('alert_rules').selectAll().where(this.scope.mine('alert_rules'));
      if (page?.enabled !== undefined) query = query.where('enabled', '=', flag(this.scope.runtime, page.enabled));
      return keyset.apply(query).execute();
    });
    return keyset.page(rows, alertRuleOf);
  }

  async updateAlertRule(id: string, patch: Partial<Pick<StoredAlertRule, 'name' | 'enabled' | 'body'>>): Promise<StoredAlertRule | undefined> {
    if (!isUuid(id)) return undefined;
    const set = {
      updated_at: now(),
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.enabled === undefined ? {} : { enabled: flag(this.scope.runtime, patch.enabled) }),
      ...(patch.body === undefined ? {} : { body: toJson(patch.body) }),
    };
    const row = await this.scope.write((db) => db.updateTable('alert_rules').set(set).where(this.scope.mine('alert_rules')).where('id', '=', id).returningAll().executeTakeFirst());
    return row && alertRuleOf(row);
  }

  async deleteAlertRule(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) => db.deleteFrom('alert_rules').where(this.scope.mine('alert_rules')).where('id', '=', id).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  // ---- Deliveries ----

  async appendDelivery(delivery: Pick<Delivery, 'integrationId' | 'notificationId' | 'kind'> & Partial<Pick<Delivery, 'ruleId' | 'scanId' | 'status' | 'attempts' | 'lastError' | 'finishedAt'>>): Promise<Delivery> {
    assertOneOf(DELIVERY_KINDS, delivery.kind, 'kind');
    assertOneOf(DELIVERY_STATUSES, delivery.status ?? 'pending', 'status');
    for (const [field, value] of [
      ['integrationId', delivery.integrationId],
      ['ruleId', delivery.ruleId],
      ['scanId', delivery.scanId],
    ] as const) {
      if (value !== undefined && !isUuid(value)) throw new StoreError(field === 'scanId' ? 'NotFound' : 'InvalidInput', `${field} is not a UUID: ${value}`, field);
    }
    const values = this.scope.own({
      id: newId(),
      integration_id: delivery.integrationId,
      rule_id: delivery.ruleId ?? null,
      notification_id: delivery.notificationId,
      scan_id: delivery.scanId ?? null,
      kind: delivery.kind,
      status: delivery.status ?? 'pending',
      attempts: toJson(delivery.attempts ?? []),
      last_error: delivery.lastError === undefined ? null : toJson(delivery.lastError),
      created_at: now(),
      finished_at: delivery.finishedAt === undefined ? null : toTime(delivery.finishedAt, 'finishedAt'),
    });
    const row = await mapViolations(() => this.scope.write((db) => db.insertInto('deliveries').values(values).returningAll().executeTakeFirstOrThrow()), {
      unique: ['notificationId', `notification ${delivery.notificationId} already has a delivery to integration ${delivery.integrationId}`],
      foreignKey: ['scanId', `no scan ${delivery.scanId}`],
    });
    return deliveryOf(row);
  }

  async updateDelivery(id: string, patch: DeliveryPatch): Promise<Delivery | undefined> {
    if (!isUuid(id)) return undefined;
    if (patch.status !== undefined) assertOneOf(DELIVERY_STATUSES, patch.status, 'status');
    const set = {
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.attempts === undefined ? {} : { attempts: toJson(patch.attempts) }),
      ...(patch.lastError === undefined ? {} : { last_error: patch.lastError === null ? null : toJson(patch.lastError) }),
      ...(patch.finishedAt === undefined ? {} : { finished_at: toTime(patch.finishedAt, 'finishedAt') }),
    };
    if (Object.keys(set).length === 0) {
      const row = await this.scope.read((db) => db.selectFrom('deliveries').selectAll().where(this.scope.mine('deliveries')).where('id', '=', id).executeTakeFirst());
      return row && deliveryOf(row);
    }
    const row = await this.scope.write((db) => db.updateTable('deliveries').set(set).where(this.scope.mine('deliveries')).where('id', '=', id).returningAll().executeTakeFirst());
    return row && deliveryOf(row);
  }

  /** Newest first. */
  async listDeliveries(query?: PageRequest & DeliveryFilter): Promise<Page<Delivery>> {
    const keyset = new Keyset(
      ['deliveries', this.scope.tenantId, query?.integrationId ?? null, query?.ruleId ?? null, query?.scanId ?? null, query?.status ?? null],
      query,
      byCreation('deliveries', 'desc'),
    );
    if (query?.status !== undefined) assertOneOf(DELIVERY_STATUSES, query.status, 'status');
    for (const id of [query?.integrationId, query?.ruleId, query?.scanId]) if (id !== undefined && !isUuid(id)) return { items: [] };
    const rows = await this.scope.read((db) => {
      let select = db.selectFrom('deliveries').selectAll().where(this.scope.mine('deliveries'));
      if (query?.integrationId !== undefined) select = select.where('integration_id', '=', query.integrationId);
      if (query?.ruleId !== undefined) select = select.where('rule_id', '=', query.ruleId);
      if (query?.scanId !== undefined) select = select.where('scan_id', '=', query.scanId);
      if (query?.status !== undefined) select = select.where('status', '=', query.status);
      return keyset.apply(select).execute();
    });
    return keyset.page(rows, deliveryOf);
  }

  // ---- Dedupe window ----

  async getAlertDedupe(key: string): Promise<string | undefined> {
    const row = await this.scope.read((db) => db.selectFrom('alert_dedupe').select('sent_at').where(this.scope.mine('alert_dedupe')).where('key', '=', key).executeTakeFirst());
    return row?.sent_at;
  }

  async putAlertDedupe(key: string, sentAt: string, expiresAt: string): Promise<void> {
    const sent = toTime(sentAt, 'sentAt');
    const expires = toTime(expiresAt, 'expiresAt');
    await this.scope.write((db) =>
      db
        .insertInto('alert_dedupe')
        .values(this.scope.own({ key, sent_at: sent, expires_at: expires }))
        .onConflict((conflict) => conflict.columns(['tenant_id', 'key']).doUpdateSet({ sent_at: sent, expires_at: expires }))
        .execute(),
    );
  }

  /** Deletes the entries whose window ended before `before`; returns how many. */
  async purgeAlertDedupe(before: string): Promise<number> {
    const time = toTime(before, 'before');
    const result = await this.scope.write((db) => db.deleteFrom('alert_dedupe').where(this.scope.mine('alert_dedupe')).where('expires_at', '<', time).executeTakeFirst());
    return Number(result.numDeletedRows);
  }
}
