import type { EfsFileSystem } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, TEST_REGION, ok } from './account.ts';

/** An encrypted file system with automatic backups and no file system policy. */
export function efsFileSystem(overrides: Partial<EfsFileSystem> & { id: string; region?: string }): EfsFileSystem {
  const { region = TEST_REGION, ...rest } = overrides;
  return {
    arn: `arn:aws:elasticfilesystem:${region}:${TEST_ACCOUNT_ID}:file-system/${overrides.id}`,
    encrypted: true,
    kmsKeyId: `arn:aws:kms:${region}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    lifeCycleState: 'available',
    performanceMode: 'generalPurpose',
    throughputMode: 'elastic',
    numberOfMountTargets: 2,
    policy: ok(null),
    backupPolicy: ok('ENABLED'),
    tags: {},
    ...rest,
  };
}
