import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { activeAccessKeys, withRootCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-no-root-access-key',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'critical',
  title: 'The root user has no active access keys',
  description:
    'Checks the `<root_account>` row of the IAM credential report and fails when either of the root user\'s access keys is active (CIS AWS Foundations 1.4).',
  risk: 'A root access key gives unrestricted, unconditional programmatic control of the account, cannot be restricted by IAM policies (only an SCP constrains the root user of a member account), and is a prime target when leaked from code, CI systems or workstations.',
  remediation: {
    summary: 'Delete every access key of the root user and use IAM roles for programmatic access instead.',
    cli: '# Signed in as the root user:\naws iam list-access-keys\naws iam delete-access-key --access-key-id <root-access-key-id>\n# Or, with centralized root access, from the management account (then delete the key with the returned credentials):\naws sts assume-root --target-principal <member-account-id> --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
    terraform: '# In the organization management account: an SCP that stops the root user of member accounts from acting.\nresource "aws_organizations_policy" "deny_root_user" {\n  name = "deny-root-user"\n  type = "SERVICE_CONTROL_POLICY"\n  content = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid       = "DenyRootUser"\n      Effect    = "Deny"\n      Action    = "*"\n      Resource  = "*"\n      Condition = { StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*:root" } }\n    }]\n  })\n}\n\nresource "aws_organizations_policy_attachment" "deny_root_user" {\n  policy_id = aws_organizations_policy.deny_root_user.id\n  target_id = "<organization-root-or-ou-id>"\n}',
    console:
      'Sign in as the root user → account menu → Security credentials → Access keys → for each key choose Actions → Deactivate, then Delete.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      withRootCredentialRow(account, iam, (row, root) => {
        const active = activeAccessKeys(row);
        return active.length === 0
          ? [pass(root, 'The root user has no active access keys.')]
          : [fail(root, `The root user has ${active.length} active access key(s) (credential report slot ${active.map((entry) => entry.slot).join(' and ')}).`)];
      }),
    ),
});
