/**
 * Zero cross-tenant access: every route × every role of tenant B, given tenant A's ids (in the path,
 * the query and the body), answers 404 — or 403 when the role lacks the route's permission, or 400
 * for input that is invalid whoever sends it — never 200 with A's data, never 500; and no answer
 * contains any of A's ids. The routes are read from the server itself, so a new route is covered
 * (or fails this test for lack of a sample id) without editing it. Runs on SQLite and on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTenant, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';
import { STORES, disposeStores, openPlatformOn } from './store-kinds.ts';
import type { StoreKind } from './store-kinds.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const PASSWORD = 'tenant isolation passphrase';
const ROLES = ['owner', 'admin', 'analyst', 'auditor'] as const;

let platform: Platform;
let app: FastifyInstance;
const routes: { method: string; url: string }[] = [];
/** Tenant A's ids by path parameter name. */
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function request(method: string, url: string, token: string, body?: unknown) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, body: response.body };
}

async function login(email: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, password: PASSWORD }) });
  return (JSON.parse(response.body) as { accessToken: string }).accessToken;
}

/** The same suite on SQLite and on PostgreSQL (row-level security underneath the store's own tenant conditions). */

async function setup(kind: StoreKind): Promise<void> {
  routes.length = 0;
  for (const key of Object.keys(ids)) delete ids[key];
  platform = await openPlatformOn(kind, 'tenancy', { env: { PALISADE_MASTER_KEY: randomBytes(32).toString('hex') } });
  app = await platformServer(platform, { logger: false, loginRateLimit: 1000 });
  ids['userId'] = (await createTenant(platform, { name: 'A', ownerEmail: 'owner@a.test', password: PASSWORD })).userId;
  const b = await createTenant(platform, { name: 'B', ownerEmail: 'owner@b.test', password: PASSWORD });
  for (const role of ROLES.slice(1)) {
    const user = await platform.store.system.createUser({ email: `${role}@b.test`, passwordHash: await platform.passwords.hash(PASSWORD) });
    await platform.store.forTenant(b.tenantId).addMember(user.id, role);
  }
  for (const role of ROLES) tokens[role] = await login(`${role}@b.test`);

  // Tenant A owns one of everything.
  const a = await login('owner@a.test');
  const post = async (url: string, body: unknown) => JSON.parse((await request('POST', url, a, body)).body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const provider = await post('/api/v1/providers', { type: 'snapshot', alias: 'a', config: { path: demo } });
  ids['id:provider'] = provider.id;
  const scan = await post('/api/v1/scans', { providerId: provider.id });
  await platform.runner.start();
  await platform.runner.idle();
  ids['id:scan'] = scan.id;
  const findings = JSON.parse((await request('GET', `/api/v1/findings?scanId=${scan.id}&status=FAIL&limit=1`, a)).body) as { items: { uid: string }[] };
  ids['uid'] = findings.items[0]!.uid;
  const mute = await post(`/api/v1/findings/${encodeURIComponent(ids['uid'])}/mute`, { reason: 'tenant A accepts it' });
  ids['id:mute'] = mute.mute.id;
  ids['id:api-key'] = (await post('/api/v1/api-keys', { name: 'a key', role: 'auditor' })).id;
  ids['id:schedule'] = (await post('/api/v1/schedules', { providerId: provider.id, cron: '0 3 * * *', timezone: 'UTC' })).id;
  // An integration (its secret sealed), a rule sending to it, and a delivery: a test message to an endpoint that is down.
  const integration = await post('/api/v1/integrations', { type: 'webhook', name: 'a hook', config: { url: 'http://127.0.0.1:9/hook' }, secret: { signingSecret: 'tenant A signing secret' } });
  ids['id:integration'] = integration.id;
  ids['id:alert-rule'] = (await post('/api/v1/alert-rules', { kind: 'finding', name: 'a rule', minSeverity: 'high', destinations: [integration.id] })).id;
  ids['id:delivery'] = (await post(`/api/v1/integrations/${integration.id}/test`, {})).deliveryId;
  ids['frameworkId'] = 'cis-aws-3.0';
  ids['kind'] = 'csv';
}

afterAll(disposeStores);

/** The id a path parameter takes on a route: `:id` means the kind of resource the route is about. */
function paramValue(url: string, param: string): string {
  if (param !== 'id') {
    const value = ids[param];
    if (!value) throw new Error(`no sample value for :${param} of ${url}`);
    return value;
  }
  const kind = url.startsWith('/api/v1/providers') ? 'provider' : url.startsWith('/api/v1/scans') ? 'scan' : url.startsWith('/api/v1/mutes') ? 'mute' : url.startsWith('/api/v1/api-keys') ? 'api-key' : url.startsWith('/api/v1/schedules') ? 'schedule' : url.startsWith('/api/v1/integrations') ? 'integration' : url.startsWith('/api/v1/alert-rules') ? 'alert-rule' : '';
  const value = ids[`id:${kind}`];
  if (!value) throw new Error(`no sample id for ${url}`);
  return value;
}

/** A body valid in shape that points at tenant A's resources. */
function bodyFor(method: string, url: string): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (url.endsWith('/mute')) return { reason: 'tenant B tries' };
  if (url.endsWith('/notes')) return { text: 'tenant B writes' };
  if (url === '/api/v1/scans' || url === '/api/v1/schedules') return { providerId: ids['id:provider'], ...(url.endsWith('schedules') ? { cron: '0 3 * * *', timezone: 'UTC' } : {}) };
  if (url.startsWith('/api/v1/providers/')) return method === 'PATCH' ? { alias: 'taken over' } : undefined;
  if (url.startsWith('/api/v1/members/')) return { role: 'auditor' };
  return {};
}


