import type { CheckId } from '@palisade/checks';
import type { Finding, FindingStatus } from '@palisade/core';
import { describe, expect, it } from 'vitest';
import { pick, seededRandom, shuffled } from '@palisade/core/testing';
import { ComplianceAccumulator, DEFAULT_EVIDENCE_LIMIT } from './evaluate.ts';
import type { ComplianceState } from './evaluate.ts';
import { defineFramework } from './framework.ts';
import type { Requirement } from './framework.ts';
import { CIS_AWS_3_0 } from './frameworks/cis-aws-3.0.ts';

// Synthetic check ids keep these rules independent of which checks are registered today.
const check = (name: string) => `aws/${name}` as CheckId;

const requirement = (id: string, section: string, assessment: Requirement['assessment'], checks: readonly CheckId[]): Requirement => ({
  id,
  title: `Requirement ${id}`,
  section,
  level: 'Level 1',
  assessment,
  description: `Synthetic requirement ${id}.`,
  checks,
});

const TEST_FRAMEWORK = defineFramework({
  id: 'test-framework',
  name: 'Test framework',
  version: '1.0.0',
  provider: 'aws',
  description: 'Requirements shaped to exercise each status rule.',
  requirements: [
    requirement('1.1', '1 Identity', 'automated', [check('users-mfa'), check('root-mfa')]),
    requirement('1.2', '1 Identity', 'manual', [check('contacts')]),
    requirement('1.3', '1 Identity', 'automated', [check('password-length')]),
    requirement('2.1', '2 Storage', 'automated', [check('bucket-encryption'), check('users-mfa')]),
    requirement('3.1', '3 Review', 'manual', []),
  ],
});

const USER_ALICE = 'arn:aws:iam::123456789012:user/alice';
const USER_BOB = 'arn:aws:iam::123456789012:user/bob';
const ACCOUNT = 'arn:aws:iam::123456789012:root';
const BUCKET = 'arn:aws:s3:::audit-logs';

const PROD = '111111111111';
const DEV = '222222222222';

function finding(checkId: string, status: FindingStatus, resourceUid: string, options: { muted?: boolean; accountId?: string; accountName?: string } = {}): Finding {
  const accountId = options.accountId ?? '123456789012';
  return {
    uid: `palisade-aws-${accountId}-${checkId}-${resourceUid}`,
    scanId: 'scan-0001',
    check: {
      id: checkId,
      provider: 'aws',
      service: 'iam',
      resourceType: 'AwsIamUser',
      severity: 'high',
      title: checkId,
      description: 'Synthetic check.',
      risk: 'Synthetic risk.',
      remediation: { summary: 'Synthetic remediation.' },
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html'],
      categories: ['identity-and-access'],
    },
    status,
    message: `${checkId} is ${status} for ${resourceUid}`,
    severity: 'high',
    provider: 'aws',
    partition: 'aws',
    accountId,
    ...(options.accountName ? { accountName: options.accountName } : {}),
    region: 'global',
    resource: { uid: resourceUid, type: 'AwsIamUser', name: resourceUid.split('/').pop() ?? resourceUid, region: 'global' },
    ...(status === 'ERROR' ? { error: { api: 'iam:GetCredentialReport', code: 'AccessDenied', message: 'not authorized' } } : {}),
    ...(options.muted ? { muted: { reason: 'break-glass user, reviewed quarterly', rule: `${accountId}/aws/users-mfa` } } : {}),
    time: '2025-01-01T00:00:00.000Z',
    compliance: [],
  };
}

function reportFor(findings: readonly Finding[], options: ConstructorParameters<typeof ComplianceAccumulator>[1] = {}) {
  const accumulator = new ComplianceAccumulator(TEST_FRAMEWORK, options);
  for (const item of findings) accumulator.add(item);
  const report = accumulator.report();
  const byId = (id: string) => report.requirements.find((entry) => entry.id === id);
  /** The requirement in one account (the single account of most tests by default). */
  const inAccount = (id: string, accountId = '123456789012') => byId(id)?.accounts.find((entry) => entry.accountId === accountId);
  return { report, byId, inAccount, accumulator };
}

