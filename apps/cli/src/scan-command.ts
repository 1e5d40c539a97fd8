/**
 * `palisade scan aws`: resolves flags into a scan, wires the output writers and compliance
 * reports, shows progress, prints the summary and returns the exit code.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, PalisadeError } from '@palisade/core';
import type { Finding, FindingStatus } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, FRAMEWORKS, frameworksForCheck, getFramework } from '@palisade/compliance';
import type { Framework } from '@palisade/compliance';
import { checkSnapshotReadable, loadMutelist, loadScanConfig, resourceScopeFilter, runScan, selectChecks } from '@palisade/engine';
import type { ScanSource } from '@palisade/engine';
import { createCsvWriter, createHtmlWriter, createOcsfWriter, writeComplianceCsv, writeComplianceJson } from '@palisade/outputs';
import type { FindingWriter, ScanInfo } from '@palisade/outputs';
import { renderConsoleReport } from './console-report.ts';
import type { ComplianceScore } from './console-report.ts';
import { EXIT } from './exit-codes.ts';
import { createProgress } from './progress.ts';
import { createStyle } from './terminal.ts';
import { PRODUCT_VERSION } from './version.ts';

export const OUTPUT_FORMATS = ['json-ocsf', 'csv', 'html'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
  readonly signal?: AbortSignal;
}

export async function scanAws(flags: ScanAwsFlags, io: CommandIo): Promise<number> {
  const started = performance.now();
  // Validate everything the user gave before touching the cloud or the output directory.
  const frameworks = resolveFrameworks(flags.compliance);
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
    ? { kind: 'snapshot', path: flags.fromSnapshot, ...(flags.region?.length ? { regions: flags.region } : {}) }
    : {
        kind: 'aws',
        connect: {
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(flags.region?.length ? { regions: flags.region } : {}),
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
  const base = flags.outputFilename ?? `palisade-${scan.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  try {
    await mkdir(outputDir, { recursive: true });
  } catch (cause) {
    throw new PalisadeError('OUTPUT', `cannot create the output directory ${outputDir}: ${(cause as Error).message}`);
  }
  const writers: FindingWriter[] = [];
  for (const format of formats) {
    if (format === 'json-ocsf') writers.push(await createOcsfWriter(join(outputDir, `${base}.ocsf.json`), scan));
    if (format === 'csv') writers.push(await createCsvWriter(join(outputDir, `${base}.csv`), scan));
    if (format === 'html') writers.push(await createHtmlWriter(join(outputDir, `${base}.html`), scan));
  }
  const reportFrameworks = flags.compliance?.length ? frameworks : FRAMEWORKS;
  const accumulators = reportFrameworks.map((framework) => new ComplianceAccumulator(framework));
  const progress = createProgress(io.stderr, Boolean(flags.quiet));
  const timeout = flags.scanTimeout ? AbortSignal.timeout(flags.scanTimeout * 1000) : undefined;
  const signals = [io.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  let result;
  try {
    result = await runScan({
      source,
      checks,
      config,
      ...(mutelist ? { mutelist } : {}),
      ...(resourceScope ? { resourceScope } : {}),
      ...(statuses ? { outputStatuses: statuses } : {}),
      sinks: writers,
      observers: accumulators.map((accumulator) => (finding: Finding) => accumulator.add(finding)),
      ...(flags.snapshotOut ? { snapshotOut: flags.snapshotOut } : {}),
      complianceRefs: frameworksForCheck,
      ...(signal ? { signal } : {}),
      ...(flags.maxConcurrency ? { maxConcurrency: flags.maxConcurrency } : {}),
      ...(flags.maxAccountsInFlight ? { maxAccountsInFlight: flags.maxAccountsInFlight } : {}),
      onProgress: (event) => progress.update(event),
      productVersion: PRODUCT_VERSION,
      scanId: scan.scanId,
    });
  } catch (error) {
    progress.done();
    for (const writer of writers) await writer.close();
    // A failed run (bad credentials, a corrupt snapshot line) would leave reports that look
    // complete but are not, so they are removed. An interruption does not throw: it keeps its
    // outputs, which hold whole records only.
    for (const writer of writers) await rm(writer.path, { force: true });
    throw error;
  }
  progress.done();
  // Closed on every path (Ctrl-C included) so each file is complete and valid.
  for (const writer of writers) await writer.close();

  const outputs = writers.map((writer) => writer.path);
  const scores: ComplianceScore[] = [];
  for (const accumulator of accumulators) {
    const report = accumulator.report();
    const jsonPath = join(outputDir, 'compliance', `${report.framework}.json`);
    const csvPath = join(outputDir, 'compliance', `${report.framework}.csv`);
    await writeComplianceJson(report, jsonPath);
    await writeComplianceCsv(report, csvPath);
    outputs.push(jsonPath, csvPath);
    scores.push(complianceScore(accumulator.framework, report));
  }
  if (flags.snapshotOut && !result.interrupted) outputs.push(resolve(flags.snapshotOut));

  if (!flags.quiet) {
    io.stdout.write(
      renderConsoleReport(
        {
          result,
          compliance: scores,
          outputs,
          durationMs: performance.now() - started,
          source: flags.fromSnapshot ? `snapshot ${flags.fromSnapshot}` : flags.organization ? 'AWS organization' : flags.accountsFile ? `AWS accounts of ${flags.accountsFile}` : 'AWS',
          ...(timeout?.aborted ? { stopReason: `--scan-timeout ${flags.scanTimeout}s reached` } : {}),
          checksRun: checks.length,
        },
        createStyle(io.stdout),
      ),
    );
  }
  if (result.interrupted) return timeout?.aborted ? EXIT.TIMED_OUT : EXIT.INTERRUPTED;
  return result.summary.unmutedFailures > 0 ? EXIT.FAILED_CHECKS : EXIT.OK;
}

function resolveFrameworks(ids: readonly string[] | undefined): Framework[] {
  return (ids ?? []).map((id) => {
    const framework = getFramework(id);
    if (!framework) throw new InputError('USAGE', `--compliance: unknown framework "${id}"; valid: ${FRAMEWORKS.map((f) => f.id).join(', ')}`);
    return framework;
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

function complianceScore(framework: Framework, report: ReturnType<ComplianceAccumulator['report']>): ComplianceScore {
  const sections = new Map<string, { name: string; passed: number; failed: number; manual: number }>();
  for (const requirement of report.requirements) {
    const name = requirement.section;
    let entry = sections.get(name);
    if (!entry) {
      entry = { name, passed: 0, failed: 0, manual: 0 };
      sections.set(name, entry);
    }
    if (requirement.status === 'PASS') entry.passed += 1;
    else if (requirement.status === 'FAIL') entry.failed += 1;
    else entry.manual += 1;
  }
  return { frameworkId: framework.id, frameworkName: framework.name, sections: [...sections.values()] };
}
