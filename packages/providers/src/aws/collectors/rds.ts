import { DescribeDBInstancesCommand, DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import type { DBInstance, DBSnapshot, DescribeDBInstancesCommandOutput, DescribeDBSnapshotsCommandOutput } from '@aws-sdk/client-rds';
import type { Fetched } from '@palisade/core';
import type { RdsInstance, RdsSnapshot } from '@palisade/core/aws';
import { capDetails, isoDate, mapLimit, tagsFromList } from '../collector.ts';
import type { CollectorContext, RegionalCollector } from '../collector.ts';

export const rdsCollector: RegionalCollector<'rds'> = {
  service: 'rds',
  scope: 'regional',
  async collect(context) {
    const { gateway, clients, region } = context;
    const client = clients.get(RDSClient, region);
    const [instances, snapshots] = await Promise.all([
      gateway.paginate(
        'rds:DescribeDBInstances',
        (Marker, abortSignal) => client.send(new DescribeDBInstancesCommand({ Marker }), { abortSignal }),
        (page: DescribeDBInstancesCommandOutput) => page.DBInstances,
        (page) => page.Marker,
      ),
      // Only manual snapshots can be shared or made public; automated ones never leave the account.
      gateway.paginate(
        'rds:DescribeDBSnapshots',
        (Marker, abortSignal) => client.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', Marker }), { abortSignal }),
        (page: DescribeDBSnapshotsCommandOutput) => page.DBSnapshots,
        (page) => page.Marker,
      ),
    ]);
    const instanceList = instances.error ? instances : { value: instances.value.map(toInstance) };
    if (snapshots.error) return { instances: instanceList, snapshots };
    const cap = capDetails(snapshots.value, context, 'rdsSnapshots');
    const detailed = await mapLimit(cap.detailed, 8, async (snapshot) => toSnapshot(snapshot, await isPublic(gateway, client, snapshot)));
    const capped = cap.capped.map((snapshot) => toSnapshot(snapshot, { error: cap.capError('rds:DescribeDBSnapshotAttributes', snapshot.DBSnapshotArn ?? '') }));
    return { instances: instanceList, snapshots: { value: [...detailed, ...capped] } };
  },
};

function toInstance(instance: DBInstance): RdsInstance {
  return {
    id: instance.DBInstanceIdentifier ?? '',
    arn: instance.DBInstanceArn ?? '',
    engine: instance.Engine ?? '',
    engineVersion: instance.EngineVersion ?? '',
    instanceClass: instance.DBInstanceClass ?? '',
    status: instance.DBInstanceStatus ?? '',
    storageEncrypted: instance.StorageEncrypted ?? false,
    kmsKeyId: instance.KmsKeyId,
    publiclyAccessible: instance.PubliclyAccessible ?? false,
    autoMinorVersionUpgrade: instance.AutoMinorVersionUpgrade ?? false,
    multiAz: instance.MultiAZ ?? false,
    backupRetentionPeriod: instance.BackupRetentionPeriod ?? 0,
    deletionProtection: instance.DeletionProtection ?? false,
    iamDatabaseAuthenticationEnabled: instance.IAMDatabaseAuthenticationEnabled ?? false,
    copyTagsToSnapshot: instance.CopyTagsToSnapshot ?? false,
    enhancedMonitoringResourceArn: instance.EnhancedMonitoringResourceArn,
    performanceInsightsEnabled: instance.PerformanceInsightsEnabled ?? false,
    vpcSecurityGroupIds: (instance.VpcSecurityGroups ?? []).flatMap((group) => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [])),
    clusterId: instance.DBClusterIdentifier,
    enabledCloudwatchLogsExports: instance.EnabledCloudwatchLogsExports ?? [],
    tags: tagsFromList(instance.TagList),
  };
}

function toSnapshot(snapshot: DBSnapshot, isPublicSnapshot: Fetched<boolean>): RdsSnapshot {
  return {
    id: snapshot.DBSnapshotIdentifier ?? '',
    arn: snapshot.DBSnapshotArn ?? '',
    instanceId: snapshot.DBInstanceIdentifier ?? '',
    encrypted: snapshot.Encrypted ?? false,
    snapshotType: snapshot.SnapshotType ?? 'manual',
    createTime: isoDate(snapshot.SnapshotCreateTime),
    public: isPublicSnapshot,
    tags: tagsFromList(snapshot.TagList),
  };
}

/** A snapshot is public when its `restore` attribute lists the special account value `all`. */
function isPublic(gateway: CollectorContext['gateway'], client: RDSClient, snapshot: DBSnapshot): Promise<Fetched<boolean>> {
  const id = snapshot.DBSnapshotIdentifier ?? '';
  return gateway.call(
    'rds:DescribeDBSnapshotAttributes',
    async (abortSignal) => {
      const output = await client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }), { abortSignal });
      const restore = output.DBSnapshotAttributesResult?.DBSnapshotAttributes?.find((attribute) => attribute.AttributeName === 'restore');
      return restore?.AttributeValues?.includes('all') ?? false;
    },
    { resourceUid: snapshot.DBSnapshotArn ?? '' },
  );
}
