/**
 * Console blocks for per-account standing: findings per account, and each framework's compliance
 * per account and per section. Scores are shares (of passing requirements, findings or account
 * results), so progress shows even while one failing account keeps a requirement failing overall.
 */
import type { ComplianceReport } from '@palisade/compliance';
import type { AccountTally } from '@palisade/engine';
import type { Style } from './terminal.ts';
import { formatNumber, table } from './terminal.ts';

/** A framework's report and the status file that lists every account. */
export interface ComplianceSummary {
  readonly report: ComplianceReport;
  readonly statusFile: string;
}

/** Rows shown per account table; the rest are counted and left to the files. */
export const ACCOUNT_ROWS = 10;
/** Accounts that get their own column in the section table; beyond this only the total is shown. */
export const SECTION_ACCOUNT_COLUMNS = 3;

const accountLabel = (accountId: string, accountName: string | undefined) => (accountName ? `${accountId} (${accountName})` : accountId);

/** `45% (5/11)`, or `n/a` when nothing was scored. */
export function share(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${Math.round((part / whole) * 100)}% (${part}/${whole})`;
}

/** Findings per account, worst first; only worth a table when the scan covered several accounts. */
export function renderAccountCounts(accounts: readonly AccountTally[], style: Style, moreIn: string | undefined): string[] {
  if (accounts.length < 2) return [];
  const shown = accounts.slice(0, ACCOUNT_ROWS);
  const out = ['', style.bold(`By account (worst first${accounts.length > shown.length ? `, ${shown.length} of ${formatNumber(accounts.length)}` : ''})`)];
  out.push(
    table(
      [
        ['account', 'FAIL', 'ERROR', 'PASS', 'MANUAL', 'muted'],
        ...shown.map(({ accountId, accountName, counts }) => [
          accountLabel(accountId, accountName),
          formatNumber(counts.FAIL),
          formatNumber(counts.ERROR),
          formatNumber(counts.PASS),
          formatNumber(counts.MANUAL),
          formatNumber(counts.muted),
        ]),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  if (accounts.length > shown.length) out.push(`  … ${formatNumber(accounts.length - shown.length)} more accounts${moreIn ? ` in ${moreIn}` : ''}`);
  return out;
}

export function renderCompliance({ report, statusFile }: ComplianceSummary, style: Style): string[] {
  const out = ['', style.bold(`${report.name} (${report.framework})`)];
  const automated = report.requirements.filter((requirement) => requirement.assessment === 'automated');
  const count = (predicate: (requirement: (typeof automated)[number]) => boolean) => automated.filter(predicate).length;
  const passing = count((requirement) => requirement.status === 'PASS');
  const failing = count((requirement) => requirement.reason === 'failed' || requirement.reason === 'error');
  const notEvaluated = count((requirement) => requirement.reason === 'not-evaluated');
  const review = count((requirement) => requirement.reason === 'needs-review');
  const manual = report.requirements.length - automated.length;
  const several = report.accounts.length > 1;
  out.push(
    `${several ? `All ${formatNumber(report.accounts.length)} accounts together` : 'Overall'}: ${passing} of ${automated.length} automated requirements pass${several ? ' in every account' : ''}, ${failing} fail${several ? ' in at least one' : ''}` +
      (notEvaluated ? `, ${notEvaluated} not evaluated` : '') +
      (review ? `, ${review} need review` : '') +
      `; ${manual} manual`,
  );

  const shown = report.accounts.slice(0, ACCOUNT_ROWS);
  if (shown.length) {
    out.push(
      table(
        [
          ['account', 'requirements passing', 'findings passing', 'failing', 'not evaluated'],
          ...shown.map((account) => [
            accountLabel(account.accountId, account.accountName),
            share(account.passed, account.evaluated),
            share(account.findings.PASS, account.findings.PASS + account.findings.FAIL + account.findings.ERROR),
            String(account.failed),
            String(account.notEvaluated),
          ]),
        ],
        ['l', 'r', 'r', 'r', 'r'],
      ),
    );
    if (report.accounts.length > shown.length) out.push(`  … ${formatNumber(report.accounts.length - shown.length)} more accounts in ${statusFile}`);
  }

  const columns = report.accounts.length > 1 && report.accounts.length <= SECTION_ACCOUNT_COLUMNS ? report.accounts : [];
  const manualBySection = new Map<string, number>();
  for (const requirement of report.requirements) {
    if (requirement.assessment === 'manual') manualBySection.set(requirement.section, (manualBySection.get(requirement.section) ?? 0) + 1);
  }
  out.push(
    table(
      [
        ['section', report.accounts.length > 1 ? 'all accounts' : 'score', ...columns.map((account) => account.accountName ?? account.accountId), 'manual'],
        ...report.sections.map((section) => [
          section.section,
          share(section.passedResults, section.evaluated),
          ...columns.map((account) => {
            const mine = section.accounts.find((entry) => entry.accountId === account.accountId);
            return mine ? share(mine.passed, mine.evaluated) : 'n/a';
          }),
          String(manualBySection.get(section.section) ?? 0),
        ]),
      ],
      ['l', 'r', ...columns.map(() => 'r' as const), 'r'],
    ),
  );
  out.push(style.dim('  score: share of evaluated automated requirements that pass, per account and over all account results'));
  return out;
}
