import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { allFetched } from '../lib/fetched-all.ts';
import { UNDECIDED_ADMINISTRATIVE_PRIVILEGES, assessAdministrativePrivileges, policyHolderResource, policyHolders } from '../lib/iam-policy.ts';
import type { AdministrativeVerdict } from '../lib/iam-policy.ts';

export default defineCheck({
  id: 'aws/iam-inline-policy-no-administrative-privileges',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamPolicy',
  severity: 'high',
  title: 'Inline policies do not grant full "*:*" administrative privileges',
  description:
    'Checks the inline policies embedded in every IAM user, group and role (service-linked roles aside, as AWS owns them) and fails the identity when one of them grants administrative privileges (CIS AWS Foundations 1.16). A policy grants them when a statement without a Condition allows every action (`*`, `*:*`, wildcards that together match every action, or a `NotAction` that does not leave out all of IAM) on every resource (`*`, an ARN pattern matching every ARN such as `arn:aws:*:*:*:*`, or a `NotResource` that does not leave out all of IAM), or when several such statements together allow every action on every resource (or several that each allow every action together reach every resource). A statement with a Condition is not counted. A policy whose wildcards are too many to settle within a bounded search fails too, with a message saying so: it cannot be shown to fall short of administrator. The result is reported on the user, group or role, naming the policies. Identities without inline policies are not evaluated.',
  risk: 'A policy allowing every action on every resource hands whoever holds it complete control of the account: reading all data, disabling logging and guardrails, and creating new credentials to persist. Least privilege limits what a compromised or mistaken identity can do. Inline policies are also invisible in the policy list, so such grants escape reviews of managed policies.',
  remediation: {
    summary: 'Replace the inline policy with a least-privilege managed policy attached to a group or role, then delete the inline policy.',
    cli: 'aws iam delete-role-policy --role-name <role-name> --policy-name <policy-name>\naws iam delete-group-policy --group-name <group-name> --policy-name <policy-name>\naws iam delete-user-policy --user-name <user-name> --policy-name <policy-name>',
    terraform: '# Replace aws_iam_role_policy / aws_iam_group_policy / aws_iam_user_policy resources that allow "*" with scoped statements:\nresource "aws_iam_role_policy" "app" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem"], Resource = aws_dynamodb_table.app.arn }]\n  })\n}',
    console: 'IAM console → Users, User groups or Roles → <name> → Permissions → select the inline policy → Edit to narrow its actions and resources, or Remove it.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  ],
  categories: ['identity-and-access'],
  evaluate: (account) =>
    withGlobal(account, 'iam', (iam) =>
      fromFetched(allFetched({ users: iam.users, groups: iam.groups, roles: iam.roles }), accountResource(account), ({ users, groups, roles }) =>
        policyHolders(users, groups, roles).flatMap((holder) => {
          // One result per identity: several results on one uid would collide in the finding uid.
          if (holder.serviceLinked || holder.inlinePolicies.length === 0) return [];
          const target = policyHolderResource(holder);
          const assessed = holder.inlinePolicies.map((policy) => ({ name: policy.name, ...assessAdministrativePrivileges(policy.document, account.partition) }));
          const withVerdict = (verdict: AdministrativeVerdict) => assessed.filter((policy) => policy.verdict === verdict);
          const granting = withVerdict('grants');
          const undecided = withVerdict('undecided');
          if (granting.length === 0 && undecided.length === 0) {
            return [pass(target, `The inline policies of ${holder.kind} ${holder.name} (${holder.inlinePolicies.map((policy) => policy.name).join(', ')}) do not grant full administrative privileges.`)];
          }
          const listed = (policies: typeof assessed) => policies.map((policy) => `${policy.name} (${policy.reasons.join('; ')})`).join(', ');
          const subject = (policies: typeof assessed) => `Inline ${policies.length === 1 ? 'policy' : 'policies'} of ${holder.kind} ${holder.name}`;
          const sentences = [
            ...(granting.length ? [`${subject(granting)} ${granting.length === 1 ? 'grants' : 'grant'} administrative privileges: ${listed(granting)}.`] : []),
            // A policy whose wildcards could not be settled is not let through: see iam-policy.ts.
            ...(undecided.length ? [`${subject(undecided)} ${UNDECIDED_ADMINISTRATIVE_PRIVILEGES}: ${listed(undecided)}.`] : []),
          ];
          return [fail(target, sentences.join(' '))];
        }),
      ),
    ),
});
