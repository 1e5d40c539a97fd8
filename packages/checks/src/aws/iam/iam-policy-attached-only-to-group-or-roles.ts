import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { iamUserResource } from '../lib/iam-credentials.ts';

export default defineCheck({
  id: 'aws/iam-policy-attached-only-to-group-or-roles',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamUser',
  severity: 'low',
  title: 'IAM users receive permissions only through groups or roles',
  description:
    'Checks every IAM user and fails a user with managed policies attached directly or inline policies embedded in it (CIS AWS Foundations 1.15).',
  risk: 'Permissions granted user by user drift apart, are hard to review and are easily left behind when people change role or leave; grants through groups and roles keep access consistent and auditable.',
  remediation: {
    summary: 'Move the user\'s permissions to a group (or a role the user assumes), add the user to it, then detach and delete the user\'s own policies.',
    cli: 'aws iam add-user-to-group --group-name <group-name> --user-name <user-name>\naws iam detach-user-policy --user-name <user-name> --policy-arn <policy-arn>\naws iam delete-user-policy --user-name <user-name> --policy-name <inline-policy-name>',
    terraform:
      'resource "aws_iam_group_policy_attachment" "developers_read_only" {\n  group      = aws_iam_group.developers.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n\nresource "aws_iam_user_group_membership" "alice" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.developers.name]\n}\n# and remove aws_iam_user_policy / aws_iam_user_policy_attachment resources',
    console:
      'IAM console → User groups → create or pick a group with the needed policies → Add users; then Users → <user> → Permissions → remove each policy listed as "Attached directly" or "Inline".',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_add-remove-users.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  categories: ['identity-and-access', 'governance'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachFetched(iam.users, accountResource(account), (user) => {
        const target = iamUserResource(user.arn, user.name, user.tags);
        const direct = [
          ...user.attachedPolicies.map((policy) => `managed policy ${policy.name}`),
          ...user.inlinePolicies.map((policy) => `inline policy ${policy.name}`),
        ];
        return direct.length === 0
          ? pass(target, `User ${user.name} has no policies of its own; any permissions it has come from its groups.`)
          : fail(target, `User ${user.name} has permissions granted directly: ${direct.join(', ')}.`);
      }),
    ),
});
