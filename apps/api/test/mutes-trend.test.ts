/**
 * Mute rules out and in as a mutelist file (export → import into another tenant → the same rules),
 * and the trend of completed scans, over HTTP on SQLite and on PostgreSQL.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SEVERITIES } from '@palisade/core';
import { parseMutelist } from '@palisade/engine';
import { createTenant, platformServer } from '../src/index.ts';
import type { Platform } from '../src/index.ts';
import { STORES, disposeStores, openPlatformOn } from './store-kinds.ts';
import type { StoreKind } from './store-kinds.ts';

const demo = fileURLToPath(new URL('../../../examples/demo-aws.json.gz', import.meta.url));
const PASSWORD = 'mute rules passphrase 1';

let platform: Platform;
let app: FastifyInstance;
const tokens: Record<'acme' | 'globex' | 'auditor', string> = { acme: '', globex: '', auditor: '' };
let providerId: string;
/** The check the imported rule mutes. */
let checkId: string;
const scanIds: string[] = [];

type Answer = { status: number; body: string; json: any; headers: Record<string, unknown> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read field by field

async function call(method: 'GET' | 'POST', url: string, token: string, body?: { json?: unknown; yaml?: string }): Promise<Answer> {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body?.yaml !== undefined ? { 'content-type': 'text/yaml' } : body?.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body?.yaml !== undefined ? { payload: body.yaml } : body?.json !== undefined ? { payload: JSON.stringify(body.json) } : {}),
  });
  const json = response.headers['content-type']?.toString().includes('json') ? JSON.parse(response.body) : undefined;
  return { status: response.statusCode, body: response.body, json, headers: response.headers };
}

async function login(email: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, password: PASSWORD }) });
  return (JSON.parse(response.body) as { accessToken: string }).accessToken;
}

async function scan(): Promise<string> {
  const started = await call('POST', '/scans', tokens.acme, { json: { providerId } });
  expect(started.status).toBe(202);
  await platform.runner.idle();
  expect((await call('GET', `/scans/${started.json.id}`, tokens.acme)).json.state).toBe('completed');
  scanIds.push(started.json.id);
  return started.json.id as string;
}

/** What a round trip must keep of a rule: its criteria, reason and expiry. */
const essence = (items: { account?: string; checkId?: string; region?: string; resource?: string; reason: string; expiresAt?: string }[]) =>
  items.map((rule) => [rule.account ?? '*', rule.checkId ?? '*', rule.region ?? '*', rule.resource ?? '*', rule.reason, rule.expiresAt ?? ''].join(' | ')).sort();


async function setup(kind: StoreKind): Promise<void> {
  scanIds.length = 0;
  platform = await openPlatformOn(kind, 'mutes');
  app = await platformServer(platform, { logger: false, loginRateLimit: 1000 });
  const acme = await createTenant(platform, { name: 'Acme', ownerEmail: 'owner@acme.test', password: PASSWORD });
  await createTenant(platform, { name: 'Globex', ownerEmail: 'owner@globex.test', password: PASSWORD });
  const auditor = await platform.store.system.createUser({ email: 'auditor@acme.test', passwordHash: await platform.passwords.hash(PASSWORD) });
  await platform.store.forTenant(acme.tenantId).addMember(auditor.id, 'auditor');
  tokens.acme = await login('owner@acme.test');
  tokens.globex = await login('owner@globex.test');
  tokens.auditor = await login('auditor@acme.test');
  await platform.runner.start();
  providerId = (await call('POST', '/providers', tokens.acme, { json: { type: 'snapshot', alias: 'demo', config: { path: demo } } })).json.id;
}

afterAll(disposeStores);

