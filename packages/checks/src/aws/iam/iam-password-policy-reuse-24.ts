import { defineCheck } from '@palisade/core';
import { judgePasswordPolicy } from '../lib/password-policy.ts';

export default defineCheck({
  id: 'aws/iam-password-policy-reuse-24',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'IAM password policy prevents reuse of the last 24 passwords',
  description:
    'Checks that the account password policy remembers at least the configured number of previous passwords (24 by default, `minPasswordReusePrevention`) (CIS AWS Foundations 1.9).',
  risk: 'When users may cycle back to earlier passwords, a password that was exposed in the past (breach, phishing, shared notes) becomes valid again.',
  remediation: {
    summary: 'Set the password policy to prevent reuse of the last 24 passwords.',
    cli: 'aws iam update-account-password-policy --password-reuse-prevention 24 --minimum-password-length 14\n# update-account-password-policy replaces the whole policy: pass every setting you want to keep.',
    terraform: 'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length   = 14\n  password_reuse_prevention = 24\n}',
    console: 'IAM console → Account settings → Password policy → Edit → Prevent password reuse: remember 24 passwords → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config }) =>
    judgePasswordPolicy(account, 'password reuse is not prevented', (policy) => {
      const remembered = policy.passwordReusePrevention ?? 0;
      if (remembered === 0) return { ok: false, message: 'The password policy does not prevent password reuse.' };
      return remembered >= config.minPasswordReusePrevention
        ? { ok: true, message: `The password policy prevents reuse of the last ${remembered} passwords.` }
        : { ok: false, message: `The password policy prevents reuse of only the last ${remembered} passwords; at least ${config.minPasswordReusePrevention} are required.` };
    }),
});
