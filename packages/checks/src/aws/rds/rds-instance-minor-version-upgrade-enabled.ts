import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-instance-minor-version-upgrade-enabled',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbInstance',
  severity: 'low',
  title: 'RDS DB instances have auto minor version upgrade enabled',
  description: 'Checks that each RDS DB instance applies minor engine version upgrades automatically during its maintenance window (CIS 2.3.2).',
  risk: 'Minor versions carry security fixes; an instance that does not take them keeps running database engine versions with known, published vulnerabilities.',
  remediation: {
    summary: 'Enable auto minor version upgrade and make sure the maintenance window suits the workload.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --auto-minor-version-upgrade --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  auto_minor_version_upgrade = true\n  maintenance_window         = "sun:03:00-sun:04:00"\n}',
    console: 'RDS console → Databases → select the instance → Modify → Maintenance → Auto minor version upgrade: Enable → Continue → Apply immediately → Modify DB instance.',
  },
  references: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/rds-automatic-minor-version-upgrade-enabled.html',
  ],
  categories: ['governance'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.instances, regionResource(account, 'rds', region), (instance) => {
        const target = resource(instance.arn, 'AwsRdsDbInstance', instance.id, region, instance.tags);
        return instance.autoMinorVersionUpgrade
          ? pass(target, `DB instance ${instance.id} (${instance.engine} ${instance.engineVersion}) upgrades minor versions automatically.`)
          : fail(target, `DB instance ${instance.id} (${instance.engine} ${instance.engineVersion}) has auto minor version upgrade disabled.`);
      }),
    ),
});
