/**
 * A scan's output files as sinks for the engine's `runScan`: the finding files of the requested
 * formats (OCSF JSON, CSV, HTML, SARIF, ASFF), and per framework the findings behind each requirement (CSV,
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
import type { Finding } from '@palisade/core';
import { ComplianceAccumulator } from '@palisade/compliance';
import type { ComplianceReport, ComplianceState } from '@palisade/compliance';
import { createAsffWriter } from './asff.ts';
import { complianceCsvPath, writeComplianceCsv } from './compliance/compliance-csv.ts';
import { complianceFindingsCsvPath, complianceFindingsJsonlPath, createComplianceFindingsCsvWriter, createComplianceFindingsJsonlWriter } from './compliance/compliance-findings.ts';
import { complianceJsonPath, writeComplianceJson } from './compliance/compliance-json.ts';
import { createCsvWriter } from './csv.ts';
import { complianceEncoder, findingFiles, findingFilesEncoder, frameworksOf } from './file-sink-encoders.ts';
import type { FindingFile, FindingFilesEncoderOptions, SinkEncoder } from './file-sink-encoders.ts';
import { OUTPUT_FILE_SUFFIXES } from './format-names.ts';
import type { OutputFormat } from './format-names.ts';
import { createHtmlWriter } from './html.ts';
import type { HtmlWriterOptions } from './html.ts';
import { createOcsfWriter } from './ocsf.ts';
import { createSarifWriter } from './sarif.ts';
import type { EncodedPart, FindingFileWriter } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

/**
 * The module a worker thread loads to encode for the file sinks: beside this one, as TypeScript
 * when the sources run and as JavaScript in a bundle, where it is an entry point of its own
 * (scripts/build-cli.ts).
 */
const ENCODERS_MODULE = new URL(import.meta.url.endsWith('.ts') ? './file-sink-encoders.ts' : './file-sink-encoders.js', import.meta.url).href;

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

/**
 * The engine's `ScanSink`, by shape, with what its worker-thread executor uses: a worker encodes
 * the findings with the module export `workerEncoder()` names (file-sink-encoders.ts), and the
 * main thread appends what it made with `writeEncoded` instead of calling `write`.
 */
export interface FileSink {
  readonly receives?: 'output' | 'all';
  write(batch: readonly Finding[]): Promise<void>;
  end?(): Promise<void>;
  fail?(): Promise<void>;
  workerEncoder(): { readonly module: string; readonly export: string; readonly options?: unknown };
  /** What a worker's encoder made of one batch, in output order; `source` tells the workers apart. */
  writeEncoded(data: unknown, source: number): Promise<void>;
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
  const frameworks = frameworksOf(options.frameworks);
  const accumulators = frameworks.map((framework) => new ComplianceAccumulator(framework));
  // Compliance status is complete only after the last finding; computed once, for the HTML report
  // (embedded when it is closed) and the status files alike.
  let reports: readonly ComplianceReport[] | undefined;
  const complianceReports = () => (reports ??= accumulators.map((accumulator) => accumulator.report()));

  const html: HtmlWriterOptions = { compliance: complianceReports };
  const openWriter = (file: FindingFile, path: string): Promise<FindingFileWriter> => {
    switch (file.kind) {
      case 'json-ocsf':
        return createOcsfWriter(path, scan);
      case 'csv':
        return createCsvWriter(path, scan);
      case 'html':
        return createHtmlWriter(path, scan, html);
      case 'sarif':
        return createSarifWriter(path, scan);
      case 'asff':
        return createAsffWriter(path, scan);
      case 'compliance-csv':
        return createComplianceFindingsCsvWriter(path, file.framework);
      case 'compliance-jsonl':
        return createComplianceFindingsJsonlWriter(path, file.framework);
    }
  };
  const writers: FindingFileWriter[] = [];
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
    for (const file of findingFiles(options.formats, frameworks)) {
      const path = findingFilePath(outputDir, baseName, file);
      track(path);
      writers.push(await openWriter(file, path));
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

  const encoderOptions: FindingFilesEncoderOptions = { formats: options.formats, frameworks: options.frameworks, scan };
  const findingFileSink: FileSink = {
    async write(batch) {
      // After completion (the caller stopped waiting for the scan) late batches have no file to go to.
      if (state !== 'open') return;
      // Each file's writes stay in order; the files are written side by side.
      await Promise.all(writers.map((writer) => writer.write(batch)));
    },
    workerEncoder: () => ({ module: ENCODERS_MODULE, export: 'findingFilesEncoder', options: encoderOptions }),
    async writeEncoded(parts, source) {
      if (state !== 'open') return;
      const encoded = parts as readonly EncodedPart[];
      await Promise.all(writers.map((writer, index) => writer.writePart(encoded[index]!, source)));
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
    workerEncoder: () => ({ module: ENCODERS_MODULE, export: 'complianceEncoder', options: { frameworks: options.frameworks } }),
    async writeEncoded(states) {
      if (state !== 'open') return;
      (states as readonly ComplianceState[]).forEach((tally, index) => accumulators[index]!.merge(tally));
    },
  };
  return {
    sinks: [findingFileSink, compliance],
    get files() {
      return files();
    },
    statusFiles,
    complianceReports,
    complete,
    discard,
  };
}

/**
 * The encoders of `createFileSinks(options).sinks`, in the same order, with the findings each
 * receives: what a process that only evaluates (a queue worker, a function) makes of its findings
 * for the process that writes the files, which hands it to those sinks' `writeEncoded`.
 */
export function createFileSinkEncoders(options: Pick<FileSinkOptions, 'formats' | 'frameworks' | 'scan'>): readonly { readonly receives: 'output' | 'all'; readonly encoder: SinkEncoder }[] {
  return [
    { receives: 'output', encoder: findingFilesEncoder({ formats: options.formats, frameworks: options.frameworks, scan: options.scan }) },
    { receives: 'all', encoder: complianceEncoder({ frameworks: options.frameworks }) },
  ];
}

function findingFilePath(outputDir: string, baseName: string, file: FindingFile): string {
  switch (file.kind) {
    case 'compliance-csv':
      return complianceFindingsCsvPath(outputDir, baseName, file.framework.id);
    case 'compliance-jsonl':
      return complianceFindingsJsonlPath(outputDir, baseName, file.framework.id);
    default:
      return join(outputDir, `${baseName}${OUTPUT_FILE_SUFFIXES[file.kind]}`);
  }
}

/** Removes a file; one that is not there (never created, or its directory is a file) needs nothing. */
async function removeFile(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
}
