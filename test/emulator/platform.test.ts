/**
 * The platform scanning live AWS over the wire (the AWS emulator): an `aws` provider with stored
 * access keys (sealed, opened only by the job runner) and a custom endpoint, its connection test,
 * and a scan run as a job to completion with the seeded account's findings; a provider that cannot
 * connect fails its test and its scan with the error's code, and the server keeps serving.
 */
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTenant, openPlatform, platformServer } from '../../apps/api/src/index.ts';
import type { Platform } from '../../apps/api/src/index.ts';
import { REGION, credentialsFor, randomAccountId, seedMisconfiguredAccount } from './seed.ts';

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';
const PASSWORD = 'emulator platform passphrase';

describe.skipIf(!endpoint)(`the platform scanning the AWS emulator${skipped}`, () => {
  let platform: Platform;
  let app: FastifyInstance;
  let token: string;
  let accountId: string;
  let secretKey: string;

  async function call(method: 'GET' | 'POST', url: string, body?: unknown) {
    const response = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    return { status: response.statusCode, json: JSON.parse(response.body) as Record<string, any>, body: response.body }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  beforeAll(async () => {
    accountId = randomAccountId();
    await seedMisconfiguredAccount(endpoint!, accountId, accountId);
    platform = await openPlatform({ dataDir: mkdtempSync(join(tmpdir(), 'palisade-platform-emulator-')), productVersion: 'test', env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') } });
    await createTenant(platform, { name: 'Acme', ownerEmail: 'owner@acme.test', password: PASSWORD });
    app = await platformServer(platform, { logger: false });
    await platform.runner.start();
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'owner@acme.test', password: PASSWORD }) });
    token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });

  it('scans an account with stored access keys through the custom endpoint, as a job', async () => {
    const credentials = await credentialsFor(endpoint!, accountId, 'auditor');
    secretKey = credentials.secretAccessKey;
    const provider = await call('POST', '/providers', {
      type: 'aws',
      alias: 'emulated',
      config: { endpointUrl: endpoint, regions: [REGION] },
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) },
    });
    expect(provider.status).toBe(201);
    expect(provider.body).not.toContain(secretKey);
    expect((await call('POST', `/providers/${provider.json.id}/test`)).json).toEqual({ ok: true });

    const scan = await call('POST', '/scans', { providerId: provider.json.id, scope: { services: ['iam', 's3'] } });
    expect(scan.status).toBe(202);
    await platform.runner.idle();
    const done = await call('GET', `/scans/${scan.json.id}`);
    expect(done.json).toMatchObject({ state: 'completed', summary: { accountsScanned: [accountId] } });
    const fails = await call('GET', `/findings?scanId=${scan.json.id}&status=FAIL&limit=500`);
    expect(fails.json.items.length).toBeGreaterThan(5);
    expect(new Set(fails.json.items.map((finding: { accountUid: string }) => finding.accountUid))).toEqual(new Set([accountId]));
    expect(new Set(fails.json.items.map((finding: { service: string }) => finding.service))).toEqual(new Set(['iam', 's3']));
  });

  it('fails the connection test and the scan of an unreachable provider with the error\'s code, and keeps serving', async () => {
    const provider = await call('POST', '/providers', { type: 'aws', alias: 'unreachable', config: { endpointUrl: 'http://127.0.0.1:9', regions: [REGION] }, credentials: { accessKeyId: 'AKIAUNREACHABLE00001', secretAccessKey: 'unreachable-secret-key-000' } });
    const tested = await call('POST', `/providers/${provider.json.id}/test`);
    expect(tested.json).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    const scan = await call('POST', '/scans', { providerId: provider.json.id });
    await platform.runner.idle();
    const failed = await call('GET', `/scans/${scan.json.id}`);
    expect(failed.json).toMatchObject({ state: 'failed', error: { code: expect.any(String), message: expect.any(String) } });
    expect(failed.body).not.toContain('unreachable-secret-key-000');
    expect((await call('GET', '/me')).status).toBe(200);
  }, 120_000);
});
