import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { withRootCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-root-mfa-enabled',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'critical',
  title: 'MFA is enabled for the root user',
  description:
    'Checks the `mfa_active` column of the `<root_account>` row of the IAM credential report (CIS AWS Foundations 1.5). Member accounts whose root credentials were removed through centralized root access also report no MFA; mute the check for them.',
  risk: 'Without MFA, anyone who obtains the root password (phishing, reuse, a compromised mailbox used for password reset) gains complete and unrestricted control of the account, including closing it and changing its contacts.',
  remediation: {
    summary: 'Register an MFA device (preferably a FIDO security key or hardware TOTP token) for the root user.',
    cli: "# MFA for the root user can be assigned only in the console; verify the result with:\naws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'",
    terraform: '# In the organization management account: centralized root access removes root credentials from member accounts.\nresource "aws_iam_organizations_features" "root_access" {\n  enabled_features = ["RootCredentialsManagement", "RootSessions"]\n}',
    console:
      'Sign in as the root user → account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → choose Passkey or security key, Authenticator app, or Hardware TOTP token and follow the prompts.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      withRootCredentialRow(account, iam, (row, root) =>
        row.mfaActive
          ? [pass(root, 'MFA is enabled for the root user.')]
          : [fail(root, 'MFA is not enabled for the root user.')],
      ),
    ),
});
