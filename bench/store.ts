/**
 * `npm run bench:store`: the store at scale. Two scans of one provider (`--findings` rows in all,
 * default 1,000,000) stored in batches (`--batch`, default 5,000), then the queries a findings page
 * makes — two filters, a deep keyset page, counts — each timed over `--runs` runs (default 20, at
 * least 20) after one warm-up. Prints a Markdown table ready for bench/RESULTS.md: ingest rate
 * against ≥ 50,000 findings/s, and p50/p95 per query against p95 < 50 ms; `--record` appends it.
 *
 *   npm run bench:store                                  SQLite file in a temp dir
 *   npm run bench:store -- --dialect postgres            needs PALISADE_TEST_DATABASE_URL (scripts/postgres.sh prints one)
 *   npm run bench:store -- --findings 100000 --plans     smaller, with each query's plan
 *
 * Single-threaded. Wall times on a busy machine mislead: the load average is printed with the
 * table, and the CPU time beside each scan's ingest is the process's own (on PostgreSQL the
 * server's work is not in it).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SEVERITIES, type FindingStatus } from '@palisade/core';
import { createPostgresStore, createSqliteStore, type FindingInput, type FindingQuery, type Store, type TenantStore } from '../packages/store/src/index.ts';
import { TestDatabases } from '../packages/store/test/postgres-server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const dialect = option('dialect', 'sqlite');
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres, not ${dialect}`);
const total = Number(option('findings', '1000000'));
const batchSize = Number(option('batch', '5000'));
const runs = Number(option('runs', '20'));
if (!Number.isInteger(runs) || runs < 20) throw new Error('--runs must be 20 or more: a p95 needs them');
const record = args.includes('--record');
const perScan = Math.floor(total / 2);

const INGEST_TARGET = 50_000;
const QUERY_TARGET_MS = 50;
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

/** Checks per account × region, ten resources each. */
const CHECKS = Math.max(1, Math.floor(perScan / (ACCOUNTS * REGIONS.length * 10)));
/** The check muted in one account before the queries run, so that the muted filter finds rows. */
const MUTED_CHECK = `aws/check-${String(Math.min(11, CHECKS - 1)).padStart(3, '0')}`;

/** The generated checks whose findings name a requirement (what the API derives from the framework data). */
function complianceChecks(requirement: string): string[] {
  return Array.from({ length: CHECKS }, (_, check) => check)
    .filter((check) => `cis-aws-3.0:${check % 5}.${check % 17}` === requirement)
    .map((check) => `aws/check-${String(check).padStart(3, '0')}`);
}

