import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { assessAdministrativePrivileges, describeAdministrativeAssessment, managedPolicyResource } from '../lib/iam-policy.ts';

export default defineCheck({
  id: 'aws/iam-aws-attached-policy-no-administrative-privileges',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamPolicy',
  severity: 'high',
  title: 'Attached AWS managed policies do not grant full "*:*" administrative privileges',
  description:
    'Checks the default version of every AWS managed policy attached in the account and fails one that grants administrative privileges, such as AdministratorAccess (CIS AWS Foundations 1.16). A policy grants them when a statement without a Condition allows every action (`*`, `*:*`, wildcards that together match every action, or a `NotAction` that does not leave out all of IAM) on every resource (`*`, an ARN pattern matching every ARN such as `arn:aws:*:*:*:*`, or a `NotResource` that does not leave out all of IAM), or when several such statements together allow every action on every resource (or several that each allow every action together reach every resource). A statement with a Condition is not counted. A policy whose wildcards are too many to settle within a bounded search fails too, with a message saying so: it cannot be shown to fall short of administrator.',
  risk: 'A policy allowing every action on every resource hands whoever holds it complete control of the account: reading all data, disabling logging and guardrails, and creating new credentials to persist. Least privilege limits what a compromised or mistaken identity can do.',
  remediation: {
    summary: 'Detach full-administrator AWS managed policies and grant only the permissions each user, group or role needs; keep any break-glass administrator access in a role with MFA and monitoring.',
    cli: 'aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\naws iam detach-role-policy --role-name <role-name> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\naws iam detach-group-policy --group-name <group-name> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\naws iam detach-user-policy --user-name <user-name> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    terraform: '# Replace attachments of AdministratorAccess with a least-privilege policy:\nresource "aws_iam_role_policy_attachment" "app" {\n  role       = aws_iam_role.app.name\n  policy_arn = aws_iam_policy.app_least_privilege.arn\n}',
    console: 'IAM console → Policies → filter "AWS managed" → AdministratorAccess → Entities attached → select each entity → Detach; then attach a least-privilege policy instead.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html',
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
  ],
  categories: ['identity-and-access'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      eachFetched(iam.policies, accountResource(account), (policy) => {
        if (!policy.awsManaged || policy.attachmentCount === 0) return [];
        const target = managedPolicyResource(policy.arn, policy.name);
        const assessment = assessAdministrativePrivileges(policy.document, account.partition);
        return assessment.verdict !== 'none'
          ? fail(target, `AWS managed policy ${policy.name}, attached to ${policy.attachmentCount} identity(ies), ${describeAdministrativeAssessment(assessment)}.`)
          : pass(target, `AWS managed policy ${policy.name} does not grant full administrative privileges.`);
      }),
    ),
});
