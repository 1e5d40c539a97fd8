/**
 * The one way Azure is read: Azure Resource Manager (ARM) and Microsoft Graph over HTTPS, with a
 * bearer token per audience, the gateway discipline of the AWS side — a token bucket per
 * subscription (ARM) and per tenant (Graph), retries with back-off on throttling (429, honouring
 * `Retry-After`) and transient failures (5xx, network errors), counters per service — and every
 * failure returned as data (`Fetched`) with the provider's own error code (`AuthorizationFailed`,
 * `Authorization_RequestDenied`, …), never thrown and never read as "nothing there".
 *
 * Collections are followed through their pages (`value` with `nextLink` on ARM, `@odata.nextLink`
 * on Graph). Error codes a caller lists as "not configured" (`notFound`) make a `get` answer null.
 */
import type { Fetched } from '@palisade/core';
import type { AzureCloud } from '@palisade/core/azure';
import type { ServiceCounters } from '../aws/gateway.ts';
import { TokenBucket } from '../aws/token-bucket.ts';
import type { Sleep } from '../aws/token-bucket.ts';

export interface AzureEndpoints {
  readonly arm: string;
  readonly graph: string;
  /** Microsoft Entra sign-in host for the cloud (`@azure/identity`'s `authorityHost`). */
  readonly authority: string;
  /** Token scopes of the two audiences. */
  readonly armScope: string;
  readonly graphScope: string;
}

/** Endpoints of the public cloud and the national clouds. */
export const AZURE_ENDPOINTS: Readonly<Record<AzureCloud, AzureEndpoints>> = {
  AzureCloud: {
    arm: 'https://management.azure.com',
    graph: 'https://graph.microsoft.com',
    authority: 'https://login.microsoftonline.com',
    armScope: 'https://management.azure.com/.default',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    authority: 'https://login.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    graph: 'https://graph.microsoft.us',
    authority: 'https://login.microsoftonline.us',
    armScope: 'https://management.usgovcloudapi.net/.default',
    graphScope: 'https://graph.microsoft.us/.default',
  },
};

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends one request; rejects only when no answer came (network error, abort). */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** A bearer token for a scope (`https://management.azure.com/.default`); `@azure/identity` credentials adapt to it. */
export type TokenSource = (scope: string, signal?: AbortSignal) => Promise<string>;

export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal: request.signal ?? null });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  return { status: response.status, headers, body: await response.text() };
};

export interface RequestOptions {
  /** Error codes (or `404` for any not-found answer) that mean "not configured": `get` answers null. */
  readonly notFound?: readonly string[];
  /** The resource a detail call is about; carried by its error. */
  readonly resourceUid?: string;
  /** Query parameters besides `api-version`. */
  readonly query?: Readonly<Record<string, string>>;
  /** Graph: extra headers such as `ConsistencyLevel: eventual`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ArmClient {
  /** Every item of a collection (`GET <path>?api-version=…`, then each `nextLink`). `api` names the operation, e.g. `Microsoft.Storage/storageAccounts/read`. */
  list<T>(api: string, path: string, apiVersion: string, options?: RequestOptions): Promise<Fetched<readonly T[]>>;
  /** One resource; null when the answer's code is one of `notFound`. */
  get<T>(api: string, path: string, apiVersion: string, options?: RequestOptions): Promise<Fetched<T | null>>;
  /** A read that ARM exposes as POST (e.g. `listKeys`-style actions that return no secret). */
  post<T>(api: string, path: string, apiVersion: string, body?: unknown, options?: RequestOptions): Promise<Fetched<T | null>>;
}

export interface GraphClient {
  /** Every item of a collection (`GET /v1.0/<path>`, then each `@odata.nextLink`). `api` e.g. `graph:users.list`. */
  list<T>(api: string, path: string, options?: RequestOptions): Promise<Fetched<readonly T[]>>;
  get<T>(api: string, path: string, options?: RequestOptions): Promise<Fetched<T | null>>;
}

