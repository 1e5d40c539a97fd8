import { defineCheck, eachFetched, errorResult, fail, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { keyLabel, keyResource } from '../lib/kms-keys.ts';
import { publicStatements, statementLabel } from '../lib/public-policy.ts';

export default defineCheck({
  id: 'aws/kms-key-not-publicly-accessible',
  provider: 'aws',
  service: 'kms',
  requires: ['kms'],
  resourceType: 'AwsKmsKey',
  severity: 'critical',
  title: 'Customer managed KMS keys are not publicly accessible',
  description:
    'Checks that no key policy of a customer managed KMS key allows everyone: an Allow statement with Principal "*" (or {"AWS": "*"}), or Allow with NotPrincipal, that has no condition restricting the caller to known accounts, organizations, ARNs or networks (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, aws:SourceVpce, kms:CallerAccount, ...). Keys pending deletion are included: they can be restored.',
  risk: 'A key policy open to every AWS principal lets any account use the key (decrypt data it protects, generate data keys) or even administer it, depending on the actions allowed, which defeats encryption as an access control.',
  remediation: {
    summary: 'Replace the open principal with the accounts or roles that need the key, or add a condition such as kms:CallerAccount or aws:PrincipalOrgID.',
    cli:
      'aws kms get-key-policy --key-id <key-id> --policy-name default --query Policy --output text > policy.json\n' +
      '# edit policy.json: name specific principals, or add "Condition": {"StringEquals": {"kms:CallerAccount": "<account-id>"}}\n' +
      'aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy.json',
    terraform:
      'data "aws_iam_policy_document" "key" {\n  statement {\n    sid       = "EnableIAMPolicies"\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::<account-id>:root"]\n    }\n  }\n}\n\nresource "aws_kms_key" "this" {\n  policy = data.aws_iam_policy_document.key.json\n}',
    console: 'KMS console → Customer managed keys → select the key → Key policy → Edit (policy view) → replace "Principal": "*" with named principals or add a restricting condition → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account',
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
  ],
  categories: ['encryption', 'identity-and-access', 'internet-exposed'],
  evaluate: (account) =>
    eachRegion(account, 'kms', (kms, region) =>
      eachFetched(kms.keys, regionResource(account, 'kms', region), (key) => {
        if (key.manager !== 'CUSTOMER') return [];
        const target = keyResource(key, region);
        if (key.policy.error) return errorResult(target, key.policy.error, `Key policy of ${keyLabel(key)}`);
        const keyPolicy = key.policy.value;
        const open = publicStatements(keyPolicy, { extraRestrictingKeys: ['kms:CallerAccount'] });
        return open.length === 0
          ? pass(target, `The key policy of ${keyLabel(key)} grants nothing to everyone.`)
          : fail(target, `The key policy of ${keyLabel(key)} allows everyone without a restricting condition in ${open.map((statement) => statementLabel(keyPolicy, statement)).join(', ')}.`);
      }),
    ),
});
