/**
 * A counting semaphore: the one global `--max-concurrency` shared by every account, region and
 * service of a scan. Waiters are served by priority (higher first), then first come, first served.
 */
export class Limiter {
  private active = 0;
  /** Kept in serving order: by priority, then arrival. */
  private readonly waiting: { readonly priority: number; readonly start: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((start) => {
        let index = this.waiting.length;
        while (index > 0 && this.waiting[index - 1]!.priority < priority) index -= 1;
        this.waiting.splice(index, 0, { priority, start });
      });
    } else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter; otherwise free it.
      if (next) next.start();
      else this.active -= 1;
    }
  }

  get inFlight(): number {
    return this.active;
  }
}
