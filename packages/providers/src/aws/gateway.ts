/**
 * The one gateway every AWS call goes through: per account × region × API token buckets,
 * adaptive back-off on throttling, retries of transient failures with jittered exponential
 * delay, per-attempt timeouts, pagination, and counters per service. A call never throws for an
 * API failure: it returns the error as data (`Fetched`) with the provider's error code.
 *
 * Each failure is classified before it is retried (see `FailureClass`): waiting only helps
 * throttling and transient failures, so an answer that will not change fails fast instead of
 * costing the scan seconds of back-off.
 */
import { setMaxListeners } from 'node:events';
import type { ApiError, Fetched } from '@palisade/core';
import { DEFAULT_RATE_LIMITS, resolveRateLimit } from './rate-limits.ts';
import type { RateLimitRule } from './rate-limits.ts';
import { takeSharedToken } from './shared-budget.ts';
import type { SharedRateLimiter } from './shared-budget.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * What a failed attempt says about the next one:
 * - `throttling`: the API is rate-limited (throttling codes, HTTP 429); retried with back-off
 *   after the token bucket slows down.
 * - `transient`: timeouts, network failures (a connection reset, refused or aborted, an
 *   unreachable network or host, a failed DNS lookup, a TLS or HTTP/2 protocol error) and server
 *   errors that AWS itself reports (a 5xx with an AWS error code such as InternalError or
 *   ServiceUnavailable, a 5xx with an empty body, or a 502/503/504 from a gateway in front of the
 *   service); retried with back-off. A refused connection is retried too: it is what a
 *   restarting endpoint answers, and the attempts are bounded. Errors the SDK marks retryable
 *   (`$retryable`, e.g. STS `IDPCommunicationError`) are transient, or throttling when it says so.
 * - `permanent`: answers that will not change: AccessDenied, validation, not found, any other
 *   4xx, and a 500 or 501 whose body the SDK could not read as an AWS error (an HTML page from an
 *   endpoint that lacks the API). At most one quick retry, and only when the answer was
 *   unreadable (a truncated body can be a one-off); an error AWS stated is final.
 */
export type FailureClass = 'throttling' | 'transient' | 'permanent';

/**
 * `classified` retries by `FailureClass`. `uniform` retries every throttling error, network
 * error and 5xx up to `maxAttempts` with growing delays whatever the answer was, as the gateway
 * did before failures were classified; the benchmark measures the difference.
 */
export type RetryPolicy = 'classified' | 'uniform';

export type CountsByClass = Record<FailureClass, number>;

export interface ServiceCounters {
  /** Requests sent, including retries. */
  calls: number;
  throttles: number;
  retries: number;
  /** Retries by the class of the failure that caused them. */
  retriesByClass: CountsByClass;
  /** Calls that finally failed (after retries), by error code. */
  errors: number;
  errorCodes: Record<string, number>;
  /** Calls that finally failed, by the class of their last failure; cancelled calls count in `errors` only. */
  errorsByClass: CountsByClass;
  /** Summed wall time of attempts, in milliseconds. */
  durationMs: number;
}

export interface GatewayOptions {
  readonly rateLimits?: readonly RateLimitRule[];
  /** Attempts per call, the first included, for throttling and transient failures. */
  readonly maxAttempts?: number;
  /** Defaults to `classified`. */
  readonly retryPolicy?: RetryPolicy;
  readonly attemptTimeoutMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Aborts every pending and future call (Ctrl-C, scan timeout). */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /**
   * Token buckets shared with other gateways of this process (`createRateLimitBudgets`), so that
   * concurrent scans of one account × region × API draw from one budget; default: this gateway's own.
   */
  readonly budgets?: RateLimitBudgets;
}

/** A process's rate-limit budgets: token buckets by account × region × API rule, shared by the gateways given it. */
export interface RateLimitBudgets {
  readonly kind: 'aws-rate-limit-budgets';
  /** Opaque to callers. */
  readonly buckets: Map<string, TokenBucket>;
  /**
   * The budget shared with other processes (queue workers): each call also takes a token from it,
   * under the same account × region × API key, once the local bucket granted one. The local bucket
   * still paces the process, adapts to throttling and counts calls in flight.
   */
  readonly shared?: SharedRateLimiter;
}

