import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, frameworksOfProvider } from '@palisade/compliance';
import { executionIndependent } from '../test/compare.ts';
import { DEMO_SNAPSHOT, demoAccounts as makeDemoAccounts } from '../test/demo-accounts.ts';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';
import { runScan } from './run-scan.ts';
import type { ScanSink } from './run-scan.ts';
import type { ScanProgress, ScanResult } from './scan.ts';
import type { EncodingScanSink } from './worker-executor.ts';
import type { EncodedUids } from '../test/fixtures/uid-encoder.ts';

/** These tests scan the AWS demo estate: the registry's AWS checks and frameworks. */
const AWS_CHECKS = ALL_CHECKS.filter((check) => check.provider === 'aws');
const FRAMEWORKS = frameworksOfProvider('aws');

const demo = DEMO_SNAPSHOT;
const work = mkdtempSync(join(tmpdir(), 'palisade-workers-'));
const mutelistText = 'Mutelist:\n  Accounts:\n    "300000000003":\n      Checks:\n        "s3_.*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: dev buckets\n';

const demoAccounts = (name: string, count: number, options: { truncateAfter?: number } = {}) => makeDemoAccounts(work, name, count, options);

let sevenAccounts: string;
beforeAll(() => {
  sevenAccounts = demoAccounts('seven.json.gz', 7);
});

/** A request as an API would receive it: JSON text, parsed and validated. */
function requestFromJson(path: string, overrides: Partial<ScanRequest> = {}, workers = 1): ScanRequest {
  const request: ScanRequest = {
    version: 1,
    provider: 'aws',
    scanId: 'scan-on-workers',
    tenantId: 'tenant-a',
    source: { kind: 'snapshot', path },
    scope: { checks: AWS_CHECKS.map((check) => check.id), frameworks: FRAMEWORKS.map((framework) => framework.id) },
    config: DEFAULT_SCAN_CONFIG,
    mutelist: parseMutelist(mutelistText, 'mute.yaml').spec,
    limits: {},
    output: {},
    ...overrides,
    execution: { workers },
  };
  return parseScanRequest(JSON.parse(JSON.stringify(request)));
}

interface Run {
  readonly result: ScanResult;
  /** What the output sink received (the request's statuses). */
  readonly written: Finding[];
  /** What a sink receiving every in-scope finding received. */
  readonly all: Finding[];
  readonly compliance: unknown[];
  readonly lifecycle: string[];
  readonly progress: ScanProgress[];
}

async function run(request: ScanRequest, options: { signal?: AbortSignal; onWrite?: () => void } = {}): Promise<Run> {
  const written: Finding[] = [];
  const all: Finding[] = [];
  const lifecycle: string[] = [];
  const progress: ScanProgress[] = [];
  const accumulators = FRAMEWORKS.map((framework) => new ComplianceAccumulator(framework));
  const output: ScanSink = {
    begin: () => void lifecycle.push('begin'),
    write: async (batch) => {
      written.push(...batch);
      options.onWrite?.();
    },
    end: () => void lifecycle.push('end'),
    fail: () => void lifecycle.push('fail'),
  };
  const everything: ScanSink = {
    receives: 'all',
    write: async (batch) => {
      all.push(...batch);
      for (const accumulator of accumulators) accumulator.addAll(batch);
    },
  };
  const result = await runScan(request, [output, everything], { productVersion: 'test', onProgress: (event) => progress.push(event), ...(options.signal ? { signal: options.signal } : {}) });
  return { result, written, all, compliance: accumulators.map((accumulator) => accumulator.report()), lifecycle, progress };
}

/** Everything a finding says except when it was evaluated. */
const comparable = (findings: readonly Finding[]) => findings.map(({ time: _time, ...finding }) => finding).sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
const outcome = executionIndependent;


