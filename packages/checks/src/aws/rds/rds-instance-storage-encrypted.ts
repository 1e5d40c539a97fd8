import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-storage-encrypted',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'medium',
  title: 'RDS DB instances have storage encryption enabled',
  description:
    'Checks that each RDS DB instance in each scanned region has encryption at rest enabled (CIS 2.3.1). Aurora instances report their cluster\'s encryption.',
  risk:
    'Unencrypted DB storage, its automated backups, read replicas and snapshots expose data to anyone who obtains a copy, with no KMS key policy or key-use audit trail protecting it.',
  remediation: {
    summary:
      'Encryption cannot be enabled on an existing instance: take a snapshot, copy it with encryption, restore a new instance from the encrypted copy and cut over.',
    cli:
      'aws rds create-db-snapshot --db-instance-identifier <db> --db-snapshot-identifier <db>-plain\naws rds copy-db-snapshot --source-db-snapshot-identifier <db>-plain --target-db-snapshot-identifier <db>-encrypted --kms-key-id <key-arn>\naws rds restore-db-instance-from-db-snapshot --db-instance-identifier <db>-new --db-snapshot-identifier <db>-encrypted',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}',
    console: 'RDS console → Snapshots → select a snapshot of the instance → Actions → Copy snapshot → Enable encryption → Copy; then Actions → Restore snapshot on the encrypted copy and switch applications to the new instance.',
  },
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        return instance.storageEncrypted
          ? pass(target, `DB instance ${instance.id} (${instance.engine}) has encrypted storage${instance.kmsKeyId ? ` with ${instance.kmsKeyId}` : ''}.`)
          : fail(target, `DB instance ${instance.id} (${instance.engine}) does not encrypt its storage.`);
      }),
    ),
});
