/**
 * `palisade serve` as a process: HTTPS with a certificate made here, a half certificate pair
 * refused, and a server killed (SIGKILL) in the middle of a scan and started again on the same data
 * directory: the scan does not stay `running`, it ends `failed` (the server stopped), the findings
 * stored before the kill are kept, and the scan queued again in its place completes.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'apps/cli/bin/palisade.js');
const demo = join(root, 'examples/demo-aws.json.gz');
const work = mkdtempSync(join(tmpdir(), 'palisade-serve-'));
const PASSWORD = 'serve test passphrase 1';
const servers = new Set<ChildProcessWithoutNullStreams>();

afterAll(() => {
  for (const server of servers) server.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A `palisade` command run to its end. */
function run(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** `palisade serve` started; resolves with its URL once it listens. */
function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcessWithoutNullStreams; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--host', '127.0.0.1', ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1', ...env } });
    servers.add(child);
    const exited = new Promise<number | null>((done) =>
      child.on('close', (code) => {
        servers.delete(child);
        done(code);
      }),
    );
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /serving (https?:\/\/[^\s]+)\/api\/v1/.exec(stderr);
      if (match) resolve({ child, url: match[1]!, exited });
    });
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`palisade serve exited (${code}) before listening:\n${stderr}`)));
  });
}

/** The demo's accounts repeated under new ids: a scan that takes some seconds. */
function demoAccounts(name: string, count: number): string {
  const [header, ...accounts] = gunzipSync(readFileSync(demo)).toString('utf8').trim().split('\n');
  const lines = [header];
  for (let index = 0; index < count; index += 1) lines.push(accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(500000000000 + index)));
  const path = join(work, name);
  writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
  return path;
}

function httpsGet(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, ca ? { ca } : {}, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('palisade serve over TLS', () => {
  it('serves HTTPS with the certificate and key given, verified against the certificate as CA', async () => {
    const cert = join(work, 'cert.pem');
    const key = join(work, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const { child, url, exited } = await serve(['--data-dir', join(work, 'tls-data'), '--port', String(await freePort()), '--tls-cert', cert, '--tls-key', key]);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const document = await httpsGet(`${url}/api/v1/openapi.json`, readFileSync(cert));
    expect(document.status).toBe(200);
    expect(JSON.parse(document.body)).toMatchObject({ openapi: '3.1.0', info: { title: 'Palisade API' } });
    // Without the certificate as CA the connection is refused: the server really speaks TLS with it.
    await expect(httpsGet(`${url}/api/v1/openapi.json`)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses half a certificate pair, saying both are needed', async () => {
    for (const half of [['--tls-cert', join(work, 'cert.pem')], ['--tls-key', join(work, 'key.pem')]]) {
      const result = await run(['serve', '--data-dir', join(work, 'half-data'), ...half]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('palisade: --tls-cert and --tls-key go together');
    }
  });
});

describe('palisade serve killed in the middle of a scan', () => {
  it('recovers the scan at the next start: failed (server stopped), its stored findings kept, and queued again to completion', async () => {
    const dataDir = join(work, 'kill-data');
    const accounts = 120;
    const snapshot = demoAccounts('kill.json.gz', accounts);
    const created = await run(['admin', 'create-tenant', '--data-dir', dataDir, '--name', 'Acme', '--owner-email', 'owner@acme.test', '--password-stdin'], `${PASSWORD}\n`);
    expect(created.code).toBe(0);
    // A short lease, so that the restarted server finds the killed one's lease expired within seconds.
    const env = { PALISADE_SCAN_LEASE_SECONDS: '2' };
    const first = await serve(['--data-dir', dataDir, '--port', String(await freePort())], env);
    const login = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@acme.test', password: PASSWORD }) });
    const headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`, 'content-type': 'application/json' };
    const api = async (base: string, path: string, body?: unknown) => (await fetch(`${base}/api/v1${path}`, { method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read field by field
    const provider = await api(first.url, '/providers', { type: 'snapshot', alias: 'many accounts', config: { path: snapshot } });
    const scanId = (await api(first.url, '/scans', { providerId: provider.id })).id as string;

    const storedBeforeKill = await until(
      'findings stored by the running scan',
      async () => {
        const scan = await api(first.url, `/scans/${scanId}`);
        if (scan.state !== 'running' && scan.state !== 'queued') throw new Error(`the scan ended (${scan.state}) before it could be interrupted: make the snapshot bigger`);
        return scan.progress.findings > 0 ? (scan.progress.findings as number) : undefined;
      },
      60_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);

    const second = await serve(['--data-dir', dataDir, '--port', String(await freePort())], env);
    const ended = await until(
      'the killed scan to leave the running state',
      async () => {
        const scan = await api(second.url, `/scans/${scanId}`);
        return scan.state === 'running' ? undefined : scan;
      },
      30_000,
    );
    expect(ended).toMatchObject({ state: 'failed', error: { code: 'ServerStopped', message: expect.stringContaining('stopped before it finished; findings stored until then are kept') } });
    // Every finding the scan had counted as stored before the kill is still there, and it was part-way.
    const groups = (await api(second.url, `/overview?scanId=${scanId}&groupBy=severity`)).groups as { count: number }[];
    const kept = groups.reduce((sum, group) => sum + group.count, 0);
    expect(kept).toBeGreaterThanOrEqual(storedBeforeKill);
    const perAccount = 1062 / 2;
    expect(kept).toBeLessThan(accounts * perAccount);

    // The scan queued again in its place runs to the end.
    const resumed = await until(
      'the scan queued again to complete',
      async () => {
        const scans = (await api(second.url, `/scans?providerId=${provider.id}`)).items as { id: string; state: string }[];
        const again = scans.find((scan) => scan.id !== scanId);
        return again && ['completed', 'failed', 'cancelled'].includes(again.state) ? again : undefined;
      },
      120_000,
    );
    expect(resumed).toMatchObject({ state: 'completed', trigger: 'manual', progress: { percent: 100, findings: accounts * perAccount } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});