function* findings(scan: number): Generator<FindingInput> {
  const next = random(7 + scan);
  const checks = CHECKS;
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

interface Ingest {
  readonly label: string;
  readonly perSecond: number;
  readonly storeSeconds: number;
  readonly cpuSeconds: number;
  readonly completeSeconds: number;
  readonly resolved: number;
}

async function storeScan(tenant: TenantStore, providerId: string, scan: number): Promise<{ scanId: string; ingest: Ingest }> {
  const created = await tenant.createScan({ providerId, trigger: 'manual' });
  await tenant.updateScan(created.id, { state: 'running' });
  let batch: FindingInput[] = [];
  let inserting = 0;
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
  const cpu = process.cpuUsage(cpuStarted);
  const ingest: Ingest = {
    label: scan === 0 ? "scan 1 (the provider's first)" : 'scan 2 (rows take the latest mark from scan 1)',
    perSecond: (perScan / inserting) * 1000,
    storeSeconds: inserting / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    completeSeconds: completing / 1000,
    resolved: resolved.resolved,
  };
  console.error(`${ingest.label}: ${perScan.toLocaleString('en')} findings, ${Math.round(ingest.perSecond).toLocaleString('en')}/s (${ingest.storeSeconds.toFixed(1)} s in insertFindings), completeScanFindings ${ingest.completeSeconds.toFixed(2)} s`);
  return { scanId: created.id, ingest };
}

interface Timing {
  readonly label: string;
  readonly rows: string;
  readonly p50: number;
  readonly p95: number;
}

/** Nearest-rank percentile of the sorted durations. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One warm-up, then `runs` timed runs. */
async function measure(label: string, work: () => Promise<number>): Promise<Timing> {
  const rows = await work();
  const durations: number[] = [];
  for (let run = 0; run < runs; run++) durations.push((await timed(work))[1]);
  durations.sort((a, b) => a - b);
  const timing = { label, rows: rows.toLocaleString('en'), p50: percentile(durations, 50), p95: percentile(durations, 95) };
  console.error(`  ${label}: p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms (${timing.rows} rows)`);
  return timing;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

async function main(): Promise<void> {
  let tenantId = '';
  let store: Store;
  let cleanup: () => Promise<void>;
  let explain: (query: string) => Promise<void> = async () => undefined;
  let where: string;
  if (dialect === 'postgres') {
    const url = process.env['PALISADE_TEST_DATABASE_URL'];
    if (!url) throw new Error('--dialect postgres needs PALISADE_TEST_DATABASE_URL (scripts/postgres.sh prints one)');
    const databases = await TestDatabases.create(url);
    const database = await databases.fresh();
    store = createPostgresStore({ connectionString: database.appUrl, adminConnectionString: database.adminUrl, maxConnections: 2 });
    const client = new pg.Client({ connectionString: database.appUrl });
    await client.connect();
    const version = (await client.query('SHOW server_version')).rows[0] as { server_version: string };
    where = `PostgreSQL ${version.server_version} on this machine, application role under row-level security`;
    explain = async (query) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) ${query}`);
      await client.query('ROLLBACK');
      console.error(`    plan: ${rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'].trim()).join(' / ')}`);
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
    where = `SQLite ${(raw.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version}, a file in a temp dir`;
    explain = async (query) => console.error(`    plan: ${raw.prepare(`EXPLAIN QUERY PLAN ${query}`).all().map((row) => (row as { detail: string }).detail).join(' / ')}`);
    cleanup = async () => {
      raw.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    };
  }
  const loadBefore = loadavg()[0]!;
  const ingests: Ingest[] = [];
  const timings: Timing[] = [];
  try {
    await store.migrate();
    tenantId = (await store.system.createTenant({ name: 'scale' })).id;
    const tenant = store.forTenant(tenantId);
    const provider = await tenant.createProvider({ type: 'aws', alias: 'organization', config: {} });
    console.error(`${dialect}: ${total.toLocaleString('en')} findings in batches of ${batchSize.toLocaleString('en')}`);
    ingests.push((await storeScan(tenant, provider.id, 0)).ingest);
    const second = await storeScan(tenant, provider.id, 1);
    ingests.push(second.ingest);
    const scanId = second.scanId;

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
      ['latest: compliance of one check + status FAIL', { compliance: 'cis-aws-3.0:0.3', complianceChecks: complianceChecks('cis-aws-3.0:0.3'), status: ['FAIL'] }, latest(`status IN ('FAIL') AND (${dialect === 'postgres' ? 'strpos(compliance, \'|cis-aws-3.0:0.3|\')' : 'instr(compliance, \'|cis-aws-3.0:0.3|\')'} > 0)`)],
      ['latest: compliance of two checks + status FAIL', { compliance: 'cis-aws-3.0:1.1', complianceChecks: complianceChecks('cis-aws-3.0:1.1'), status: ['FAIL'] }, latest(`status IN ('FAIL') AND (${dialect === 'postgres' ? 'strpos(compliance, \'|cis-aws-3.0:1.1|\')' : 'instr(compliance, \'|cis-aws-3.0:1.1|\')'} > 0)`)],
      ['latest: status FAIL, sort -time', { status: ['FAIL'], sort: '-time' }, latest(`status IN ('FAIL')`, 'time DESC, uid DESC, scan_id DESC')],
      ['scan: status FAIL + service', { scanId, status: ['FAIL'], service: 's3' }, inScan(`status IN ('FAIL') AND service = 's3'`)],
      ['scan: checkId + muted false', { scanId, checkId: 'aws/check-003', muted: false }, inScan(`check_id = 'aws/check-003' AND muted = ${dialect === 'postgres' ? 'false' : '0'}`)],
      ['scan: delta changed + severity medium', { scanId, delta: ['changed'], severity: ['medium'] }, inScan(`delta IN ('changed') AND severity IN (2)`)],
      ['latest: muted + status FAIL', { muted: true, status: ['FAIL'] }, latest(`muted = ${on} AND status IN ('FAIL')`)],
    ];
    console.error(`queries, ${runs} runs each after one warm-up:`);
    timings.push(await measure('setFindingsMuted: check + account', () => tenant.setFindingsMuted({ checkId: MUTED_CHECK, account: '100000000003' }, { reason: 'bench', rule: 'r' })));
    for (const [label, query, plan] of queries) {
      timings.push(await measure(`${label}, first page of 100`, async () => (await tenant.listFindings({ ...query, limit: 100 })).items.length));
      if (args.includes('--plans')) await explain(plan);
    }

    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) cursor = (await tenant.latestFindings({ status: ['FAIL'], limit: 100, cursor })).nextCursor;
    const fiftieth = cursor;
    timings.push(await measure('latest: status FAIL, page 51 of a keyset walk', async () => (await tenant.latestFindings({ status: ['FAIL'], limit: 100, cursor: fiftieth })).items.length));
    const sum = (groups: readonly { count: number }[]) => groups.reduce((all, group) => all + group.count, 0);
    timings.push(await measure('countFindings: latest view by severity', async () => sum(await tenant.countFindings({ groupBy: 'severity' }))));
    timings.push(await measure('countFindings: scan, FAIL by service', async () => sum(await tenant.countFindings({ scanId, status: ['FAIL'], groupBy: 'service' }))));
  } finally {
    await cleanup();
  }
  const loadAfter = loadavg()[0]!;

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — store at ${total.toLocaleString('en')} findings, ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, commit ${commit}`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${where}. Two scans of one provider, ${perScan.toLocaleString('en')} findings each, stored in batches of ${batchSize.toLocaleString('en')} (\`npm run bench:store${dialect === 'postgres' ? ' -- --dialect postgres' : ''}\`). Load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}.`,
    '',
    '| ingest (insertFindings) | findings/s | in the store | process CPU | completeScanFindings | target |',
    '|---|---|---|---|---|---|',
    ...ingests.map((ingest) => `| ${ingest.label} | ${Math.round(ingest.perSecond).toLocaleString('en')} | ${ingest.storeSeconds.toFixed(1)} s | ${ingest.cpuSeconds.toFixed(1)} s | ${ingest.completeSeconds.toFixed(2)} s (${ingest.resolved.toLocaleString('en')} resolved) | ≥ ${INGEST_TARGET.toLocaleString('en')}/s: ${ingest.perSecond >= INGEST_TARGET ? 'met' : 'not met'} |`),
    '',
    `| query (${runs} runs after one warm-up) | rows read, counted or updated | p50 | p95 | target |`,
    '|---|---|---|---|---|',
    ...timings.map((timing) => `| ${timing.label} | ${timing.rows} | ${ms(timing.p50)} ms | ${ms(timing.p95)} ms | p95 < ${QUERY_TARGET_MS} ms: ${timing.p95 < QUERY_TARGET_MS ? 'met' : 'not met'} |`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (record) appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
}

await main();
