import { describe, expect, it } from 'vitest';
import { AwsGateway, createRateLimitBudgets } from './gateway.ts';
import type { GatewayOptions } from './gateway.ts';
import type { RateLimit, RateLimitRule } from './rate-limits.ts';
import { takeSharedToken } from './shared-budget.ts';
import type { SharedRateLimiter } from './shared-budget.ts';

const SCOPE = { accountId: '123456789012', region: 'eu-west-1' };

function rule(pattern: string, capacity: number, refillPerSecond: number): RateLimitRule {
  return { pattern, capacity, refillPerSecond, source: 'test' };
}

/** A clock that only moves when the code under test sleeps. */
function fakeClock() {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** A limiter answering from a script (a number, or an error to throw), then granting; it records every take. */
function scriptedLimiter(answers: readonly (number | Error)[]) {
  const takes: { key: string; limit: RateLimit; count: number | undefined }[] = [];
  const limiter: SharedRateLimiter = {
    async take(key, limit, count) {
      const answer = answers[takes.length];
      takes.push({ key, limit, count });
      if (answer instanceof Error) throw answer;
      return answer ?? 0;
    },
  };
  return { limiter, takes };
}

/**
 * One bucket per key on a fake clock, as one shared store would keep it for every process; `override`
 * stands for the budget other processes already spend, leaving this one less than its own rule.
 */
function bucketLimiter(now: () => number, override?: RateLimit) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const takes: string[] = [];
  const grantedAt: number[] = [];
  const limiter: SharedRateLimiter = {
    async take(key, given, count = 1) {
      const limit = override ?? given;
      takes.push(key);
      const bucket = buckets.get(key) ?? { tokens: limit.capacity, at: now() };
      bucket.tokens = Math.min(limit.capacity, bucket.tokens + ((now() - bucket.at) / 1000) * limit.refillPerSecond);
      bucket.at = now();
      buckets.set(key, bucket);
      if (bucket.tokens >= count) {
        bucket.tokens -= count;
        grantedAt.push(now());
        return 0;
      }
      return Math.ceil(((count - bucket.tokens) / limit.refillPerSecond) * 1000);
    },
  };
  return { limiter, takes, grantedAt };
}

function sharedGateway(limiter: SharedRateLimiter, options: GatewayOptions = {}) {
  const clock = fakeClock();
  const budgets = createRateLimitBudgets({ shared: limiter });
  const gateway = new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, baseDelayMs: 100, rateLimits: [rule('iam:*', 20, 10), rule('*', 10, 5)], budgets, ...options });
  return { gateway, clock, budgets };
}

