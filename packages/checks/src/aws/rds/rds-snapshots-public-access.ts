import { defineCheck, eachFetched, fail, fromFetched, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/rds-snapshots-public-access',
  provider: 'aws',
  service: 'rds',
  requires: ['rds'],
  resourceType: 'AwsRdsDbSnapshot',
  severity: 'critical',
  title: 'RDS manual DB snapshots are not public',
  description: 'Checks that no manual RDS DB snapshot owned by the account is shared publicly (its `restore` attribute includes `all`).',
  risk:
    'Any AWS account can restore a public snapshot into a new database and read all of its data, including user records and credentials stored in tables.',
  remediation: {
    summary: 'Remove `all` from the snapshot\'s restore attribute; share with specific account IDs only where needed. Encrypted snapshots cannot be made public, so encrypting the source also prevents this.',
    cli: 'aws rds modify-db-snapshot-attribute --db-snapshot-identifier <snapshot> --attribute-name restore --values-to-remove all',
    terraform: '# Snapshots shared via aws_db_snapshot (shared_accounts): never include "all".\nresource "aws_db_snapshot" "this" {\n  db_instance_identifier = aws_db_instance.this.identifier\n  db_snapshot_identifier = "app-db-manual"\n  shared_accounts        = ["111122223333"]\n}',
    console: 'RDS console → Snapshots → select the snapshot → Actions → Share snapshot → DB snapshot visibility: Private → Save.',
  },
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html'],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'rds', (rds, region) =>
      eachFetched(rds.snapshots, regionResource(account, 'rds', region), (snapshot) => {
        const target = resource(snapshot.arn, 'AwsRdsDbSnapshot', snapshot.id, region, snapshot.tags);
        return fromFetched(snapshot.public, target, (isPublic) =>
          isPublic
            ? [fail(target, `DB snapshot ${snapshot.id} of ${snapshot.instanceId} can be restored by any AWS account.`)]
            : [pass(target, `DB snapshot ${snapshot.id} is not public.`)],
        );
      }),
    ),
});
