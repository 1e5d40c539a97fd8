/**
 * Keyset (cursor) paging for every list: rows are ordered by a sort key that ends in unique columns,
 * and a page starts after the previous page's last key, so pages neither skip nor repeat rows when
 * rows are added meanwhile, and a deep page costs what the first one costs.
 *
 * A cursor is opaque base64url JSON: a fingerprint of the list and its filters, then the last key.
 * A cursor given to a different list, other filters, another sort or another tenant is rejected
 * (`InvalidCursor`), as is one whose key does not have the sort's shape.
 */
import { createHash } from 'node:crypto';
import { sql, type Expression, type SqlBool } from 'kysely';
import { pageLimit } from './rows.ts';
import { StoreError, type Page, type PageRequest } from './types.ts';

export interface SortColumn<Row> {
  /** Qualified column reference (`findings.severity`). */
  readonly ref: string;
  readonly direction: 'asc' | 'desc';
  /** The column's value in a result row, for the next cursor. */
  readonly of: (row: Row) => string | number;
  readonly kind: 'string' | 'number';
}

/** What a query builder offers for paging (Kysely's select builders have it). */
export interface Orderable<Q> {
  where(expression: Expression<SqlBool>): Q;
  orderBy(expression: Expression<unknown>, direction: 'asc' | 'desc'): Q;
  limit(limit: number): Q;
}

export class Keyset<Row> {
  readonly limit: number;
  private readonly direction: 'asc' | 'desc';
  private readonly fingerprint: string;
  private readonly after: readonly (string | number)[] | undefined;

  /** `identity` names the list and everything that selects or orders its rows (tenant, filters, sort). */
  constructor(
    identity: unknown,
    request: PageRequest | undefined,
    private readonly columns: readonly SortColumn<Row>[],
  ) {
    this.limit = pageLimit(request?.limit);
    // One direction for the whole key, so that a row-value comparison expresses "after".
    this.direction = columns[0]?.direction ?? 'asc';
    if (columns.some((column) => column.direction !== this.direction)) throw new Error('a sort key has one direction');
    this.fingerprint = createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 16);
    this.after = request?.cursor === undefined ? undefined : this.decode(request.cursor);
  }

  /** Adds the start condition, the order and the limit (one row more, to know whether another page follows). */
  apply<Q extends Orderable<Q>>(query: Q): Q {
    let result = this.after ? query.where(this.startCondition(this.after)) : query;
    for (const column of this.columns) result = result.orderBy(sql.ref(column.ref), column.direction);
    return result.limit(this.limit + 1);
  }

  page<T, R extends Row>(rows: readonly R[], map: (row: R) => T): Page<T> {
    const items = rows.slice(0, this.limit);
    const last = items[items.length - 1];
    if (rows.length <= this.limit || last === undefined) return { items: items.map(map) };
    return { items: items.map(map), nextCursor: this.encode(this.columns.map((column) => column.of(last))) };
  }

  /**
   * `(a, b, c) > (x, y, z)` (or `<` for a descending sort): a row-value comparison, which both
   * databases use as the start of an index range instead of filtering from the first row.
   */
  private startCondition(after: readonly (string | number)[]): Expression<SqlBool> {
    const refs = sql.join(this.columns.map((column) => sql.ref(column.ref)));
    const values = sql.join(after.map((value) => sql`${value}`));
    return sql<SqlBool>`(${refs}) ${sql.raw(this.direction === 'asc' ? '>' : '<')} (${values})`;
  }

  private encode(key: readonly (string | number)[]): string {
    return Buffer.from(JSON.stringify([this.fingerprint, ...key])).toString('base64url');
  }

  private decode(cursor: string): readonly (string | number)[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed[0] !== this.fingerprint || parsed.length !== this.columns.length + 1) throw invalid();
    const key = parsed.slice(1) as unknown[];
    this.columns.forEach((column, index) => {
      const value = key[index];
      if (column.kind === 'number' ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string') throw invalid();
    });
    return key as (string | number)[];
  }
}

function invalid(): StoreError {
  return new StoreError('InvalidCursor', 'the cursor does not belong to this query', 'cursor');
}

/** The usual order of a tenant's list: creation time, then id. */
export function byCreation<Row extends { created_at: string; id: string }>(table: string, direction: 'asc' | 'desc' = 'asc'): SortColumn<Row>[] {
  return [
    { ref: `${table}.created_at`, direction, of: (row) => row.created_at, kind: 'string' },
    { ref: `${table}.id`, direction, of: (row) => row.id, kind: 'string' },
  ];
}
