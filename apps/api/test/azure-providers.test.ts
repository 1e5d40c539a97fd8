/**
 * Azure providers on the platform, on SQLite and on PostgreSQL: the service principal is write-only
 * (sealed, never answered or logged), bad settings are refused naming the field, an Azure snapshot
 * provider scans as a job with Azure's checks, and the connection test signs in as the stored
 * service principal and lists its subscriptions (ARM answered by a table, `@azure/identity` by
 * stand-ins), or answers ARM's own error.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { armError, fakeAzure, page, respond } from '@palisade/providers/azure/testing';
import type { FakeAzure } from '@palisade/providers/azure/testing';
import type { IdentityClasses, TokenCredentialLike } from '@palisade/providers/azure';
import { createTenant, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';
import { STORES, disposeStores, openPlatformOn } from './store-kinds.ts';
import type { StoreKind } from './store-kinds.ts';

const demoAzure = fileURLToPath(new URL('../../../examples/demo-azure.json.gz', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '0c5b5f4c-1c4e-4b4a-9f0e-2d4b6f6f1a11';
const CLIENT_SECRET = 'Qx8Q~azure.client-secret_value42';
const DENIED_CLIENT = '9d1e7a52-6f3b-4c8e-a0b2-7e5c3d9f1b64';
const DENIED_SECRET = 'Zy7W~denied.client-secret_value9';
const SUBSCRIPTIONS = ['7948bcee-488c-47ce-941c-38e20ede803d', '0b1f6471-1bf0-4dda-aec3-cb9272f09590'];

/** `@azure/identity` stand-ins: the client secret `CLIENT_SECRET` signs in; each credential built is recorded. */
const built: unknown[][] = [];
const signedIn = class implements TokenCredentialLike {
  private readonly accepted: boolean;
  constructor(...args: unknown[]) {
    built.push(args);
    this.accepted = args[2] === CLIENT_SECRET || args[2] === DENIED_SECRET;
  }
  async getToken() {
    if (!this.accepted) throw Object.assign(new Error(`AADSTS7000215: Invalid client secret provided.\nTrace ID: 0`), { name: 'AuthenticationError' });
    return { token: 'arm-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
};
const identity = { ClientSecretCredential: signedIn, ClientCertificateCredential: signedIn, WorkloadIdentityCredential: signedIn, ManagedIdentityCredential: signedIn, AzureCliCredential: signedIn } as unknown as IdentityClasses;

/** ARM: two subscriptions of the tenant and one of another tenant the first time; refused the second. */
const fakeArm = () =>
  fakeAzure({
    'GET /subscriptions': [
      respond(200, page([
        { id: `/subscriptions/${SUBSCRIPTIONS[0]}`, subscriptionId: SUBSCRIPTIONS[0], tenantId: TENANT, displayName: 'Production', state: 'Enabled' },
        { id: `/subscriptions/${SUBSCRIPTIONS[1]}`, subscriptionId: SUBSCRIPTIONS[1], tenantId: TENANT, displayName: 'Development', state: 'Enabled' },
        { id: '/subscriptions/3e3a4b1c-0000-4000-8000-000000000003', subscriptionId: '3e3a4b1c-0000-4000-8000-000000000003', tenantId: OTHER_TENANT, displayName: 'Guest', state: 'Enabled' },
      ])),
      armError(403, 'AuthorizationFailed', 'The client does not have authorization to perform action Microsoft.Resources/subscriptions/read.'),
    ],
  });

let platform: Platform;
let arm: FakeAzure;
let app: FastifyInstance;
let token: string;
let tenantId: string;
const logLines: string[] = [];
const responses: string[] = [];

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  responses.push(response.body);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' JSON field by field
  return { status: response.statusCode, json: (response.body ? JSON.parse(response.body) : undefined) as any, body: response.body };
}

async function setup(kind: StoreKind): Promise<void> {
  platform = await openPlatformOn(kind, 'azure');
  arm = fakeArm();
  ({ tenantId } = await createTenant(platform, { name: 'Contoso', ownerEmail: 'owner@contoso.test', password: PASSWORD }));
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await platformServer(platform, { logger: { level: 'info', stream }, connectionTest: { azure: { http: arm.transport, identity } } });
  await platform.runner.start();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'owner@contoso.test', password: PASSWORD }) });
  token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
}

afterAll(disposeStores);