describe.each(STORES)('tenant isolation across every route and role on $kind', ({ kind, skip }) => {
  beforeAll(async () => {
    if (!skip) await setup(kind);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });
  if (skip) it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it.skipIf(Boolean(skip))('answers tenant B\'s users of every role 404 (or 403/400) for tenant A\'s ids, never A\'s data', async () => {
    // Every documented route, from the server's own OpenAPI document (`{id}` → `:id`).
    const paths = (app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> }).paths;
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        // Public routes (sign-in, accepting an invitation) act on no tenant's data by id.
        if (Array.isArray(operation.security) && operation.security.length === 0) continue;
        routes.push({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') });
      }
    }
    expect(routes.length).toBeGreaterThan(25);
    const aIds = Object.entries(ids).filter(([key]) => key.startsWith('id:') || key === 'uid').map(([, value]) => value);
    const problems: string[] = [];
    for (const route of routes) {
      // Routes about the caller itself.
      if (route.url === '/api/v1/me' || route.url === '/api/v1/tenant' || route.url === '/api/v1/roles' || route.url === '/api/v1/events/secret') continue;
      // Path parameters naming a tenant's resource (a framework id or a report kind is not one).
      const params = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!).filter((param) => param !== 'frameworkId' && param !== 'kind');
      const url = route.url.replace(/:(\w+)/g, (_all, param: string) => encodeURIComponent(paramValue(route.url, param)));
      // List routes get A's ids as filters.
      const query = params.length ? '' : route.method === 'GET' ? `?scanId=${ids['id:scan']}&providerId=${ids['id:provider']}` : '';
      const expectNotFound = params.length > 0 || route.url.startsWith('/api/v1/compliance');
      for (const role of ROLES) {
        const answer = await request(route.method, `${url}${filterQuery(route.url, query)}`, tokens[role]!, bodyFor(route.method, route.url));
        const leaked = aIds.filter((id) => answer.body.includes(id));
        const allowed = expectNotFound ? [403, 404] : route.method === 'GET' ? [200, 403, 404] : [400, 403, 404];
        if (!allowed.includes(answer.status) || answer.status >= 500 || leaked.length) problems.push(`${role} ${route.method} ${route.url}: ${answer.status} ${answer.body.slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it.skipIf(Boolean(skip))('still shows tenant A its own data (the ids are real)', async () => {
    const a = await login('owner@a.test');
    for (const url of [`/api/v1/providers/${ids['id:provider']}`, `/api/v1/scans/${ids['id:scan']}`, `/api/v1/findings/${encodeURIComponent(ids['uid']!)}/history`, `/api/v1/integrations/${ids['id:integration']}`, `/api/v1/alert-rules/${ids['id:alert-rule']}`]) {
      expect((await request('GET', url, a)).status).toBe(200);
    }
    const deliveries = JSON.parse((await request('GET', `/api/v1/deliveries?integrationId=${ids['id:integration']}`, a)).body) as { items: { id: string; status: string }[] };
    expect(deliveries.items).toMatchObject([{ id: ids['id:delivery'], status: 'failed' }]);
  });
});

/** Only the list routes take filters; others ignore the query. */
function filterQuery(url: string, query: string): string {
  if (!query) return '';
  if (url === '/api/v1/findings' || url === '/api/v1/findings/latest') return query;
  if (url === '/api/v1/scans' || url === '/api/v1/schedules') return `?providerId=${ids['id:provider']}`;
  if (url === '/api/v1/overview') return `?scanId=${ids['id:scan']}`;
  if (url === '/api/v1/deliveries') return `?integrationId=${ids['id:integration']}&scanId=${ids['id:scan']}`;
  if (url === '/api/v1/overview/trend') return `?providerId=${ids['id:provider']}`;
  if (url.startsWith('/api/v1/compliance')) return `?providerId=${ids['id:provider']}`;
  return '';
}
