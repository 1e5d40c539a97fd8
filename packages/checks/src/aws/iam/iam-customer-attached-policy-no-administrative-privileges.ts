import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { assessAdministrativePrivileges, describeAdministrativeAssessment, managedPolicyResource } from '../lib/iam-policy.ts';

export default defineCheck({
  id: 'aws/iam-customer-attached-policy-no-administrative-privileges',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamPolicy',
  severity: 'high',
  title: 'Attached customer managed policies do not grant full "*:*" administrative privileges',
  description:
    'Checks the default version of every customer managed policy that is attached to at least one user, group or role, and fails one that grants administrative privileges (CIS AWS Foundations 1.16). A policy grants them when a statement without a Condition allows every action (`*`, `*:*`, wildcards that together match every action, or a `NotAction` that does not leave out all of IAM) on every resource (`*`, an ARN pattern matching every ARN such as `arn:aws:*:*:*:*`, or a `NotResource` that does not leave out all of IAM), or when several such statements together allow every action on every resource (or several that each allow every action together reach every resource). A statement with a Condition is not counted. A policy whose wildcards are too many to settle within a bounded search fails too, with a message saying so: it cannot be shown to fall short of administrator. Unattached policies are not evaluated.',
  risk: 'A policy allowing every action on every resource hands whoever holds it complete control of the account: reading all data, disabling logging and guardrails, and creating new credentials to persist. Least privilege limits what a compromised or mistaken identity can do.',
  remediation: {
    summary: 'Narrow the policy to the actions and resources its holders need (IAM Access Analyzer can generate a policy from CloudTrail activity), or detach it.',
    cli: 'aws iam list-entities-for-policy --policy-arn <policy-arn>\naws iam create-policy-version --policy-arn <policy-arn> --policy-document file://least-privilege.json --set-as-default\n# or detach it: aws iam detach-role-policy --role-name <role-name> --policy-arn <policy-arn>',
    terraform: 'resource "aws_iam_policy" "app" {\n  name = "app"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["s3:GetObject", "s3:PutObject"]\n      Resource = "arn:aws:s3:::app-bucket/*"\n    }]\n  })\n}',
    console: 'IAM console → Policies → <policy> → Permissions → Edit → replace the "*" action and resource with the specific actions and resources needed → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-versioning.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html',
  ],
  categories: ['identity-and-access'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachFetched(iam.policies, accountResource(account), (policy) => {
        if (policy.awsManaged || policy.attachmentCount === 0) return [];
        const target = managedPolicyResource(policy.arn, policy.name);
        const assessment = assessAdministrativePrivileges(policy.document, account.partition);
        return assessment.verdict !== 'none'
          ? fail(target, `Customer managed policy ${policy.name}, attached to ${policy.attachmentCount} identity(ies), ${describeAdministrativeAssessment(assessment)}.`)
          : pass(target, `Customer managed policy ${policy.name} does not grant full administrative privileges.`);
      }),
    ),
});
