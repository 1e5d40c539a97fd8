/** A compliance report fixture shared by the compliance output tests. */
import type { ComplianceReport } from '@palisade/compliance';

export const ROOT_ARN = 'arn:aws:iam::123456789012:root';
export const BOB_ARN = 'arn:aws:iam::123456789012:user/bob';
export const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice';

export const REPORT: ComplianceReport = {
  framework: 'cis-aws-3.0',
  name: 'CIS Amazon Web Services Foundations Benchmark',
  version: '3.0.0',
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
      findings: [{ checkId: 'aws/account-maintain-current-contact-details', status: 'MANUAL', resourceUid: ROOT_ARN, muted: false }],
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
      findings: [
        { checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'PASS', resourceUid: ALICE_ARN, muted: false },
        { checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'FAIL', resourceUid: BOB_ARN, muted: false },
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
      findings: [{ checkId: 'aws/iam-inline-policy-no-administrative-privileges', status: 'ERROR', resourceUid: ROOT_ARN, muted: false }],
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
      findings: [],
    },
  ],
  sections: [
    { section: '1 Identity and Access Management', automated: 2, passed: 0, score: 0 },
    { section: '2 Storage', automated: 1, passed: 0, score: 0 },
  ],
};
