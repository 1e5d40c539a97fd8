import { defineCheck, fail, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { daysSince, formatDay } from '../lib/dates.ts';
import { withRootCredentialRow } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-avoid-root-usage',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'The root user has not been used recently',
  description:
    'Checks the `<root_account>` row of the IAM credential report and fails when the root password or either root access key was used within the configured look-back period (90 days by default, `rootUsageLookbackDays`) (CIS AWS Foundations 1.7).',
  risk: 'Routine use of the root user exposes its unrestricted credentials far more often than the handful of tasks that require them, and actions taken as root cannot be limited by IAM policies or attributed to a person.',
  remediation: {
    summary: 'Use IAM roles (through IAM Identity Center) for daily work, reserve the root user for the few tasks that require it, and investigate any root use you do not recognize.',
    cli: '# Review recent root activity in CloudTrail:\naws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50',
    terraform: '# In the organization management account: an SCP that stops the root user of member accounts from acting.\nresource "aws_organizations_policy" "deny_root_user" {\n  name = "deny-root-user"\n  type = "SERVICE_CONTROL_POLICY"\n  content = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid       = "DenyRootUser"\n      Effect    = "Deny"\n      Action    = "*"\n      Resource  = "*"\n      Condition = { StringLike = { "aws:PrincipalArn" = "arn:aws:iam::*:root" } }\n    }]\n  })\n}\n\nresource "aws_organizations_policy_attachment" "deny_root_user" {\n  policy_id = aws_organizations_policy.deny_root_user.id\n  target_id = "<organization-root-or-ou-id>"\n}',
    console:
      'CloudTrail console → Event history → filter User name = root to review what the root user did; then create administrative access through IAM Identity Center and stop signing in as root.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  categories: ['identity-and-access', 'monitoring'],
  evaluate: (account, { config, now }) =>
    withGlobal(account, 'iam', (iam) =>
      withRootCredentialRow(account, iam, (row, root) => {
        const uses = [
          { credential: 'password', date: row.passwordLastUsed },
          ...row.accessKeys.map((key, index) => ({ credential: `access key ${index + 1}`, date: key.lastUsedDate })),
        ];
        const recent = uses.filter(
          (use): use is { credential: string; date: string } => use.date !== null && daysSince(use.date, now) <= config.rootUsageLookbackDays,
        );
        return recent.length === 0
          ? [pass(root, `The root user has not been used in the last ${config.rootUsageLookbackDays} days.`)]
          : [
              fail(
                root,
                `The root user was used in the last ${config.rootUsageLookbackDays} days: ${recent.map((use) => `${use.credential} on ${formatDay(use.date)}`).join(', ')}.`,
              ),
            ];
      }),
    ),
});
