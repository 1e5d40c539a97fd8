/**
 * A tenant's alerting state on DynamoDB (see ../alerts.ts for what it is): integrations, alert
 * rules, deliveries and dedupe entries, in the tenant partition. One delivery per (integration,
 * notification): appending one puts a guard item `DELIVERYKEY#<integration>#<notification>` on the
 * condition that it does not exist, in the delivery's transaction. A delivery of a scan also puts a
 * mark in the scan's partition, so that the delivery leaves with its scan.
 */
import { isUuid, now, toTime } from '../rows.ts';
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
} from '../types.ts';
import { exists, jsonText, missing, text, type Item } from './codec.ts';
import { alertRuleOf, deliveryOf, integrationOf } from './entities.ts';
import { Cursor } from './paging.ts';
import type { TenantItems } from './tenant-items.ts';

function assertOneOf<T extends string>(values: readonly T[], value: string, field: string): void {
  if (!(values as readonly string[]).includes(value)) throw new StoreError('InvalidInput', `${field} must be one of ${values.join(', ')}, not ${value}`, field);
}

export class DynamoAlerts {
  constructor(private readonly items: TenantItems) {}

  private get table() {
    return this.items.table;
  }

  private get keys() {
    return this.items.keys;
  }

  // ---- Integrations ----

  async createIntegration(integration: Omit<Integration, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>): Promise<Integration> {
    const { id, createdAt } = this.items.newEntity();
    const secretId = this.items.secretReference(integration.secretId);
    const item = this.items.own('INTEGRATION', id, {
      id,
      type: integration.type,
      name: integration.name,
      config: JSON.stringify(integration.config),
      secretId,
      enabled: integration.enabled,
      createdAt,
      updatedAt: createdAt,
    });
    if (secretId === undefined) await this.table.put(item);
    else if (await this.table.transact([{ put: item }, this.items.present('SECRET', secretId)])) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return integrationOf(item);
  }

