import { DescribeBackupPolicyCommand, DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { efsCollector } from './efs.ts';

const mock = mockClient(EFSClient);
afterEach(() => mock.reset());

const SHARED_ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const SCRATCH_ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fedcba9876543210';
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// Shaped like DescribeFileSystems: Tags inline, CreationTime a Date, NextMarker for the next page.
function describeFileSystems() {
  mock
    .on(DescribeFileSystemsCommand, { Marker: undefined })
    .resolves({
      FileSystems: [
        {
          OwnerId: '123456789012',
          CreationToken: 'console-4c1f1d6e-1e0a-4a8e-9a5e-0123456789ab',
          FileSystemId: 'fs-0123456789abcdef0',
          FileSystemArn: SHARED_ARN,
          CreationTime: new Date('2024-06-01T08:00:00Z'),
          LifeCycleState: 'available',
          Name: 'shared-home',
          NumberOfMountTargets: 3,
          SizeInBytes: { Value: 6144, ValueInIA: 0, ValueInStandard: 6144 },
          PerformanceMode: 'generalPurpose',
          Encrypted: true,
          KmsKeyId: KMS_KEY,
          ThroughputMode: 'elastic',
          Tags: [
            { Key: 'Name', Value: 'shared-home' },
            { Key: 'team', Value: 'platform' },
          ],
          FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
        },
      ],
      NextMarker: 'fs-0123456789abcdef0',
    })
    .on(DescribeFileSystemsCommand, { Marker: 'fs-0123456789abcdef0' })
    .resolves({
      Marker: 'fs-0123456789abcdef0',
      FileSystems: [
        {
          OwnerId: '123456789012',
          CreationToken: 'scratch',
          FileSystemId: 'fs-0fedcba9876543210',
          FileSystemArn: SCRATCH_ARN,
          CreationTime: new Date('2023-02-01T08:00:00Z'),
          LifeCycleState: 'available',
          NumberOfMountTargets: 0,
          SizeInBytes: { Value: 0 },
          PerformanceMode: 'maxIO',
          Encrypted: false,
          ThroughputMode: 'bursting',
          Tags: [],
        },
      ],
    });
}

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Id: 'efs-policy-wizard-0a1b2c3d',
  Statement: [
    {
      Sid: 'efs-statement-1',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
    },
  ],
});

describe('efs collector', () => {
  it('maps file systems across pages with their policy and backup policy', async () => {
    describeFileSystems();
    mock.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-0123456789abcdef0' }).resolves({ FileSystemId: 'fs-0123456789abcdef0', Policy: POLICY });
    mock.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-0fedcba9876543210' }).rejects(sdkError('PolicyNotFound', 'No policy found', 404));
    mock.on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-0123456789abcdef0' }).resolves({ BackupPolicy: { Status: 'ENABLED' } });
    mock.on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-0fedcba9876543210' }).rejects(sdkError('PolicyNotFound', 'No backup policy exists for this file system', 404));

    const data = await efsCollector.collect(testCollectorContext());

    expect(data.fileSystems.value).toEqual([
      {
        id: 'fs-0123456789abcdef0',
        arn: SHARED_ARN,
        name: 'shared-home',
        encrypted: true,
        kmsKeyId: KMS_KEY,
        lifeCycleState: 'available',
        performanceMode: 'generalPurpose',
        throughputMode: 'elastic',
        numberOfMountTargets: 3,
        policy: {
          value: {
            Version: '2012-10-17',
            Id: 'efs-policy-wizard-0a1b2c3d',
            Statement: [
              {
                Sid: 'efs-statement-1',
                Effect: 'Allow',
                Principal: { AWS: ['*'] },
                Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
                Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': ['true'] } },
              },
            ],
          },
        },
        backupPolicy: { value: 'ENABLED' },
        tags: { Name: 'shared-home', team: 'platform' },
      },
      {
        id: 'fs-0fedcba9876543210',
        arn: SCRATCH_ARN,
        encrypted: false,
        lifeCycleState: 'available',
        performanceMode: 'maxIO',
        throughputMode: 'bursting',
        numberOfMountTargets: 0,
        policy: { value: null },
        backupPolicy: { value: null },
        tags: {},
      },
    ]);
  });

  it('keeps a denied detail call and a malformed policy as errors of that file system', async () => {
    describeFileSystems();
    mock.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-0123456789abcdef0' }).resolves({ FileSystemId: 'fs-0123456789abcdef0', Policy: '{"Statement": "not an object"}' });
    mock.on(DescribeFileSystemPolicyCommand, { FileSystemId: 'fs-0fedcba9876543210' }).resolves({ FileSystemId: 'fs-0fedcba9876543210', Policy: POLICY });
    mock.on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-0123456789abcdef0' }).resolves({ BackupPolicy: { Status: 'DISABLED' } });
    mock
      .on(DescribeBackupPolicyCommand, { FileSystemId: 'fs-0fedcba9876543210' })
      .rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: elasticfilesystem:DescribeBackupPolicy', 403));

    const data = await efsCollector.collect(testCollectorContext());

    const [shared, scratch] = data.fileSystems.value ?? [];
    expect(shared?.policy.error).toMatchObject({ api: 'elasticfilesystem:DescribeFileSystemPolicy', code: 'PolicyDocumentError', resourceUid: SHARED_ARN });
    expect(shared?.backupPolicy).toEqual({ value: 'DISABLED' });
    expect(scratch?.backupPolicy.error).toMatchObject({
      api: 'elasticfilesystem:DescribeBackupPolicy',
      code: 'AccessDeniedException',
      resourceUid: SCRATCH_ARN,
      httpStatus: 403,
    });
  });

  it('returns the API error code when listing file systems is denied', async () => {
    mock.on(DescribeFileSystemsCommand).rejects(sdkError('AccessDeniedException', 'User is not authorized to perform: elasticfilesystem:DescribeFileSystems', 403));

    const data = await efsCollector.collect(testCollectorContext('eu-central-1'));

    expect(data.fileSystems.error).toMatchObject({ api: 'elasticfilesystem:DescribeFileSystems', code: 'AccessDeniedException', region: 'eu-central-1', httpStatus: 403 });
  });
});

describe('efs collector detail cap', () => {
  it('keeps file systems past limits.efsFileSystems with DetailCapReached on both policies', async () => {
    describeFileSystems();
    mock.on(DescribeFileSystemPolicyCommand).resolves({ FileSystemId: 'fs-0123456789abcdef0', Policy: POLICY });
    mock.on(DescribeBackupPolicyCommand).resolves({ BackupPolicy: { Status: 'ENABLED' } });

    const data = await efsCollector.collect({ ...testCollectorContext(), limits: { efsFileSystems: 1 } });

    const [shared, scratch] = data.fileSystems.value ?? [];
    expect(shared).toMatchObject({ arn: SHARED_ARN, backupPolicy: { value: 'ENABLED' } });
    expect(scratch).toMatchObject({ id: 'fs-0fedcba9876543210', arn: SCRATCH_ARN, encrypted: false, throughputMode: 'bursting' });
    expect(scratch?.policy.error).toMatchObject({ api: 'elasticfilesystem:DescribeFileSystemPolicy', code: 'DetailCapReached', resourceUid: SCRATCH_ARN });
    expect(scratch?.backupPolicy.error).toMatchObject({ api: 'elasticfilesystem:DescribeBackupPolicy', code: 'DetailCapReached', resourceUid: SCRATCH_ARN });
    expect(mock.commandCalls(DescribeBackupPolicyCommand).map((call) => call.args[0].input.FileSystemId)).toEqual(['fs-0123456789abcdef0']);
  });
});
