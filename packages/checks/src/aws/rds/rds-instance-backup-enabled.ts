import { defineCheck, eachFetched, fail, manual, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-backup-enabled',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'medium',
  title: 'RDS DB instances keep automated backups for the required period',
  description:
    'Checks that each standalone RDS DB instance retains automated backups for at least `minBackupRetentionDays` days (7 by default); 0 means automated backups are off. For instances in a DB cluster (Aurora, Multi-AZ DB clusters) retention is a cluster setting, so the result is MANUAL and names the cluster to review.',
  risk:
    'Without automated backups (or with a short retention) there is no point-in-time recovery from accidental deletion, corruption or ransomware beyond the retention window.',
  remediation: {
    summary: 'Set the backup retention period to the required number of days (1-35) on the instance, or on the DB cluster for clustered instances.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --backup-retention-period 7 --apply-immediately\n# clustered: aws rds modify-db-cluster --db-cluster-identifier <cluster> --backup-retention-period 7 --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  backup_retention_period = 7\n  backup_window           = "02:00-03:00"\n}',
    console: 'RDS console → Databases → select the instance (or cluster) → Modify → Backup → Backup retention period: 7 days or more → Continue → Apply immediately → Modify DB instance.',
  },
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html'],
  categories: ['resilience', 'data-protection'],
  evaluate: (account, { config }) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        if (instance.clusterId !== undefined) {
          return manual(target, `DB instance ${instance.id} belongs to DB cluster ${instance.clusterId}, whose backup retention governs it; review the cluster's setting.`);
        }
        const days = instance.backupRetentionPeriod;
        if (days === 0) return fail(target, `DB instance ${instance.id} has automated backups disabled (retention 0 days).`);
        return days >= config.minBackupRetentionDays
          ? pass(target, `DB instance ${instance.id} retains automated backups for ${days} days.`)
          : fail(target, `DB instance ${instance.id} retains automated backups for ${days} day(s); at least ${config.minBackupRetentionDays} are required.`);
      }),
    ),
});
