/**
 * The simulated AWS endpoint, plugged in as the SDK's request handler: it decodes the signed
 * request (service and region from the SigV4 scope, account from the access key it issued),
 * applies the latency, throttling and fault models, and answers through the service's protocol.
 */
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/protocol-http';
import type { HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions, RequestHandler } from '@smithy/types';
import { DEFAULT_RATE_LIMITS, resolveRateLimit } from '@palisade/providers';
import type { RateLimitRule } from '@palisade/providers';
import { seededRandom } from '../../scripts/demo/random.ts';
import type { ServiceSimulator, SimAccount, SimContext, SimEstate, SimRequest, SimResponse } from './types.ts';

export interface LatencyModel {
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface FaultModel {
  /** Share of requests answered with a 5xx (InternalError / ServiceUnavailable). */
  readonly serverErrorRate: number;
  /** Share of requests that never answer (the client's attempt timeout must fire). */
  readonly timeoutRate: number;
  /** Calls denied for good: (account, `service:Action`) → true. */
  readonly deny?: (accountId: string, operation: string) => boolean;
  /**
   * Operations (`service:Action`) that always answer HTTP 500 with an HTML page instead of an AWS
   * error, as an endpoint that lacks the API does: an answer no retry will change.
   */
  readonly brokenOperations?: readonly string[];
}

export interface SimulatorOptions {
  readonly estate: SimEstate;
  readonly services: readonly ServiceSimulator[];
  readonly seed: number;
  readonly latency?: LatencyModel;
  readonly faults?: FaultModel;
  /** AWS's throttling model; the same published numbers the gateway is configured with by default. */
  readonly rateLimits?: readonly RateLimitRule[];
}

interface BucketState {
  tokens: number;
  last: number;
  readonly rule: RateLimitRule;
  /** Calls that got an answer from the estate (what the scan needed), excluding throttled and faulted ones. */
  served: number;
}

export interface SimulatorStats {
  requests: number;
  served: number;
  throttled: number;
  serverErrors: number;
  timeouts: number;
  denied: number;
  unknownOperations: Record<string, number>;
}

const Z99 = 2.3263;
const BROKEN_ENDPOINT_PAGE = '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>';

export class SimulatedAws implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly stats: SimulatorStats = { requests: 0, served: 0, throttled: 0, serverErrors: 0, timeouts: 0, denied: 0, unknownOperations: {} };
  private readonly buckets = new Map<string, BucketState>();
  private readonly accounts: ReadonlyMap<string, SimAccount>;
  private readonly bySigningName = new Map<string, ServiceSimulator>();
  private readonly random: () => number;
  private readonly rules: readonly RateLimitRule[];
  private readonly sigma: number;
  private readonly started = performance.now();
  private issued = 0;

  get estate(): SimEstate {
    return this.options.estate;
  }

  constructor(private readonly options: SimulatorOptions) {
    this.accounts = new Map(options.estate.accounts.map((account) => [account.accountId, account]));
    for (const service of options.services) for (const name of service.signingNames) this.bySigningName.set(name, service);
    this.random = seededRandom(options.seed);
    this.rules = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.sigma = options.latency ? Math.log(options.latency.p99Ms / options.latency.medianMs) / Z99 : 0;
  }

