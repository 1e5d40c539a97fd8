import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/ec2-ebs-default-encryption',
  provider: 'aws',
  service: 'ec2',
  requires: ['ec2'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'EBS encryption by default is enabled in every region',
  description:
    'Checks, for each scanned region, that EBS encryption by default is turned on, so every new volume and snapshot copy in the region is encrypted even when the launch request does not ask for it (CIS 2.2.1). The setting alone (GetEbsEncryptionByDefault) decides; the default KMS key only names the key in the message.',
  risk:
    'Without encryption by default, a volume is only encrypted when whoever creates it remembers to ask. Unencrypted volumes and their snapshots expose data to anyone who can copy, share or attach them, and an unencrypted volume cannot be encrypted in place later.',
  remediation: {
    summary: 'Enable EBS encryption by default in each region (optionally choosing a customer managed KMS key). Existing volumes are not changed; re-create them from encrypted snapshot copies.',
    cli: 'aws ec2 enable-ebs-encryption-by-default --region <region>\n# optional: aws ec2 modify-ebs-default-kms-key-id --kms-key-id <key-arn> --region <region>',
    terraform: 'resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}\n\n# optional\nresource "aws_ebs_default_kms_key" "this" {\n  key_arn = aws_kms_key.ebs.arn\n}',
    console: 'EC2 console (in each region) → Dashboard → Account attributes → Data protection and security → Manage → EBS encryption: Enable → Update EBS encryption.',
  },
  references: [
    'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
    'https://docs.aws.amazon.com/cli/latest/reference/ec2/enable-ebs-encryption-by-default.html',
  ],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'ec2', (ec2, region) => {
      const target = regionResource(account, 'ec2', region);
      // The default key only decorates the message: failing to read it changes nothing about the setting.
      const key = ec2.ebsDefaultKmsKeyId?.value;
      return fromFetched(ec2.ebsEncryptionByDefault, target, (setting) =>
        setting.enabled
          ? [pass(target, `EBS encryption by default is enabled in ${region}${key ? ` with key ${key}` : ''}.`)]
          : [fail(target, `EBS encryption by default is disabled in ${region}; new volumes are unencrypted unless requested.`)],
      );
    }),
});
