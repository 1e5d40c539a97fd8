import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, efsFileSystem, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './efs-encryption-at-rest-enabled.ts';

const ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1';

describe(check.id, () => {
  it.each([
    ['encrypted', efsFileSystem({ id: 'fs-1' }), 'PASS'],
    ['unencrypted', efsFileSystem({ id: 'fs-1', encrypted: false, kmsKeyId: undefined }), 'FAIL'],
  ] as const)('%s → %s', (_name, fileSystem, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: ok([fileSystem]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('reports ERROR when file systems could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: denied('elasticfilesystem:DescribeFileSystems') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:efs:us-east-1:123456789012:efs/us-east-1']]);
  });
});
