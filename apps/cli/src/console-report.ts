/**
 * The end-of-scan console summary: totals, severity, service and account breakdowns, the top
 * failing checks, compliance per account and section, API counters per service and every scan error.
 */
import { SEVERITIES } from '@palisade/core';
import type { ScanResult, StatusCounts } from '@palisade/engine';
import { renderAccountCounts, renderCompliance } from './console-compliance.ts';
import type { ComplianceSummary } from './console-compliance.ts';
import type { Style } from './terminal.ts';
import { formatNumber, table } from './terminal.ts';

export interface ConsoleReportInput {
  readonly result: ScanResult;
  readonly compliance: readonly ComplianceSummary[];
  readonly outputs: readonly string[];
  readonly durationMs: number;
  readonly source: string;
  readonly checksRun: number;
  readonly topFailing?: number;
  /** Why the scan stopped early, when it did (e.g. the scan timeout). */
  readonly stopReason?: string;
  /** The file listing what was not scanned, when the list is too long to print (see `notScannedInFile`). */
  readonly notScannedFile?: string;
}

export function renderConsoleReport(input: ConsoleReportInput, style: Style): string {
  const { result } = input;
  const { summary } = result;
  const total = summary.total;
  const all = total.PASS + total.FAIL + total.MANUAL + total.ERROR + total.muted;
  const out: string[] = [];
  const state = result.interrupted ? style.yellow('INTERRUPTED') : result.snapshotError ? style.yellow('INCOMPLETE') : 'complete';
  out.push(style.bold(`Scan ${state}: ${input.source}`));
  out.push(
    `${formatNumber(summary.accounts)} account(s), ${formatNumber(summary.resources)}${summary.resourcesCapped ? '+' : ''} resources, ${input.checksRun} checks, ${formatNumber(all)} findings in ${(input.durationMs / 1000).toFixed(1)} s`,
  );
  out.push(
    `${style.green(`PASS ${formatNumber(total.PASS)}`)}  ${style.red(`FAIL ${formatNumber(total.FAIL)}`)}  MANUAL ${formatNumber(total.MANUAL)}  ${style.yellow(`ERROR ${formatNumber(total.ERROR)}`)}  ${style.dim(`muted ${formatNumber(total.muted)}`)}`,
  );

  out.push('', style.bold('By severity'));
  out.push(table([['severity', 'FAIL', 'PASS', 'MANUAL', 'ERROR', 'muted'], ...SEVERITIES.map((severity) => countsRow(severity, summary.bySeverity[severity]))], ['l', 'r', 'r', 'r', 'r', 'r']));

  out.push('', style.bold('By service'));
  const services = Object.entries(summary.byService).sort(([, a], [, b]) => b.FAIL - a.FAIL || 0);
  out.push(table([['service', 'FAIL', 'PASS', 'MANUAL', 'ERROR', 'muted'], ...services.map(([service, counts]) => countsRow(service, counts))], ['l', 'r', 'r', 'r', 'r', 'r']));
  out.push(...renderAccountCounts(summary.byAccount, style, input.outputs.find((path) => path.endsWith('.html')) ?? input.outputs.find((path) => path.endsWith('.csv'))));

  const top = summary.failingChecks.slice(0, input.topFailing ?? 10);
  if (top.length) {
    out.push('', style.bold(`Top failing checks (${top.length} of ${summary.failingChecks.length})`));
    out.push(table([['severity', 'failed', 'check', 'title'], ...top.map((check) => [check.severity, formatNumber(check.failed), check.id, check.title])], ['l', 'r', 'l', 'l']));
  }

  for (const framework of input.compliance) out.push(...renderCompliance(framework, style));

  const counters = Object.entries(result.apiCounters);
  if (counters.length) {
    out.push('', style.bold('API calls'));
    out.push(
      table(
        [
          ['service', 'calls', 'throttles', 'retries', 'errors', 'error codes'],
          ...counters.map(([service, c]) => [
            service,
            formatNumber(c.calls),
            formatNumber(c.throttles),
            withFailureClasses(c.retries, c.retriesByClass),
            withFailureClasses(c.errors, c.errorsByClass),
            Object.entries(c.errorCodes)
              .map(([code, count]) => `${code}×${count}`)
              .join(', '),
          ]),
        ],
        ['l', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
  } else {
    out.push('', style.dim('API calls: none (offline scan of a snapshot)'));
  }

  if (total.ERROR > 0 || result.errors.length > 0) {
    out.push('', style.bold(style.yellow(`Errors (${formatNumber(total.ERROR)} ERROR findings, ${result.errors.length} scan errors)`)));
    for (const error of summary.errors) {
      const checks = [...error.checks].slice(0, 3).join(', ') + (error.checks.size > 3 ? `, +${error.checks.size - 3}` : '');
      out.push(`  ${error.api} ${error.code} ×${formatNumber(error.count)} in ${error.accounts.size} account(s), checks: ${checks}`);
    }
    for (const error of result.errors.slice(0, 50)) {
      const where = [error.accountId, error.region, error.service].filter(Boolean).join(' ');
      out.push(`  ${where}: ${error.error.api} ${error.error.code}${error.error.message ? ` — ${error.error.message}` : ''}`);
    }
    if (result.errors.length > 50) out.push(`  … and ${result.errors.length - 50} more (see the outputs)`);
  }
  if (summary.muteRules.length) {
    // Every rule with its count, zeros included: a rule muting far more than meant, or nothing, shows here.
    out.push('', style.bold('Mutelist'));
    for (const tally of summary.muteRules) {
      const line = `  rule ${tally.rule}${tally.location ? ` (${tally.location})` : ''} muted ${formatNumber(tally.muted)} finding${tally.muted === 1 ? '' : 's'}`;
      out.push(tally.muted === 0 ? style.dim(line) : line);
    }
  }
  if (result.expiredMuteRules.length) {
    out.push('', style.yellow(`Expired mutelist rules no longer applied: ${result.expiredMuteRules.join('; ')}`));
  }
  if (result.interrupted) {
    out.push('', style.yellow(`The scan was interrupted${input.stopReason ? ` (${input.stopReason})` : ''}; outputs hold the findings written so far and are complete files.`));
    out.push(...notScannedLines(result.notScanned, input.notScannedFile));
  } else if (result.snapshotError) {
    out.push('', style.yellow('The snapshot could not be read to its end; outputs hold the findings of the accounts read before the damage and are complete files.'));
    out.push(...notScannedLines(result.notScanned, input.notScannedFile));
  }
  if (input.outputs.length) {
    out.push('', style.bold('Outputs'));
    for (const path of input.outputs) out.push(`  ${path}`);
  }
  return `${out.join('\n')}\n`;
}

/** Longer lists of what was not scanned go to a file, named in the summary instead. */
export const NOT_SCANNED_INLINE_LIMIT = 10;

export function notScannedInFile(notScanned: readonly string[]): boolean {
  return notScanned.length > NOT_SCANNED_INLINE_LIMIT;
}

export function notScannedLines(notScanned: readonly string[], file: string | undefined): string[] {
  if (file) return [`  not scanned: ${formatNumber(notScanned.length)} accounts, listed in ${file}`];
  return notScanned.map((line) => `  not scanned: ${line}`);
}

function countsRow(label: string, counts: StatusCounts): string[] {
  return [label, formatNumber(counts.FAIL), formatNumber(counts.PASS), formatNumber(counts.MANUAL), formatNumber(counts.ERROR), formatNumber(counts.muted)];
}

/** `7 (transient 6, permanent 1)`: a retry or error count with the failure classes behind it. */
function withFailureClasses(count: number, byClass: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byClass)
    .filter(([, times]) => times > 0)
    .map(([failureClass, times]) => `${failureClass} ${formatNumber(times)}`);
  return parts.length ? `${formatNumber(count)} (${parts.join(', ')})` : formatNumber(count);
}
