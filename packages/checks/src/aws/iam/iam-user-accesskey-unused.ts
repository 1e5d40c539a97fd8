import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { daysSince } from '../lib/dates.ts';
import { activeAccessKeys, eachUserCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-user-accesskey-unused',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM user access keys unused for 45 days or more are disabled',
  description:
    'Checks every active access key in the credential report and fails a user when any of them has not been used for the configured number of days or more (45 by default, `maxUnusedCredentialDays`). A key never used counts from its creation (`access_key_N_last_rotated`), or else from the user\'s creation (CIS AWS Foundations 1.12). Users without active access keys are not evaluated.',
  risk: 'An access key nobody uses is a long-lived secret with no owner watching it; if it leaks from an old laptop, repository or CI system, it still works.',
  remediation: {
    summary: 'Deactivate, then delete, access keys that have not been used for 45 days or more.',
    cli: 'aws iam update-access-key --user-name <user-name> --access-key-id <access-key-id> --status Inactive\naws iam delete-access-key --user-name <user-name> --access-key-id <access-key-id>',
    terraform: '# Remove the aws_iam_access_key resource from the configuration (or set status = "Inactive" first):\nresource "aws_iam_access_key" "<name>" {\n  user   = aws_iam_user.<user-name>.name\n  status = "Inactive"\n}',
    console: 'IAM console → Users → <user> → Security credentials → Access keys → check "Last used" → Actions → Deactivate, then Delete.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config, now }) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        const active = activeAccessKeys(row);
        if (active.length === 0) return undefined;
        const limit = config.maxUnusedCredentialDays;
        const idle = active.map(({ slot, key }) => {
          const since = key.lastUsedDate ?? key.lastRotated ?? row.userCreationTime;
          return { slot, days: daysSince(since, now), neverUsed: key.lastUsedDate === null };
        });
        const stale = idle.filter((entry) => entry.days >= limit);
        if (stale.length === 0) return pass(user, `Every active access key of user ${row.user} was used in the last ${limit} days.`);
        const detail = stale
          .map((entry) => `key ${entry.slot} ${entry.neverUsed ? `never used, created ${entry.days} days ago` : `last used ${entry.days} days ago`}`)
          .join('; ');
        return fail(user, `User ${row.user} has active access key(s) unused for ${limit} days or more: ${detail}.`);
      }),
    ),
});
