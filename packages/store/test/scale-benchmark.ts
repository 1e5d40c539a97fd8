/**
 * Findings at scale, measured: two scans of one provider (`--findings` rows in all, default
 * 1,000,000) stored in batches (`--batch`, default 5,000), then the queries a findings page makes —
 * two filters, deep keyset pages, counts — timed, and with `--plans` each query's plan.
 *
 *   npx tsx packages/store/test/scale-benchmark.ts                        SQLite file in a temp dir
 *   npx tsx packages/store/test/scale-benchmark.ts --dialect postgres     needs PALISADE_TEST_DATABASE_URL
 *
 * Single-threaded. Wall times on a busy machine mislead: the CPU time printed beside them is the
 * process's own (the database server's work on PostgreSQL is not in it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SEVERITIES, type FindingStatus } from '@palisade/core';
import { createPostgresStore, createSqliteStore, type FindingInput, type FindingQuery, type Store, type TenantStore } from '../src/index.ts';
import { TestDatabases } from './postgres-server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const dialect = option('dialect', 'sqlite');
const total = Number(option('findings', '1000000'));
const batchSize = Number(option('batch', '5000'));
const perScan = Math.floor(total / 2);

const ACCOUNTS = 50;
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1'];
const SERVICES = ['s3', 'iam', 'ec2', 'rds', 'kms', 'cloudtrail', 'lambda', 'sns', 'sqs', 'dynamodb'];

/** Deterministic pseudo-random numbers, so both scans and both dialects see the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function* findings(scan: number): Generator<FindingInput> {
  const next = random(7 + scan);
  const checks = Math.max(1, Math.floor(perScan / (ACCOUNTS * REGIONS.length * 10)));
  let produced = 0;
  for (let account = 0; account < ACCOUNTS; account++) {
    for (const region of REGIONS) {
      for (let check = 0; check < checks; check++) {
        for (let resource = 0; resource < 10 && produced < perScan; resource++, produced++) {
          const accountUid = String(100000000000 + account);
          const checkId = `aws/check-${String(check).padStart(3, '0')}`;
          const resourceUid = `arn:aws:${SERVICES[check % SERVICES.length]}:${region}:${accountUid}:resource/${check}-${resource}`;
          const status: FindingStatus = next() < (scan === 0 ? 0.3 : 0.25) ? 'FAIL' : 'PASS';
          yield {
            uid: `${accountUid}/${region}/${checkId}/${resource}`,
            checkId,
            title: `Check ${check}`,
            service: SERVICES[check % SERVICES.length]!,
            status,
            severity: SEVERITIES[check % SEVERITIES.length]!,
            message: `${checkId} on ${resourceUid}: ${status === 'FAIL' ? 'failing' : 'passing'}`,
            provider: 'aws',
            accountUid,
            accountName: `account-${account}`,
            region,
            resource: { uid: resourceUid, name: `resource-${check}-${resource}`, type: 'AwsResource' },
            compliance: [`cis-aws-3.0:${check % 5}.${check % 17}`, `iso27001-2022:A.${check % 9}`],
            time: `2026-01-0${scan + 1}T00:00:00.000Z`,
          };
        }
      }
    }
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function storeScan(tenant: TenantStore, providerId: string, scan: number): Promise<string> {
  const created = await tenant.createScan({ providerId, trigger: 'manual' });
  await tenant.updateScan(created.id, { state: 'running' });
  let batch: FindingInput[] = [];
  let inserting = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const finding of findings(scan)) {
    batch.push(finding);
    if (batch.length === batchSize) {
      const [, ms] = await timed(() => tenant.insertFindings(created.id, batch));
      inserting += ms;
      batch = [];
    }
  }
  if (batch.length > 0) inserting += (await timed(() => tenant.insertFindings(created.id, batch)))[1];
  const [resolved, completing] = await timed(() => tenant.completeScanFindings(created.id));
  await tenant.updateScan(created.id, { state: 'completed', finishedAt: `2026-01-0${scan + 1}T01:00:00.000Z` });
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  console.log(
    `scan ${scan + 1}: ${perScan.toLocaleString('en')} findings, insertFindings ${Math.round((perScan / inserting) * 1000).toLocaleString('en')} findings/s ` +
      `(${(inserting / 1000).toFixed(1)} s in the store; ${(wall / 1000).toFixed(1)} s wall and ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU with generation and completion), ` +
      `completeScanFindings ${(completing / 1000).toFixed(2)} s, resolved ${resolved.resolved.toLocaleString('en')}`,
  );
  return created.id;
}

async function main(): Promise<void> {
  let tenantId = '';
  let store: Store;
  let cleanup: () => Promise<void>;
  let explain: (query: string) => Promise<void> = async () => undefined;
  if (dialect === 'postgres') {
    const url = process.env['PALISADE_TEST_DATABASE_URL'];
    if (!url) throw new Error('--dialect postgres needs PALISADE_TEST_DATABASE_URL (scripts/postgres.sh prints one)');
    const databases = await TestDatabases.create(url);
    const database = await databases.fresh();
    store = createPostgresStore({ connectionString: database.appUrl, adminConnectionString: database.adminUrl, maxConnections: 2 });
    const client = new pg.Client({ connectionString: database.appUrl });
    await client.connect();
    explain = async (query) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) ${query}`);
      await client.query('ROLLBACK');
      console.log(`    plan: ${rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'].trim()).join(' / ')}`);
    };
    cleanup = async () => {
      await client.end();
      await store.close();
      await databases.dispose();
    };
  } else {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-store-scale-'));
    store = createSqliteStore({ dataDir: directory });
    const raw = new BetterSqlite3(join(directory, 'palisade.db'), { readonly: true, fileMustExist: false });
    explain = async (query) => console.log(`    plan: ${raw.prepare(`EXPLAIN QUERY PLAN ${query}`).all().map((row) => (row as { detail: string }).detail).join(' / ')}`);
    cleanup = async () => {
      raw.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    };
  }
  try {
    await store.migrate();
    tenantId = (await store.system.createTenant({ name: 'scale' })).id;
    const tenant = store.forTenant(tenantId);
    const provider = await tenant.createProvider({ type: 'aws', alias: 'organization', config: {} });
    console.log(`${dialect}: ${total.toLocaleString('en')} findings in batches of ${batchSize.toLocaleString('en')}`);
    await storeScan(tenant, provider.id, 0);
    const scanId = await storeScan(tenant, provider.id, 1);

    const on = dialect === 'postgres' ? 'true' : '1';
    const latest = (condition: string, order = 'severity, uid, scan_id') =>
      `SELECT * FROM findings WHERE tenant_id = '${tenantId}' AND is_latest = ${on} AND ${condition} ORDER BY ${order} LIMIT 101`;
    const inScan = (condition: string) => `SELECT * FROM findings WHERE tenant_id = '${tenantId}' AND scan_id = '${scanId}' AND ${condition} AND present = ${on} ORDER BY severity, uid, scan_id LIMIT 101`;
    const queries: [string, FindingQuery, string][] = [
      ['latest: status FAIL + severity critical', { status: ['FAIL'], severity: ['critical'] }, latest(`status IN ('FAIL') AND severity IN (0)`)],
      ['latest: checkId + region', { checkId: 'aws/check-007', region: 'eu-west-1' }, latest(`check_id = 'aws/check-007' AND region = 'eu-west-1'`)],
      ['latest: accountUid + status FAIL', { accountUid: '100000000042', status: ['FAIL'] }, latest(`account_uid = '100000000042' AND status IN ('FAIL')`)],
      ['latest: service + status FAIL', { service: 'kms', status: ['FAIL'] }, latest(`service = 'kms' AND status IN ('FAIL')`)],
      ['latest: region + severity high', { region: 'ap-southeast-1', severity: ['high'] }, latest(`region = 'ap-southeast-1' AND severity IN (1)`)],
      ['latest: compliance + status FAIL', { compliance: 'cis-aws-3.0:1.1', status: ['FAIL'] }, latest(`status IN ('FAIL') AND (${dialect === 'postgres' ? 'strpos(compliance, \'|cis-aws-3.0:1.1|\')' : 'instr(compliance, \'|cis-aws-3.0:1.1|\')'} > 0)`)],
      ['latest: status FAIL, sort -time', { status: ['FAIL'], sort: '-time' }, latest(`status IN ('FAIL')`, 'time DESC, uid DESC, scan_id DESC')],
      ['scan: status FAIL + service', { scanId, status: ['FAIL'], service: 's3' }, inScan(`status IN ('FAIL') AND service = 's3'`)],
      ['scan: checkId + muted false', { scanId, checkId: 'aws/check-003', muted: false }, inScan(`check_id = 'aws/check-003' AND muted = ${dialect === 'postgres' ? 'false' : '0'}`)],
      ['scan: delta changed + severity medium', { scanId, delta: ['changed'], severity: ['medium'] }, inScan(`delta IN ('changed') AND severity IN (2)`)],
      ['latest: muted + status FAIL', { muted: true, status: ['FAIL'] }, latest(`muted = ${on} AND status IN ('FAIL')`)],
    ];
    for (const [label, query, plan] of queries) {
      const [page, ms] = await timed(() => tenant.listFindings({ ...query, limit: 100 }));
      console.log(`  ${label}: first page (${page.items.length}) ${ms.toFixed(1)} ms`);
      if (args.includes('--plans')) await explain(plan);
    }

    let cursor: string | undefined;
    const [, deep] = await timed(async () => {
      for (let page = 0; page < 50; page++) cursor = (await tenant.latestFindings({ status: ['FAIL'], limit: 100, cursor })).nextCursor;
    });
    const [, fiftyFirst] = await timed(() => tenant.latestFindings({ status: ['FAIL'], limit: 100, cursor }));
    console.log(`  latest status FAIL: pages 1-50 ${deep.toFixed(0)} ms in all, page 51 ${fiftyFirst.toFixed(1)} ms`);
    const [counts, counting] = await timed(() => tenant.countFindings({ groupBy: 'severity' }));
    console.log(`  countFindings latest by severity (${counts.reduce((sum, entry) => sum + entry.count, 0).toLocaleString('en')} findings): ${counting.toFixed(0)} ms`);
    const [, scanCounting] = await timed(() => tenant.countFindings({ scanId, status: ['FAIL'], groupBy: 'service' }));
    console.log(`  countFindings scan FAIL by service: ${scanCounting.toFixed(0)} ms`);
    const [muted, muting] = await timed(() => tenant.setFindingsMuted({ checkId: 'aws/check-011', account: '100000000003' }, { reason: 'bench', rule: 'r' }));
    console.log(`  setFindingsMuted check + account (${muted}): ${muting.toFixed(1)} ms`);
  } finally {
    await cleanup();
  }
}

await main();
