import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { withGlobal } from '@palisade/core/aws';
import { awsManagedPolicyArn, managedPolicyResource } from '../lib/iam-policy.ts';

export default defineCheck({
  id: 'aws/iam-support-role-created',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamPolicy',
  severity: 'low',
  title: 'A support role exists to manage incidents with AWS Support',
  description:
    'Checks that the AWS managed policy AWSSupportAccess is attached to at least one IAM role, so authorized people can open and manage AWS Support cases without broader privileges (CIS AWS Foundations 1.17).',
  risk: 'Without a dedicated support role, opening a case during an incident needs an over-privileged identity (or the root user), or delays the response while access is arranged.',
  remediation: {
    summary: 'Create a role that your incident responders can assume and attach the AWSSupportAccess managed policy to it.',
    cli: 'aws iam create-role --role-name aws-support --assume-role-policy-document file://trust-incident-responders.json\naws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess',
    terraform:
      'resource "aws_iam_role" "support" {\n  name = "aws-support"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::<account-id>:root" } }]\n  })\n}\n\nresource "aws_iam_role_policy_attachment" "support" {\n  role       = aws_iam_role.support.name\n  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"\n}',
    console: 'IAM console → Roles → Create role → AWS account (this account) → attach AWSSupportAccess → name it (e.g. aws-support) → Create role.',
  },
  references: [
    'https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html',
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html',
  ],
  categories: ['identity-and-access', 'governance'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) => {
      const policyArn = awsManagedPolicyArn(account.partition, 'AWSSupportAccess');
      const target = managedPolicyResource(policyArn, 'AWSSupportAccess');
      return fromFetched(iam.roles, target, (roles) => {
        const supportRoles = roles.filter((role) => role.attachedPolicies.some((policy) => policy.arn === policyArn));
        return supportRoles.length === 0
          ? [fail(target, 'No IAM role has the AWSSupportAccess policy attached.')]
          : [pass(target, `AWSSupportAccess is attached to role(s): ${supportRoles.map((role) => role.name).join(', ')}.`)];
      });
    }),
});
