/**
 * Azure clients answering from a table of real-shaped responses, for collector tests: each route is
 * `METHOD <path>` (the host and `api-version` left out; `?query` included when a test needs to tell
 * pages apart), answering 200 with a JSON body, or a status and body built with `armError` /
 * `graphError`. A request no route answers gets 404 `UnmockedRoute` and is listed in `unmatched`.
 */
import type { AzureCloud } from '@palisade/core/azure';
import { createAzureClients } from './client.ts';
import type { AzureClients, HttpRequest, HttpResponse, HttpTransport } from './client.ts';
import type { AzureCollectorContext } from './collector.ts';

export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const RESPONSE = Symbol('response');
type Marked = FakeResponse & { readonly [RESPONSE]: true };

export function respond(status: number, body: unknown, headers?: Readonly<Record<string, string>>): FakeResponse {
  return { status, body, ...(headers ? { headers } : {}), [RESPONSE]: true } as Marked;
}

/** An ARM error answer, e.g. `armError(403, 'AuthorizationFailed', 'The client … does not have authorization to perform action …')`. */
export function armError(status: number, code: string, message = `${code} (test)`): FakeResponse {
  return respond(status, { error: { code, message } });
}

/** A Microsoft Graph error answer, e.g. `graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')`. */
export function graphError(status: number, code: string, message = `${code} (test)`): FakeResponse {
  return respond(status, { error: { code, message, innerError: { date: '2026-12-01T10:00:00', 'request-id': '00000000-0000-0000-0000-000000000000', 'client-request-id': '00000000-0000-0000-0000-000000000000' } } });
}

/** An ARM or Graph collection page. */
export function page(items: readonly unknown[], nextLink?: string, graph = false): unknown {
  return { value: items, ...(nextLink ? { [graph ? '@odata.nextLink' : 'nextLink']: nextLink } : {}) };
}

export interface FakeAzure {
  readonly clients: AzureClients;
  /** The table as an HTTP transport, for clients built elsewhere (an engine scan's). */
  readonly transport: HttpTransport;
  readonly requests: HttpRequest[];
  readonly unmatched: string[];
  /** A collector context over these clients. */
  context(overrides?: Partial<AzureCollectorContext>): AzureCollectorContext;
}

export const TEST_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEST_SUBSCRIPTION_ID = '00000000-1111-2222-3333-444444444444';

/** Routes: `GET /subscriptions/…` → body (200) or `respond(...)`; a list of answers is served in turn (the last repeats). */
export function fakeAzure(routes: Readonly<Record<string, unknown>>, cloud: AzureCloud = 'AzureCloud'): FakeAzure {
  const requests: HttpRequest[] = [];
  const unmatched: string[] = [];
  const served = new Map<string, number>();
  const normalized = new Map<string, unknown>();
  for (const [key, value] of Object.entries(routes)) normalized.set(key.toLowerCase(), value);
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    requests.push(request);
    const url = new URL(request.url);
    url.searchParams.delete('api-version');
    const query = url.searchParams.toString();
    const path = decodeURIComponent(url.pathname);
    const candidates = [`${request.method} ${path}${query ? `?${decodeURIComponent(query)}` : ''}`, `${request.method} ${path}`];
    const key = candidates.find((candidate) => normalized.has(candidate.toLowerCase()));
    if (key === undefined) {
      unmatched.push(candidates[0]!);
      return { status: 404, headers: {}, body: JSON.stringify({ error: { code: 'UnmockedRoute', message: `no test route for ${candidates[0]}` } }) };
    }
    let answer = normalized.get(key.toLowerCase());
    if (Array.isArray(answer) && answer.length > 0 && answer.every((item) => typeof item === 'object' && item !== null && RESPONSE in item)) {
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      answer = answer[Math.min(index, answer.length - 1)];
    }
    const response = typeof answer === 'object' && answer !== null && RESPONSE in answer ? (answer as unknown as FakeResponse) : { status: 200, body: answer };
    return { status: response.status, headers: { 'content-type': 'application/json', ...response.headers }, body: response.body === undefined ? '' : JSON.stringify(response.body) };
  };
  const clients = createAzureClients({ cloud, tokens: async () => 'test-token', transport, maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} });
  return {
    clients,
    transport,
    requests,
    unmatched,
    context: (overrides) => ({ arm: clients.arm, graph: clients.graph, subscriptionId: TEST_SUBSCRIPTION_ID, tenantId: TEST_TENANT_ID, cloud, ...overrides }),
  };
}
