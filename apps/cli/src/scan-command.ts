/**
 * `palisade scan aws`: resolves flags into a scan, wires the output writers and compliance
 * reports, shows progress, prints the summary and returns the exit code.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '@palisade/core';
import type { Finding, FindingStatus } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, FRAMEWORKS, frameworksForCheck } from '@palisade/compliance';
import type { ComplianceReport } from '@palisade/compliance';
import { checkSnapshotReadable, globLikePatternWarnings, loadMutelist, loadScanConfig, resourceScopeFilter, runScan, selectChecks, unknownCheckWarnings } from '@palisade/engine';
import type { ScanResult, ScanSource } from '@palisade/engine';
import {
  OUTPUT_FILE_SUFFIXES,
  OUTPUT_FORMATS,
  complianceCsvPath,
  complianceFindingsCsvPath,
  complianceFindingsJsonlPath,
  complianceJsonPath,
  createComplianceFindingsCsvWriter,
  createComplianceFindingsJsonlWriter,
  createCsvWriter,
  createDirectory,
  createHtmlWriter,
  createOcsfWriter,
  writeComplianceCsv,
  writeComplianceJson,
} from '@palisade/outputs';
import type { FindingWriter, OutputFormat, ScanInfo } from '@palisade/outputs';
import { notScannedInFile, renderConsoleReport } from './console-report.ts';
import type { ComplianceSummary } from './console-compliance.ts';
import { EXIT } from './exit-codes.ts';
import { resolveFrameworks, resolveRegions } from './options.ts';
import { createProgress } from './progress.ts';
import { createStyle } from './terminal.ts';
import { PRODUCT_VERSION } from './version.ts';


export interface ScanAwsFlags {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  sessionDuration?: number;
  region?: string[];
  endpointUrl?: string;
  fromSnapshot?: string;
  snapshotOut?: string;
  outputFormats?: string[];
  outputDir: string;
  outputFilename?: string;
  services?: string[];
  checks?: string[];
  excludedChecks?: string[];
  excludedServices?: string[];
  severity?: string[];
  categories?: string[];
  compliance?: string[];
  status?: string[];
  resourceTag?: string[];
  resourceArn?: string[];
  mutelist?: string;
  config?: string;
  maxConcurrency?: number;
  maxAccountsInFlight?: number;
  scanTimeout?: number;
  organization?: boolean;
  accounts?: string[];
  excludedAccounts?: string[];
  ou?: string[];
  orgRole: string;
  accountsFile?: string;
  quiet?: boolean;
}

export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** First Ctrl-C: stop scanning, then close the files and print the summary. */
  readonly signal?: AbortSignal;
  /** Second Ctrl-C: stop waiting for the scan, close the files and skip the summary. */
  readonly stopNow?: AbortSignal;
  /** Output files being written, so that a forced exit can name the ones left incomplete. */
  readonly openFiles?: Set<string>;
}

