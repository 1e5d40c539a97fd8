/**
 * A scan's output files as sinks for the engine's `runScan`: the finding files of the requested
 * formats (OCSF JSON, CSV, HTML), and per framework the findings behind each requirement (CSV,
 * JSON lines, streamed like the others) and the status report (JSON, CSV, written at the end).
 * Compliance status counts every in-scope finding, whatever statuses the finding files keep, so
 * its accumulators form a sink that receives them all.
 *
 * The sinks match the engine's `ScanSink` by shape: outputs does not depend on the engine.
 *
 * Lifecycle: the files are created by `createFileSinks`, before the scan (a file that cannot be
 * created is an error before anything is scanned). `end` — or `complete()`, for a caller that
 * stops waiting for the scan — closes the finding files and writes the status reports, once;
 * `fail` — or `discard()` — removes every file, since reports of a failed run would look complete.
 * Once complete, the files are final: a late failure of the abandoned scan leaves them alone.
 */
import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ComplianceAccumulator, getFramework } from '@palisade/compliance';
import type { ComplianceReport, Framework } from '@palisade/compliance';
import { complianceCsvPath, writeComplianceCsv } from './compliance/compliance-csv.ts';
import { complianceFindingsCsvPath, complianceFindingsJsonlPath, createComplianceFindingsCsvWriter, createComplianceFindingsJsonlWriter } from './compliance/compliance-findings.ts';
import { complianceJsonPath, writeComplianceJson } from './compliance/compliance-json.ts';
import { createCsvWriter } from './csv.ts';
import { OUTPUT_FILE_SUFFIXES } from './format-names.ts';
import type { OutputFormat } from './format-names.ts';
import { createHtmlWriter } from './html.ts';
import { createOcsfWriter } from './ocsf.ts';
import type { FindingWriter, ScanInfo } from './writer.ts';

export interface FileSinkOptions {
  /** An existing directory: the caller creates it, so it can name its own flag when it cannot. */
  readonly outputDir: string;
  /** File names start with it: `<baseName>.ocsf.json`, `compliance/<baseName>_<framework>.csv`. */
  readonly baseName: string;
  readonly formats: readonly OutputFormat[];
  /** Ids of the frameworks whose findings and status reports are written. */
  readonly frameworks: readonly string[];
  readonly scan: ScanInfo;
  /** Files being written, shared with whoever must name the ones left incomplete on a forced exit. */
  readonly openFiles?: Set<string>;
  /** The caller created `outputDir` for this scan: `discard` removes it when it is left empty. */
  readonly outputDirCreated?: boolean;
}

/** The engine's `ScanSink`, by shape. */
export interface FileSink {
  readonly receives?: 'output' | 'all';
  write(batch: readonly Finding[]): Promise<void>;
  end?(): Promise<void>;
  fail?(): Promise<void>;
}

export interface ComplianceStatusFiles {
  readonly report: ComplianceReport;
  readonly json: string;
  readonly csv: string;
}

export interface FileSinks {
  /** For `runScan`: the finding files, then the compliance accumulators. */
  readonly sinks: readonly FileSink[];
  /** Every file written, in order: the finding files, then each framework's status JSON and CSV once complete. */
  readonly files: readonly string[];
  /** Each framework's status report, once complete. */
  readonly statusFiles: readonly ComplianceStatusFiles[];
  /** Compliance status of the findings so far; computed once, at the first call (the files embed and write it). */
  complianceReports(): readonly ComplianceReport[];
  /** Closes the finding files and writes the status reports; once, however often it is called. */
  complete(): Promise<void>;
  /** Closes and removes every file written, and the directories the scan created if left empty. */
  discard(): Promise<void>;
}

