/**
 * The PostgreSQL rate limiter as queue workers use it: two limiters on two pools stand for two
 * processes drawing from one bucket. PostgreSQL comes from packages/store/test/postgres-server.ts
 * (PALISADE_TEST_DATABASE_URL, or a throwaway cluster).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsGateway, createRateLimitBudgets } from '@palisade/providers/sdk-free';
import type { SharedRateLimiter } from '@palisade/providers/sdk-free';
import { TestDatabases, findPostgres } from '../../store/test/postgres-server.ts';
import { PostgresRateLimiter, RATE_BUCKETS_TABLE } from './rate-limits.ts';

const postgres = await findPostgres();
const skip = 'skipped' in postgres ? postgres.skipped : undefined;
let databases: TestDatabases | undefined;
const pools: pg.Pool[] = [];

function pool(url: string): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max: 4 });
  pools.push(created);
  return created;
}

afterAll(async () => {
  for (const created of pools) await created.end();
  await databases?.dispose();
  if (!('skipped' in postgres)) await postgres.stop();
});

describe('the PostgreSQL rate limiter', () => {
  if (skip) it.skip(`PostgreSQL: ${skip}`, () => undefined);
  let first: PostgresRateLimiter;
  let second: PostgresRateLimiter;
  let admin: pg.Pool;

  beforeAll(async () => {
    if ('skipped' in postgres) return;
    databases = await TestDatabases.create(postgres.adminUrl);
    const database = await databases.fresh();
    admin = pool(database.adminUrl);
    // The owner creates the table, twice at once (two workers starting); the application role only takes.
    const owner = new PostgresRateLimiter(admin);
    await Promise.all([owner.ensureSchema({ grantTo: databases.appRole }), owner.ensureSchema({ grantTo: databases.appRole })]);
    first = new PostgresRateLimiter(pool(database.appUrl));
    second = new PostgresRateLimiter(pool(database.appUrl));
  });

  it.skipIf(Boolean(skip))('never grants two processes together more than capacity + rate × elapsed on one key', async () => {
    const limit = { capacity: 5, refillPerSecond: 50 };
    const granted = [0, 0];
    let refused = 0;
    const started = performance.now();
    const deadline = started + 1_000;
    // Four callers per process, each asking again as soon as it is answered.
    const caller = async (limiter: PostgresRateLimiter, index: number) => {
      while (performance.now() < deadline) {
        const wait = await limiter.take('111111111111|eu-west-1|iam:*', limit);
        if (wait === 0) granted[index]! += 1;
        else {
          refused += 1;
          expect(wait).toBeGreaterThanOrEqual(1);
          expect(wait).toBeLessThanOrEqual(1_000 / limit.refillPerSecond);
        }
      }
    };
    await Promise.all([0, 1, 2, 3].flatMap(() => [caller(first, 0), caller(second, 1)]));
    const elapsedSeconds = (performance.now() - started) / 1000;
    const total = granted[0]! + granted[1]!;
    expect(total).toBeLessThanOrEqual(Math.floor(limit.capacity + limit.refillPerSecond * elapsedSeconds + 1e-9));
    // The bucket refilled (more than its capacity went out) and both processes drew from it.
    expect(total).toBeGreaterThan(limit.capacity);
    expect(granted[0]).toBeGreaterThan(0);
    expect(granted[1]).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it.skipIf(Boolean(skip))('keeps keys apart, and takes nothing when it refuses', async () => {
    // Refilled once in 100 s: nothing refills during the test.
    const slow = { capacity: 3, refillPerSecond: 0.01 };
    for (let index = 0; index < 3; index += 1) expect(await first.take('222222222222|eu-west-1|kms:*', slow)).toBe(0);
    const wait = await second.take('222222222222|eu-west-1|kms:*', slow);
    expect(wait).toBeGreaterThan(90_000);
    expect(wait).toBeLessThanOrEqual(100_000);
    // Another account, region or API is another bucket, full.
    for (const key of ['333333333333|eu-west-1|kms:*', '222222222222|us-east-1|kms:*', '222222222222|eu-west-1|iam:*']) {
      for (let index = 0; index < 3; index += 1) expect(await second.take(key, slow)).toBe(0);
    }
    // Refusals took nothing: the refused bucket still needs one whole token, and 2 tokens at once need twice that.
    for (let index = 0; index < 5; index += 1) {
      const again = await first.take('222222222222|eu-west-1|kms:*', slow);
      expect(again).toBeGreaterThan(90_000);
      expect(again).toBeLessThanOrEqual(100_000);
    }
    const twice = await first.take('222222222222|eu-west-1|kms:*', slow, 2);
    expect(twice).toBeGreaterThan(190_000);
    expect(twice).toBeLessThanOrEqual(200_000);
    const rows = await admin.query<{ key: string }>(`SELECT key FROM ${RATE_BUCKETS_TABLE} WHERE key LIKE '%kms:*' OR key LIKE '%iam:*' ORDER BY key`);
    expect(rows.rows.map((row) => row.key)).toEqual(['111111111111|eu-west-1|iam:*', '222222222222|eu-west-1|iam:*', '222222222222|eu-west-1|kms:*', '222222222222|us-east-1|kms:*', '333333333333|eu-west-1|kms:*']);
  });

  it.skipIf(Boolean(skip))('takes several tokens at once, and refuses a count the bucket can never hold', async () => {
    const limit = { capacity: 4, refillPerSecond: 0.01 };
    expect(await first.take('444444444444|eu-west-1|s3:*', limit, 3)).toBe(0);
    expect(await second.take('444444444444|eu-west-1|s3:*', limit, 2)).toBeGreaterThan(0);
    expect(await second.take('444444444444|eu-west-1|s3:*', limit, 1)).toBe(0);
    await expect(first.take('444444444444|eu-west-1|s3:*', limit, 5)).rejects.toThrow(RangeError);
    await expect(first.take('444444444444|eu-west-1|s3:*', { capacity: 4, refillPerSecond: 0 })).rejects.toThrow(RangeError);
  });

  it.skipIf(Boolean(skip))('paces the calls of two gateways (two processes) on one account × region × API to the shared limit', async () => {
    const limit = { capacity: 5, refillPerSecond: 50 };
    let takes = 0;
    const counted = (limiter: SharedRateLimiter): SharedRateLimiter => ({
      take: (key, given, count) => {
        takes += 1;
        return limiter.take(key, given, count);
      },
    });
    // Each process's own bucket allows the full limit; only the shared one keeps the two together under it.
    const gateways = [first, second].map(
      (limiter) => new AwsGateway({ rateLimits: [{ pattern: '*', ...limit, source: 'test' }], budgets: createRateLimitBudgets({ shared: counted(limiter) }) }),
    );
    const CALLS = 30;
    let sent = 0;
    const started = performance.now();
    const results = await Promise.all(
      gateways.flatMap((gateway) =>
        Array.from({ length: CALLS }, () =>
          gateway.call({ accountId: '555555555555', region: 'eu-west-1' }, 'iam:ListUsers', async () => {
            sent += 1;
            return 'users';
          }),
        ),
      ),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(results.every((result) => result.value === 'users')).toBe(true);
    expect(sent).toBe(2 * CALLS);
    // Sixty calls through a bucket of 5 refilled at 50/s take at least 1.1 s, however many processes send them.
    expect(sent).toBeLessThanOrEqual(Math.floor(limit.capacity + limit.refillPerSecond * elapsedSeconds + 1e-9));
    // Refused calls waited in line: far fewer round trips than one per call per refill interval.
    expect(takes).toBeLessThan(4 * sent);
  });
});