export function createRateLimitBudgets(options: { shared?: SharedRateLimiter } = {}): RateLimitBudgets {
  return { kind: 'aws-rate-limit-budgets', buckets: new Map(), ...(options.shared ? { shared: options.shared } : {}) };
}

export interface CallScope {
  readonly accountId: string;
  readonly region: string;
}

export interface CallOptions {
  /**
   * Error codes that mean "not configured" rather than failure (e.g. `NoSuchBucketPolicy`):
   * the call yields `null` instead of an error.
   */
  readonly absentOn?: readonly string[] | ((error: ApiError) => boolean);
  /** The resource a per-resource detail call is about; carried into the error. */
  readonly resourceUid?: string;
}

/** Sends one request; receives the abort signal to pass to the SDK (`client.send(cmd, { abortSignal })`). */
export type Send<T> = (signal: AbortSignal) => Promise<T>;

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'LimitExceededException',
]);

const TRANSIENT_CODES = new Set([
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'AttemptTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EPROTO',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'NetworkingError',
]);

/** Node's HTTP/2 errors (`ERR_HTTP2_STREAM_ERROR`, `ERR_HTTP2_GOAWAY_SESSION`, …): a stream or session dropped. */
const HTTP2_ERROR_PREFIX = 'ERR_HTTP2_';

/** HTTP statuses of the proxies and load balancers in front of a service: overload and restarts, not a missing API. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/**
 * Codes of answers the SDK could not read as an AWS error: `Unknown` (an error status whose body
 * names no code, e.g. an HTML page), `SyntaxError` (a JSON protocol's body that is not JSON) and
 * `UnknownError` (what `toApiError` makes of a deserialization failure).
 */
const UNREADABLE_CODES = new Set(['Unknown', 'UnknownError', 'SyntaxError']);

export function isThrottle(error: ApiError): boolean {
  return THROTTLING_CODES.has(error.code) || error.httpStatus === 429 || error.retryable === 'throttling';
}

/** An HTTP answer the SDK could not turn into an AWS error: its code says nothing the next answer would not repeat. */
export function isUnreadableAnswer(error: ApiError): boolean {
  return error.httpStatus !== undefined && (UNREADABLE_CODES.has(error.code) || error.message.includes('Deserialization error'));
}

export function isTransient(error: ApiError): boolean {
  if (TRANSIENT_CODES.has(error.code) || error.code.startsWith(HTTP2_ERROR_PREFIX) || error.httpStatus === 408 || error.retryable !== undefined) return true;
  const status = error.httpStatus ?? 0;
  return status >= 500 && (GATEWAY_STATUSES.has(status) || !isUnreadableAnswer(error));
}

export function classifyFailure(error: ApiError): FailureClass {
  if (isThrottle(error)) return 'throttling';
  return isTransient(error) ? 'transient' : 'permanent';
}

/** Converts whatever an SDK call threw into an ApiError with the provider's code. */
export function toApiError(api: string, thrown: unknown, region?: string): ApiError {
  const err = thrown as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
    $retryable?: { throttling?: boolean };
  };
  const code = err?.Code ?? (err?.name && err.name !== 'Error' ? err.name : undefined) ?? err?.code ?? 'UnknownError';
  const httpStatus = err?.$metadata?.httpStatusCode ?? err?.$response?.statusCode;
  // A server error without a body is the server failing, not an endpoint that lacks the API
  // answering with a page of its own: the SDK names both `Unknown`, the body's length tells them apart.
  const emptyServerError = (httpStatus ?? 0) >= 500 && UNREADABLE_CODES.has(code) && hasEmptyBody(err?.$response);
  const retryable = typeof err?.$retryable === 'object' && err.$retryable !== null ? (err.$retryable.throttling ? 'throttling' : 'transient') : emptyServerError ? 'transient' : undefined;
  // A thrown string (some libraries do) is its own message; dropping it would leave only UnknownError.
  const text = typeof thrown === 'string' ? thrown : err?.message;
  const stated = typeof text === 'string' && text !== code && !(emptyServerError && UNREADABLE_CODES.has(text)) ? text : '';
  const message = stated || (emptyServerError ? `HTTP ${httpStatus} with an empty body` : '');
  return { api, code, message, ...(region ? { region } : {}), ...(httpStatus ? { httpStatus } : {}), ...(retryable ? { retryable } : {}) };
}

