/** A compliance report fixture shared by the compliance output tests: two accounts, one failing. */
import type { ComplianceReport, FindingCounts } from '@palisade/compliance';

export const PROD = '111111111111';
export const DEV = '222222222222';
export const ROOT_ARN = `arn:aws:iam::${DEV}:root`;
export const BOB_ARN = `arn:aws:iam::${DEV}:user/bob`;
export const ALICE_ARN = `arn:aws:iam::${PROD}:user/alice`;

const counts = (values: Partial<FindingCounts>): FindingCounts => ({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0, ...values });
const none = counts({});

export const REPORT: ComplianceReport = {
  framework: 'cis-aws-3.0',
  name: 'CIS Amazon Web Services Foundations Benchmark',
  version: '3.0.0',
  accounts: [
    {
      accountId: DEV,
      accountName: 'dev',
      evaluated: 2,
      passed: 0,
      failed: 2,
      notEvaluated: 1,
      manual: 1,
      requirementScore: 0,
      findings: counts({ FAIL: 1, MANUAL: 1, ERROR: 1 }),
      findingScore: 0,
    },
    {
      accountId: PROD,
      accountName: 'prod',
      evaluated: 1,
      passed: 1,
      failed: 0,
      notEvaluated: 2,
      manual: 1,
      requirementScore: 1,
      findings: counts({ PASS: 1 }),
      findingScore: 1,
    },
  ],
  requirements: [
    {
      id: '1.1',
      title: 'Maintain current contact details',
      section: '1 Identity and Access Management',
      level: 'Level 1',
      assessment: 'manual',
      status: 'MANUAL',
      reason: 'manual-assessment',
      checks: ['aws/account-maintain-current-contact-details'],
      counts: counts({ MANUAL: 1 }),
      accounts: [
        { accountId: PROD, status: 'MANUAL', reason: 'manual-assessment', counts: none, evidence: [], evidenceOmitted: 0 },
        {
          accountId: DEV,
          status: 'MANUAL',
          reason: 'manual-assessment',
          counts: counts({ MANUAL: 1 }),
          evidence: [{ checkId: 'aws/account-maintain-current-contact-details', status: 'MANUAL', resourceUid: ROOT_ARN, muted: false }],
          evidenceOmitted: 0,
        },
      ],
    },
    {
      id: '1.10',
      title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
      section: '1 Identity and Access Management',
      level: 'Level 1',
      assessment: 'automated',
      status: 'FAIL',
      reason: 'failed',
      checks: ['aws/iam-user-mfa-enabled-console-access'],
      counts: counts({ PASS: 1, FAIL: 1 }),
      accounts: [
        {
          accountId: PROD,
          status: 'PASS',
          reason: 'passed',
          counts: counts({ PASS: 1 }),
          evidence: [{ checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'PASS', resourceUid: ALICE_ARN, muted: false }],
          evidenceOmitted: 0,
        },
        {
          accountId: DEV,
          status: 'FAIL',
          reason: 'failed',
          counts: counts({ FAIL: 1 }),
          evidence: [{ checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'FAIL', resourceUid: BOB_ARN, muted: false }],
          evidenceOmitted: 0,
        },
      ],
    },
    {
      id: '1.16',
      title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
      section: '1 Identity and Access Management',
      level: 'Level 1',
      assessment: 'automated',
      status: 'FAIL',
      reason: 'error',
      checks: ['aws/iam-inline-policy-no-administrative-privileges'],
      counts: counts({ ERROR: 1 }),
      accounts: [
        { accountId: PROD, status: 'FAIL', reason: 'not-evaluated', counts: none, evidence: [], evidenceOmitted: 0 },
        {
          accountId: DEV,
          status: 'FAIL',
          reason: 'error',
          counts: counts({ ERROR: 1 }),
          evidence: [{ checkId: 'aws/iam-inline-policy-no-administrative-privileges', status: 'ERROR', resourceUid: ROOT_ARN, muted: false }],
          evidenceOmitted: 0,
        },
      ],
    },
    {
      id: '2.1.4',
      title: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
      section: '2 Storage',
      subsection: '2.1 Simple Storage Service (S3)',
      level: 'Level 1',
      assessment: 'automated',
      status: 'FAIL',
      reason: 'not-evaluated',
      checks: ['aws/s3-bucket-level-public-access-block', 'aws/s3-account-level-public-access-blocks'],
      counts: none,
      accounts: [
        { accountId: PROD, status: 'FAIL', reason: 'not-evaluated', counts: none, evidence: [], evidenceOmitted: 0 },
        { accountId: DEV, status: 'FAIL', reason: 'not-evaluated', counts: none, evidence: [], evidenceOmitted: 0 },
      ],
    },
  ],
  sections: [
    {
      section: '1 Identity and Access Management',
      automated: 2,
      passed: 0,
      score: 0,
      evaluated: 3,
      passedResults: 1,
      resultScore: 1 / 3,
      accounts: [
        { accountId: DEV, evaluated: 2, passed: 0, score: 0 },
        { accountId: PROD, evaluated: 1, passed: 1, score: 1 },
      ],
    },
    {
      section: '2 Storage',
      automated: 1,
      passed: 0,
      score: 0,
      evaluated: 0,
      passedResults: 0,
      resultScore: null,
      accounts: [
        { accountId: DEV, evaluated: 0, passed: 0, score: null },
        { accountId: PROD, evaluated: 0, passed: 0, score: null },
      ],
    },
  ],
};