describe('ComplianceAccumulator', () => {
  it('passes an automated requirement whose findings all pass', () => {
    const { byId, inAccount } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE), finding(check('root-mfa'), 'PASS', ACCOUNT), finding(check('password-length'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'PASS', reason: 'passed', counts: { PASS: 2, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 } });
    expect(inAccount('1.1')).toEqual({
      accountId: '123456789012',
      status: 'PASS',
      reason: 'passed',
      counts: { PASS: 2, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 },
      evidence: [
        { checkId: 'aws/root-mfa', status: 'PASS', resourceUid: ACCOUNT, muted: false },
        { checkId: 'aws/users-mfa', status: 'PASS', resourceUid: USER_ALICE, muted: false },
      ],
      evidenceOmitted: 0,
    });
    expect(inAccount('1.3')).toMatchObject({ status: 'PASS', evidence: [{ checkId: 'aws/password-length', status: 'PASS', resourceUid: ACCOUNT }] });
  });

  it('fails an automated requirement when one unmuted finding of any of its checks fails', () => {
    const { byId, inAccount } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE), finding(check('users-mfa'), 'FAIL', USER_BOB), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'failed' });
    // Failures lead the evidence.
    expect(inAccount('1.1')?.evidence[0]).toEqual({ checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: false });
    // The same check feeds 2.1 too, so that requirement fails on the same finding.
    expect(inAccount('2.1')).toMatchObject({ status: 'FAIL', evidence: [{ checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: false }, { checkId: 'aws/users-mfa', status: 'PASS' }] });
  });

  it('does not fail a requirement on a muted FAIL, but counts it and keeps it as muted evidence', () => {
    const { inAccount } = reportFor([finding(check('users-mfa'), 'FAIL', USER_BOB, { muted: true }), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(inAccount('1.1')).toMatchObject({
      status: 'PASS',
      counts: { PASS: 1, FAIL: 0, muted: 1 },
      evidence: [
        { checkId: 'aws/root-mfa', status: 'PASS', resourceUid: ACCOUNT, muted: false },
        { checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: true },
      ],
    });
  });

  it('fails closed on an unmuted ERROR and keeps ERROR on the evidence entry', () => {
    const { byId, inAccount } = reportFor([finding(check('users-mfa'), 'ERROR', ACCOUNT), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'error' });
    expect(inAccount('1.1')).toMatchObject({ status: 'FAIL', reason: 'error', counts: { ERROR: 1, PASS: 1 } });
    expect(inAccount('1.1')?.evidence).toContainEqual({ checkId: 'aws/users-mfa', status: 'ERROR', resourceUid: ACCOUNT, muted: false });
  });

  it('names FAIL as the reason when a requirement has both a failure and an error', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'ERROR', ACCOUNT), finding(check('root-mfa'), 'FAIL', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'failed' });
  });

  it('ignores a muted ERROR like any other muted finding', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'ERROR', ACCOUNT, { muted: true }), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'PASS', reason: 'passed' });
  });

  it('asks for review when an automated check itself answers MANUAL', () => {
    const { byId, inAccount } = reportFor([finding(check('password-length'), 'MANUAL', ACCOUNT)]);
    expect(byId('1.3')).toMatchObject({ status: 'MANUAL', reason: 'needs-review' });
    expect(inAccount('1.3')?.evidence).toEqual([{ checkId: 'aws/password-length', status: 'MANUAL', resourceUid: ACCOUNT, muted: false }]);
  });

  it('reports a manual requirement as MANUAL whatever its findings, keeping them as evidence', () => {
    const { byId, inAccount } = reportFor([finding(check('contacts'), 'FAIL', ACCOUNT)]);
    expect(byId('1.2')).toMatchObject({ status: 'MANUAL', reason: 'manual-assessment' });
    expect(inAccount('1.2')).toMatchObject({ status: 'MANUAL', reason: 'manual-assessment', evidence: [{ checkId: 'aws/contacts', status: 'FAIL', resourceUid: ACCOUNT, muted: false }] });
    expect(inAccount('3.1')).toMatchObject({ status: 'MANUAL', reason: 'manual-assessment', evidence: [] });
  });

  it('fails an automated requirement none of whose checks reported anything, as not evaluated', () => {
    const { byId, inAccount } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE)]);
    expect(byId('1.3')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated', checks: ['aws/password-length'], counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 } });
    expect(inAccount('1.3')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated', evidence: [], evidenceOmitted: 0 });
  });

  it('fails every automated requirement as not evaluated when no finding arrived at all', () => {
    const { report } = reportFor([]);
    expect(report.accounts).toEqual([]);
    expect(report.requirements.map((entry) => [entry.id, entry.status, entry.reason])).toEqual([
      ['1.1', 'FAIL', 'not-evaluated'],
      ['1.2', 'MANUAL', 'manual-assessment'],
      ['1.3', 'FAIL', 'not-evaluated'],
      ['2.1', 'FAIL', 'not-evaluated'],
      ['3.1', 'MANUAL', 'manual-assessment'],
    ]);
  });

  it('ignores findings of checks outside the framework, but knows their account', () => {
    const { report, inAccount } = reportFor([finding('aws/not-in-framework', 'FAIL', BUCKET)]);
    expect(report.requirements.flatMap((entry) => entry.accounts.flatMap((result) => result.evidence))).toEqual([]);
    expect(inAccount('1.1')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated' });
    expect(report.accounts).toMatchObject([{ accountId: '123456789012', evaluated: 0, notEvaluated: 3, requirementScore: null, findingScore: null }]);
  });

  it('decides each account on its own findings and fails all accounts together when one fails', () => {
    const { byId, inAccount } = reportFor([
      finding(check('users-mfa'), 'PASS', `arn:aws:iam::${PROD}:user/alice`, { accountId: PROD, accountName: 'prod' }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('users-mfa'), 'FAIL', `arn:aws:iam::${DEV}:user/ivan`, { accountId: DEV, accountName: 'dev' }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${DEV}:root`, { accountId: DEV }),
    ]);
    expect(inAccount('1.1', PROD)).toMatchObject({ status: 'PASS', reason: 'passed', counts: { PASS: 2 } });
    expect(inAccount('1.1', DEV)).toMatchObject({ status: 'FAIL', reason: 'failed', counts: { PASS: 1, FAIL: 1 }, evidence: [{ status: 'FAIL', resourceUid: `arn:aws:iam::${DEV}:user/ivan` }, { status: 'PASS' }] });
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'failed', counts: { PASS: 3, FAIL: 1 } });
    expect(byId('1.1')?.accounts.map((result) => result.accountId)).toEqual([PROD, DEV]);
  });

  it('fails a requirement for all accounts when one account did not evaluate it, even if the others pass', () => {
    const { byId, inAccount } = reportFor([
      finding(check('password-length'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('users-mfa'), 'PASS', `arn:aws:iam::${DEV}:user/ivan`, { accountId: DEV }),
    ]);
    expect(inAccount('1.3', PROD)).toMatchObject({ status: 'PASS' });
    expect(inAccount('1.3', DEV)).toMatchObject({ status: 'FAIL', reason: 'not-evaluated' });
    expect(byId('1.3')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated' });
  });

  it('scores each account by passing requirements and passing findings, worst account first', () => {
    const { report } = reportFor([
      // prod: 1.1 PASS, 1.3 PASS, 2.1 FAIL (a bucket), 1.2 manual evidence
      finding(check('users-mfa'), 'PASS', `arn:aws:iam::${PROD}:user/alice`, { accountId: PROD, accountName: 'prod' }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('password-length'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('bucket-encryption'), 'FAIL', 'arn:aws:s3:::prod-logs', { accountId: PROD }),
      finding(check('contacts'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      // dev: 1.1 FAIL, 1.3 not evaluated, 2.1 FAIL (via users-mfa), a muted FAIL
      finding(check('users-mfa'), 'FAIL', `arn:aws:iam::${DEV}:user/ivan`, { accountId: DEV, accountName: 'dev' }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${DEV}:root`, { accountId: DEV }),
      finding(check('bucket-encryption'), 'FAIL', 'arn:aws:s3:::dev-logs', { accountId: DEV, muted: true }),
    ]);
    expect(report.accounts).toEqual([
      {
        accountId: DEV,
        accountName: 'dev',
        evaluated: 2,
        passed: 0,
        failed: 2,
        notEvaluated: 1,
        manual: 2,
        requirementScore: 0,
        findings: { PASS: 1, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 1 },
        findingScore: 0.5,
      },
      {
        accountId: PROD,
        accountName: 'prod',
        evaluated: 3,
        passed: 2,
        failed: 1,
        notEvaluated: 0,
        manual: 2,
        requirementScore: 2 / 3,
        // users-mfa feeds two requirements but is one finding
        findings: { PASS: 4, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0 },
        findingScore: 0.8,
      },
    ]);
  });

  it('scores sections all-or-nothing for all accounts and as a share of account results', () => {
    const { report } = reportFor([
      finding(check('users-mfa'), 'PASS', `arn:aws:iam::${PROD}:user/alice`, { accountId: PROD }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('password-length'), 'PASS', `arn:aws:iam::${PROD}:root`, { accountId: PROD }),
      finding(check('bucket-encryption'), 'PASS', 'arn:aws:s3:::prod-logs', { accountId: PROD }),
      finding(check('users-mfa'), 'FAIL', `arn:aws:iam::${DEV}:user/ivan`, { accountId: DEV }),
      finding(check('root-mfa'), 'PASS', `arn:aws:iam::${DEV}:root`, { accountId: DEV }),
      finding(check('password-length'), 'PASS', `arn:aws:iam::${DEV}:root`, { accountId: DEV }),
      finding(check('bucket-encryption'), 'PASS', 'arn:aws:s3:::dev-logs', { accountId: DEV }),
      finding(check('contacts'), 'FAIL', `arn:aws:iam::${DEV}:root`, { accountId: DEV }),
    ]);
    expect(report.framework).toBe('test-framework');
    expect(report.sections).toEqual([
      {
        section: '1 Identity',
        automated: 2,
        passed: 1,
        score: 0.5,
        evaluated: 4,
        passedResults: 3,
        resultScore: 0.75,
        accounts: [
          { accountId: DEV, evaluated: 2, passed: 1, score: 0.5 },
          { accountId: PROD, evaluated: 2, passed: 2, score: 1 },
        ],
      },
      {
        section: '2 Storage',
        automated: 1,
        passed: 0,
        score: 0,
        evaluated: 2,
        passedResults: 1,
        resultScore: 0.5,
        accounts: [
          { accountId: DEV, evaluated: 1, passed: 0, score: 0 },
          { accountId: PROD, evaluated: 1, passed: 1, score: 1 },
        ],
      },
      {
        section: '3 Review',
        automated: 0,
        passed: 0,
        score: null,
        evaluated: 0,
        passedResults: 0,
        resultScore: null,
        accounts: [
          { accountId: DEV, evaluated: 0, passed: 0, score: null },
          { accountId: PROD, evaluated: 0, passed: 0, score: null },
        ],
      },
    ]);
  });

  it('keeps a bounded evidence list however many findings a requirement has, and counts the rest', () => {
    const accumulator = new ComplianceAccumulator(TEST_FRAMEWORK);
    const total = 200_000;
    for (let index = 0; index < total; index += 1) {
      // Mostly passes, with a failure every 20,000: failures must reach the evidence.
      accumulator.add(finding(check('password-length'), index % 20_000 === 19_999 ? 'FAIL' : 'PASS', `arn:aws:iam::123456789012:user/u${index}`));
    }
    expect(accumulator.retainedEvidence).toBe(DEFAULT_EVIDENCE_LIMIT);
    const result = accumulator.report().requirements.find((entry) => entry.id === '1.3')!.accounts[0]!;
    expect(result).toMatchObject({ status: 'FAIL', reason: 'failed', counts: { PASS: total - 10, FAIL: 10 }, evidenceOmitted: total - DEFAULT_EVIDENCE_LIMIT });
    expect(result.evidence).toHaveLength(DEFAULT_EVIDENCE_LIMIT);
    expect(result.evidence.every((entry) => entry.status === 'FAIL')).toBe(true);
  });

  it('keeps failures over passes once the evidence list is full, and honours a custom limit', () => {
    const { inAccount, accumulator } = reportFor(
      [
        finding(check('password-length'), 'PASS', 'arn:aws:iam::123456789012:user/a'),
        finding(check('password-length'), 'PASS', 'arn:aws:iam::123456789012:user/b'),
        finding(check('password-length'), 'FAIL', 'arn:aws:iam::123456789012:user/c', { muted: true }),
        finding(check('password-length'), 'ERROR', 'arn:aws:iam::123456789012:user/d'),
        finding(check('password-length'), 'FAIL', 'arn:aws:iam::123456789012:user/e'),
        finding(check('password-length'), 'FAIL', 'arn:aws:iam::123456789012:user/f'),
      ],
      { evidenceLimit: 2 },
    );
    expect(accumulator.retainedEvidence).toBe(2);
    expect(inAccount('1.3')).toMatchObject({
      status: 'FAIL',
      reason: 'failed',
      counts: { PASS: 2, FAIL: 2, ERROR: 1, MANUAL: 0, muted: 1 },
      evidence: [
        { status: 'ERROR', resourceUid: 'arn:aws:iam::123456789012:user/d' },
        { status: 'FAIL', resourceUid: 'arn:aws:iam::123456789012:user/e' },
      ],
      evidenceOmitted: 4,
    });
  });

  it('reports every CIS v3.0 requirement, failing unevaluated automated ones and passing 1.8 on its check', () => {
    const accumulator = new ComplianceAccumulator(CIS_AWS_3_0);
    accumulator.add(finding('aws/iam-password-policy-minimum-length-14', 'PASS', ACCOUNT));
    const report = accumulator.report();
    expect(report).toMatchObject({ framework: 'cis-aws-3.0', version: '3.0.0' });
    expect(report.requirements).toHaveLength(CIS_AWS_3_0.requirements.length);
    expect(report.requirements.find((entry) => entry.id === '1.8')).toMatchObject({
      status: 'PASS',
      level: 'Level 1',
      assessment: 'automated',
      section: '1 Identity and Access Management',
      accounts: [{ accountId: '123456789012', status: 'PASS', evidence: [{ checkId: 'aws/iam-password-policy-minimum-length-14', status: 'PASS', resourceUid: ACCOUNT, muted: false }] }],
    });
    expect(report.requirements.find((entry) => entry.id === '1.4')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated' });
    expect(report.requirements.find((entry) => entry.id === '1.1')).toMatchObject({ status: 'MANUAL' });
    expect(report.requirements.find((entry) => entry.id === '2.1.1')).toMatchObject({ subsection: '2.1 Simple Storage Service (S3)' });
  });
});

