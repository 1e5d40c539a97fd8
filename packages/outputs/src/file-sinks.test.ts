import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { parseCsv } from '../test/csv-reader.ts';
import { ACCOUNT_ID, IAM_CHECK, SCAN, finding, realisticFindings } from '../test/fixtures.ts';
import { createFileSinks } from './file-sinks.ts';
import type { SinkEncoder } from './file-sink-encoders.ts';
import type { FileSinks } from './file-sinks.ts';
import type { FileDestination } from './streaming-file.ts';

/**
 * Files kept in memory by name, as an object store keeps them: a file exists once closed (or put
 * whole); an aborted one leaves nothing. Every call is recorded.
 */
class MemoryDestination implements FileDestination {
  readonly files = new Map<string, Buffer>();
  readonly calls: string[] = [];
  /** Appends to files of these names fail. */
  readonly failing = new Set<string>();

  locate(name: string): string {
    return `memory://reports/${name}`;
  }

  async open(name: string) {
    this.calls.push(`open ${name}`);
    const chunks: Buffer[] = [];
    return {
      append: async (parts: readonly Uint8Array[]) => {
        if (this.failing.has(name)) throw new Error('SlowDown: Please reduce your request rate.');
        // Copied: the writer reuses its memory once the append is done.
        for (const part of parts) chunks.push(Buffer.from(part));
      },
      close: async () => {
        this.calls.push(`close ${name}`);
        this.files.set(name, Buffer.concat(chunks));
      },
      abort: async () => void this.calls.push(`abort ${name}`),
    };
  }

  async put(name: string, content: string): Promise<void> {
    this.calls.push(`put ${name}`);
    this.files.set(name, Buffer.from(content, 'utf8'));
  }

  async remove(name: string): Promise<void> {
    this.calls.push(`remove ${name}`);
    this.files.delete(name);
  }
}

const work = mkdtempSync(join(tmpdir(), 'palisade-file-sinks-'));
const ROOT_KEY_CHECK = { ...IAM_CHECK, id: 'aws/iam-no-root-access-key', title: 'The root user has no active access keys' };
const root = { uid: `arn:aws:iam::${ACCOUNT_ID}:root`, type: 'AwsAccount', name: ACCOUNT_ID, region: 'global' };
const bob = { uid: `arn:aws:iam::${ACCOUNT_ID}:user/bob`, type: 'AwsIamUser', name: 'bob', region: 'global' };
const passing = finding({ check: ROOT_KEY_CHECK, status: 'PASS', resource: root, compliance: ['cis-aws-3.0:1.4'] });
const failing = finding({ check: IAM_CHECK, status: 'FAIL', resource: bob, compliance: ['cis-aws-3.0:1.10'] });

/** What the engine does with a batch: output sinks get the selected statuses, `all` sinks every finding. */
async function deliver(files: FileSinks, batch: readonly Finding[], statuses?: ReadonlySet<string>) {
  for (const sink of files.sinks) await sink.write(sink.receives === 'all' || !statuses ? batch : batch.filter((item) => statuses.has(item.status)));
}

