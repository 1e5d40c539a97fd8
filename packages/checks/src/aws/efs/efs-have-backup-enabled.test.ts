import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, efsFileSystem, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './efs-have-backup-enabled.ts';

const ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1';

describe(check.id, () => {
  it.each([
    ['enabled', ok('ENABLED'), 'PASS'],
    ['disabled', ok('DISABLED'), 'FAIL'],
    ['still enabling', ok('ENABLING'), 'FAIL'],
    ['no backup policy', ok(null), 'FAIL'],
    ['denied', denied('elasticfilesystem:DescribeBackupPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, backupPolicy, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: ok([efsFileSystem({ id: 'fs-1', backupPolicy })]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });
});