// --- Mergeable accumulators ------------------------------------------------------------------

const MERGE_ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
const MERGE_CHECKS = ['users-mfa', 'root-mfa', 'contacts', 'password-length', 'bucket-encryption', 'not-in-framework'].map(check);

/** Findings over several accounts and every kind of requirement, many per requirement, with statuses, mutes and errors. */
function syntheticFindings(seed: number, count: number): Finding[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const accountId = pick(random, MERGE_ACCOUNTS);
    const roll = random();
    const status: FindingStatus = roll < 0.6 ? 'PASS' : roll < 0.8 ? 'FAIL' : roll < 0.9 ? 'MANUAL' : 'ERROR';
    // The first account carries two names, so the smallest-name rule is exercised.
    const accountName = accountId === MERGE_ACCOUNTS[0] ? pick(random, ['prod', 'production', undefined]) : undefined;
    return finding(pick(random, MERGE_CHECKS), status, `arn:aws:iam::${accountId}:user/u${Math.floor(random() * 60)}`, {
      accountId,
      muted: random() < 0.1,
      ...(accountName ? { accountName } : {}),
    });
  });
}

function accumulatorOf(findings: readonly Finding[], evidenceLimit: number): ComplianceAccumulator {
  const accumulator = new ComplianceAccumulator(TEST_FRAMEWORK, { evidenceLimit });
  accumulator.addAll(findings);
  return accumulator;
}

