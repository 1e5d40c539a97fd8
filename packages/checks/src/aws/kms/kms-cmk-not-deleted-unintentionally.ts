import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { keyLabel, keyResource } from '../lib/kms-keys.ts';

export default defineCheck({
  id: 'aws/kms-cmk-not-deleted-unintentionally',
  provider: 'aws',
  service: 'kms',
  requires: ['kms'],
  resourceType: 'AwsKmsKey',
  severity: 'high',
  title: 'Customer managed KMS keys are not scheduled for deletion',
  description:
    'Checks that no customer managed KMS key is in the PendingDeletion state. Deleting a key is irreversible once the waiting period (7 to 30 days) ends, so every scheduled deletion deserves confirmation.',
  risk: 'When a key is deleted, every piece of data encrypted under it (EBS volumes, snapshots, S3 objects, database storage, secrets) becomes permanently unrecoverable. A deletion scheduled by mistake or by an attacker is a data-destruction event on a timer.',
  remediation: {
    summary: 'If the deletion is not intended, cancel it and re-enable the key; if it is, confirm nothing still depends on the key (CloudTrail shows its recent use).',
    cli: 'aws kms cancel-key-deletion --key-id <key-id>\naws kms enable-key --key-id <key-id>',
    terraform:
      '# Keep the key in configuration (a key removed from Terraform is scheduled for deletion):\nresource "aws_kms_key" "this" {\n  description             = "..."\n  deletion_window_in_days = 30\n  enable_key_rotation     = true\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}',
    console: 'KMS console → Customer managed keys → select the key (status Pending deletion) → Key actions → Cancel key deletion, then Key actions → Enable.',
  },
  references: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3',
  ],
  categories: ['encryption', 'resilience'],
  evaluate: (account) =>
    eachRegion(account, 'kms', (kms, region) =>
      eachFetched(kms.keys, regionResource(account, 'kms', region), (key) => {
        if (key.manager !== 'CUSTOMER') return [];
        const target = keyResource(key, region);
        if (key.state !== 'PendingDeletion') return pass(target, `Key ${keyLabel(key)} is not scheduled for deletion (state ${key.state}).`);
        const when = key.deletionDate ? ` on ${key.deletionDate}` : '';
        return fail(target, `Key ${keyLabel(key)} is scheduled for deletion${when}; data encrypted under it will become unrecoverable.`);
      }),
    ),
});
