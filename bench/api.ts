/**
 * `npm run bench:api`: the platform API's throughput on loopback, measured by autocannon in a
 * separate process (one core each for the server and the load): authenticated small reads with an
 * access token (`GET /me`: JWT verification only) and with an API key (`GET /me`: key lookup in the
 * store), and a store read (`GET /providers`). `--record` appends the table to bench/RESULTS.md.
 * Fixed duration per route, so the figures are requests per second over the same window.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createTenant, openPlatform, platformServer } from '../apps/api/src/index.ts';

const record = process.argv.includes('--record');
const seconds = Number(process.env['BENCH_API_SECONDS'] ?? 10);
const platform = await openPlatform({ dataDir: mkdtempSync(join(tmpdir(), 'palisade-bench-api-')), productVersion: 'bench', env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') } });
await createTenant(platform, { name: 'bench', ownerEmail: 'bench@example.test', password: 'benchmark passphrase 1' });
const app = await platformServer(platform, { logger: false, loginRateLimit: 1000 });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;

const login = (await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'benchmark passphrase 1' }) })).json()) as { accessToken: string };
const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
for (let index = 0; index < 20; index += 1) await fetch(`${base}/providers`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'snapshot', alias: `p${index}`, config: { path: `/data/p${index}.json.gz` } }) });
const key = ((await (await fetch(`${base}/api-keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench', role: 'auditor' }) })).json()) as { key: string }).key;

interface Run {
  readonly name: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

const autocannon = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
async function load(name: string, path: string, bearer: string): Promise<Run> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [autocannon, '-j', '-c', '32', '-d', String(seconds), '-H', `authorization=Bearer ${bearer}`, `${base}${path}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
  const result = JSON.parse(output) as { requests: { total: number; average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { name, requests: result.requests.total, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const before = loadavg()[0]!;
const runs = [await load('GET /me, access token', '/me', login.accessToken), await load('GET /me, API key', '/me', key), await load('GET /providers (20), access token', '/providers', login.accessToken)];
const after = loadavg()[0]!;
await app.close();
await platform.close();

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const lines = [
  '',
  `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — API throughput, commit ${commit}`,
  '',
  `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; server and autocannon (32 connections, ${seconds} s per route) on loopback, one process each; SQLite store. Load average ${before.toFixed(2)} → ${after.toFixed(2)}.`,
  '',
  '| route | requests/s | p50 | p99 | requests | errors | non-2xx | target |',
  '|---|---|---|---|---|---|---|---|',
  ...runs.map((run) => `| ${run.name} | ${Math.round(run.perSecond).toLocaleString('en-US')} | ${run.p50} ms | ${run.p99} ms | ${run.requests.toLocaleString('en-US')} | ${run.errors} | ${run.non2xx} | ≥ 5,000/s: ${run.perSecond >= 5000 ? 'met' : 'not met'} |`),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
if (record) appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
