/**
 * HTTP for destinations: one request under a per-attempt timeout, its failures as DeliveryResults
 * that say whether another attempt may succeed, and secrets kept out of every message.
 */
import type { DeliveryResult } from './types.ts';

export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

/** What every destination may be given, so that tests can point it at a fake receiver and a fixed clock. */
export interface DestinationDeps {
  /** Defaults to the global fetch. */
  readonly fetch?: FetchFunction;
  readonly now?: () => Date;
  /** One attempt's limit, connecting and reading the answer included; default 10 s. */
  readonly timeoutMs?: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export type HttpOutcome = { readonly answer: HttpAnswer } | { readonly failure: DeliveryResult };

/** Sends one request and reads its whole answer, or says why there is none (timeout, network error, abort). */
export async function sendHttp(request: HttpRequest, deps: DestinationDeps, signal?: AbortSignal): Promise<HttpOutcome> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await (deps.fetch ?? fetch)(request.url, {
      method: request.method,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: combined,
      redirect: 'manual',
    });
    return { answer: { status: response.status, headers: response.headers, body: await response.text() } };
  } catch (error) {
    return { failure: requestFailure(error, { timedOut: timeout.aborted, aborted: signal?.aborted ?? false, timeoutMs, host: hostOf(request.url) }) };
  }
}

/** A failure without an answer: timeouts and network errors may pass on another attempt; an abort is the caller's own. */
export function requestFailure(error: unknown, context: { readonly timedOut: boolean; readonly aborted: boolean; readonly timeoutMs: number; readonly host: string }): DeliveryResult {
  if (context.aborted) return { ok: false, retryable: false, code: 'ABORTED', message: 'the delivery was cancelled' };
  if (context.timedOut) return { ok: false, retryable: true, code: 'TIMEOUT', message: `no answer from ${context.host} within ${context.timeoutMs} ms` };
  const code = networkErrorCode(error) ?? 'NETWORK_ERROR';
  return { ok: false, retryable: true, code, message: `could not reach ${context.host} (${code})` };
}

/** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`) behind a failed request, when there is one. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * An HTTP answer that is not a success: 408, 429 and 5xx may pass on another attempt (after the
 * receiver's `Retry-After`, when it gave one); any other status will not.
 */
export function httpFailure(answer: HttpAnswer, details: { readonly code?: string; readonly message?: string; readonly now?: Date } = {}): DeliveryResult {
  const retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), details.now ?? new Date());
  return {
    ok: false,
    retryable,
    status: answer.status,
    code: details.code ?? `HTTP_${answer.status}`,
    message: details.message ?? (bodySnippet(answer.body) || `HTTP ${answer.status}`),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** A receiver's answer body, cut to one short line for a message. */
export function bodySnippet(body: string, max = 300): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The secret-bearing forms of a URL (whole, path, query) for `redactSecrets`. */
export function urlSecrets(url: string): string[] {
  const parsed = new URL(url);
  return [url, parsed.href, parsed.pathname.length > 1 ? parsed.pathname : '', parsed.search, parsed.password].filter((part) => part.length > 0);
}

/** Replaces every secret in a result's message, whatever put it there. */
export function redactSecrets(result: DeliveryResult, secrets: readonly (string | undefined)[]): DeliveryResult {
  if (result.message === undefined) return result;
  let message = result.message;
  for (const secret of [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (secret && secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  return message === result.message ? result : { ...result, message };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the receiver';
  }
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
