import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import { unguardedCrossAccountTrust } from '../lib/iam-trust-policy.ts';

export default defineCheck({
  id: 'aws/iam-role-cross-account-trust-requires-external-id',
  provider: 'aws',
  service: 'iam',
  requires: ['iam'],
  resourceType: 'AwsIamRole',
  severity: 'high',
  title: 'IAM roles trusted by other AWS accounts require an external ID',
  description:
    'Checks the trust policy of every IAM role (service-linked roles aside) and fails a role that lets an AWS principal of another account — or any principal (`*`) — assume it without an `sts:ExternalId` condition. The scanned account and the accounts listed in `trustedAccountIds` are not counted as other accounts; service and federated principals are not evaluated.',
  risk: 'A third party trusted without an external ID can be tricked by another of its customers into acting on your account (the confused-deputy problem); a role trusting `*` without conditions can be assumed by anyone with an AWS account.',
  remediation: {
    summary: 'Add a condition requiring the external ID agreed with the trusted party (`StringEquals` on `sts:ExternalId`), or list the account in `trustedAccountIds` when it is one of your own.',
    cli: 'aws iam update-assume-role-policy --role-name <role-name> --policy-document file://trust-with-external-id.json\n# trust-with-external-id.json:\n# {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::<partner-account-id>:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"<external-id>"}}}]}',
    terraform:
      'resource "aws_iam_role" "partner" {\n  name = "partner-access"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::<partner-account-id>:root" }\n      Action    = "sts:AssumeRole"\n      Condition = { StringEquals = { "sts:ExternalId" = var.partner_external_id } }\n    }]\n  })\n}',
    console: 'IAM console → Roles → <role> → Trust relationships → Edit trust policy → add a Condition with StringEquals "sts:ExternalId": "<external-id>" to the statement trusting the other account → Update policy.',
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  categories: ['identity-and-access'],
  evaluate: (account, { config }) =>
    withGlobal(account, 'iam', (iam) =>
      eachFetched(iam.roles, accountResource(account), (role) => {
        if (role.serviceLinked) return [];
        const target = resource(role.arn, 'AwsIamRole', role.name, 'global', role.tags);
        const unguarded = unguardedCrossAccountTrust(role.assumeRolePolicy, account.accountId, config.trustedAccountIds);
        if (unguarded.length === 0) return pass(target, `Role ${role.name} trusts no other account without an external ID.`);
        const principals = unguarded.map((entry) => (entry.accountId === '*' ? `${entry.principal} (any AWS account)` : entry.principal));
        return fail(target, `Role ${role.name} can be assumed without an external ID by ${[...new Set(principals)].join(', ')}.`);
      }),
    ),
});