describe('the worker-thread executor on a snapshot', () => {
  it('gives the same findings, summary, result and compliance as the in-process scan of the same request JSON', async () => {
    const overrides: Partial<ScanRequest> = { output: { statuses: ['FAIL', 'ERROR'] } };
    const inProcess = await run(requestFromJson(sevenAccounts, overrides, 1));
    const onWorkers = await run(requestFromJson(sevenAccounts, overrides, 2));

    expect(onWorkers.lifecycle).toEqual(['begin', 'end']);
    expect(inProcess.all.length).toBeGreaterThan(2000);
    // The output sink got only the request's statuses, the other sink every in-scope finding.
    expect(new Set(onWorkers.written.map((finding) => finding.status))).toEqual(new Set(['FAIL', 'ERROR']));
    expect(comparable(onWorkers.written)).toEqual(comparable(inProcess.written));
    expect(comparable(onWorkers.all)).toEqual(comparable(inProcess.all));
    // Written in the snapshot's order, as in process: the output files come out the same.
    expect(onWorkers.all.map((finding) => finding.uid)).toEqual(inProcess.all.map((finding) => finding.uid));
    expect(onWorkers.written.map((finding) => finding.uid)).toEqual(inProcess.written.map((finding) => finding.uid));
    expect(onWorkers.all.filter((finding) => finding.muted?.rule === '300000000003/s3_.*').length).toBeGreaterThan(10);
    expect(outcome(onWorkers.result)).toEqual(outcome(inProcess.result));
    expect(onWorkers.result.accountsScanned).toEqual(Array.from({ length: 7 }, (_, index) => String(300000000000 + index)));
    expect(onWorkers.result.summary.muteRules).toEqual([{ rule: '300000000003/s3_.*', location: 'mute.yaml:5', muted: expect.any(Number) }]);
    expect(onWorkers.compliance).toEqual(inProcess.compliance);
    // Each account's progress arrives once, whichever worker evaluated it.
    const evaluated = onWorkers.progress.flatMap((event) => (event.phase === 'evaluate' ? [event.accountId] : []));
    expect(evaluated.sort()).toEqual(onWorkers.result.accountsScanned);
  });

  it('splits the accounts a request names between the workers, in order, and reports requested regions no account holds', async () => {
    const overrides: Partial<ScanRequest> = {
      scope: { checks: AWS_CHECKS.map((check) => check.id), frameworks: ['cis-aws-3.0'], accounts: ['300000000001', '300000000004', '300000000006'], regions: ['eu-west-1', 'ca-central-1'] },
    };
    const inProcess = await run(requestFromJson(sevenAccounts, overrides, 1));
    const onWorkers = await run(requestFromJson(sevenAccounts, overrides, 2));

    expect(onWorkers.result.accountsScanned).toEqual(['300000000001', '300000000004', '300000000006']);
    expect(onWorkers.all.map((finding) => finding.uid)).toEqual(inProcess.all.map((finding) => finding.uid));
    expect(onWorkers.result.regionsNotInSnapshot).toEqual(['ca-central-1']);
    expect(onWorkers.result.errors.filter((error) => error.error.code === 'RegionNotInSnapshot').map((error) => error.accountId)).toEqual(
      expect.arrayContaining(['300000000001', '300000000004', '300000000006']),
    );
    expect(comparable(onWorkers.all)).toEqual(comparable(inProcess.all));
    expect(outcome(onWorkers.result)).toEqual(outcome(inProcess.result));
  });

  it('keeps the findings of a snapshot that breaks off, and reports the damage once, as in process', async () => {
    const truncated = demoAccounts('truncated.json.gz', 7, { truncateAfter: 3 });
    const inProcess = await run(requestFromJson(truncated, {}, 1));
    const onWorkers = await run(requestFromJson(truncated, {}, 2));

    expect(inProcess.result.snapshotError).toBeInstanceOf(InputError);
    expect(onWorkers.result.snapshotError).toBeInstanceOf(InputError);
    expect(onWorkers.result.snapshotError?.code).toBe('SNAPSHOT_INVALID');
    expect(onWorkers.result.notScanned).toHaveLength(1);
    expect(comparable(onWorkers.all)).toEqual(comparable(inProcess.all));
    expect(outcome(onWorkers.result)).toEqual(outcome(inProcess.result));
  });

  it('fails as the in-process scan fails when the snapshot cannot be read at all', async () => {
    const missing = join(work, 'missing.json.gz');
    const failure = run(requestFromJson(missing, {}, 2));
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', message: expect.stringContaining('file not found') });
  });

  it('stops every worker when the scan is aborted: whole accounts written, the rest listed as not scanned', async () => {
    const many = demoAccounts('many.json.gz', 40);
    const abort = new AbortController();
    const stopped = await run(requestFromJson(many, {}, 2), { signal: abort.signal, onWrite: () => abort.abort() });

    expect(stopped.lifecycle).toEqual(['begin', 'end']);
    expect(stopped.result.interrupted).toBe(true);
    expect(stopped.result.timedOut).toBe(false);
    const scanned = stopped.result.accountsScanned;
    expect(scanned.length).toBeGreaterThan(0);
    expect(scanned.length).toBeLessThan(40);
    expect(stopped.result.notScanned).toHaveLength(40 - scanned.length);
    expect(stopped.result.notScanned.every((line) => /^account 3000000000\d\d: not evaluated \(interrupted\)$/.test(line))).toBe(true);
    // Only accounts evaluated to the end have findings, and the summary counts exactly what was sent.
    expect(new Set(stopped.all.map((finding) => finding.accountId))).toEqual(new Set(scanned));
    const total = stopped.result.summary.total;
    expect(total.PASS + total.FAIL + total.MANUAL + total.ERROR + total.muted).toBe(stopped.all.length);
  });
});

