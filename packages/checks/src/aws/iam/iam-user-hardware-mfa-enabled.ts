import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { allFetched } from '../lib/fetched-all.ts';
import { hasConsolePassword, iamUserResource, isRootRow, userTagsByArn } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-hardware-mfa-enabled',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM users use hardware MFA devices',
  description:
    'Checks IAM users that have a console password or an MFA device (credential report) and fails a user with no MFA device or with a virtual MFA device assigned (ListVirtualMFADevices). FIDO security keys and hardware TOTP tokens pass. Users with neither a console password nor MFA are not evaluated.',
  risk: 'A virtual MFA lives on a phone or computer that can be lost, backed up to the cloud, cloned or compromised by malware; codes from an authenticator app can also be phished. FIDO security keys resist phishing and hardware tokens cannot be copied.',
  remediation: {
    summary: 'Give users a FIDO security key (or hardware TOTP token) as MFA, then deactivate and delete their virtual MFA devices.',
    cli: 'aws iam list-virtual-mfa-devices --assignment-status Assigned\naws iam deactivate-mfa-device --user-name <user-name> --serial-number <virtual-device-serial-arn>\naws iam delete-virtual-mfa-device --serial-number <virtual-device-serial-arn>',
    terraform: '# Each user enrolls their own FIDO security key or hardware token; Terraform cannot. Once they have, remove the aws_iam_virtual_mfa_device resources assigned to them.',
    console:
      'IAM console → Users → <user> → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → Passkey or security key (or Hardware TOTP token); then Remove the authenticator app device.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) => {
      const tags = userTagsByArn(iam.users);
      return fromFetched(allFetched({ rows: iam.credentialReport, devices: iam.virtualMfaDevices }), accountResource(account), ({ rows, devices }) =>
        rows.flatMap((row) => {
          if (isRootRow(row) || (!hasConsolePassword(row) && !row.mfaActive)) return [];
          const user = iamUserResource(row.arn, row.user, tags.get(row.arn));
          const virtual = devices.filter((device) => device.userArn === row.arn).map((device) => device.serialNumber);
          if (virtual.length > 0) return [fail(user, `User ${row.user} has a virtual MFA device (${virtual.join(', ')}).`)];
          if (!row.mfaActive) return [fail(user, `User ${row.user} has a console password but no MFA device at all.`)];
          return [pass(user, `User ${row.user} uses only hardware MFA devices (FIDO security key or hardware TOTP token).`)];
        }),
      );
    }),
});
