import { defineCheck, eachFetched, fail, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/efs-encryption-at-rest-enabled',
  provider: 'aws',
  service: 'efs',
  requires: ['efs'],
  resourceType: 'AwsEfsFileSystem',
  severity: 'medium',
  title: 'EFS file systems are encrypted at rest',
  description: 'Checks that each EFS file system in each scanned region was created with encryption at rest (CIS 2.4.1).',
  risk:
    'File data and metadata on an unencrypted file system are stored in plaintext and are not protected by a KMS key policy or audited key use. Encryption can only be chosen at creation time.',
  remediation: {
    summary:
      'Create a new encrypted file system (optionally with a customer managed KMS key), copy the data across with AWS DataSync or a backup restore, switch mounts and delete the old file system.',
    cli:
      'aws efs create-file-system --encrypted --kms-key-id <key-arn> --performance-mode generalPurpose --throughput-mode elastic --tags Key=Name,Value=<name>',
    terraform: 'resource "aws_efs_file_system" "this" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}',
    console: 'EFS console → Create file system → Customize → check Enable encryption of data at rest → choose a KMS key → Create; migrate the data and delete the unencrypted file system.',
  },
  references: ['https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html', 'https://docs.aws.amazon.com/efs/latest/ug/encryption.html'],
  categories: ['encryption', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'efs', (efs, region) =>
      eachFetched(efs.fileSystems, regionResource(account, 'efs', region), (fileSystem) => {
        const target = resource(fileSystem.arn, 'AwsEfsFileSystem', fileSystem.name ?? fileSystem.id, region, fileSystem.tags);
        return fileSystem.encrypted
          ? pass(target, `File system ${fileSystem.id} is encrypted at rest${fileSystem.kmsKeyId ? ` with ${fileSystem.kmsKeyId}` : ''}.`)
          : fail(target, `File system ${fileSystem.id} is not encrypted at rest.`);
      }),
    ),
});
