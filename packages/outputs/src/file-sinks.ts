/**
 * A scan's output files as sinks for the engine's `runScan`: the finding files of the requested
 * formats (OCSF JSON, CSV, HTML, SARIF, ASFF), and per framework the findings behind each requirement (CSV,
 * JSON lines, streamed like the others) and the status report (JSON, CSV, written at the end).
 * Compliance status counts every in-scope finding, whatever statuses the finding files keep, so
 * its accumulators form a sink that receives them all.
 *
 * The sinks match the engine's `ScanSink` by shape: outputs does not depend on the engine.
 *
 * The files go to a directory on the local disk, or to another destination (an object store) that
 * takes each file's bytes in order: nothing is read back or rewritten.
 *
 * Lifecycle: the files are created by `createFileSinks`, before the scan (a file that cannot be
 * created is an error before anything is scanned). `end` — or `complete()`, for a caller that
 * stops waiting for the scan — closes the finding files and writes the status reports, once;
 * `fail` — or `discard()` — gives up the files being written and removes every file, since reports
 * of a failed run would look complete.
 * Once complete, the files are final: a late failure of the abandoned scan leaves them alone.
 */
import { rmdir } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { PalisadeError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ComplianceAccumulator } from '@palisade/compliance';
import type { ComplianceReport, ComplianceState } from '@palisade/compliance';
import { asffCodec } from './asff.ts';
import { complianceCsv, complianceCsvPath } from './compliance/compliance-csv.ts';
import { complianceFindingsCsvCodec, complianceFindingsCsvPath, complianceFindingsJsonlCodec, complianceFindingsJsonlPath } from './compliance/compliance-findings.ts';
import { complianceJsonPath, complianceJsonText } from './compliance/compliance-json.ts';
import { csvCodec } from './csv.ts';
import { complianceEncoder, findingFiles, findingFilesEncoder, frameworksOf } from './file-sink-encoders.ts';
import type { FindingFile, FindingFilesEncoderOptions, SinkEncoder } from './file-sink-encoders.ts';
import { OUTPUT_FILE_SUFFIXES } from './format-names.ts';
import type { OutputFormat } from './format-names.ts';
import { createHtmlCodec } from './html.ts';
import type { HtmlWriterOptions } from './html.ts';
import { ocsfCodec } from './ocsf.ts';
import { sarifCodec } from './sarif.ts';
import { localFileDestination, openFindingFile } from './streaming-file.ts';
import type { EncodedPart, FileDestination, FindingFileCodec, FindingFileWriter } from './streaming-file.ts';
import type { ScanInfo } from './writer.ts';

/**
 * The module a worker thread loads to encode for the file sinks: beside this one, as TypeScript
 * when the sources run and as JavaScript in a bundle, where it is an entry point of its own
 * (scripts/build-cli.ts).
 */
const ENCODERS_MODULE = new URL(import.meta.url.endsWith('.ts') ? './file-sink-encoders.ts' : './file-sink-encoders.js', import.meta.url).href;

interface FileSinkFiles {
  /** File names start with it: `<baseName>.ocsf.json`, `compliance/<baseName>_<framework>.csv`. */
  readonly baseName: string;
  readonly formats: readonly OutputFormat[];
  /** Ids of the frameworks whose findings and status reports are written. */
  readonly frameworks: readonly string[];
  readonly scan: ScanInfo;
  /** Files being written, shared with whoever must name the ones left incomplete on a forced exit. */
  readonly openFiles?: Set<string>;
}

/** Where the files go: a directory on the local disk, or another destination (the names are the same, relative to it). */
export type FileSinkOptions = FileSinkFiles &
  (
    | {
        /** An existing directory: the caller creates it, so it can name its own flag when it cannot. */
        readonly outputDir: string;
        /** The caller created `outputDir` for this scan: `discard` removes it when it is left empty. */
        readonly outputDirCreated?: boolean;
        readonly destination?: undefined;
      }
    | { readonly destination: FileDestination; readonly outputDir?: undefined; readonly outputDirCreated?: undefined }
  );

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
  /** Every file written, in order, as the destination names it (a path): the finding files, then each framework's status JSON and CSV once complete. */
  readonly files: readonly string[];
  /** Each framework's status report, once complete. */
  readonly statusFiles: readonly ComplianceStatusFiles[];
  /** Compliance status of the findings so far; computed once, at the first call (the files embed and write it). */
  complianceReports(): readonly ComplianceReport[];
  /** Closes the finding files and writes the status reports; once, however often it is called. */
  complete(): Promise<void>;
  /** Gives up the files being written, removes every file written, and the directories the scan created if left empty. */
  discard(): Promise<void>;
}

