import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { allFetched } from '../lib/fetched-all.ts';
import { awsManagedPolicyArn, describeHolders, holdersOfManagedPolicy, managedPolicyResource, policyHolders } from '../lib/iam-policy.ts';

export default defineCheck({
  id: 'aws/iam-policy-cloudshell-admin-not-attached',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamPolicy',
  severity: 'medium',
  title: 'The AWSCloudShellFullAccess policy is not attached to any identity',
  description:
    'Checks every IAM user, group and role and fails when the AWS managed policy AWSCloudShellFullAccess is attached to any of them (CIS AWS Foundations 1.22).',
  risk: 'AWSCloudShellFullAccess allows uploading and downloading files to and from CloudShell environments and gives them internet access, a channel for moving data out of the account that bypasses network controls.',
  remediation: {
    summary: 'Detach AWSCloudShellFullAccess and, where CloudShell is needed, grant a policy without file transfer (deny cloudshell:GetFileUploadUrls and cloudshell:GetFileDownloadUrls).',
    cli: 'aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess\naws iam detach-user-policy --user-name <user-name> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess\naws iam detach-group-policy --group-name <group-name> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess\naws iam detach-role-policy --role-name <role-name> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
    terraform:
      'resource "aws_iam_policy" "cloudshell_no_file_transfer" {\n  name = "cloudshell-no-file-transfer"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      { Effect = "Allow", Action = "cloudshell:*", Resource = "*" },\n      { Effect = "Deny", Action = ["cloudshell:GetFileUploadUrls", "cloudshell:GetFileDownloadUrls"], Resource = "*" }\n    ]\n  })\n}\n# and remove attachments of arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
    console: 'IAM console → Policies → AWSCloudShellFullAccess → Entities attached → select every entity → Detach.',
  },
  references: [
    'https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html',
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudShellFullAccess.html',
  ],
  categories: ['identity-and-access', 'data-protection'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) => {
      const policyArn = awsManagedPolicyArn(account.partition, 'AWSCloudShellFullAccess');
      const target = managedPolicyResource(policyArn, 'AWSCloudShellFullAccess');
      return fromFetched(allFetched({ users: iam.users, groups: iam.groups, roles: iam.roles }), target, ({ users, groups, roles }) => {
        const holders = holdersOfManagedPolicy(policyHolders(users, groups, roles), policyArn);
        return holders.length === 0
          ? [pass(target, 'AWSCloudShellFullAccess is not attached to any user, group or role.')]
          : [fail(target, `AWSCloudShellFullAccess is attached to ${describeHolders(holders)}.`)];
      });
    }),
});
