import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-ebs-volume-encryption',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsEc2Volume',
  severity: 'medium',
  title: 'EBS volumes are encrypted',
  description: 'Checks that every EBS volume in each scanned region is encrypted at rest with AWS KMS.',
  risk:
    'Data on an unencrypted volume, and on every snapshot taken from it, is readable by anyone who can attach or copy it. Encryption also protects data in transit between the instance and the volume.',
  remediation: {
    summary:
      'Volumes cannot be encrypted in place: snapshot the volume, copy the snapshot with encryption, create a new volume from the copy and swap it in. Enable EBS encryption by default to stop new unencrypted volumes.',
    cli:
      'aws ec2 create-snapshot --volume-id <volume-id>\naws ec2 copy-snapshot --source-region <region> --source-snapshot-id <snapshot-id> --encrypted --kms-key-id <key-arn>\naws ec2 create-volume --snapshot-id <encrypted-snapshot-id> --availability-zone <az>',
    terraform: 'resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size              = 100\n  encrypted         = true\n  kms_key_id        = aws_kms_key.ebs.arn\n}',
    console: 'EC2 console → Volumes → select the volume → Actions → Create snapshot; then Snapshots → Actions → Copy snapshot → check Encrypt this snapshot; create a volume from the copy and attach it in place of the old one.',
  },
  references: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html'],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) =>
      eachFetched(ec2.volumes, regionResource(account, 'ec2', region), (volume) => {
        const target = resource(volume.arn, 'AwsEc2Volume', volume.id, region, volume.tags);
        return volume.encrypted
          ? pass(target, `Volume ${volume.id} is encrypted${volume.kmsKeyId ? ` with ${volume.kmsKeyId}` : ''}.`)
          : fail(target, `Volume ${volume.id} (${volume.sizeGiB} GiB, ${volume.state}) is not encrypted.`);
      }),
    ),
});