  async handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const sim = decode(request);
    const answer = await this.answer(sim, handlerOptions?.abortSignal as AbortSignal | undefined);
    return {
      response: new HttpResponse({
        statusCode: answer.status,
        headers: { 'x-amzn-requestid': `sim-${(this.stats.requests).toString(16)}`, ...answer.headers },
        body: Readable.from([Buffer.from(answer.body)]),
      }),
    };
  }

  /** Time the scan could not beat: the slowest rate-limit bucket's required time for the calls served. */
  floor(): { seconds: number; bucket: string; calls: number } {
    let worst = { seconds: 0, bucket: 'none', calls: 0 };
    for (const [key, bucket] of this.buckets) {
      const seconds = Math.max(0, bucket.served - bucket.rule.capacity) / bucket.rule.refillPerSecond;
      if (seconds > worst.seconds) worst = { seconds, bucket: key, calls: bucket.served };
    }
    const latency = (this.options.latency?.medianMs ?? 0) / 1000;
    return { ...worst, seconds: worst.seconds + latency };
  }

  /** Calls served per rate-limit bucket (`account|region|pattern`) with the bucket's rule: what a floor is computed from. */
  bucketLoads(): { readonly bucket: string; readonly calls: number; readonly capacity: number; readonly refillPerSecond: number }[] {
    return [...this.buckets].map(([bucket, state]) => ({ bucket, calls: state.served, capacity: state.rule.capacity, refillPerSecond: state.rule.refillPerSecond }));
  }

  /** Answers an already decoded request (the worker-thread bridge calls this). */
  async answer(request: SimRequest, signal: AbortSignal | undefined): Promise<SimResponse> {
    this.stats.requests += 1;
    const service = this.bySigningName.get(request.signingName);
    const account = this.accounts.get(request.accountId);
    if (!service) return { status: 400, headers: {}, body: `no simulator for ${request.signingName}` };
    const operation = service.operation(request);
    if (!operation) {
      const key = `${request.signingName} ${request.method} ${request.path}`;
      this.stats.unknownOperations[key] = (this.stats.unknownOperations[key] ?? 0) + 1;
      return service.error(request, 'InvalidAction', `the simulator does not implement this operation (${key})`, 400);
    }
    if (!account) return service.error(request, 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

    await this.delay(signal);
    if (this.options.faults?.brokenOperations?.includes(operation)) {
      this.stats.serverErrors += 1;
      return { status: 500, headers: { 'content-type': 'text/html' }, body: BROKEN_ENDPOINT_PAGE };
    }
    const bucket = this.bucketFor(request, operation);
    if (!this.take(bucket)) {
      this.stats.throttled += 1;
      return service.error(request, service.throttle.code, 'Rate exceeded', service.throttle.status);
    }
    const faults = this.options.faults;
    if (faults) {
      const roll = this.random();
      if (roll < faults.timeoutRate) {
        this.stats.timeouts += 1;
        await hang(signal);
        return service.error(request, 'RequestTimeout', 'no answer', 504);
      }
      if (roll < faults.timeoutRate + faults.serverErrorRate) {
        this.stats.serverErrors += 1;
        return roll < faults.timeoutRate + faults.serverErrorRate / 2
          ? service.error(request, 'InternalError', 'We encountered an internal error. Please try again.', 500)
          : service.error(request, 'ServiceUnavailable', 'Service is unavailable. Please try again.', 503);
      }
      if (faults.deny?.(request.accountId, operation)) {
        this.stats.denied += 1;
        return service.error(request, service.denied.code, `User: arn:aws:sts::${request.accountId}:assumed-role/scan/s is not authorized to perform: ${operation}`, service.denied.status);
      }
    }
    bucket.served += 1;
    this.stats.served += 1;
    const context: SimContext = {
      estate: this.options.estate,
      account,
      region: request.region,
      issueCredentials: (accountId) => {
        this.issued += 1;
        return { accessKeyId: accessKeyFor(accountId), secretAccessKey: `sim-secret-${this.issued}`, sessionToken: `sim-token-${this.issued}`, expiration: new Date(Date.now() + 3_600_000) };
      },
    };
    return service.respond(operation, request, context);
  }

  private bucketFor(request: SimRequest, operation: string): BucketState {
    const rule = resolveRateLimit(operation, this.rules);
    const key = `${request.accountId}|${request.region}|${rule.pattern}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rule.capacity, last: performance.now(), rule, served: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private take(bucket: BucketState): boolean {
    const now = performance.now();
    bucket.tokens = Math.min(bucket.rule.capacity, bucket.tokens + ((now - bucket.last) / 1000) * bucket.rule.refillPerSecond);
    bucket.last = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private delay(signal: AbortSignal | undefined): Promise<void> {
    const latency = this.options.latency;
    if (!latency) return Promise.resolve();
    // Log-normal: median m, 99th percentile p → sigma = ln(p/m) / z(0.99).
    const u1 = Math.max(this.random(), 1e-12);
    const u2 = this.random();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const ms = latency.medianMs * Math.exp(this.sigma * normal);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}

/** Credentials the simulator issues carry the account id, so every later request names its account. */
export function accessKeyFor(accountId: string): string {
  return `ASIA${accountId}SIMK`;
}

export function decode(request: HttpRequest): SimRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = String(value);
  const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(headers['authorization'] ?? '');
  const accessKey = scope?.[1] ?? '';
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (Array.isArray(value)) for (const item of value) query.append(name, item);
    else query.append(name, value ?? '');
  }
  const body = request.body === undefined || request.body === null ? '' : typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
  return {
    signingName: scope?.[3] ?? '',
    region: scope?.[2] ?? '',
    accountId: /^A[SK]IA(\d{12})/.exec(accessKey)?.[1] ?? '',
    method: request.method,
    hostname: request.hostname,
    path: decodeURIComponent(request.path),
    query,
    headers,
    body,
  };
}

function hang(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return setTimeout(resolve, 60_000);
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
