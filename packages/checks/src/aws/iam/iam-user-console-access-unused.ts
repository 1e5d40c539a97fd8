import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { daysSince, formatDay } from '../lib/dates.ts';
import { eachUserCredentialRow, hasConsolePassword } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-console-access-unused',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM user console passwords unused for 45 days or more are disabled',
  description:
    'Checks every IAM user in the credential report that has a console password and fails when the password has not been used for the configured number of days or more (45 by default, `maxUnusedCredentialDays`). A password never used counts from when it was last set, or else from the user\'s creation (CIS AWS Foundations 1.12). Users without a console password are not evaluated.',
  risk: 'A console password nobody uses belongs to someone who has left or changed role; it stays valid and unwatched, so a guessed or leaked password goes unnoticed.',
  remediation: {
    summary: 'Remove the console password (login profile) of users who have not signed in for 45 days or more.',
    cli: 'aws iam delete-login-profile --user-name <user-name>',
    terraform: '# Remove the aws_iam_user_login_profile resource of this user from the configuration; terraform apply then deletes the console password.',
    console: 'IAM console → Users → <user> → Security credentials → Console sign-in → Manage console access → Disable → Apply.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config, now }) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        if (!hasConsolePassword(row)) return undefined;
        const limit = config.maxUnusedCredentialDays;
        if (row.passwordLastUsed === null) {
          const since = row.passwordLastChanged ?? row.userCreationTime;
          const idle = daysSince(since, now);
          return idle >= limit
            ? fail(user, `User ${row.user} has never used the console password set on ${formatDay(since)} (${idle} days ago; limit ${limit}).`)
            : pass(user, `User ${row.user} has not used the console password yet; it was set ${idle} days ago (limit ${limit}).`);
        }
        const idle = daysSince(row.passwordLastUsed, now);
        return idle >= limit
          ? fail(user, `User ${row.user} last signed in to the console ${idle} days ago, on ${formatDay(row.passwordLastUsed)} (limit ${limit}).`)
          : pass(user, `User ${row.user} last signed in to the console ${idle} days ago (limit ${limit}).`);
      }),
    ),
});