export async function scanAws(flags: ScanAwsFlags, io: CommandIo): Promise<number> {
  const started = performance.now();
  // Validate everything the user gave before touching the cloud or the output directory.
  const frameworks = resolveFrameworks(flags.compliance, FRAMEWORKS);
  const regions = resolveRegions(flags.region);
  const checks = selectChecks(ALL_CHECKS, {
    services: flags.services,
    checks: flags.checks,
    excludedChecks: flags.excludedChecks,
    excludedServices: flags.excludedServices,
    severities: flags.severity,
    categories: flags.categories,
    ...(flags.compliance?.length ? { frameworkChecks: frameworks.flatMap((framework) => framework.requirements.flatMap((requirement) => requirement.checks)) } : {}),
  });
  const formats = resolveFormats(flags.outputFormats);
  const statuses = resolveStatuses(flags.status);
  const resourceScope = resourceScopeFilter({ tags: flags.resourceTag, arns: flags.resourceArn });
  const config = await loadScanConfig(flags.config);
  const mutelist = flags.mutelist ? await loadMutelist(flags.mutelist) : undefined;
  // A rule naming no check mutes nothing; say so rather than let the user believe it works.
  if (mutelist) {
    const warnings = [...unknownCheckWarnings(mutelist, ALL_CHECKS.map((check) => check.id)), ...globLikePatternWarnings(mutelist)];
    for (const warning of warnings) io.stderr.write(`warning: ${warning.message}\n`);
  }
  for (const id of [...(flags.accounts ?? []), ...(flags.excludedAccounts ?? [])]) {
    if (!/^\d{12}$/.test(id)) throw new InputError('USAGE', `"${id}" is not a 12-digit AWS account id`);
  }
  for (const ou of flags.ou ?? []) {
    if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(ou)) throw new InputError('USAGE', `--ou: "${ou}" is not an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)`);
  }
  if (flags.fromSnapshot && (flags.profile || flags.roleArn || flags.endpointUrl)) {
    throw new InputError('USAGE', '--from-snapshot scans offline; it cannot be combined with --profile, --role-arn or --endpoint-url');
  }
  if (flags.fromSnapshot && flags.snapshotOut) throw new InputError('USAGE', '--from-snapshot and --snapshot-out cannot be combined');
  const multiAccount = Boolean(flags.organization || flags.accountsFile);
  if (flags.organization && flags.accountsFile) throw new InputError('USAGE', '--organization and --accounts-file cannot be combined');
  if (multiAccount && (flags.fromSnapshot || flags.roleArn)) throw new InputError('USAGE', '--organization/--accounts-file cannot be combined with --from-snapshot or --role-arn');
  if (!flags.organization && (flags.accounts?.length || flags.excludedAccounts?.length || flags.ou?.length)) {
    throw new InputError('USAGE', '--accounts, --excluded-accounts and --ou narrow --organization; add --organization');
  }
  if (flags.fromSnapshot) await checkSnapshotReadable(flags.fromSnapshot);

  const source: ScanSource = flags.fromSnapshot
    ? { kind: 'snapshot', path: flags.fromSnapshot, ...(regions ? { regions } : {}) }
    : {
        kind: 'aws',
        connect: {
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(regions ? { regions } : {}),
          ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
          ...(flags.roleArn
            ? {
                assumeRole: {
                  roleArn: flags.roleArn,
                  ...(flags.externalId ? { externalId: flags.externalId } : {}),
                  ...(flags.roleSessionName ? { sessionName: flags.roleSessionName } : {}),
                  ...(flags.sessionDuration ? { durationSeconds: flags.sessionDuration } : {}),
                },
              }
            : {}),
        },
        ...(multiAccount
          ? {
              targets: {
                roleName: flags.orgRole,
                ...(flags.externalId ? { externalId: flags.externalId } : {}),
                ...(flags.accountsFile
                  ? { accountsFile: flags.accountsFile }
                  : { organization: { accounts: flags.accounts ?? [], excludedAccounts: flags.excludedAccounts ?? [], ous: flags.ou ?? [] } }),
              },
            }
          : {}),
      };

  const scan: ScanInfo = { scanId: randomUUID(), startedAt: new Date().toISOString(), productVersion: PRODUCT_VERSION };
  const outputDir = resolve(flags.outputDir);
  const base = flags.outputFilename ?? defaultOutputName(scan);
  // Before any file is opened: a directory that cannot be created is bad input, named at once.
  const outputDirExisted = existsSync(outputDir);
  await createDirectoryFor('--output-dir', outputDir);
  if (flags.snapshotOut) await createDirectoryFor('--snapshot-out', dirname(resolve(flags.snapshotOut)));
  const openFiles = io.openFiles ?? new Set<string>();
  const reportFrameworks = flags.compliance?.length ? frameworks : FRAMEWORKS;
  const accumulators = reportFrameworks.map((framework) => new ComplianceAccumulator(framework));
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
  try {
    for (const format of formats) {
      const path = join(outputDir, `${base}${OUTPUT_FILE_SUFFIXES[format]}`);
      openFiles.add(path);
      if (format === 'json-ocsf') writers.push(await createOcsfWriter(path, scan));
      if (format === 'csv') writers.push(await createCsvWriter(path, scan));
      if (format === 'html') writers.push(await createHtmlWriter(path, scan, { compliance: complianceReports }));
    }
    // The findings behind each requirement stream to the compliance directory like any other output.
    for (const framework of reportFrameworks) {
      for (const [path, create] of [
        [complianceFindingsCsvPath(outputDir, base, framework.id), createComplianceFindingsCsvWriter],
        [complianceFindingsJsonlPath(outputDir, base, framework.id), createComplianceFindingsJsonlWriter],
      ] as const) {
        openFiles.add(path);
        writers.push(await create(path, framework));
      }
    }
  } catch (error) {
    await closeWriters();
    for (const path of openFiles) await rm(path, { force: true });
    openFiles.clear();
    throw error;
  }
  const progress = createProgress(io.stderr, { quiet: Boolean(flags.quiet) });
  const timeout = flags.scanTimeout ? AbortSignal.timeout(flags.scanTimeout * 1000) : undefined;
  const signals = [io.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  // A failed run (bad credentials, a snapshot unreadable from the start, a region no account has)
  // would leave reports that look complete but are not, so they are removed. An interruption does
  // not throw: it keeps its outputs, which hold whole records only.
  const discardOutputs = async () => {
    progress.done();
    await closeWriters();
    for (const writer of writers) await rm(writer.path, { force: true });
    // Directories this run created and left empty go too; rmdir refuses anything else.
    if (!outputDirExisted) {
      const directories = new Set(writers.map((writer) => dirname(writer.path)));
      for (const directory of [...directories].filter((path) => path !== outputDir).concat(outputDir)) await rmdir(directory).catch(() => undefined);
    }
  };
  let result: ScanResult | undefined;
  try {
    const scanning = runScan({
      source,
      checks,
      config,
      ...(mutelist ? { mutelist } : {}),
      ...(resourceScope ? { resourceScope } : {}),
      ...(statuses ? { outputStatuses: statuses } : {}),
      sinks: writers,
      observers: [...accumulators.map((accumulator) => (finding: Finding) => accumulator.add(finding)), (finding: Finding) => progress.observe(finding)],
      ...(flags.snapshotOut ? { snapshotOut: flags.snapshotOut } : {}),
      complianceRefs: frameworksForCheck,
      ...(signal ? { signal } : {}),
      ...(flags.maxConcurrency ? { maxConcurrency: flags.maxConcurrency } : {}),
      ...(flags.maxAccountsInFlight ? { maxAccountsInFlight: flags.maxAccountsInFlight } : {}),
      onProgress: (event) => progress.update(event),
      productVersion: PRODUCT_VERSION,
      scanId: scan.scanId,
    });
    // After a second Ctrl-C the scan is no longer awaited (its late writes to closed files fail quietly).
    scanning.catch(() => undefined);
    result = await unlessAborted(scanning, io.stopNow);
  } catch (error) {
    await discardOutputs();
    throw error;
  }
  if (result?.regionsNotInSnapshot.length) {
    await discardOutputs();
    const missing = result.regionsNotInSnapshot;
    throw new InputError('USAGE', `--region: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} in no account of the snapshot ${flags.fromSnapshot}`);
  }
  progress.done();
  // Closed on every path (Ctrl-C twice included) so each file is complete and valid.
  await closeWriters();

  const outputs = writers.map((writer) => writer.path);
  const compliance: ComplianceSummary[] = [];
  for (const report of complianceReports()) {
    const jsonPath = complianceJsonPath(outputDir, base, report.framework);
    const csvPath = complianceCsvPath(outputDir, base, report.framework);
    openFiles.add(jsonPath).add(csvPath);
    await writeComplianceJson(report, jsonPath, base);
    await writeComplianceCsv(report, csvPath);
    openFiles.delete(jsonPath);
    openFiles.delete(csvPath);
    outputs.push(jsonPath, csvPath);
    compliance.push({ report, statusFile: csvPath });
  }
  if (!result || io.stopNow?.aborted) {
    io.stderr.write(`Stopped at the second Ctrl-C; summary skipped. These files are complete and hold the findings written so far:\n${outputs.map((path) => `  ${path}\n`).join('')}`);
    return EXIT.INTERRUPTED;
  }
  if (flags.snapshotOut && !result.interrupted) outputs.push(resolve(flags.snapshotOut));
  let notScannedFile: string | undefined;
  if (notScannedInFile(result.notScanned)) {
    notScannedFile = join(outputDir, `${base}.not-scanned.txt`);
    await writeFile(notScannedFile, `${result.notScanned.join('\n')}\n`);
    outputs.push(notScannedFile);
  }

  if (!flags.quiet) {
    io.stdout.write(
      renderConsoleReport(
        {
          result,
          compliance,
          outputs,
          durationMs: performance.now() - started,
          source: flags.fromSnapshot ? `snapshot ${flags.fromSnapshot}` : flags.organization ? 'AWS organization' : flags.accountsFile ? `AWS accounts of ${flags.accountsFile}` : 'AWS',
          ...(timeout?.aborted ? { stopReason: `--scan-timeout ${flags.scanTimeout}s reached` } : {}),
          ...(notScannedFile ? { notScannedFile } : {}),
          checksRun: checks.length,
        },
        createStyle(io.stdout),
      ),
    );
  }
  if (result.interrupted) return timeout?.aborted ? EXIT.TIMED_OUT : EXIT.INTERRUPTED;
  if (result.snapshotError) {
    // Bad input found part-way: exit 2 like any bad input, with the outputs of what was readable.
    io.stderr.write(`palisade: ${result.snapshotError.message}\n`);
    return EXIT.USAGE;
  }
  return result.summary.unmutedFailures > 0 ? EXIT.FAILED_CHECKS : EXIT.OK;
}

