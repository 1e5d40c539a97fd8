import { defineCheck } from '@palisade/core';
import { judgePasswordPolicy, requiredFlag } from '../lib/password-policy.ts';

export default defineCheck({
  id: 'aws/iam-password-policy-uppercase',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'IAM password policy requires at least one uppercase letter',
  description: 'Checks that the account password policy requires IAM user passwords to contain at least one uppercase letter (A–Z).',
  risk: 'Passwords drawn from a smaller character set are faster to guess or brute-force, weakening console access to the account.',
  remediation: {
    summary: 'Require at least one uppercase letter in the account password policy.',
    cli: 'aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters\n# update-account-password-policy replaces the whole policy: pass every setting you want to keep.',
    terraform: 'resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length = 14\n  require_uppercase_characters = true\n}',
    console: 'IAM console → Account settings → Password policy → Edit → Password strength: Require at least one uppercase letter from the Latin alphabet (A–Z) → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    judgePasswordPolicy(account, 'passwords need not contain an uppercase letter', (policy) => requiredFlag(policy.requireUppercaseCharacters, 'at least one uppercase letter')),
});