describe('createFileSinks', () => {
  it('streams the finding files and writes each framework status at the end, from every finding whatever the statuses kept', async () => {
    const outputDir = join(work, 'complete');
    mkdirSync(outputDir);
    const openFiles = new Set<string>();
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['json-ocsf', 'csv', 'html'], frameworks: ['cis-aws-3.0'], scan: SCAN, openFiles });
    expect([...openFiles]).toEqual(files.files);
    await deliver(files, [passing, failing], new Set(['FAIL']));
    for (const sink of files.sinks) await sink.end?.();

    expect(openFiles.size).toBe(0);
    expect(files.files).toEqual([
      join(outputDir, 'run.ocsf.json'),
      join(outputDir, 'run.csv'),
      join(outputDir, 'run.html'),
      join(outputDir, 'compliance', 'run_cis-aws-3.0.findings.csv'),
      join(outputDir, 'compliance', 'run_cis-aws-3.0.findings.jsonl'),
      join(outputDir, 'compliance', 'run_cis-aws-3.0.json'),
      join(outputDir, 'compliance', 'run_cis-aws-3.0.csv'),
    ]);
    // The finding files hold the statuses asked for…
    const [header, ...rows] = parseCsv(readFileSync(join(outputDir, 'run.csv'), 'utf8'));
    expect(rows.map((row) => [row[header!.indexOf('status')], row[header!.indexOf('resource_uid')]])).toEqual([['FAIL', bob.uid]]);
    expect((JSON.parse(readFileSync(join(outputDir, 'run.ocsf.json'), 'utf8')) as unknown[]).length).toBe(1);
    expect(readFileSync(join(outputDir, 'run.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
    // …while compliance counted the PASS too: requirement 1.4 passes in the account.
    const [report] = files.complianceReports();
    const requirement = (id: string) => report!.requirements.find((candidate) => candidate.id === id)!;
    expect([requirement('1.4').status, requirement('1.10').status]).toEqual(['PASS', 'FAIL']);
    expect(files.statusFiles.map((written) => [written.report.framework, written.csv])).toEqual([['cis-aws-3.0', join(outputDir, 'compliance', 'run_cis-aws-3.0.csv')]]);
    const status = JSON.parse(readFileSync(join(outputDir, 'compliance', 'run_cis-aws-3.0.json'), 'utf8')) as { requirements: { id: string; status: string }[] };
    expect(status.requirements.find((entry) => entry.id === '1.4')?.status).toBe('PASS');
  });

  it('removes every file, and the directories it was given to create, when the scan fails', async () => {
    const outputDir = join(work, 'failed');
    mkdirSync(outputDir);
    const openFiles = new Set<string>();
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['csv'], frameworks: ['cis-aws-3.0'], scan: SCAN, openFiles, outputDirCreated: true });
    await deliver(files, [failing]);
    for (const sink of files.sinks) await sink.fail?.();
    expect(existsSync(outputDir)).toBe(false);
    expect(openFiles.size).toBe(0);
  });

  it('keeps a directory that existed before, with what else it holds', async () => {
    const outputDir = join(work, 'shared');
    mkdirSync(outputDir);
    writeFileSync(join(outputDir, 'earlier.csv'), 'kept\n');
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['csv'], frameworks: ['cis-aws-3.0'], scan: SCAN });
    await files.discard();
    expect(readdirSync(outputDir).sort()).toEqual(['compliance', 'earlier.csv']);
    expect(readdirSync(join(outputDir, 'compliance'))).toEqual([]);
    expect(readFileSync(join(outputDir, 'earlier.csv'), 'utf8')).toBe('kept\n');
  });

  it('leaves completed files alone when the abandoned scan fails afterwards, and ignores its late batches', async () => {
    const outputDir = join(work, 'abandoned');
    mkdirSync(outputDir);
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['csv'], frameworks: ['cis-aws-3.0'], scan: SCAN });
    await deliver(files, [failing]);
    await files.complete();
    await deliver(files, [passing]);
    for (const sink of files.sinks) await sink.fail?.();
    await files.complete();
    expect(readdirSync(outputDir).sort()).toEqual(['compliance', 'run.csv']);
    expect(parseCsv(readFileSync(join(outputDir, 'run.csv'), 'utf8')).length).toBe(2);
    expect(files.complianceReports()[0]!.requirements.find((entry) => entry.id === '1.4')?.status).not.toBe('PASS');
  });

  it('cleans up and reports an output error when a file cannot be created', async () => {
    const outputDir = join(work, 'blocked');
    mkdirSync(outputDir);
    // A file where the compliance directory should be.
    writeFileSync(join(outputDir, 'compliance'), '');
    const openFiles = new Set<string>();
    const creating = createFileSinks({ outputDir, baseName: 'run', formats: ['csv'], frameworks: ['cis-aws-3.0'], scan: SCAN, openFiles });
    await expect(creating).rejects.toMatchObject({ code: 'OUTPUT' });
    expect(readdirSync(outputDir)).toEqual(['compliance']);
    expect(openFiles.size).toBe(0);
  });
});

