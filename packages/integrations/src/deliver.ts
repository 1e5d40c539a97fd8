/**
 * Delivery with retries: a notification is sent until a destination accepts it, rejects it for good
 * (a non-retryable result, e.g. a 400 or bad credentials), or the attempts run out. Waits grow
 * exponentially with full jitter, and a receiver's `Retry-After` is honoured. Every attempt is
 * recorded, so that the platform can show what happened and when.
 */
import type { DeliveryResult, Destination, Notification } from './types.ts';

export const DEFAULT_DELIVERY_ATTEMPTS = 4;
export const DEFAULT_BACKOFF_BASE_MS = 1000;
export const DEFAULT_BACKOFF_CAP_MS = 30_000;
/** A receiver asking for a longer wait ends the delivery; the platform may try again later. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface DeliveryAttempt {
  /** ISO time the attempt started. */
  readonly at: string;
  readonly ok: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly durationMs: number;
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
  readonly externalIds?: readonly string[];
}

export interface DeliveryRecord {
  readonly status: 'delivered' | 'failed';
  readonly attempts: readonly DeliveryAttempt[];
  /** Ids the receiver assigned on the attempt that succeeded (or, on failure, the last one that named any). */
  readonly externalIds?: readonly string[];
}

/** Where a delivery's attempts and outcome are kept; the platform's store implements it. */
export interface DeliveryLog {
  appendAttempt(key: DeliveryKey, attempt: DeliveryAttempt): Promise<void>;
  finish(key: DeliveryKey, record: DeliveryRecord): Promise<void>;
}

/** One delivery: a notification to one integration. */
export interface DeliveryKey {
  readonly tenantId: string;
  readonly notificationId: string;
  readonly destinationId: string;
}

export interface DeliverOptions {
  /** Attempts in all, the first included; default 4. */
  readonly attempts?: number;
  /** The wait before retry n (1 for the first retry), in milliseconds; default `exponentialBackoff()`. */
  readonly backoff?: (retry: number) => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly onAttempt?: (attempt: DeliveryAttempt, number: number) => void | Promise<void>;
  readonly now?: () => Date;
  /** A longer `Retry-After` than this ends the delivery as failed; default 60 s. */
  readonly maxRetryAfterMs?: number;
  /** Stops the delivery: an attempt under way is cancelled and no further one starts. */
  readonly signal?: AbortSignal;
  /** Records each attempt and the outcome. */
  readonly log?: { readonly store: DeliveryLog; readonly destinationId: string };
}

/** Full jitter: a random wait between 0 and min(cap, base × 2^(retry − 1)). */
export function exponentialBackoff(options: { readonly baseMs?: number; readonly capMs?: number; readonly random?: () => number } = {}): (retry: number) => number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const random = options.random ?? Math.random;
  return (retry) => Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, retry - 1)));
}

export async function deliverWithRetries(destination: Destination, notification: Notification, options: DeliverOptions = {}): Promise<DeliveryRecord> {
  const maxAttempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_DELIVERY_ATTEMPTS));
  const backoff = options.backoff ?? exponentialBackoff();
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? (() => new Date());
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const key = options.log ? { tenantId: notification.tenantId, notificationId: notification.id, destinationId: options.log.destinationId } : undefined;
  const attempts: DeliveryAttempt[] = [];

  const finish = async (status: DeliveryRecord['status']): Promise<DeliveryRecord> => {
    const named = [...attempts].reverse().find((attempt) => attempt.externalIds && attempt.externalIds.length > 0);
    const record: DeliveryRecord = { status, attempts, ...(named?.externalIds ? { externalIds: named.externalIds } : {}) };
    if (options.log && key) await options.log.store.finish(key, record);
    return record;
  };

  for (let number = 1; number <= maxAttempts; number++) {
    if (options.signal?.aborted) break;
    const at = now();
    const started = performance.now();
    const result = await sendOnce(destination, notification, options.signal);
    const attempt = deliveryAttemptOf(result, at, Math.max(0, Math.round(performance.now() - started)));
    attempts.push(attempt);
    if (options.log && key) await options.log.store.appendAttempt(key, attempt);
    await options.onAttempt?.(attempt, number);
    if (result.ok) return finish('delivered');
    if (!result.retryable || number === maxAttempts) break;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > maxRetryAfterMs) break;
    const wait = result.retryAfterMs ?? backoff(number);
    try {
      await sleep(wait, options.signal);
    } catch {
      break; // Aborted while waiting.
    }
  }
  return finish('failed');
}

/** A destination that throws has a bug, not a delivery problem: the attempt fails for good, with the error's name. */
async function sendOnce(destination: Destination, notification: Notification, signal: AbortSignal | undefined): Promise<DeliveryResult> {
  try {
    return await destination.send(notification, signal);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retryable: false, code: `INTERNAL_${name}`, message: `the ${destination.type} destination failed: ${message}` };
  }
}

/** An attempt's outcome as the delivery log keeps it. */
export function deliveryAttemptOf(result: DeliveryResult, at: Date, durationMs: number): DeliveryAttempt {
  return {
    at: at.toISOString(),
    ok: result.ok,
    durationMs,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.code === undefined ? {} : { code: result.code }),
    ...(result.message === undefined ? {} : { message: result.message }),
    ...(result.ok ? {} : { retryable: result.retryable }),
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
    ...(result.externalIds === undefined ? {} : { externalIds: result.externalIds }),
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A DeliveryLog in memory, for tests and single-process use. */
export class MemoryDeliveryLog implements DeliveryLog {
  private readonly deliveries = new Map<string, { key: DeliveryKey; attempts: DeliveryAttempt[]; record?: DeliveryRecord }>();

  async appendAttempt(key: DeliveryKey, attempt: DeliveryAttempt): Promise<void> {
    this.entry(key).attempts.push(attempt);
  }

  async finish(key: DeliveryKey, record: DeliveryRecord): Promise<void> {
    this.entry(key).record = record;
  }

  /** The attempts and outcome of one delivery, or undefined when none was logged. */
  get(key: DeliveryKey): { readonly attempts: readonly DeliveryAttempt[]; readonly record?: DeliveryRecord } | undefined {
    return this.deliveries.get(keyString(key));
  }

  list(): readonly { readonly key: DeliveryKey; readonly attempts: readonly DeliveryAttempt[]; readonly record?: DeliveryRecord }[] {
    return [...this.deliveries.values()];
  }

  private entry(key: DeliveryKey): { key: DeliveryKey; attempts: DeliveryAttempt[]; record?: DeliveryRecord } {
    const id = keyString(key);
    let entry = this.deliveries.get(id);
    if (!entry) {
      entry = { key, attempts: [] };
      this.deliveries.set(id, entry);
    }
    return entry;
  }
}

function keyString(key: DeliveryKey): string {
  return JSON.stringify([key.tenantId, key.notificationId, key.destinationId]);
}