/**
 * `palisade-<UTC time>-<start of the scan id>`: unique per run, so two scans started in the same
 * second into one directory never overwrite each other; the scan id inside the files matches.
 */
export function defaultOutputName(scan: Pick<ScanInfo, 'scanId' | 'startedAt'>): string {
  const time = scan.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `palisade-${time}-${scan.scanId.replaceAll('-', '').slice(0, 8)}`;
}

async function createDirectoryFor(flag: string, path: string): Promise<void> {
  try {
    await createDirectory(path);
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    throw new InputError('USAGE', `${flag}: cannot create the directory ${path} (${error.code ?? error.message})`);
  }
}

/** The promise's value, or undefined as soon as `signal` aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolvePromise, reject) => {
    const onAbort = () => resolvePromise(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function resolveFormats(formats: readonly string[] | undefined): OutputFormat[] {
  if (!formats?.length) return [...OUTPUT_FORMATS];
  return formats.map((format) => {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw new InputError('USAGE', `--output-formats: unknown format "${format}"; valid: ${OUTPUT_FORMATS.join(', ')}`);
    }
    return format as OutputFormat;
  });
}

function resolveStatuses(statuses: readonly string[] | undefined): Set<FindingStatus> | undefined {
  if (!statuses?.length) return undefined;
  const valid = ['PASS', 'FAIL', 'MANUAL', 'ERROR'];
  return new Set(
    statuses.map((status) => {
      const upper = status.toUpperCase();
      if (!valid.includes(upper)) throw new InputError('USAGE', `--status: unknown status "${status}"; valid: ${valid.join(', ')}`);
      return upper as FindingStatus;
    }),
  );
}