describe.each(STORES)('mute import/export and the scan trend on $kind', ({ kind, skip }) => {
  beforeAll(async () => {
    if (!skip) await setup(kind);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });
  if (skip) return void it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it('serves the trend of completed scans from their summaries', async () => {
    const first = await scan();
    const summary = (await call('GET', `/scans/${first}`, tokens.acme)).json.summary;
    const trend = await call('GET', '/overview/trend', tokens.acme);
    expect(trend.status).toBe(200);
    expect(trend.json.items).toEqual([
      {
        scanId: first,
        providerId,
        finishedAt: expect.any(String),
        pass: summary.total.PASS,
        fail: summary.total.FAIL,
        manual: summary.total.MANUAL,
        error: summary.total.ERROR,
        muted: 0,
        bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, summary.bySeverity[severity].FAIL])),
      },
    ]);
    expect(trend.json.items[0].fail).toBeGreaterThan(100);
    // The severities account for every failure.
    expect(Object.values(trend.json.items[0].bySeverity as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(trend.json.items[0].fail);
    // The overview of the same scan counts the same stored findings.
    const groups = (await call('GET', `/overview?scanId=${first}&groupBy=severity`, tokens.acme)).json.groups as { status: string; muted: boolean; count: number }[];
    expect(groups.filter((group) => group.status === 'FAIL' && !group.muted).reduce((sum, group) => sum + group.count, 0)).toBe(trend.json.items[0].fail);
  });

  it('imports a mutelist file: its rules mute now and in the next scan, and the trend shows it', async () => {
    // The check failing most often, muted in one account with its underscore name, as CLI mutelists often say.
    const checks = (await call('GET', `/scans/${scanIds[0]}`, tokens.acme)).json.summary.failingChecks as { id: string; failed: number }[];
    checkId = [...checks].sort((a, b) => b.failed - a.failed)[0]!.id;
    const failing = (await call('GET', `/findings?scanId=${scanIds[0]}&status=FAIL&checkId=${checkId}&limit=1000`, tokens.acme)).json.items as { uid: string; accountUid: string }[];
    expect(failing.length).toBeGreaterThan(1);
    const account = failing[0]!.accountUid;
    const name = checkId.slice(checkId.indexOf('/') + 1).replaceAll('-', '_');
    const yaml = ['Mutelist:', '  Accounts:', `    "${account}":`, '      Checks:', `        "${name}":`, '          Regions: ["*"]', '          Resources: ["*"]', '          Reason: "accepted by the security team"', '          Expires: 2099-12-31', ''].join('\n');
    const imported = await call('POST', '/mutes/import', tokens.acme, { yaml });
    expect(imported.status).toBe(200);
    expect(imported.json).toEqual({ created: 1, replaced: 0, skipped: 0, removed: 0 });
    const unmuted = await call('GET', `/findings?checkId=${checkId}&accountUid=${account}&status=FAIL&muted=false`, tokens.acme);
    expect(unmuted.json.items).toEqual([]);
    const muted = failing.filter((finding) => finding.accountUid === account).length;

    // One finding of another check, muted by itself.
    const candidates = (await call('GET', `/findings?scanId=${scanIds[0]}&status=FAIL&limit=1000`, tokens.acme)).json.items as { uid: string; checkId: string }[];
    const other = candidates.find((finding) => finding.checkId !== checkId)!;
    expect((await call('POST', `/findings/${encodeURIComponent(other.uid)}/mute`, tokens.acme, { json: { reason: 'accepted: decommissioned next sprint' } })).status).toBe(201);

    const second = await scan();
    const trend = (await call('GET', '/overview/trend', tokens.acme)).json.items as { scanId: string; fail: number; muted: number }[];
    expect(trend.map((point) => point.scanId)).toEqual(scanIds);
    // The failures muted leave the FAIL count; muted also counts the passing findings the rule covers.
    expect(trend[0]!.fail - trend[1]!.fail).toBe(muted + 1);
    expect(trend[1]!.muted).toBeGreaterThanOrEqual(muted + 1);
    expect((await call('GET', '/overview/trend?limit=1', tokens.acme)).json.items.map((point: { scanId: string }) => point.scanId)).toEqual([second]);
    expect((await call('GET', `/overview/trend?providerId=${providerId}`, tokens.acme)).json.items).toHaveLength(2);
    const missing = await call('GET', '/overview/trend?providerId=00000000-0000-4000-8000-000000000000', tokens.acme);
    expect(missing.status).toBe(404);
    expect(missing.json.error.field).toBe('query.providerId');
  });

  it('exports the rules as a mutelist file the CLI reads, and another tenant imports the same rules', async () => {
    const exported = await call('GET', '/mutes/export', tokens.acme);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(exported.body.startsWith('# Mute rules of tenant "Acme", exported ')).toBe(true);
    // The CLI's own parser reads it: two rules, one of them the one-finding mute made specific.
    const mutelist = parseMutelist(exported.body, 'palisade-mutelist.yaml');
    expect(mutelist.rules).toHaveLength(2);
    expect(mutelist.rules.every((rule) => rule.account !== '*')).toBe(true);
    const acmeRules = (await call('GET', '/mutes', tokens.acme)).json.items;
    expect(acmeRules).toHaveLength(2);

    const imported = await call('POST', '/mutes/import', tokens.globex, { yaml: exported.body });
    expect(imported.json).toEqual({ created: 2, replaced: 0, skipped: 0, removed: 0 });
    const globexRules = (await call('GET', '/mutes', tokens.globex)).json.items;
    expect(essence(globexRules)).toEqual(essence(acmeRules));
    // Exported again, the other tenant's file holds the same rules.
    const again = (await call('GET', '/mutes/export', tokens.globex)).body;
    expect(again.slice(again.indexOf('\nMutelist:'))).toBe(exported.body.slice(exported.body.indexOf('\nMutelist:')));

    // The same file again, as JSON: nothing new.
    expect((await call('POST', '/mutes/import', tokens.globex, { json: { yaml: exported.body } })).json).toEqual({ created: 0, replaced: 0, skipped: 2, removed: 0 });
    // Replace with a file of one rule, its reason changed: it is replaced, the other removed.
    const encryption = acmeRules.find((rule: { checkId: string; findingUid?: string }) => rule.checkId === checkId && !rule.findingUid) as { account: string; expiresAt: string };
    const file = ['Mutelist:', '  Accounts:', `    "${encryption.account}":`, '      Checks:', `        "${checkId}":`, '          Regions: ["*"]', '          Resources: ["*"]', '          Reason: "accepted by the security team (reviewed)"', `          Expires: "${encryption.expiresAt}"`, ''].join('\n');
    expect((await call('POST', '/mutes/import?mode=replace', tokens.globex, { yaml: file })).json).toEqual({ created: 0, replaced: 1, skipped: 0, removed: 1 });
    expect((await call('GET', '/mutes', tokens.globex)).json.items.map((rule: { reason: string }) => rule.reason)).toEqual(['accepted by the security team (reviewed)']);

    const audit = (await call('GET', '/audit-log?action=mute.import', tokens.globex)).json.items;
    expect(audit.map((entry: { details: Record<string, unknown> }) => entry.details)).toEqual([
      { mode: 'replace', rules: 1, created: 0, replaced: 1, skipped: 0, removed: 1 },
      { mode: 'merge', rules: 2, created: 0, replaced: 0, skipped: 2, removed: 0 },
      { mode: 'merge', rules: 2, created: 2, replaced: 0, skipped: 0, removed: 0 },
    ]);
    expect((await call('GET', '/audit-log?action=mute.export', tokens.acme)).json.items[0]).toMatchObject({ action: 'mute.export', details: { rules: 2 } });
  });

  it('refuses a bad file with 400 naming the line and field, and imports nothing', async () => {
    const before = (await call('GET', '/mutes', tokens.globex)).json.items;
    const yaml = ['Mutelist:', '  Accounts:', '    "*":', '      Checks:', '        "*":', '          Regions: "eu-west-1"', '          Resources: ["*"]', '          Reason: "no"', ''].join('\n');
    const text = await call('POST', '/mutes/import', tokens.globex, { yaml });
    expect(text.status).toBe(400);
    expect(text.json.error).toEqual({ code: 'VALIDATION_FAILED', field: 'body', message: 'body:6 (Mutelist.Accounts.*.Checks.*.Regions): must be a list of strings' });
    const pattern = await call('POST', '/mutes/import', tokens.globex, { json: { yaml: yaml.replace('"eu-west-1"', '["eu-.*"]') } });
    expect(pattern.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.yaml', message: expect.stringMatching(/^body\.yaml:5 \(Mutelist\.Accounts\.\*\.Checks\.\*\.Regions\.0\): "eu-\.\*" is a regular expression/) });
    const broken = await call('POST', '/mutes/import', tokens.globex, { yaml: 'Mutelist:\n  Accounts: [\n' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toMatch(/^body:\d+: invalid YAML/);
    expect((await call('POST', '/mutes/import', tokens.globex, { json: {} })).json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.yaml' });
    expect((await call('POST', '/mutes/import?mode=overwrite', tokens.globex, { yaml })).json.error.field).toBe('querystring.mode');
    expect((await call('GET', '/mutes', tokens.globex)).json.items).toEqual(before);
  });

  it('reads a YAML body with a charset, as curl and browsers send it', async () => {
    const yaml = (await call('GET', '/mutes/export', tokens.globex)).body;
    const response = await app.inject({ method: 'POST', url: '/api/v1/mutes/import', headers: { authorization: `Bearer ${tokens.globex}`, 'content-type': 'text/yaml; charset=utf-8' }, payload: yaml });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ created: 0, replaced: 0, skipped: 1, removed: 0 });
  });

  it('needs the triage_findings permission', async () => {
    expect((await call('GET', '/mutes/export', tokens.auditor)).status).toBe(403);
    expect((await call('POST', '/mutes/import', tokens.auditor, { yaml: 'Mutelist:\n  Accounts: {}\n' })).status).toBe(403);
    expect((await call('GET', '/overview/trend', tokens.auditor)).status).toBe(200);
  });
});
