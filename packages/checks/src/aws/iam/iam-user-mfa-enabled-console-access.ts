import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { eachUserCredentialRow, hasConsolePassword } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-mfa-enabled-console-access',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'high',
  title: 'IAM users with a console password have MFA enabled',
  description:
    'Checks every IAM user in the credential report that has a console password (`password_enabled`) and fails when the user has no active MFA device (`mfa_active`) (CIS AWS Foundations 1.10). Users without a console password are not evaluated.',
  risk: 'A console user protected only by a password can be taken over through phishing, password reuse or brute force, giving the attacker every permission the user holds.',
  remediation: {
    summary: 'Register an MFA device for every IAM user who signs in to the console, and deny actions to sessions without MFA until they do.',
    cli: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name <user-name> --outfile /tmp/<user-name>-qr.png --bootstrap-method QRCodePNG\naws iam enable-mfa-device --user-name <user-name> --serial-number arn:aws:iam::<account-id>:mfa/<user-name> --authentication-code1 <code-1> --authentication-code2 <code-2>',
    terraform:
      '# MFA devices are registered by the user; enforce MFA with a policy on their group:\nresource "aws_iam_group_policy" "require_mfa" {\n  name  = "require-mfa"\n  group = aws_iam_group.console_users.name\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid       = "DenyAllExceptMfaSetupWithoutMfa"\n      Effect    = "Deny"\n      NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]\n      Resource  = "*"\n      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }\n    }]\n  })\n}',
    console: 'IAM console → Users → <user> → Security credentials → Multi-factor authentication (MFA) → Assign MFA device → follow the prompts.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        if (!hasConsolePassword(row)) return undefined;
        return row.mfaActive
          ? pass(user, `User ${row.user} has a console password and MFA enabled.`)
          : fail(user, `User ${row.user} has a console password but no MFA device.`);
      }),
    ),
});
