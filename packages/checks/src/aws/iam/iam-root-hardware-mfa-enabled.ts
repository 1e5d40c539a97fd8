import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, accountRootArn, withGlobal } from '@palisade/core/aws';
import { allFetched } from '../lib/fetched-all.ts';

export default defineCheck({
  id: 'aws/iam-root-hardware-mfa-enabled',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'Hardware MFA is enabled for the root user',
  description:
    'Checks that the root user has MFA (`AccountMFAEnabled` of GetAccountSummary) and that no virtual MFA device is assigned to it: neither `arn:<partition>:iam::<account>:mfa/root-account-mfa-device` nor any virtual device whose user is the root ARN (CIS AWS Foundations 1.6).',
  risk: 'A virtual MFA lives on a phone or computer that can be lost, backed up to the cloud, cloned or compromised by malware. A hardware device (FIDO security key or TOTP token) has a much smaller attack surface for the most privileged identity of the account.',
  remediation: {
    summary: 'Replace the root user\'s virtual MFA device with a FIDO security key or hardware TOTP token, then remove the virtual device.',
    cli: '# Find virtual MFA devices assigned to the root user:\naws iam list-virtual-mfa-devices --assignment-status Assigned --query "VirtualMFADevices[?User.Arn==\'arn:aws:iam::<account-id>:root\'].SerialNumber"',
    terraform: '# In the organization management account: centralized root access removes root credentials from member accounts.\nresource "aws_iam_organizations_features" "root_access" {\n  enabled_features = ["RootCredentialsManagement", "RootSessions"]\n}',
    console:
      'Sign in as the root user → account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → Passkey or security key (or Hardware TOTP token) → complete registration → then Remove the virtual (authenticator app) device.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) => {
      const root = accountResource(account);
      const rootArn = accountRootArn(account.partition, account.accountId);
      const legacyRootSerial = `arn:${account.partition}:iam::${account.accountId}:mfa/root-account-mfa-device`;
      return fromFetched(allFetched({ summary: iam.accountSummary, devices: iam.virtualMfaDevices }), root, ({ summary, devices }) => {
        if (summary['AccountMFAEnabled'] !== 1) return [fail(root, 'MFA is not enabled for the root user, so it has no hardware MFA either.')];
        const virtual = devices.filter((device) => device.userArn === rootArn || device.serialNumber === legacyRootSerial);
        return virtual.length === 0
          ? [pass(root, 'The root user has MFA and no virtual MFA device, so its MFA is a hardware device.')]
          : [fail(root, `The root user uses a virtual MFA device (${virtual.map((device) => device.serialNumber).join(', ')}) instead of a hardware device.`)];
      });
    }),
});
