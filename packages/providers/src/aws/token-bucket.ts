import type { RateLimit } from './rate-limits.ts';

/**
 * A token bucket with adaptive rate: throttling cuts the refill rate by 30% (as the SDK's adaptive
 * retry mode does), each success recovers it by a small step, so a throttled API backs off quickly
 * and recovers slowly.
 *
 * The client spends only part of the published burst (BURST_SHARE): requests leave at the refill
 * rate but arrive with the network's jitter, bunched, and the server's leftover tokens absorb that
 * bunching instead of answering with throttling errors. It costs a fraction of a second of burst.
 */
export const BURST_SHARE = 0.8;
export const THROTTLE_DECREASE = 0.7;
export const SUCCESS_RECOVERY = 0.02;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private factor = 1;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    // A bucket that can never hold a whole token, or never refills, would make callers wait forever.
    if (!(limit.capacity >= 1) || !(limit.refillPerSecond > 0)) {
      throw new RangeError(`a rate limit needs capacity >= 1 and refillPerSecond > 0 (got ${limit.capacity} and ${limit.refillPerSecond})`);
    }
    this.capacity = Math.max(1, Math.floor(limit.capacity * BURST_SHARE));
    this.tokens = this.capacity;
    this.last = now();
  }

  private readonly capacity: number;

  /** Milliseconds to wait before a token is available; 0 means one was taken. */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate()) * 1000);
  }

  onThrottle(): void {
    this.factor = Math.max(0.05, this.factor * THROTTLE_DECREASE);
    this.tokens = Math.min(this.tokens, 0);
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
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.rate());
  }
}
