import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { activeAccessKeys, eachUserCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-two-active-access-key',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM users have at most one active access key',
  description:
    'Checks the credential report and fails every IAM user with more than one active access key (CIS AWS Foundations 1.13). Users without active access keys are not evaluated.',
  risk: 'A second active key is usually a rotation that was never finished: the old key keeps working, doubling the long-lived secrets that can leak and making it unclear which one is in use.',
  remediation: {
    summary: 'Keep one active access key per user: move every consumer to the newer key, then deactivate and delete the other.',
    cli: 'aws iam list-access-keys --user-name <user-name>\naws iam update-access-key --user-name <user-name> --access-key-id <older-access-key-id> --status Inactive\naws iam delete-access-key --user-name <user-name> --access-key-id <older-access-key-id>',
    terraform: '# Keep a single aws_iam_access_key resource per user; remove the other from the configuration so terraform apply deletes it.',
    console: 'IAM console → Users → <user> → Security credentials → Access keys → for the key no longer needed choose Actions → Deactivate, then Delete.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        const active = activeAccessKeys(row);
        if (active.length === 0) return undefined;
        return active.length === 1
          ? pass(user, `User ${row.user} has one active access key.`)
          : fail(user, `User ${row.user} has ${active.length} active access keys.`);
      }),
    ),
});
