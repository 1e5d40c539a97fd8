import { defineCheck, eachFetched, errorResult, fail, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { keyLabel, keyResource } from '../lib/kms-keys.ts';

export default defineCheck({
  id: 'aws/kms-cmk-rotation-enabled',
  provider: 'aws',
  service: 'kms',
  requires: ['kms'],
  resourceType: 'AwsKmsKey',
  severity: 'medium',
  title: 'Automatic rotation is enabled for customer managed symmetric KMS keys',
  description:
    'Checks that every enabled, customer managed, symmetric encryption KMS key (key spec SYMMETRIC_DEFAULT) has automatic key rotation turned on. AWS managed keys rotate on their own; asymmetric, HMAC and imported-material keys cannot rotate automatically and are not evaluated.',
  risk: 'A key that never rotates protects ever more data with the same key material, so a compromise of that material (for example through an exported backup of a key store or a cryptanalytic weakness) exposes everything encrypted over the key\'s whole life.',
  remediation: {
    summary: 'Turn on automatic rotation for the key (yearly by default; the period can be set from 90 to 2560 days).',
    cli: 'aws kms enable-key-rotation --key-id <key-id> --rotation-period-in-days 365\naws kms get-key-rotation-status --key-id <key-id>',
    terraform: 'resource "aws_kms_key" "this" {\n  description             = "..."\n  enable_key_rotation     = true\n  rotation_period_in_days = 365\n}',
    console: 'KMS console → Customer managed keys → select the key → Key rotation tab → Automatically rotate this KMS key every year (or set the period) → Save.',
  },
  references: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4',
  ],
  categories: ['encryption'],
  evaluate: (account) =>
    eachRegion(account, 'kms', (kms, region) =>
      eachFetched(kms.keys, regionResource(account, 'kms', region), (key) => {
        if (key.manager !== 'CUSTOMER' || key.keySpec !== 'SYMMETRIC_DEFAULT' || key.state !== 'Enabled') return [];
        const target = keyResource(key, region);
        if (key.rotationEnabled.error) return errorResult(target, key.rotationEnabled.error, `Rotation status of key ${keyLabel(key)}`);
        // null: rotation does not apply (imported key material or a custom key store).
        if (key.rotationEnabled.value === null) return [];
        return key.rotationEnabled.value
          ? pass(target, `Key ${keyLabel(key)} rotates automatically.`)
          : fail(target, `Key ${keyLabel(key)} does not rotate automatically.`);
      }),
    ),
});
