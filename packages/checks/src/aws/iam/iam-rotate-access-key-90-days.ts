import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { daysSince } from '../lib/dates.ts';
import { activeAccessKeys, eachUserCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-rotate-access-key-90-days',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'medium',
  title: 'IAM user access keys are rotated every 90 days or less',
  description:
    'Checks every active access key in the credential report and fails a user when any of them was created or last rotated more than the configured number of days ago (90 by default, `maxAccessKeyAgeDays`) (CIS AWS Foundations 1.14). Users without active access keys are not evaluated.',
  risk: 'The longer an access key lives, the more places it has been copied to and the longer a leaked key stays useful to an attacker.',
  remediation: {
    summary: 'Create a new access key, move every consumer to it, then deactivate and delete the old key; better still, replace long-lived keys with IAM roles.',
    cli: 'aws iam create-access-key --user-name <user-name>\n# update every consumer to the new key, then:\naws iam update-access-key --user-name <user-name> --access-key-id <old-access-key-id> --status Inactive\naws iam delete-access-key --user-name <user-name> --access-key-id <old-access-key-id>',
    terraform: '# Replacing the key resource rotates it; consumers must receive the new secret:\n# terraform apply -replace=aws_iam_access_key.<name>',
    console: 'IAM console → Users → <user> → Security credentials → Access keys → Create access key; after switching consumers, Deactivate and Delete the old key.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account, { config, now }) =>
    withGlobal(account, 'iam', (iam) =>
      eachUserCredentialRow(account, iam, (row, user) => {
        const active = activeAccessKeys(row);
        if (active.length === 0) return undefined;
        const limit = config.maxAccessKeyAgeDays;
        const ages = active.map(({ slot, key }) => ({ slot, days: daysSince(key.lastRotated ?? row.userCreationTime, now) }));
        const old = ages.filter((entry) => entry.days > limit);
        return old.length === 0
          ? pass(user, `Every active access key of user ${row.user} was rotated within ${limit} days.`)
          : fail(user, `User ${row.user} has active access key(s) older than ${limit} days: ${old.map((entry) => `key ${entry.slot} is ${entry.days} days old`).join('; ')}.`);
      }),
    ),
});
