/**
 * Rate-limit budgets shared by the queue's workers through PostgreSQL: one row per account × region
 * × API bucket in `palisade_rate_buckets`, taken from by one atomic statement per call, so N workers
 * on any number of machines together never exceed the provider's limit (`SharedRateLimiter`, given
 * to the gateway with `createRateLimitBudgets({ shared })`).
 *
 * A row is the bucket's level `tokens` at the instant `updated_at` (epoch milliseconds of the
 * database server's clock, so the workers' clocks do not matter). The level refills linearly up to
 * the capacity, so `(tokens, t)` and `(tokens - rate × d, t - d)` describe the same bucket. A take
 * locks the row (INSERT … ON CONFLICT DO UPDATE), refills it to the server's `clock_timestamp()`
 * read after the lock, and always stores `level - count`: at that instant when the level covered the
 * count (granted), otherwise the same bucket stated `count / rate` seconds earlier (refused, nothing
 * taken). The stored level is thus negative exactly when the take was refused, and says how long to
 * wait: the statement's RETURNING answers both without a second round trip.
 *
 * Grants: the application role needs SELECT, INSERT and UPDATE on the table (`ensureSchema` run by
 * the owner grants them with `grantTo`); nothing deletes rows, and a bucket left alone refills to
 * full, so stale rows cost one row each.
 */
import type { SharedRateLimiter } from '@palisade/providers/sdk-free';
import type { Pool } from 'pg';

export const RATE_BUCKETS_TABLE = 'palisade_rate_buckets';

/** Milliseconds since the epoch on the server's clock, read when evaluated (not at the statement's start). */
const SERVER_NOW = 'extract(epoch FROM clock_timestamp()) * 1000';

/**
 * $1 key, $2 capacity, $3 refill per second, $4 count. A new bucket starts full, less the count.
 * `greatest(…, bucket.updated_at)` keeps a row's time from running backwards when the server's
 * clock is set back: the bucket then refills from where it stood instead of twice.
 */
const TAKE = `
INSERT INTO ${RATE_BUCKETS_TABLE} AS bucket (key, tokens, updated_at)
VALUES ($1, $2::float8 - $4::float8, ${SERVER_NOW})
ON CONFLICT (key) DO UPDATE SET (tokens, updated_at) = (
  SELECT refill.level - $4::float8,
         CASE WHEN refill.level >= $4::float8 THEN clock.now ELSE clock.now - $4::float8 / $3::float8 * 1000 END
  FROM (SELECT greatest(${SERVER_NOW}, bucket.updated_at) AS now) AS clock,
       LATERAL (SELECT least($2::float8, bucket.tokens + (clock.now - bucket.updated_at) * $3::float8 / 1000) AS level) AS refill
)
RETURNING tokens`;

export interface RateLimitSchemaOptions {
  /** A connection of the table's owner; defaults to the limiter's own pool. */
  readonly owner?: Pool;
  /** The application role that takes tokens: granted SELECT, INSERT and UPDATE on the table. */
  readonly grantTo?: string;
}

export class PostgresRateLimiter implements SharedRateLimiter {
  constructor(private readonly pool: Pool) {}

  /** Creates the table if it is missing (idempotent, safe to run from several processes at once) and grants the application role. */
  async ensureSchema(options: RateLimitSchemaOptions = {}): Promise<void> {
    const client = await (options.owner ?? this.pool).connect();
    try {
      await client.query('BEGIN');
      // Two processes creating the table at once would otherwise race on the catalog.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('${RATE_BUCKETS_TABLE}'))`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${RATE_BUCKETS_TABLE} (key text PRIMARY KEY, tokens double precision NOT NULL, updated_at double precision NOT NULL)`);
      if (options.grantTo) await client.query(`GRANT SELECT, INSERT, UPDATE ON ${RATE_BUCKETS_TABLE} TO ${quoteIdentifier(options.grantTo)}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async take(key: string, limit: { capacity: number; refillPerSecond: number }, count = 1): Promise<number> {
    // A count the bucket can never hold would be refused forever.
    if (!(limit.refillPerSecond > 0) || !(count > 0) || !(count <= limit.capacity)) {
      throw new RangeError(`a take needs refillPerSecond > 0 and 0 < count <= capacity (got ${limit.refillPerSecond}, ${count} and ${limit.capacity})`);
    }
    const result = await this.pool.query<{ tokens: number }>({ name: 'palisade-rate-take', text: TAKE, values: [key, limit.capacity, limit.refillPerSecond, count] });
    const tokens = result.rows[0]?.tokens;
    if (tokens === undefined) throw new Error(`taking from rate bucket ${key} returned no row`);
    return tokens >= 0 ? 0 : Math.max(1, Math.ceil((-tokens / limit.refillPerSecond) * 1000));
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
