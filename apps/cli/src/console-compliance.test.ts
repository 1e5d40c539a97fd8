import { ComplianceAccumulator, defineFramework } from '@palisade/compliance';
import type { Finding, FindingStatus } from '@palisade/core';
import { SummaryBuilder } from '@palisade/engine';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ROWS, renderAccountCounts, renderCompliance, share } from './console-compliance.ts';
import { createStyle } from './terminal.ts';

const plain = createStyle({ isTTY: false });

const FRAMEWORK = defineFramework({
  id: 'test-framework',
  name: 'Test framework',
  version: '1.0.0',
  provider: 'aws',
  description: 'Two sections, one manual requirement.',
  requirements: [
    { id: '1.1', title: 'MFA', section: '1 Identity', level: 'Level 1', assessment: 'automated', description: 'MFA.', checks: ['aws/iam-user-mfa-enabled-console-access'] },
    { id: '1.2', title: 'Contacts', section: '1 Identity', level: 'Level 1', assessment: 'manual', description: 'By hand.', checks: [] },
    { id: '2.1', title: 'Trail', section: '2 Logging', level: 'Level 1', assessment: 'automated', description: 'Trail.', checks: ['aws/cloudtrail-multi-region-enabled'] },
  ],
});

function finding(accountId: string, checkId: string, status: FindingStatus, accountName?: string): Finding {
  return {
    uid: `${accountId}-${checkId}-${status}`,
    scanId: 'scan',
    check: { id: checkId, provider: 'aws', service: 'iam', resourceType: 'AwsIamUser', severity: 'high', title: checkId, description: '', risk: '', remediation: { summary: '' }, references: [], categories: [] },
    status,
    message: status,
    severity: 'high',
    provider: 'aws',
    partition: 'aws',
    accountId,
    ...(accountName ? { accountName } : {}),
    region: 'global',
    resource: { uid: `arn:aws:iam::${accountId}:root`, type: 'AwsAccount', name: accountId, region: 'global' },
    time: '2025-01-01T00:00:00.000Z',
    compliance: [],
  };
}

const MFA = 'aws/iam-user-mfa-enabled-console-access';
const TRAIL = 'aws/cloudtrail-multi-region-enabled';

function reportOf(findings: readonly Finding[]) {
  const accumulator = new ComplianceAccumulator(FRAMEWORK);
  accumulator.addAll(findings);
  return accumulator.report();
}

describe('console compliance block', () => {
  it('scores each account and each section as shares, not all-or-nothing, worst account first', () => {
    const report = reportOf([
      finding('111111111111', MFA, 'PASS', 'prod'),
      finding('111111111111', TRAIL, 'PASS'),
      finding('222222222222', MFA, 'FAIL', 'dev'),
      finding('222222222222', TRAIL, 'PASS'),
    ]);
    const lines = renderCompliance({ report, statusFile: 'out/compliance/test-framework.csv' }, plain).join('\n').split('\n');
    expect(lines).toEqual([
      '',
      'Test framework (test-framework)',
      'All 2 accounts together: 1 of 2 automated requirements pass in every account, 1 fail in at least one; 1 manual',
      'account              requirements passing  findings passing  failing  not evaluated',
      '222222222222 (dev)              50% (1/2)         50% (1/2)        1              0',
      '111111111111 (prod)            100% (2/2)        100% (2/2)        0              0',
      'section     all accounts         dev        prod  manual',
      '1 Identity     50% (1/2)    0% (0/1)  100% (1/1)       1',
      '2 Logging     100% (2/2)  100% (1/1)  100% (1/1)       0',
      '  score: share of evaluated automated requirements that pass, per account and over all account results',
    ]);
  });

  it('caps the account table and names the file with the rest; drops per-account section columns for many accounts', () => {
    const accounts = Array.from({ length: ACCOUNT_ROWS + 2 }, (_, index) => String(100000000000 + index));
    const report = reportOf(accounts.flatMap((accountId, index) => [finding(accountId, MFA, index % 2 ? 'PASS' : 'FAIL'), finding(accountId, TRAIL, 'PASS')]));
    const lines = renderCompliance({ report, statusFile: 'out/compliance/test-framework.csv' }, plain).join('\n').split('\n');
    expect(lines.filter((line) => /^1000000000\d\d /.test(line))).toHaveLength(ACCOUNT_ROWS);
    expect(lines).toContain('  … 2 more accounts in out/compliance/test-framework.csv');
    expect(lines.find((line) => line.startsWith('section'))).toBe('section     all accounts  manual');
    expect(lines.find((line) => line.startsWith('1 Identity'))).toBe('1 Identity    50% (6/12)       1');
  });

  it('counts an account whose checks reported nothing as not evaluated, outside the score', () => {
    const report = reportOf([finding('111111111111', MFA, 'PASS'), finding('222222222222', 'aws/not-in-framework', 'FAIL')]);
    const lines = renderCompliance({ report, statusFile: 'x.csv' }, plain).join('\n').split('\n');
    expect(lines[2]).toBe('All 2 accounts together: 0 of 2 automated requirements pass in every account, 0 fail in at least one, 2 not evaluated; 1 manual');
    expect(lines.find((line) => line.startsWith('222222222222'))).toMatch(/^222222222222\s+n\/a\s+n\/a\s+0\s+2$/);
  });

  it('formats shares', () => {
    expect(share(5, 11)).toBe('45% (5/11)');
    expect(share(0, 0)).toBe('n/a');
  });
});

describe('console account counts', () => {
  it('lists findings per account worst first, and nothing for a single account', () => {
    const summary = new SummaryBuilder();
    for (const f of [finding('111111111111', MFA, 'PASS', 'prod'), finding('222222222222', MFA, 'FAIL', 'dev'), finding('222222222222', TRAIL, 'ERROR')]) summary.add(f);
    expect(renderAccountCounts(summary.build().byAccount, plain, 'out/report.html')).toEqual([
      '',
      'By account (worst first)',
      ['account              FAIL  ERROR  PASS  MANUAL  muted', '222222222222 (dev)      1      1     0       0      0', '111111111111 (prod)     0      0     1       0      0'].join('\n'),
    ]);
    const single = new SummaryBuilder();
    single.add(finding('111111111111', MFA, 'PASS'));
    expect(renderAccountCounts(single.build().byAccount, plain, undefined)).toEqual([]);
  });
});
