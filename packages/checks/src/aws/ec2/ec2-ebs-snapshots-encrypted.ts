import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-ebs-snapshots-encrypted',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Snapshot',
  severity: 'medium',
  title: 'EBS snapshots are encrypted',
  description: 'Checks that every EBS snapshot owned by the account is encrypted at rest.',
  risk:
    'Snapshots are full copies of volume data that are easy to copy and share across accounts. An unencrypted snapshot shared by mistake, or copied by an attacker with limited EC2 rights, exposes the data with no KMS key policy standing in the way.',
  remediation: {
    summary: 'Copy each unencrypted snapshot with encryption enabled, switch consumers to the copy and delete the original. Enable EBS encryption by default so future snapshots of new volumes are encrypted.',
    cli: 'aws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snapshot-id> --encrypted --kms-key-id <key-arn>\naws ec2 delete-snapshot --snapshot-id <snapshot-id>',
    terraform:
      'resource "aws_ebs_snapshot_copy" "encrypted" {\n  source_snapshot_id = "<snapshot-id>"\n  source_region      = "<region>"\n  encrypted          = true\n  kms_key_id         = aws_kms_key.ebs.arn\n}',
    console: 'EC2 console → Snapshots → select the snapshot → Actions → Copy snapshot → check Encrypt this snapshot → Copy snapshot; then delete the unencrypted original.',
  },
  references: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html', 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html'],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.snapshots, regionResource(account, 'ec2', region), (snapshot) => {
        const target = resource(snapshot.arn, 'AwsEc2Snapshot', snapshot.id, region, snapshot.tags);
        return snapshot.encrypted
          ? pass(target, `Snapshot ${snapshot.id} is encrypted.`)
          : fail(target, `Snapshot ${snapshot.id} of volume ${snapshot.volumeId} is not encrypted.`);
      }),
    ),
});
