/**
 * Rate-limit budgets shared between processes. A process's token buckets (token-bucket.ts) pace
 * its own calls; queue workers on several processes and machines scanning one account would each
 * spend the whole of the provider's limit. A `SharedRateLimiter` is the one bucket they all draw
 * from, kept where they all reach it (a table in the queue's database): the gateway takes a token
 * from it after its local bucket granted one, under the same account × region × API key.
 *
 * One round trip per call: a limiter could hand out several tokens at once to spend locally, but a
 * token handed out early is spent late, and the global rate would then exceed the limit by whatever
 * the processes hold. Within a process, callers refused by the limiter wait in line per key, and
 * only the head of the line asks again, so contention costs one request per refill interval per
 * process, not one per waiting call.
 */
import type { RateLimit } from './rate-limits.ts';
import type { Sleep } from './token-bucket.ts';

export interface SharedRateLimiter {
  /**
   * Takes `count` tokens (default 1) from the bucket `key`, created full at `limit.capacity` on first
   * use. Returns 0 when they were taken, or the milliseconds until they could be (nothing taken).
   */
  take(key: string, limit: RateLimit, count?: number): Promise<number>;
  /** Releases what the limiter holds (connections it owns). */
  close?(): Promise<void>;
}

/** Callers of one process refused by a limiter for one key, first come, first served. */
interface Line {
  /** Settles when the last caller in line has its token (or gave up). */
  tail: Promise<void>;
  waiting: number;
}

const linesByLimiter = new WeakMap<SharedRateLimiter, Map<string, Line>>();

/**
 * Takes one token of `key` from `limiter`, waiting (with `sleep`) as long as it says. Returns true
 * once the token is taken, false without one once `signal` is aborted; throws what the limiter
 * throws (it could not be asked).
 */
export async function takeSharedToken(limiter: SharedRateLimiter, key: string, limit: RateLimit, sleep: Sleep, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  let lines = linesByLimiter.get(limiter);
  if (!lines) {
    lines = new Map();
    linesByLimiter.set(limiter, lines);
  }
  // Nobody in line: ask at once, so the calls of a burst go out together.
  let refused = 0;
  if (!lines.has(key)) {
    refused = await limiter.take(key, limit);
    if (refused <= 0) return true;
    if (signal?.aborted) return false;
  }
  let line = lines.get(key);
  if (!line) {
    line = { tail: Promise.resolve(), waiting: 0 };
    lines.set(key, line);
  }
  line.waiting += 1;
  const ahead = line.tail;
  let leave = () => {};
  line.tail = new Promise((resolve) => (leave = resolve));
  try {
    await ahead;
    // A refused caller first waits what it was told, even when others were ahead: each of them took a token.
    let wait = refused;
    for (;;) {
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) return false;
      wait = await limiter.take(key, limit);
      if (wait <= 0) return true;
    }
  } finally {
    line.waiting -= 1;
    leave();
    if (line.waiting === 0 && lines.get(key) === line) lines.delete(key);
  }
}