export async function createFileSinks(options: FileSinkOptions): Promise<FileSinks> {
  const { baseName, scan } = options;
  const destination = options.destination ?? localFileDestination(options.outputDir);
  const openFiles = options.openFiles ?? new Set<string>();
  const frameworks = frameworksOf(options.frameworks);
  const accumulators = frameworks.map((framework) => new ComplianceAccumulator(framework));
  // Compliance status is complete only after the last finding; computed once, for the HTML report
  // (embedded when it is closed) and the status files alike.
  let reports: readonly ComplianceReport[] | undefined;
  const complianceReports = () => (reports ??= accumulators.map((accumulator) => accumulator.report()));

  const html: HtmlWriterOptions = { compliance: complianceReports };
  const codecOf = async (file: FindingFile): Promise<FindingFileCodec<EncodedPart>> => {
    switch (file.kind) {
      case 'json-ocsf':
        return ocsfCodec(scan);
      case 'csv':
        return csvCodec(scan.provider);
      case 'html':
        return createHtmlCodec(scan, html);
      case 'sarif':
        return sarifCodec(scan);
      case 'asff':
        return asffCodec(scan);
      case 'compliance-csv':
        return complianceFindingsCsvCodec(file.framework);
      case 'compliance-jsonl':
        return complianceFindingsJsonlCodec(file.framework);
    }
  };
  const writers: FindingFileWriter[] = [];
  const closeWriters = async () => {
    for (const writer of writers) {
      await writer.close();
      openFiles.delete(writer.path);
    }
  };
  /** Gives up every file not yet complete; what cannot be given up is named after the others are. */
  const abortWriters = async () => {
    const failures: string[] = [];
    for (const writer of writers) {
      await writer.abort().catch((error: unknown) => failures.push(`${writer.path}: ${error instanceof Error ? error.message : String(error)}`));
      openFiles.delete(writer.path);
    }
    return failures;
  };
  const opened: string[] = [];
  try {
    for (const file of findingFiles(options.formats, frameworks)) {
      const name = findingFileName(baseName, file);
      opened.push(name);
      openFiles.add(destination.locate(name));
      writers.push(await openFindingFile(name, await codecOf(file), destination));
    }
  } catch (error) {
    await abortWriters();
    for (const name of opened) {
      await destination.remove(name);
      openFiles.delete(destination.locate(name));
    }
    throw error;
  }

  let state: 'open' | 'complete' | 'discarded' = 'open';
  const statusFiles: ComplianceStatusFiles[] = [];
  /** The names of the files written, in the order of `files`. */
  const written: string[] = [...opened];
  let completing: Promise<void> | undefined;
  const complete = () =>
    (completing ??= (async () => {
      state = 'complete';
      // Closed on every path (a second Ctrl-C included) so each file is whole and valid.
      await closeWriters();
      for (const report of complianceReports()) {
        const names = { json: statusFileName(complianceJsonPath, baseName, report.framework), csv: statusFileName(complianceCsvPath, baseName, report.framework) };
        const json = destination.locate(names.json);
        const csv = destination.locate(names.csv);
        openFiles.add(json).add(csv);
        written.push(names.json, names.csv);
        await destination.put(names.json, complianceJsonText(report, baseName));
        await destination.put(names.csv, complianceCsv(report));
        openFiles.delete(json);
        openFiles.delete(csv);
        statusFiles.push({ report, json, csv });
      }
    })());
  const files = () => [...writers.map((writer) => writer.path), ...statusFiles.flatMap((status) => [status.json, status.csv])];
  const discard = async () => {
    state = 'discarded';
    // Given up rather than completed: an upload in progress is cancelled, not finished and then deleted.
    const failures = await abortWriters();
    for (const name of written) await destination.remove(name);
    // Directories this run created and left empty go too; rmdir refuses anything else.
    if (options.outputDirCreated) {
      const outputDir = options.outputDir;
      const directories = new Set(files().map((path) => dirname(path)));
      for (const directory of [...directories].filter((path) => path !== outputDir).concat(outputDir)) await rmdir(directory).catch(() => undefined);
    }
    if (failures.length) throw new PalisadeError('OUTPUT', `Output files could not be given up: ${failures.join('; ')}`);
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

/** A finding file's name in the destination (`compliance/` holds the frameworks' files). */
function findingFileName(baseName: string, file: FindingFile): string {
  switch (file.kind) {
    case 'compliance-csv':
      return statusFileName(complianceFindingsCsvPath, baseName, file.framework.id);
    case 'compliance-jsonl':
      return statusFileName(complianceFindingsJsonlPath, baseName, file.framework.id);
    default:
      return `${baseName}${OUTPUT_FILE_SUFFIXES[file.kind]}`;
  }
}

/** A framework file's name relative to the output directory, `/`-separated whatever the platform. */
function statusFileName(pathIn: (outputDirectory: string, baseName: string, frameworkId: string) => string, baseName: string, frameworkId: string): string {
  return pathIn('', baseName, frameworkId).split(sep).join('/');
}
