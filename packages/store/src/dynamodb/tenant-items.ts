/**
 * What every part of a DynamoDB tenant store shares: the table, the tenant's keys (`TenantKeys`, the
 * only source of a tenant item's key), new items owned by the tenant, existence checks for
 * transactions, and lists read in key order.
 */
import { isUuid, newId } from '../rows.ts';
import { BUILT_IN_ROLES, StoreError, type Page, type PageRequest } from '../types.ts';
import { exists, text, type Condition, type Item } from './codec.ts';
import { createdAtOf } from './entities.ts';
import { Cursor, pageInOrder } from './paging.ts';
import type { DynamoTable, TransactAction } from './requests.ts';
import { TenantKeys, type EntityKind } from './table.ts';

export const isBuiltInRole = (role: string): boolean => Object.hasOwn(BUILT_IN_ROLES, role);

export class TenantItems {
  readonly keys: TenantKeys;

  constructor(
    readonly table: DynamoTable,
    readonly tenantId: string,
  ) {
    this.keys = new TenantKeys(tenantId);
  }

  /** A new id and the creation time it carries (so that id order is creation order). */
  newEntity(): { id: string; createdAt: string } {
    const id = newId();
    return { id, createdAt: createdAtOf(id) };
  }

  /** A new item of this tenant. */
  own(kind: EntityKind, id: string, fields: Item): Item {
    return { ...this.keys.entity(kind, id), tenantId: this.tenantId, ...fields };
  }

  /** A transaction action that holds only while the item exists. */
  present(kind: EntityKind, id: string, condition: Condition = exists): TransactAction {
    return { check: this.keys.entity(kind, id), condition };
  }

  /** A role a member, key or invitation may hold: built-in, or one of this tenant's custom roles. */
  async assertRole(role: string): Promise<void> {
    if (isBuiltInRole(role)) return;
    if (!(await this.table.get(this.keys.entity('ROLE', role), ['name']))) throw new StoreError('InvalidInput', `no role ${role} in this tenant`, 'role');
  }

  /** For a custom role, the check that it still exists when the transaction commits. */
  roleCheck(role: string): TransactAction[] {
    return isBuiltInRole(role) ? [] : [this.present('ROLE', role)];
  }

  /** A secret reference: undefined, or an id that must name this tenant's secret (checked by the transaction). */
  secretReference(secretId: string | undefined): string | undefined {
    if (secretId !== undefined && !isUuid(secretId)) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return secretId;
  }

  /** Every item of a kind (the small collections: providers, members, schedules, …). */
  all(kind: EntityKind, attributes?: readonly string[]): Promise<Item[]> {
    return this.table.queryAll({ partition: this.keys.partition, prefix: this.keys.prefix(kind), ...(attributes ? { attributes } : {}) });
  }

  /**
   * A page of a kind's items in key order (creation order; `descending`: newest first), keeping
   * those `keep` accepts. The cursor is the page's last sort key.
   */
  async listInOrder<T>(
    kind: EntityKind,
    identity: readonly unknown[],
    request: PageRequest | undefined,
    map: (item: Item) => T,
    options: { readonly keep?: (item: Item) => boolean; readonly descending?: boolean; readonly prefix?: string } = {},
  ): Promise<Page<T>> {
    const cursor = new Cursor(identity, request, ['string']);
    return this.pageInOrder(cursor, kind, map, options);
  }

  /** As `listInOrder`, with a cursor made (and checked) by the caller. */
  async pageInOrder<T>(
    cursor: Cursor,
    kind: EntityKind,
    map: (item: Item) => T,
    options: { readonly keep?: (item: Item) => boolean; readonly descending?: boolean; readonly prefix?: string } = {},
  ): Promise<Page<T>> {
    const prefix = options.prefix ?? this.keys.prefix(kind);
    const after = cursor.after?.[0];
    if (after !== undefined && !String(after).startsWith(prefix)) throw new StoreError('InvalidCursor', 'the cursor does not belong to this query', 'cursor');
    const keep = options.keep;
    const pages = this.table.pages({
      partition: this.keys.partition,
      prefix,
      descending: options.descending,
      ...(after === undefined ? {} : { startAfter: String(after) }),
      // Without a filter, one item more than the page tells whether another follows.
      ...(keep ? {} : { pageSize: cursor.limit + 1 }),
    });
    const { rows, nextCursor } = await pageInOrder(cursor, pages, keep ?? (() => true), (item) => [text(item, 'sk')]);
    return { items: rows.map(map), ...(nextCursor ? { nextCursor } : {}) };
  }
}