describe('encoding sinks on worker threads', () => {
  it("runs the sink's encoder in each worker and gives the main thread what it made, in the snapshot's order, instead of the findings", async () => {
    const encoder = { module: new URL('../test/fixtures/uid-encoder.ts', import.meta.url).href, export: 'uidEncoder', options: { prefix: 'encoded:' } };
    const collect = async (workers: number) => {
      const uids: string[] = [];
      const threads = new Set<number>();
      const sources = new Set<number>();
      let written = 0;
      const batches: EncodedUids[] = [];
      const sink: EncodingScanSink = {
        write: async (batch) => {
          written += batch.length;
          uids.push(...batch.map((finding) => `encoded:${finding.uid}`));
        },
        workerEncoder: () => encoder,
        writeEncoded: async (data, source) => {
          const encoded = data as EncodedUids;
          batches.push(encoded);
          threads.add(encoded.thread);
          sources.add(source);
          uids.push(...encoded.uids);
        },
      };
      const result = await runScan(requestFromJson(sevenAccounts, { output: { statuses: ['FAIL'] } }, workers), [sink], { productVersion: 'test' });
      return { uids, threads, sources, written, batches, result };
    };
    const inProcess = await collect(1);
    const onWorkers = await collect(2);

    // In process the sink is written as any other; on workers it never is.
    expect(inProcess.written).toBe(inProcess.uids.length);
    expect(inProcess.uids.length).toBeGreaterThan(500);
    expect(onWorkers.written).toBe(0);
    expect(onWorkers.uids).toEqual(inProcess.uids);
    expect(onWorkers.sources).toEqual(new Set([0, 1]));
    expect(onWorkers.threads.size).toBe(2);
    expect(onWorkers.threads.has(0)).toBe(false);
    // An account is declared done only after its last batch was encoded.
    for (const batch of onWorkers.batches) for (const accountId of batch.accounts) expect(batch.done).not.toContain(accountId);
    expect(onWorkers.batches.some((batch) => batch.done.length > 0)).toBe(true);
    expect(outcome(onWorkers.result)).toEqual(outcome(inProcess.result));
  });

  it('fails the scan when a worker cannot build an encoder', async () => {
    const sink: EncodingScanSink = {
      write: async () => {},
      workerEncoder: () => ({ module: new URL('../test/fixtures/uid-encoder.ts', import.meta.url).href, export: 'noSuchEncoder' }),
      writeEncoded: async () => {},
    };
    await expect(runScan(requestFromJson(sevenAccounts, {}, 2), [sink], { productVersion: 'test' })).rejects.toThrow(/has no function export "noSuchEncoder"/);
  });
});