describe.each(STORES)('Azure providers on $kind', ({ kind, skip }) => {
  beforeAll(async () => {
    if (!skip) await setup(kind);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });
  if (skip) return void it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it('refuses bad Azure settings with 400, naming the field', async () => {
    const badTenant = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: 'contoso.onmicrosoft.com' } });
    expect(badTenant.status).toBe(400);
    expect(badTenant.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.config.tenantId' });
    expect(badTenant.json.error.message).toMatch(/^body\.config\.tenantId: /);
    const missingTenant = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: {} });
    expect(missingTenant.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.config.tenantId' });
    const badSubscription = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT, subscriptionIds: [SUBSCRIPTIONS[0], 'production'] } });
    expect(badSubscription.json.error.field).toBe('body.config.subscriptionIds.1');
    const badCloud = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT, cloud: 'AzureGermanCloud' } });
    expect(badCloud.json.error.field).toBe('body.config.cloud');
    const noSecret = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT }, credentials: { clientId: CLIENT } });
    expect(noSecret.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.credentials.clientSecret' });
    const badCertificate = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT }, credentials: { clientId: CLIENT, certificate: 'not a PEM file'.repeat(8) } });
    expect(badCertificate.json.error.field).toBe('body.credentials.certificate');
    const extra = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT }, credentials: { clientId: CLIENT, clientSecret: CLIENT_SECRET, accessKeyId: 'AKIA' } });
    expect(extra.json.error.field).toBe('body.credentials.accessKeyId');
    expect(JSON.stringify(responses)).not.toContain(CLIENT_SECRET);
  });

  it('keeps the service principal write-only: sealed in the store, never in an answer or a log line', async () => {
    const created = await call('POST', '/providers', { type: 'azure', alias: 'contoso', config: { tenantId: TENANT, subscriptionIds: SUBSCRIPTIONS, cloud: 'AzureCloud' }, credentials: { clientId: CLIENT, clientSecret: CLIENT_SECRET } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'azure', alias: 'contoso', config: { tenantId: TENANT, subscriptionIds: SUBSCRIPTIONS, cloud: 'AzureCloud' }, hasCredentials: true });
    expect(created.json).not.toHaveProperty('credentials');
    const tenant = platform.store.forTenant(tenantId);
    const stored = await tenant.getProvider(created.json.id);
    const secret = await tenant.getSecret(stored!.secretId!);
    expect(JSON.stringify(secret)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(stored)).not.toContain(CLIENT_SECRET);
    const listed = await call('GET', '/providers?type=azure');
    expect(listed.json.items).toEqual([expect.objectContaining({ id: created.json.id, hasCredentials: true })]);
    expect(listed.body).not.toContain(CLIENT_SECRET);
  });

  it('tests an Azure connection: signs in as the stored service principal and counts the tenant\'s subscriptions, or answers ARM\'s error', async () => {
    const created = await call('POST', '/providers', { type: 'azure', alias: 'contoso test', config: { tenantId: TENANT }, credentials: { clientId: CLIENT, clientSecret: CLIENT_SECRET } });
    built.length = 0;
    const tested = await call('POST', `/providers/${created.json.id}/test`);
    expect(tested.json).toEqual({ ok: true, tenantId: TENANT, subscriptions: 2 });
    expect(built).toEqual([[TENANT, CLIENT, CLIENT_SECRET, { authorityHost: 'https://login.microsoftonline.com' }]]);
    expect(arm.requests.at(-1)).toMatchObject({ method: 'GET', headers: expect.objectContaining({ authorization: 'Bearer arm-token' }) });

    const denied = await call('POST', '/providers', { type: 'azure', alias: 'contoso denied', config: { tenantId: TENANT }, credentials: { clientId: DENIED_CLIENT, clientSecret: DENIED_SECRET } });
    const refused = await call('POST', `/providers/${denied.json.id}/test`);
    expect(refused.json).toEqual({ ok: false, error: { code: 'AuthorizationFailed', message: expect.stringContaining('Microsoft.Resources/subscriptions/read') } });
    expect((await call('GET', `/providers/${denied.json.id}`)).json.lastTest).toMatchObject({ ok: false, error: { code: 'AuthorizationFailed' } });

    const wrongSecret = await call('POST', '/providers', { type: 'azure', alias: 'contoso wrong', config: { tenantId: TENANT }, credentials: { clientId: CLIENT, clientSecret: 'a-wrong-client-secret' } });
    const failed = await call('POST', `/providers/${wrongSecret.json.id}/test`);
    expect(failed.json).toMatchObject({ ok: false, error: { code: 'CREDENTIALS', message: expect.stringContaining('AADSTS7000215') } });
    expect(failed.body).not.toContain('a-wrong-client-secret');
    expect(JSON.stringify(responses)).not.toContain(CLIENT_SECRET);
    expect(logLines.join('')).not.toContain(CLIENT_SECRET);
    expect(logLines.join('')).not.toContain('a-wrong-client-secret');
  });

  it('scans an Azure snapshot provider as a job: Azure checks, findings stored with provider azure, CIS Azure compliance', async () => {
    const badProvider = await call('POST', '/providers', { type: 'snapshot', alias: 'x', config: { path: demoAzure, provider: 'gcp' } });
    expect(badProvider.json.error.field).toBe('body.config.provider');
    const created = await call('POST', '/providers', { type: 'snapshot', alias: 'azure demo', config: { path: demoAzure, provider: 'azure' } });
    expect(created.status).toBe(201);
    expect((await call('POST', `/providers/${created.json.id}/test`)).json).toEqual({ ok: true });
    const started = await call('POST', '/scans', { providerId: created.json.id });
    expect(started.status).toBe(202);
    await platform.runner.idle();
    const scan = await call('GET', `/scans/${started.json.id}`);
    expect(scan.json).toMatchObject({ state: 'completed', progress: { percent: 100 } });
    expect(scan.json.summary.total.FAIL).toBeGreaterThan(10);
    const findings = await call('GET', `/findings?scanId=${started.json.id}&limit=200`);
    expect(findings.json.items.length).toBeGreaterThan(50);
    expect(new Set(findings.json.items.map((finding: { provider: string }) => finding.provider))).toEqual(new Set(['azure']));
    expect(findings.json.items.every((finding: { checkId: string }) => finding.checkId.startsWith('azure/'))).toBe(true);
    const compliance = await call('GET', `/compliance/cis-azure-3.0?providerId=${created.json.id}`);
    expect(compliance.status).toBe(200);
  });
});