export async function createFileSinks(options: FileSinkOptions): Promise<FileSinks> {
  const { outputDir, baseName, scan } = options;
  const openFiles = options.openFiles ?? new Set<string>();
  const frameworks = options.frameworks.map((id): Framework => {
    const framework = getFramework(id);
    if (!framework) throw new InputError('USAGE', `unknown framework "${id}"`);
    return framework;
  });
  const accumulators = frameworks.map((framework) => new ComplianceAccumulator(framework));
  // Compliance status is complete only after the last finding; computed once, for the HTML report
  // (embedded when it is closed) and the status files alike.
  let reports: readonly ComplianceReport[] | undefined;
  const complianceReports = () => (reports ??= accumulators.map((accumulator) => accumulator.report()));

  const writers: FindingWriter[] = [];
  const closeWriters = async () => {
    for (const writer of writers) {
      await writer.close();
      openFiles.delete(writer.path);
    }
  };
  const opened: string[] = [];
  const track = (path: string) => {
    opened.push(path);
    openFiles.add(path);
  };
  try {
    for (const format of options.formats) {
      const path = join(outputDir, `${baseName}${OUTPUT_FILE_SUFFIXES[format]}`);
      track(path);
      if (format === 'json-ocsf') writers.push(await createOcsfWriter(path, scan));
      if (format === 'csv') writers.push(await createCsvWriter(path, scan));
      if (format === 'html') writers.push(await createHtmlWriter(path, scan, { compliance: complianceReports }));
    }
    // The findings behind each requirement stream to the compliance directory like any other output.
    for (const framework of frameworks) {
      for (const [path, create] of [
        [complianceFindingsCsvPath(outputDir, baseName, framework.id), createComplianceFindingsCsvWriter],
        [complianceFindingsJsonlPath(outputDir, baseName, framework.id), createComplianceFindingsJsonlWriter],
      ] as const) {
        track(path);
        writers.push(await create(path, framework));
      }
    }
  } catch (error) {
    await closeWriters();
    for (const path of opened) {
      await removeFile(path);
      openFiles.delete(path);
    }
    throw error;
  }

  let state: 'open' | 'complete' | 'discarded' = 'open';
  const statusFiles: ComplianceStatusFiles[] = [];
  let completing: Promise<void> | undefined;
  const complete = () =>
    (completing ??= (async () => {
      state = 'complete';
      // Closed on every path (a second Ctrl-C included) so each file is whole and valid.
      await closeWriters();
      for (const report of complianceReports()) {
        const json = complianceJsonPath(outputDir, baseName, report.framework);
        const csv = complianceCsvPath(outputDir, baseName, report.framework);
        openFiles.add(json).add(csv);
        await writeComplianceJson(report, json, baseName);
        await writeComplianceCsv(report, csv);
        openFiles.delete(json);
        openFiles.delete(csv);
        statusFiles.push({ report, json, csv });
      }
    })());
  const files = () => [...writers.map((writer) => writer.path), ...statusFiles.flatMap((written) => [written.json, written.csv])];
  const discard = async () => {
    state = 'discarded';
    await closeWriters();
    for (const path of files()) await removeFile(path);
    // Directories this run created and left empty go too; rmdir refuses anything else.
    if (options.outputDirCreated) {
      const directories = new Set(files().map((path) => dirname(path)));
      for (const directory of [...directories].filter((path) => path !== outputDir).concat(outputDir)) await rmdir(directory).catch(() => undefined);
    }
  };

  const findingFiles: FileSink = {
    async write(batch) {
      // After completion (the caller stopped waiting for the scan) late batches have no file to go to.
      if (state !== 'open') return;
      for (const writer of writers) await writer.write(batch);
    },
    end: complete,
    async fail() {
      // A scan abandoned after its files were completed keeps them: they hold whole records.
      if (state === 'open') await discard();
    },
  };
  const compliance: FileSink = {
    receives: 'all',
    async write(batch) {
      if (state !== 'open') return;
      for (const finding of batch) for (const accumulator of accumulators) accumulator.add(finding);
    },
  };
  return {
    sinks: [findingFiles, compliance],
    get files() {
      return files();
    },
    statusFiles,
    complianceReports,
    complete,
    discard,
  };
}

/** Removes a file; one that is not there (never created, or its directory is a file) needs nothing. */
async function removeFile(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
}
