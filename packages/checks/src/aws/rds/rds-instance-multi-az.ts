import { defineCheck, eachFetched, fail, manual, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-multi-az',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'medium',
  title: 'RDS DB instances are deployed across multiple Availability Zones',
  description:
    'Checks that each standalone RDS DB instance is a Multi-AZ deployment with a synchronous standby in another Availability Zone. For instances in a DB cluster (Aurora, Multi-AZ DB clusters) availability comes from the cluster\'s members, so the result is MANUAL and names the cluster to review.',
  risk:
    'A Single-AZ instance is unavailable for the whole duration of an AZ outage, host failure or some maintenance operations, and recovery may require a restore from backup with data loss up to the last backup.',
  remediation: {
    summary: 'Convert the instance to a Multi-AZ deployment (this causes a brief I/O pause while the standby is created); for clusters, add a reader in another Availability Zone.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --multi-az --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  multi_az = true\n}',
    console: 'RDS console → Databases → select the instance → Modify → Availability & durability → Create a standby instance → Continue → Apply immediately → Modify DB instance.',
  },
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html', 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html'],
  categories: ['resilience'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        if (instance.clusterId !== undefined) {
          return manual(target, `DB instance ${instance.id} belongs to DB cluster ${instance.clusterId}; review that the cluster has members in more than one Availability Zone.`);
        }
        return instance.multiAz
          ? pass(target, `DB instance ${instance.id} is a Multi-AZ deployment.`)
          : fail(target, `DB instance ${instance.id} runs in a single Availability Zone.`);
      }),
    ),
});