describe('file sinks fed by worker threads', () => {
  /** Findings of several accounts and checks, so that each worker meets checks and requirement lists in its own order. */
  function scanFindings(): Finding[][] {
    const accounts = ['111111111111', '222222222222', '333333333333', '444444444444'];
    const kinds = realisticFindings();
    return accounts.map((accountId, accountIndex) =>
      Array.from({ length: 40 }, (_, index) => {
        // Each account starts at another kind: the first check a worker meets differs between workers.
        const base = kinds[(index + accountIndex * 3) % kinds.length]!;
        const resource = { ...base.resource, uid: `${base.resource.uid}-${accountId}-${index}`, name: `${base.resource.name} ‹${index}›` };
        return { ...base, accountId, uid: `${base.uid}-${accountId}-${index}`, resource, ...(index % 7 === 3 ? { compliance: ['cis-aws-3.0:1.4', 'cis-aws-3.0:1.10'] } : {}) };
      }),
    );
  }

  it('write the same bytes when workers encode their findings and the main thread appends them in order', async () => {
    const byAccount = scanFindings();
    const statuses = new Set(['FAIL', 'ERROR', 'MANUAL']);
    const options = { baseName: 'run', formats: ['json-ocsf', 'csv', 'html', 'sarif', 'asff'] as const, frameworks: ['cis-aws-3.0'], scan: SCAN };

    // In one thread: every batch through `write`, in account order.
    const single = join(work, 'single-thread');
    mkdirSync(single);
    const inProcess = await createFileSinks({ ...options, outputDir: single });
    for (const account of byAccount) for (let start = 0; start < account.length; start += 15) await deliver(inProcess, account.slice(start, start + 15), statuses);
    await inProcess.complete();

    // Two workers: worker w holds accounts w, w + 2; each encodes with its own encoders, and the
    // parts (moved, as postMessage moves them) reach the main thread one whole account per worker in
    // turn; their memory goes back to the worker, which encodes later batches into it.
    const threaded = join(work, 'two-workers');
    mkdirSync(threaded);
    const onWorkers = await createFileSinks({ ...options, outputDir: threaded });
    const workers = await Promise.all(
      [0, 1].map(async () =>
        Promise.all(
          onWorkers.sinks.map(async (sink) => {
            const spec = sink.workerEncoder();
            const module = (await import(spec.module)) as Record<string, (options: unknown) => SinkEncoder>;
            return module[spec.export]!(spec.options);
          }),
        ),
      ),
    );
    for (const [accountIndex, account] of byAccount.entries()) {
      const worker = accountIndex % 2;
      for (let start = 0; start < account.length; start += 15) {
        const batch = account.slice(start, start + 15);
        for (const [index, sink] of onWorkers.sinks.entries()) {
          const findings = sink.receives === 'all' ? batch : batch.filter((item) => statuses.has(item.status));
          const encoder = workers[worker]![index]!;
          const encoded = encoder.encode(findings);
          if (!encoded) continue;
          // Moved to the main thread, written, and moved back for the worker's next batches.
          const transfer = [...(encoded.transfer ?? [])];
          const moved = structuredClone({ data: encoded.data, transfer }, { transfer });
          await sink.writeEncoded(moved.data, worker);
          if (moved.transfer.length) encoder.reuse?.(structuredClone(moved.transfer, { transfer: moved.transfer }));
        }
      }
    }
    await onWorkers.complete();

    const names = (files: FileSinks) => files.files.map((path) => path.slice(path.indexOf('run')));
    expect(names(onWorkers)).toEqual(names(inProcess));
    expect(names(onWorkers)).toHaveLength(9);
    for (const [index, path] of inProcess.files.entries()) expect(readFileSync(onWorkers.files[index]!, 'utf8'), path).toBe(readFileSync(path, 'utf8'));
    // The HTML report numbered checks in the file's order, not in either worker's.
    expect(readFileSync(join(threaded, 'run.html'), 'utf8')).toContain('{"check":{"id":"aws/iam-user-mfa-enabled-console-access"');
    // SARIF numbered its rules in the file's order too.
    const sarif = JSON.parse(readFileSync(join(threaded, 'run.sarif'), 'utf8')) as { runs: { results: { ruleId: string; ruleIndex: number }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const [run] = sarif.runs;
    expect(run!.results.length).toBeGreaterThan(0);
    expect(run!.results.every((result) => run!.tool.driver.rules[result.ruleIndex]!.id === result.ruleId)).toBe(true);
    expect(onWorkers.complianceReports()).toEqual(inProcess.complianceReports());
  });
});

describe('file sinks writing to another destination', () => {
  const findings = realisticFindings();
  const options = { baseName: 'run', formats: ['json-ocsf', 'csv', 'html', 'sarif', 'asff'] as const, frameworks: ['cis-aws-3.0'], scan: SCAN };

  it('write the bytes they write to a local directory, under the same names relative to it', async () => {
    const outputDir = join(work, 'beside-destination');
    mkdirSync(outputDir);
    const local = await createFileSinks({ ...options, outputDir });
    const destination = new MemoryDestination();
    const openFiles = new Set<string>();
    const remote = await createFileSinks({ ...options, destination, openFiles });
    expect([...openFiles]).toEqual(remote.files);
    for (const files of [local, remote]) {
      for (let start = 0; start < findings.length; start += 3) await deliver(files, findings.slice(start, start + 3));
      await files.complete();
    }
    expect(openFiles.size).toBe(0);
    expect(remote.files).toEqual(local.files.map((path) => `memory://reports/${relative(outputDir, path)}`));
    expect([...destination.files.keys()].sort()).toEqual(local.files.map((path) => relative(outputDir, path)).sort());
    for (const path of local.files) expect(destination.files.get(relative(outputDir, path))?.toString('utf8'), path).toBe(readFileSync(path, 'utf8'));
    // The finding files are streamed and closed; the status reports put whole at the end.
    expect(destination.calls.filter((call) => call.startsWith('put '))).toEqual(['put compliance/run_cis-aws-3.0.json', 'put compliance/run_cis-aws-3.0.csv']);
    expect(destination.calls.filter((call) => call.startsWith('abort ') || call.startsWith('remove '))).toEqual([]);
  });

  it('give up the files being written when the scan fails, never completing them, and remove them', async () => {
    const destination = new MemoryDestination();
    const files = await createFileSinks({ ...options, destination });
    await deliver(files, findings);
    for (const sink of files.sinks) await sink.fail?.();
    expect(destination.files.size).toBe(0);
    const named = (verb: string) => destination.calls.filter((call) => call.startsWith(`${verb} `)).map((call) => call.slice(verb.length + 1));
    const opened = named('open');
    expect(opened).toEqual(['run.ocsf.json', 'run.csv', 'run.html', 'run.sarif', 'run.asff.json', 'compliance/run_cis-aws-3.0.findings.csv', 'compliance/run_cis-aws-3.0.findings.jsonl']);
    expect(named('close')).toEqual([]);
    expect(named('abort')).toEqual(opened);
    expect(named('remove')).toEqual(opened);
  });

  it('remove the files completed when the scan is discarded after its completion failed', async () => {
    const destination = new MemoryDestination();
    const files = await createFileSinks({ ...options, formats: ['json-ocsf', 'csv'], destination });
    await deliver(files, findings);
    // The CSV file's footer cannot be written: its completion gives it up, and stops there.
    destination.failing.add('run.csv');
    await expect(files.complete()).rejects.toMatchObject({ code: 'OUTPUT', message: 'Output file memory://reports/run.csv could not be completed: SlowDown: Please reduce your request rate.' });
    await files.discard();
    expect(destination.files.size).toBe(0);
    expect(destination.calls.filter((call) => /^(close|abort|remove) /.test(call))).toEqual([
      'close run.ocsf.json',
      'abort run.csv',
      'abort compliance/run_cis-aws-3.0.findings.csv',
      'abort compliance/run_cis-aws-3.0.findings.jsonl',
      'remove run.ocsf.json',
      'remove run.csv',
      'remove compliance/run_cis-aws-3.0.findings.csv',
      'remove compliance/run_cis-aws-3.0.findings.jsonl',
    ]);
  });

  it('name a file that cannot be started in an output error, and give up the ones opened before it', async () => {
    const destination = new MemoryDestination();
    destination.failing.add('run.csv');
    await expect(createFileSinks({ ...options, formats: ['json-ocsf', 'csv'], destination })).rejects.toMatchObject({
      code: 'OUTPUT',
      message: 'Output file memory://reports/run.csv cannot be written: SlowDown: Please reduce your request rate.',
    });
    expect(destination.calls).toEqual(['open run.ocsf.json', 'open run.csv', 'abort run.csv', 'abort run.ocsf.json', 'remove run.ocsf.json', 'remove run.csv']);
  });
});