  async getIntegration(id: string): Promise<Integration | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('INTEGRATION', id));
    return item && integrationOf(item);
  }

  listIntegrations(page?: PageRequest & { readonly type?: string }): Promise<Page<Integration>> {
    return this.items.listInOrder('INTEGRATION', ['integrations', this.items.tenantId, page?.type ?? null], page, integrationOf, {
      ...(page?.type === undefined ? {} : { keep: (item) => item.type === page.type }),
    });
  }

  async updateIntegration(id: string, patch: Partial<Pick<Integration, 'name' | 'config' | 'secretId' | 'enabled'>>): Promise<Integration | undefined> {
    if (!isUuid(id)) return undefined;
    const secretId = this.items.secretReference(patch.secretId);
    const changes = { updatedAt: now(), name: patch.name, config: jsonText(patch.config), secretId, enabled: patch.enabled };
    const key = this.keys.entity('INTEGRATION', id);
    if (secretId === undefined) {
      const item = await this.table.update(key, changes, exists);
      return item && integrationOf(item);
    }
    const failed = await this.table.transact([{ update: key, changes, condition: exists }, this.items.present('SECRET', secretId)]);
    if (failed?.includes(0)) return undefined;
    if (failed) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return this.getIntegration(id);
  }

  /** Its deliveries stay, as history. */
  async deleteIntegration(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.table.delete(this.keys.entity('INTEGRATION', id), exists)) !== undefined;
  }

  // ---- Alert rules ----

  async createAlertRule(rule: Pick<StoredAlertRule, 'name' | 'enabled' | 'body'>): Promise<StoredAlertRule> {
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('ALERTRULE', id, { id, name: rule.name, enabled: rule.enabled, body: JSON.stringify(rule.body), createdAt, updatedAt: createdAt });
    await this.table.put(item);
    return alertRuleOf(item);
  }

  async getAlertRule(id: string): Promise<StoredAlertRule | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('ALERTRULE', id));
    return item && alertRuleOf(item);
  }

  listAlertRules(page?: PageRequest & { readonly enabled?: boolean }): Promise<Page<StoredAlertRule>> {
    return this.items.listInOrder('ALERTRULE', ['alert-rules', this.items.tenantId, page?.enabled ?? null], page, alertRuleOf, {
      ...(page?.enabled === undefined ? {} : { keep: (item) => item.enabled === page.enabled }),
    });
  }

  async updateAlertRule(id: string, patch: Partial<Pick<StoredAlertRule, 'name' | 'enabled' | 'body'>>): Promise<StoredAlertRule | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.update(this.keys.entity('ALERTRULE', id), { updatedAt: now(), name: patch.name, enabled: patch.enabled, body: jsonText(patch.body) }, exists);
    return item && alertRuleOf(item);
  }

  async deleteAlertRule(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.table.delete(this.keys.entity('ALERTRULE', id), exists)) !== undefined;
  }

  // ---- Deliveries ----

  async appendDelivery(
    delivery: Pick<Delivery, 'integrationId' | 'notificationId' | 'kind'> & Partial<Pick<Delivery, 'ruleId' | 'scanId' | 'status' | 'attempts' | 'lastError' | 'finishedAt'>>,
  ): Promise<Delivery> {
    assertOneOf(DELIVERY_KINDS, delivery.kind, 'kind');
    assertOneOf(DELIVERY_STATUSES, delivery.status ?? 'pending', 'status');
    for (const [field, value] of [
      ['integrationId', delivery.integrationId],
      ['ruleId', delivery.ruleId],
      ['scanId', delivery.scanId],
    ] as const) {
      if (value !== undefined && !isUuid(value)) throw new StoreError(field === 'scanId' ? 'NotFound' : 'InvalidInput', `${field} is not a UUID: ${value}`, field);
    }
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('DELIVERY', id, {
      id,
      integrationId: delivery.integrationId,
      ruleId: delivery.ruleId,
      notificationId: delivery.notificationId,
      scanId: delivery.scanId,
      kind: delivery.kind,
      status: delivery.status ?? 'pending',
      attempts: JSON.stringify(delivery.attempts ?? []),
      lastError: jsonText(delivery.lastError),
      createdAt,
      finishedAt: delivery.finishedAt === undefined ? undefined : toTime(delivery.finishedAt, 'finishedAt'),
    });
    const guard = { ...this.keys.entity('DELIVERYKEY', `${delivery.integrationId}#${delivery.notificationId}`), deliveryId: id };
    const failed = await this.table.transact([
      { put: item },
      { put: guard, condition: missing },
      ...(delivery.scanId === undefined
        ? []
        : [
            this.items.present('SCAN', delivery.scanId),
            { put: { ...this.keys.scanDelivery(delivery.scanId, id), integrationId: delivery.integrationId, notificationId: delivery.notificationId } },
          ]),
    ]);
    if (failed?.includes(1)) throw new StoreError('Conflict', `notification ${delivery.notificationId} already has a delivery to integration ${delivery.integrationId}`, 'notificationId');
    if (failed) throw new StoreError('NotFound', `no scan ${delivery.scanId}`, 'scanId');
    return deliveryOf(item);
  }

  async updateDelivery(id: string, patch: DeliveryPatch): Promise<Delivery | undefined> {
    if (!isUuid(id)) return undefined;
    if (patch.status !== undefined) assertOneOf(DELIVERY_STATUSES, patch.status, 'status');
    const changes = {
      status: patch.status,
      attempts: jsonText(patch.attempts),
      lastError: patch.lastError === null ? null : jsonText(patch.lastError),
      finishedAt: patch.finishedAt === undefined ? undefined : toTime(patch.finishedAt, 'finishedAt'),
    };
    const key = this.keys.entity('DELIVERY', id);
    const item = Object.values(changes).every((value) => value === undefined) ? await this.table.get(key) : await this.table.update(key, changes, exists);
    return item && deliveryOf(item);
  }

  /** Newest first. */
  async listDeliveries(query?: PageRequest & DeliveryFilter): Promise<Page<Delivery>> {
    const cursor = new Cursor(
      ['deliveries', this.items.tenantId, query?.integrationId ?? null, query?.ruleId ?? null, query?.scanId ?? null, query?.status ?? null],
      query,
      ['string'],
    );
    if (query?.status !== undefined) assertOneOf(DELIVERY_STATUSES, query.status, 'status');
    for (const id of [query?.integrationId, query?.ruleId, query?.scanId]) if (id !== undefined && !isUuid(id)) return { items: [] };
    const keep = (item: Item) =>
      (query?.integrationId === undefined || item.integrationId === query.integrationId) &&
      (query?.ruleId === undefined || item.ruleId === query.ruleId) &&
      (query?.scanId === undefined || item.scanId === query.scanId) &&
      (query?.status === undefined || item.status === query.status);
    return this.items.pageInOrder(cursor, 'DELIVERY', deliveryOf, { keep, descending: true });
  }

  /** Deletes deliveries by the marks their scan's partition held. */
  async deleteDeliveries(marks: readonly Item[]): Promise<void> {
    await this.table.batchWrite({
      deletes: marks.flatMap((mark) => [
        this.keys.entity('DELIVERY', text(mark, 'sk').slice('D#'.length)),
        this.keys.entity('DELIVERYKEY', `${text(mark, 'integrationId')}#${text(mark, 'notificationId')}`),
      ]),
    });
  }

  // ---- Dedupe window ----

  async getAlertDedupe(key: string): Promise<string | undefined> {
    const item = await this.table.get(this.keys.entity('DEDUPE', key), ['sentAt']);
    return item && text(item, 'sentAt');
  }

  async putAlertDedupe(key: string, sentAt: string, expiresAt: string): Promise<void> {
    const sent = toTime(sentAt, 'sentAt');
    const expires = toTime(expiresAt, 'expiresAt');
    await this.table.put(this.items.own('DEDUPE', key, { key, sentAt: sent, expiresAt: expires }));
  }

  /** Deletes the entries whose window ended before `before`; returns how many. Reads every entry of the tenant. */
  async purgeAlertDedupe(before: string): Promise<number> {
    const time = toTime(before, 'before');
    const expired = (await this.items.all('DEDUPE', ['pk', 'sk', 'expiresAt'])).filter((item) => text(item, 'expiresAt') < time);
    await this.table.batchWrite({ deletes: expired.map((item) => ({ pk: text(item, 'pk'), sk: text(item, 'sk') })) });
    return expired.length;
  }
}
