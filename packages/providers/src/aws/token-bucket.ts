import type { RateLimit } from './rate-limits.ts';

/**
 * A token bucket with adaptive rate, kept by the client for one account × region × API group.
 *
 * The client spends the published burst, then one token per refill interval: in steady state it
 * sends exactly at the server's refill rate, which is the fastest a rate-limited API can be read.
 *
 * A token stays counted against the burst until its call has answered (`release`): tokens plus
 * calls in flight never exceed the capacity. The server counts a request when it arrives, which can
 * be long after the client sent it (network jitter, or an event loop busy for a while); without
 * that count, tokens refilled while calls are still on their way would let the client send a new
 * burst on top of them, and the server would answer the excess with throttling errors. With it the
 * server, refilling at the same rate, always holds at least one token for every call on its way.
 *
 * Throttling (another client sharing the account's limit, or a lower limit than configured) cuts
 * the refill rate by 30%, as the SDK's adaptive retry mode does, and each success recovers a small
 * step. A call sent before the last cut was paced at the old rate, so its throttle says nothing new
 * and does not cut again: one burst of throttles costs one cut, not one per call.
 *
 * Callers wait in line, first come, first served (`acquire`): only the one at the head sleeps, until
 * its token is due, so a long line costs one timer per call, not one per waiter for every token.
 */
export const THROTTLE_DECREASE = 0.7;
export const SUCCESS_RECOVERY = 0.02;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  private factor = 1;
  private inFlight = 0;
  /** When the rate was last cut; throttles of calls sent before it do not cut it again. */
  private lastCut = Number.NEGATIVE_INFINITY;
  /** Settles when the last caller in line has its token. */
  private line: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    // A bucket that can never hold a whole token, or never refills, would make callers wait forever.
    if (!(limit.capacity >= 1) || !(limit.refillPerSecond > 0)) {
      throw new RangeError(`a rate limit needs capacity >= 1 and refillPerSecond > 0 (got ${limit.capacity} and ${limit.refillPerSecond})`);
    }
    this.capacity = Math.floor(limit.capacity);
    this.tokens = this.capacity;
    this.last = now();
  }

  /**
   * Waits in line for a token and takes it (true); the caller then owes a `release` when its call
   * has answered. Returns false, without a token, once `signal` is aborted.
   */
  async acquire(sleep: Sleep, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    if (this.waiting === 0 && this.tryTake() === 0) return true;
    this.waiting += 1;
    const ahead = this.line;
    let leave = () => {};
    this.line = new Promise((resolve) => (leave = resolve));
    try {
      await ahead;
      for (;;) {
        if (signal?.aborted) return false;
        const wait = this.tryTake();
        if (wait === 0) return true;
        await sleep(wait, signal);
      }
    } finally {
      this.waiting -= 1;
      leave();
    }
  }

  /** Milliseconds to wait before a token is available; 0 means one was taken (and is now in flight). */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.inFlight += 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate()) * 1000);
  }

  /** A call that took a token has answered (or given up): it no longer counts against the burst. */
  release(): void {
    // Refilled up to now under the cap that held while the call was on its way.
    this.refill();
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** A call was throttled; `sentAt` (the `now` of its sending) tells a new throttle from an echo of the last cut. */
  onThrottle(sentAt?: number): void {
    this.tokens = Math.min(this.tokens, 0);
    if (sentAt !== undefined && sentAt <= this.lastCut) return;
    this.factor = Math.max(0.05, this.factor * THROTTLE_DECREASE);
    this.lastCut = this.now();
  }

  onSuccess(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + SUCCESS_RECOVERY);
  }

  /** Current refill rate per second, after adaptive reduction. */
  rate(): number {
    return this.limit.refillPerSecond * this.factor;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    // At least one token can always refill, so a bucket smaller than its calls in flight still moves.
    const room = Math.max(1, this.capacity - this.inFlight);
    this.tokens = Math.min(room, this.tokens + elapsed * this.rate());
  }
}