/** The answer's body was empty: its Content-Length says 0 (see `withServerErrorLength` in clients.ts). */
function hasEmptyBody(response: { headers?: Record<string, string | undefined> } | undefined): boolean {
  const headers = response?.headers ?? {};
  const length = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
  return length !== undefined && length.trim() === '0';
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(timer);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export class AwsGateway {
  private readonly buckets: Map<string, TokenBucket>;
  private readonly shared: SharedRateLimiter | undefined;
  private readonly counters = new Map<string, ServiceCounters>();
  private readonly rules: readonly RateLimitRule[];
  private readonly maxAttempts: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  /** Attempts in flight, aborted together when the scan is cancelled. */
  private readonly attempts = new Set<AbortController>();
  private readonly abortAttempts = () => {
    for (const controller of this.attempts) controller.abort();
  };
  /**
   * What waits (retry back-off, rate-limit pacing) listen to: the scan signal relayed through one
   * listener, so that many calls waiting at once on a busy scan add no listeners to the caller's
   * signal (Node warns past ten).
   */
  private readonly waitSignal: AbortSignal | undefined;

  constructor(private readonly options: GatewayOptions = {}) {
    this.rules = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.retryPolicy = options.retryPolicy ?? 'classified';
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.buckets = options.budgets?.buckets ?? new Map();
    this.shared = options.budgets?.shared;
    const signal = options.signal;
    if (signal) {
      const relay = new AbortController();
      setMaxListeners(0, relay.signal);
      if (signal.aborted) relay.abort(signal.reason);
      else signal.addEventListener('abort', () => relay.abort(signal.reason), { once: true });
      this.waitSignal = relay.signal;
    }
  }

  /** A view bound to one account and region, which is what collectors receive. */
  scoped(scope: CallScope): ScopedGateway {
    return new ScopedGateway(this, scope);
  }

  async call<T>(scope: CallScope, api: string, send: Send<T>, options: CallOptions = {}): Promise<Fetched<T | null>> {
    const service = api.split(':')[0] ?? api;
    const counters = this.countersFor(service);
    const { bucket, key, rule } = this.budgetFor(scope, api);
    let last: ApiError | undefined;
    // The class of the failure the next attempt retries; undefined before the first attempt.
    let retrying: FailureClass | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const took = await bucket.acquire(this.sleep, this.waitSignal);
      const unshared = took && this.shared ? await this.takeShared(key, rule, api, scope.region) : undefined;
      // Checked after the token waits: a call queued behind the rate limit must not fire once the scan is cancelled.
      if (this.options.signal?.aborted) {
        if (took) bucket.release();
        last = cancelled(api, scope.region);
        break;
      }
      if (unshared) {
        // No request was sent; the shared limiter is asked again after a back-off, like a transient failure.
        bucket.release();
        last = unshared;
        retrying = 'transient';
        if (attempt === this.maxAttempts) break;
        if (!(await this.backOff(attempt))) {
          last = cancelled(api, scope.region);
          break;
        }
        continue;
      }
      if (retrying) {
        counters.retries += 1;
        counters.retriesByClass[retrying] += 1;
      }
      counters.calls += 1;
      const started = this.now();
      const controller = new AbortController();
      this.trackAttempt(controller);
      const timer = setTimeout(() => controller.abort(new AttemptTimeout(this.attemptTimeoutMs)), this.attemptTimeoutMs);
      try {
        // Raced against the signal so a send that ignores it (e.g. a hung credential provider) still times out.
        const value = await untilAborted(send(controller.signal), controller.signal);
        bucket.onSuccess();
        return { value };
      } catch (thrown) {
        last =
          controller.signal.reason instanceof AttemptTimeout
            ? { api, code: 'AttemptTimeout', message: `no answer within ${this.attemptTimeoutMs} ms`, region: scope.region }
            : toApiError(api, thrown, scope.region);
        if (options.resourceUid) last = { ...last, resourceUid: options.resourceUid };
        if (isAbsent(last, options.absentOn)) return { value: null };
        if (this.options.signal?.aborted) {
          last = cancelled(api, scope.region);
          break;
        }
        retrying = classifyFailure(last);
        if (retrying === 'throttling') {
          counters.throttles += 1;
          bucket.onThrottle(started);
        }
        if (attempt === this.maxAttempts || !this.shouldRetry(last, retrying, attempt)) break;
      } finally {
        bucket.release();
        clearTimeout(timer);
        this.untrackAttempt(controller);
        counters.durationMs += this.now() - started;
      }
      // The back-off sits outside the attempt so durationMs counts request time only.
      if (!(await this.backOff(attempt))) {
        last = cancelled(api, scope.region);
        break;
      }
    }
    return { error: this.failed(counters, last ?? { api, code: 'UnknownError', message: 'no attempt was made', region: scope.region }) };
  }

  /**
   * Follows a paginated API to the end. Any page's failure fails the whole list: a partial list
   * would look complete to checks.
   */
  async paginate<Page, Item>(
    scope: CallScope,
    api: string,
    sendPage: (token: string | undefined, signal: AbortSignal) => Promise<Page>,
    items: (page: Page) => readonly Item[] | undefined,
    nextToken: (page: Page) => string | undefined,
  ): Promise<Fetched<Item[]>> {
    const out: Item[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.call(scope, api, (signal) => sendPage(token, signal));
      if (page.error) return { error: page.error };
      if (page.value === null) break;
      out.push(...(items(page.value) ?? []));
      token = nextToken(page.value);
      if (token !== undefined) {
        if (seen.has(token)) {
          const loop = { api, code: 'PaginationLoop', message: `the API returned the token ${token} twice`, region: scope.region };
          return { error: this.failed(this.countersFor(api.split(':')[0] ?? api), loop) };
        }
        seen.add(token);
      }
    } while (token);
    return { value: out };
  }

  /** Counters per service (`iam`, `ec2`, ...) since the gateway was created. */
  snapshotCounters(): Record<string, ServiceCounters> {
    const out: Record<string, ServiceCounters> = {};
    for (const [service, counters] of [...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out[service] = {
        ...counters,
        retriesByClass: { ...counters.retriesByClass },
        errorCodes: { ...counters.errorCodes },
        errorsByClass: { ...counters.errorsByClass },
      };
    }
    return out;
  }

  /** Waits before the attempt after `attempt`; false when the scan was cancelled meanwhile. */
  private async backOff(attempt: number): Promise<boolean> {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    await this.sleep(Math.round(ceiling / 2 + (this.random() * ceiling) / 2), this.waitSignal);
    return !this.options.signal?.aborted;
  }

  /**
   * Takes the call's token from the shared limiter, waiting as long as it says (abortable by the
   * scan's signal); an ApiError when the limiter could not be asked.
   */
  private async takeShared(key: string, rule: RateLimitRule, api: string, region: string): Promise<ApiError | undefined> {
    if (!this.shared) return undefined;
    try {
      await takeSharedToken(this.shared, key, { capacity: rule.capacity, refillPerSecond: rule.refillPerSecond }, this.sleep, this.waitSignal);
      return undefined;
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      return { api, code: 'SharedRateLimitUnavailable', message: `the shared rate limiter did not answer: ${message}`, region, retryable: 'transient' };
    }
  }

  /**
   * Whether a failed attempt (not the last one allowed) is retried. A permanent failure's one
   * retry follows the first attempt, so it waits the shortest back-off step.
   */
  private shouldRetry(error: ApiError, failureClass: FailureClass, attempt: number): boolean {
    if (this.retryPolicy === 'uniform') return failureClass !== 'permanent' || (error.httpStatus ?? 0) >= 500;
    if (failureClass !== 'permanent') return true;
    return attempt === 1 && isUnreadableAnswer(error);
  }

  /** Records a call's final failure in the counters. */
  private failed(counters: ServiceCounters, error: ApiError): ApiError {
    counters.errors += 1;
    counters.errorCodes[error.code] = (counters.errorCodes[error.code] ?? 0) + 1;
    if (error.code !== 'Cancelled') counters.errorsByClass[classifyFailure(error)] += 1;
    return error;
  }

  /**
   * The scan signal aborts every attempt in flight through one listener, added while any attempt is
   * in flight: a listener per attempt would make each attempt's add and remove walk the signal's
   * list of listeners, as long as the calls in flight.
   */
  private trackAttempt(controller: AbortController): void {
    if (this.attempts.size === 0) this.options.signal?.addEventListener('abort', this.abortAttempts, { once: true });
    this.attempts.add(controller);
  }

  private untrackAttempt(controller: AbortController): void {
    this.attempts.delete(controller);
    if (this.attempts.size === 0) this.options.signal?.removeEventListener('abort', this.abortAttempts);
  }

  /** The local bucket of an account × region × API rule, and the key a shared limiter knows it by. */
  private budgetFor(scope: CallScope, api: string): { bucket: TokenBucket; key: string; rule: RateLimitRule } {
    const rule = resolveRateLimit(api, this.rules);
    const key = `${scope.accountId}|${scope.region}|${rule.pattern}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rule, this.now);
      this.buckets.set(key, bucket);
    }
    return { bucket, key, rule };
  }

  private countersFor(service: string): ServiceCounters {
    let counters = this.counters.get(service);
    if (!counters) {
      counters = { calls: 0, throttles: 0, retries: 0, retriesByClass: noCounts(), errors: 0, errorCodes: {}, errorsByClass: noCounts(), durationMs: 0 };
      this.counters.set(service, counters);
    }
    return counters;
  }
}

export class ScopedGateway {
  constructor(
    private readonly gateway: AwsGateway,
    readonly scope: CallScope,
  ) {}

  /** The same account in another region, for services whose resources live in many regions (S3 buckets). */
  inRegion(region: string): ScopedGateway {
    return region === this.scope.region ? this : new ScopedGateway(this.gateway, { ...this.scope, region });
  }

  /** One call; an API failure comes back as `{ error }`. */
  async call<T>(api: string, send: Send<T>, options: { resourceUid?: string } = {}): Promise<Fetched<T>> {
    return (await this.gateway.call(this.scope, api, send, options)) as Fetched<T>;
  }

  /** One call where the listed error codes mean "not configured": yields `null` for them. */
  callOrNull<T>(api: string, send: Send<T>, absentOn: CallOptions['absentOn'], options: { resourceUid?: string } = {}): Promise<Fetched<T | null>> {
    return this.gateway.call(this.scope, api, send, { ...options, absentOn });
  }

  paginate<Page, Item>(
    api: string,
    sendPage: (token: string | undefined, signal: AbortSignal) => Promise<Page>,
    items: (page: Page) => readonly Item[] | undefined,
    nextToken: (page: Page) => string | undefined,
  ): Promise<Fetched<Item[]>> {
    return this.gateway.paginate(this.scope, api, sendPage, items, nextToken);
  }
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`attempt timed out after ${ms} ms`);
  }
}

function noCounts(): CountsByClass {
  return { throttling: 0, transient: 0, permanent: 0 };
}

function cancelled(api: string, region: string): ApiError {
  return { api, code: 'Cancelled', message: 'the scan was cancelled', region };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isAbsent(error: ApiError, absentOn: CallOptions['absentOn']): boolean {
  if (!absentOn) return false;
  return typeof absentOn === 'function' ? absentOn(error) : absentOn.includes(error.code);
}
