import { defineCheck } from '@palisade/core';
import { judgePasswordPolicy } from '../lib/password-policy.ts';

export default defineCheck({
  id: 'aws/iam-password-policy-expires-passwords-within-90-days-or-less',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'IAM password policy expires passwords within 90 days or less',
  description:
    'Checks that the account password policy makes IAM user passwords expire after at most the configured number of days (90 by default, `maxPasswordAgeDays`). CIS AWS Foundations v3.0 no longer requires expiry, and NIST SP 800-63B advises against forced periodic changes; keep this check where your own policy or another framework demands rotation.',
  risk: 'A password that never expires stays valid indefinitely after it has been exposed, unless the exposure is noticed.',
  remediation: {
    summary: 'Enable password expiration with a maximum password age of 90 days or less.',
    cli: 'aws iam update-account-password-policy --max-password-age 90 --minimum-password-length 14\n# update-account-password-policy replaces the whole policy: pass every setting you want to keep.',
    terraform: 'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length = 14\n  max_password_age        = 90\n}',
    console: 'IAM console → Account settings → Password policy → Edit → Turn on password expiration: 90 days → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
    'https://pages.nist.gov/800-63-3/sp800-63b.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config }) =>
    judgePasswordPolicy(account, 'passwords never expire', (policy) => {
      if (!policy.expirePasswords || policy.maxPasswordAge === undefined) return { ok: false, message: 'The password policy does not expire passwords.' };
      return policy.maxPasswordAge <= config.maxPasswordAgeDays
        ? { ok: true, message: `The password policy expires passwords after ${policy.maxPasswordAge} days.` }
        : { ok: false, message: `The password policy expires passwords after ${policy.maxPasswordAge} days; at most ${config.maxPasswordAgeDays} are allowed.` };
    }),
});