describe('the request fields the worker-thread executor sets', () => {
  const base = () => JSON.parse(JSON.stringify(requestFromJson(demo))) as Record<string, unknown> & { scope: Record<string, unknown> };

  it('accepts a snapshot share and rejects a position outside it, naming the field', () => {
    const request = base();
    request.scope['partition'] = { index: 1, count: 2 };
    expect(parseScanRequest(JSON.parse(JSON.stringify(request))).scope.partition).toEqual({ index: 1, count: 2 });
    request.scope['partition'] = { index: 2, count: 2 };
    expect(() => parseScanRequest(request)).toThrow(new InputError('REQUEST_INVALID', 'must be a whole number from 0 to 1 (got 2)', { field: 'scope.partition.index' }));
    request.scope['partition'] = { index: 0, count: 0 };
    expect(() => parseScanRequest(request)).toThrow(/^scope\.partition\.count: must be a positive whole number/);
  });

  it('carries discovered member accounts through JSON and checks each field', () => {
    const resolved = [
      { accountId: '123456789012' },
      {
        accountId: '210987654321',
        roleArn: 'arn:aws:iam::210987654321:role/OrganizationAccountAccessRole',
        organization: { organizationId: 'o-abc', accountName: 'prod', accountEmail: '', ouPath: 'Root/Prod', tags: { team: 'payments' } },
      },
    ];
    const request = { ...base(), source: { kind: 'live', credentials: {}, targets: { roleName: 'OrganizationAccountAccessRole', organization: {}, resolved } } };
    const parsed = parseScanRequest(JSON.parse(JSON.stringify(request)));
    expect(parsed.source.kind === 'live' && parsed.source.targets?.resolved).toEqual(resolved);
    const badTag = { ...request, source: { ...request.source, targets: { ...request.source.targets, resolved: [{ accountId: '123456789012', organization: { organizationId: 'o-abc', tags: { team: 3 } } }] } } };
    expect(() => parseScanRequest(badTag)).toThrow(/^source\.targets\.resolved\[0\]\.organization\.tags\.team: must be a string \(got 3\)$/);
    const nullTags = { ...request, source: { ...request.source, targets: { ...request.source.targets, resolved: [{ accountId: '123456789012', organization: { organizationId: 'o-abc', tags: null } }] } } };
    expect(() => parseScanRequest(nullTags)).toThrow(/^source\.targets\.resolved\[0\]\.organization\.tags: must be an object \(got null\)$/);
    const badAccount = { ...request, source: { ...request.source, targets: { ...request.source.targets, resolved: [{ accountId: '1234' }] } } };
    expect(() => parseScanRequest(badAccount)).toThrow(/^source\.targets\.resolved\[0\]\.accountId: "1234" is not a 12-digit AWS account id$/);
  });

  it('keeps the name of the transport module\'s report export', () => {
    const request = { ...base(), transport: { module: '/x/transport.js', export: 'simulatedAws', options: { scenario: 'big' }, report: 'simulatorReport' } };
    expect(parseScanRequest(JSON.parse(JSON.stringify(request))).transport).toEqual(request.transport);
    expect(() => parseScanRequest({ ...request, transport: { ...request.transport, report: 3 } })).toThrow(/^transport\.report: must be a string/);
  });
});
