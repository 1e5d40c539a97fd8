import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { activeAccessKeys, eachUserCredentialRow, hasConsolePassword } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-no-setup-initial-access-key',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM users with a console password have no unused access keys from initial setup',
  description:
    'Checks every IAM user in the credential report that has a console password and fails when any of the user\'s active access keys has never been used (`access_key_N_last_used_date` is N/A), the sign of a key created by default at user setup (CIS AWS Foundations 1.11). Users without a console password are not evaluated.',
  risk: 'Access keys created "just in case" at user setup are long-lived credentials nobody needs or watches; they widen the attack surface and are easily leaked or forgotten.',
  remediation: {
    summary: 'Delete access keys that have never been used, and create keys only when a user actually needs programmatic access.',
    cli: 'aws iam list-access-keys --user-name <user-name>\naws iam delete-access-key --user-name <user-name> --access-key-id <access-key-id>',
    terraform: '# Remove the aws_iam_access_key resource of this user from the configuration; terraform apply then deletes the key.',
    console: 'IAM console → Users → <user> → Security credentials → Access keys → for each key with "Last used: Never" choose Actions → Deactivate, then Delete.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        if (!hasConsolePassword(row)) return undefined;
        const active = activeAccessKeys(row);
        if (active.length === 0) return pass(user, `User ${row.user} has a console password and no active access keys.`);
        const neverUsed = active.filter((entry) => entry.key.lastUsedDate === null);
        return neverUsed.length === 0
          ? pass(user, `Every active access key of user ${row.user} has been used.`)
          : fail(
              user,
              `User ${row.user} has a console password and active access key(s) that were never used (credential report slot ${neverUsed.map((entry) => entry.slot).join(' and ')}).`,
            );
      }),
    ),
});
