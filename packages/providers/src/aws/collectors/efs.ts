import { DescribeBackupPolicyCommand, DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import type { DescribeFileSystemsCommandOutput, FileSystemDescription } from '@aws-sdk/client-efs';
import { buildArn, normalizePolicyDocument } from '@palisade/core/aws';
import type { EfsFileSystem } from '@palisade/core/aws';
import { capDetails, mapLimit, tagsFromList } from '../collector.ts';
import type { CollectorContext, RegionalCollector } from '../collector.ts';

/** EFS answers `PolicyNotFound` both when a file system has no resource policy and when it has no backup policy. */
const NOT_CONFIGURED = ['PolicyNotFound'];

export const efsCollector: RegionalCollector<'efs'> = {
  service: 'efs',
  scope: 'regional',
  async collect(context) {
    const { gateway, clients, region } = context;
    const client = clients.get(EFSClient, region);
    const fileSystems = await gateway.paginate(
      'elasticfilesystem:DescribeFileSystems',
      (Marker, abortSignal) => client.send(new DescribeFileSystemsCommand({ Marker }), { abortSignal }),
      (page: DescribeFileSystemsCommandOutput) => page.FileSystems,
      (page) => page.NextMarker,
    );
    if (fileSystems.error) return { fileSystems };
    const cap = capDetails(fileSystems.value, context, 'efsFileSystems');
    const detailed = await mapLimit(cap.detailed, 8, (fileSystem) => collectFileSystem(context, client, fileSystem));
    const capped = cap.capped.map((fileSystem) => {
      const arn = fileSystemArn(context, fileSystem);
      return toFileSystem(fileSystem, arn, {
        policy: { error: cap.capError('elasticfilesystem:DescribeFileSystemPolicy', arn) },
        backupPolicy: { error: cap.capError('elasticfilesystem:DescribeBackupPolicy', arn) },
      });
    });
    return { fileSystems: { value: [...detailed, ...capped] } };
  },
};

function fileSystemArn({ partition, region, accountId }: CollectorContext, fileSystem: FileSystemDescription): string {
  const id = fileSystem.FileSystemId ?? '';
  return fileSystem.FileSystemArn ?? buildArn(partition, 'elasticfilesystem', region, fileSystem.OwnerId ?? accountId, `file-system/${id}`);
}

async function collectFileSystem(context: CollectorContext, client: EFSClient, fileSystem: FileSystemDescription): Promise<EfsFileSystem> {
  const { gateway } = context;
  const id = fileSystem.FileSystemId ?? '';
  const arn = fileSystemArn(context, fileSystem);
  const [policy, backupPolicy] = await Promise.all([
    // Parsing inside the call turns a malformed policy into this file system's error instead of a throw.
    gateway.callOrNull(
      'elasticfilesystem:DescribeFileSystemPolicy',
      async (abortSignal) => {
        const output = await client.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id }), { abortSignal });
        return output.Policy === undefined ? null : normalizePolicyDocument(output.Policy);
      },
      NOT_CONFIGURED,
      { resourceUid: arn },
    ),
    gateway.callOrNull(
      'elasticfilesystem:DescribeBackupPolicy',
      async (abortSignal) => (await client.send(new DescribeBackupPolicyCommand({ FileSystemId: id }), { abortSignal })).BackupPolicy?.Status ?? null,
      NOT_CONFIGURED,
      { resourceUid: arn },
    ),
  ]);
  return toFileSystem(fileSystem, arn, { policy, backupPolicy });
}

function toFileSystem(fileSystem: FileSystemDescription, arn: string, details: Pick<EfsFileSystem, 'policy' | 'backupPolicy'>): EfsFileSystem {
  return {
    id: fileSystem.FileSystemId ?? '',
    arn,
    name: fileSystem.Name,
    encrypted: fileSystem.Encrypted ?? false,
    kmsKeyId: fileSystem.KmsKeyId,
    lifeCycleState: fileSystem.LifeCycleState ?? '',
    performanceMode: fileSystem.PerformanceMode ?? '',
    // File systems created before throughput modes existed omit the field; they run in the default mode.
    throughputMode: fileSystem.ThroughputMode ?? 'bursting',
    numberOfMountTargets: fileSystem.NumberOfMountTargets ?? 0,
    ...details,
    tags: tagsFromList(fileSystem.Tags),
  };
}
