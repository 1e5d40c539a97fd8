/**
 * A live organization scan against the simulated AWS, run from the same ScanRequest JSON in this
 * process and on two worker threads: each worker builds its own simulated AWS from the request's
 * transport module (the estate is generated from a seed, so every thread serves the same
 * organization), and the main thread reads the organization once.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { FRAMEWORKS } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, parseScanRequest, runScan } from '@palisade/engine';
import { OUTPUT_FORMATS, createFileSinks } from '@palisade/outputs';
import type { ScanRequest, ScanSink, WorkerScanOptions } from '@palisade/engine';
import { SIMULATED_CHECKS, SIMULATED_TRANSPORT_MODULE, callsByService, scanCollecting } from './simulated-scan.ts';
import type { EstateShape } from '../../bench/sim/estate.ts';
import type { SimulatedTransportOptions } from '../../bench/sim/transport.ts';

const estate: EstateShape = {
  seed: 5,
  accounts: 5,
  regions: ['us-east-1', 'eu-west-1'],
  perRegion: { instances: 5, securityGroups: 3, volumes: 3, snapshots: 2, vpcs: 1, kmsKeys: 2, logGroups: 2 },
  perAccount: { iamUsers: 3, iamRoles: 2, buckets: 3 },
  misconfiguredShare: 0.3,
};
const simulated: SimulatedTransportOptions = { estate, latency: { medianMs: 2, p99Ms: 20 } };
const transportModule = SIMULATED_TRANSPORT_MODULE;
const crashingModule = fileURLToPath(new URL('./fixtures/crashing-transport.ts', import.meta.url));
const checks = SIMULATED_CHECKS;
const AWS_FRAMEWORKS = FRAMEWORKS.filter((framework) => framework.provider === 'aws').map((framework) => framework.id);
/** Member accounts are 910000000000 + index; the management account is 900000000000. */
const member = (index: number) => String(910000000000 + index);

function requestFromJson(workers: number, transport: ScanRequest['transport'] = { module: transportModule, export: 'simulatedAws', options: simulated }): ScanRequest {
  const request: ScanRequest = {
    version: 1,
    provider: 'aws',
    scanId: 'organization-on-workers',
    source: { kind: 'live', credentials: {}, targets: { organization: {}, roleName: 'OrganizationAccountAccessRole' } },
    scope: { checks, frameworks: AWS_FRAMEWORKS },
    config: DEFAULT_SCAN_CONFIG,
    limits: {},
    output: {},
    execution: { workers },
    transport,
  };
  return parseScanRequest(JSON.parse(JSON.stringify(request)));
}


const key = (finding: Finding) => `${finding.uid} ${finding.status} ${finding.message}`;

