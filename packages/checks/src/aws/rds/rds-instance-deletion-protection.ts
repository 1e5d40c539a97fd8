import { defineCheck, eachFetched, fail, manual, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-deletion-protection',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'medium',
  title: 'RDS DB instances have deletion protection enabled',
  description:
    'Checks that each standalone RDS DB instance has deletion protection enabled. For instances in a DB cluster (Aurora, Multi-AZ DB clusters) deletion protection is a cluster setting, so the result is MANUAL and names the cluster to review.',
  risk:
    'Without deletion protection a single API call, console click or faulty automation (for example an infrastructure-as-code change that replaces the resource) deletes the database.',
  remediation: {
    summary: 'Enable deletion protection on the instance, or on the DB cluster for clustered instances.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --deletion-protection --apply-immediately\n# clustered: aws rds modify-db-cluster --db-cluster-identifier <cluster> --deletion-protection --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  deletion_protection = true\n}',
    console: 'RDS console → Databases → select the instance (or cluster) → Modify → Deletion protection: Enable deletion protection → Continue → Apply immediately → Modify.',
  },
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection'],
  categories: ['resilience', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        if (instance.clusterId !== undefined) {
          return manual(target, `DB instance ${instance.id} belongs to DB cluster ${instance.clusterId}, where deletion protection is set; review the cluster's setting.`);
        }
        return instance.deletionProtection
          ? pass(target, `DB instance ${instance.id} has deletion protection enabled.`)
          : fail(target, `DB instance ${instance.id} has deletion protection disabled.`);
      }),
    ),
});
