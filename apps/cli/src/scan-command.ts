/**
 * `palisade scan aws` and `palisade scan azure`: thin adapters over the engine. Flags become a
 * `ScanRequest` (`requestFromFlags`, `azureRequestFromFlags`: pure functions), the output files
 * become sinks (`createFileSinks`), the engine's `runScan` does the rest; the shared part
 * (`runScanCommand`) shows progress, prints the summary and maps the result to an exit code, the
 * same for every provider.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InputError, didYouMean } from '@palisade/core';
import type { FindingStatus } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { frameworksOfProvider } from '@palisade/compliance';
import { AZURE_CLOUDS } from '@palisade/core/azure';
import type { AzureCloud } from '@palisade/core/azure';
import {
  SCAN_REQUEST_VERSION,
  checkSnapshotReadable,
  getProvider,
  globLikePatternWarnings,
  loadMutelist,
  loadScanConfig,
  resourceScopeFilter,
  runScan,
  selectChecks,
  unknownCheckWarnings,
} from '@palisade/engine';
import type { MutelistSpec, ScanConfig, ScanProgress, ScanRequest, ScanResult } from '@palisade/engine';
import { DEFAULT_OUTPUT_FORMATS, OUTPUT_FORMATS, createDirectory, createFileSinks } from '@palisade/outputs';
import type { OutputFormat, ScanInfo } from '@palisade/outputs';
import { notScannedInFile, renderConsoleReport } from './console-report.ts';
import type { ComplianceSummary } from './console-compliance.ts';
import { EXIT } from './exit-codes.ts';
import { resolveAzureLocations, resolveFrameworks, resolveRegions } from './options.ts';
import { createProgress, progressSink } from './progress.ts';
import { createStyle } from './terminal.ts';
import { PRODUCT_VERSION } from './version.ts';

/** The flags every `scan <provider>` command shares: source file, filters, outputs, mutelist, config, limits. */
export interface ScanFlags {
  region?: string[];
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
  mutelist?: string;
  config?: string;
  maxConcurrency?: number;
  maxAccountsInFlight?: number;
  scanTimeout?: number;
  /** Worker threads sharing the scan; 1 scans in this process. Default: `defaultWorkers`. */
  workers?: number;
  quiet?: boolean;
}

export interface ScanAwsFlags extends ScanFlags {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  sessionDuration?: number;
  endpointUrl?: string;
  resourceArn?: string[];
  organization?: boolean;
  accounts?: string[];
  excludedAccounts?: string[];
  ou?: string[];
  orgRole: string;
  accountsFile?: string;
}

export interface ScanAzureFlags extends ScanFlags {
  /** `--azure-tenant-id`: the tenant to sign in to and scan. */
  azureTenantId?: string;
  /** `--subscription-ids`: only these of the subscriptions the identity sees. */
  subscriptionIds?: string[];
  /** `--azure-cloud`: default `AzureCloud`. */
  azureCloud?: string;
  /** `--resource-id`: only these resources (ARM resource ids). */
  resourceId?: string[];
}

/** The providers the CLI scans. */
export type CliProvider = 'aws' | 'azure';

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

/** What the selection flags resolve to, each checked with a message naming its flag. */
export interface FlagSelection {
  /** Ids of the frameworks whose reports are produced: those of `--compliance`, or every framework of the provider. */
  readonly frameworks: readonly string[];
  readonly regions?: readonly string[];
  /** Check ids, in registry order. */
  readonly checks: readonly string[];
  readonly formats: readonly OutputFormat[];
  readonly statuses?: readonly FindingStatus[];
  readonly resources?: { readonly tags?: readonly string[]; readonly arns?: readonly string[] };
}

/**
 * Resolves and validates the flags that select what is scanned and written, in the order a user
 * reads them. Only `provider`'s checks and frameworks: another provider's framework maps none of them.
 */
