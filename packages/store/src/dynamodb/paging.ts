/**
 * Cursors of the DynamoDB store, with the SQL stores' rule: a cursor is opaque base64url JSON, a
 * fingerprint of the list (its name, tenant, filters and sort) followed by the last key of the
 * page; a cursor of another list, filter, sort or tenant, or of the wrong shape, is `InvalidCursor`.
 *
 * Two ways to page. A list read in its partition's key order resumes after the last sort key
 * (`pageInOrder`). A list filtered or sorted in memory (findings, members) is read whole, sorted by
 * a key ending in unique values, and the page starts after the cursor's key (`pageInMemory`).
 */
import { createHash } from 'node:crypto';
import { pageLimit } from '../rows.ts';
import { StoreError, type Page, type PageRequest } from '../types.ts';

export type KeyPart = string | number;
export type KeyKinds = readonly ('string' | 'number')[];

function invalid(): StoreError {
  return new StoreError('InvalidCursor', 'the cursor does not belong to this query', 'cursor');
}

export class Cursor {
  readonly limit: number;
  /** The key the page starts after, when a cursor was given. */
  readonly after: readonly KeyPart[] | undefined;
  private readonly fingerprint: string;

  constructor(
    identity: unknown,
    request: PageRequest | undefined,
    private readonly kinds: KeyKinds,
  ) {
    this.limit = pageLimit(request?.limit);
    this.fingerprint = createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 16);
    this.after = request?.cursor === undefined ? undefined : this.decode(request.cursor);
  }

  encode(key: readonly KeyPart[]): string {
    return Buffer.from(JSON.stringify([this.fingerprint, ...key])).toString('base64url');
  }

  private decode(cursor: string): readonly KeyPart[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed[0] !== this.fingerprint || parsed.length !== this.kinds.length + 1) throw invalid();
    const key = parsed.slice(1) as unknown[];
    this.kinds.forEach((kind, index) => {
      const value = key[index];
      if (kind === 'number' ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string') throw invalid();
    });
    return key as KeyPart[];
  }
}

export function compareParts(a: KeyPart, b: KeyPart): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  for (let index = 0; index < a.length; index++) {
    const order = compareParts(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return 0;
}

/** A page of `rows` (all the list's rows) ordered by `keyOf` in `direction`, after the cursor's key. */
export function pageInMemory<Row, T>(cursor: Cursor, rows: readonly Row[], keyOf: (row: Row) => readonly KeyPart[], direction: 'asc' | 'desc', map: (row: Row) => T): Page<T> {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, key: keyOf(row) }));
  const after = cursor.after;
  const remaining = (after ? keyed.filter((entry) => sign * compareKeys(entry.key, after) > 0) : keyed).sort((a, b) => sign * compareKeys(a.key, b.key));
  const items = remaining.slice(0, cursor.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((entry) => map(entry.row)),
    ...(remaining.length > cursor.limit && last ? { nextCursor: cursor.encode(last.key) } : {}),
  };
}

/**
 * A page read in key order from a stream of items (a partition's query pages), keeping those that
 * match: stops at one match more than the limit, so the last page has no cursor.
 */
export async function pageInOrder<Row>(
  cursor: Cursor,
  pages: AsyncIterable<readonly Row[]>,
  keep: (row: Row) => boolean,
  keyOf: (row: Row) => readonly KeyPart[],
): Promise<{ readonly rows: readonly Row[]; readonly nextCursor?: string }> {
  const kept: Row[] = [];
  outer: for await (const page of pages) {
    for (const row of page) {
      if (!keep(row)) continue;
      kept.push(row);
      if (kept.length > cursor.limit) break outer;
    }
  }
  const rows = kept.slice(0, cursor.limit);
  const last = rows[rows.length - 1];
  return { rows, ...(kept.length > cursor.limit && last ? { nextCursor: cursor.encode(keyOf(last)) } : {}) };
}
