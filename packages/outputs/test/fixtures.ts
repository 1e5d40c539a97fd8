/** Typed finding factories for the output writer tests; no dependency on the real checks. */
import type { Finding, FindingCheck } from '@palisade/core';
import type { ScanInfo } from '../src/writer.ts';

export const SCAN: ScanInfo = { scanId: '5f0c3c1e-8c0a-4c55-9a51-0d6c1c1f2a10', startedAt: '2025-03-01T10:00:00.000Z', productVersion: '0.1.0-test' };

export const ACCOUNT_ID = '123456789012';

export const IAM_CHECK: FindingCheck = {
  id: 'aws/iam-user-mfa-enabled-console-access',
  provider: 'aws',
  service: 'iam',
  resourceType: 'AwsIamUser',
  severity: 'high',
  title: 'IAM users with console access have MFA enabled',
  description: 'Every IAM user with a console password has a multi-factor authentication device.',
  risk: 'A stolen password alone gives console access to the account.',
  remediation: {
    summary: 'Enable a virtual or hardware MFA device for each console user.',
    cli: 'aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code1> --authentication-code2 <code2>',
    terraform: 'resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "user"\n}',
    console: 'IAM > Users > <user> > Security credentials > Assign MFA device',
  },
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html'],
  categories: ['identity-and-access', 'credentials'],
};

export const EC2_CHECK: FindingCheck = {
  id: 'aws/ec2-instance-imdsv2-required',
  provider: 'aws',
  service: 'ec2',
  resourceType: 'AwsEc2Instance',
  severity: 'medium',
  title: 'EC2 instances require IMDSv2',
  description: 'Instance metadata requires session tokens (IMDSv2).',
  risk: 'IMDSv1 lets a server-side request forgery read the instance role credentials.',
  remediation: {
    summary: 'Set HttpTokens to required on each instance.',
    cli: 'aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required',
  },
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html'],
  categories: ['network', 'credentials'],
};

export const ACCOUNT_CHECK: FindingCheck = {
  id: 'aws/account-security-contact-registered',
  provider: 'aws',
  service: 'account',
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'A security contact is registered for the account',
  description: 'The account has a security alternate contact.',
  risk: 'AWS security notifications may not reach the people who can act on them.',
  remediation: { summary: 'Register a security alternate contact.' },
  references: [],
  categories: ['governance'],
};

export const CLOUDTRAIL_CHECK: FindingCheck = {
  id: 'aws/cloudtrail-multi-region-enabled',
  provider: 'aws',
  service: 'cloudtrail',
  resourceType: 'AwsCloudTrailTrail',
  severity: 'critical',
  title: 'A multi-region CloudTrail trail is logging',
  description: 'At least one multi-region trail records management events.',
  risk: 'Without a trail, API activity cannot be investigated.',
  remediation: { summary: 'Create a multi-region trail.', cli: 'aws cloudtrail create-trail --name main --s3-bucket-name <bucket> --is-multi-region-trail' },
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html'],
  categories: ['logging'],
};

export function finding(overrides: Partial<Finding> & Pick<Finding, 'check' | 'status' | 'resource'>): Finding {
  const { check, resource } = overrides;
  return {
    uid: `palisade-aws-${ACCOUNT_ID}-${check.id.replace('aws/', '')}-${resource.name}`,
    scanId: SCAN.scanId,
    message: `${check.title}: ${overrides.status}`,
    severity: check.severity,
    provider: 'aws',
    partition: 'aws',
    accountId: ACCOUNT_ID,
    accountName: 'production',
    region: resource.region,
    time: '2025-03-01T10:05:00.000Z',
    compliance: ['cis-aws-3.0:1.10', 'iso27001-2022:A.8.5'],
    ...overrides,
  };
}

const iamUser = (name: string) => ({ uid: `arn:aws:iam::${ACCOUNT_ID}:user/${name}`, type: 'AwsIamUser', name, region: 'global' });
const instance = (id: string, region: string, tags?: Record<string, string>) => ({
  uid: `arn:aws:ec2:${region}:${ACCOUNT_ID}:instance/${id}`,
  type: 'AwsEc2Instance',
  name: id,
  region,
  ...(tags ? { tags } : {}),
});

/** One of each kind of result the writers must handle. */
export function realisticFindings(): Finding[] {
  return [
    finding({ check: IAM_CHECK, status: 'PASS', resource: iamUser('alice'), message: 'User alice has an MFA device.' }),
    finding({ check: IAM_CHECK, status: 'FAIL', resource: iamUser('bob'), message: 'User bob has a console password and no MFA device.' }),
    finding({
      check: IAM_CHECK,
      status: 'FAIL',
      resource: iamUser('break-glass'),
      message: 'User break-glass has a console password and no MFA device.',
      muted: { reason: 'Break-glass user; MFA token is in the safe', rule: `${ACCOUNT_ID}/aws/iam-user-mfa-enabled-console-access`, expires: '2026-01-01' },
    }),
    finding({
      check: EC2_CHECK,
      status: 'FAIL',
      resource: instance('i-0abc1234def567890', 'eu-west-1', { Name: 'web-1', env: 'prod', 'cost=center': 'a;b' }),
      region: 'eu-west-1',
      message: 'Instance i-0abc1234def567890 allows IMDSv1 (HttpTokens optional).',
      organization: { organizationId: 'o-a1b2c3d4e5', accountName: 'production', ouPath: 'Root/Workloads/Prod', tags: { owner: 'platform' } },
    }),
    finding({
      check: ACCOUNT_CHECK,
      status: 'MANUAL',
      resource: { uid: `arn:aws:iam::${ACCOUNT_ID}:root`, type: 'AwsAccount', name: 'production', region: 'global' },
      message: 'Confirm the security contact in the account settings.',
      compliance: [],
    }),
    finding({
      check: CLOUDTRAIL_CHECK,
      status: 'ERROR',
      resource: { uid: `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/*`, type: 'AwsCloudTrailTrail', name: 'cloudtrail us-east-1', region: 'us-east-1' },
      region: 'us-east-1',
      message: 'cloudtrail:DescribeTrails failed with AccessDeniedException: User is not authorized',
      error: {
        api: 'cloudtrail:DescribeTrails',
        code: 'AccessDeniedException',
        message: 'User is not authorized',
        region: 'us-east-1',
        httpStatus: 400,
      },
    }),
  ];
}

/** `count` synthetic FAIL/PASS findings over a few checks, for volume tests. */
export function manyFindings(count: number, offset = 0): Finding[] {
  const checks = [IAM_CHECK, EC2_CHECK, ACCOUNT_CHECK, CLOUDTRAIL_CHECK];
  return Array.from({ length: count }, (_, index) => {
    const n = offset + index;
    const check = checks[n % checks.length]!;
    return finding({
      check,
      status: n % 3 === 0 ? 'PASS' : 'FAIL',
      resource: instance(`i-${n.toString(16).padStart(17, '0')}`, n % 2 ? 'eu-west-1' : 'us-east-1', { index: String(n) }),
      message: `Synthetic result ${n}`,
    });
  });
}