export function selectionFromFlags(flags: ScanFlags & Pick<ScanAwsFlags, 'resourceArn'> & Pick<ScanAzureFlags, 'resourceId'>, provider: CliProvider = 'aws'): FlagSelection {
  const providerFrameworks = frameworksOfProvider(provider);
  const frameworks = resolveFrameworks(flags.compliance, providerFrameworks);
  const regions = provider === 'azure' ? resolveAzureLocations(flags.region) : resolveRegions(flags.region);
  const checks = selectChecks(checksOf(provider), {
    provider,
    services: flags.services,
    checks: flags.checks,
    excludedChecks: flags.excludedChecks,
    excludedServices: flags.excludedServices,
    severities: flags.severity,
    categories: flags.categories,
    ...(flags.compliance?.length ? { frameworkChecks: frameworks.flatMap((framework) => framework.requirements.flatMap((requirement) => requirement.checks)) } : {}),
  });
  const formats = resolveFormats(flags.outputFormats, provider);
  const statuses = resolveStatuses(flags.status);
  // Resource uids: ARNs for AWS, ARM resource ids for Azure.
  const resourceUids = provider === 'azure' ? resolveResourceIds(flags.resourceId) : flags.resourceArn;
  // Validated here, with the flags' names; the engine builds the filter from the request.
  resourceScopeFilter({ tags: flags.resourceTag, arns: resourceUids });
  const resources = {
    ...(flags.resourceTag?.length ? { tags: flags.resourceTag } : {}),
    ...(resourceUids?.length ? { arns: resourceUids } : {}),
  };
  return {
    frameworks: (flags.compliance?.length ? frameworks : providerFrameworks).map((framework) => framework.id),
    ...(regions ? { regions } : {}),
    checks: checks.map((check) => check.id),
    formats,
    ...(statuses ? { statuses } : {}),
    ...(resources.tags || resources.arns ? { resources } : {}),
  };
}

export interface FlagInputs {
  /** The scan id, known before the scan so output file names can carry it. */
  readonly scanId: string;
  /** `--config`, already read. */
  readonly config: ScanConfig;
  /** `--mutelist`, already read. */
  readonly mutelist?: MutelistSpec;
  /** `selectionFromFlags(flags)`, when the caller already resolved it. */
  readonly selection?: FlagSelection;
  /** Worker threads when `--workers` is not given (`defaultWorkers`); 1 when absent. */
  readonly defaultWorkers?: number;
}

/**
 * Snapshot files from this size up (gzip bytes) are scanned on worker threads by default. Every
 * worker reads and parses the whole file (about half the work of a snapshot scan) and the threads
 * take about a second to start, so smaller snapshots scan faster in one thread: with the demo
 * estate repeated, 2 workers were slower at 5.3 MB and 1.1× faster at 10.5 MB on 2 cores (see
 * docs/design.md, "Worker threads").
 */
export const SNAPSHOT_WORKERS_FROM_BYTES = 8 * 1024 * 1024;

/** What `defaultWorkers` knows of the machine and of the files the flags name. */
export interface WorkerDefaultsContext {
  /** `os.availableParallelism()`, or the `PALISADE_WORKERS` environment variable. */
  readonly cores: number;
  /** Size of the `--from-snapshot` file. */
  readonly snapshotBytes?: number;
  /** Accounts listed in the `--accounts-file`. */
  readonly accountsInFile?: number;
}

/**
 * Worker threads when `--workers` is not given: one per core when the scan splits and is large
 * enough to pay for starting them — an organization (unless `--accounts` names one account; the
 * engine scans in this thread when discovery finds fewer than two), an accounts file listing two
 * or more accounts, a snapshot file of at least SNAPSHOT_WORKERS_FROM_BYTES — otherwise 1: the
 * credentials' own account, a small snapshot, or a scan saving a snapshot (one file, one thread).
 */
export function defaultWorkers(flags: ScanFlags & Partial<Pick<ScanAwsFlags, 'accountsFile' | 'organization' | 'accounts'>>, context: WorkerDefaultsContext): number {
  const all = Math.max(1, Math.floor(context.cores));
  if (all < 2 || flags.snapshotOut) return 1;
  if (flags.fromSnapshot) return (context.snapshotBytes ?? 0) >= SNAPSHOT_WORKERS_FROM_BYTES ? all : 1;
  if (flags.accountsFile) return (context.accountsInFile ?? 0) >= 2 ? all : 1;
  if (flags.organization) return flags.accounts?.length === 1 ? 1 : all;
  return 1;
}