/** Merges parts pairwise in a random grouping, each step through an accumulator or through a JSON round trip of its state. */
function mergeRandomly(random: () => number, parts: ComplianceAccumulator[]): ComplianceAccumulator {
  const pending = [...parts];
  while (pending.length > 1) {
    const [left] = pending.splice(Math.floor(random() * pending.length), 1);
    const [right] = pending.splice(Math.floor(random() * pending.length), 1);
    const other = random() < 0.5 ? right! : (JSON.parse(JSON.stringify(right!.state())) as ComplianceState);
    pending.push(left!.merge(other));
  }
  return pending[0]!;
}

describe('ComplianceAccumulator merging', () => {
  const findings = syntheticFindings(7, 3_000);

  it('keeps the same evidence whatever order the findings arrive in', () => {
    const entries = [
      finding(check('password-length'), 'PASS', 'arn:aws:iam::123456789012:user/a'),
      finding(check('password-length'), 'PASS', 'arn:aws:iam::123456789012:user/b'),
      finding(check('password-length'), 'PASS', 'arn:aws:iam::123456789012:user/c'),
      finding(check('password-length'), 'FAIL', 'arn:aws:iam::123456789012:user/e', { muted: true }),
    ];
    const expected = [
      { checkId: 'aws/password-length', status: 'PASS', resourceUid: 'arn:aws:iam::123456789012:user/a', muted: false },
      { checkId: 'aws/password-length', status: 'PASS', resourceUid: 'arn:aws:iam::123456789012:user/b', muted: false },
    ];
    expect(reportFor(entries, { evidenceLimit: 2 }).inAccount('1.3')).toMatchObject({ status: 'PASS', evidence: expected, evidenceOmitted: 2 });
    expect(reportFor([...entries].reverse(), { evidenceLimit: 2 }).inAccount('1.3')).toMatchObject({ status: 'PASS', evidence: expected, evidenceOmitted: 2 });
  });

  it('reports the same from parts fed in any order and merged in any grouping', () => {
    const random = seededRandom(42);
    for (const evidenceLimit of [0, 3, DEFAULT_EVIDENCE_LIMIT]) {
      const expected = accumulatorOf(findings, evidenceLimit).report();
      if (evidenceLimit === 3) {
        // The generator really fills and overflows evidence lists, fails and passes requirements.
        expect(expected.requirements.flatMap((entry) => entry.accounts).some((result) => result.evidenceOmitted > 0 && result.evidence.length === 3)).toBe(true);
        expect(expected.accounts.find((account) => account.accountId === MERGE_ACCOUNTS[0])?.accountName).toBe('prod');
      }
      for (let trial = 0; trial < 12; trial += 1) {
        const parts = 2 + (trial % 4);
        const groups: Finding[][] = Array.from({ length: parts }, () => []);
        for (const item of findings) groups[Math.floor(random() * parts)]!.push(item);
        const merged = mergeRandomly(
          random,
          groups.map((group) => accumulatorOf(shuffled(random, group), evidenceLimit)),
        );
        expect(merged.report()).toEqual(expected);
      }
    }
  });

  it('reports the same whatever order one accumulator receives the findings in', () => {
    const expected = accumulatorOf(findings, 3).report();
    expect(accumulatorOf(shuffled(seededRandom(3), findings), 3).report()).toEqual(expected);
  });

  it('round-trips its state through JSON', () => {
    const accumulator = accumulatorOf(findings, 3);
    const state = accumulator.state();
    const parsed = JSON.parse(JSON.stringify(state)) as ComplianceState;
    expect(parsed).toEqual(state);
    const rebuilt = ComplianceAccumulator.fromState(TEST_FRAMEWORK, parsed);
    expect(rebuilt.report()).toEqual(accumulator.report());
    expect(rebuilt.state()).toEqual(state);
    expect(rebuilt.retainedEvidence).toBe(accumulator.retainedEvidence);
  });

  it('merges associatively and commutatively', () => {
    const random = seededRandom(11);
    const groups: Finding[][] = [[], [], []];
    for (const item of findings) groups[Math.floor(random() * 3)]!.push(item);
    const [a, b, c] = groups.map((group) => accumulatorOf(group, 3).state());
    const left = ComplianceAccumulator.fromState(TEST_FRAMEWORK, a!).merge(b!).merge(c!);
    const right = ComplianceAccumulator.fromState(TEST_FRAMEWORK, a!).merge(ComplianceAccumulator.fromState(TEST_FRAMEWORK, b!).merge(c!));
    const reversed = ComplianceAccumulator.fromState(TEST_FRAMEWORK, c!).merge(b!).merge(a!);
    expect(left.state()).toEqual(right.state());
    expect(left.state()).toEqual(reversed.state());
    expect(left.state()).toEqual(accumulatorOf(findings, 3).state());
  });

  it('refuses to merge another framework, version or evidence limit', () => {
    const state = accumulatorOf(findings.slice(0, 50), 3).state();
    expect(() => new ComplianceAccumulator(CIS_AWS_3_0, { evidenceLimit: 3 }).merge(state)).toThrow(/test-framework 1\.0\.0 into cis-aws-3\.0/);
    expect(() => new ComplianceAccumulator(TEST_FRAMEWORK, { evidenceLimit: 3 }).merge({ ...state, frameworkVersion: '2.0.0' })).toThrow(/test-framework 2\.0\.0/);
    expect(() => new ComplianceAccumulator(TEST_FRAMEWORK).merge(state)).toThrow(/evidence limit 3/);
    expect(() => new ComplianceAccumulator(TEST_FRAMEWORK, { evidenceLimit: 3 }).merge({ ...state, accounts: [{ accountId: PROD, findings: state.accounts[0]!.findings, requirements: [{ id: '9.9', counts: state.accounts[0]!.findings, evidence: [] }] }] })).toThrow(
      /no requirement 9\.9/,
    );
  });
});