describe('live organization scan on worker threads (simulated AWS)', () => {
  it('finds what the in-process scan finds, with the same summary, compliance and organization metadata', async () => {
    const inProcess = await scanCollecting(requestFromJson(1));
    const onWorkers = await scanCollecting(requestFromJson(2));

    expect(onWorkers.result.errors).toEqual([]);
    expect(inProcess.result.errors).toEqual([]);
    expect(onWorkers.result.accountsScanned).toHaveLength(6);
    expect([...onWorkers.result.accountsScanned].sort()).toEqual([...inProcess.result.accountsScanned].sort());
    expect(onWorkers.findings.length).toBeGreaterThan(200);
    expect(onWorkers.findings.map(key).sort()).toEqual(inProcess.findings.map(key).sort());
    expect(onWorkers.result.summary).toEqual(inProcess.result.summary);
    expect(onWorkers.compliance).toEqual(inProcess.compliance);
    expect(callsByService(onWorkers.result)).toEqual(callsByService(inProcess.result));
    // OU paths and tags are read once, by the main thread, and reach the findings of every worker.
    const tagged = onWorkers.findings.filter((finding) => finding.accountId === member(3));
    expect(tagged.length).toBeGreaterThan(0);
    for (const finding of tagged) expect(finding.organization).toEqual(inProcess.findings.find((other) => other.accountId === member(3))!.organization);
    expect(tagged[0]!.organization).toMatchObject({ ouPath: expect.stringMatching(/^Root\//), tags: { team: expect.any(String) } });
    // The main thread announces the whole organization; the workers' own counts are not passed on.
    expect(onWorkers.progress.filter((event) => event.phase === 'connect').map((event) => event.phase === 'connect' && event.accounts)).toEqual([undefined, 6]);
  });

  it('scans an organization of one account in this thread: no worker is started for it', async () => {
    const narrowed = (workers: number) => {
      const request = requestFromJson(workers, { module: transportModule, export: 'simulatedAws', options: simulated, report: 'simulatorReport' });
      const source = request.source as Extract<ScanRequest['source'], { kind: 'live' }>;
      return { ...request, source: { ...source, targets: { ...source.targets!, organization: { accounts: [member(2)] } } } };
    };
    const reports: unknown[] = [];
    const findings: Finding[] = [];
    const sink: ScanSink = { receives: 'all', write: async (batch) => void findings.push(...batch) };
    const result = await runScan(narrowed(2), [sink], { productVersion: 'test', onTransportReport: (report) => reports.push(report) } as WorkerScanOptions);
    const inProcess = await scanCollecting(narrowed(1));

    expect(reports).toEqual([]);
    expect(result.accountsScanned).toEqual([member(2)]);
    expect(result.errors).toEqual([]);
    expect(findings.map(key).sort()).toEqual(inProcess.findings.map(key).sort());
    expect(result.summary).toEqual(inProcess.result.summary);
  });

  it('turns a crashed worker into a scan error naming its accounts, and the other worker finishes', async () => {
    const crashOn = member(2);
    const { result, findings } = await scanCollecting(requestFromJson(2, { module: crashingModule, export: 'crashingSimulatedAws', options: { simulated, crashOnAccount: crashOn } }));

    // Accounts are dealt round-robin in discovery order (management account first): worker 1 holds
    // positions 0, 2, 4 and worker 2 positions 1, 3, 5, so member 2 (position 3) is worker 2's.
    const crashedShare = ['910000000000', member(2), member(4)];
    const survivingShare = ['900000000000', member(1), member(3)];
    expect(result.errors).toEqual([
      {
        error: {
          api: 'palisade:worker',
          code: 'WorkerFailed',
          message: expect.stringMatching(new RegExp(`^worker thread 2 of 2 stopped \\(Error: simulated crash while serving account ${crashOn}\\) while scanning accounts ${crashedShare.join(', ')};`)),
        },
      },
    ]);
    expect(result.accountsScanned).toEqual(expect.arrayContaining(survivingShare));
    expect(result.notScanned).toContain(`account ${crashOn}: not scanned (worker thread 2 failed)`);
    for (const accountId of crashedShare) {
      expect(result.accountsScanned.includes(accountId) || result.notScanned.includes(`account ${accountId}: not scanned (worker thread 2 failed)`)).toBe(true);
    }
    expect(result.interrupted).toBe(false);
    expect(findings.filter((finding) => finding.accountId === member(3)).length).toBeGreaterThan(0);
  });
});

describe('output files of a scan on worker threads', () => {
  it('are byte for byte those of the in-process scan of the same snapshot, the workers encoding and the main thread appending', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const work = mkdtempSync(join(tmpdir(), 'palisade-worker-files-'));
    // The demo's two accounts repeated as seven, so each worker holds several accounts in turn.
    const [header, ...accounts] = gunzipSync(readFileSync(fileURLToPath(new URL('../../examples/demo-aws.json.gz', import.meta.url)))).toString('utf8').trim().split('\n');
    const lines = [header!, ...Array.from({ length: 7 }, (_, index) => accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(500000000000 + index)))];
    const snapshot = join(work, 'seven.json.gz');
    writeFileSync(snapshot, gzipSync(lines.join('\n')));
    const scan = { scanId: 'files-on-workers', startedAt: '2026-01-01T00:00:00.000Z', productVersion: 'test' };
    const write = async (workers: number) => {
      const outputDir = join(work, `w${workers}`);
      const files = await createFileSinks({ outputDir, baseName: 'run', formats: [...OUTPUT_FORMATS], frameworks: AWS_FRAMEWORKS, scan });
      const request: ScanRequest = {
        version: 1,
        provider: 'aws',
        scanId: scan.scanId,
        source: { kind: 'snapshot', path: snapshot },
        scope: { checks: ALL_CHECKS.filter((check) => check.provider === 'aws').map((check) => check.id), frameworks: AWS_FRAMEWORKS },
        config: DEFAULT_SCAN_CONFIG,
        limits: {},
        output: { statuses: ['FAIL', 'ERROR', 'MANUAL'] },
        execution: { workers },
      };
      await runScan(parseScanRequest(JSON.parse(JSON.stringify(request))), files.sinks, { productVersion: scan.productVersion });
      // Findings carry the time they were evaluated; nothing else may differ.
      return new Map(files.files.map((path) => [path.slice(outputDir.length), readFileSync(path, 'utf8').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>').replace(/"(time|created_time)":\d+/g, '"$1":<epoch>')]));
    };
    const inProcess = await write(1);
    const onWorkers = await write(2);

    expect([...onWorkers.keys()]).toEqual([...inProcess.keys()]);
    expect(inProcess.size).toBe(9);
    expect(inProcess.get('/run.csv')!.split('\n').length).toBeGreaterThan(500);
    for (const [name, text] of inProcess) expect(onWorkers.get(name), name).toBe(text);
  });
});

describe('worker threads in the CLI bundle', () => {
  it('starts workers from worker-entry.js and writes the files a single-thread scan writes', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const { spawnSync } = await import('node:child_process');
    const { buildCli } = await import('../../scripts/build-cli.ts');
    const work = mkdtempSync(join(tmpdir(), 'palisade-bundle-workers-'));
    const { outdir } = await buildCli(join(work, 'dist'));
    // The demo's two accounts repeated as five.
    const [header, ...accounts] = gunzipSync(readFileSync(fileURLToPath(new URL('../../examples/demo-aws.json.gz', import.meta.url)))).toString('utf8').trim().split('\n');
    const lines = [header!, ...Array.from({ length: 5 }, (_, index) => accounts[index % accounts.length]!.replace(/(111111111111|222222222222)/g, String(400000000000 + index)))];
    const snapshot = join(work, 'five.json.gz');
    writeFileSync(snapshot, gzipSync(lines.join('\n')));
    const scan = (workers: number) => {
      const out = join(work, `w${workers}`);
      const result = spawnSync(process.execPath, [join(outdir, 'main.js'), 'scan', 'aws', '--from-snapshot', snapshot, '--workers', String(workers), '-o', out, '-F', 'run', '-M', 'csv', '-q'], { encoding: 'utf8' });
      // Scan ids and times differ from run to run; everything else must not.
      const csv = (result.status === 3 ? readFileSync(join(out, 'run.csv'), 'utf8') : '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>');
      return { code: result.status, stderr: result.stderr, csv };
    };
    const single = scan(1);
    const threaded = scan(2);
    expect(threaded.stderr).toBe('');
    expect(threaded.code).toBe(3);
    expect(single.code).toBe(3);
    expect(threaded.csv.split('\n').length).toBeGreaterThan(2000);
    expect(threaded.csv).toBe(single.csv);

    // Without its worker script the threads cannot start: the scan fails, it does not come out empty.
    rmSync(join(outdir, 'worker-entry.js'));
    const broken = scan(2);
    expect(broken.code).not.toBe(0);
    expect(broken.code).not.toBe(3);
    expect(broken.stderr).toMatch(/worker thread \d of 2 could not start/);
  }, 180_000);
});
