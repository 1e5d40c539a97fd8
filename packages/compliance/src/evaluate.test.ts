import type { CheckId } from '@palisade/checks';
import type { Finding, FindingStatus } from '@palisade/core';
import { describe, expect, it } from 'vitest';
import { ComplianceAccumulator } from './evaluate.ts';
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

function finding(checkId: string, status: FindingStatus, resourceUid: string, options: { muted?: boolean } = {}): Finding {
  return {
    uid: `palisade-aws-123456789012-${checkId}-${resourceUid}`,
    scanId: 'scan-0001',
    check: {
      id: checkId,
      provider: 'aws',
      service: 'iam',
      requires: ['iam'],
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
    accountId: '123456789012',
    region: 'global',
    resource: { uid: resourceUid, type: 'AwsIamUser', name: resourceUid.split('/').pop() ?? resourceUid, region: 'global' },
    ...(status === 'ERROR' ? { error: { api: 'iam:GetCredentialReport', code: 'AccessDenied', message: 'not authorized' } } : {}),
    ...(options.muted ? { muted: { reason: 'break-glass user, reviewed quarterly', rule: '123456789012/aws/users-mfa' } } : {}),
    time: '2025-01-01T00:00:00.000Z',
    compliance: [],
  };
}

function reportFor(findings: readonly Finding[]) {
  const accumulator = new ComplianceAccumulator(TEST_FRAMEWORK);
  for (const item of findings) accumulator.add(item);
  const report = accumulator.report();
  const byId = (id: string) => report.requirements.find((entry) => entry.id === id);
  return { report, byId };
}

describe('ComplianceAccumulator', () => {
  it('passes an automated requirement whose findings all pass', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE), finding(check('root-mfa'), 'PASS', ACCOUNT), finding(check('password-length'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({
      status: 'PASS',
      reason: 'passed',
      findings: [
        { checkId: 'aws/root-mfa', status: 'PASS', resourceUid: ACCOUNT, muted: false },
        { checkId: 'aws/users-mfa', status: 'PASS', resourceUid: USER_ALICE, muted: false },
      ],
    });
    expect(byId('1.3')).toMatchObject({ status: 'PASS', findings: [{ checkId: 'aws/password-length', status: 'PASS', resourceUid: ACCOUNT }] });
  });

  it('fails an automated requirement when one unmuted finding of any of its checks fails', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE), finding(check('users-mfa'), 'FAIL', USER_BOB), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'failed' });
    expect(byId('1.1')?.findings).toContainEqual({ checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: false });
    // The same check feeds 2.1 too, so that requirement fails on the same finding.
    expect(byId('2.1')).toMatchObject({ status: 'FAIL', findings: expect.arrayContaining([{ checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: false }]) });
  });

  it('does not fail a requirement on a muted FAIL, but still lists it as muted', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'FAIL', USER_BOB, { muted: true }), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({
      status: 'PASS',
      findings: [
        { checkId: 'aws/root-mfa', status: 'PASS', resourceUid: ACCOUNT, muted: false },
        { checkId: 'aws/users-mfa', status: 'FAIL', resourceUid: USER_BOB, muted: true },
      ],
    });
  });

  it('fails closed on an unmuted ERROR and keeps ERROR on the finding entry', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'ERROR', ACCOUNT), finding(check('root-mfa'), 'PASS', ACCOUNT)]);
    expect(byId('1.1')).toMatchObject({ status: 'FAIL', reason: 'error' });
    expect(byId('1.1')?.findings).toContainEqual({ checkId: 'aws/users-mfa', status: 'ERROR', resourceUid: ACCOUNT, muted: false });
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
    const { byId } = reportFor([finding(check('password-length'), 'MANUAL', ACCOUNT)]);
    expect(byId('1.3')).toMatchObject({ status: 'MANUAL', reason: 'needs-review', findings: [{ checkId: 'aws/password-length', status: 'MANUAL', resourceUid: ACCOUNT, muted: false }] });
  });

  it('reports a manual requirement as MANUAL whatever its findings, listing them as evidence', () => {
    const { byId } = reportFor([finding(check('contacts'), 'FAIL', ACCOUNT)]);
    expect(byId('1.2')).toMatchObject({ status: 'MANUAL', reason: 'manual-assessment', findings: [{ checkId: 'aws/contacts', status: 'FAIL', resourceUid: ACCOUNT, muted: false }] });
    expect(byId('3.1')).toMatchObject({ status: 'MANUAL', reason: 'manual-assessment', findings: [] });
  });

  it('fails an automated requirement none of whose checks reported anything, as not evaluated', () => {
    const { byId } = reportFor([finding(check('users-mfa'), 'PASS', USER_ALICE)]);
    expect(byId('1.3')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated', checks: ['aws/password-length'], findings: [] });
  });

  it('ignores findings of checks outside the framework', () => {
    const { report } = reportFor([finding('aws/not-in-framework', 'FAIL', BUCKET)]);
    expect(report.requirements.flatMap((entry) => entry.findings)).toEqual([]);
  });

  it('counts a finding delivered twice once', () => {
    const twice = finding(check('password-length'), 'PASS', ACCOUNT);
    const { byId } = reportFor([twice, twice]);
    expect(byId('1.3')?.findings).toHaveLength(1);
  });

  it('scores each section as passed automated requirements over automated requirements', () => {
    const { report } = reportFor([
      finding(check('users-mfa'), 'PASS', USER_ALICE),
      finding(check('root-mfa'), 'PASS', ACCOUNT),
      finding(check('password-length'), 'FAIL', ACCOUNT),
      finding(check('bucket-encryption'), 'PASS', BUCKET),
      finding(check('contacts'), 'FAIL', ACCOUNT),
    ]);
    expect(report.framework).toBe('test-framework');
    expect(report.sections).toEqual([
      { section: '1 Identity', automated: 2, passed: 1, score: 0.5 },
      { section: '2 Storage', automated: 1, passed: 1, score: 1 },
      { section: '3 Review', automated: 0, passed: 0, score: null },
    ]);
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
      findings: [{ checkId: 'aws/iam-password-policy-minimum-length-14', status: 'PASS', resourceUid: ACCOUNT, muted: false }],
    });
    expect(report.requirements.find((entry) => entry.id === '1.4')).toMatchObject({ status: 'FAIL', reason: 'not-evaluated' });
    expect(report.requirements.find((entry) => entry.id === '1.1')).toMatchObject({ status: 'MANUAL' });
    expect(report.requirements.find((entry) => entry.id === '2.1.1')).toMatchObject({ subsection: '2.1 Simple Storage Service (S3)' });
  });
});