describe('a gateway with a shared rate limiter', () => {
  it('sends only once the shared limiter granted the token, waiting what it says, under the account × region × API key', async () => {
    const { limiter, takes } = scriptedLimiter([250, 120]);
    const { gateway, clock } = sharedGateway(limiter);
    let sent = 0;
    const result = await gateway.call(SCOPE, 'iam:ListUsers', async () => {
      sent += 1;
      // Sent after both refusals were waited out.
      expect(clock.time).toBe(370);
      return 'users';
    });
    expect(result).toEqual({ value: 'users' });
    expect(sent).toBe(1);
    expect(clock.sleeps).toEqual([250, 120]);
    expect(takes).toEqual([
      { key: '123456789012|eu-west-1|iam:*', limit: { capacity: 20, refillPerSecond: 10 }, count: undefined },
      { key: '123456789012|eu-west-1|iam:*', limit: { capacity: 20, refillPerSecond: 10 }, count: undefined },
      { key: '123456789012|eu-west-1|iam:*', limit: { capacity: 20, refillPerSecond: 10 }, count: undefined },
    ]);
    expect(gateway.snapshotCounters()['iam']).toMatchObject({ calls: 1, retries: 0, errors: 0 });
  });

  it('takes from the shared limiter after the local bucket, which still paces the process', async () => {
    const clock = fakeClock();
    const shared = bucketLimiter(clock.now);
    const gateway = new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, rateLimits: [rule('*', 2, 10)], budgets: createRateLimitBudgets({ shared: shared.limiter }) });
    for (let index = 0; index < 4; index += 1) expect(await gateway.call(SCOPE, 'sts:GetCallerIdentity', async () => 'me')).toEqual({ value: 'me' });
    // The local bucket of 2 at 10/s paced the last two calls; the shared bucket (the same limit) never had to refuse.
    expect(clock.sleeps).toEqual([100, 100]);
    expect(shared.takes).toHaveLength(4);
    expect(shared.grantedAt).toEqual([0, 0, 100, 200]);
  });

  it('lets only the head of the line ask again: refused calls of one process wait in line per key', async () => {
    const clock = fakeClock();
    const shared = bucketLimiter(clock.now, { capacity: 1, refillPerSecond: 10 });
    // The local bucket would let all five go at once; the shared bucket holds one token, refilled at 10/s.
    const budgets = createRateLimitBudgets({ shared: shared.limiter });
    const gateway = new AwsGateway({ now: clock.now, sleep: clock.sleep, random: () => 0, rateLimits: [rule('*', 10, 10)], budgets });
    let sent = 0;
    const calls = [1, 2, 3, 4, 5].map(() =>
      gateway.call(SCOPE, 'sts:GetCallerIdentity', async () => {
        sent += 1;
        return 'me';
      }),
    );
    // A call of another key is not held behind them.
    const other = await gateway.call({ ...SCOPE, region: 'us-east-1' }, 'sts:GetCallerIdentity', async () => 'other');
    expect(other).toEqual({ value: 'other' });
    expect((await Promise.all(calls)).map((result) => result.value)).toEqual(['me', 'me', 'me', 'me', 'me']);
    expect(sent).toBe(5);
    // Five first asks (one granted), then one grant per refused caller after its wait: no caller asked while another was at the head.
    expect(shared.takes.filter((key) => key.includes('eu-west-1'))).toHaveLength(9);
    expect(shared.grantedAt).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it('gives up waiting for the shared limiter when the scan is cancelled, and sends nothing', async () => {
    const controller = new AbortController();
    const { limiter, takes } = scriptedLimiter(Array.from({ length: 100 }, () => 600_000));
    // The default sleep: a wait of ten minutes ends when the signal aborts.
    const gateway = new AwsGateway({ signal: controller.signal, rateLimits: [rule('*', 1, 1)], budgets: createRateLimitBudgets({ shared: limiter }) });
    let sent = 0;
    const pending = gateway.call(SCOPE, 'iam:ListRoles', async () => {
      sent += 1;
      return 'roles';
    });
    // Refused once: the call sleeps the ten minutes it was told.
    while (takes.length < 1) await new Promise((resolve) => setTimeout(resolve, 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const result = await pending;
    expect(result.error).toMatchObject({ code: 'Cancelled', api: 'iam:ListRoles' });
    expect(sent).toBe(0);
    expect(takes).toHaveLength(1);
  });

  it('does not ask the shared limiter once the scan is cancelled while the call waits for its local token', async () => {
    const controller = new AbortController();
    const { limiter, takes } = scriptedLimiter([]);
    const clock = fakeClock();
    const gateway = new AwsGateway({
      now: clock.now,
      sleep: async (ms) => {
        clock.time += ms;
        controller.abort();
      },
      signal: controller.signal,
      rateLimits: [rule('*', 1, 1)],
      budgets: createRateLimitBudgets({ shared: limiter }),
    });
    expect(await gateway.call(SCOPE, 'iam:ListRoles', async () => 'roles')).toEqual({ value: 'roles' });
    expect((await gateway.call(SCOPE, 'iam:ListRoles', async () => 'roles')).error).toMatchObject({ code: 'Cancelled' });
    expect(takes).toHaveLength(1);
  });

  it('retries after a back-off when the shared limiter cannot be asked, and fails the call with its reason when it never answers', async () => {
    const down = new Error('connection terminated unexpectedly');
    const recovering = scriptedLimiter([down, down]);
    const first = sharedGateway(recovering.limiter);
    let sent = 0;
    expect(
      await first.gateway.call(SCOPE, 'iam:ListUsers', async () => {
        sent += 1;
        return 'users';
      }),
    ).toEqual({ value: 'users' });
    expect(sent).toBe(1);
    // The back-off steps (random 0: half of the 100 and 200 ms ceilings).
    expect(first.clock.sleeps).toEqual([50, 100]);
    expect(first.gateway.snapshotCounters()['iam']).toMatchObject({ calls: 1, retries: 1, retriesByClass: { transient: 1 }, errors: 0 });

    const dead = scriptedLimiter(Array.from({ length: 10 }, () => down));
    const second = sharedGateway(dead.limiter, { maxAttempts: 3 });
    const result = await second.gateway.call(SCOPE, 'iam:ListUsers', async () => expect.fail('nothing may be sent'));
    expect(result.error).toEqual({
      api: 'iam:ListUsers',
      code: 'SharedRateLimitUnavailable',
      message: 'the shared rate limiter did not answer: connection terminated unexpectedly',
      region: 'eu-west-1',
      retryable: 'transient',
    });
    expect(dead.takes).toHaveLength(3);
    expect(second.gateway.snapshotCounters()['iam']).toMatchObject({ calls: 0, errors: 1, errorsByClass: { transient: 1 }, errorCodes: { SharedRateLimitUnavailable: 1 } });
  });
});

describe('takeSharedToken', () => {
  it('answers false without asking when the signal is already aborted', async () => {
    const { limiter, takes } = scriptedLimiter([]);
    const controller = new AbortController();
    controller.abort();
    expect(await takeSharedToken(limiter, 'k', { capacity: 1, refillPerSecond: 1 }, async () => undefined, controller.signal)).toBe(false);
    expect(takes).toEqual([]);
  });
});
