import { defineCheck, eachFetched, fail, fromFetched, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/efs-have-backup-enabled',
  provider: 'aws',
  service: 'efs',
  requires: ['efs'],
  resourceType: 'AwsEfsFileSystem',
  severity: 'medium',
  title: 'EFS file systems have automatic backups enabled',
  description:
    'Checks that each EFS file system\'s backup policy status is ENABLED, so AWS Backup protects it daily with the default EFS backup plan. File systems backed up by a custom AWS Backup plan instead can be muted with a reason.',
  risk:
    'Without backups, deleted or overwritten files, corruption or ransomware encryption on the shared file system cannot be recovered.',
  remediation: {
    summary: 'Turn on automatic backups for the file system (or include it in an AWS Backup plan with suitable retention).',
    cli: 'aws efs put-backup-policy --file-system-id <fs-id> --backup-policy Status=ENABLED',
    terraform: 'resource "aws_efs_backup_policy" "this" {\n  file_system_id = aws_efs_file_system.this.id\n  backup_policy {\n    status = "ENABLED"\n  }\n}',
    console: 'EFS console → File systems → select the file system → Edit (General) → Automatic backups: Enable automatic backups → Save changes.',
  },
  references: ['https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html', 'https://docs.aws.amazon.com/efs/latest/ug/API_PutBackupPolicy.html'],
  categories: ['resilience', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'efs', (efs, region) =>
      eachFetched(efs.fileSystems, regionResource(account, 'efs', region), (fileSystem) => {
        const target = resource(fileSystem.arn, 'AwsEfsFileSystem', fileSystem.name ?? fileSystem.id, region, fileSystem.tags);
        return fromFetched(fileSystem.backupPolicy, target, (status) =>
          status === 'ENABLED'
            ? [pass(target, `File system ${fileSystem.id} has automatic backups enabled.`)]
            : [fail(target, `File system ${fileSystem.id} does not have automatic backups enabled (backup policy: ${status ?? 'none'}).`)],
        );
      }),
    ),
});