export interface AzureClientOptions {
  readonly cloud: AzureCloud;
  readonly tokens: TokenSource;
  readonly transport?: HttpTransport;
  /** Attempts per request, the first included. */
  readonly maxAttempts?: number;
  /** One attempt's time limit (a connection that hangs is a transient failure, `RequestTimeout`); default 60 s. */
  readonly attemptTimeoutMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** ARM reads per subscription: burst and refill (ARM's bucket: 250 and 25 a second per subscription). */
  readonly armRate?: { readonly capacity: number; readonly refillPerSecond: number };
  /** Graph requests per tenant (directory reads are limited per app and tenant; conservative). */
  readonly graphRate?: { readonly capacity: number; readonly refillPerSecond: number };
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

export interface AzureClients {
  readonly arm: ArmClient;
  readonly graph: GraphClient;
  readonly endpoints: AzureEndpoints;
  /** API calls, retries and errors by service (ARM namespace such as `Microsoft.Storage`, or `graph`). */
  counters(): Record<string, ServiceCounters>;
}

const DEFAULT_ARM_RATE = { capacity: 250, refillPerSecond: 25 };
const DEFAULT_GRAPH_RATE = { capacity: 100, refillPerSecond: 50 };

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

interface Failure {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly retry: 'throttling' | 'transient' | false;
  readonly retryAfterMs?: number;
}

/** The error of an answer: ARM and Graph both write `{"error": {"code", "message"}}`; a few resource providers write `{code, message}`. */
export function errorOfResponse(response: HttpResponse): { readonly code: string; readonly message: string } {
  try {
    const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown; Code?: unknown; Message?: unknown } | null;
    const source = (parsed?.error ?? parsed ?? {}) as { code?: unknown; message?: unknown; Code?: unknown; Message?: unknown };
    // A few older resource providers capitalize the fields.
    const code = source.code ?? source.Code;
    const message = source.message ?? source.Message;
    if (typeof code === 'string' && code) return { code, message: typeof message === 'string' ? message : '' };
  } catch {
    // not JSON: the status tells what happened
  }
  return { code: `Http${response.status}`, message: response.body.slice(0, 300) };
}

function retryAfterMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const value = headers['retry-after'] ?? headers['x-ms-retry-after-ms'];
  if (value === undefined) return undefined;
  if (headers['x-ms-retry-after-ms'] !== undefined && headers['retry-after'] === undefined) return Number(value) || undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function emptyCounters(): ServiceCounters {
  return { calls: 0, throttles: 0, retries: 0, retriesByClass: { throttling: 0, transient: 0, permanent: 0 }, errors: 0, errorCodes: {}, errorsByClass: { throttling: 0, transient: 0, permanent: 0 }, durationMs: 0 };
}

/** `Microsoft.Storage/storageAccounts/read` → `Microsoft.Storage`; `graph:users.list` → `graph`. */
export function serviceOfApi(api: string): string {
  if (api.startsWith('graph:')) return 'graph';
  return api.split('/')[0] ?? api;
}

export function createAzureClients(options: AzureClientOptions): AzureClients {
  const endpoints = AZURE_ENDPOINTS[options.cloud];
  const transport = options.transport ?? fetchTransport;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 5;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const buckets = new Map<string, TokenBucket>();
  const counters: Record<string, ServiceCounters> = {};

  const bucketOf = (key: string, rate: { capacity: number; refillPerSecond: number }) => {
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = new TokenBucket(rate, now)));
    return bucket;
  };
  const countersOf = (api: string) => (counters[serviceOfApi(api)] ??= emptyCounters());

  /** One request with retries: the parsed JSON body, or the failure. */
  async function send(api: string, bucket: TokenBucket, scope: string, request: Omit<HttpRequest, 'headers' | 'signal'> & { readonly headers?: Readonly<Record<string, string>> }, resourceUid?: string): Promise<Fetched<unknown>> {
    const counter = countersOf(api);
    let last: Failure | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (options.signal?.aborted) break;
      if (!(await bucket.acquire(sleep, options.signal))) break;
      const sentAt = now();
      counter.calls++;
      let failure: Failure | undefined;
      const timeout = AbortSignal.timeout(attemptTimeoutMs);
      try {
        const token = await options.tokens(scope, options.signal);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        const response = await transport({ ...request, headers: { accept: 'application/json', ...request.headers, authorization: `Bearer ${token}` }, signal });
        if (response.status >= 200 && response.status < 300) {
          bucket.onSuccess();
          try {
            return { value: response.body === '' ? null : (JSON.parse(response.body) as unknown) };
          } catch {
            failure = { code: 'InvalidResponse', message: 'the answer was not JSON', status: response.status, retry: false };
          }
        } else {
          const { code, message } = errorOfResponse(response);
          const throttled = response.status === 429 || code === 'TooManyRequests' || code === 'ThrottledRequest';
          const wait = retryAfterMs(response.headers, now());
          failure = {
            code,
            message,
            status: response.status,
            retry: throttled ? 'throttling' : response.status >= 500 ? 'transient' : false,
            ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          };
          if (throttled) {
            counter.throttles++;
            bucket.onThrottle(sentAt);
          }
        }
      } catch (error) {
        if (options.signal?.aborted) break;
        const err = error as { name?: string; code?: string; message?: string; cause?: { code?: unknown } };
        // A token that could not be had is the credentials' failure: no retry helps.
        const auth = err.name === 'CredentialUnavailableError' || err.name === 'AuthenticationError' || err.name === 'CredentialsError';
        // fetch rejects with a TypeError whose cause holds the socket's code (ECONNRESET, ENOTFOUND).
        const networkCode = typeof err.code === 'string' ? err.code : typeof err.cause?.code === 'string' ? err.cause.code : 'NetworkError';
        failure = timeout.aborted
          ? { code: 'RequestTimeout', message: `no answer within ${attemptTimeoutMs} ms`, retry: 'transient' }
          : { code: auth ? err.name! : networkCode, message: err.message ?? String(error), retry: auth ? false : 'transient' };
      } finally {
        counter.durationMs += now() - sentAt;
        bucket.release();
      }
      last = failure;
      if (!failure || !failure.retry || attempt === maxAttempts) break;
      counter.retries++;
      counter.retriesByClass[failure.retry === 'throttling' ? 'throttling' : 'transient']++;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
      await sleep(Math.min(maxDelayMs, Math.max(backoff, failure.retryAfterMs ?? 0)), options.signal);
    }
    const cancelled = last === undefined;
    const failure = last ?? { code: 'Cancelled', message: 'the scan was cancelled before the call completed', retry: false as const };
    counter.errors++;
    counter.errorCodes[failure.code] = (counter.errorCodes[failure.code] ?? 0) + 1;
    // Cancelled calls count in `errors` only, as on the AWS side: they say nothing about the API.
    if (failure.retry) counter.errorsByClass[failure.retry === 'throttling' ? 'throttling' : 'transient']++;
    else if (!cancelled) counter.errorsByClass.permanent++;
    return {
      error: {
        api,
        code: failure.code,
        message: failure.message,
        ...(failure.status !== undefined ? { httpStatus: failure.status } : {}),
        ...(resourceUid !== undefined ? { resourceUid } : {}),
        ...(failure.retry ? { retryable: failure.retry } : {}),
      },
    };
  }

  const isNotFound = (fetched: Fetched<unknown>, notFound: readonly string[] | undefined) =>
    fetched.error !== undefined && notFound !== undefined && (notFound.includes(fetched.error.code) || (notFound.includes('404') && fetched.error.httpStatus === 404));

  const armUrl = (path: string, apiVersion: string, query?: Readonly<Record<string, string>>) => {
    const url = new URL(path.startsWith('http') ? path : `${endpoints.arm}${path}`);
    url.searchParams.set('api-version', apiVersion);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  };
  /** ARM limits reads per subscription; calls outside one (tenant-level lists) share the tenant's bucket. */
  const armBucket = (path: string) => bucketOf(`arm:${/^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? 'tenant'}`, options.armRate ?? DEFAULT_ARM_RATE);

  async function pages<T>(api: string, first: string, bucket: TokenBucket, scope: string, nextOf: (page: Record<string, unknown>) => unknown, options?: RequestOptions): Promise<Fetched<readonly T[]>> {
    const items: T[] = [];
    let url: string | undefined = first;
    const seen = new Set<string>();
    while (url) {
      if (seen.has(url)) break; // a service that answers the same next link again would loop forever
      seen.add(url);
      const page = await send(api, bucket, scope, { method: 'GET', url, ...(options?.headers ? { headers: options.headers } : {}) }, options?.resourceUid);
      if (page.error) return isNotFound(page, options?.notFound) ? { value: [] } : { error: page.error };
      const body = (page.value ?? {}) as Record<string, unknown>;
      if (!Array.isArray(body['value'])) return { error: { api, code: 'InvalidResponse', message: 'the answer has no value list', ...(options?.resourceUid ? { resourceUid: options.resourceUid } : {}) } };
      items.push(...(body['value'] as T[]));
      const next = nextOf(body);
      url = typeof next === 'string' && next ? next : undefined;
    }
    return { value: items };
  }

  const arm: ArmClient = {
    list<T>(api: string, path: string, apiVersion: string, requestOptions?: RequestOptions) {
      return pages<T>(api, armUrl(path, apiVersion, requestOptions?.query), armBucket(path), endpoints.armScope, (page) => page['nextLink'], requestOptions);
    },
    async get<T>(api: string, path: string, apiVersion: string, requestOptions?: RequestOptions) {
      const fetched = await send(api, armBucket(path), endpoints.armScope, { method: 'GET', url: armUrl(path, apiVersion, requestOptions?.query) }, requestOptions?.resourceUid);
      if (isNotFound(fetched, requestOptions?.notFound)) return { value: null };
      return fetched as Fetched<T | null>;
    },
    async post<T>(api: string, path: string, apiVersion: string, body?: unknown, requestOptions?: RequestOptions) {
      const fetched = await send(
        api,
        armBucket(path),
        endpoints.armScope,
        { method: 'POST', url: armUrl(path, apiVersion, requestOptions?.query), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) },
        requestOptions?.resourceUid,
      );
      if (isNotFound(fetched, requestOptions?.notFound)) return { value: null };
      return fetched as Fetched<T | null>;
    },
  };

  const graphUrl = (path: string, query?: Readonly<Record<string, string>>) => {
    const url = new URL(path.startsWith('http') ? path : `${endpoints.graph}/v1.0${path.startsWith('/') ? path : `/${path}`}`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  };
  const graphBucket = () => bucketOf('graph', options.graphRate ?? DEFAULT_GRAPH_RATE);

  const graph: GraphClient = {
    list<T>(api: string, path: string, requestOptions?: RequestOptions) {
      return pages<T>(api, graphUrl(path, requestOptions?.query), graphBucket(), endpoints.graphScope, (page) => page['@odata.nextLink'], requestOptions);
    },
    async get<T>(api: string, path: string, requestOptions?: RequestOptions) {
      const fetched = await send(api, graphBucket(), endpoints.graphScope, { method: 'GET', url: graphUrl(path, requestOptions?.query), ...(requestOptions?.headers ? { headers: requestOptions.headers } : {}) }, requestOptions?.resourceUid);
      if (isNotFound(fetched, requestOptions?.notFound)) return { value: null };
      return fetched as Fetched<T | null>;
    },
  };

  return { arm, graph, endpoints, counters: () => counters };
}