/** Role ARNs an accounts file lists (one per line, `#` starts a comment); the engine reads and checks the file itself. */
export function countAccountsInFile(text: string): number {
  return text.split(/\r?\n/).filter((line) => line.replace(/#.*$/, '').trim() !== '').length;
}

/**
 * The scan request the flags describe. Pure: files named by flags (config, mutelist) are read by
 * the caller and passed in. Conflicting or malformed flags are USAGE errors naming the flags.
 */
export function requestFromFlags(flags: ScanAwsFlags, inputs: FlagInputs): ScanRequest {
  const selection = inputs.selection ?? selectionFromFlags(flags);
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

  const source: ScanRequest['source'] = flags.fromSnapshot
    ? { kind: 'snapshot', path: flags.fromSnapshot }
    : {
        kind: 'live',
        credentials: {
          ...(flags.profile ? { profile: flags.profile } : {}),
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
  return scanRequest('aws', source, flags, selection, inputs);
}

/**
 * The scan request `scan azure`'s flags describe. Pure, like `requestFromFlags`: the credentials
 * are the standard chain's, found by the process that runs the scan; the request names the cloud,
 * the tenant and the subscriptions.
 */
export function azureRequestFromFlags(flags: ScanAzureFlags, inputs: FlagInputs): ScanRequest {
  const selection = inputs.selection ?? selectionFromFlags(flags, 'azure');
  const cloud = resolveAzureCloud(flags.azureCloud);
  if (flags.azureTenantId !== undefined && !GUID.test(flags.azureTenantId)) throw new InputError('USAGE', `--azure-tenant-id: "${flags.azureTenantId}" is not a tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)`);
  for (const id of flags.subscriptionIds ?? []) {
    if (!GUID.test(id)) throw new InputError('USAGE', `--subscription-ids: "${id}" is not a subscription id (a GUID)`);
  }
  if (flags.fromSnapshot && (flags.azureTenantId || flags.subscriptionIds?.length || flags.azureCloud)) {
    throw new InputError('USAGE', '--from-snapshot scans offline; it cannot be combined with --azure-tenant-id, --subscription-ids or --azure-cloud');
  }
  if (flags.fromSnapshot && flags.snapshotOut) throw new InputError('USAGE', '--from-snapshot and --snapshot-out cannot be combined');
  const source: ScanRequest['source'] = flags.fromSnapshot
    ? { kind: 'snapshot', path: flags.fromSnapshot }
    : {
        kind: 'azure',
        cloud,
        ...(flags.azureTenantId ? { tenantId: flags.azureTenantId.toLowerCase() } : {}),
        ...(flags.subscriptionIds?.length ? { subscriptionIds: [...new Set(flags.subscriptionIds.map((id) => id.toLowerCase()))] } : {}),
      };
  return scanRequest('azure', source, flags, selection, inputs);
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function resolveAzureCloud(name: string | undefined): AzureCloud {
  if (name === undefined) return 'AzureCloud';
  const cloud = AZURE_CLOUDS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!cloud) throw new InputError('USAGE', `--azure-cloud: unknown cloud "${name}"${didYouMean(name, AZURE_CLOUDS)}; valid: ${AZURE_CLOUDS.join(', ')}`);
  return cloud;
}

/** `--resource-id` values: ARM resource ids (`/subscriptions/<id>/resourceGroups/…`, or a tenant's `/tenants/<id>/…`). */
function resolveResourceIds(ids: readonly string[] | undefined): string[] | undefined {
  if (!ids?.length) return undefined;
  for (const id of ids) {
    if (!/^\/(subscriptions|tenants)\/[^/]+/i.test(id)) throw new InputError('USAGE', `--resource-id: "${id}" is not an Azure resource id (/subscriptions/<id>/resourceGroups/<group>/providers/…)`);
  }
  return [...ids];
}

/** The checks of one provider, in registry order. */
function checksOf(provider: CliProvider) {
  return ALL_CHECKS.filter((check) => check.provider === provider);
}

/** What every provider's request holds besides its source: scope, config, mutelist, limits, outputs, execution. */
function scanRequest(provider: CliProvider, source: ScanRequest['source'], flags: ScanFlags, selection: FlagSelection, inputs: FlagInputs): ScanRequest {
  return {
    version: SCAN_REQUEST_VERSION,
    provider,
    scanId: inputs.scanId,
    source,
    scope: {
      ...(selection.regions ? { regions: selection.regions } : {}),
      checks: selection.checks,
      frameworks: selection.frameworks,
      ...(selection.resources ? { resources: selection.resources } : {}),
    },
    config: inputs.config,
    ...(inputs.mutelist ? { mutelist: inputs.mutelist } : {}),
    limits: {
      ...(flags.maxConcurrency ? { maxConcurrency: flags.maxConcurrency } : {}),
      ...(flags.maxAccountsInFlight ? { maxAccountsInFlight: flags.maxAccountsInFlight } : {}),
      ...(flags.scanTimeout ? { timeoutSeconds: flags.scanTimeout } : {}),
    },
    output: {
      ...(selection.statuses ? { statuses: selection.statuses } : {}),
      ...(flags.snapshotOut ? { snapshotOut: flags.snapshotOut } : {}),
    },
    execution: { workers: flags.workers ?? inputs.defaultWorkers ?? 1 },
  };
}

export function scanAws(flags: ScanAwsFlags, io: CommandIo): Promise<number> {
  return runScanCommand(flags, io, {
    provider: 'aws',
    request: (inputs) => requestFromFlags(flags, inputs),
    source: flags.fromSnapshot ? `snapshot ${flags.fromSnapshot}` : flags.organization ? 'AWS organization' : flags.accountsFile ? `AWS accounts of ${flags.accountsFile}` : 'AWS',
    scopes: 'account',
  });
}

export function scanAzure(flags: ScanAzureFlags, io: CommandIo): Promise<number> {
  return runScanCommand(flags, io, {
    provider: 'azure',
    request: (inputs) => azureRequestFromFlags(flags, inputs),
    source: flags.fromSnapshot ? `snapshot ${flags.fromSnapshot}` : `Azure (${resolveAzureCloud(flags.azureCloud)})`,
    scopes: 'subscription',
  });
}

/** What differs between the `scan <provider>` commands; everything else is `runScanCommand`. */
interface ScanCommand {
  readonly provider: CliProvider;
  /** The request the command's own flags describe, from the shared inputs. */
  request(inputs: FlagInputs): ScanRequest;
  /** What the summary says was scanned. */
  readonly source: string;
  /** How a scope is called in messages: `account`, `subscription`. */
  readonly scopes: string;
}

/** A scan from flags to exit code, the same for every provider. */
async function runScanCommand(flags: ScanFlags, io: CommandIo, command: ScanCommand): Promise<number> {
  const started = performance.now();
  const provider = getProvider(command.provider);
  // Validate everything the user gave before touching the cloud or the output directory.
  const selection = selectionFromFlags(flags, command.provider);
  const config = await loadScanConfig(flags.config);
  // Account keys in the provider's own format (AWS: 12 digits; Azure: subscription or tenant GUIDs).
  const mutelist = flags.mutelist ? await loadMutelist(flags.mutelist, new Date(), provider.scopeIdFormat) : undefined;
  // A rule naming no check mutes nothing; say so rather than let the user believe it works.
  if (mutelist) {
    const warnings = [...unknownCheckWarnings(mutelist, checksOf(command.provider).map((check) => check.id)), ...globLikePatternWarnings(mutelist)];
    for (const warning of warnings) io.stderr.write(`warning: ${warning.message}\n`);
  }
  const scan: ScanInfo = { scanId: randomUUID(), startedAt: new Date().toISOString(), productVersion: PRODUCT_VERSION, provider: command.provider };
  const workers = flags.workers === undefined ? { defaultWorkers: defaultWorkers(flags, await workerDefaultsContext(flags)) } : {};
  const request = command.request({ scanId: scan.scanId, config, selection, ...workers, ...(mutelist ? { mutelist: mutelist.spec } : {}) });
  if (flags.fromSnapshot) await checkSnapshotReadable(flags.fromSnapshot, (path) => provider.readSnapshot(path));

  const outputDir = resolve(flags.outputDir);
  const base = flags.outputFilename ?? defaultOutputName(scan);
  // Before any file is opened: a directory that cannot be created is bad input, named at once.
  const outputDirExisted = existsSync(outputDir);
  await createDirectoryFor('--output-dir', outputDir);
  if (flags.snapshotOut) await createDirectoryFor('--snapshot-out', dirname(resolve(flags.snapshotOut)));
  const files = await createFileSinks({
    outputDir,
    baseName: base,
    formats: selection.formats,
    frameworks: request.scope.frameworks,
    scan,
    ...(io.openFiles ? { openFiles: io.openFiles } : {}),
    outputDirCreated: !outputDirExisted,
  });
  const progress = createProgress(io.stderr, { quiet: Boolean(flags.quiet) });
  // A failed run (bad credentials, a snapshot unreadable from the start) makes the engine tell the
  // sinks, and the file sinks remove their files: reports that look complete but are not would
  // mislead. An interruption does not throw: it keeps its outputs, which hold whole records only.
  let result: ScanResult | undefined;
  try {
    // With --quiet nothing follows progress: the engine (and its worker threads) need not report it.
    const scanning = runScan(request, [...files.sinks, ...(flags.quiet ? [] : [progressSink(progress)])], {
      ...(io.signal ? { signal: io.signal } : {}),
      ...(flags.quiet ? {} : { onProgress: (event: ScanProgress) => progress.update(event) }),
      productVersion: PRODUCT_VERSION,
    });
    // After a second Ctrl-C the scan is no longer awaited (its late batches are dropped).
    scanning.catch(() => undefined);
    result = await unlessAborted(scanning, io.stopNow);
  } catch (error) {
    progress.done();
    throw error;
  }
  if (result?.regionsNotInSnapshot.length) {
    progress.done();
    await files.discard();
    const missing = result.regionsNotInSnapshot;
    throw new InputError('USAGE', `--region: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} in no ${command.scopes} of the snapshot ${flags.fromSnapshot}`);
  }
  progress.done();
  // Closed on every path (Ctrl-C twice included) so each file is complete and valid; the engine
  // already did it when the scan ended.
  await files.complete();

  const outputs = [...files.files];
  const compliance: ComplianceSummary[] = files.statusFiles.map((written) => ({ report: written.report, statusFile: written.csv }));
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
          source: command.source,
          ...(result.timedOut ? { stopReason: `--scan-timeout ${flags.scanTimeout}s reached` } : {}),
          ...(notScannedFile ? { notScannedFile } : {}),
          checksRun: request.scope.checks.length,
        },
        createStyle(io.stdout),
      ),
    );
  }
  if (result.interrupted) return result.timedOut ? EXIT.TIMED_OUT : EXIT.INTERRUPTED;
  if (result.snapshotError) {
    // Bad input found part-way: exit 2 like any bad input, with the outputs of what was readable.
    io.stderr.write(`palisade: ${result.snapshotError.message}\n`);
    return EXIT.USAGE;
  }
  return result.summary.unmutedFailures > 0 ? EXIT.FAILED_CHECKS : EXIT.OK;
}

