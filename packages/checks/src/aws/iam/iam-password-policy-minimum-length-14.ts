import { defineCheck } from '@palisade/core';
import { judgePasswordPolicy } from '../lib/password-policy.ts';

export default defineCheck({
  id: 'aws/iam-password-policy-minimum-length-14',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'IAM password policy requires a minimum length of 14 or more',
  description:
    'Checks that the account password policy requires IAM user passwords of at least the configured length (14 by default, `minPasswordLength`).',
  risk: 'Short passwords are easier to guess or brute-force, exposing console access to the account.',
  remediation: {
    summary: 'Set the account password policy minimum length to 14 or more characters.',
    cli: 'aws iam update-account-password-policy --minimum-password-length 14',
    terraform: 'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length = 14\n}',
    console: 'IAM console → Account settings → Password policy → Edit → Enforce minimum password length: 14.',
  },
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config }) =>
    judgePasswordPolicy(account, 'AWS defaults (minimum length 8) apply', (policy) =>
      policy.minimumPasswordLength >= config.minPasswordLength
        ? { ok: true, message: `The password policy requires at least ${policy.minimumPasswordLength} characters.` }
        : { ok: false, message: `The password policy requires only ${policy.minimumPasswordLength} characters; at least ${config.minPasswordLength} are required.` },
    ),
});
