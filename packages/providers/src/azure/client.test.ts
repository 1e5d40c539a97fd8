import { describe, expect, it } from 'vitest';
import { createAzureClients, errorOfResponse, serviceOfApi } from './client.ts';
import type { AzureClientOptions, HttpRequest, HttpResponse } from './client.ts';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, graphError, page, respond } from './testing.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const STORAGE_API = 'Microsoft.Storage/storageAccounts/read';

/** A storage account as `GET /subscriptions/{id}/providers/Microsoft.Storage/storageAccounts` lists it (trimmed). */
function storageAccount(name: string): unknown {
  return {
    id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    type: 'Microsoft.Storage/storageAccounts',
    location: 'eastus',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2' },
  };
}

/** Clients over a scripted transport: each request takes the next answer (or throws it). */
function scripted(answers: readonly (HttpResponse | Error)[], overrides: Partial<AzureClientOptions> = {}) {
  const requests: HttpRequest[] = [];
  const sleeps: number[] = [];
  // A clock that moves only when the client sleeps: back-off and bucket waits are exact.
  let clock = 0;
  let index = 0;
  const clients = createAzureClients({
    cloud: 'AzureCloud',
    tokens: async (scope) => `token-for-${scope}`,
    transport: async (request) => {
      requests.push(request);
      const answer = answers[Math.min(index++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 60_000,
    random: () => 1,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...overrides,
  });
  return { clients, requests, sleeps };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('ARM client', () => {
  it('follows nextLink through every page, with the api-version and a bearer token for the ARM audience', async () => {
    const next = `https://management.azure.com${SUB}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01&$skiptoken=page2`;
    const fake = fakeAzure({
      [`GET ${SUB}/providers/Microsoft.Storage/storageAccounts`]: page([storageAccount('prodlogs')], next),
      [`GET ${SUB}/providers/Microsoft.Storage/storageAccounts?$skiptoken=page2`]: page([storageAccount('proddata')]),
    });
    const listed = await fake.clients.arm.list<{ name: string }>(STORAGE_API, `${SUB}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
    expect(listed.value?.map((account) => account.name)).toEqual(['prodlogs', 'proddata']);
    expect(fake.unmatched).toEqual([]);
    const first = new URL(fake.requests[0]!.url);
    expect(first.host).toBe('management.azure.com');
    expect(first.searchParams.get('api-version')).toBe('2023-05-01');
    expect(fake.requests[0]!.headers['authorization']).toBe('Bearer test-token');
    expect(fake.clients.counters()['Microsoft.Storage']).toMatchObject({ calls: 2, errors: 0 });
  });

  it('turns 403 AuthorizationFailed into an error value naming the operation, without retrying', async () => {
    const message = `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${STORAGE_API}' over scope '${SUB}' or the scope is invalid.`;
    const fake = fakeAzure({ [`GET ${SUB}/providers/Microsoft.Storage/storageAccounts`]: armError(403, 'AuthorizationFailed', message) });
    const listed = await fake.clients.arm.list(STORAGE_API, `${SUB}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
    expect(listed.error).toEqual({ api: STORAGE_API, code: 'AuthorizationFailed', message, httpStatus: 403 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.clients.counters()['Microsoft.Storage']).toMatchObject({ calls: 1, retries: 0, errors: 1, errorCodes: { AuthorizationFailed: 1 }, errorsByClass: { permanent: 1, throttling: 0, transient: 0 } });
  });

  it('answers null (get) and an empty list (list) for the codes a caller names as "not configured"', async () => {
    const path = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/prodlogs/blobServices/default`;
    const fake = fakeAzure({
      [`GET ${path}`]: armError(404, 'ResourceNotFound', "The Resource 'Microsoft.Storage/storageAccounts/prodlogs' under resource group 'rg-prod' was not found."),
      [`GET ${SUB}/providers/Microsoft.Security/pricings`]: armError(404, 'SubscriptionNotRegistered'),
    });
    expect(await fake.clients.arm.get('Microsoft.Storage/storageAccounts/blobServices/read', path, '2023-05-01', { notFound: ['ResourceNotFound'] })).toEqual({ value: null });
    expect(await fake.clients.arm.list('Microsoft.Security/pricings/read', `${SUB}/providers/Microsoft.Security/pricings`, '2024-01-01', { notFound: ['404'] })).toEqual({ value: [] });
    // Without `notFound` the same answer is an error: "not found" is never guessed.
    const unexpected = await fake.clients.arm.get('Microsoft.Storage/storageAccounts/blobServices/read', path, '2023-05-01', { resourceUid: '/x' });
    expect(unexpected.error).toMatchObject({ code: 'ResourceNotFound', httpStatus: 404, resourceUid: '/x' });
  });

  it('retries 429 after the Retry-After the answer asks for, then succeeds', async () => {
    const { clients, sleeps, requests } = scripted([
      json(429, { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } }, { 'retry-after': '7' }),
      json(200, page([storageAccount('prodlogs')])),
    ]);
    const listed = await clients.arm.list(STORAGE_API, `${SUB}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
    expect(listed.value).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
    expect(clients.counters()['Microsoft.Storage']).toMatchObject({ calls: 2, throttles: 1, retries: 1, retriesByClass: { throttling: 1, transient: 0, permanent: 0 }, errors: 0 });
  });

  it('retries network errors (code from the socket) and transient 5xx, then succeeds', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { clients, sleeps } = scripted([reset, json(503, { error: { code: 'ServiceUnavailable', message: 'try later' } }), json(200, { id: `${SUB}`, subscriptionId: TEST_SUBSCRIPTION_ID })]);
    const got = await clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.value).toMatchObject({ subscriptionId: TEST_SUBSCRIPTION_ID });
    // Exponential back-off: 100 ms, then 200 ms.
    expect(sleeps).toEqual([100, 200]);
    expect(clients.counters()['Microsoft.Resources']).toMatchObject({ calls: 3, retries: 2, retriesByClass: { transient: 2 }, errors: 0 });
  });

  it('gives up on a network error after every attempt, with the socket code', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { clients } = scripted([refused]);
    const got = await clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.error).toMatchObject({ code: 'ECONNREFUSED', retryable: 'transient' });
    expect(clients.counters()['Microsoft.Resources']).toMatchObject({ calls: 4, retries: 3, errors: 1, errorsByClass: { transient: 1, permanent: 0 } });
  });

  it('gives up an attempt that hangs past its time limit as RequestTimeout, and retries it', async () => {
    let attempts = 0;
    const clients = createAzureClients({
      cloud: 'AzureCloud',
      tokens: async () => 't',
      attemptTimeoutMs: 20,
      maxAttempts: 2,
      baseDelayMs: 0,
      sleep: async () => {},
      transport: (request) => {
        attempts += 1;
        return new Promise((_, reject) => request.signal?.addEventListener('abort', () => reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))));
      },
    });
    const got = await clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.error).toMatchObject({ code: 'RequestTimeout', message: 'no answer within 20 ms', retryable: 'transient' });
    expect(attempts).toBe(2);
  });

  it('reads an error body that is not JSON by its status: 5xx retried, 4xx not', async () => {
    const gateway: HttpResponse = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' };
    const { clients, requests } = scripted([gateway]);
    const got = await clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.error).toMatchObject({ code: 'Http502', httpStatus: 502, message: '<html><body>502 Bad Gateway</body></html>', retryable: 'transient' });
    expect(requests).toHaveLength(4);

    const plain = scripted([{ status: 400, headers: {}, body: 'Bad Request' }]);
    const bad = await plain.clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(bad.error).toMatchObject({ code: 'Http400', httpStatus: 400 });
    expect(plain.requests).toHaveLength(1);
  });

  it('reads error codes at the top level and capitalized, as some resource providers write them', () => {
    expect(errorOfResponse(json(400, { code: 'InvalidApiVersionParameter', message: 'The api-version is invalid.' }))).toEqual({ code: 'InvalidApiVersionParameter', message: 'The api-version is invalid.' });
    expect(errorOfResponse(json(409, { Code: 'Conflict', Message: 'busy' }))).toEqual({ code: 'Conflict', message: 'busy' });
    expect(errorOfResponse({ status: 500, headers: {}, body: 'null' })).toEqual({ code: 'Http500', message: 'null' });
  });

  it('does not retry when no token could be had: the credentials failed', async () => {
    const { clients, requests } = scripted([json(200, {})], {
      tokens: async () => {
        throw Object.assign(new Error('Azure CLI could not be found'), { name: 'CredentialUnavailableError' });
      },
    });
    const got = await clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.error).toMatchObject({ code: 'CredentialUnavailableError', message: 'Azure CLI could not be found' });
    expect(got.error?.retryable).toBeUndefined();
    expect(requests).toHaveLength(0);
  });

  it('answers Cancelled once the scan is aborted, counted as an error of no class', async () => {
    const controller = new AbortController();
    controller.abort();
    const { clients, requests } = scripted([json(200, {})], { signal: controller.signal });
    const got = await clients.arm.list(STORAGE_API, `${SUB}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
    expect(got.error).toMatchObject({ code: 'Cancelled' });
    expect(requests).toHaveLength(0);
    expect(clients.counters()['Microsoft.Storage']).toMatchObject({ errors: 1, errorsByClass: { permanent: 0, throttling: 0, transient: 0 } });
  });

  it('sends POST reads with a JSON body', async () => {
    const path = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Web/sites/app1/config/appsettings/list`;
    const fake = fakeAzure({ [`POST ${path}`]: { properties: { WEBSITE_RUN_FROM_PACKAGE: '1' } } });
    const got = await fake.clients.arm.post<{ properties: Record<string, string> }>('Microsoft.Web/sites/config/list/action', path, '2023-12-01');
    expect(got.value?.properties).toEqual({ WEBSITE_RUN_FROM_PACKAGE: '1' });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  });
});

describe('Graph client', () => {
  it('follows @odata.nextLink under /v1.0 with a token for the Graph audience', async () => {
    const next = 'https://graph.microsoft.com/v1.0/users?$top=1&$skiptoken=RFNwdAIAAQAAAD8',
      users = [
        { id: '6e7b768e-07e2-4810-8459-485f84f8f204', displayName: 'Adele Vance', userPrincipalName: 'AdeleV@contoso.com' },
        { id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd', displayName: 'Alex Wilber', userPrincipalName: 'AlexW@contoso.com' },
      ];
    const fake = fakeAzure({
      'GET /v1.0/users?$top=1': { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', ...(page([users[0]], next, true) as object) },
      'GET /v1.0/users?$top=1&$skiptoken=RFNwdAIAAQAAAD8': { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users', value: [users[1]] },
    });
    const listed = await fake.clients.graph.list<{ displayName: string }>('graph:users.list', '/users', { query: { $top: '1' } });
    expect(listed.value?.map((user) => user.displayName)).toEqual(['Adele Vance', 'Alex Wilber']);
    expect(fake.unmatched).toEqual([]);
    expect(new URL(fake.requests[0]!.url).host).toBe('graph.microsoft.com');
    expect(fake.clients.counters()['graph']).toMatchObject({ calls: 2, errors: 0 });
  });

  it('keeps Graph’s own code for a denied read', async () => {
    const fake = fakeAzure({ 'GET /v1.0/policies/authorizationPolicy': graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    const got = await fake.clients.graph.get('graph:policies.authorizationPolicy.get', '/policies/authorizationPolicy');
    expect(got.error).toEqual({ api: 'graph:policies.authorizationPolicy.get', code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', httpStatus: 403 });
  });

  it('passes extra headers (ConsistencyLevel) on list calls', async () => {
    const fake = fakeAzure({ 'GET /v1.0/users?$count=true': page([]) });
    await fake.clients.graph.list('graph:users.list', '/users', { query: { $count: 'true' }, headers: { ConsistencyLevel: 'eventual' } });
    expect(fake.requests[0]!.headers['ConsistencyLevel']).toBe('eventual');
  });
});

describe('national clouds and counters', () => {
  it('uses the cloud’s own ARM and Graph hosts and token audiences', async () => {
    const scopes: string[] = [];
    const hosts: string[] = [];
    const clients = createAzureClients({
      cloud: 'AzureChinaCloud',
      tokens: async (scope) => (scopes.push(scope), 't'),
      transport: async (request) => (hosts.push(new URL(request.url).host), json(200, page([]))),
    });
    await clients.arm.list('Microsoft.Resources/subscriptions/read', '/subscriptions', '2022-12-01');
    await clients.graph.list('graph:organization.list', '/organization');
    expect(hosts).toEqual(['management.chinacloudapi.cn', 'microsoftgraph.chinacloudapi.cn']);
    expect(scopes).toEqual(['https://management.chinacloudapi.cn/.default', 'https://microsoftgraph.chinacloudapi.cn/.default']);
  });

  it('counts per ARM namespace and for Graph', () => {
    expect(serviceOfApi('Microsoft.KeyVault/vaults/read')).toBe('Microsoft.KeyVault');
    expect(serviceOfApi('graph:users.list')).toBe('graph');
  });

  it('serves a route’s answers in turn in the fake (the last one repeats)', async () => {
    const fake = fakeAzure({ [`GET ${SUB}`]: [respond(500, { error: { code: 'InternalServerError', message: 'x' } }), respond(200, { subscriptionId: TEST_SUBSCRIPTION_ID })] });
    const got = await fake.clients.arm.get('Microsoft.Resources/subscriptions/read', SUB, '2022-12-01');
    expect(got.value).toEqual({ subscriptionId: TEST_SUBSCRIPTION_ID });
    expect(fake.clients.counters()['Microsoft.Resources']).toMatchObject({ calls: 2, retries: 1 });
  });
});