/**
 * The machine's cores (or `PALISADE_WORKERS`, a whole number, for a container whose CPU quota is
 * below the cores it sees, or to keep scans in one thread) and the sizes of the files the flags
 * name. A file that cannot be read counts as small: the scan itself reports it.
 */
async function workerDefaultsContext(flags: ScanFlags & Pick<ScanAwsFlags, 'accountsFile'>): Promise<WorkerDefaultsContext> {
  const configured = process.env['PALISADE_WORKERS'];
  const cores = configured !== undefined && /^\d+$/.test(configured.trim()) ? Number(configured) : availableParallelism();
  const snapshotBytes = flags.fromSnapshot ? await stat(flags.fromSnapshot).then((file) => file.size, () => 0) : undefined;
  const accountsInFile = flags.accountsFile ? await readFile(flags.accountsFile, 'utf8').then(countAccountsInFile, () => 0) : undefined;
  return { cores, ...(snapshotBytes === undefined ? {} : { snapshotBytes }), ...(accountsInFile === undefined ? {} : { accountsInFile }) };
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
    // ENOTDIR: the path, or a parent of it, is a file (`-o report.json`).
    const reason = error.code === 'ENOTDIR' ? 'ENOTDIR: a file is in the way' : (error.code ?? error.message);
    throw new InputError('USAGE', `${flag}: cannot create the directory ${path} (${reason})`);
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

/** `-M` values, each a known format the provider's findings fit. */
export function resolveFormats(formats: readonly string[] | undefined, provider: CliProvider = 'aws'): OutputFormat[] {
  if (!formats?.length) return [...DEFAULT_OUTPUT_FORMATS];
  return formats.map((format) => {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw new InputError('USAGE', `--output-formats: unknown format "${format}"; valid: ${OUTPUT_FORMATS.join(', ')}`);
    }
    // ASFF describes AWS accounts and resources for Security Hub: an Azure finding has no place in it.
    if (format === 'asff' && provider !== 'aws') {
      throw new InputError('USAGE', `--output-formats: asff is AWS Security Hub's format and holds AWS findings only; an ${provider} scan writes ${OUTPUT_FORMATS.filter((name) => name !== 'asff').join(', ')}`);
    }
    return format as OutputFormat;
  });
}

function resolveStatuses(statuses: readonly string[] | undefined): FindingStatus[] | undefined {
  if (!statuses?.length) return undefined;
  const valid = ['PASS', 'FAIL', 'MANUAL', 'ERROR'];
  const resolved = statuses.map((status) => {
    const upper = status.toUpperCase();
    if (!valid.includes(upper)) throw new InputError('USAGE', `--status: unknown status "${status}"; valid: ${valid.join(', ')}`);
    return upper as FindingStatus;
  });
  return [...new Set(resolved)];
}
