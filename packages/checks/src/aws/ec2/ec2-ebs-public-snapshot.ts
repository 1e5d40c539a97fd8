import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-ebs-public-snapshot',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Snapshot',
  severity: 'critical',
  title: 'EBS snapshots are not publicly restorable',
  description:
    'Checks that no EBS snapshot owned by the account is shared with all AWS accounts (createVolumePermission group `all`). The snapshot\'s own permission is evaluated: a region-level block public access setting in `block-all-sharing` mode hides such snapshots but is not yet collected, so they still fail until the permission itself is removed.',
  risk:
    'Any AWS customer can create a volume from a public snapshot and read everything on it: databases, application secrets, keys and logs. Public snapshots are routinely harvested by automated scanners within hours of being shared.',
  remediation: {
    summary: 'Remove the `all` group from the snapshot\'s create-volume permissions; share with named accounts only where needed. Enable block public access for EBS snapshots in each region to prevent it recurring.',
    cli: 'aws ec2 modify-snapshot-attribute --snapshot-id <snapshot-id> --attribute createVolumePermission --operation-type remove --group-names all\naws ec2 enable-snapshot-block-public-access --state block-all-sharing --region <region>',
    terraform: 'resource "aws_ebs_snapshot_block_public_access" "this" {\n  state = "block-all-sharing"\n}',
    console: 'EC2 console → Snapshots → select the snapshot → Actions → Snapshot settings → Modify permissions → choose Private → Save changes.',
  },
  references: [
    'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
    'https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html',
  ],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.snapshots, regionResource(account, 'ec2', region), (snapshot) => {
        const target = resource(snapshot.arn, 'AwsEc2Snapshot', snapshot.id, region, snapshot.tags);
        return snapshot.public
          ? fail(target, `Snapshot ${snapshot.id} of volume ${snapshot.volumeId} can be restored by any AWS account.`)
          : pass(target, `Snapshot ${snapshot.id} is not public.`);
      }),
    ),
});
