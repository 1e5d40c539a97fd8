/**
 * The platform as a user drives it, over HTTP (Fastify's inject), on SQLite in a fresh data
 * directory and on PostgreSQL: create a tenant, sign in, add the demo snapshot provider, scan, query FAIL findings,
 * read CIS compliance, mute a finding, scan again and see it muted; API keys and roles; another
 * tenant sees nothing; no secret ever appears in a response or a log line.
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createTenant, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';
import { STORES, disposeStores, openPlatformOn } from './store-kinds.ts';
import type { StoreKind } from './store-kinds.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const OTHER_PASSWORD = 'another long passphrase 42';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1';
const AWS_KEY_ID = 'AKIAIOSFODNN7SECRET1';

let platform: Platform;
let app: FastifyInstance;
const logLines: string[] = [];
const responses: string[] = [];
let token: string;
let refreshToken: string;
let tenantId: string;
let providerId: string;
let firstScanId: string;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: { body?: unknown; auth?: string | null } = {}) {
  const bearer = options.auth === undefined ? token : options.auth;
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
  responses.push(response.body);
  const json = response.headers['content-type']?.toString().includes('json') && response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read answers' JSON field by field
  return { status: response.statusCode, json: json as any, body: response.body, headers: response.headers };
}

async function scanToCompletion(scope?: Record<string, unknown>): Promise<string> {
  const started = await call('POST', '/scans', { body: { providerId, ...(scope ? { scope } : {}) } });
  expect(started.status).toBe(202);
  expect(started.json.state).toBe('queued');
  await platform.runner.idle();
  const scan = await call('GET', `/scans/${started.json.id}`);
  expect(scan.json).toMatchObject({ state: 'completed', progress: { percent: 100 } });
  return started.json.id as string;
}


async function setup(kind: StoreKind): Promise<void> {
  logLines.length = 0;
  responses.length = 0;
  platform = await openPlatformOn(kind, 'api');
  ({ tenantId } = await createTenant(platform, { name: 'Acme', ownerEmail: 'Owner@Acme.test', password: PASSWORD }));
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await platformServer(platform, { logger: { level: 'info', stream } });
  await platform.runner.start();
}

afterAll(disposeStores);

describe.each(STORES)('the platform API on $kind, as a user drives it', ({ kind, skip }) => {
  beforeAll(async () => {
    if (!skip) await setup(kind);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });
  if (skip) return void it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it('signs in with the owner\'s email and password', async () => {
    const wrong = await call('POST', '/auth/login', { body: { email: 'owner@acme.test', password: 'not the password at all' }, auth: null });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    const login = await call('POST', '/auth/login', { body: { email: 'owner@acme.test', password: PASSWORD }, auth: null });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, tenantId, role: 'owner' });
    token = login.json.accessToken;
    refreshToken = login.json.refreshToken;
    const me = await call('GET', '/me');
    expect(me.json).toMatchObject({ kind: 'user', tenantId, role: 'owner' });
    expect((await call('GET', '/me', { auth: null })).status).toBe(401);
  });

  it('rotates the refresh token, and a reused one revokes the sign-in', async () => {
    const rotated = await call('POST', '/auth/refresh', { body: { refreshToken }, auth: null });
    expect(rotated.status).toBe(200);
    const reused = await call('POST', '/auth/refresh', { body: { refreshToken }, auth: null });
    expect(reused.status).toBe(401);
    expect(reused.json.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: rotated.json.refreshToken }, auth: null })).status).toBe(401);
  });

  it('adds the demo snapshot provider and rejects bad provider input, naming the field', async () => {
    const unknownField = await call('POST', '/providers', { body: { type: 'snapshot', alias: 'demo', config: { path: demo }, colour: 'blue' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.colour' });
    const badConfig = await call('POST', '/providers', { body: { type: 'snapshot', alias: 'demo', config: { file: demo } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.json.error.field).toMatch(/^body\.config\.(file|path)$/);
    const badType = await call('POST', '/providers', { body: { type: 'oracle', alias: 'x', config: {} } });
    expect(badType.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.type' });

    const created = await call('POST', '/providers', { body: { type: 'snapshot', alias: 'demo estate', config: { path: demo } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'snapshot', alias: 'demo estate', hasCredentials: false });
    providerId = created.json.id;
    const tested = await call('POST', `/providers/${providerId}/test`);
    expect(tested.json).toEqual({ ok: true });
  });

  it('runs a scan as a job and serves its FAIL findings, page by page', async () => {
    firstScanId = await scanToCompletion();
    const scan = await call('GET', `/scans/${firstScanId}`);
    expect(scan.json.summary.total.FAIL).toBeGreaterThan(100);
    const first = await call('GET', `/findings?scanId=${firstScanId}&status=FAIL&limit=50`);
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(50);
    expect(first.json.items.every((finding: { status: string; delta: string }) => finding.status === 'FAIL' && finding.delta === 'new')).toBe(true);
    const seen = new Set<string>(first.json.items.map((finding: { uid: string }) => finding.uid));
    let cursor = first.json.nextCursor as string | undefined;
    while (cursor) {
      const next = await call('GET', `/findings?scanId=${firstScanId}&status=FAIL&limit=100&cursor=${encodeURIComponent(cursor)}`);
      for (const finding of next.json.items) seen.add(finding.uid);
      cursor = next.json.nextCursor;
    }
    expect(seen.size).toBe(scan.json.summary.total.FAIL);
    // A requirement, a framework, and an id no framework has: the same answer as the findings' own lists.
    const all = (await call('GET', `/findings?scanId=${firstScanId}&status=FAIL&limit=1000`)).json.items as { uid: string; compliance: string[] }[];
    for (const compliance of ['cis-aws-3.0:1.10', 'cis-aws-3.0', 'cis-aws-3.0:no-such-requirement']) {
      const filtered = (await call('GET', `/findings?scanId=${firstScanId}&status=FAIL&limit=1000&compliance=${encodeURIComponent(compliance)}`)).json.items as { uid: string }[];
      const expected = all.filter((finding) => finding.compliance.some((ref) => ref === compliance || ref.startsWith(`${compliance}:`)));
      expect(filtered.map((finding) => finding.uid).sort(), compliance).toEqual(expected.map((finding) => finding.uid).sort());
    }
    expect(all.some((finding) => finding.compliance.includes('cis-aws-3.0:1.10'))).toBe(true);
    const badFilter = await call('GET', `/findings?scanId=${firstScanId}&status=FAILED`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.json.error.field).toBe('querystring.status');
  });

  it('serves the scan\'s reports and CIS compliance', async () => {
    const csv = await call('GET', `/scans/${firstScanId}/reports/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n').length).toBeGreaterThan(100);
    const ocsf = await call('GET', `/scans/${firstScanId}/reports/ocsf`);
    expect(Array.isArray(JSON.parse(ocsf.body))).toBe(true);
    const compliance = await call('GET', '/compliance/cis-aws-3.0');
    expect(compliance.status).toBe(200);
    expect(compliance.json.scans).toEqual([{ providerId, scanId: firstScanId, finishedAt: expect.any(String) }]);
    type Row = { id: string; status: string; pass: number; fail: number; error: number };
    const rows = compliance.json.requirements as Row[];
    expect(rows.filter((row) => row.status === 'FAIL').length).toBeGreaterThan(5);
    // A requirement passes only without failures or errors, and fails only with some.
    for (const row of rows) {
      if (row.status === 'PASS') expect(row.fail + row.error).toBe(0);
      if (row.status === 'FAIL') expect(row.fail + row.error).toBeGreaterThan(0);
    }
    // The scan's own report says the same.
    const report = await call('GET', `/scans/${firstScanId}/reports/compliance?framework=cis-aws-3.0`);
    const byId = new Map((report.json.requirements as Row[]).map((row) => [row.id, row.status]));
    for (const row of rows) if (byId.has(row.id)) expect(row.status).toBe(byId.get(row.id));
    expect((await call('GET', '/compliance/cis-aws-9.9')).status).toBe(404);
  });

  it('mutes a finding now and in the next scan', async () => {
    const failing = await call('GET', `/findings?scanId=${firstScanId}&status=FAIL&severity=high,critical&limit=1`);
    const target = failing.json.items[0] as { uid: string; resource: { uid: string } };
    const muted = await call('POST', `/findings/${encodeURIComponent(target.uid)}/mute`, { body: { reason: 'accepted: decommissioned next sprint' } });
    expect(muted.status).toBe(201);
    expect(muted.json.mutedFindings).toBeGreaterThanOrEqual(1);
    const now = await call('GET', `/findings?scanId=${firstScanId}&muted=true`);
    expect(now.json.items.map((finding: { uid: string }) => finding.uid)).toContain(target.uid);

    const secondScanId = await scanToCompletion();
    const again = await call('GET', `/findings?scanId=${secondScanId}&resourceUid=${encodeURIComponent(target.resource.uid)}`);
    const same = again.json.items.find((finding: { uid: string }) => finding.uid === target.uid);
    expect(same).toMatchObject({ muted: true, muteReason: 'accepted: decommissioned next sprint', delta: 'unchanged' });
    const history = await call('GET', `/findings/${encodeURIComponent(target.uid)}/history`);
    expect(history.json.items.map((entry: { scanId: string }) => entry.scanId).sort()).toEqual([firstScanId, secondScanId].sort());
  });

  it('issues API keys scoped to a role, shown once, and enforces the role', async () => {
    const created = await call('POST', '/api-keys', { body: { name: 'auditor key', role: 'auditor' } });
    expect(created.status).toBe(201);
    expect(created.json.key).toMatch(/^pal_/);
    const listed = await call('GET', '/api-keys');
    expect(JSON.stringify(listed.json)).not.toContain(created.json.key);
    expect((await call('GET', `/findings?scanId=${firstScanId}&limit=1`, { auth: created.json.key })).status).toBe(200);
    const forbidden = await call('POST', '/scans', { body: { providerId }, auth: created.json.key });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('FORBIDDEN');
    expect((await call('DELETE', `/api-keys/${created.json.id}`)).status).toBe(204);
    expect((await call('GET', '/me', { auth: created.json.key })).status).toBe(401);
  });

  it('invites a member, who signs in with the role given; roles never exceed the inviter\'s', async () => {
    const invited = await call('POST', '/invitations', { body: { email: 'Analyst@Acme.test', role: 'analyst' } });
    expect(invited.status).toBe(201);
    const weak = await call('POST', '/invitations/accept', { body: { token: invited.json.token, password: 'short' }, auth: null });
    expect(weak.status).toBe(400);
    expect(weak.json.error.field).toBe('body.password');
    const forged = await call('POST', '/invitations/accept', { body: { token: `${invited.json.id}.not-the-secret`, password: OTHER_PASSWORD }, auth: null });
    expect(forged.status).toBe(401);
    const accepted = await call('POST', '/invitations/accept', { body: { token: invited.json.token, password: OTHER_PASSWORD }, auth: null });
    expect(accepted.json).toEqual({ tenantId, role: 'analyst' });
    expect((await call('POST', '/invitations/accept', { body: { token: invited.json.token, password: OTHER_PASSWORD }, auth: null })).status).toBe(401);
    const analyst = (await call('POST', '/auth/login', { body: { email: 'analyst@acme.test', password: OTHER_PASSWORD }, auth: null })).json.accessToken as string;
    expect((await call('GET', '/me', { auth: analyst })).json.role).toBe('analyst');
    // An analyst may run scans but not manage members or hand out the admin role.
    expect((await call('POST', '/invitations', { body: { email: 'x@acme.test', role: 'admin' }, auth: analyst })).status).toBe(403);
    const members = await call('GET', '/members');
    expect(members.json.items.map((member: { email: string; role: string }) => `${member.email} ${member.role}`).sort()).toEqual(['analyst@acme.test analyst', 'owner@acme.test owner']);
    const custom = await call('POST', '/roles', { body: { name: 'triager', permissions: ['read', 'triage_findings'] } });
    expect(custom.status).toBe(201);
    const analystId = members.json.items.find((member: { role: string }) => member.role === 'analyst').userId;
    expect((await call('PATCH', `/members/${analystId}`, { body: { role: 'triager' } })).json).toEqual({ userId: analystId, role: 'triager' });
    const ownerId = members.json.items.find((member: { role: string }) => member.role === 'owner').userId;
    expect((await call('DELETE', `/members/${ownerId}`)).json.error.code).toBe('LAST_OWNER');
    const audit = await call('GET', '/audit-log?limit=100');
    expect(audit.json.items.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['member.invite', 'member.join', 'role.create', 'member.role', 'scan.start', 'finding.mute', 'provider.create']));
  });

  it('keeps AWS credentials write-only: sealed in the store, never in a response', async () => {
    const created = await call('POST', '/providers', {
      body: { type: 'aws', alias: 'prod', config: { roleArn: 'arn:aws:iam::123456789012:role/PalisadeAudit', regions: ['eu-west-1'] }, credentials: { accessKeyId: AWS_KEY_ID, secretAccessKey: AWS_SECRET } },
    });
    expect(created.status).toBe(201);
    expect(created.json.hasCredentials).toBe(true);
    expect(created.json).not.toHaveProperty('credentials');
    const stored = await platform.store.forTenant(tenantId).getProvider(created.json.id);
    const secret = await platform.store.forTenant(tenantId).getSecret(stored!.secretId!);
    expect(JSON.stringify(secret)).not.toContain(AWS_SECRET);
    expect(JSON.stringify(secret)).not.toContain(AWS_KEY_ID);
  });

  it('shows another tenant nothing: 404 exactly like a missing id', async () => {
    await createTenant(platform, { name: 'Globex', ownerEmail: 'owner@globex.test', password: OTHER_PASSWORD });
    const login = await call('POST', '/auth/login', { body: { email: 'owner@globex.test', password: OTHER_PASSWORD }, auth: null });
    const other = login.json.accessToken as string;
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [url, missingUrl] of [
      [`/providers/${providerId}`, `/providers/${unknown}`],
      [`/scans/${firstScanId}`, `/scans/${unknown}`],
      [`/scans/${firstScanId}/reports/csv`, `/scans/${unknown}/reports/csv`],
    ] as const) {
      const answer = await call('GET', url, { auth: other });
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual((await call('GET', missingUrl, { auth: other })).json);
    }
    expect((await call('GET', `/findings?scanId=${firstScanId}`, { auth: other })).json.items).toEqual([]);
    expect((await call('POST', '/scans', { body: { providerId }, auth: other })).status).toBe(404);
    expect((await call('GET', '/providers', { auth: other })).json.items).toEqual([]);
  });

  it('sends security headers, allows no cross-origin reads, and refuses oversized or non-JSON bodies', async () => {
    const answer = await call('GET', '/me');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['strict-transport-security']).toBeDefined();
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const huge = await app.inject({ method: 'POST', url: '/api/v1/providers', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'snapshot', alias: 'x', config: { path: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await app.inject({ method: 'POST', url: '/api/v1/providers', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, payload: '<provider/>' });
    expect(text.statusCode).toBe(415);
    const unknownRoute = await call('GET', '/no-such-thing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.json.error.code).toBe('NOT_FOUND');
  });

  it('publishes a valid OpenAPI 3.1 document', async () => {
    const document = await call('GET', '/openapi.json', { auth: null });
    expect(document.status).toBe(200);
    expect(document.json.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document.json))).resolves.toBeDefined();
    expect(Object.keys(document.json.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/providers', '/api/v1/scans', '/api/v1/findings', '/api/v1/compliance/{frameworkId}', '/api/v1/schedules']));
  });

  it('never puts a secret in a response or a log line', () => {
    const leaks = (text: string, secrets: readonly string[]) =>
      secrets.flatMap((secret) => {
        const at = text.indexOf(secret);
        return at === -1 ? [] : [text.slice(Math.max(0, at - 200), at + 40)];
      });
    // Passwords and cloud credentials in no answer; tokens only in the sign-in answers that issue them.
    expect(leaks(responses.join('\n'), [PASSWORD, OTHER_PASSWORD, AWS_SECRET, AWS_KEY_ID])).toEqual([]);
    expect(leaks(logLines.join('\n'), [PASSWORD, OTHER_PASSWORD, AWS_SECRET, AWS_KEY_ID, refreshToken, token])).toEqual([]);
    expect(logLines.length).toBeGreaterThan(10);
  });
});
